"""The book as a tagged PDF, by WeasyPrint (the engine every PDF of the playbook uses).

One HTML document holds the cover, the contents and the chapters. Paged-media CSS does the
rest (``static/playbook-book.css``): the contents' page numbers and every page reference are
``target-counter``s, so they are the pages the targets land on; each chapter's title is the
running head (``string-set``); chapters and their sections are the PDF's outline
(``bookmark-level``), the same two levels as the contents. The PDF/UA-1 variant makes it a
tagged PDF with its language and title.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from playbook_tools.book.compose import Book
from playbook_tools.dates import long_date
from playbook_tools.files import write_atomic
from playbook_tools.render.pdf.engine import engine, rendering_warnings
from playbook_tools.render.printable import static_text

PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def book_css(book: Book) -> str:
    """The rules that differ per book: the paper, and the word before a page number."""
    page_word = _css_string(f" ({book.source.labels['page']}\u00a0")
    return (f"@page {{ size: {PAGE_SIZES[book.source.paper]}; }}\n"
            f"a.book-xref::after {{ content: {page_word} target-counter(attr(href), page) "
            f'")"; }}\n')


def cover(book: Book) -> ET.Element:
    source = book.source
    section = ET.Element("section", {"class": "book-cover"})
    ET.SubElement(section, "p", {"class": "book-company"}).text = source.company
    ET.SubElement(section, "h1").text = source.title
    ET.SubElement(section, "p", {"class": "book-version"}).text = \
        source.labels["version"] % {"version": source.version}
    ET.SubElement(section, "p", {"class": "book-date"}).text = \
        long_date(source.date, source.language)
    return section


def contents(book: Book, href_of: dict[str, str] | None = None) -> ET.Element:
    """The two-level contents: every chapter, and each chapter's sections.

    ``href_of`` maps a chapter's id to the file it is in (the EPUB); the PDF is one file."""
    files = href_of or {}
    nav = ET.Element("nav", {"class": "book-toc", "id": "book-contents"})
    ET.SubElement(nav, "h1").text = book.source.labels["contents"]
    chapters = ET.SubElement(nav, "ol")
    for chapter in book.chapters:
        where = files.get(chapter.id, "")
        item = ET.SubElement(chapters, "li", {"class": "book-toc-1"})
        ET.SubElement(item, "a", {"href": f"{where}#{chapter.id}"}).text = chapter.title
        if chapter.sections:
            sections = ET.SubElement(item, "ol")
            for section in chapter.sections:
                entry = ET.SubElement(sections, "li", {"class": "book-toc-2"})
                ET.SubElement(entry, "a", {"href": f"{where}#{section.id}"}).text = section.title
    return nav


def chapter_element(chapter_id: str, body: ET.Element) -> ET.Element:
    wrapper = ET.Element("div", {"class": "book-chapter", "id": chapter_id})
    wrapper.text = body.text
    wrapper.extend(list(body))
    return wrapper


def book_document(book: Book) -> str:
    source = book.source
    html = ET.Element("html", {"lang": source.language})
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", {"charset": "utf-8"})
    ET.SubElement(head, "title").text = source.title
    ET.SubElement(head, "meta", {"name": "author", "content": source.company})
    ET.SubElement(head, "meta", {"name": "dcterms.created", "content": source.date.isoformat()})
    body = ET.SubElement(html, "body")
    body.append(cover(book))
    body.append(contents(book))
    for chapter in book.chapters:
        body.append(chapter_element(chapter.id, chapter.body))
    return "<!DOCTYPE html>\n" + ET.tostring(html, encoding="unicode", method="html")


def write_pdf(book: Book, target: Path) -> list[str]:
    """Write the PDF; WeasyPrint's warnings, one line each."""
    weasyprint, fonts, _paged = engine()
    with rendering_warnings() as warnings:
        stylesheets = [weasyprint.CSS(string=css, font_config=fonts) for css in (
            static_text("playbook.css"), static_text("playbook-book.css"), book_css(book))]
        document = weasyprint.HTML(string=book_document(book),
                                   base_url=str(book.source.assets) + "/")
        data = document.write_pdf(stylesheets=stylesheets, font_config=fonts,
                                  pdf_variant="pdf/ua-1", custom_metadata=True)
    write_atomic(target, data)
    return list(warnings)
