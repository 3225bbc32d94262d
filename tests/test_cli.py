"""The `playbook` command in-process: list, check, show, render, help and errors."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from playbook_tools.cli import build_parser, main
from playbook_tools.model.artifacts import Playbook
from playbook_tools.render.markdown import render_markdown
from playbook_tools.render.text import render_text
from playbook_tools.sphinx.reference import subcommands
from tests.conftest import REPO, ROOTS, run_playbook

run = run_playbook


def test_list_shows_every_artifact(playbook: Playbook) -> None:
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "KIND", "TITLE", "AUDIENCE", "STAGE", "PAGE"]
    assert len(lines) == len(playbook.artifacts) + 1
    for artifact in playbook:
        assert any(line.startswith(artifact.id + " ") and line.endswith(artifact.page)
                   for line in lines)


def test_list_json_has_the_documented_shape(playbook: Playbook) -> None:
    code, out, _ = run("list", "--json")
    assert code == 0
    entries = {entry["id"]: entry for entry in json.loads(out)}
    assert set(entries) == set(playbook.artifacts)
    invitation = entries["invitation"]
    assert {"id", "kind", "title", "summary", "audience", "stage", "page", "source", "sender",
            "variables"} == set(invitation)
    template = playbook.email("invitation")
    assert invitation["variables"] == [
        {"name": v.name, "description": v.description, "example": v.example}
        for v in template.variables]
    assert "variables" not in entries["pairing-session"]


def test_list_kind_filter() -> None:
    _, out, _ = run("list", "--kind", "scorecard", "--json")
    assert {entry["kind"] for entry in json.loads(out)} == {"scorecard"}


def test_check_passes_on_the_handbook() -> None:
    code, out, err = run("check")
    assert (code, err) == (0, "")
    assert out.startswith("ok: 8 checklists, 2 scorecards, 9 email templates")


def add_unknown_field(docs: Path) -> None:
    path = docs / "playbook/checklists/prep.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("page: checklist\n", "page: checklist\ncolour: red\n"),
                    encoding="utf-8")


def test_check_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-playbook", docs)
    add_unknown_field(docs)
    (docs / "templates/email/hello.txt.j2").write_text("Hi {{ name }} {{ typo }}\n")
    code, out, err = run("check", docs=docs)
    assert code == 1
    assert out.splitlines() == [
        "docs/playbook/checklists/prep.yaml:8: artifact 'prep': field 'colour': unknown field; "
        "valid fields: audience, id, items, kind, page, stage, summary, title",
        "docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'body': uses 'typo', "
        "which is not declared under variables",
    ]
    assert err == "2 problem(s) found\n"


def test_other_commands_report_content_problems_too(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOTS / "test-playbook", docs)
    add_unknown_field(docs)
    code, out, err = run("list", docs=docs)
    assert code == 1 and out == ""
    assert err.startswith("docs/playbook/checklists/prep.yaml:8: artifact 'prep'")
    assert "Traceback" not in err


def test_show_prints_the_text_view(playbook: Playbook) -> None:
    code, out, _ = run("show", "pairing-session", "--width", "78")
    assert code == 0
    assert out == render_text(playbook.get("pairing-session"), playbook.config, 78)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_render_text_formats_to_stdout_and_file(tmp_path: Path, playbook: Playbook,
                                                fmt: str) -> None:
    code, out, _ = run("render", "interviewer-preparation", "--format", fmt)
    assert code == 0
    target = tmp_path / f"prep.{fmt}"
    assert run("render", "interviewer-preparation", "--format", fmt, "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == out
    if fmt == "md":
        assert out == render_markdown(playbook.get("interviewer-preparation"), playbook.config)
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "@page { size: A4;" in out


def test_render_pdf_to_file(tmp_path: Path) -> None:
    target = tmp_path / "card.pdf"
    code, _, err = run("render", "pairing-engineer", "-f", "pdf", "--paper", "letter",
                       "-o", str(target))
    assert (code, err) == (0, "")
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["card.pdf"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "nope"], "playbook: error: no artifact with id 'nope'; `playbook list` shows the ids"),
        (["email", "pairing-session", "--example"],
         "playbook: error: artifact 'pairing-session' is a checklist, not a email template"),
        (["render", "pairing-session", "-f", "txt", "-o", str(REPO / "README.md" / "y.txt")], "is a file, not a folder"),
    ],
)
def test_bad_requests_are_one_line_errors(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert code == 1 and out == ""
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_setting_in_conf_py_is_one_line(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "test-playbook", tmp_path / "site")
    conf = tmp_path / "site" / "conf.py"
    conf.write_text(conf.read_text() + 'playbook_paper = "A5"\n')
    code, _, err = run("list", docs=tmp_path / "site")
    assert code == 1
    assert err == (f"playbook: error: {conf}: playbook_paper is 'A5'; "
                   "expected one of 'a4', 'letter'\n")


def test_every_subcommand_has_help_with_an_example() -> None:
    parser = build_parser()
    commands = subcommands(parser)
    assert {"list", "check", "show", "render", "email"} <= set(commands)
    for name, sub in commands.items():
        text = sub.format_help()
        assert "example:" in text and f"playbook {name}" in text.split("example:")[1], name


def test_help_exits_zero_and_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    # argparse prints to sys.stdout/sys.stderr itself; main() turns its exit into a return code.
    assert main(["--help"]) == 0
    assert "Render, send and run the interview playbook" in capsys.readouterr().out
    assert main(["render", "x"]) == 2
    assert "the following arguments are required: --format" in capsys.readouterr().err


def test_finds_the_handbook_from_a_subfolder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO / "docs" / "interviewing")
    out = io.StringIO()
    assert main(["check"], out, io.StringIO()) == 0
