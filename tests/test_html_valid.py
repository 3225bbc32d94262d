"""Every built page, and every printable HTML, passes the Nu HTML Checker with zero errors.

The checker is the npm package vnu-jar (installed by the Makefile from package-lock.json) run
with the machine's Java, as TOOLCHAIN.md records.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from playbook_tools.model.artifacts import Playbook
from playbook_tools.render.printable import render_printable_html
from tests.conftest import JAVA, REPO, BuiltSite

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(files: list[Path]) -> dict[Path, list[str]]:
    """The checker's errors in each of ``files``, from one run of it (a Java start costs more
    than checking a page)."""
    if not VNU.is_file() or shutil.which("java") is None:
        pytest.fail("the Nu HTML Checker needs node_modules (make) and Java (.ci/run)")
    result = subprocess.run(
        [*JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True, text=True, check=False,
    )
    # The checker exits 1 when it finds an error and 0 when it finds none; anything else (no
    # Java, a broken jar, a file it cannot read) is a failure of the check, not a pass.
    messages = json.loads(result.stderr)["messages"] if result.stderr.strip() else []
    errors: dict[Path, list[str]] = {path: [] for path in files}
    for m in messages:
        if m.get("type") in ("error", "non-document-error"):
            path = Path(unquote(urlparse(m.get("url", "")).path))
            errors.setdefault(path, []).append(
                f"{path.name}:{m.get('lastLine')}: {m['message']}")
    assert result.returncode == (1 if any(errors.values()) else 0), (
        result.returncode, result.stderr[-2000:])
    assert errors.keys() == set(files), "the checker named a file it was not given"
    return errors


class Checked:
    def __init__(self, broken: Path, pages: list[Path], printables: list[Path],
                 errors: dict[Path, list[str]]) -> None:
        self.broken, self.pages, self.printables = broken, pages, printables
        self.errors = errors

    def of(self, files: list[Path]) -> list[str]:
        return [error for path in files for error in self.errors[path]]


@pytest.fixture(scope="module")
def checked(built_site: BuiltSite, playbook: Playbook,
            tmp_path_factory: pytest.TempPathFactory) -> Checked:
    """Every built page, every printable and a page with a known error, in one run of the
    checker: the error must be found in the same run that finds none in the handbook."""
    folder = tmp_path_factory.mktemp("html-valid")
    broken = folder / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p>",
                      encoding="utf-8")
    pages = [p for p in built_site.outdir.rglob("*.html")
             if not p.relative_to(built_site.outdir).as_posix().startswith("_")]
    printables = []
    for artifact in playbook:
        path = folder / f"{artifact.id}.html"
        path.write_text(render_printable_html(artifact, playbook, "a4"), encoding="utf-8")
        printables.append(path)
    return Checked(broken, pages, printables, check([broken, *pages, *printables]))


def test_the_checker_reports_an_error(checked: Checked) -> None:
    assert checked.of([checked.broken]) != []


def test_every_page_is_valid_html(checked: Checked) -> None:
    assert len(checked.pages) >= 20
    assert checked.of(checked.pages) == []


def test_every_printable_is_valid_html(checked: Checked, playbook: Playbook) -> None:
    assert len(checked.printables) == len(list(playbook))
    assert checked.of(checked.printables) == []
