"""The loader: every kind of content error is one line naming file, line, artifact and field."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from playbook_tools.errors import ContentError
from playbook_tools.model.artifacts import Checklist, EmailTemplate, Scorecard
from playbook_tools.model.loader import load_playbook

ROOT = Path(__file__).parent / "roots" / "test-playbook"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A copy of a small valid handbook that each test breaks in one way."""
    target = tmp_path / "docs"
    shutil.copytree(ROOT, target)
    return target


def write(docs: Path, relative: str, text: str) -> None:
    (docs / relative).write_text(text, encoding="utf-8")


def problems(docs: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_playbook(docs)
    return [str(p) for p in caught.value.problems]


CHECKLIST = textwrap.dedent("""
    kind: checklist
    id: prep
    title: Prepare the room
    summary: Things to do.
    audience: [interviewer]
    stage: preparation
    page: checklist
    items:
      - text: Clear your calendar.
""").lstrip()


def test_valid_content_loads_into_typed_artifacts(docs: Path) -> None:
    playbook = load_playbook(docs)
    assert isinstance(playbook.get("prep"), Checklist)
    assert isinstance(playbook.get("card"), Scorecard)
    hello = playbook.email("hello")
    assert isinstance(hello, EmailTemplate)
    assert hello.variable_names == ("name", "day")
    assert playbook.checklist("prep").items[0].why == (
        "The interview is the most important meeting of your day.")
    assert [a.id for a in playbook.scorecard("card").areas] == ["testing", "talking"]


def test_malformed_yaml_names_file_and_line(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST + "  - text: [unclosed\n")
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:11: not valid YAML: "
        "did not find expected ',' or ']'"
    ]


def test_unknown_field_lists_valid_fields(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST + "colour: red\n")
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:10: artifact 'prep': field 'colour': unknown field; "
        "valid fields: audience, id, items, kind, page, stage, summary, title"
    ]


def test_missing_field(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST.replace("summary: Things to do.\n", ""))
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:1: artifact 'prep': field 'summary': is missing",
    ]


def test_wrong_type(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST.replace("[interviewer]", "interviewer"))
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:5: artifact 'prep': field 'audience': expected a list "
        "of: interviewer, coordinator, hiring-manager, senior-leader, interview-team"
    ]


def test_bad_choice_lists_valid_values(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST.replace("preparation", "prep-time"))
    [line] = problems(docs)
    assert line.startswith("docs/playbook/checklists/prep.yaml:6: artifact 'prep': field 'stage': "
                           "is 'prep-time'; expected one of: scheduling, preparation,")


def test_duplicate_id(docs: Path) -> None:
    (docs / "playbook" / "more").mkdir()
    write(docs, "playbook/more/prep.yaml", CHECKLIST)
    assert problems(docs) == [
        "docs/playbook/more/prep.yaml:1: artifact 'prep': field 'id': duplicate id; "
        "also used in docs/playbook/checklists/prep.yaml"
    ]


def test_id_must_match_file_name(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST.replace("id: prep", "id: other"))
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:2: artifact 'other': field 'id': "
        "must match the file name 'prep.yaml'"
    ]


def test_page_reference_must_exist(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST.replace("page: checklist", "page: nope"))
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:7: artifact 'prep': field 'page': no page 'nope' in "
        "docs/; give a docname such as 'interviewing/preparing' (no extension)"
    ]


def test_checklist_item_too_long_for_the_printout(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST.replace("Clear your calendar.", "x" * 120))
    assert problems(docs) == [
        "docs/playbook/checklists/prep.yaml:9: artifact 'prep': field 'items[0].text': "
        "is 120 characters; at most 110 fit"
    ]


def test_scorecard_needs_an_anchor_for_every_rating(docs: Path) -> None:
    path = docs / "playbook/scorecards/card.yaml"
    path.write_text(path.read_text().replace("      strong-yes: Tests first and explains why.\n", ""))
    assert problems(docs) == [
        "docs/playbook/scorecards/card.yaml:16: artifact 'card': "
        "field 'areas[0].anchors.strong-yes': is missing"
    ]


def test_ratings_yes_and_no_are_not_read_as_booleans(docs: Path) -> None:
    anchors = load_playbook(docs).scorecard("card").areas[0].anchors
    assert anchors["no"] == "Tests only after prompting."
    assert anchors["yes"] == "Tests first."


def test_template_syntax_error_names_the_template_line(docs: Path) -> None:
    write(docs, "templates/email/hello.txt.j2", "Hi {{ name }},\n\nSee you {% if day %}.\n")
    [line] = problems(docs)
    assert line.startswith(
        "docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'body': "
        "template syntax error at line 3 of email/hello.txt.j2: Unexpected end of template."
    )


def test_template_may_not_use_undeclared_variables(docs: Path) -> None:
    write(docs, "templates/email/hello.txt.j2", "Hi {{ name }}, {{ day }} {{ nickname }}\n")
    assert problems(docs) == [
        "docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'body': "
        "uses 'nickname', which is not declared under variables"
    ]


def test_declared_variable_must_be_used(docs: Path) -> None:
    write(docs, "templates/email/hello.txt.j2", "Hi {{ name }}\n")
    assert problems(docs) == [
        "docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'variables.day': "
        "is declared but the template never uses it"
    ]


def test_missing_body_template(docs: Path) -> None:
    (docs / "templates/email/hello.txt.j2").unlink()
    assert problems(docs) == [
        "docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'body': "
        "no template file templates/email/hello.txt.j2"
    ]


def test_every_problem_is_reported_in_one_pass(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST + "colour: red\n")
    write(docs, "templates/email/hello.txt.j2", "Hi {{ name }}\n")
    assert len(problems(docs)) == 2


def test_filters_on_variables_are_refused(docs: Path) -> None:
    write(docs, "templates/email/hello.txt.j2", "Hi {{ name | upper }}, see you {{ day }}\n")
    assert problems(docs) == [
        "docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'body': changes a variable "
        "with a filter or expression; write plain {{ name }} so the page can mark and fill it"
    ]


def test_template_that_is_not_utf8(docs: Path) -> None:
    (docs / "templates/email/hello.txt.j2").write_bytes(b"Hi {{ name }} \xff {{ day }}\n")
    [line] = problems(docs)
    assert line.startswith("docs/playbook/emails/hello.yaml:11: artifact 'hello': field 'body': "
                           "templates/email/hello.txt.j2 is not UTF-8 text")


def test_impossible_date_is_a_yaml_problem_not_a_crash(docs: Path) -> None:
    write(docs, "playbook/checklists/prep.yaml", CHECKLIST + "summary2: !!timestamp 2027-02-30\n")
    [line] = problems(docs)
    assert line.startswith("docs/playbook/checklists/prep.yaml: not valid YAML: ")
    assert "day is out of range" in line


def test_libyaml_reads_every_content_file_as_the_python_reader_does() -> None:
    """The loader uses libyaml's parser for speed; values, line numbers and refusals must be
    those of PyYAML's own reader, which it stands in for."""
    import yaml

    from playbook_tools import yamlsource

    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML has no libyaml")
    assert yamlsource._LOADER is not yamlsource._LineLoader

    def lines(value: object) -> object:
        if isinstance(value, dict):
            return (getattr(value, "line", None), getattr(value, "key_lines", None),
                    {k: lines(v) for k, v in value.items()})
        if isinstance(value, list):
            return (getattr(value, "line", None), getattr(value, "item_lines", None),
                    [lines(v) for v in value])
        return value

    root = Path(__file__).resolve().parent.parent
    files = [*(root / "docs").rglob("*.yaml"), *(root / "tests").rglob("*.yaml")]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yaml.load(text, Loader=yamlsource._LOADER)
        python = yaml.load(text, Loader=yamlsource._LineLoader)
        assert lines(fast) == lines(python), path
    for hostile in ("a: &x [1]\nb: *x\n", "a: " + "[" * 40 + "]" * 40 + "\n"):
        refusals = []
        for loader in (yamlsource._LOADER, yamlsource._LineLoader):
            with pytest.raises(yaml.composer.ComposerError) as caught:
                yaml.load(hostile, Loader=loader)
            refusals.append((caught.value.problem, caught.value.problem_mark.line))
        assert refusals[0] == refusals[1]
