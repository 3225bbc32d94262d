"""One job runner for every PDF the tool renders: the site build's downloads and a kit's
printouts.

WeasyPrint is pure Python and CPU-bound, so PDFs render in parallel only in processes. A
runner starts a worker for every few jobs (``worker_count``), and no more than the cores this
process may really use (its CPU affinity and its cgroup's quota, not the machine's count), or
fewer where ``PLAYBOOK_WORKERS`` says so.
Each worker is a fresh interpreter (the ``spawn`` method, chosen on a context of the runner's
own, so nothing process-wide changes) that imports what its jobs need (``preload``) while the
caller goes on.

No worker outlives its parent: on Linux the kernel kills it when the parent dies, whatever
signal killed the parent, and elsewhere a watch thread ends it within a fraction of a second.
Workers ignore Ctrl-C; the parent stops them.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import importlib
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from playbook_tools.errors import PlaybookError

_T = TypeVar("_T")
# What a worker imports before its first job: the renderer readies WeasyPrint (most of a
# second), which then overlaps whatever the caller does meanwhile.
RENDERER = ("playbook_tools.render.pdf.printout",)
_PR_SET_PDEATHSIG = 1  # prctl(2)


def usable_cores() -> int:
    """The cores this process may run on: its affinity, capped by a cgroup v2 CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as limit:
            quota, period = limit.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


# A worker takes about as long to start (a fresh interpreter readying WeasyPrint) as four
# checklists take to render: a second worker for fewer jobs than that costs more CPU than the
# time it saves (`make bench`).
JOBS_PER_WORKER = 4


# Fewer workers than cores, for a machine that other work shares: a CI runner, or a test
# suite that already runs a process on every core (its runs would only take turns).
WORKERS_VARIABLE = "PLAYBOOK_WORKERS"


def worker_limit() -> int:
    """The most workers a runner starts: the usable cores, or fewer if ``PLAYBOOK_WORKERS``
    says so; a value that is not a whole number from 1 up is a one-line error."""
    cores = usable_cores()
    setting = os.environ.get(WORKERS_VARIABLE, "")
    if not setting.strip():
        return cores
    if not re.fullmatch(r"\s*[0-9]+\s*", setting) or int(setting) < 1:
        shown = setting if len(setting) <= 20 else setting[:20] + "…"
        raise PlaybookError(
            f"{WORKERS_VARIABLE}={shown!r}: not a number of worker processes; set a whole "
            f"number from 1 up (this process may use {cores} cores), or unset it")
    return min(int(setting), cores)


def worker_count(jobs: int, limit: int | None = None) -> int:
    """How many workers ``jobs`` jobs get: one for every ``JOBS_PER_WORKER`` begun, up to
    ``limit`` (by default ``worker_limit``); none for no jobs."""
    most = worker_limit() if limit is None else limit
    return max(0, min(-(-jobs // JOBS_PER_WORKER), most))


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    # The kernel's signal covers Linux; the watch also covers the moment before prctl and
    # every other system.
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="playbook-parent-watch", daemon=True).start()


def _start_worker(parent: int, nice: int, preload: Sequence[str]) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)
    for module in preload:
        importlib.import_module(module)
    if RENDERER[0] in preload:
        from playbook_tools.render.pdf.engine import engine

        engine()


class PdfJobs:
    """Up to ``workers`` processes rendering PDFs; ``nice`` lowers their priority (a site
    build's workers use the cores Sphinx leaves idle). Use as a context manager, or call
    ``close``; ``submit`` returns a future at once."""

    def __init__(self, workers: int, nice: int = 0,
                 preload: Sequence[str] = RENDERER) -> None:
        self.workers = max(1, workers)
        context = multiprocessing.get_context("spawn")
        self.executor = concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker,
            initargs=(os.getpid(), nice, tuple(preload)))

    def submit(self, function: Callable[..., _T], *args: Any) -> concurrent.futures.Future[_T]:
        return self.executor.submit(function, *args)

    def close(self, cancel: bool = False) -> None:
        self.executor.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> PdfJobs:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(cancel=error is not None)


def start_jobs(jobs: int, nice: int = 0) -> PdfJobs | None:
    """A runner for ``jobs`` renders, or None when there is nothing to render."""
    count = worker_count(jobs)
    return PdfJobs(count, nice) if count else None
