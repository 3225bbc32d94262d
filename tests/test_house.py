"""A house a newcomer can set up and change: README's two commands install or name the system
packages, a missing system library is one line, and the list of packages is stated once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
import yaml

from playbook_tools.errors import PlaybookError
from playbook_tools.render.pdf.jobs import usable_cores
from playbook_tools.system import install_hint, packages_for, system_packages
from tests.conftest import REPO, ROOTS, run_playbook, sphinx_build_root
from tests.test_kit import EXAMPLE

SCRIPT = REPO / "scripts" / "system-packages.sh"


def fake_debian(folder: Path, installed: set[str], uid: int) -> dict[str, str]:
    """A PATH on which dpkg-query knows only ``installed``, ``id -u`` says ``uid`` and sudo
    asks for a password: a bare Debian machine as a user who may not install."""
    folder.mkdir()
    (folder / "dpkg-query").write_text(
        "#!/bin/sh\nfor last; do :; done\ncase \" " + " ".join(installed) + " \" in\n"
        "  *\" $last \"*) printf installed ;;\n  *) exit 1 ;;\nesac\n")
    (folder / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (folder / "sudo").write_text("#!/bin/sh\nexit 1\n")
    (folder / "apt-get").write_text("#!/bin/sh\necho apt-get must not run >&2\nexit 9\n")
    for tool in folder.iterdir():
        tool.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:/usr/bin:/bin"}


@pytest.mark.parametrize("need", ["pdf", "test"])
def test_a_user_who_may_not_install_gets_one_line_naming_every_missing_package(
        tmp_path: Path, need: str) -> None:
    env = fake_debian(tmp_path / "bin", {"libpango-1.0-0"}, uid=1000)
    begun = time.monotonic()
    result = subprocess.run(["bash", str(SCRIPT), need], capture_output=True, text=True,
                            env=env, timeout=10, check=False)
    assert time.monotonic() - begun < 10
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    missing = [p.debian for p in packages_for(need) if p.debian != "libpango-1.0-0"]
    assert lines[0].endswith(f"sudo apt-get install -y {' '.join(missing)}")
    assert "libpango-1.0-0" not in lines[0]


def test_nothing_is_installed_when_everything_is_there(tmp_path: Path) -> None:
    everything = {p.debian for p in system_packages()} | {"nodejs", "npm"}
    env = fake_debian(tmp_path / "bin", everything, uid=1000)
    result = subprocess.run(["bash", str(SCRIPT), "test"], capture_output=True, text=True,
                            env=env, timeout=10, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_package_list_is_stated_once() -> None:
    """Read the Docs installs what the PDFs need, from the same list; CI and the Makefile run
    the script that reads it; the contributing page names every package."""
    rtd = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert rtd["build"]["apt_packages"] == [p.debian for p in packages_for("pdf")]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "scripts/system-packages.sh pdf" in makefile
    assert "scripts/system-packages.sh test" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    contributing = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert "playbook_tools/system-packages.txt" in contributing


def test_a_missing_pango_is_one_line_that_names_the_packages(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from playbook_tools.render.pdf import engine

    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': no such file")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    engine.engine.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_pango)
    try:
        with pytest.raises(PlaybookError) as raised:
            engine.engine()
    finally:
        monkeypatch.undo()
        engine.engine.cache_clear()
    message = str(raised.value)
    assert "\n" not in message and "libpango-1.0-0" in message
    assert install_hint("pdf") in message


def test_the_harfbuzz_warning_is_a_line_not_an_error(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """pytest turns warnings into errors here, as on a bare machine before the packages are
    installed: the engine's import must still succeed and say what to install."""
    import builtins

    from playbook_tools.render.pdf import engine

    real_import = builtins.__import__

    def warns(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            warnings.warn("HarfBuzz-Subset will be required by future versions of WeasyPrint.",
                          DeprecationWarning, stacklevel=2)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    engine.engine.cache_clear()
    monkeypatch.setattr(builtins, "__import__", warns)
    try:
        engine.engine()
    finally:
        monkeypatch.undo()
        engine.engine.cache_clear()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "HarfBuzz-Subset is missing" in err[0]
    assert "libharfbuzz-subset0" in err[0]


def test_weasyprints_warnings_are_collected_for_the_caller() -> None:
    """A fork's print CSS that WeasyPrint cannot apply is reported, not silenced."""
    from playbook_tools.render.pdf.engine import engine, rendering_warnings

    weasyprint, fonts, _ = engine()
    with rendering_warnings() as found:
        weasyprint.HTML(string="<p style='colour: red'>x</p>").write_pdf(font_config=fonts)
    assert any("colour" in line for line in found), found


def test_worker_processes_die_with_their_parent(tmp_path: Path) -> None:
    """Kill the parent with SIGKILL: its workers go within a second, whatever they were doing."""
    script = (
        "import os, sys, time\n"
        "from playbook_tools.render.pdf.jobs import PdfJobs\n"
        "jobs = PdfJobs(2, preload=())\n"
        "futures = [jobs.submit(os.getpid) for _ in range(4)]\n"
        "print(' '.join(sorted({str(f.result()) for f in futures})), flush=True)\n"
        "jobs.submit(time.sleep, 60)\n"
        "time.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True) as parent:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert workers
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
                 and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]]
    assert alive == []


def test_a_runner_starts_no_more_workers_than_jobs_or_usable_cores(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from playbook_tools.render.pdf.jobs import JOBS_PER_WORKER, usable_cores, worker_count

    monkeypatch.delenv("PLAYBOOK_WORKERS", raising=False)  # the suite sets it (conftest.py)
    assert worker_count(0) == 0
    assert worker_count(1) == worker_count(JOBS_PER_WORKER) == 1
    assert worker_count(JOBS_PER_WORKER + 1) == min(2, usable_cores())
    assert worker_count(100) == usable_cores() <= len(os.sched_getaffinity(0))
    # PLAYBOOK_WORKERS lowers the limit, and never raises it above the usable cores.
    monkeypatch.setenv("PLAYBOOK_WORKERS", "1")
    assert worker_count(100) == 1
    monkeypatch.setenv("PLAYBOOK_WORKERS", " 1000 ")
    assert worker_count(100) == usable_cores()


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5", "²"])
def test_a_wrong_worker_limit_is_one_line_before_the_kit_writes_anything(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_WORKERS", value)
    code, out, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "kit"))
    assert (code, out) == (1, "")
    assert err == (f"playbook: error: PLAYBOOK_WORKERS={value!r}: not a number of worker "
                   "processes; set a whole number from 1 up (this process may use "
                   f"{usable_cores()} cores), or unset it\n")
    assert not (tmp_path / "kit").exists()


def test_a_wrong_worker_limit_is_a_build_warning(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """In a site build, -W makes the warning stop the build, in one line; the PDFs would be
    rendered with the usable cores otherwise."""
    monkeypatch.setenv("PLAYBOOK_WORKERS", "many")
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    built = sphinx_build_root(srcdir, tmp_path / "build")
    assert built.statuscode == 1
    assert "PLAYBOOK_WORKERS='many': not a number of worker processes" in built.warnings
    assert len(built.warnings.strip().splitlines()) == 1, built.warnings
