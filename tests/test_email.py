"""Emails: filled text, .eml files read back by Python's parser, header safety, mail merge."""

from __future__ import annotations

import csv
import email
import email.policy
import functools
import io
import json
from email.headerregistry import Address
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook_tools.cli import main
from playbook_tools.errors import PlaybookError
from playbook_tools.model.artifacts import Playbook
from playbook_tools.render import email as email_render
from tests.conftest import DOCS, run_playbook
from tests.helpers import parse_eml


@functools.cache
def _loaded() -> Playbook:
    # Loaded here, not taken as a fixture: hypothesis would print the whole playbook on failure.
    from playbook_tools.config import read_conf_py
    from playbook_tools.model.loader import load_playbook

    return load_playbook(DOCS, read_conf_py(DOCS.parent / "conf.py"))


run = run_playbook




def test_example_fills_every_variable(playbook: Playbook) -> None:
    code, out, err = run("email", "invitation", "--example")
    assert (code, err) == (0, "")
    filled = email_render.fill_example(playbook.email("invitation"), playbook.config)
    assert out == filled.as_text()
    for variable in playbook.email("invitation").variables:
        assert variable.example.splitlines()[0] in out
    assert "{{" not in out


def test_set_values_fill_the_template(playbook: Playbook) -> None:
    values = playbook.email("reschedule").example_values() | {"candidate_name": "Zoë Ağaoğlu"}
    code, out, _ = run("email", "reschedule", *(f"--set={k}={v}" for k, v in values.items()))
    assert code == 0
    assert "Zoë Ağaoğlu" in out


def test_missing_variable_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    code, out, err = run("email", "reschedule", "--set", "candidate_name=Amara", "-o", str(target))
    assert code == 1
    assert out == ""
    assert err.startswith("playbook: error: template 'reschedule': variable 'role' is missing")
    assert err.count("\n") == 1
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_unknown_variable_is_named(playbook: Playbook) -> None:
    values = playbook.email("reschedule").example_values()
    args = [f"--set={k}={v}" for k, v in values.items()] + ["--set=nickname=Ami"]
    code, _, err = run("email", "reschedule", *args)
    assert code == 1
    assert "template 'reschedule': unknown variable 'nickname'" in err


def test_data_file_in_yaml_and_json(tmp_path: Path, playbook: Playbook) -> None:
    values = playbook.email("outcome-hire").example_values()
    (tmp_path / "v.json").write_text(json.dumps(values), encoding="utf-8")
    (tmp_path / "v.yaml").write_text(
        "".join(f"{k}: {v!r}\n" for k, v in values.items()), encoding="utf-8")
    results = [run("email", "outcome-hire", "--data", str(tmp_path / name))
               for name in ("v.json", "v.yaml")]
    # Both files fill the template, and fill it the same: the exit codes are checked first, so
    # two identical error messages cannot pass for two identical emails.
    assert [(code, err) for code, _, err in results] == [(0, ""), (0, "")]
    expected = email_render.fill_example(playbook.email("outcome-hire"), playbook.config)
    assert [out for _, out, _ in results] == [expected.as_text()] * 2


def test_eml_round_trips_through_the_email_parser(tmp_path: Path, playbook: Playbook) -> None:
    target = tmp_path / "amara.eml"
    code, _, err = run("email", "invitation", "--example", "--eml",
                       "--to", "Amara Okafor <amara@example.org>", "-o", str(target))
    assert (code, err) == (0, "")
    message = parse_eml(target)
    filled = email_render.fill_example(playbook.email("invitation"), playbook.config)
    assert message["To"] == "Amara Okafor <amara@example.org>"
    assert message["From"] == playbook.config.email_from
    assert message["Subject"] == filled.subject
    assert message["Date"] and message["Message-ID"].endswith("@example.com>")
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert message.get_content_charset() == "utf-8"
    body = message.get_body(("plain",))
    assert body is not None
    assert body.get_content() == filled.body


def test_eml_needs_a_recipient_and_a_file(tmp_path: Path) -> None:
    code, _, err = run("email", "invitation", "--example", "--eml", "-o", str(tmp_path / "x.eml"))
    assert code == 1 and "--to" in err
    code, _, err = run("email", "invitation", "--example", "--eml", "--to", "not an address",
                       "-o", str(tmp_path / "x.eml"))
    assert code == 1 and "'not an address' is not an email address" in err
    assert list(tmp_path.iterdir()) == []


def test_eml_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    # Issue 9: like the merge, a draft someone may have edited is kept unless --force says so.
    target = tmp_path / "amara.eml"
    target.write_text("a draft edited by hand")
    args = ["email", "invitation", "--example", "--eml", "--to", "amara@example.org",
            "-o", str(target)]
    code, out, err = run(*args)
    assert (code, out) == (1, "")
    assert err == f"playbook: error: -o {target}: exists; use --force to overwrite\n"
    assert target.read_text() == "a draft edited by hand"
    assert [p.name for p in tmp_path.iterdir()] == ["amara.eml"]
    assert run(*args, "--force")[:2] == (0, "")
    assert parse_eml(target)["To"] == "amara@example.org"


EXPECTED_HEADERS = ["From", "To", "X-Unsent", "Subject", "Date", "Message-ID", "MIME-Version",
                    "Content-Type", "Content-Transfer-Encoding"]


@settings(max_examples=150, deadline=None)
@given(value=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60)
       .filter(lambda s: s.strip()),
       injected=st.sampled_from(["\r\nBcc: spy@example.net", "\nSubject: second",
                                 "\rX-Evil: 1", "\n\nbody takeover", ""]))
def test_no_value_can_inject_a_header(value: str, injected: str) -> None:
    playbook = _loaded()
    # team-schedule puts candidate_name in the subject as well as the body.
    template = playbook.email("team-schedule")
    assert "candidate_name" in template.subject
    values = template.example_values() | {"candidate_name": value + injected}
    filled = email_render.fill(template, values, playbook.config)
    message = email_render.build_message(
        filled, email_render.parse_address("a@example.org", "to"),
        email_render.parse_address(playbook.config.email_from, "from"))
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert sorted(parsed.keys()) == sorted(EXPECTED_HEADERS)
    assert "\n" not in parsed["Subject"] and "\r" not in parsed["Subject"]
    assert parsed["Subject"] == email_render.single_line(filled.subject)
    body = parsed.get_body(("plain",))
    assert body is not None and body.get_content() == filled.body


@given(before=st.text(max_size=20), brk=st.sampled_from(["\n", "\r", "\r\n"]),
       after=st.text(max_size=20))
def test_addresses_with_line_breaks_are_refused(before: str, brk: str, after: str) -> None:
    with pytest.raises(PlaybookError, match="line break"):
        email_render.parse_address(f"{before}{brk}{after}@example.org", "--to")


# --------------------------------------------------------------------------------------------
# Mail merge


def write_csv(path: Path, playbook: Playbook, names: list[str], bom: bool = False,
              blank: tuple[int, str] | None = None) -> None:
    template = playbook.email("invitation")
    columns = ["candidate_name", "email", *[n for n in template.variable_names
                                            if n != "candidate_name"]]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns)
        writer.writeheader()
        for number, name in enumerate(names):
            row = template.example_values() | {"candidate_name": name,
                                               "email": f"person{number}@example.org"}
            if blank and blank[0] == number:
                row[blank[1]] = ""
            writer.writerow(row)


def test_merge_writes_one_parsable_message_per_row(tmp_path: Path, playbook: Playbook) -> None:
    # A hundred rows show one message per row; the speed of ten thousand is `make bench`'s.
    names = [f"Candidate {n}" for n in range(100)]
    write_csv(tmp_path / "people.csv", playbook, names)
    outbox = tmp_path / "outbox"
    code, out, err = run("email", "invitation", "--csv", str(tmp_path / "people.csv"),
                         "-o", str(outbox))
    assert (code, err) == (0, "")
    assert out == f"wrote 100 messages to {outbox}\n"
    files = sorted(outbox.iterdir())
    assert len(files) == 100
    message = parse_eml(outbox / "candidate-7.eml")
    assert message["To"] == "person7@example.org"
    body = message.get_body(("plain",))
    assert body is not None and "Candidate 7" in body.get_content()
    assert not [f for f in files if f.name.endswith(".tmp")]


def test_a_bad_row_leaves_the_folder_untouched(tmp_path: Path, playbook: Playbook) -> None:
    names = [f"Candidate {n}" for n in range(100)]
    write_csv(tmp_path / "people.csv", playbook, names, blank=(98, "date"))
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "keep.txt").write_text("mine")
    code, _, err = run("email", "invitation", "--csv", str(tmp_path / "people.csv"),
                         "-o", str(outbox))
    assert code == 1
    # Rows are counted from 1 below the header.
    assert err == f"playbook: error: {tmp_path / 'people.csv'}: row 99, column 'date': is empty\n"
    assert [p.name for p in outbox.iterdir()] == ["keep.txt"]


def test_bom_quotes_and_non_ascii_names(tmp_path: Path, playbook: Playbook) -> None:
    write_csv(tmp_path / "people.csv", playbook,
              ["José Ñúñez", 'Amara "Ami" Okafor', "Lê, Thị Thu"], bom=True)
    code, _, err = run("email", "invitation", "--csv", str(tmp_path / "people.csv"),
                       "-o", str(tmp_path / "out"))
    assert (code, err) == (0, "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "amara-ami-okafor.eml", "jose-nunez.eml", "le-thi-thu.eml"]
    body = parse_eml(tmp_path / "out" / "jose-nunez.eml").get_body(("plain",))
    assert body is not None and "José Ñúñez" in body.get_content()


def test_existing_files_need_force(tmp_path: Path, playbook: Playbook) -> None:
    write_csv(tmp_path / "people.csv", playbook, ["Amara Okafor"])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "amara-okafor.eml").write_text("earlier")
    args = ["email", "invitation", "--csv", str(tmp_path / "people.csv"), "-o", str(tmp_path / "out")]
    code, _, err = run(*args)
    assert code == 1 and "exists; use --force to overwrite" in err
    assert (tmp_path / "out" / "amara-okafor.eml").read_text() == "earlier"
    assert run(*args, "--force")[0] == 0
    assert parse_eml(tmp_path / "out" / "amara-okafor.eml")["To"] == "person0@example.org"


@pytest.mark.parametrize("name", ["../escape", "a/b", "..", ".hidden"])
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, playbook: Playbook,
                                                  name: str) -> None:
    write_csv(tmp_path / "people.csv", playbook, ["Fine Name", name])
    code, _, err = run("email", "invitation", "--csv", str(tmp_path / "people.csv"),
                       "-o", str(tmp_path / "out"))
    assert code == 1
    assert "row 2, column 'candidate_name'" in err
    assert "cannot be a file name" in err
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.eml").exists()


def test_unknown_column_is_named(tmp_path: Path, playbook: Playbook) -> None:
    (tmp_path / "x.csv").write_text("candidate_name,email,shoe_size\nA,a@example.org,9\n")
    code, _, err = run("email", "invitation", "--csv", str(tmp_path / "x.csv"), "-o", str(tmp_path / "o"))
    assert code == 1 and "column 'shoe_size' is not a variable of template 'invitation'" in err


@pytest.mark.parametrize("twice", ["email", "role", "candidate_name"])
def test_a_column_given_twice_is_named(tmp_path: Path, playbook: Playbook, twice: str) -> None:
    # Issue 9: csv.DictReader keeps the last of two same-named columns without a word.
    columns = ["candidate_name", "email", *playbook.email("reschedule").variable_names[1:]]
    values = playbook.email("reschedule").example_values() | {"email": "a@example.org"}
    header = [*columns, twice]
    row = [values[c] for c in columns] + [values[twice]]
    (tmp_path / "x.csv").write_text(",".join(header) + "\n" + ",".join(row) + "\n")
    code, out, err = run("email", "reschedule", "--csv", str(tmp_path / "x.csv"),
                         "-o", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert err == (f"playbook: error: {tmp_path / 'x.csv'}: column '{twice}' appears twice in "
                   "the header; give each column once\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("template_id", ["team-schedule", "invitation", "outcome-more-info"])
def test_long_subjects_read_back_unchanged(template_id: str) -> None:
    playbook = _loaded()
    template = playbook.email(template_id)
    values = template.example_values() | {"candidate_name": "Maximiliana Alexandrova-Featherstonehaugh"}
    filled = email_render.fill(template, values, playbook.config)
    message = email_render.build_message(
        filled, email_render.parse_address("a@example.org", "to"),
        email_render.parse_address(playbook.config.email_from, "from"))
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Subject"] == filled.subject


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_merge_shows_progress_in_a_terminal_only(tmp_path: Path, playbook: Playbook) -> None:
    write_csv(tmp_path / "people.csv", playbook, [f"Person {n}" for n in range(25)])
    terminal = _Terminal()
    argv = ["--docs", str(DOCS), "email", "invitation", "--csv", str(tmp_path / "people.csv")]
    assert main([*argv, "-o", str(tmp_path / "a")], terminal, io.StringIO()) == 0
    shown = terminal.getvalue()
    assert shown.count("\r[") == 25 and "] 25/25\nwrote 25 messages" in shown
    piped = io.StringIO()
    assert main([*argv, "-o", str(tmp_path / "b")], piped, io.StringIO()) == 0
    assert "\r" not in piped.getvalue()


# --------------------------------------------------------------------------------------------
# Issue 20: every e-mail of a kit within RFC 2045 and 5322, read alike by two parsers


@pytest.fixture(scope="module")
def rebuilt_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kit rebuilt without Aisha: invitations, updates and cancellations."""
    from tests.helpers import EXAMPLE, build_kit, candidate_file, drop_aisha

    base = tmp_path_factory.mktemp("mail")
    build_kit(EXAMPLE, base / "amara")
    build_kit(candidate_file(base, drop_aisha), base / "amara", "--force")
    return base / "amara"


def test_every_kit_email_keeps_the_line_rules(rebuilt_kit: Path) -> None:
    from tests.mail_rules import mime_problems

    files = sorted((rebuilt_kit / "emails").glob("*.eml"))
    assert len(files) >= 8
    for path in files:
        assert mime_problems(path.read_bytes()) == [], path.name


def test_long_lines_are_encoded_at_76_and_the_subject_stays_one_line() -> None:
    from tests.mail_rules import mime_problems

    long_subject = "A subject that is long enough to be folded by a careless policy " * 3
    filled = email_render.FilledEmail("x", long_subject.strip(), "é" * 400 + "\n" + "x" * 900)
    message = email_render.build_message(
        filled, [Address("Amara Okafor", addr_spec="amara@example.org")],
        Address("Example Co Hiring", addr_spec="hiring@example.com"))
    raw = message.as_bytes()
    assert mime_problems(raw) == []
    back = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(back["Subject"]) == long_subject.strip()
    body = back.get_body(("plain",))
    assert body is not None and body.get_content() == filled.body + "\n"


def test_a_second_parser_reads_every_email_alike(rebuilt_kit: Path) -> None:
    from tests.mail_rules import as_python_reads, node_available, parse_with_mailparser

    if not node_available():
        pytest.skip("npm mailparser is not installed (npm ci)")
    files = sorted((rebuilt_kit / "emails").glob("*.eml"))
    by_node = parse_with_mailparser(files)
    for path, node in zip(files, by_node, strict=True):
        node["calendars"] = sorted(tuple(c) for c in node["calendars"])
        assert node == as_python_reads(path), path.name


def test_mailto_links_stay_under_2000_characters_with_crlf(rebuilt_kit: Path) -> None:
    import html
    import re
    import urllib.parse

    page = (rebuilt_kit / "index.html").read_text(encoding="utf-8")
    links = [html.unescape(m) for m in re.findall(r'href="(mailto:[^"]*)"', page)]
    assert len(links) == len(list((rebuilt_kit / "emails").glob("*.eml")))
    with_body = [link for link in links if "body=" in link]
    assert with_body and len(with_body) < len(links)  # the long invitation goes without
    for link in links:
        assert len(link) < 2000
        assert "%0A" not in link.replace("%0D%0A", "")  # RFC 6068: CRLF line breaks
    for link in with_body:
        body = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["body"][0]
        assert "\r\n" in body and "\n" not in body.replace("\r\n", "")
    assert page.count("the body is too long for a link") == len(links) - len(with_body)
