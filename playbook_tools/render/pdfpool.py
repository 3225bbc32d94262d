"""Worker processes that render PDFs while the caller goes on with its own work.

WeasyPrint is pure Python and CPU-bound, so PDFs render in parallel only in processes. A pool
starts a fork server that imports what its jobs need once (``RENDERER``: WeasyPrint, its fonts,
the paged stylesheet, most of a second; or ``FILLER``, for a kit that only fills names into
kept forms); each worker is forked from it ready. That import starts at once, on a thread of
its own, so it overlaps whatever the caller does next: Sphinx reading the pages, or
``playbook kit`` reading the candidate and writing the e-mails.

A site build's workers run at a lower priority (``nice``): they take every core Sphinx leaves
idle, and give it back whenever Sphinx wants it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T")
# What a fork server imports before it forks workers: ``RENDERER`` readies WeasyPrint (most of a
# second); ``FILLER`` is what fills names into kept blank forms (``pdffill``), a fifth of that.
# A worker imports whatever else a job needs itself.
RENDERER = ("playbook_tools.render.pdfworker",)
FILLER = ("playbook_tools.render.pdffill", "pypdf")


def _lower_priority(increment: int) -> None:
    if increment and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(increment)


def _ready() -> None:
    """A first task for each worker: makes the pool fork it, which starts the fork server."""


class PdfPool:
    """``workers`` processes (default: one per core) rendering PDFs; ``nice`` lowers their
    priority, ``preload`` names the modules their fork server imports first. Use as a context
    manager, or call ``close``.

    ``submit`` never waits. The process pool forks its workers inside ``submit``, and the first
    fork waits for the fork server's import, so the calls are handed to a thread of the pool's
    own that makes them; the caller gets a future at once and goes on.
    """

    def __init__(self, workers: int | None = None, nice: int = 0,
                 preload: Sequence[str] = RENDERER) -> None:
        count = max(1, workers or os.cpu_count() or 1)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods
                                              else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(list(preload))
        self.executor = concurrent.futures.ProcessPoolExecutor(
            count, mp_context=context, initializer=_lower_priority, initargs=(nice,))
        self._submitter = concurrent.futures.ThreadPoolExecutor(
            1, thread_name_prefix="playbook-pdf-pool")
        # Every worker now: the fork server starts importing at once, and forks the workers
        # as soon as it is ready, so that the first jobs find them waiting.
        for _ in range(count):
            self._submitter.submit(self.executor.submit, _ready)

    def submit(self, function: Callable[..., _T], *args: Any) -> concurrent.futures.Future[_T]:
        result: concurrent.futures.Future[_T] = concurrent.futures.Future()

        def forward() -> None:
            try:
                job = self.executor.submit(function, *args)
            except BaseException as exc:  # the pool is closed or broken: the caller hears
                result.set_exception(exc)
                return
            job.add_done_callback(lambda done: _copy_outcome(done, result))

        self._submitter.submit(forward)
        return result

    def close(self, cancel: bool = False) -> None:
        self._submitter.shutdown(wait=True, cancel_futures=cancel)
        self.executor.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.close(cancel=error is not None)


def _copy_outcome(done: concurrent.futures.Future[_T],
                  result: concurrent.futures.Future[_T]) -> None:
    if done.cancelled():
        result.cancel()
    elif (error := done.exception()) is not None:
        result.set_exception(error)
    else:
        result.set_result(done.result())
