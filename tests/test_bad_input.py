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
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.model.loader import load_playbook
from playbook_tools.validation import has_control_characters
from tests.conftest import DOCS, REPO, ROOTS, run_playbook

run = run_playbook
# A valid candidate file, fixed here so that the cases below do not move with the handbook's
# example (docs/examples/candidate.yaml), which test_kit.py covers.
CANDIDATE = """\
# A candidate file for the bad-input cases.
name: Amara Okafor
email: amara.okafor@example.org
role: Backend Engineer
date: 2027-03-09
start: "09:30"
timezone: Europe/Berlin
location: Level 3, 12 Harbour Street, Hamburg
scorecard: pairing-engineer
interviewers:
  - name: Jonas Lindqvist
    email: jonas.lindqvist@example.com
    areas: [problem-solving, testing-and-code-quality]
    minutes: 90
  - name: Aisha Bello
    email: aisha.bello@example.com
    areas: [collaboration-and-communication, learning-and-feedback]
coordinator:
  name: Lena Sato
  email: lena.sato@example.com
hiring_manager:
  name: Grace Mensah
  email: grace.mensah@example.com
closes_loop: Grace Mensah
confirm_by: 2027-03-02
"""
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
        raise AssertionError("a PDF was started before the input was checked")

    monkeypatch.setattr(writer, "start_printouts", refuse)


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


EXAMPLE_ARGS = ["--set=candidate_name=A", "--set=role=B", "--set=date=C", "--set=why=E",
                "--set=new_dates=F", "--set=coordinator_name=D"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["email", "reschedule", "--set", "candidate_name"], ["expected NAME=VALUE"]),
        (["email", "reschedule", "--set", "=x"], ["expected NAME=VALUE"]),
        (["email", "reschedule", *EXAMPLE_ARGS[:5]], ["variable 'coordinator_name' is missing"]),
        (["email", "reschedule", *EXAMPLE_ARGS, "--set=extra=1"], ["unknown variable 'extra'"]),
        (["email", "reschedule", *EXAMPLE_ARGS[:5], "--set=coordinator_name=  "],
         ["variable 'coordinator_name' is missing"]),
        (["email", "reschedule", "--example", "--set=role=x"], ["leave out --set"]),
        (["email", "reschedule", "--data", "missing.yaml"], ["--data missing.yaml: no such data file"]),
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
    path.write_text("candidate_name,email,role,date,why,new_dates,coordinator_name\n"
                    "A,a@example.org,R,D,W,N,C,surplus\n", encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")), "row 1: more fields than columns")


def test_csv_bad_address(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("candidate_name,email,role,date,why,new_dates,coordinator_name\n"
                    "Amara,not-an-address,R,D,W,N,C\n", encoding="utf-8")
    assert_one_line_error(*run("email", "reschedule", "--csv", str(path), "-o",
                               str(tmp_path / "out")),
                          "row 1, column 'email': 'not-an-address' is not an email address")


def test_csv_duplicate_names(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("candidate_name,email,role,date,why,new_dates,coordinator_name\n"
                    "Amara Okafor,a@example.org,R,D,W,N,C\namara  okafor,b@example.org,R,D,W,N,C\n",
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
    path.write_text("candidate_name,email,role,date,why,new_dates,coordinator_name\n"
                    f"Amara,a@example.org,R,D,W,N,C\n{'x' * 300},b@example.org,R,D,W,N,C\n",
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


def test_control_characters_are_the_unicode_categories_for_every_code_point() -> None:
    """What counts as a control character is Unicode's categories Cc and Cs (and Zl and Zp in
    one line), checked here for every code point against Python's Unicode database; text of
    several lines may hold line feeds and tabs."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    special = {c: category for c in everything
               if (category := unicodedata.category(c)) in {"Cc", "Cs", "Zl", "Zp"}}
    for one_line, banned in ((True, {"Cc", "Cs", "Zl", "Zp"}), (False, {"Cc", "Cs"})):
        control = {c for c, category in special.items() if category in banned}
        if not one_line:
            control -= {"\n", "\t"}
        assert all(has_control_characters(c, one_line=one_line) for c in control)
        text = "".join(c for c in everything if c not in control)
        assert not has_control_characters(text, one_line=one_line)


LONG = "J" * 5000

CANDIDATE_CASES: dict[str, tuple[Edit, list[str]]] = {
    # The cases of issue 9 first.
    "double dot in the e-mail": (
        swap("amara.okafor@", "amara..okafor@"),
        ["candidate.yaml:3: field 'email': 'amara..okafor@example.org' is not an email address",
         "expected an address such as"]),
    "start 9:5 is not base 60": (
        swap('start: "09:30"', "start: 9:5"),
        ["candidate.yaml:6: field 'start': '9:5' is not a time; write it as HH:MM"]),
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
    "outcome later than promised": (append("outcome_by: 2027-03-12\n"),
                                    ["field 'outcome_by': 2027-03-12 is more than 2 working days "
                                     "after the interview day 2027-03-09; the latest is "
                                     "2027-03-11"]),
    "unknown time zone": (swap("timezone: Europe/Berlin", "timezone: Mars/Olympus"),
                          ["field 'timezone': 'Mars/Olympus' is not an IANA time zone"]),
    "a time zone folder": (swap("timezone: Europe/Berlin", "timezone: America"),
                           ["field 'timezone': 'America' is not an IANA time zone"]),
    # Names and text
    "line break in the name": (swap("name: Amara Okafor", 'name: "Amara\\nOkafor"'),
                               ["field 'name': expected one line"]),
    "escape sequence in the role": (swap("role: Backend Engineer", 'role: "Backend\\e[31m"'),
                                    ["field 'role': expected one line"]),
    # libyaml refuses the escape as it reads the file, before any field is checked.
    "lone surrogate in the name": (swap("name: Amara Okafor", 'name: "Amara \\ud800"'),
                                   ["candidate.yaml:2: not valid YAML: found invalid Unicode"]),
    "5000-character candidate name": (swap("name: Amara Okafor", f"name: {LONG}"),
                                      ["field 'name': is 5000 characters; at most 200 fit"]),
    "long role": (swap("role: Backend Engineer", "role: " + "R" * 300),
                  ["field 'role': is 300 characters"]),
    "long session name": (append("session: " + "S" * 201 + "\n"),
                          ["field 'session': is 201 characters"]),
    "NUL in the location": (swap("location: Level 3,", 'location: "Level 3\\0"  #'),
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
    candidate.write_text(edit(CANDIDATE), encoding="utf-8")
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
    (tmp_path / "candidate.yaml").write_text(CANDIDATE, encoding="utf-8")
    refused(["kit", str(tmp_path / "candidate.yaml"), *make(tmp_path)], [expected],
            watch=(tmp_path, DOCS))


# --------------------------------------------------------------------------------------------
# `playbook decide`: filled forms, kit.json and the options of --record


@pytest.fixture(scope="module")
def filled_kit(tmp_path_factory: pytest.TempPathFactory, playbook: Any) -> Path:
    """A kit for the candidate above with every YAML form filled in (all yes): decide
    proposes Hire. No PDF is rendered, and the kit keeps none: decide reads the YAML forms."""
    from playbook_tools.kit import writer

    folder = tmp_path_factory.mktemp("decide")
    (folder / "candidate.yaml").write_text(CANDIDATE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "start_printouts", lambda *args: dict)  # a kit without PDFs
        code, _, err = run("kit", str(folder / "candidate.yaml"), "-o", str(folder / "kit"))
    assert (code, err) == (0, "")
    for pdf in (folder / "kit").rglob("*.pdf"):
        pdf.unlink()
    for form in (folder / "kit").glob("interviewers/*/scorecard.yaml"):
        text = form.read_text(encoding="utf-8")
        text = text.replace("evidence: |\n      \n", "evidence: Wrote the test first.\n")
        form.write_text(text.replace("rating:   #", "rating: yes  #"), encoding="utf-8")
    assert run("decide", "--kit", str(folder / "kit"))[0] == 0
    return folder / "kit"


@pytest.fixture
def kit(filled_kit: Path, tmp_path: Path) -> Path:
    shutil.copytree(filled_kit, tmp_path / "kit")
    return tmp_path / "kit"


JONAS = "interviewers/jonas-lindqvist/scorecard.yaml"
AISHA = "interviewers/aisha-bello/scorecard.yaml"
FORM_CASES: dict[str, tuple[Edit, list[str]]] = {
    "alias bomb": (lambda text: ALIAS_BOMB + text,
                   ["scorecard.yaml:2: not valid YAML: aliases (*name) are not allowed here"]),
    "a rating off the scale": (swap("rating: yes", "rating: maybe", 1),
                               ["field 'areas.problem-solving.rating': 'maybe' is not a rating; "
                                "use one of: strong-no, no, unsure, yes, strong-yes"]),
    "true as a rating": (swap("rating: yes", "rating: true", 1),
                         ["field 'areas.problem-solving.rating': True is not a rating"]),
    "a number as a rating": (swap("rating: yes", "rating: 3", 1), ["3 is not a rating"]),
    "an area of another card": (swap("  problem-solving:\n", "  debugging:\n"),
                                ["field 'areas.debugging': unknown area; the scorecard "
                                 "'pairing-engineer' has:"]),
    "a rating without evidence": (swap("evidence: Wrote the test first.\n", "evidence: ''\n", 1),
                                  ["field 'areas.problem-solving.evidence': the rating 'yes' "
                                   "needs written evidence"]),
    "evidence as a list": (swap("evidence: Wrote the test first.\n", "evidence: [a, b]\n", 1),
                           ["field 'areas.problem-solving.evidence': expected text"]),
    "an area that is only a rating": (
        swap("  problem-solving:\n    evidence: Wrote the test first.\n    rating: yes",
             "  problem-solving: yes\n  #"),
        ["field 'areas.problem-solving': expected a mapping of fields"]),
    "not a scorecard form": (swap("form: playbook-scorecard", "form: invoice"),
                             ["field 'form': expected 'playbook-scorecard'"]),
    "a later version": (swap("version: 1", "version: 2"),
                        ["field 'version': this playbook reads version 1"]),
    "an unknown scorecard": (swap("scorecard: pairing-engineer", "scorecard: nope"),
                             ["field 'scorecard': 'nope' is not a scorecard"]),
    "NUL in the candidate's name": (swap('candidate: "Amara Okafor"', 'candidate: "Amara\\0"'),
                                    ["field 'candidate': expected one line of text"]),
    "a 5000-character interviewer": (swap('interviewer: "Jonas Lindqvist"',
                                          f"interviewer: {LONG}"),
                                     ["field 'interviewer': is 5000 characters; at most 200"]),
    "no interviewer": (swap('interviewer: "Jonas Lindqvist"\n', ""),
                       ["field 'interviewer': is missing"]),
    "a misspelt field": (append("flgas: []\n"), ["field 'flgas': unknown field"]),
    "areas as a list": (lambda text: text[:text.index("areas:")] + "areas: [a, b]\nflags: []\n",
                        ["field 'areas': expected the areas, each with evidence and rating"]),
    "flags as text": (swap("flags: []", "flags: humility"),
                      ["field 'flags': expected a list of short tags"]),
    "an empty flag": (swap("flags: []", "flags: ['']"),
                      ["field 'flags': expected a list of short tags"]),
    "a duplicate key": (append("flags: [curious]\n"), ["not valid YAML: duplicate key 'flags'"]),
    "a tab for indentation": (swap("    rating: yes", "\trating: yes", 1), ["not valid YAML"]),
    "nested beyond reason": (swap("flags: []", "flags: " + "[" * 50 + "]" * 50),
                             ["not valid YAML: nested more than 20 levels deep"]),
    "a file too large": (append("# " + "x" * 300_000 + "\n"), ["is too large"]),
}


@pytest.mark.parametrize("case", FORM_CASES)
@pytest.mark.usefixtures("handbook_once")
def test_bad_forms(case: str, kit: Path) -> None:
    edit, expected = FORM_CASES[case]
    form = kit / JONAS
    form.write_text(edit(form.read_text(encoding="utf-8")), encoding="utf-8")
    started = time.monotonic()
    refused(["decide", str(form), str(kit / AISHA)], [f"{form}:", *expected], watch=(kit,))
    assert time.monotonic() - started < 5


@pytest.mark.usefixtures("handbook_once")
def test_a_form_rating_another_interviewers_area(kit: Path) -> None:
    form = kit / JONAS
    form.write_text(form.read_text(encoding="utf-8").replace(
        "areas:\n", "areas:\n  learning-and-feedback:\n    evidence: Overheard.\n"
        "    rating: no\n", 1), encoding="utf-8")
    refused(["decide", "--kit", str(kit)],
            [f"{form}: field 'areas.learning-and-feedback': Jonas Lindqvist was not given this "
             "area; their areas are: problem-solving, testing-and-code-quality"], watch=(kit,))


def _forms_of_one_person(kit: Path) -> list[str]:
    shutil.copy(kit / JONAS, kit / "again.yaml")
    return [str(kit / JONAS), str(kit / "again.yaml")]


def _forms_of_two_candidates(kit: Path) -> list[str]:
    aisha = kit / AISHA
    aisha.write_text(aisha.read_text().replace('"Amara Okafor"', '"Sam Rivera"'))
    return [str(kit / JONAS), str(aisha)]


def _a_form_that_is_a_folder(kit: Path) -> list[str]:
    (kit / "folder.yaml").mkdir()
    return [str(kit / "folder.yaml")]


def _not_utf8_form(kit: Path) -> list[str]:
    (kit / JONAS).write_bytes(b"form: \xff\n")
    return [str(kit / JONAS)]


FORM_FILE_CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "missing": (lambda kit: [str(kit / "nobody.yaml")], "nobody.yaml: no such scorecard file"),
    "a folder": (_a_form_that_is_a_folder, "folder.yaml: no such scorecard file"),
    "a pipe": (lambda kit: [str(fifo(kit / "pipe.yaml"))], "pipe.yaml: no such scorecard file"),
    "not UTF-8": (_not_utf8_form, "scorecard.yaml: not UTF-8 text"),
    "one interviewer twice": (_forms_of_one_person,
                              "'Jonas Lindqvist' also filled"),
    "two candidates": (_forms_of_two_candidates,
                       "field 'candidate': is 'Sam Rivera' but"),
    "no forms at all": (lambda kit: [], "give the filled scorecards"),
}


@pytest.mark.parametrize("case", FORM_FILE_CASES)
@pytest.mark.usefixtures("handbook_once")
def test_form_files_that_are_refused(case: str, kit: Path) -> None:
    make, expected = FORM_FILE_CASES[case]
    refused(["decide", *make(kit)], [expected], watch=(kit,))


def edit_manifest(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path], None]:
    def edit(kit: Path) -> None:
        data = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
        replaced = change(data)
        (kit / "kit.json").write_text(json.dumps(data if replaced is None else replaced),
                                      encoding="utf-8")

    return edit


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value

    return change


RECORD = ["--record", "--outcome", "hire", "-o"]
MANIFEST_CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    # Issue 9: a hand-edited kit.json with a bad address crashed `decide --record`.
    "double dot in the candidate's address": (
        edit_manifest(_set("candidate.email", "amara..okafor@example.org")),
        ["kit.json: field 'candidate.email': 'amara..okafor@example.org' is not an email "
         "address", "rebuild the kit with `playbook kit`"]),
    "an interviewer's address": (edit_manifest(_set("interviewers.0.email", "jonas@")),
                                 ["field 'interviewers[0].email'", "is not an email address"]),
    "the owner's address": (edit_manifest(_set("closes_loop.email", "grace@nowhere")),
                            ["field 'closes_loop.email'", "is not an email address"]),
    "NUL in a name": (edit_manifest(_set("closes_loop.name", "Grace\u0000Mensah")),
                      ["field 'closes_loop.name': expected one line of text"]),
    "a 5000-character name": (edit_manifest(_set("candidate.name", LONG)),
                              ["field 'candidate.name': is 5000 characters"]),
    "a later version": (edit_manifest(_set("kit", 2)),
                        ["field 'kit': this playbook reads version 1"]),
    "no interviewers": (edit_manifest(_set("interviewers", [])),
                        ["field 'interviewers': expected a list of interviewers"]),
    "a form outside the kit": (edit_manifest(_set("interviewers.0.form", "../../etc/x.yaml")),
                               ["field 'interviewers[0].form': expected a path inside the kit"]),
    "areas as text": (edit_manifest(_set("interviewers.0.areas", "problem-solving")),
                      ["field 'interviewers[0].areas': expected a list of area ids"]),
    "a date in words": (edit_manifest(_set("date", "next Tuesday")),
                        ["field 'date': 'next Tuesday' is not a date"]),
    "an outcome date in words": (edit_manifest(_set("outcome_by", "soon")),
                                 ["field 'outcome_by': 'soon' is not a date"]),
    "a misspelt field": (edit_manifest(_set("cnadidate", {})), ["field 'cnadidate': unknown"]),
    "a list, not a mapping": (edit_manifest(lambda data: [data]),
                              ["field '(top level)': expected a mapping of fields"]),
    "not JSON": (lambda kit: (kit / "kit.json").write_text("{kit: 1", encoding="utf-8"),
                 ["kit.json: cannot be read"]),
    "JSON nested beyond reason": (
        lambda kit: (kit / "kit.json").write_text("[" * 100_000 + "]" * 100_000),
        ["kit.json: cannot be read"]),
    "missing": (lambda kit: (kit / "kit.json").unlink(), ["no kit.json"]),
}




@pytest.mark.parametrize("case", list(MANIFEST_CASES))
@pytest.mark.parametrize("record", [False, True], ids=["decide", "record"])
@pytest.mark.usefixtures("handbook_once")
def test_bad_kit_json(case: str, record: bool, kit: Path) -> None:
    edit, expected = MANIFEST_CASES[case]
    edit(kit)
    argv = ["decide", "--kit", str(kit), *([*RECORD, str(kit / "decision")] if record else [])]
    refused(argv, expected, watch=(kit,))


RECORD_CASES: dict[str, tuple[list[str], str]] = {
    "no outcome": (["--record", "-o", "{kit}/decision"], "--record: give --outcome"),
    "a told date that is none": (["--told", "2027-13-01"],
                                 "--told '2027-13-01': not a date; write it as YYYY-MM-DD"),
    "--at without --hand-in": (["--at", "2027-03-09T11:00"], "--at is for --hand-in"),
    "--hand-in without files": (["--hand-in"],
                                "--hand-in: give the returned scorecard files"),
    "--hand-in with --record": (["--hand-in", "--record"], "leave out --record"),
    "a date that is none": ([*RECORD, "{kit}/decision", "--by", "2027-13-01"],
                            "--by '2027-13-01': not a date; write it as YYYY-MM-DD"),
    "a date before the day": ([*RECORD, "{kit}/decision", "--by", "2027-03-01"],
                              "--by 2027-03-01: is before the interview day"),
    "a date after the promise": ([*RECORD, "{kit}/decision", "--by", "2027-03-12"],
                                 "--by 2027-03-12: is after the outcome date the candidate was "
                                 "promised, 2027-03-11"),
    "overruling without a reason": (["--record", "--outcome", "reject", "-o", "{kit}/decision"],
                                    "--outcome reject: differs from the proposal (Hire)"),
    "an area to explore on a hire": ([*RECORD, "{kit}/decision", "--explore", "debugging"],
                                     "--explore is for --outcome more-info"),
    "an unknown area to explore": (["--record", "--outcome", "more-info", "--note", "why",
                                    "--explore", "debugging", "-o", "{kit}/decision"],
                                   "--explore debugging: unknown area"),
    "the record in a file": ([*RECORD, "{kit}/kit.json"], "is a file; give a folder"),
    "the record in the docs": ([*RECORD, str(DOCS / "decision")],
                               "is inside the handbook's docs folder"),
    "candidate options with a kit": (["--candidate", "Sam"], "come from the kit"),
    "-o without --record": (["-o", "{kit}/decision"], "-o is for recording; add --record"),
    "--outcome without --record": (["--outcome", "hire"], "--outcome is for recording"),
    "a date with a line break": ([*RECORD, "{kit}/decision", "--by", "2027-03-1\nX"],
                                 "--by '2027-03-1\\nX': not a date"),
    "an owner with a control character": ([*RECORD, "{kit}/decision", "--owner", "Gr\x07ace"],
                                          "--owner: expected one line of text without control"),
    "a 5000-character owner": ([*RECORD, "{kit}/decision", "--owner", LONG],
                               "--owner: is 5000 characters; at most 200 fit"),
    "a note with a control character": ([*RECORD, "{kit}/decision", "--note", "a\x1b[31m"],
                                        "--note: expected text without control characters"),
}


@pytest.mark.parametrize("case", list(RECORD_CASES))
@pytest.mark.usefixtures("handbook_once")
def test_bad_record_options(case: str, kit: Path) -> None:
    options, expected = RECORD_CASES[case]
    argv = ["decide", "--kit", str(kit), *(o.replace("{kit}", str(kit)) for o in options)]
    refused(argv, [expected], watch=(kit, DOCS))


@pytest.mark.parametrize(("options", "expected"), [
    (["--candidate", "Sam Rivera", "--candidate-email", "sam..rivera@example.org", "--role",
      "Engineer"], "--candidate-email: 'sam..rivera@example.org' is not an email address"),
    (["--candidate", "Sam Rivera", "--role", "Engineer"],
     "--candidate-email: needed without --kit"),
    (["--candidate", LONG, "--candidate-email", "sam@example.org", "--role", "R"], "--candidate: is 5000 characters"),
    (["--candidate", "Sam", "--candidate-email", "sam@example.org", "--role",
                  "Eng\x07"], "--role: expected one line of text"),
], ids=["double dot", "missing address", "a 5000-character name", "a bell in the role"])
@pytest.mark.usefixtures("handbook_once")
def test_bad_candidate_options_without_a_kit(options: list[str], expected: str,
                                             kit: Path) -> None:
    argv = ["decide", str(kit / JONAS), str(kit / AISHA), *RECORD, str(kit.parent / "rec"),
            *options]
    refused(argv, [expected], watch=(kit.parent,))


# --------------------------------------------------------------------------------------------
# `playbook email`: values, data files, addresses, outputs and CSV files

EXAMPLE = ["--example"]
EML = ["--example", "--eml", "--to", "Amara <amara@example.org>", "-o"]


def _write(name: str, content: str | bytes) -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        path = tmp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return make


def _folder_named(name: str) -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        (tmp / name).mkdir()
        return str(tmp / name)

    return make


CSV_HEADER = "candidate_name,email,role,date,why,new_dates,coordinator_name\n"
EMAIL_CASES: dict[str, tuple[list[str | Callable[[Path], str]], list[str]]] = {
    # --data: the file of values (issue 9: an unreadable one raised OSError)
    "--data is a folder": (["--data", _folder_named("values.yaml")],
                           ["values.yaml: is a folder; give the data file"]),
    "--data is a pipe": (["--data", lambda tmp: str(fifo(tmp / "values.yaml"))],
                         ["values.yaml: is not a regular file; give the data file"]),
    "--data is a device": (["--data", lambda tmp: "/dev/zero.yaml"],
                           ["--data /dev/zero.yaml: no such data file"]),
    "--data alias bomb": (["--data", _write("values.yaml", ALIAS_BOMB)],
                          ["values.yaml:2: not valid YAML: aliases (*name) are not allowed"]),
    "--data nested beyond reason": (["--data", _write("values.yaml", "a: " + "[" * 99)],
                                    ["not valid YAML: nested more than 20 levels deep"]),
    "--data too large": (["--data", _write("values.yaml", "a: b\n" + "#" * 300_000)],
                         ["values.yaml: is too large"]),
    "--data JSON list": (["--data", _write("values.json", "[1, 2]")],
                         ["values.json: expected a mapping of variable names to values"]),
    "--data JSON nested beyond reason": (["--data", _write("values.json", "[" * 100_000)],
                                         ["values.json: not valid JSON"]),
    "--data JSON with a NUL": (["--data", _write("values.json", '{"role": "a\\u0000b"}')],
                               ["values.json: field 'role': expected text without control"]),
    "--data JSON key with a line break": (["--data", _write("values.json", '{"a\\nb": "x"}')],
                                          ["values.json: field 'a\\nb': expected a variable"]),
    "--data JSON with a huge number": (["--data", _write("values.json", '{"a": 1' + "0" * 5000
                                                         + "}")],
                                       ["values.json: not valid JSON"]),
    "--data YAML with a tag": (["--data", _write("values.yaml", "role: !!binary AAAA\n")],
                               ["field 'role': expected text"]),
    # Addresses
    "--to with a double dot": ([*EML, "out.eml", "--to", "amara..okafor@example.org"],
                               ["--to: 'amara..okafor@example.org' is not an email address"]),
    "--to with two addresses": ([*EML, "out.eml", "--to", "a@example.org, b@example.org"],
                                ["--to:", "more than one address"]),
    "--to with a header": ([*EML, "out.eml", "--to", "a@example.org\nBcc: b@example.org"],
                           ["--to:", "line break or control character"]),
    "--from without a domain": ([*EML, "out.eml", "--from", "hiring@localhost"],
                                ["--from: 'hiring@localhost' is not an email address"]),
    # Outputs
    "--eml over an existing file": ([*EML, _write("out.eml", "a draft someone edited")],
                                    ["out.eml: exists; use --force to overwrite"]),
    "--eml to standard output": ([*EML, "-"], ["--eml: give the file to write with -o FILE.eml"]),
    "--eml without --to": (["--example", "--eml", "-o", "out.eml"],
                           ["--eml: give the recipient with --to ADDRESS"]),
    "--eml into a folder": ([*EML, _folder_named("outbox"), "--force"], ["is a folder"]),
    "--eml under a file": ([*EML, lambda tmp: _write("afile", "x")(tmp) + "/out.eml"],
                           ["is a file, not a folder"]),
    "text output to a device": (["--example", "-o", "/dev/null"], ["is not a regular file"]),
    # CSV (issue 9: the same column twice was merged silently, the last value winning)
    "the same column twice": (["--csv", _write("people.csv", CSV_HEADER.replace(
        "role", "email") + "A,a@example.org,b@example.org,D,W,N,C\n"), "-o", "out"],
        ["people.csv: column 'email' appears twice in the header"]),
    "a CSV pipe": (["--csv", lambda tmp: str(fifo(tmp / "people.csv")), "-o", "out"],
                   ["people.csv: is not a regular file"]),
    "a CSV with an empty cell": (["--csv", _write("people.csv", CSV_HEADER + "A,a@example.org,,D,W,N,C\n"),
                                  "-o", "out"], ["row 1, column 'role': is empty"]),
    "a CSV without rows": (["--csv", _write("people.csv", CSV_HEADER), "-o", "out"],
                           ["no rows below the header"]),
    "a CSV with a NUL": (["--csv", _write("people.csv", CSV_HEADER + "A,a@example.org,R\0,D,W,N,C\n"),
                          "-o", "out"], ["row 1, column 'role': holds a control character"]),
    "a CSV address with a double dot": (["--csv", _write("people.csv", CSV_HEADER
                                                         + "A,a..b@example.org,R,D,W,N,C\n"),
                                         "-o", "out"],
                                        ["row 1, column 'email': 'a..b@example.org' is not an "
                                         "email address"]),
    "a CSV with an unknown column": (["--csv", _write("people.csv", CSV_HEADER.replace(
        "\n", ",shoe\n") + "A,a@example.org,R,D,W,N,C,9\n"), "-o", "out"],
        ["column 'shoe' is not a variable of template 'reschedule'"]),
    "a CSV file that exists in the outbox": (
        ["--csv", lambda tmp: (_folder_named("out")(tmp), _write("out/a.eml", "mine")(tmp),
                               _write("people.csv", CSV_HEADER + "A,a@example.org,R,D,W,N,C\n")(tmp))[2],
         "-o", "out"], ["a.eml: exists; use --force to overwrite"]),
    "--example with --set": ([*EXAMPLE, "--set", "role=x"], ["leave out --set"]),
}


@pytest.mark.parametrize("case", EMAIL_CASES)
@pytest.mark.usefixtures("handbook_once")
def test_bad_email_input(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    options, expected = EMAIL_CASES[case]
    argv = [option if isinstance(option, str) else option(tmp_path) for option in options]
    refused(["email", "reschedule", *argv], expected, watch=(tmp_path,))


# --------------------------------------------------------------------------------------------
# `check`, `show` and `render` on a fork of the handbook with one thing broken


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A copy of the handbook (docs/ and conf.py); returns its docs folder."""
    shutil.copytree(DOCS, tmp_path / "site" / "docs")
    shutil.copy(REPO / "conf.py", tmp_path / "site" / "conf.py")
    return tmp_path / "site" / "docs"


def in_file(relative: str, edit: Edit) -> Callable[[Path], None]:
    def change(docs: Path) -> None:
        path = docs / relative
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def in_conf(line: str) -> Callable[[Path], None]:
    return lambda docs: in_file("../conf.py", append(line + "\n"))(docs)


PREP = "playbook/checklists/interviewer-preparation.yaml"
CARD = "playbook/scorecards/pairing-engineer.yaml"
INVITATION = "templates/email/invitation.txt.j2"
CONTENT_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "an alias in a checklist": (in_file(PREP, lambda text: "x: &a 1\n" + text + "y: *a\n"),
                                f"docs/{PREP}:"),
    "an alias bomb in a scorecard": (in_file(CARD, lambda text: ALIAS_BOMB + text),
                                     f"docs/{CARD}:2: not valid YAML: aliases"),
    "an unknown field": (in_file(PREP, append("colour: red\n")),
                         "artifact 'interviewer-preparation': field 'colour': unknown field"),
    "an unknown audience": (in_file(PREP, swap("audience: [interviewer]",
                                               "audience: [everyone]")),
                            "field 'audience[0]'"),
    "an unknown stage": (in_file(PREP, swap("stage: preparation", "stage: lunch")),
                         "field 'stage': is 'lunch'; expected one of:"),
    "NUL in a title": (in_file(PREP, lambda t: t.replace("\ntitle: ", '\ntitle: "\\0" #', 1)),
                       "field 'title'"),
    "a duplicate id": (lambda docs: shutil.copy(docs / PREP, docs / PREP.replace(".yaml",
                                                                                "-2.yaml")),
                       "interviewer-preparation-2.yaml:2: artifact 'interviewer-preparation': "
                       "field 'id': must match the file name"),
    "nested beyond reason": (in_file(PREP, append("extra: " + "[" * 30 + "]" * 30 + "\n")),
                             "not valid YAML: nested more than 20 levels deep"),
    "a file too large": (in_file(PREP, append("#" * 300_000 + "\n")), "is too large"),
    "a template variable nobody declared": (in_file(INVITATION, append("{{ portal_url }}\n")),
                                            "portal_url"),
    "a template that does not parse": (in_file(INVITATION, append("{% if %}\n")),
                                       "artifact 'invitation'"),
    "a missing template file": (lambda docs: (docs / INVITATION).unlink(),
                                "artifact 'invitation': field 'body': no template file"),
    "a paper size in conf.py": (in_conf('playbook_paper = "a5"'),
                                "conf.py: playbook_paper is 'a5'; expected one of 'a4', 'letter'"),
    "conf.py that raises": (in_conf("raise SystemExit(3)"), "conf.py: could not be read"),
    "a content folder that is not there": (in_conf('playbook_content_dir = "nowhere"'),
                                           "the content folder does not exist"),
}
COMMANDS = {"check": ["check"], "show": ["show", "pairing-session"],
            "render": ["render", "pairing-session", "-f", "txt", "-o", "{tmp}/out.txt"]}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", CONTENT_CASES)
def test_broken_content(case: str, command: str, fork: Path, tmp_path: Path) -> None:
    change, expected = CONTENT_CASES[case]
    change(fork)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    before = snapshot(tmp_path)
    code, out, err = run(*argv, docs=fork)
    assert snapshot(tmp_path) == before
    if command == "check" and out:
        # check lists the problems on standard output and counts them on standard error.
        assert (code, err) == (1, "1 problem(s) found\n"), out
        assert out.count("\n") == 1 and expected in out, out
    else:
        assert_one_line_error(code, out, err, expected)


CHECK_CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "a kit e-mail that is a checklist": (
        in_conf('playbook_kit_emails = {"invitation": "pairing-session", '
                '"team-schedule": "team-schedule", "reminder": "day-before-reminder"}'),
        "conf.py: field 'playbook_kit_emails['invitation']': 'pairing-session' is not a email"),
    "an outcome e-mail that is not there": (
        in_conf('playbook_outcome_emails = {"hire": "outcome-hire", "reject": "gone", '
                '"more-info": "outcome-more-info"}'),
        "conf.py: field 'playbook_outcome_emails['reject']': 'gone' is not a email"),
    "a removed template the kit uses": (
        lambda docs: (docs / "playbook/emails/day-before-reminder.yaml").unlink(),
        "field 'playbook_kit_emails['reminder']': 'day-before-reminder' is not a email"),
}


@pytest.mark.parametrize("case", CHECK_CASES)
def test_check_names_the_setting_that_names_a_missing_artifact(case: str, fork: Path) -> None:
    change, expected = CHECK_CASES[case]
    change(fork)
    before = snapshot(fork.parent)
    code, out, err = run("check", docs=fork)
    assert snapshot(fork.parent) == before
    assert (code, err) == (1, "1 problem(s) found\n")
    assert out.count("\n") == 1 and expected in out, out


@pytest.mark.parametrize("case", CHECK_CASES)
@pytest.mark.usefixtures("no_pdfs")
def test_kit_refuses_a_setting_that_names_a_missing_artifact(case: str, fork: Path,
                                                             tmp_path: Path) -> None:
    change, expected = CHECK_CASES[case]
    change(fork)
    (tmp_path / "candidate.yaml").write_text(CANDIDATE, encoding="utf-8")
    refused(["kit", str(tmp_path / "candidate.yaml"), "-o", str(tmp_path / "kit")], [expected],
            watch=(tmp_path,), docs=fork)


@pytest.mark.parametrize(("argv", "expected"), [
    (["show", "nope"], "no artifact with id 'nope'; `playbook list` shows the ids"),
    (["show", "pairing-session", "--width", "29"], "--width 29: give at least 30 columns"),
    (["render", "nope", "-f", "txt"], "no artifact with id 'nope'"),
    (["render", "pairing-session", "-f", "md", "-o", "/dev/zero"], "is not a regular file"),
    (["email", "pairing-session", "--example"], "is a checklist, not a email template"),
    (["--docs", "/nowhere", "check"], "--docs /nowhere: no such folder"),
    (["--docs", "/nowhere", "show", "pairing-session"], "--docs /nowhere: no such folder"),
    (["--docs", "/nowhere", "render", "pairing-session", "-f", "txt"],
     "--docs /nowhere: no such folder"),
])
@pytest.mark.usefixtures("handbook_once")
def test_bad_ids_and_options(argv: list[str], expected: str, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    refused(argv, [expected], watch=(tmp_path,))


@pytest.mark.parametrize(("target", "expected"), [
    ("{tmp}", "is a folder; give a file name"),
    ("/dev/null", "is not a regular file"),
    ("{tmp}/afile/card.pdf", "is a file, not a folder"),
], ids=["a folder", "a device", "under a file"])
@pytest.mark.usefixtures("handbook_once")
def test_render_checks_the_output_before_it_renders(target: str, expected: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from playbook_tools.render.pdf import printout as pdf

    def refuse(*args: object) -> bytes:
        raise AssertionError("a PDF was rendered before the output was checked")

    monkeypatch.setattr(pdf, "render_pdf", refuse)
    (tmp_path / "afile").write_text("x")
    refused(["render", "pairing-engineer", "-f", "pdf", "-o", target.format(tmp=tmp_path)],
            [expected], watch=(tmp_path,))
