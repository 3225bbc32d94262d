"""The hiring-health report: its statistics against an independent implementation, its privacy
rules as properties over random records, and the report folder in both languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_tools.records.data import Filters, Scorecard, Visit
from playbook_tools.records.figures import Figure, team_figures
from playbook_tools.records.folder import RecordsFolder
from playbook_tools.records.personal import personal_figures
from playbook_tools.records.privacy import MINIMUM
from playbook_tools.records.stats import ordinal_alpha
from tests.conftest import run_playbook
from tests.pdf_engines import text_in_poppler
from tests.report_example import make_records

# --------------------------------------------------------------------------------------------
# Krippendorff's alpha


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 7).flatmap(lambda coders: st.lists(
    st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=coders, max_size=coders),
    min_size=2, max_size=40)))
def test_alpha_equals_the_krippendorff_package(units: list[list[int | None]]) -> None:
    import krippendorff

    ours = ordinal_alpha([[v for v in unit if v is not None] for unit in units])
    matrix = np.array([[np.nan if v is None else v for v in unit] for unit in units],
                      dtype=float).T  # coders by units
    with np.errstate(all="ignore"):
        try:
            theirs = float(krippendorff.alpha(reliability_data=matrix,
                                              level_of_measurement="ordinal"))
        except (ValueError, ZeroDivisionError):  # nothing to pair, or a single value
            theirs = float("nan")
    if ours is None:
        assert np.isnan(theirs) or theirs == pytest.approx(1.0) or theirs == 0.0
    else:
        assert abs(ours - theirs) <= 1e-9


def test_alpha_by_hand() -> None:
    # Two coders agree on every unit: full agreement.
    assert ordinal_alpha([[1, 1], [2, 2], [4, 4]]) == pytest.approx(1.0)
    # Nothing to pair, or only one value anywhere: alpha is undefined.
    assert ordinal_alpha([[3], [2]]) is None
    assert ordinal_alpha([[3, 3], [3, 3]]) is None


# --------------------------------------------------------------------------------------------
# Privacy: nothing about one to four people is shown, nothing hidden can be subtracted out

RATINGS = ("strong-no", "no", "unsure", "yes", "strong-yes", None)
AREAS = ("problem-solving", "testing-and-code-quality", "collaboration-and-communication")


# The strategies a visit is drawn from, made once: a strategy made inside the loop below is
# validated again at every draw, which took most of these tests' time.
_DAY = st.integers(0, 60)
_HANDED_IN = st.one_of(st.none(), st.integers(0, 3000))
_AREAS = st.lists(st.sampled_from(AREAS), min_size=1, max_size=3, unique=True)
_RATING = st.sampled_from(RATINGS)
_NOTES = st.integers(0, 9)
_OUTCOME = st.sampled_from(("hire", "reject", "more-info"))
_TOLD = st.one_of(st.none(), st.integers(0, 6))
_CANDIDATE, _ROUND, _DECIDED = st.integers(0, 25), st.integers(1, 2), st.integers(0, 5)


@st.composite
def records(draw: st.DrawFn) -> list[Visit]:
    staff = [f"r-{n}" for n in range(draw(st.integers(2, 12)))]
    panel = st.lists(st.sampled_from(staff), min_size=1, max_size=4, unique=True)
    visits = []
    for number in range(draw(st.integers(0, 30))):
        day = dt.date(2027, 1, 4) + dt.timedelta(days=draw(_DAY))
        end = dt.datetime.combine(day, dt.time(11), dt.UTC)
        cards = {}
        for who in draw(panel):
            handed = draw(_HANDED_IN)
            card = Scorecard(who, end, None if handed is None
                             else end + dt.timedelta(minutes=handed))
            for area in draw(_AREAS):
                card.ratings[area] = (draw(_RATING), draw(_NOTES))
            cards[who] = card
        outcome = draw(_OUTCOME)
        proposal = draw(_OUTCOME)
        told = draw(_TOLD)
        visits.append(Visit(
            f"v{number}", f"c{draw(_CANDIDATE)}", draw(_ROUND), "Engineer",
            "pairing-engineer", day, end + dt.timedelta(hours=2), proposal, outcome,
            "a reason" if outcome != proposal else "",
            day + dt.timedelta(days=draw(_DECIDED)), day + dt.timedelta(days=2),
            None if told is None else day + dt.timedelta(days=told), cards))
    return visits


def shown_numbers(figure: Figure) -> list[tuple[str, int, int]]:
    """(what, candidates, interviewers) behind every number the figure shows."""
    found = []
    for row in figure.rows:
        if row.group is not None and row.group.total_visible:
            found.append(("n", len(row.group.people.candidates),
                          len(row.group.people.interviewers)))
        if row.group is not None and row.group.visible:
            found += [(c.key, len(c.people.candidates), len(c.people.interviewers))
                      for c in row.group.cells if c.count]
        found += [(s.key, len(s.people.candidates), len(s.people.interviewers))
                  for s in row.stats if s.visible]
    found += [(s.key, len(s.people.candidates), len(s.people.interviewers))
              for s in figure.stats if s.visible]
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_no_figure_about_fewer_than_five_people_is_shown_or_recoverable(
        visits: list[Visit]) -> None:
    keys: list[tuple[str, str, str]] = []
    for figure in team_figures(visits, 30):
        for what, candidates, interviewers in shown_numbers(figure):
            assert candidates >= MINIMUM, (figure.id, what)
            assert interviewers == 0 or interviewers >= MINIMUM + 1, (figure.id, what)
        for row in figure.rows:
            if row.group is None:
                continue
            keys += [(figure.id, row.label, c.key) for c in row.group.cells]
            assert row.group.total == sum(c.count for c in row.group.cells)
            assert len(row.group.cells) >= 2
            if not row.group.visible:
                # Hidden whole: with the total shown (or not), no cell is the total less others,
                # and each hidden cell could hold two values or more.
                assert row.group.total == 0 or not row.group.total_visible \
                    or row.group.total >= MINIMUM
        if not any(r.group is not None and r.group.visible for r in figure.rows
                   if r.label == "" and figure.id == "departures"):
            assert figure.reasons == ()
    # Every cell belongs to one group only: no two groups share a cell to subtract.
    assert len(keys) == len(set(keys))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), st.sampled_from([f"r-{n}" for n in range(12)]))
def test_own_figures_need_five_candidates_and_the_team_six_interviewers(
        visits: list[Visit], who: str) -> None:
    figure = personal_figures(visits, who, 30)
    for row in figure.rows:
        you, team = row.stats
        if you.visible:
            assert len(you.people.candidates) >= MINIMUM
        if team.visible:
            assert len(team.people.interviewers) >= MINIMUM + 1


# --------------------------------------------------------------------------------------------
# The report folder


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("records")
    return folder, make_records(folder, candidates=200)


def report(tmp_path: Path, records_dir: Path, *options: str,
           monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_RECORDS_DIR", str(records_dir))
    out = tmp_path / f"report{len(list(tmp_path.iterdir()))}"
    code, stdout, err = run_playbook("report", "-o", str(out), *options)
    assert (code, err) == (0, ""), err
    assert stdout == f"wrote {'index.html, report.pdf, report.csv' if '--no-pdf' not in options else 'index.html, report.csv'} to {out}/\n"
    return out


def test_the_team_report_names_nobody(example: tuple[Path, object], tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    folder, made = example
    out = report(tmp_path, folder, monkeypatch=monkeypatch)
    records = RecordsFolder(folder)
    text = {name: (out / name).read_text(encoding="utf-8") for name in ("index.html",
                                                                        "report.csv")}
    text["report.pdf"] = text_in_poppler(out / "report.pdf")
    for name in made.interviewers:  # type: ignore[attr-defined]
        for where, content in text.items():
            assert name not in content, where
            assert records.pseudonym(name) not in content, where
            assert records.pseudonym(name)[2:10] not in content, where
    for name, email in made.candidates[:50]:  # type: ignore[attr-defined]
        assert name not in text["index.html"] and email not in text["index.html"]
    assert "Your own figures" not in text["index.html"]


def test_the_page_opens_offline(example: tuple[Path, object], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = report(tmp_path, example[0], "--no-pdf", monkeypatch=monkeypatch)
    page = (out / "index.html").read_text(encoding="utf-8")
    # Nothing to fetch: no stylesheet, script, image or font from anywhere.
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#|data:)""", page)
    assert "@import" not in page and not re.search(r"url\((?!#)", page)
    assert page.count('role="img"') == page.count("<svg") >= 8
    assert page.count("<title id=") == page.count("<desc id=") == page.count("<svg")
    assert page.count("<table>") == 10 - 1  # one per figure
    assert not (out / "report.pdf").exists()


def numbers(out: Path) -> list[tuple[str, str, str]]:
    rows = list(csv.DictReader(io.StringIO((out / "report.csv").read_text(encoding="utf-8"))))
    return [(r["figure"], r["count"], r["share"]) for r in rows]


def test_english_and_german_reports_show_the_same_numbers(
        example: tuple[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english = report(tmp_path, example[0], "--no-pdf", monkeypatch=monkeypatch)
    german = report(tmp_path, example[0], "--no-pdf", "--lang", "de", monkeypatch=monkeypatch)
    assert numbers(english) == numbers(german)
    assert len(numbers(english)) > 40
    page = (german / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page and "Ergebnisse" in page
    # Every visible number of the English table is in the German page, written the German way.
    for _, count, _ in numbers(english):
        if count:
            assert re.search(rf"\b{int(count):,}\b".replace(",", "."), page)


def test_a_filter_narrows_the_report_and_small_groups_hide(
        example: tuple[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = report(tmp_path, example[0], "--no-pdf", "--from", "2026-03-01", "--to",
                 "2026-03-10", "--format", "engineering-manager", monkeypatch=monkeypatch)
    csv_text = (out / "report.csv").read_text(encoding="utf-8")
    assert "too few to show" in csv_text
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Interview days from March 1, 2026 to March 10, 2026" in page


def test_own_figures_stand_beside_the_teams(example: tuple[Path, object]) -> None:
    from playbook_tools.records.output import ReportRequest, build, csv_text
    from playbook_tools.records.page import render
    from playbook_tools.records.words import Words

    folder, made = example
    me = made.interviewers[0]  # type: ignore[attr-defined]
    request = ReportRequest(Filters(), Words("en", {}), {}, {}, 30, me=me)
    page, _ = build(RecordsFolder(folder), request)
    html = render(page, 30)
    assert "Your own figures" in html and "Leniency against the panel" in html
    assert me not in html and me not in csv_text(page)
    assert "personal,,Scorecards handed in" not in csv_text(page)
    assert csv_text(page).startswith("figure,part,what,value,n,count,share\npersonal,")


@pytest.mark.parametrize(("options", "expected"), [
    (["--to", "2027-01-01", "--from", "2027-02-01"], "--to 2027-01-01: is before --from"),
    (["--from", "2027-02-30"], "--from '2027-02-30': not a date"),
    (["--format", "system-design"], "--format system-design: no such scorecard"),
    (["--me", "Jonas Lindqvist"], "--me: per-person figures are turned off"),
])
def test_bad_report_options(options: list[str], expected: str, tmp_path: Path) -> None:
    code, out, err = run_playbook("report", "-o", str(tmp_path / "r"), *options)
    assert code == 1 and out == ""
    assert err.startswith(f"playbook: error: {expected}") and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_a_report_without_records_says_how_to_start(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_RECORDS_DIR", str(tmp_path / "none"))
    code, _, err = run_playbook("report", "-o", str(tmp_path / "r"))
    assert code == 1
    assert err == (f"playbook: error: {tmp_path / 'none' / 'hiring.sqlite3'}: no hiring-records "
                   "database yet; `playbook decide --record` starts it\n")


@pytest.mark.browser
def test_axe_finds_nothing_on_the_report(example: tuple[Path, object], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from tests.helpers import chromium

    out = report(tmp_path, example[0], "--no-pdf", monkeypatch=monkeypatch)
    requests: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto((out / "index.html").as_uri(), wait_until="load")
        results = Axe().run(page)
        page.close()
    violations = [f"{v['id']}: {v['nodes'][0]['html'][:80]}"
                  for v in results.response["violations"]]
    assert violations == []
    assert all(u.startswith(("file:", "data:")) for u in requests)


def test_me_shows_my_figures_once_the_company_turns_them_on(
        example: tuple[Path, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from tests.conftest import DOCS, REPO

    site = tmp_path / "site"
    shutil.copytree(DOCS, site / "docs")
    shutil.copytree(REPO / "locale", site / "locale")
    conf = (REPO / "conf.py").read_text(encoding="utf-8")
    (site / "conf.py").write_text(conf + "\nplaybook_personal_figures = True\n",
                                  encoding="utf-8")
    folder, made = example
    me = made.interviewers[3]  # type: ignore[attr-defined]
    monkeypatch.setenv("PLAYBOOK_RECORDS_DIR", str(folder))
    out = tmp_path / "mine"
    code, _, err = run_playbook("report", "--no-pdf", "-o", str(out), "--me", me,
                                docs=site / "docs")
    assert (code, err) == (0, ""), err
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Your figures beside the team&#x27;s" in page and "Leniency against the panel" in page
    assert me not in page and RecordsFolder(folder).pseudonym(me) not in page
    assert (out / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    code, _, err = run_playbook("report", "--no-pdf", "-o", str(tmp_path / "x"), "--me",
                                "Nobody Here", docs=site / "docs")
    assert (code, err) == (1, "playbook: error: --me Nobody Here: no scorecard of theirs is in "
                              "the records for this report\n")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), st.lists(st.booleans(), min_size=30, max_size=30))
def test_a_role_subtracted_from_every_role_shows_nothing_hidden(
        visits: list[Visit], in_role: list[bool]) -> None:
    import dataclasses

    from playbook_tools.records.output import withhold

    mine = [v for v, chosen in zip(visits, in_role, strict=False) if chosen]
    rest = [v for v, chosen in zip(visits, in_role, strict=False) if not chosen]
    shown = [withhold(m, t) for m, t in zip(team_figures(mine, 30), team_figures(rest, 30),
                                            strict=True)]
    whole, others = team_figures(visits, 30), team_figures(rest, 30)
    for figure, total, other in zip(shown, whole, others, strict=True):
        rows = {r.label: r for r in total.rows}
        rest_rows = {r.label: r for r in other.rows}
        for row in figure.rows:
            if row.label not in rows or row.label not in rest_rows or row.group is None:
                continue
            theirs, everyone = rest_rows[row.label].group, rows[row.label].group
            assert theirs is not None and everyone is not None
            if row.group.visible and everyone.visible:
                assert theirs.visible or theirs.total == 0, (figure.id, row.label)
            if row.group.total_visible and everyone.total_visible:
                assert theirs.total_visible or theirs.total == 0, (figure.id, row.label)
        for stat in figure.stats:
            twin = next(s for s in other.stats if s.key == stat.key)
            if stat.visible and twin.people.candidates:
                assert dataclasses.replace(twin).visible, (figure.id, stat.key)
