"""Bad input everywhere the build and the command accept it: one line, exit 1, nothing written.

Every case runs the command in-process and asserts the exit code, exactly one line on stderr
naming the file, the field and what would be valid, no traceback, and that no file in the
folders involved was written or changed. Cases for the candidate file and the kit check that
no PDF was rendered: bad input is refused before any expensive work (issue 9). The content
loader is fuzzed at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.model.loader import load_playbook
from tests.conftest import DOCS, REPO, ROOTS, run_playbook

run = run_playbook
EXAMPLE = DOCS / "examples" / "candidate.yaml"
# A YAML "billion laughs": nine lines that a loader expanding aliases grows to 10^9 strings.
ALIAS_BOMB = "".join(
    [f"l0: &l0 [{', '.join(['lol'] * 10)}]\n"]
    + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" for n in range(1, 9)])


def assert_one_line_error(code: int, out: str, err: str, *expected: str) -> None:
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err


def snapshot(*folders: Path) -> dict[str, Any]:
    """Every file under ``folders``: its content hash, mode and modification time."""
    seen: dict[str, Any] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                seen[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(),
                                   info.st_mode, info.st_mtime_ns)
            else:  # a folder, a pipe, a link: never opened
                seen[str(path)] = (stat.S_IFMT(info.st_mode), info.st_mode)
    return seen


def refused(argv: list[str], expected: list[str], *, watch: tuple[Path, ...],
            docs: Path = DOCS) -> None:
    """The command exits 1 with one line holding every expected text, and changes nothing."""
    before = snapshot(*watch)
    assert_one_line_error(*run(*argv, docs=docs), *expected)
    assert snapshot(*watch) == before


@pytest.fixture
def no_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a PDF is rendered: every check comes before the expensive work."""
    from playbook_tools.kit import writer

    def refuse(*args: object) -> bytes:
        raise AssertionError("a PDF was rendered before the input was checked")

    monkeypatch.setattr(writer, "render_pdf", refuse)


@pytest.fixture
def handbook_once(monkeypatch: pytest.MonkeyPatch, playbook: Any) -> None:
    """The real handbook loaded once for the session instead of once per command: these
    tests are about the user's files, not the content, and the loader is pure-Python YAML."""
    from playbook_tools.model import loader

    real = loader.load_playbook

    def load(srcdir: Path, config: Any = None) -> Any:
        if Path(srcdir).resolve() == DOCS.resolve():
            return playbook
        return real(srcdir, config)

    monkeypatch.setattr(loader, "load_playbook", load)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


EXAMPLE_ARGS = ["--set=candidate_name=A", "--set=role=B", "--set=date=C",
                "--set=coordinator_name=D"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["email", "reschedule", "--set", "candidate_name"], ["expected NAME=VALUE"]),
        (["email", "reschedule", "--set", "=x"], ["expected NAME=VALUE"]),
        (["email", "reschedule", *EXAMPLE_ARGS[:3]], ["variable 'coordinator_name' is missing"]),
        (["email", "reschedule", *EXAMPLE_ARGS, "--set=extra=1"], ["unknown variable 'extra'"]),
        (["email", "reschedule", *EXAMPLE_ARGS[:3], "--set=coordinator_name=  "],
         ["variable 'coordinator_name' is missing"]),
        (["email", "reschedule", "--example", "--set=role=x"], ["leave out --set"]),
        (["email", "reschedule", "--data", "missing.yaml"], ["--data missing.yaml: no such file"]),
        (["email", "nope", "--example"], ["no artifact with id 'nope'"]),
        (["email", "invitation", "--csv", "missing.csv", "-o", "out"], ["no such file"]),
        (["email", "invitation", "--csv", "x.csv"], ["give only -o FOLDER"]),
        (["render", "pairing-session", "-f", "txt", "-o", "."], ["is a folder"]),
        (["show", "pairing-session", "--width", "5"], ["at least 30 columns"]),
    ],
)
def test_bad_command_input(argv: list[str], expected: list[str], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(*run(*argv), *expected)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("values.yaml", "role: [a, b]\n", "field 'role': expected text"),
        ("values.yaml", "- just\n- a list\n", "expected a mapping"),
        ("values.yaml", "role: 'unclosed\n", "values.yaml:2: not valid YAML"),
        ("values.json", "{not json", "not valid JSON"),
        ("values.txt", "role=x", "expected a .yaml, .yml or .json file"),
        ("values.yaml", b"\xff\xfe\x00bad".decode("latin-1"), "not UTF-8 text"),
    ],
)
def test_bad_data_files(tmp_path: Path, name: str, content: str, expected: str) -> None:
    path = tmp_path / name
    if "not UTF-8" in expected:
        path.write_bytes(b"role: \xff\xfe\n")
    else:
        path.write_text(content, encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--data", str(path)), expected)


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        ("", "column 'candidate_name' is missing"),
        ("candidate_name,email\n", "column "),
        ('candidate_name,email\n"unclosed,x\n', "not valid CSV: unexpected end of data"),
        (b"\xff\xfe".decode("latin-1"), "not UTF-8 text"),
    ],
)
def test_bad_csv_files(tmp_path: Path, csv_text: str, expected: str) -> None:
    path = tmp_path / "people.csv"
    if "not UTF-8" in expected:
        path.write_bytes(b"candidate_name\n\xff\xfe\n")
    else:
        path.write_text(csv_text, encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")), expected)
    assert not (tmp_path / "out").exists()


def test_csv_row_with_too_many_fields(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("candidate_name,email,role,date,coordinator_name\n"
                    "A,a@example.org,R,D,C,surplus\n", encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")), "row 1: more fields than columns")


def test_csv_bad_address(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("candidate_name,email,role,date,coordinator_name\n"
                    "Amara,not-an-address,R,D,C\n", encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")),
                          "row 1, column 'email': 'not-an-address' is not an email address")


def test_csv_duplicate_names(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("candidate_name,email,role,date,coordinator_name\n"
                    "Amara Okafor,a@example.org,R,D,C\namara  okafor,b@example.org,R,D,C\n",
                    encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")),
                          "row 2, column 'candidate_name': same file name as row 1")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------------------------
# Fuzzing the content loader: any file content gives problems, never a crash.

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=12,
)
FIELDS = ["kind", "id", "title", "summary", "audience", "stage", "page", "items", "areas",
          "flags", "sender", "when", "subject", "body", "variables", "instructions"]


@pytest.fixture(scope="module")
def fuzz_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("fuzz") / "docs"
    shutil.copytree(ROOTS / "test-playbook", docs)
    return docs


def _assert_loads_or_reports(docs: Path) -> None:
    try:
        load_playbook(docs)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert "\n" not in str(problem)
            assert str(problem).startswith("docs/playbook/")
    except PlaybookError as exc:  # pragma: no cover - only for a missing folder
        pytest.fail(f"unexpected error kind: {exc}")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mapping=st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=10),
       kind=st.sampled_from(["checklist", "scorecard", "email", "other"]))
def test_fuzzed_fields_give_problems_not_crashes(fuzz_docs: Path, mapping: dict[str, object],
                                                  kind: str) -> None:
    mapping.setdefault("kind", kind)
    (fuzz_docs / "playbook" / "checklists" / "prep.yaml").write_text(
        yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    _assert_loads_or_reports(fuzz_docs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_fuzzed_bytes_give_problems_not_crashes(fuzz_docs: Path, raw: bytes) -> None:
    (fuzz_docs / "playbook" / "checklists" / "prep.yaml").write_bytes(raw)
    _assert_loads_or_reports(fuzz_docs)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=80))
def test_fuzzed_email_templates_give_problems_not_crashes(fuzz_docs: Path, body: str) -> None:
    shutil.copy(ROOTS / "test-playbook/playbook/checklists/prep.yaml",
                fuzz_docs / "playbook/checklists/prep.yaml")
    (fuzz_docs / "templates/email/hello.txt.j2").write_text(body, encoding="utf-8")
    _assert_loads_or_reports(fuzz_docs)


def test_csv_name_too_long_for_a_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("candidate_name,email,role,date,coordinator_name\n"
                    f"Amara,a@example.org,R,D,C\n{'x' * 300},b@example.org,R,D,C\n",
                    encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")),
                          "row 2, column 'candidate_name': is too long for a file name")
    assert not (tmp_path / "out").exists()


def test_time_zone_that_is_a_folder_in_conf_py(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "test-playbook", tmp_path / "site")
    conf = tmp_path / "site" / "conf.py"
    conf.write_text(conf.read_text() + 'playbook_timezone = "America"\n')
    assert_one_line_error(*run("list", docs=tmp_path / "site"),
                          "playbook_timezone is 'America'; expected an IANA time zone")


def test_output_through_a_link_updates_the_file_it_points_at(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run("render", "pairing-session", "--format", "txt", "-o", str(link))
    assert (code, err) == (0, "")
    assert link.is_symlink()
    assert "Running the pairing session" in target.read_text()
    assert oct(target.stat().st_mode & 0o777) == "0o640"


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os

    umask = os.umask(0o022)
    try:
        assert run("render", "pairing-session", "-f", "txt", "-o", str(tmp_path / "a.txt"))[0] == 0
    finally:
        os.umask(umask)
    assert oct((tmp_path / "a.txt").stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize("make", ["folder", "file-as-parent"])
def test_outputs_that_are_not_files(tmp_path: Path, make: str) -> None:
    if make == "folder":
        (tmp_path / "out").mkdir()
        target, expected = tmp_path / "out", "is a folder"
    else:
        (tmp_path / "afile").write_text("x")
        target, expected = tmp_path / "afile" / "x.txt", "is a file, not a folder"
    assert_one_line_error(*run("render", "pairing-session", "-f", "txt", "-o", str(target)),
                          expected)


def test_device_is_never_replaced(tmp_path: Path) -> None:
    assert_one_line_error(*run("render", "pairing-session", "-f", "txt", "-o", "/dev/null"),
                          "is not a regular file")
    assert Path("/dev/null").is_char_device()


def test_csv_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    assert_one_line_error(*run("email", "outcome-hire", "--csv", str(tmp_path / "adir"), "-o",
                               str(tmp_path / "ob")), "is a folder; give the CSV file")


# --------------------------------------------------------------------------------------------
# `playbook kit`: the candidate file. Each edit is applied to the handbook's example file.

Edit = Callable[[str], str]


def swap(old: str, new: str, count: int = -1) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, count)

    return edit


def append(more: str) -> Edit:
    return lambda text: text + more


def structured(change: Callable[[dict[str, Any]], None]) -> Edit:
    def edit(text: str) -> str:
        data = yaml.safe_load(text)
        change(data)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    return edit


def first_interviewer(**values: Any) -> Edit:
    return structured(lambda data: data["interviewers"][0].update(values))


LONG = "J" * 5000
CANDIDATE_CASES: dict[str, tuple[Edit, list[str]]] = {
    # The cases of issue 9 first.
    "double dot in the e-mail": (
        swap("amara.okafor@", "amara..okafor@"),
        ["candidate.yaml:4: field 'email': 'amara..okafor@example.org' is not an email address",
         "expected an address such as"]),
    "start 9:5 is not base 60": (
        swap('start: "09:30"', "start: 9:5"),
        ["candidate.yaml:7: field 'start': '9:5' is not a time; write it as HH:MM"]),
    "NUL in the candidate's name": (
        swap("name: Amara Okafor", 'name: "Amara\\0Okafor"'),
        ["field 'name': expected one line of text without control characters"]),
    "NUL in an interviewer's name": (
        swap("name: Jonas Lindqvist", 'name: "Jonas\\0Lindqvist"'),
        ["field 'interviewers[0].name': expected one line of text without control characters"]),
    "5000-character interviewer name": (
        swap("name: Jonas Lindqvist", f"name: {LONG}"),
        ["field 'interviewers[0].name': is 5000 characters; at most 200 fit"]),
    "alias bomb": (
        lambda text: ALIAS_BOMB + text,
        ["candidate.yaml:2: not valid YAML: aliases (*name) are not allowed here"]),
    # Addresses
    "address without a dot in the domain": (
        swap("amara.okafor@example.org", "amara@localhost"),
        ["field 'email'", "needs a name, an @ and a domain with a dot"]),
    "two addresses in one": (
        swap("amara.okafor@example.org", '"a@example.org, b@example.org"'),
        ["field 'email'", "more than one address"]),
    "a header in the address": (
        swap("amara.okafor@example.org", '"a@example.org\\nBcc: spy@example.net"'),
        ["field 'email': expected one line of text without control characters"]),
    "coordinator's address": (
        swap("lena.sato@example.com", "lena.sato@"),
        ["field 'coordinator.email'", "is not an email address"]),
    "interviewer's address with a double dot": (
        swap("jonas.lindqvist@example.com", "jonas..lindqvist@example.com"),
        ["field 'interviewers[0].email'", "is not an email address"]),
    "hiring manager without an address": (
        swap("  email: grace.mensah@example.com\n", ""),
        ["field 'hiring_manager.email': is missing"]),
    # Times, dates, time zones
    "start 25:00": (swap('start: "09:30"', 'start: "25:00"'), ["'25:00' is not a time"]),
    "start 0930 is a number": (swap('start: "09:30"', "start: 0930"), ["930 is not a time"]),
    "start 9.30 is a number": (swap('start: "09:30"', "start: 9.30"), ["9.3 is not a time"]),
    "follow-up start 14:5": (append("followup_start: 14:5\n"),
                             ["field 'followup_start': '14:5' is not a time"]),
    "30 February": (swap("date: 2027-03-09", "date: 2027-02-30"),
                    ["field 'date': '2027-02-30' is not a date; write it as YYYY-MM-DD"]),
    "a date in words": (swap("date: 2027-03-09", "date: 9 March 2027"),
                        ["field 'date': '9 March 2027' is not a date"]),
    "a date with a time": (swap("date: 2027-03-09", "date: 2027-03-09T09:30"),
                           ["field 'date'", "is not a date"]),
    "confirm after the day": (swap("confirm_by: 2027-03-02", "confirm_by: 2027-03-20"),
                              ["field 'confirm_by': 2027-03-20 is after the interview day"]),
    "outcome before the day": (append("outcome_by: 2027-03-01\n"),
                               ["field 'outcome_by': 2027-03-01 is before the interview day"]),
    "unknown time zone": (swap("timezone: Europe/Berlin", "timezone: Mars/Olympus"),
                          ["field 'timezone': 'Mars/Olympus' is not an IANA time zone"]),
    "a time zone folder": (swap("timezone: Europe/Berlin", "timezone: America"),
                           ["field 'timezone': 'America' is not an IANA time zone"]),
    # Names and text
    "line break in the name": (swap("name: Amara Okafor", 'name: "Amara\\nOkafor"'),
                               ["field 'name': expected one line"]),
    "escape sequence in the role": (swap("role: Backend Engineer", 'role: "Backend\\e[31m"'),
                                    ["field 'role': expected one line"]),
    "lone surrogate in the name": (swap("name: Amara Okafor", 'name: "Amara \\ud800"'),
                                   ["field 'name': expected one line"]),
    "5000-character candidate name": (swap("name: Amara Okafor", f"name: {LONG}"),
                                      ["field 'name': is 5000 characters; at most 200 fit"]),
    "long role": (swap("role: Backend Engineer", "role: " + "R" * 300),
                  ["field 'role': is 300 characters"]),
    "long session name": (append("session: " + "S" * 201 + "\n"),
                          ["field 'session': is 201 characters"]),
    "NUL in the location": (swap("location: Level 3,", 'location: "Level 3\\0",\n#'),
                            ["field 'location': expected text without control characters"]),
    "long location": (swap("location: Level 3,", "location: " + "L" * 600 + " #"),
                      ["field 'location': is 600 characters; at most 500 fit"]),
    "empty location": (swap("location: Level 3,", 'location: ""  #'),
                       ["field 'location': expected non-empty text"]),
    # Fields
    "misspelt field": (append("nmae: Amara\n"), ["field 'nmae': unknown field; valid fields:"]),
    "missing e-mail": (swap("email: amara.okafor@example.org\n", ""),
                       ["field 'email': is missing"]),
    "duplicate key": (append("role: Again\n"), ["not valid YAML: duplicate key 'role'"]),
    "unclosed quote": (append("followup_location: 'Room\n"), ["not valid YAML"]),
    "a list, not a mapping": (lambda text: "- Amara\n- Okafor\n",
                              ["field '(top level)': expected a mapping of fields"]),
    "an empty file": (lambda text: "", ["field '(top level)': expected a mapping of fields"]),
    "an alias for one value": (append("followup_location: &room Ada\noutcome_by: *room\n"),
                               ["aliases (*name) are not allowed here"]),
    "a Python tag": (append("followup_location: !!python/object/apply:os.system ['true']\n"),
                     ["not valid YAML: could not determine a constructor"]),
    "an explicit bool that is none": (append("break_minutes: !!bool maybe\n"),
                                      ["not valid YAML: 'maybe' is not true or false"]),
    "a list as a key": (append("? [a, b]\n: c\n"), ["a key must be a name"]),
    "nested beyond reason": (append("extra: " + "[" * 200 + "]" * 200 + "\n"),
                             ["not valid YAML: nested more than 20 levels deep"]),
    "a file too large": (append("# " + "x" * 300_000 + "\n"), ["is too large"]),
    # The scorecard and the interviewers
    "unknown scorecard": (swap("scorecard: pairing-engineer", "scorecard: nope"),
                          ["field 'scorecard': 'nope' is not a scorecard; the playbook has:"]),
    "a checklist as the scorecard": (
        swap("scorecard: pairing-engineer", "scorecard: pairing-session"),
        ["field 'scorecard': 'pairing-session' is not a scorecard"]),
    "no interviewers": (structured(lambda data: data.update(interviewers=[])),
                        ["field 'interviewers': expected a list of interviewers"]),
    "interviewers as a mapping": (structured(lambda data: data.update(interviewers={"a": 1})),
                                  ["field 'interviewers': expected a list"]),
    "unknown area": (swap("[problem-solving, testing-and-code-quality]",
                          "[problem-solving, debugging]"),
                     ["field 'interviewers[0].areas[1]': unknown area 'debugging'"]),
    "area listed twice": (swap("[problem-solving, testing-and-code-quality]",
                               "[problem-solving, problem-solving]"),
                          ["field 'interviewers[0].areas[1]': 'problem-solving' is listed twice"]),
    "an area nobody covers": (swap("[problem-solving, testing-and-code-quality]",
                                   "[problem-solving]"),
                              ["nobody covers the area 'testing-and-code-quality'"]),
    "no areas": (first_interviewer(areas=[]),
                 ["field 'interviewers[0].areas': give at least one area"]),
    "an area that is a number": (first_interviewer(areas=["problem-solving", 7,
                                                          "testing-and-code-quality"]),
                                 ["field 'interviewers[0].areas[1]': expected an area id"]),
    "same interviewer twice": (swap("name: Aisha Bello", "name: jonas  LINDQVIST"),
                               ["field 'interviewers[1].name'", "is listed twice"]),
    "same address twice": (swap("aisha.bello@example.com", "jonas.lindqvist@example.com"),
                           ["field 'interviewers[1].email'", "is listed twice"]),
    "misspelt interviewer field": (swap("    minutes: 90", "    mins: 90", 1),
                                   ["field 'interviewers[0].mins': unknown field"]),
    "five-minute session": (swap("minutes: 90", "minutes: 5", 1),
                            ["field 'interviewers[0].minutes': 5 is not a whole number of "
                             "minutes from 15 to 480"]),
    "minutes in words": (swap("minutes: 90", "minutes: ninety", 1),
                         ["field 'interviewers[0].minutes': 'ninety' is not a whole number"]),
    "minutes as true": (swap("minutes: 90", "minutes: true", 1),
                        ["field 'interviewers[0].minutes': True is not a whole number"]),
    "a long break": (append("break_minutes: 500\n"),
                     ["field 'break_minutes': 500 is not a whole number of minutes from 0 to 120"]),
    "an infinite follow-up": (append("followup_minutes: .inf\n"),
                              ["field 'followup_minutes': inf is not a whole number"]),
    "closes the loop but is not there": (
        swap("closes_loop: Grace Mensah", "closes_loop: Somebody Else"),
        ["field 'closes_loop': 'Somebody Else' must be the hiring manager, the coordinator "
         "or an interviewer"]),
    "a language the kit cannot write": (append("language: fr\n"),
                                        ["field 'language': is 'fr'; expected one of: en"]),
    "extra as a list": (append("extra: [a, b]\n"),
                        ["field 'extra': expected a mapping of variable names to text"]),
    "an empty extra value": (append("extra:\n  portal_url: ''\n"),
                             ["field 'extra.portal_url': expected non-empty text"]),
    "NUL in an extra value": (append('extra:\n  portal_url: "https://x\\0"\n'),
                              ["field 'extra.portal_url': expected text without control"]),
}


@pytest.mark.parametrize("case", CANDIDATE_CASES)
@pytest.mark.usefixtures("no_pdfs", "handbook_once")
def test_bad_candidate_files(case: str, tmp_path: Path) -> None:
    edit, expected = CANDIDATE_CASES[case]
    candidate = tmp_path / "candidate.yaml"
    candidate.write_text(edit(EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    started = time.monotonic()
    refused(["kit", str(candidate), "-o", str(tmp_path / "kit")],
            [f"{candidate}", *expected], watch=(tmp_path,))
    assert time.monotonic() - started < 5  # no alias, nesting or size makes it hang
    assert not (tmp_path / "kit").exists()


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "candidate.yaml").mkdir()
    return tmp_path / "candidate.yaml"


def _not_utf8(tmp_path: Path) -> Path:
    (tmp_path / "candidate.yaml").write_bytes(b"name: Amara \xff\xfe\n")
    return tmp_path / "candidate.yaml"


CANDIDATE_FILE_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda tmp: tmp / "candidate.yaml", "candidate.yaml: no such candidate file"),
    "a folder": (_folder, "candidate.yaml: is a folder; give the candidate file"),
    # A pipe would block the read for ever: it is refused before it is opened.
    "a pipe": (lambda tmp: fifo(tmp / "candidate.yaml"),
               "candidate.yaml: is not a regular file; give the candidate file"),
    "a device": (lambda tmp: Path("/dev/zero"), "/dev/zero: is not a regular file"),
    "not UTF-8": (_not_utf8, "candidate.yaml: not UTF-8 text"),
}


@pytest.mark.parametrize("case", CANDIDATE_FILE_CASES)
@pytest.mark.usefixtures("no_pdfs", "handbook_once")
def test_candidate_files_that_cannot_be_read(case: str, tmp_path: Path) -> None:
    make, expected = CANDIDATE_FILE_CASES[case]
    path = make(tmp_path)
    refused(["kit", str(path), "-o", str(tmp_path / "kit")], [expected], watch=(tmp_path,))


def _a_file(tmp_path: Path) -> list[str]:
    (tmp_path / "kit").write_text("notes")
    return ["-o", str(tmp_path / "kit")]


def _a_folder_of_other_files(tmp_path: Path, force: bool) -> list[str]:
    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "notes.txt").write_text("mine")
    return ["-o", str(tmp_path / "kit"), *(["--force"] if force else [])]


KIT_OUTPUT_CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "a file": (_a_file, "is a file; give a folder for the kit"),
    "a folder of other files": (lambda tmp: _a_folder_of_other_files(tmp, False),
                                "the folder is not empty"),
    "--force on a folder that is no kit": (lambda tmp: _a_folder_of_other_files(tmp, True),
                                          "is not a kit folder (it has no kit.json)"),
    "inside the docs folder": (lambda tmp: ["-o", str(DOCS / "kits" / "amara")],
                               "is inside the handbook's docs folder"),
}


@pytest.mark.parametrize("case", KIT_OUTPUT_CASES)
@pytest.mark.usefixtures("no_pdfs", "handbook_once")
def test_kit_output_folders_that_are_refused(case: str, tmp_path: Path) -> None:
    make, expected = KIT_OUTPUT_CASES[case]
    refused(["kit", str(EXAMPLE), *make(tmp_path)], [expected], watch=(tmp_path, DOCS))
