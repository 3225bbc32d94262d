"""The tool under faults and crafted text (issue 19): kills, full disks, two runs at once,
crafted PDF forms, and encoded words in every value that reaches a header.

Each case asserts the exit code, one line on stderr, that nothing outside the named folder
changed, and where it applies that a run again gives what a clean run gives.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from tests.conftest import run_playbook
from tests.helpers import EXAMPLE, candidate_file

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
INJECTION = "=?utf-8?q?=0D=0ABcc=3A_evil=40example.net?="
PLAYBOOK = [sys.executable, "-c", "from playbook_tools.cli import entry_point; entry_point()",
            "--docs", str(DOCS)]


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) and its hash: what a fault may not touch."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def kit(tmp_path: Path, out: Path, *more: str, source: Path = EXAMPLE) -> tuple[int, str, str]:
    return run_playbook("kit", str(source), "-o", str(out), *more)


# --------------------------------------------------------------------------------------------
# Nothing injected


@pytest.mark.parametrize("where", ["name", "role", "interviewer", "coordinator", "location"])
def test_an_encoded_word_in_the_candidate_file_is_refused(tmp_path: Path, where: str) -> None:
    def change(data: dict[str, Any]) -> None:
        if where == "interviewer":
            data["interviewers"][1]["name"] = INJECTION
        elif where == "coordinator":
            data["coordinator"]["name"] = INJECTION
        else:
            data[where] = INJECTION

    source = candidate_file(tmp_path, change)
    before = tree(tmp_path)
    code, _, err = kit(tmp_path, tmp_path / "kit", source=source)
    assert code == 1 and "encoded word" in one_line(err) and "amara.yaml" in err
    assert tree(tmp_path) == before and not (tmp_path / "kit").exists()


def test_an_encoded_word_in_set_to_and_a_merge_column_is_refused(tmp_path: Path,
                                                                 playbook: Any) -> None:
    values = playbook.email("reschedule").example_values()
    (tmp_path / "values.json").write_text(json.dumps(values), encoding="utf-8")
    code, _, err = run_playbook("email", "reschedule", "--data", str(tmp_path / "values.json"),
                                "--set", f"role={INJECTION}")
    assert code == 1 and "field 'role'" in one_line(err)
    code, _, err = run_playbook("email", "invitation", "--example", "--eml", "-o",
                                str(tmp_path / "x.eml"), "--to", f"{INJECTION} <a@example.org>")
    assert code == 1 and "--to" in one_line(err) and not (tmp_path / "x.eml").exists()
    rows = (DOCS / "examples" / "merge.csv").read_text(encoding="utf-8").replace(
        "Tomás Herrera,", f"{INJECTION},", 1)
    (tmp_path / "merge.csv").write_text(rows, encoding="utf-8")
    code, _, err = run_playbook("email", "invitation", "--csv", str(tmp_path / "merge.csv"),
                                "-o", str(tmp_path / "outbox"))
    assert code == 1 and "row 2" in one_line(err) and not (tmp_path / "outbox").exists()


def test_a_message_that_would_read_back_differently_is_never_made() -> None:
    """The check after generation, whatever the interpreter does with an encoded word."""
    from email.headerregistry import Address

    from playbook_tools.errors import PlaybookError
    from playbook_tools.render.email import FilledEmail, build_message

    sender = Address("Jo", addr_spec="jo@example.org")
    with pytest.raises(PlaybookError, match=r"headers the tool did not write|cannot be written"):
        build_message(FilledEmail("t", INJECTION, "body"),
                      Address("A", addr_spec="a@example.org"), sender)
    with pytest.raises(PlaybookError):
        build_message(FilledEmail("t", "Hello", "body"),
                      Address(INJECTION, addr_spec="a@example.org"), sender)
    message = build_message(FilledEmail("t", "Grüße \u2013 ok", "body"),
                            Address("Åsa Øberg", addr_spec="a@example.org"), sender)
    parsed = email.parser.BytesParser(policy=email.policy.default).parsebytes(
        message.as_bytes())
    assert str(parsed["Subject"]) == "Grüße \u2013 ok" and "Bcc" not in parsed


def test_calendars_and_the_kit_page_are_read_back(tmp_path: Path) -> None:
    import datetime as dt

    from playbook_tools.errors import PlaybookError
    from playbook_tools.render.calendar import CalendarEvent
    from playbook_tools.render.email_check import check_calendar, check_page

    start = dt.datetime(2027, 3, 9, 9, tzinfo=dt.UTC)
    event = CalendarEvent("u1", "Interview", start, start + dt.timedelta(hours=1))
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:u1\r\nSUMMARY:Interview\r\nEND:VEVENT\r\n" \
           b"BEGIN:VEVENT\r\nUID:u2\r\nSUMMARY:Added\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    with pytest.raises(PlaybookError, match="components the tool did not write"):
        check_calendar(data, [event], alarms=0)
    page = '<p>Amara</p><a href="javascript:alert(1)">x</a>'
    with pytest.raises(PlaybookError, match="javascript"):
        check_page(page, ["Amara"], scripts=0, where="index.html")
    with pytest.raises(PlaybookError, match="onclick"):
        check_page('<p><b onclick="x">Amara</b></p>', ["Amara"], 0, "index.html")
    with pytest.raises(PlaybookError, match="does not read back"):
        check_page("<p><b>Amara</b></p>", ["<b>Amara</b>"], 0, "index.html")
    check_page("<p>&lt;b&gt;Amara&lt;/b&gt;</p>", ["<b>Amara</b>"], 0, "index.html")


# --------------------------------------------------------------------------------------------
# --force never destroys work; swaps and kills leave the kit whole


@pytest.fixture(scope="module")
def clean_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "kit"
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(out))
    assert (code, err) == (0, "")
    return out


def _copy(kit_folder: Path, tmp_path: Path) -> Path:
    out = tmp_path / "kit"
    shutil.copytree(kit_folder, out)
    return out


@pytest.mark.parametrize("work", ["notes.md", "scorecard (1).pdf", "flags only"])
def test_force_names_work_added_since(tmp_path: Path, clean_kit: Path, work: str) -> None:
    out = _copy(clean_kit, tmp_path)
    if work == "flags only":
        form = next(out.glob("interviewers/*/scorecard.yaml"))
        form.write_text(form.read_text(encoding="utf-8") + "\n# flags: [humility]\n",
                        encoding="utf-8")
        name = form.relative_to(out).as_posix()
    else:
        (out / work).write_bytes(next(out.glob("interviewers/*/scorecard.pdf")).read_bytes())
        name = work
    before = tree(tmp_path)
    code, _, err = kit(tmp_path, out, "--force")
    assert code == 1 and f"{name} was " in one_line(err)
    assert tree(tmp_path) == before


def test_a_swap_cut_in_half_is_put_back_and_sequences_go_on(tmp_path: Path,
                                                            clean_kit: Path) -> None:
    # A run killed between its two renames: no kit, the previous one set aside by a dead pid.
    aside = tmp_path / ".kit.old.999999999.abcdefgh"
    shutil.copytree(clean_kit, aside)
    (tmp_path / ".kit.999999999.zyxwvuts.tmp").mkdir()  # its staging folder
    code, _, err = kit(tmp_path, tmp_path / "kit", "--force")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]
    events = json.loads((tmp_path / "kit" / "kit.json").read_text())["calendar"]
    assert events and all(e["sequence"] == 1 for e in events)  # never back to 0


def test_a_sequence_beyond_32_bits_is_refused_with_its_range(tmp_path: Path,
                                                            clean_kit: Path) -> None:
    out = _copy(clean_kit, tmp_path)
    data = json.loads((out / "kit.json").read_text())
    data["calendar"][0]["sequence"] = 2**31
    (out / "kit.json").write_text(json.dumps(data))
    code, _, err = kit(tmp_path, out, "--force")
    assert code == 1 and "from 0 to 2147483646" in one_line(err)


def _wait_for(pattern: str, folder: Path, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if list(folder.glob(pattern)):
            return True
        time.sleep(0.02)
    return False


def _descendants(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(status.parent.name))
    return found


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_kit_killed_while_it_stages_leaves_nothing(tmp_path: Path, clean_kit: Path,
                                                    how: signal.Signals) -> None:
    out = _copy(clean_kit, tmp_path)
    before = tree(out)
    process = subprocess.Popen([*PLAYBOOK, "kit", str(EXAMPLE), "-o", str(out), "--force"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # The moment its staging folder appears: the previous kit is about to be swapped.
    assert _wait_for(f".kit.{process.pid}.*.tmp", tmp_path, process)
    workers = _descendants(process.pid)
    process.send_signal(how)
    _, err = process.communicate(timeout=30)
    if how == signal.SIGTERM:
        assert process.returncode in (143, 0) and "Traceback" not in err.decode()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)  # no worker outlives its parent
    assert not any(Path(f"/proc/{w}/stat").exists() and ") Z " not in Path(
        f"/proc/{w}/stat").read_text() for w in workers)
    assert (out / "kit.json").is_file()  # the old kit or the new one, never none
    if tree(out) == before or process.returncode == 0:
        code, _, err2 = kit(tmp_path, out, "--force")
        assert (code, err2) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]  # scraps removed


def test_two_kits_at_once_one_wins_and_the_other_says_so(tmp_path: Path) -> None:
    other = candidate_file(tmp_path, lambda d: d.update(name="Tomás Herrera"), "tomas.yaml")
    out = tmp_path / "kit"
    runs = [subprocess.Popen([*PLAYBOOK, "kit", str(source), "-o", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for source in (EXAMPLE, other)]
    results = [(r.wait(timeout=120), r.communicate()[1].decode()) for r in runs]
    assert sorted(code for code, _ in results) == [0, 1], results
    loser = next(err for code, err in results if code == 1)
    assert str(out) in one_line(loser)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit", "tomas.yaml"]


def test_an_interrupted_merge_is_finished_by_running_it_again(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    argv = ("email", "invitation", "--csv", str(DOCS / "examples" / "merge.csv"),
            "-o", str(outbox))
    assert run_playbook(*argv)[0] == 0
    first = sorted(outbox.iterdir())
    first[1].unlink()
    (outbox / f".{first[0].name}.999999999.abcdefgh.tmp").write_text("half")  # a dead run's
    code, out, err = run_playbook(*argv)
    assert (code, err) == (0, "") and "wrote 2 messages" in out
    assert sorted(outbox.iterdir()) == first


# --------------------------------------------------------------------------------------------
# One line for every fault


def test_a_tz_naming_a_damaged_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "junk").write_text("junk")
    result = subprocess.run([*PLAYBOOK, "list"], capture_output=True, text=True,
                            env={**os.environ, "TZ": str(tmp_path / "junk")}, check=False)
    assert result.returncode == 1 and "TZ=" in one_line(result.stderr)


def test_a_terminal_that_is_not_utf8(tmp_path: Path) -> None:
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    show = subprocess.run([*PLAYBOOK, "show", "invitation"], capture_output=True, env=env,
                          check=False)
    assert (show.returncode, show.stderr) == (0, b"") and b"\\u2013" in show.stdout


def test_dates_and_zones_out_of_range(tmp_path: Path) -> None:
    far = candidate_file(tmp_path, lambda d: d.update(date="9999-12-31"))
    code, _, err = kit(tmp_path, tmp_path / "kit", source=far)
    assert code == 1 and "from 1900-01-01 to 9000-12-31" in err and "Traceback" not in err
    local = candidate_file(tmp_path, lambda d: d.update(timezone="localtime"), "local.yaml")
    code, _, err = kit(tmp_path, tmp_path / "kit", source=local)
    assert code == 1 and "IANA" in one_line(err)
    assert not (tmp_path / "kit").exists()


def test_set_refuses_escape_codes_as_data_does() -> None:
    code, _, err = run_playbook("email", "invitation", "--set", "role=\x1b[31mred")
    assert code == 1 and "control characters" in one_line(err)


def test_messages_to_a_folder_or_a_full_disk(tmp_path: Path) -> None:
    code, _, err = run_playbook("messages", "-o", str(tmp_path))
    assert code == 1 and str(tmp_path) in one_line(err)
    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True, check=False).returncode:
        print("skipped the full disk: this machine does not allow `unshare -rm`")
        return
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f"mount -t tmpfs -o size=64k none {disk} && "
              f"{' '.join(PLAYBOOK[:2])} '{PLAYBOOK[2]}' --docs {DOCS} messages "
              f"-o {disk}/playbook.pot; echo \"rc=$?\"; ls -a {disk}")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                            text=True, check=False)
    assert "rc=1" in result.stdout and "No space left" in one_line(result.stderr)
    assert "playbook.pot" not in result.stdout  # no 0-byte file, no staging scrap


# --------------------------------------------------------------------------------------------
# Crafted PDF forms


def _crafted(field: dict[str, Any], fields: Any = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    entry = DictionaryObject({NameObject(k): v for k, v in field.items()})
    reference = writer._add_object(entry)
    form = DictionaryObject({NameObject("/Fields"): fields if fields is not None
                             else ArrayObject([reference])})
    writer._root_object[NameObject("/AcroForm")] = form
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.mark.parametrize("field,fields", [
    ({"/T": TextStringObject("rating"), "/FT": NameObject("/Btn"), "/Ff": NameObject("/X")},
     None),
    ({"/T": TextStringObject("rating"), "/FT": NameObject("/Ch"), "/Opt": NumberObject(3)},
     None),
    ({"/T": TextStringObject("rating"), "/Kids": NumberObject(7)}, None),
    ({"/T": TextStringObject("x" * 1_000_000), "/FT": NameObject("/Tx")}, None),
    ({}, ArrayObject([ArrayObject([NumberObject(1)])])),
])
def test_crafted_pdf_forms_are_one_short_line(field: dict[str, Any], fields: Any,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from playbook_tools.errors import PlaybookError
    from playbook_tools.render.pdf.scorecard_form import read_pdf_form

    try:
        read_pdf_form(_crafted(field, fields), "scorecard.pdf")
    except PlaybookError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 400 and "scorecard.pdf" in message
    assert capsys.readouterr().err == ""  # pypdf's own warnings never reach the terminal


def test_a_text_file_named_pdf_is_not_a_pdf() -> None:
    from playbook_tools.errors import PlaybookError
    from playbook_tools.render.pdf.scorecard_form import read_pdf_form

    with pytest.raises(PlaybookError, match="is not a PDF"):
        read_pdf_form(b"rating: yes\n", "scorecard.pdf")
