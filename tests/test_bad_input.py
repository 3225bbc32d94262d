"""Bad input everywhere the build and the command accept it: one line, exit 1, nothing written.

Candidate files and filled scorecards have their own cases in test_kit.py and test_decide.py;
this suite covers the content, CSV files, --set values, data files and output paths, and fuzzes
the content loader.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.model.loader import load_playbook
from tests.conftest import ROOTS, run_playbook

run = run_playbook


def assert_one_line_error(code: int, out: str, err: str, *expected: str) -> None:
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for text in expected:
        assert text in err


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
