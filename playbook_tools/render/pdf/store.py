"""The PDF store: what a PDF is made from, as a key, and the PDFs kept under those keys.

``cache_key`` hashes everything that shapes one PDF: the artifact and the settings, its
layouts and stylesheets, the paper, where its link points, the language and its catalog, the
versions of the code that renders it, and the fonts the machine has. Two builds that agree on
the key make the same PDF, so either may use the other's.

``KeptPdfs`` keeps them in the user's cache folder (``files.user_cache_folder``; the switch
``PLAYBOOK_CACHE=off`` keeps nothing): a PDF rendered once for a key is not rendered again by the
next clean build, a second language's build, or the next ``playbook kit``. Only PDFs made from
the handbook are kept: the checklists and scorecards, and a kit's blank forms, whose names are
filled into a copy for each kit (``scorecard_form.fill_in_names``). Nothing kept holds
candidate data; that stays in the kit's folder. A cache that cannot be used is only a cache:
the work goes on, with one warning line.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from importlib import resources
from pathlib import Path

from playbook_tools.files import cache_trouble, user_cache_folder, write_atomic
from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.model.kinds import artifact_kinds
from playbook_tools.model.translation import SOURCE_LANGUAGE, catalog_path
from playbook_tools.render.layouts import environment, layout_source
from playbook_tools.render.printable import layout_sources, template_names

# A kept PDF that no build has used for this long is removed: keys change with every edit,
# and the folder must not grow without end.
KEEP_DAYS = 30
# Kept blank kit forms are named apart from the site's PDFs.
FORM_PREFIX = "form-"
# Where fontconfig keeps its caches: it rewrites them when fonts are installed or removed.
FONTCONFIG_CACHES = (Path("/var/cache/fontconfig"), Path.home() / ".cache" / "fontconfig")


def font_inventory() -> str:
    """A hash of the fontconfig caches' files: it changes when the machine's fonts change,
    which changes the PDFs (a font installed later may stand in for a missing one)."""
    digest = hashlib.sha256()
    for folder in FONTCONFIG_CACHES:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            digest.update(f"{entry.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def shared_inputs(playbook: Playbook) -> str:
    """What shapes every PDF of a playbook besides its own artifact: the code that renders
    it, every layout and label in the playbook's language, and the machine's fonts."""
    from importlib.metadata import version

    from playbook_tools import __version__, vocabulary

    # Each kind's own layouts are in its PDFs' keys (``layout_sources``), so a fork's new
    # checklist layout renders only the checklists again; any other print layout (a macro
    # file, a partial) may be included by any of them.
    own = {name for kind in artifact_kinds() for name in template_names(kind)}
    env = environment(playbook.templates_dir, autoescape=True)
    layouts = {name: layout_source(playbook.templates_dir, name)
               for name in env.list_templates(filter_func=lambda n: n.startswith("print/"))
               if name not in own}
    labels = {name: value for name, value in vars(vocabulary).items() if name.isupper()}
    # In another language every word of a PDF comes from the content's catalog: any change to
    # it renders that language's PDFs again (the English ones have none).
    catalog = catalog_path(playbook.config.locale_path(playbook.srcdir), playbook.language)
    translations = (hashlib.sha256(catalog.read_bytes()).hexdigest()
                    if playbook.language != SOURCE_LANGUAGE and catalog.is_file() else "")
    # The modules that write the PDF (its options, the form's finish), between releases too.
    code = hashlib.sha256(b"".join(
        resources.files(__package__).joinpath(name).read_bytes()
        for name in ("printout.py", "scorecard_form.py"))).hexdigest()
    return json.dumps({
        "playbook_tools": __version__, "code": code, "weasyprint": version("weasyprint"),
        "pydyf": version("pydyf"), "layouts": layouts, "labels": labels,
        "language": playbook.language, "translations": translations,
        "fonts": font_inventory(),
    }, sort_keys=True, default=_sorted)


def _sorted(value: object) -> list[object]:
    """A set in the key, in an order that is the same in every process (a set's is not)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} in the PDF cache key")


def cache_key(artifact: Artifact, playbook: Playbook, paper: str, shared: str,
              page_url: str | None = None) -> str:
    """A hash of everything one PDF is made from: the artifact and the settings
    (``Playbook.fingerprint``), its layouts and stylesheets, the paper, where its link back
    to the handbook points, and ``shared``."""
    digest = hashlib.sha256(playbook.fingerprint(artifact).encode())
    digest.update(layout_sources(playbook, artifact.kind).encode())
    digest.update(paper.encode())
    digest.update((page_url or "").encode())
    digest.update(shared.encode())
    return digest.hexdigest()[:20]


def whole_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF written to its end: a kept file cut short is never used."""
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


class KeptPdfs:
    """The PDFs kept across builds, one file per key; ``folder`` None keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @classmethod
    def from_environment(cls) -> KeptPdfs:
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
        if not whole_pdf(data):  # cut short by a full disk or a crash: made again
            self.forget(key)
            return None
        self._used(path)
        return data

    def forget(self, key: str) -> None:
        """Remove the PDF kept for ``key``, one that turned out unusable."""
        path = self.path(key)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()

    def put(self, key: str, data: bytes) -> None:
        """Keep a PDF; a cache that cannot be written to is only a cache, so that is no
        error."""
        path = self.path(key)
        if path is None:
            return
        try:
            write_atomic(path, data)
        except OSError as exc:
            cache_trouble(path.parent, exc)

    def fetch_into(self, key: str, target: Path) -> bool:
        """Copy the kept PDF for ``key`` to ``target``; whether there was one. A copy, not a
        link: a tool that rewrites a built file in place must not change the kept one."""
        path = self.path(key)
        if path is None or not path.is_file():
            return False
        try:
            if not whole_pdf(path.read_bytes()):
                path.unlink()
                return False
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
        except OSError as exc:
            cache_trouble(path.parent, exc)

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
