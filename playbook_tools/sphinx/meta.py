"""A ``<meta name="description">`` on every HTML page, from its first paragraph of prose.

Search results then show what a page is for. A page can set its own in MyST front matter
(``html_meta: {description: ...}``); that one wins.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DESCRIPTION_LENGTH = 160


def first_prose(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.section):  # prose, not a list, table or admonition
            return " ".join(paragraph.astext().split())
    return ""


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    if len(text) <= limit:
        return text
    text = text[: limit - 1].rsplit(" ", 1)[0]
    return text if text.endswith((".", "?", "!")) else text.rstrip(",;:") + "…"


def _add_description(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: nodes.document | None) -> None:
    metatags = context.get("metatags", "")
    if doctree is None or 'name="description"' in metatags:
        return
    text = first_prose(doctree)
    if text:
        context["metatags"] = (f'{metatags}\n    <meta name="description" '
                               f'content="{escape(shorten(text))}">')


def setup_meta(app: Sphinx) -> None:
    app.connect("html-page-context", _add_description)
