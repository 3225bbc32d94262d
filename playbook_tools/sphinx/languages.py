"""The handbook in more than one language: links between the same page in each.

The first language in ``playbook_languages`` is built at the site's root and every other one
below it, in a folder named by its code (``make html`` builds ``_build/html/`` and
``_build/html/de/``). Every page links to itself in the other languages with plain links, so
the switch works without JavaScript.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from babel import Locale

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx


def language_name(code: str) -> str:
    """A language's own name for itself, e.g. 'Deutsch' for de."""
    return str(Locale.parse(code).get_display_name(code)).capitalize()


def other_languages(languages: tuple[str, ...] | list[str], current: str,
                    pagename: str) -> list[dict[str, str]]:
    """Relative links from ``pagename`` in ``current`` to the same page in each other language."""
    if len(languages) < 2 or current not in languages:
        return []
    primary = languages[0]
    up = "../" * pagename.count("/")
    to_root = up if current == primary else "../" + up  # from this page to the primary root
    return [
        {"code": code, "name": language_name(code),
         "url": f"{to_root}{'' if code == primary else code + '/'}{pagename}.html"}
        for code in languages if code != current
    ]


def _add_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    languages = tuple(app.config.playbook_languages)
    context["playbook_languages"] = other_languages(languages, app.config.language or "en",
                                                    pagename)


def setup_languages(app: Sphinx) -> None:
    app.connect("html-page-context", _add_links)
