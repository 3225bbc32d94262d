"""Shared fixtures: the real handbook, built once per test session into a temporary folder."""

from __future__ import annotations

import io
import shutil
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
    from playbook_tools.model import load_playbook

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
    """The real docs, built as `make html` builds them (-W -n), never into the source tree."""
    from sphinx.application import Sphinx

    base = tmp_path_factory.mktemp("site")
    warnings, status = io.StringIO(), io.StringIO()
    app = Sphinx(
        srcdir=str(DOCS), confdir=str(REPO), outdir=str(base / "html"),
        doctreedir=str(base / "doctrees"), buildername="html",
        status=status, warning=warnings, warningiserror=True, keep_going=True,
        confoverrides={"nitpicky": True},
    )
    app.build()
    yield BuiltSite(base / "html", warnings.getvalue(), status.getvalue())
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
