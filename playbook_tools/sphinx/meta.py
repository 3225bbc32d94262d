"""A ``<meta name="description">`` on every HTML page, from its first paragraph of prose, and
no second viewport ``<meta>``.

Search results then show what a page is for. A page can set its own in MyST front matter
(``html_meta: {description: ...}``); that one wins.
"""

from __future__ import annotations

import re
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


# docutils' HTML5 writer puts a viewport <meta> into the page's metatags, and every theme the
# handbook is built with (furo for the site, Sphinx's basic layout for the EPUB) writes its own:
# pages had two (issue 23). The theme's stays.
_VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*>')


def _add_description(app: Sphinx, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: nodes.document | None) -> None:
    metatags = _VIEWPORT.sub("", context.get("metatags", ""))
    context["metatags"] = metatags
    if doctree is None or 'name="description"' in metatags:
        return
    text = first_prose(doctree)
    if text:
        # Closed with "/>": the same tag goes into the EPUB's XHTML, where an unclosed one makes
        # every page malformed (issue 23); HTML reads it alike.
        context["metatags"] = (f'{metatags}\n    <meta name="description" '
                               f'content="{escape(shorten(text))}" />')


def setup_meta(app: Sphinx) -> None:
    app.connect("html-page-context", _add_description)
