"""What a PDF is made from, as a key.

``cache_key`` hashes everything that shapes one PDF: the artifact and the settings, its
layouts and stylesheets, the paper, where its link points, the language and its catalog, the
versions of the code that renders it, and the fonts the machine has. Two builds that agree on
the key make the same PDF, so either may use the other's.

A site build keeps the PDFs it uses beside its doctrees (``sphinx.downloads``), and both the
build and ``playbook kit`` keep them across clean builds under these keys (``pdfkept``).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.model.translation import SOURCE_LANGUAGE, catalog_path
from playbook_tools.render.layouts import environment, layout_source
from playbook_tools.render.printable import layout_sources, template_names
from playbook_tools.vocabulary import KINDS

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
    own = {name for kind in KINDS for name in template_names(kind)}
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
    return json.dumps({
        "playbook_tools": __version__, "weasyprint": version("weasyprint"),
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
