"""Incremental builds equal clean builds, and a parallel build equals a serial one.

`make serve` rebuilds in the same output folder on every save, so a page or a download that only
a clean build gets right is one that a reader of the live site gets wrong (issue 9: the
printables index missed an artifact added since the last build).

The serial builds run in this process, one after another in the same folders, as
sphinx-autobuild runs them (Sphinx's test application puts back what each registered); the
parallel one runs as on the command line: ``-j 2`` forks readers, which a test worker should not.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOTS, sphinx_build_root

WRAPUP = """\
kind: checklist
id: wrapup
title: Wrap up the day
summary: What to do once the candidate has left.
audience: [interviewer]
stage: retrospective
page: checklist
items:
  - text: Write your notes before you talk to anyone.
"""
# Prose pages that only link to artifacts: with them the root has enough pages for Sphinx to
# read and write in parallel (it does so only from six documents on). They are orphans, so the
# index page's own source stays as it was: only the set of artifacts changes under it.
LINKS = ("---\norphan: true\n---\n# Links {n}\n\n"
         "See {{playbook:artifact}}`card` and {{playbook:artifact}}`wrapup`.\n")
EXTRA_PAGES = [f"links{n}" for n in range(1, 7)]


def build(srcdir: Path, builddir: Path) -> None:
    """``sphinx-build -W -n`` with the PDF downloads on, into ``builddir/html``."""
    built = sphinx_build_root(srcdir, builddir)
    assert (built.statuscode, built.warnings) == (0, ""), built.warnings


def parallel_build(srcdir: Path, builddir: Path) -> None:
    """The same with ``-j 2``, as a command."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-D", "playbook_pdf=1", "-j", "2", "-d", str(builddir / "doctrees"),
         str(srcdir), str(builddir / "html")],
        capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


def add_artifact(srcdir: Path) -> None:
    """A new checklist, embedded in its page: the index page's own source does not change."""
    (srcdir / "playbook/checklists/wrapup.yaml").write_text(WRAPUP, encoding="utf-8")
    page = srcdir / "checklist.md"
    page.write_text(page.read_text() + "\n```{playbook-checklist} wrapup\n```\n")


def rename_and_delete(srcdir: Path) -> None:
    """A new title for the scorecard; the first checklist deleted with its embed; more pages."""
    card = srcdir / "playbook/scorecards/card.yaml"
    card.write_text(card.read_text().replace("title: Test card", "title: Renamed card"))
    (srcdir / "playbook/checklists/prep.yaml").unlink()
    (srcdir / "checklist.md").write_text(
        "# Checklist page\n\n```{playbook-checklist} wrapup\n```\n", encoding="utf-8")
    for number, page in enumerate(EXTRA_PAGES, 1):
        (srcdir / f"{page}.md").write_text(LINKS.format(n=number), encoding="utf-8")


# The build's own bookkeeping records how the build ran, not what it made.
VOLATILE = {".buildinfo", ".doctrees"}


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "searchindex.js":
        # After an incremental build Sphinx keeps a word that no page holds any more, with an
        # empty list of pages; a search finds nothing for it either way.
        index = json.loads(data[len(b"Search.setIndex("):-1])
        for key in ("terms", "titleterms"):
            index[key] = {term: pages for term, pages in index[key].items() if pages != []}
        return json.dumps(index, sort_keys=True).encode()
    return data


def output_files(outdir: Path) -> dict[str, str]:
    """Every page and download of a build: relative path -> hash of its normalised bytes."""
    return {
        str(path.relative_to(outdir)): hashlib.sha256(normalised(path)).hexdigest()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and not VOLATILE & set(path.relative_to(outdir).parts)
    }


def assert_same_site(built: Path, reference: Path) -> None:
    mine, expected = output_files(built), output_files(reference)
    assert sorted(mine) == sorted(expected), "the two builds made different files"
    differ = [name for name in expected if mine[name] != expected[name]]
    assert not differ, f"these files differ from the clean build: {differ}"


class Builds:
    def __init__(self, base: Path) -> None:
        self.srcdir = base / "src"
        self.incremental = base / "incremental" / "html"
        self.clean = base / "clean" / "html"
        self.index_after_adding = ""


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    """The test root built, changed and built again twice in the same folder, as `make serve`
    does; then the changed root built from nothing, from the same source folder (a PDF's link
    back to its page holds the source folder's path)."""
    made = Builds(tmp_path_factory.mktemp("builds"))
    shutil.copytree(ROOTS / "test-playbook", made.srcdir)
    build(made.srcdir, made.incremental.parent)
    assert (made.incremental / "_downloads/playbook/prep-a4.pdf").is_file()
    add_artifact(made.srcdir)
    build(made.srcdir, made.incremental.parent)
    made.index_after_adding = (made.incremental / "index.html").read_text(encoding="utf-8")
    rename_and_delete(made.srcdir)
    build(made.srcdir, made.incremental.parent)
    build(made.srcdir, made.clean.parent)
    return made


def test_an_added_artifact_appears_in_the_printables_index(builds: Builds) -> None:
    # Issue 9: the page that embeds it was rebuilt, the index page was not.
    assert "Wrap up the day" in builds.index_after_adding
    assert "Prepare the room" in builds.index_after_adding


def test_a_renamed_and_a_deleted_artifact_leave_the_index(builds: Builds) -> None:
    index = (builds.incremental / "index.html").read_text(encoding="utf-8")
    assert "Wrap up the day" in index and "Renamed card" in index
    assert "Prepare the room" not in index and "Test card" not in index


def test_an_incremental_build_removes_the_downloads_of_a_removed_artifact(builds: Builds) -> None:
    downloads = builds.incremental / "_downloads/playbook"
    assert sorted(p.name for p in downloads.iterdir()) == [
        "card-a4.pdf", "card-letter.pdf", "wrapup-a4.pdf", "wrapup-letter.pdf"]


def test_an_incremental_build_equals_a_clean_build(builds: Builds) -> None:
    assert_same_site(builds.incremental, builds.clean)


def test_a_parallel_build_equals_a_serial_build(builds: Builds, tmp_path: Path) -> None:
    parallel_build(builds.srcdir, tmp_path / "parallel")
    assert_same_site(tmp_path / "parallel" / "html", builds.clean)


def test_the_playbook_assets_carry_a_checksum(builds: Builds) -> None:
    # Sphinx adds ?v=<checksum> so that a browser fetches a changed stylesheet, not its cache.
    page = (builds.clean / "index.html").read_text(encoding="utf-8")
    assert re.search(r"_static/playbook\.css\?v=[0-9a-f]+", page)
    assert re.search(r"_static/playbook\.js\?v=[0-9a-f]+", page)
