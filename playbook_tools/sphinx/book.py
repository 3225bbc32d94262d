"""The ``playbook-book`` builder: every page's body, in reading order, handed to ``book``.

It is the HTML builder with the page template left out: each page is rendered by the same
translators as the site (so checklists and scorecards look as the pages show them), and what
would have been written into a themed page is kept. At the end the pages go to
``playbook_tools.book``, which writes ``handbook-<language>.pdf`` and ``.epub`` into the output
folder. ``playbook book`` runs this builder; so can ``sphinx-build -b playbook-book``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from playbook_tools import __version__
from playbook_tools.book.source import BookSource, Page, site_book_path
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.sphinx.languages import language_name
from playbook_tools.vocabulary import BOOK_LABELS

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def reading_order(env: BuildEnvironment, root: str) -> list[str]:
    """The root page, then every page in the order the toctrees list them."""
    order: list[str] = []

    def visit(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            visit(child)

    visit(root)
    return order


def build_date() -> dt.date:
    """Today, or the day SOURCE_DATE_EPOCH names, so a rebuilt book can be byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


class BookBuilder(StandaloneHTMLBuilder):
    name = "playbook-book"
    epilog = "The book is in %(outdir)s."
    copysource = False
    allow_parallel = False
    search = False

    def init(self) -> None:
        # The book holds no printable PDFs to download: don't render them (they start on
        # builder-inited, which comes after this).
        self.config.playbook_pdf = False
        super().init()
        self.bodies: dict[str, str] = {}

    def get_outdated_docs(self) -> str:  # type: ignore[override]
        return "all documents"

    def handle_page(self, pagename: str, addctx: dict[str, Any],
                    templatename: str = "page.html", outfilename: Path | None = None,
                    event_arg: Any = None) -> None:
        if pagename in self.env.all_docs and "body" in addctx:
            self.bodies[pagename] = addctx["body"]

    def write_documents(self, docnames: Set[str]) -> None:
        super().write_documents(set(self.env.all_docs))

    def finish(self) -> None:
        from playbook_tools.book.write import write_book

        self.copy_image_files()
        playbook = playbook_for(self.srcdir)
        _ = playbook.gettext
        order = reading_order(self.env, self.config.root_doc)
        source = BookSource(
            language=self.config.language or "en",
            title=self.config.project,
            company=playbook.config.company,
            version=self.config.release or __version__,
            date=build_date(),
            paper=playbook.config.paper,
            pages=tuple(Page(name, self.bodies[name]) for name in order if name in self.bodies),
            assets=Path(self.outdir),
            labels={key: _(text) for key, text in BOOK_LABELS.items()},
        )
        for problem in write_book(source, Path(self.outdir)):
            logger.warning(problem, type="playbook", subtype="book")


class BookDownloadsDirective(SphinxDirective):
    """```{playbook-book}```: links to each language's book, where ``playbook book --site``
    (run by ``make html`` after the pages) puts it. On paper and in the book they are left
    out (the class marks them web-only)."""

    def run(self) -> list[nodes.Node]:
        languages = list(self.config.playbook_languages) or [self.config.language or "en"]
        here = self.config.language or languages[0]
        up = "../" * self.env.docname.count("/")
        to_root = up if here == languages[0] else "../" + up
        links = nodes.paragraph(classes=["playbook-book-downloads"])
        links += nodes.Text(playbook_for(self.env.srcdir).gettext(BOOK_LABELS["download"]) + " ")
        for number, language in enumerate(languages):
            if number:
                links += nodes.Text("; ")
            links += nodes.Text(f"{language_name(language)}: ")
            for index, fmt in enumerate(("pdf", "epub")):
                if index:
                    links += nodes.Text(" · ")
                uri = to_root + site_book_path(languages, language, fmt)
                links += nodes.reference("", fmt.upper(), refuri=uri,
                                         classes=["playbook-download"])
        return [links]


def setup_book(app: Sphinx) -> None:
    app.add_builder(BookBuilder)
    app.add_directive("playbook-book", BookDownloadsDirective)
