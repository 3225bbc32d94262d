"""One writer at a time, swaps that cannot be cut in half, and what a killed run left.

Two commands writing one folder (two kits, two decision records, two merges) would each report
success and one result would be lost; a command killed between the two renames of a swap would
leave no folder at all. So each output folder has a lock, the swap of the previous folder and
the new one is one step on Linux, and the next run puts back or removes whatever a killed run
left (issue 19). Names of staging files and folders carry the process id, so the scraps of a
dead process are told from a running one's.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from playbook_tools.errors import PlaybookError

LOCK_WAIT = 5.0  # seconds a second command waits for the first before it stops
_held: set[Path] = set()


@contextlib.contextmanager
def folder_lock(out: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold ``out`` for this command: a second one that writes the same folder waits up to
    ``wait`` seconds, then stops with one line naming it. The lock is a hidden file beside the
    folder (``.<name>.lock``), removed when let go; a killed command's lock goes with it."""
    key = Path(os.path.abspath(out))
    if key in _held:  # already held by this command (the kit holds it while it renders)
        yield
        return
    path = key.parent / f".{key.name}.lock"
    try:
        key.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PlaybookError(f"{out}: cannot write here: {exc.strerror}") from exc
    deadline = time.monotonic() + wait
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise PlaybookError(f"{out}: cannot write here: {exc.strerror}") from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            if time.monotonic() >= deadline:
                raise PlaybookError(f"{out}: another playbook command is writing this "
                                    "folder; run this one again when it has finished") from None
            time.sleep(0.1)
            continue
        # The holder before may have removed the file as it let go: lock the one in place.
        with contextlib.suppress(OSError):
            here, mine = os.stat(path), os.fstat(descriptor)
            if (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino):
                break
        os.close(descriptor)
    _held.add(key)
    try:
        yield
    finally:
        _held.discard(key)
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(descriptor)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where
    the system or the file system cannot."""
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is None:
        return False
    at_cwd, rename_exchange = -100, 2
    if function(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(number, os.strerror(number), str(b))


def swap_folders(new: Path, out: Path, may_replace: Callable[[Path], bool]) -> None:
    """Put ``new`` in place of ``out``; ``new`` then holds the previous folder, which is
    checked again and, if anything was saved into it meanwhile, put back."""
    if _exchange(new, out):
        try:
            keep = not may_replace(new)
        except BaseException:
            _exchange(new, out)
            raise
        if keep:
            _exchange(new, out)
            raise PlaybookError(f"{out}: files changed while the new one was written; "
                                "it is left as it is")
        return
    # Two renames: a run killed between them leaves the previous folder set aside under
    # .<name>.old.<pid>.*, and the next run puts it back (clear_leftovers).
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.{os.getpid()}.", dir=out.parent))
    os.replace(out, old)
    try:
        os.replace(new, out)
    except BaseException:
        os.replace(old, out)
        raise
    os.replace(old, new)  # onto the now empty staging folder: removed by the caller


# A scrap: .<name>.<pid>.<random>.tmp (staging), .<name>.old.<pid>.<random> (set aside), and the
# same without the pid from before names carried it.
_SCRAP = re.compile(r"^\.(?P<name>.+?)\.(?P<old>old\.)?(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}"
                    r"(?P<tmp>\.tmp)?$")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def remove_scraps(folder: Path, name: str | None = None) -> None:
    """Remove what a killed run of this tool left in ``folder``: its staging folders and files
    and a previous folder set aside, for ``name`` (or, with None, staged ``.eml`` files), and
    only with no running process behind them. Called with the lock held."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _SCRAP.match(entry.name)
        if match is None or bool(match["old"]) == bool(match["tmp"]):
            continue
        if (match["name"] != name) if name is not None else not (
                match["name"].endswith(".eml") and entry.is_file()):
            continue
        if match["pid"] and (int(match["pid"]) == os.getpid() or _running(int(match["pid"]))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def clear_leftovers(out: Path) -> None:
    """Before writing ``out``: a swap cut in half (no ``out``, the previous folder set aside)
    is put back, then the scraps of killed runs are removed."""
    if not out.exists():
        aside = [p for p in out.parent.glob(f".{glob.escape(out.name)}.old.*")
                 if p.is_dir() and (m := _SCRAP.match(p.name)) and m["name"] == out.name
                 and not (m["pid"] and _running(int(m["pid"])))]
        if aside:
            with contextlib.suppress(OSError):
                os.replace(max(aside, key=lambda p: p.stat().st_mtime), out)
    remove_scraps(out.parent, out.name)
