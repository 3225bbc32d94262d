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
    conf.write_text(text + '\nplaybook_languages = ["en"]\nplaybook_kit_checklists = ["interviewer-preparation", '
                    '"pairing-session", "retrospective-and-after", "feedback-bias-check", '
                    '"visitor-badge"]\n', encoding="utf-8")
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
    for setting in ("playbook_kit_emails", "playbook_kit_checklists", "playbook_outcome_emails"):
        assert f"`{setting}`" in page
    assert "extra:" in page and "playbook check" in page
    assert "the kit does not fill" in page  # the note `check` prints, quoted
