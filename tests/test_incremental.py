"""Incremental builds equal clean builds, and a parallel build equals a serial one.

`make serve` rebuilds in the same output folder on every save, so a page or a download that only
a clean build gets right is one that a reader of the live site gets wrong (issue 9: the
printables index missed an artifact added since the last build).

Every build runs in a separate process, as on the command line: ``-j 2`` forks readers, and an
in-process build would leave docutils nodes registered for the other tests.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOTS

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
# read and write in parallel (it does so only from six documents on).
LINKS = "# Links {n}\n\nSee {{playbook:artifact}}`card` and {{playbook:artifact}}`wrapup`.\n"
EXTRA_PAGES = [f"links{n}" for n in range(1, 7)]


def sphinx_build(srcdir: Path, outdir: Path, *options: str) -> None:
    """``sphinx-build -W`` with the PDF downloads on, its doctrees beside the output."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-D", "playbook_pdf=1", *options, "-d", str(outdir.parent / f"{outdir.name}-doctrees"),
         str(srcdir), str(outdir)],
        capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0 and not result.stderr, result.stderr


def change_root(srcdir: Path) -> None:
    """Add an artifact and embed it, rename an artifact's title, delete one, add pages."""
    (srcdir / "playbook/checklists/wrapup.yaml").write_text(WRAPUP, encoding="utf-8")
    card = srcdir / "playbook/scorecards/card.yaml"
    card.write_text(card.read_text().replace("title: Test card", "title: Renamed card"))
    (srcdir / "playbook/checklists/prep.yaml").unlink()
    (srcdir / "checklist.md").write_text(
        "# Checklist page\n\n```{playbook-checklist} wrapup\n```\n", encoding="utf-8")
    for number, page in enumerate(EXTRA_PAGES, 1):
        (srcdir / f"{page}.md").write_text(LINKS.format(n=number), encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("email\n```", "email\n" + "\n".join(EXTRA_PAGES)
                                               + "\n```"))


# Bits that differ between two correct builds: the search index's inner order and the build's
# own bookkeeping, which records how the build ran, not what it made.
VOLATILE = {".buildinfo", ".doctrees"}


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name == "searchindex.js":
        # The same entries; Sphinx does not promise their order after an incremental build.
        return b"\n".join(sorted(re.split(rb"[,\[\]{}]", data)))
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


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The changed root, built from nothing: what every other build must equal."""
    base = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOTS / "test-playbook", base / "src")
    change_root(base / "src")
    sphinx_build(base / "src", base / "html")
    return base / "html"


def test_an_incremental_build_equals_a_clean_build(tmp_path: Path, clean_build: Path) -> None:
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    sphinx_build(srcdir, outdir)
    assert (outdir / "_downloads/playbook/prep-a4.pdf").is_file()
    change_root(srcdir)
    sphinx_build(srcdir, outdir)
    index = (outdir / "index.html").read_text(encoding="utf-8")
    assert "Wrap up the day" in index and "Renamed card" in index
    assert "Prepare the room" not in index
    assert not (outdir / "_downloads/playbook/prep-a4.pdf").exists()
    assert_same_site(outdir, clean_build)


def test_a_parallel_build_equals_a_serial_build(tmp_path: Path, clean_build: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    change_root(srcdir)
    sphinx_build(srcdir, tmp_path / "html", "-j", "2")
    assert_same_site(tmp_path / "html", clean_build)

