"""The PDFs kept across builds and kits, one file per key (``pdfcache.cache_key``).

They live in the user's cache folder (``PLAYBOOK_PDF_CACHE``, by default
``$XDG_CACHE_HOME/playbook-tools/pdf``): a PDF rendered once for a key is not rendered again by
the next clean build, a second language's build, or the next ``playbook kit``. Only PDFs made
from the handbook are kept: the checklists and scorecards, and a kit's blank forms, whose names
are filled into a copy for each kit (``pdffill``). Nothing kept holds candidate data; that stays in
the kit's folder.

This module imports nothing of the playbook, so ``playbook kit`` can look here before its
workers start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from playbook_tools.files import user_cache_folder, write_atomic

CACHE_VARIABLE = "PLAYBOOK_PDF_CACHE"
OFF = ("", "0", "off", "no", "false")
# A kept PDF that no build has used for this long is removed: keys change with every edit,
# and the folder must not grow without end.
KEEP_DAYS = 30
# Kept blank kit forms are named apart from the site's PDFs (their keys differ anyway), so that
# ``playbook kit`` sees at a glance, before it knows any key, whether an earlier kit kept some.
FORM_PREFIX = "form-"


class KeptPdfs:
    """The PDFs kept across builds, one file per key; ``folder`` None keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def from_environment(cls) -> KeptPdfs:
        setting = os.environ.get(CACHE_VARIABLE)
        if setting is not None:
            return cls(None if setting.strip().lower() in OFF else Path(setting).expanduser())
        return cls(user_cache_folder("pdf"))

    def path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        path = self.path(key)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        self._used(path)
        return data

    def put(self, key: str, data: bytes) -> None:
        """Keep a PDF; a cache that cannot be written to is only a cache, so that is no
        error."""
        path = self.path(key)
        if path is None:
            return
        with contextlib.suppress(OSError):
            write_atomic(path, data)

    def fetch_into(self, key: str, target: Path) -> bool:
        """Copy the kept PDF for ``key`` to ``target``; whether there was one. A copy, not a
        link: a tool that rewrites a built file in place must not change the kept one."""
        path = self.path(key)
        if path is None or not path.is_file():
            return False
        try:
            place(path, target, link=False)
        except OSError:
            return False
        self._used(path)
        return True

    def keep_from(self, key: str, source: Path) -> None:
        path = self.path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            place(source, path, link=False)
        except OSError:
            pass

    def prune(self, days: int = KEEP_DAYS) -> int:
        """Remove the PDFs no build has used for ``days``; how many."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        limit = time.time() - days * 86400
        removed = 0
        for path in self.folder.glob("*.pdf"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def holds_kit_forms(self) -> bool:
        """Whether an earlier kit kept a blank form here (``FORM_PREFIX``)."""
        return self.folder is not None and any(self.folder.glob(f"{FORM_PREFIX}*.pdf"))

    @staticmethod
    def _used(path: Path) -> None:
        # The modification time says when a build last used the file (``prune``): the access
        # time is not kept on many file systems.
        with contextlib.suppress(OSError):
            os.utime(path)


def place(source: Path, target: Path, *, link: bool = True) -> None:
    """``target`` gets ``source``'s content: with ``link``, as a hard link where the file
    system allows it (no bytes copied), else as a copy; in both cases renamed into place, so a
    reader never sees half a file."""
    if target.exists() and os.path.samefile(source, target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staging.unlink(missing_ok=True)
    if link:
        try:
            os.link(source, staging)
        except OSError:  # another file system, or one without hard links
            link = False
    if not link:
        shutil.copyfile(source, staging)
    os.replace(staging, target)
