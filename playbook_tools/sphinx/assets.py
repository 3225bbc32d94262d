"""The stylesheet and the fill-in script, added for HTML builders only."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.fileutil import copy_asset_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ASSETS = ("playbook.css", "playbook.js")


def _add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.add_css_file("playbook.css")
    app.add_js_file("playbook.js", loading_method="defer")


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = resources.files("playbook_tools").joinpath("static")
    for name in ASSETS:
        copy_asset_file(str(static.joinpath(name)), str(Path(app.outdir) / "_static"),
                        force=True)


def setup_assets(app: Sphinx) -> None:
    app.connect("builder-inited", _add_assets)
    app.connect("build-finished", _copy_assets)
