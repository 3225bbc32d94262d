"""Shared fixtures: the real handbook, built once per test session into a temporary folder."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
ROOTS = Path(__file__).resolve().parent / "roots"

# No test keeps PDFs or compiled layouts in, or takes them from, the user's cache folder: each
# build renders what it says it renders. The tests of that cache name a folder of their own.
os.environ["PLAYBOOK_CACHE"] = "off"

# Hypothesis keeps nothing in the repository (.hypothesis/): neither examples nor the
# constants it caches from the source; its folder is the system's temporary one.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(tempfile.gettempdir()) / "playbook-tests-hypothesis"))

try:  # and no example database at all
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("playbook", database=None)
    _hypothesis_settings.load_profile("playbook")
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass


@pytest.fixture(scope="session", autouse=True)
def records_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where `decide --record` keeps records during the tests: a folder of the run's own, never
    the repository's records/ (playbook_records_dir)."""
    folder = tmp_path_factory.mktemp("records")
    os.environ["PLAYBOOK_RECORDS_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``roots/test-<name>``."""
    return ROOTS


@pytest.fixture(scope="session")
def playbook():  # type: ignore[no-untyped-def]
    from playbook_tools.config import read_conf_py
    from playbook_tools.model.loader import load_playbook

    return load_playbook(DOCS, read_conf_py(REPO / "conf.py"))


@pytest.fixture
def build_root(tmp_path: Path, make_app):  # type: ignore[no-untyped-def]
    """Build a copy of ``roots/test-playbook`` with a few files changed for this test.

    ``edits`` maps a path inside the root to its new text, to a function of the old text, or to
    None to delete it. A build that stops with an error raises it with ``.warnings`` attached.
    """
    def build(edits: dict[str, Any] | None = None, buildername: str = "html"):  # type: ignore[no-untyped-def]
        srcdir = tmp_path / "root"
        shutil.rmtree(srcdir, ignore_errors=True)
        shutil.copytree(ROOTS / "test-playbook", srcdir)
        for relative, change in (edits or {}).items():
            path = srcdir / relative
            if change is None:
                path.unlink()
            else:
                old = path.read_text(encoding="utf-8") if path.exists() else ""
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(change(old) if callable(change) else change, encoding="utf-8")
        warnings = io.StringIO()
        try:
            app = make_app(buildername, srcdir=srcdir, warning=warnings)
            app.build()
        except Exception as exc:
            exc.warnings = warnings.getvalue()  # type: ignore[attr-defined]
            raise
        return app

    return build


class BuiltSite:
    def __init__(self, outdir: Path, warnings: str, status: str) -> None:
        self.outdir = outdir
        self.warnings = warnings
        self.status = status

    def page(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real docs, built exactly as `make html` builds them: English at the root, German in
    de/, never into the source tree.

    Separate processes, as on the command line: Sphinx registers docutils nodes globally, and an
    in-process build would leak them into the test-root builds. The two languages build at once,
    one on each core.
    """
    base = tmp_path_factory.mktemp("site")
    # Sphinx compiles the catalogs it reads (.po to .mo) beside them: a copy keeps the
    # repository's locale/ as it was.
    shutil.copytree(REPO / "locale", base / "locale", ignore=shutil.ignore_patterns("*.mo"))
    locale = os.path.relpath(base / "locale", DOCS)

    def start(*language: str) -> subprocess.Popen[str]:
        code = language[-1] if language else "en"
        out = base / "html" / ("" if code == "en" else code)
        options = ["-D", f"language={code}"] if language else []
        options += ["-D", f"playbook_locale_dir={locale}"]
        return subprocess.Popen(
            [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
             "-c", str(REPO), *options, "-d", str(base / "doctrees" / code), str(DOCS),
             str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )

    builds = [start(), start("de")]
    results = [build.communicate() for build in builds]
    yield BuiltSite(base / "html", "".join(err for _, err in results),
                    "".join(out for out, _ in results))
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def playbook_de(playbook):  # type: ignore[no-untyped-def]
    """The handbook's content in German, as the German site and `--lang de` show it."""
    from playbook_tools.model.translation import in_language

    return in_language(playbook, playbook.config.locale_path(DOCS), "de")


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With pytest-xdist, every test of the built handbook runs on one worker, so the site is
    built once per run, not once per worker (`make test` runs with --dist loadgroup)."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("built-site"))


def _traces() -> dict[str, object]:
    """What a test run could leave behind: the repository's untracked and ignored files (the
    venv, node_modules and bytecode aside) and the user's cache folder."""
    status = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--ignored", "--untracked-files=all"],
        capture_output=True, text=True, check=False).stdout.splitlines()
    skipped = ("__pycache__", ".venv/", "node_modules/", ".mypy_cache/", ".ruff_cache/",
               "_build/", ".egg-info/")
    untracked = sorted(line for line in status
                       if line[:2] in ("??", "!!") and not any(s in line for s in skipped))
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook-tools"
    kept = sorted(str(p) for p in cache.rglob("*")) if cache.is_dir() else []
    return {"repository": untracked, "user cache": kept}


def pytest_sessionstart(session: pytest.Session) -> None:
    # Checked on a whole run (`make test`), in the controller or a run without xdist; a run of
    # a few files while others edit the tree would see their new files.
    whole = session.config.args in ([], ["tests"], [str(REPO / "tests")])
    if whole and not hasattr(session.config, "workerinput"):
        session.config.stash[_TRACES] = _traces()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """The run fails if it left a file in the repository or the user's cache folder: tests
    write only under their temporary folders."""
    before = session.config.stash.get(_TRACES, None)
    if before is None or os.environ.get("PLAYBOOK_ALLOW_TRACES"):
        return
    after = _traces()
    added = {where: sorted(set(after[where]) - set(before[where]))  # type: ignore[arg-type]
             for where in after}
    left = {where: files for where, files in added.items() if files}
    if left:
        sys.stderr.write(f"\nthe tests left files behind: {left}\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_TRACES = pytest.StashKey[dict[str, object]]()
