"""Shared fixtures: the real handbook, built once per test session into a temporary folder."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
ROOTS = Path(__file__).resolve().parent / "roots"



@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``roots/test-<name>``."""
    return ROOTS


@pytest.fixture(scope="session")
def playbook():  # type: ignore[no-untyped-def]
    from playbook_tools.config import read_conf_py
    from playbook_tools.model.loader import load_playbook

    return load_playbook(DOCS, read_conf_py(REPO / "conf.py"))


class BuiltSite:
    def __init__(self, outdir: Path, warnings: str, status: str) -> None:
        self.outdir = outdir
        self.warnings = warnings
        self.status = status

    def page(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real docs, built exactly as `make html` builds them, never into the source tree.

    A separate process, as on the command line: Sphinx registers docutils nodes globally, and an
    in-process build would leak them into the test-root builds.
    """
    base = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-c", str(REPO), "-d", str(base / "doctrees"), str(DOCS), str(base / "html")],
        capture_output=True, text=True, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    yield BuiltSite(base / "html", result.stderr, result.stdout)
    shutil.rmtree(base, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (review the diff!)")


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Compare text with tests/golden/<name>, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")
    folder = Path(__file__).resolve().parent / "golden"

    def check(name: str, text: str) -> None:
        path = folder / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {path}; run pytest --update-golden"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"

    return check


def run_playbook(*argv: str, docs: Path = DOCS) -> tuple[int, str, str]:
    """`playbook --docs DOCS ARGV…` in-process: (exit code, stdout, stderr)."""
    from playbook_tools.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(["--docs", str(docs), *argv], out, err)
    return code, out.getvalue(), err.getvalue()
