"""One call for the whole book: compose the pages once, write the PDF and the EPUB."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from playbook_tools.book.compose import compose
from playbook_tools.book.source import FORMATS, BookSource, book_name


def write_book(source: BookSource, outdir: Path,
               formats: Sequence[str] = FORMATS) -> list[str]:
    """Write ``handbook-<language>.<format>`` into ``outdir``; the problems found, one line
    each (a link that leads nowhere, a picture without alt text, a WeasyPrint warning)."""
    book = compose(source)
    problems = list(book.problems)
    outdir.mkdir(parents=True, exist_ok=True)
    if "pdf" in formats:
        from playbook_tools.book.pdf import write_pdf

        problems += write_pdf(book, outdir / book_name(source.language, "pdf"))
    if "epub" in formats:
        from playbook_tools.book.epub import write_epub

        write_epub(book, outdir / book_name(source.language, "epub"))
    return problems
