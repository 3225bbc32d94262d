"""A fork stays correct: another company's changes are checked by `playbook check`, build with
`-W -n`, and make a kit (issue 9).

The handbook is copied to a temporary folder and changed as a maintainer would change it, by
the steps the customising page gives: a new company name, a new variable in the invitation, a
new checklist in every interviewer's kit, and an email template removed from the handbook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DOCS, REPO, run_playbook

BADGES = """\
kind: checklist
id: visitor-badge
title: Collecting the visitor badge
summary: What the interviewer who meets the candidate does at reception.
audience: [interviewer]
stage: preparation
page: interviewing/preparing
items:
  - text: Ask reception for the visitor badge in the candidate's name.
    why: Reception needs a name from the interview team before it hands a badge out.
  - text: Walk the candidate to the room yourself.
"""
PORTAL = "https://portal.fork.example/amara"
REMOVED = "one-over-invitation"  # embedded in deciding/one-over; neither kit nor record uses it


def fork_handbook(site: Path) -> Path:
    """The handbook, forked and changed; returns its docs folder."""
    docs = site / "docs"
    shutil.copytree(DOCS, docs)
    conf = site / "conf.py"
    text = (REPO / "conf.py").read_text(encoding="utf-8")
    assert 'playbook_company = "Example Co"' in text
    text = text.replace('playbook_company = "Example Co"', 'playbook_company = "Fork Co"')
    # A fork that writes its own content keeps to English until it translates it (a language
    # whose catalogs are out of date fails `check`, which tests/test_cli.py covers).
    conf.write_text(text + '\nplaybook_languages = ["en"]\n', encoding="utf-8")
    # The new checklist goes into every pairing interviewer's kit: the format names it.
    pairing = docs / "playbook/formats/pairing.yaml"
    assert "feedback-bias-check]" in pairing.read_text(encoding="utf-8")
    pairing.write_text(pairing.read_text(encoding="utf-8").replace(
        "feedback-bias-check]", "feedback-bias-check, visitor-badge]"), encoding="utf-8")
    # A new variable in the invitation: declared in its YAML and used in its body.
    invitation = docs / "playbook/emails/invitation.yaml"
    invitation.write_text(invitation.read_text(encoding="utf-8") + (
        "  portal_url:\n"
        "    description: The candidate's page on our applicant portal.\n"
        f"    example: {PORTAL}\n"), encoding="utf-8")
    body = docs / "templates/email/invitation.txt.j2"
    body.write_text(body.read_text(encoding="utf-8").replace(
        "If you have any questions before the day,",
        "Your page on our portal, {{ portal_url }}, has the directions.\n\n"
        "If you have any questions before the day,"), encoding="utf-8")
    assert "portal_url" in body.read_text(encoding="utf-8")
    # A new checklist, embedded in the page its YAML names.
    (docs / "playbook/checklists/visitor-badge.yaml").write_text(BADGES, encoding="utf-8")
    page = docs / "interviewing/preparing.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\n## At reception\n\n```{playbook-checklist} visitor-badge\n```\n",
                    encoding="utf-8")
    # An email template removed, and the page that embedded it fixed.
    (docs / f"playbook/emails/{REMOVED}.yaml").unlink()
    (docs / f"templates/email/{REMOVED}.txt.j2").unlink()
    one_over = docs / "deciding/one-over.md"
    text = one_over.read_text(encoding="utf-8")
    embed = f"```{{playbook-email}} {REMOVED}\n```\n"
    assert embed in text
    one_over.write_text(text.replace(embed, ""), encoding="utf-8")
    assert REMOVED not in "".join(p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
    return docs


@pytest.fixture(scope="module")
def fork(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fork_handbook(tmp_path_factory.mktemp("fork") / "site")


def candidate_file(folder: Path, docs: Path, extra: dict[str, str] | None) -> Path:
    data: dict[str, Any] = yaml.safe_load((docs / "examples/candidate.yaml").read_text())
    data.pop("extra", None)
    if extra is not None:
        data["extra"] = extra
    path = folder / "amara.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The artifacts the kit renders as PDFs, with stand-in bytes: the site build renders the
    fork's PDFs, and the kit's own PDFs are test_kit.py's."""
    from playbook_tools.kit import printouts, writer

    made: list[str] = []

    def render(artifact: Any, *args: Any) -> bytes:
        made.append(artifact.id)
        return b"%PDF-1.7 " + artifact.id.encode()

    def in_this_process(*args: Any) -> Any:
        return printouts.start_printouts(*args[:-1], None)  # no worker pool: render here

    monkeypatch.setattr(printouts, "render_pdf", render)
    monkeypatch.setattr(writer, "start_printouts", in_this_process)
    return made


def test_check_tells_the_fork_what_every_candidate_file_must_give(fork: Path) -> None:
    code, out, err = run_playbook("check", docs=fork)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "note: kit e-mail 'invitation' (template 'invitation'): the kit does not fill "
        "'portal_url'; every candidate file must give it under extra: portal_url: ...",
        "ok: 9 checklists, 2 scorecards, 8 email templates",
    ]


def test_the_fork_builds_with_no_warning(fork: Path, tmp_path: Path) -> None:
    # -W -n as `make html`; without PDFs, which the test-root builds and the real build cover.
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-D", "playbook_pdf=0", "-c", str(fork.parent), "-d", str(tmp_path / "doctrees"),
         str(fork), str(tmp_path / "html")],
        capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"},
    )
    assert (result.returncode, result.stderr) == (0, "")
    preparing = (tmp_path / "html/interviewing/preparing.html").read_text(encoding="utf-8")
    assert "Collecting the visitor badge" in preparing
    printables = (tmp_path / "html/printables.html").read_text(encoding="utf-8")
    assert "Collecting the visitor badge" in printables
    assert f"playbook-{REMOVED}" not in printables
    scheduling = (tmp_path / "html/coordinating/scheduling.html").read_text(encoding="utf-8")
    assert "Fork Co" in scheduling and "portal_url" in scheduling
    assert "Example Co" not in scheduling


def test_a_kit_fills_the_new_variable_from_extra(fork: Path, tmp_path: Path,
                                                 rendered: list[str]) -> None:
    candidate = candidate_file(tmp_path, fork, {"portal_url": PORTAL})
    code, _, err = run_playbook("kit", str(candidate), "-o", str(tmp_path / "kit"), docs=fork)
    assert (code, err) == (0, "")
    invitation = (tmp_path / "kit/emails/invitation.eml").read_text(encoding="utf-8")
    assert PORTAL in invitation and "Fork Co" in invitation
    for folder in (tmp_path / "kit/interviewers").iterdir():
        assert (folder / "visitor-badge.pdf").read_bytes() == b"%PDF-1.7 visitor-badge"
    assert "visitor-badge" in rendered


def test_a_kit_without_the_new_variable_names_the_field(fork: Path, tmp_path: Path,
                                                        rendered: list[str]) -> None:
    candidate = candidate_file(tmp_path, fork, None)
    code, out, err = run_playbook("kit", str(candidate), "-o", str(tmp_path / "kit"), docs=fork)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert f"{candidate}: field 'extra.portal_url': is missing" in err
    assert "--set" not in err  # issue 9: an option `kit` does not have
    assert not (tmp_path / "kit").exists()
    assert rendered == []  # found before any PDF was made


def test_removing_a_template_the_kit_uses_fails_check_naming_the_setting(
        fork: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(fork.parent, broken)
    (broken / "docs/playbook/emails/team-schedule.yaml").unlink()
    (broken / "docs/templates/email/team-schedule.txt.j2").unlink()
    code, out, err = run_playbook("check", docs=broken / "docs")
    assert (code, err) == (1, "1 problem(s) found\n")
    assert out == ("conf.py: field 'playbook_kit_emails['team-schedule']': 'team-schedule' is "
                   "not a email; the emails are: " + out.split("the emails are: ")[1])


def test_the_customising_page_says_how_a_fork_adds_a_variable() -> None:
    page = (DOCS / "customising.md").read_text(encoding="utf-8")
    for setting in ("playbook_kit_emails", "playbook_outcome_emails"):
        assert f"`{setting}`" in page
    assert "extra:" in page and "playbook check" in page
    assert "the kit does not fill" in page  # the note `check` prints, quoted


# --------------------------------------------------------------------------------------------
# A new kind of content: one module in model/kinds/ and its layouts, no other Python changed.

QUESTION_BANK_KIND = '''"""A question bank: questions an interviewer may ask, each with what a good answer shows."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from playbook_tools.model.artifacts import Artifact
from playbook_tools.model.kinds import ArtifactKind, LoadContext
from playbook_tools.validation import Checker


@dataclasses.dataclass(frozen=True)
class Question:
    ask: str
    listen_for: str


@dataclasses.dataclass(frozen=True)
class QuestionBank(Artifact):
    printable: ClassVar[bool] = True
    questions: tuple[Question, ...] = ()


def build(data: Any, common: dict[str, Any], check: Checker, context: LoadContext) -> Artifact:
    questions = []
    for number, entry in enumerate(data.get("questions") or []):
        where = f"questions[{number}]"
        if check.fields(entry, where, {"ask", "listen_for"}):
            questions.append(Question(check.text(entry, "ask", where),
                                      check.text(entry, "listen_for", where)))
    return QuestionBank(**common, questions=tuple(questions))


KIND = ArtifactKind(
    name="question-bank", label="question bank", plural="question banks", order=4,
    fields=frozenset({"questions"}), optional=frozenset(), build=build,
    texts=(("questions", ("ask", "listen_for")),),
)
'''
QUESTION_BANK_LAYOUTS = {
    "print/question-bank.html.j2": (
        '{% extends "print/base.html.j2" %}\n{% block content %}\n<ol>\n'
        "{% for q in artifact.questions %}<li>{{ q.ask }} <em>{{ q.listen_for }}</em></li>\n"
        "{% endfor %}</ol>\n{% endblock %}\n"),
    "text/question-bank.txt.j2": (
        "{{ artifact.title }}\n\n{% for q in artifact.questions %}{{ loop.index }}. {{ q.ask }}\n"
        "   ({{ q.listen_for }})\n{% endfor %}"),
    "markdown/question-bank.md.j2": (
        "# {{ artifact.title }}\n\n{% for q in artifact.questions %}{{ loop.index }}. {{ q.ask }}"
        " _{{ q.listen_for }}_\n{% endfor %}"),
}
QUESTION_BANK = """\
kind: question-bank
id: warm-up-questions
title: Warm-up questions
summary: Questions that open the session.
audience: [interviewer]
stage: interview
page: questions
questions:
  - ask: What did you build most recently that you are proud of?
    listen_for: What they did themselves, and why it mattered.
  - ask: Which tool would you miss most on a new team?
    listen_for: How they work, not the tool's name.
"""


def _python_files(package: Path) -> dict[str, bytes]:
    return {str(p.relative_to(package)): p.read_bytes() for p in sorted(package.rglob("*.py"))
            if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def fork_with_a_new_kind(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the package with one new kind module and its layouts, and a small handbook
    (the Sphinx test root) that uses it: (the folder to put on PYTHONPATH, the site)."""
    base = tmp_path_factory.mktemp("new-kind")
    package = base / "code" / "playbook_tools"
    shutil.copytree(REPO / "playbook_tools", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (package / "model" / "kinds" / "question_bank.py").write_text(QUESTION_BANK_KIND)
    for name, text in QUESTION_BANK_LAYOUTS.items():
        (package / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (package / "templates" / name).write_text(text)
    site = base / "site"
    shutil.copytree(REPO / "tests" / "roots" / "test-playbook", site)
    (site / "playbook" / "questions").mkdir()
    (site / "playbook" / "questions" / "warm-up-questions.yaml").write_text(QUESTION_BANK)
    (site / "questions.md").write_text("# Questions\n\n```{playbook-artifact} warm-up-questions\n```\n")
    index = site / "index.md"
    index.write_text(index.read_text().replace("email\n```", "email\nquestions\n```"))
    return base / "code", site


def _in_fork(code: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env,
                          cwd=cwd, check=False, timeout=300)


def test_a_new_kind_needs_one_module_and_its_layouts(
        fork_with_a_new_kind: tuple[Path, Path]) -> None:
    """The fork's package differs from ours by one new Python file; everything else it needs
    is layouts. Listing, checking, showing and rendering all know the new kind."""
    code, site = fork_with_a_new_kind
    ours, theirs = _python_files(REPO / "playbook_tools"), _python_files(code / "playbook_tools")
    assert {name for name in theirs if theirs[name] != ours.get(name)} == {
        "model/kinds/question_bank.py"}
    playbook = ["-c", "from playbook_tools.cli import entry_point; entry_point()", "--docs",
                str(site)]
    listed = _in_fork(code, *playbook, "list", "--kind", "question-bank", cwd=site)
    assert listed.returncode == 0, listed.stderr
    assert "warm-up-questions" in listed.stdout and "question-bank" in listed.stdout
    unknown = _in_fork(code, *playbook, "list", "--kind", "question", cwd=site)
    assert unknown.returncode == 1
    assert unknown.stderr.endswith("the kinds are: checklist, scorecard, email, question-bank\n")
    shown = _in_fork(code, *playbook, "show", "warm-up-questions", cwd=site)
    assert shown.returncode == 0, shown.stderr
    assert "1. What did you build most recently" in shown.stdout
    markdown = _in_fork(code, *playbook, "render", "warm-up-questions", "-f", "md", cwd=site)
    assert "_How they work, not the tool's name._" in markdown.stdout, markdown.stderr
    html = _in_fork(code, *playbook, "render", "warm-up-questions", "-f", "html", cwd=site)
    assert "<li>Which tool would you miss most on a new team?" in html.stdout, html.stderr


def test_a_new_kind_shows_on_its_page_and_in_the_index(
        fork_with_a_new_kind: tuple[Path, Path]) -> None:
    code, site = fork_with_a_new_kind
    out = site.parent / "html"
    built = _in_fork(code, "-m", "sphinx", "-W", "-n", "-q", "-b", "html", str(site), str(out),
                     cwd=site)
    assert built.returncode == 0, built.stderr
    page = (out / "questions.html").read_text(encoding="utf-8")
    assert "What did you build most recently that you are proud of?" in page
    assert 'class="playbook-artifact playbook-question-bank' in page
    assert "Warm-up questions" in (out / "index.html").read_text(encoding="utf-8")
