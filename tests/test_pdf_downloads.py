"""PDF downloads are cached by content: a prose edit renders none, an artifact edit renders its own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOTS


def build(srcdir: Path) -> dict[str, int]:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-D", "playbook_pdf=1",
         str(srcdir), str(srcdir / "_build" / "html"), "-d", str(srcdir / "_build" / "doctrees")],
        check=True, capture_output=True, text=True,
    )
    counts: dict[str, int] = json.loads(
        (srcdir / "_build" / "doctrees" / "playbook-pdf" / "last-build.json").read_text())
    return counts


def test_only_changed_artifacts_are_rendered_again(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    # Two printables (a checklist and a scorecard), each in A4 and US Letter.
    assert build(srcdir) == {"rendered": 4, "cached": 0}
    downloads = srcdir / "_build" / "html" / "_downloads" / "playbook"
    assert sorted(p.name for p in downloads.iterdir()) == [
        "card-a4.pdf", "card-letter.pdf", "prep-a4.pdf", "prep-letter.pdf"]

    page = srcdir / "checklist.md"
    page.write_text(page.read_text() + "\nA new paragraph of prose.\n")
    assert build(srcdir) == {"rendered": 0, "cached": 4}

    checklist = srcdir / "playbook" / "checklists" / "prep.yaml"
    checklist.write_text(checklist.read_text().replace("Clear your calendar.", "Clear the day."))
    assert build(srcdir) == {"rendered": 2, "cached": 2}
    assert b"%PDF-" in (downloads / "prep-a4.pdf").read_bytes()[:8]

    # A fork's own layout for checklists renders the checklists again, and only them.
    layouts = srcdir / "templates" / "print"
    layouts.mkdir()
    (layouts / "checklist.html.j2").write_text(
        '{% extends "print/base.html.j2" %}{% block content %}<ol class="playbook-checklist-items">'
        "{% for item in artifact.items %}<li>{{ item.text }}</li>{% endfor %}</ol>{% endblock %}")
    assert build(srcdir) == {"rendered": 2, "cached": 2}
