"""The hiring-records database: its schema and migrations, its pseudonyms, what the loop from
kit to told writes into it (and what it never writes), two writers at once, and retention."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from playbook_tools.errors import PlaybookError
from playbook_tools.records import schema, store
from playbook_tools.records.folder import RecordsFolder
from tests.conftest import run_playbook
from tests.report_example import make_records

# --------------------------------------------------------------------------------------------
# Schema and pseudonyms


def test_a_new_file_gets_the_current_schema(tmp_path: Path) -> None:
    connection = schema.connect(tmp_path / "h.sqlite3")
    assert connection.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE "
                                               "type = 'table'")}
    assert tables == {"candidates", "visits", "scorecards", "ratings", "flags"}
    assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_file_from_a_newer_playbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    schema.connect(path).execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    with pytest.raises(PlaybookError, match=f"is at schema version {schema.VERSION + 1}; this "
                                            f"playbook reads up to {schema.VERSION}"):
        schema.connect(path)


def test_migrations_run_one_after_another(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "h.sqlite3"
    schema.connect(path).close()
    more = "ALTER TABLE visits ADD COLUMN source TEXT; -- where the visit came from; a test\n"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, more))
    monkeypatch.setattr(schema, "VERSION", schema.VERSION + 1)
    connection = schema.connect(path)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert "source" in [r[1] for r in connection.execute("PRAGMA table_info(visits)")]


def test_a_file_that_is_no_database_gets_one_line(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_text("not a database, just text " * 100, encoding="utf-8")
    with pytest.raises(PlaybookError, match="cannot be opened as the hiring-records database"):
        schema.connect(path)


def test_pseudonyms_are_stable_and_mean_nothing_without_the_key(tmp_path: Path) -> None:
    one, other = RecordsFolder(tmp_path / "a"), RecordsFolder(tmp_path / "b")
    assert one.pseudonym("Jonas Lindqvist") == one.pseudonym("  jonas   LINDQVIST ")
    assert one.pseudonym("Jonas Lindqvist") != one.pseudonym("Aisha Bello")
    assert one.pseudonym("Jonas Lindqvist") != other.pseudonym("Jonas Lindqvist")
    key = tmp_path / "a" / "pseudonym.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert (tmp_path / "a" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


# --------------------------------------------------------------------------------------------
# The loop: a kit, its scorecards handed in, the decision recorded, the candidate told

EVIDENCE = "Split the task into three small steps before typing"


@pytest.fixture
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example candidate's kit, without PDFs; its forms filled in outside it."""
    from playbook_tools.kit import writer
    from tests.helpers import EXAMPLE

    monkeypatch.setattr(writer, "start_printouts", lambda *args: dict)
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "kits" / "amara"))
    assert (code, err) == (0, ""), err
    kit = tmp_path / "kits" / "amara"
    for form in kit.glob("interviewers/*/scorecard.yaml"):
        text = form.read_text(encoding="utf-8")
        text = text.replace("evidence: |\n      \n", f"evidence: {EVIDENCE}.\n")
        text = text.replace("rating:   #", "rating: yes  #")
        (tmp_path / f"returned-{form.parent.name}.yaml").write_text(text, encoding="utf-8")
    return kit


def database_text(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("hiring.sqlite3*"))


def test_the_loop_keeps_records_without_names_and_outlives_the_kit(
        kit: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "records"
    monkeypatch.setenv("PLAYBOOK_RECORDS_DIR", str(records))
    returned = sorted(tmp_path.glob("returned-*.yaml"))
    for number, form in enumerate(returned):
        code, out, err = run_playbook("decide", "--kit", str(kit), "--hand-in", str(form),
                                      "--at", f"2027-03-09T1{1 + number}:20:00+01:00")
        assert (code, err) == (0, ""), err
        assert out.startswith("handed in: ") and "Amara" not in out
    # Handed in: the forms are in the kit, where decide reads them.
    assert EVIDENCE in (kit / "interviewers/aisha-bello/scorecard.yaml").read_text("utf-8")
    code, out, err = run_playbook("decide", "--kit", str(kit), "--record", "--outcome", "hire")
    assert (code, err) == (0, ""), err
    decisions = list((records / "decisions").iterdir())
    assert len(decisions) == 1 and decisions[0].name.startswith("2027-03-09-")
    visit = decisions[0].name[len("2027-03-09-"):]
    record = (decisions[0] / "decision.md").read_text(encoding="utf-8")
    assert f"- **Visit in the hiring records:** `{visit}`" in record
    assert f"hiring records: visit {visit} in {records / 'hiring.sqlite3'}" in out
    assert not (kit / "decision").exists()
    kept = decisions[0] / "scorecards" / "jonas-lindqvist.yaml"
    assert kept.read_bytes() == (kit / "interviewers/jonas-lindqvist/scorecard.yaml").read_bytes()
    assert "- Jonas Lindqvist: `scorecards/jonas-lindqvist.yaml`" in record

    code, out, err = run_playbook("decide", "--told", "2026-01-05", "--visit", visit)
    assert (code, out, err) == (1, "", "playbook: error: --told 2026-01-05: is before the "
                                f"decision, {dt.date.today().isoformat()}\n")
    code, out, err = run_playbook("decide", "--kit", str(kit), "--told",
                                  dt.date.today().isoformat())
    assert (code, err) == (0, ""), err

    # What the database holds: no name, no address, no evidence.
    data = database_text(records)
    for secret in ("Amara", "Okafor", "amara.okafor@example.org", "Jonas", "Lindqvist",
                   "Aisha", "Bello", "Grace Mensah", "Lena Sato", EVIDENCE, "example.com"):
        assert secret.encode() not in data, secret
    connection = sqlite3.connect(records / "hiring.sqlite3")
    row = connection.execute("SELECT role, format, interview_day, proposal, outcome, "
                             "promised_by, told_on FROM visits").fetchall()
    assert row == [("Backend Engineer", "pairing-engineer", "2027-03-09", "hire", "hire",
                    "2027-03-11", dt.date.today().isoformat())]
    handed = connection.execute("SELECT handed_in, session_end FROM scorecards "
                                "ORDER BY handed_in").fetchall()
    # Aisha's card (filed first) came in before her session ended: the report counts it.
    assert handed == [("2027-03-09T11:20:00+01:00", "2027-03-09T12:45:00+01:00"),
                      ("2027-03-09T12:20:00+01:00", "2027-03-09T11:00:00+01:00")]
    lengths = {r[0] for r in connection.execute("SELECT evidence_length FROM ratings")}
    assert lengths == {len(EVIDENCE) + 1}

    # Recording again replaces the visit; deleting the kit changes no figure.
    code, _, err = run_playbook("decide", "--kit", str(kit), "--record", "--outcome", "hire",
                                "--force")
    assert (code, err) == (0, ""), err
    assert connection.execute("SELECT count(*) FROM visits").fetchone()[0] == 1
    assert connection.execute("SELECT count(*) FROM scorecards WHERE handed_in IS NOT NULL"
                              ).fetchone()[0] == 2
    before = report_csv(tmp_path / "before")
    shutil.rmtree(tmp_path / "kits")
    assert report_csv(tmp_path / "after") == before
    assert (decisions[0] / "decision.md").is_file()


def report_csv(out: Path) -> str:
    code, _, err = run_playbook("report", "--no-pdf", "-o", str(out))
    assert (code, err) == (0, ""), err
    return (out / "report.csv").read_text(encoding="utf-8")


def test_a_blank_form_is_not_handed_in(kit: Path, tmp_path: Path) -> None:
    blank = kit / "interviewers/jonas-lindqvist/scorecard.yaml"
    code, out, err = run_playbook("decide", "--kit", str(kit), "--hand-in", str(blank))
    assert (code, out) == (1, "")
    assert err == (f"playbook: error: {blank}: is blank; hand in the scorecard once Jonas "
                   "Lindqvist has filled it in\n")


# --------------------------------------------------------------------------------------------
# Two writers at once


def _hand_in_many(args: tuple[str, int]) -> None:
    path, start = args
    folder = RecordsFolder(Path(path))
    for number in range(start, start + 25):
        store.hand_in(folder, f"c{number}@example.org", dt.date(2027, 3, 9), "Engineer",
                      "pairing-engineer", "Jonas Lindqvist",
                      dt.datetime(2027, 3, 9, 11, tzinfo=dt.UTC))


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    RecordsFolder(tmp_path).key()  # made before the two start, as in use
    context = multiprocessing.get_context("fork")
    with context.Pool(2) as pool:
        pool.map(_hand_in_many, [(str(tmp_path), 0), (str(tmp_path), 100)])
    connection = sqlite3.connect(tmp_path / "hiring.sqlite3")
    assert connection.execute("SELECT count(*) FROM visits").fetchone()[0] == 50
    assert connection.execute("SELECT count(*) FROM scorecards").fetchone()[0] == 50


# --------------------------------------------------------------------------------------------
# Example data and retention


def test_the_example_database_holds_no_names(tmp_path: Path) -> None:
    made = make_records(tmp_path, candidates=200)
    assert made.scorecards >= 800 and len(made.interviewers) == 40
    data = database_text(tmp_path)
    for name in made.interviewers:
        assert name.encode() not in data
    for name, email in made.candidates:
        assert name.encode() not in data and email.encode() not in data


def test_retention_lists_then_deletes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = tmp_path / "records"
    monkeypatch.setenv("PLAYBOOK_RECORDS_DIR", str(records))
    make_records(records, candidates=20, start=dt.date.today() - dt.timedelta(days=800))
    old = records / "decisions" / "2020-01-06-0123456789abcdef"
    old.mkdir(parents=True)
    (old / "decision.md").write_text("# Decision\n", encoding="utf-8")
    kits = tmp_path / "kits"
    (kits / "sam").mkdir(parents=True)
    (kits / "sam" / "kit.json").write_text('{"kit": 1, "date": "2020-01-06"}', encoding="utf-8")
    (kits / "sam" / ".gitignore").write_text("*\n", encoding="utf-8")
    (kits / "new").mkdir()
    (kits / "new" / "kit.json").write_text(
        f'{{"kit": 1, "date": "{dt.date.today().isoformat()}"}}', encoding="utf-8")

    code, out, err = run_playbook("retention", "--kits", str(kits))
    assert (code, err) == (0, "")
    assert f"  kit: {kits / 'sam'} (2020-01-06)\n" in out
    assert f"  decision record: {old} (2020-01-06)\n" in out
    assert "22 visits linked to a candidate's e-mail address" in out or "visits linked" in out
    assert "new" not in out.replace("run again", "")
    assert (kits / "sam").is_dir() and old.is_dir()

    before = report_csv(tmp_path / "before")
    code, out, err = run_playbook("retention", "--kits", str(kits), "--delete")
    assert (code, err) == (0, ""), err
    assert not (kits / "sam").exists() and not old.exists() and (kits / "new").is_dir()
    connection = sqlite3.connect(records / "hiring.sqlite3")
    assert connection.execute("SELECT count(*) FROM visits WHERE link IS NOT NULL OR "
                              "record_folder IS NOT NULL").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM candidates WHERE link IS NOT NULL"
                              ).fetchone()[0] == 0
    # The de-identified rows stay, and so do the figures.
    assert report_csv(tmp_path / "after") == before
    code, out, _ = run_playbook("retention", "--kits", str(kits))
    assert out.endswith("  nothing\n")


def test_retention_leaves_a_folder_that_is_not_a_kit(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_RECORDS_DIR", str(tmp_path / "records"))
    kit = tmp_path / "kits" / "sam"
    kit.mkdir(parents=True)
    (kit / "kit.json").write_text('{"kit": 1, "date": "2020-01-06"}', encoding="utf-8")
    code, _, err = run_playbook("retention", "--kits", str(tmp_path / "kits"), "--delete")
    assert code == 1 and kit.is_dir()
    assert err == (f"playbook: error: {kit}: has no .gitignore from `playbook kit`; delete it "
                   "by hand if it is a kit\n")


