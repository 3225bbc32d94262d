"""The stylesheet and the fill-in script, added for HTML builders only."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

from playbook_tools.sphinx.config import playbook_for
from playbook_tools.vocabulary import SCRIPT_LABELS

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ASSETS = ("playbook.css", "playbook.js")


def _add_assets(app: Sphinx) -> None:
    """Copy the files before any page is written: Sphinx adds a checksum (``?v=``) to the link
    of a static file it finds in the output, so a clean and an incremental build link them
    alike, and a browser never keeps a stale stylesheet."""
    if app.builder.format != "html":
        return
    static = resources.files("playbook_tools").joinpath("static")
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        copy_asset_file(str(static.joinpath(name)), str(target), force=True)
    app.add_css_file("playbook.css")
    # The script's few words, in the build's language, from the same catalog as the content.
    _ = playbook_for(app.srcdir).gettext
    labels = {key: _(text) for key, text in SCRIPT_LABELS.items()}
    app.add_js_file(None, body=f"window.PLAYBOOK_LABELS = {json.dumps(labels)};")
    app.add_js_file("playbook.js", loading_method="defer")


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", _add_assets)
