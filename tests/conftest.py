"""Shared fixtures: the real handbook, built once per test session into a temporary folder."""

from __future__ import annotations

import fcntl
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
ROOTS = Path(__file__).resolve().parent / "roots"

# Java for a checker that runs a few seconds (the Nu HTML Checker, EPUBCheck): the JVM's quick
# compiler alone and one collector thread take less than half the CPU of its defaults, which
# are tuned for long-lived servers; the checker's schema needs the deeper stack.
JAVA = ["java", "-Xss2m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-XX:CICompilerCount=1"]

# No test keeps PDFs or compiled layouts in, or takes them from, the user's cache folder. Until
# the run's own cache folder is made (pytest_configure), nothing is kept at all.
# (An xdist worker inherits the folder from the controller that made it.)
_RUN_CACHE = "PLAYBOOK_TESTS_RUN_CACHE"
os.environ["PLAYBOOK_CACHE"] = os.environ.get(_RUN_CACHE) or "off"

# One PDF worker per runner: xdist already runs a test process on every core, so a kit's or a
# build's second worker would only take turns with the other tests (PLAYBOOK_WORKERS, the
# printing page). The tests of the runner itself unset it.
os.environ["PLAYBOOK_WORKERS"] = "1"

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


class RootBuild:
    """What a build of a test root left: its exit status and warnings, as `sphinx-build -W`
    would give them."""

    def __init__(self, statuscode: int, warnings: str) -> None:
        self.statuscode = statuscode
        self.warnings = warnings


def sphinx_build_root(srcdir: Path, builddir: Path) -> RootBuild:
    """``sphinx-build -W -n -b html -D playbook_pdf=1`` on a test root, into ``builddir/html``
    with its doctrees in ``builddir/doctrees``, in this process: a build after a change is the
    incremental build `make serve` makes, and it costs no interpreter of its own. Sphinx's
    test application puts back the directives, roles and nodes it registered."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, builddir=builddir, warningiserror=True,
                        confoverrides={"playbook_pdf": True, "nitpicky": True})
    try:
        app.build()
    finally:
        app.cleanup()
    return RootBuild(app.statuscode, app.warning.getvalue())


class BuiltSite:
    def __init__(self, outdir: Path, doctrees: Path, locale: Path, warnings: str,
                 status: str) -> None:
        self.outdir = outdir
        # One folder per language, as `make html` leaves _build/doctrees.
        self.doctrees = doctrees
        self.locale = locale
        self.warnings = warnings
        self.status = status

    def page(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


def built_once(factory: pytest.TempPathFactory, name: str,
               make: Callable[[Path], dict[str, str]]) -> tuple[Path, dict[str, str]]:
    """``make(folder)`` run once in a whole test run, whichever xdist worker asks first; the
    others wait for it and share the folder and what ``make`` returned (its build's output, a
    failure included, so a broken build is reported by every test that uses it, and is not
    built again). The folder is in the run's temporary folder, beside the workers' own."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder, outcome = root / name, root / f"{name}.json"
    with open(root / f"{name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not outcome.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            outcome.write_text(json.dumps(make(folder)), encoding="utf-8")
    return folder, json.loads(outcome.read_text(encoding="utf-8"))


def sphinx_build(builder: str, language: str, locale: Path, doctrees: Path,
                 out: Path) -> subprocess.Popen[str]:
    """The real docs built as the Makefile builds them (``-W -n --keep-going``, the
    configuration in the folder above them), in a process of its own, so that the languages
    build at once, one on each core. ``locale`` is a copy of the catalogs: Sphinx compiles the
    ones it reads (.po to .mo) beside them, and the repository's locale/ stays as it was."""
    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", builder,
         "-c", str(REPO), "-D", f"language={language}",
         "-D", f"playbook_locale_dir={os.path.relpath(locale, DOCS)}", "-d", str(doctrees),
         str(DOCS), str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "NO_COLOR": "1"})


def copy_of_the_catalogs(folder: Path) -> Path:
    shutil.copytree(REPO / "locale", folder / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return folder / "locale"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real docs, built exactly as `make html` builds them: English at the root, German in
    de/, never into the source tree; once per run, the two languages at once."""
    def make(base: Path) -> dict[str, str]:
        locale = copy_of_the_catalogs(base)
        builds = [sphinx_build("html", language, locale, base / "doctrees" / language,
                               base / "html" / ("" if language == "en" else language))
                  for language in ("en", "de")]
        results = [build.communicate() for build in builds]
        return {"warnings": "".join(err for _, err in results),
                "status": "".join(out for out, _ in results)}

    base, output = built_once(tmp_path_factory, "site", make)
    return BuiltSite(base / "html", base / "doctrees", base / "locale", output["warnings"],
                     output["status"])


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


def _traces() -> dict[str, object]:
    """What a test run could leave behind: the repository's untracked and ignored files (the
    venv, node_modules and bytecode aside) and the user's cache folder."""
    # git is told to leave the venv and node_modules alone: listing their 38,000 files took
    # half a second at each end of the run, while the workers waited.
    status = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--ignored", "--untracked-files=all",
         "--", ".", ":(exclude).venv", ":(exclude)node_modules"],
        capture_output=True, text=True, check=False).stdout.splitlines()
    skipped = ("__pycache__", ".mypy_cache/", ".ruff_cache/", "_build/", ".egg-info/")
    untracked = sorted(line for line in status
                       if line[:2] in ("??", "!!") and not any(s in line for s in skipped))
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "playbook-tools"
    kept = sorted(str(p) for p in cache.rglob("*")) if cache.is_dir() else []
    return {"repository": untracked, "user cache": kept}


def pytest_configure(config: pytest.Config) -> None:
    """The run keeps its PDFs and compiled layouts in a cache folder of its own, shared by every
    worker and removed at the end: the cache is on, as users have it, and a PDF that many tests
    render alike is rendered once per run. The tests of the cache itself name a folder of their
    own, or switch it off."""
    if hasattr(config, "workerinput"):  # a worker inherits the controller's folder
        return
    folder = tempfile.mkdtemp(prefix="playbook-tests-cache-")
    os.environ[_RUN_CACHE] = os.environ["PLAYBOOK_CACHE"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and os.environ.get(_RUN_CACHE):
        shutil.rmtree(os.environ.pop(_RUN_CACHE), ignore_errors=True)
        os.environ["PLAYBOOK_CACHE"] = "off"


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
