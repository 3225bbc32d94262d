"""Every built page, and every printable HTML, passes the Nu HTML Checker with zero errors.

The checker is the npm package vnu-jar (installed by the Makefile from package-lock.json) run
with the machine's Java, as TOOLCHAIN.md records.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from playbook_tools.model.artifacts import Playbook
from playbook_tools.render.printable import render_printable_html
from tests.conftest import JAVA, REPO, BuiltSite

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(files: list[Path]) -> list[str]:
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("the Nu HTML Checker needs node_modules (make) and Java (.ci/run)")
    result = subprocess.run(
        [*JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    # The checker exits 1 when it finds an error and 0 when it finds none; anything else (no
    # Java, a broken jar, a file it cannot read) is a failure of the check, not a pass.
    messages = json.loads(result.stderr)["messages"] if result.stderr.strip() else []
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert result.returncode == (1 if errors else 0), (result.returncode, result.stderr[-2000:])
    return errors


def test_the_checker_reports_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p>",
                      encoding="utf-8")
    assert check([broken]) != []


def test_every_page_is_valid_html(built_site: BuiltSite) -> None:
    pages = [p for p in built_site.outdir.rglob("*.html")
             if not p.relative_to(built_site.outdir).as_posix().startswith("_")]
    assert len(pages) >= 20
    assert check(pages) == []


def test_every_printable_is_valid_html(playbook: Playbook, tmp_path: Path) -> None:
    files = []
    for artifact in playbook:
        path = tmp_path / f"{artifact.id}.html"
        path.write_text(render_printable_html(artifact, playbook, "a4"), encoding="utf-8")
        files.append(path)
    assert check(files) == []
