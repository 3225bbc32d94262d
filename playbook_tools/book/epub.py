"""The book as an EPUB 3: a cover, the contents (the same two levels as the PDF's), one XHTML
file per chapter, and the EPUB Accessibility metadata a reading system shows before the book is
opened. Every file is written as XML, so it is well-formed whatever the pages' HTML was;
EPUBCheck finds no error in it (tests/test_book.py)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from playbook_tools.book.compose import Book, serialize
from playbook_tools.book.pdf import chapter_element, contents, cover
from playbook_tools.files import write_atomic
from playbook_tools.render.printable import static_text

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}
# A reading system lays the book out itself: only the look of the content, no paper.
EPUB_CSS = """
body { font-family: serif; line-height: 1.45; }
.book-cover { margin-top: 25%; }
.book-cover h1 { font-size: 2em; }
.book-toc ol { list-style: none; padding-left: 0; }
.book-toc ol ol { padding-left: 1.5em; }
pre { white-space: pre-wrap; }
table { border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; }
img { max-width: 100%; }
.admonition { border-left: 0.25em solid #777; padding: 0 0.8em; margin: 1em 0; }
.admonition-title { font-weight: bold; }
"""
SVG_PROPERTY = ' properties="svg"'
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def _xhtml(language: str, title: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" '
            f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{language}" '
            f'xml:lang="{language}">\n<head>\n<meta charset="utf-8"/>\n'
            f"<title>{escape(title)}</title>\n"
            f'<link rel="stylesheet" type="text/css" href="playbook.css"/>\n'
            f'<link rel="stylesheet" type="text/css" href="book.css"/>\n'
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def _chapter_files(book: Book) -> tuple[list[str], dict[str, str]]:
    """Each chapter's file name, and the file every id of the book is in."""
    names = [f"chapter-{number:02d}.xhtml" for number, _ in enumerate(book.chapters, 1)]
    where: dict[str, str] = {}
    for name, chapter in zip(names, book.chapters, strict=True):
        where[chapter.id] = name
        for element in chapter.body.iter():
            if element.get("id"):
                where[element.get("id", "")] = name
    return names, where


def _link_across_files(element: ET.Element, here: str, where: dict[str, str]) -> None:
    for anchor in element.iter("a"):
        href = anchor.get("href", "")
        if href.startswith("#") and where.get(href[1:], here) != here:
            anchor.set("href", f"{where[href[1:]]}{href}")


def _package(book: Book, names: list[str], images: dict[str, str], with_svg: set[str]) -> str:
    source = book.source
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"playbook-book:{source.company}:"
                            f"{source.title}:{source.language}:{source.version}")
    modified = dt.datetime.combine(source.date, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
    modes = ["textual", "visual"] if images else ["textual"]
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if images:
        features.append("alternativeText")
    meta = [f'<meta property="schema:accessMode">{mode}</meta>' for mode in modes]
    meta += ['<meta property="schema:accessModeSufficient">textual</meta>']
    meta += [f'<meta property="schema:accessibilityFeature">{feature}</meta>'
             for feature in features]
    meta += ['<meta property="schema:accessibilityHazard">none</meta>',
             f'<meta property="schema:accessibilitySummary">'
             f'{escape(source.labels["summary"])}</meta>']
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
                'properties="nav"/>',
                '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>',
                '<item id="css-playbook" href="playbook.css" media-type="text/css"/>',
                '<item id="css-book" href="book.css" media-type="text/css"/>']
    manifest += [f'<item id="c{number}" href="{name}" media-type="application/xhtml+xml"'
                 f"{SVG_PROPERTY if name in with_svg else ''}/>"
                 for number, name in enumerate(names, 1)]
    manifest += [f'<item id="img{number}" href={quoteattr(path)} media-type="{media}"/>'
                 for number, (path, media) in enumerate(sorted(images.items()), 1)]
    spine = ['<itemref idref="cover"/>', '<itemref idref="nav"/>']
    spine += [f'<itemref idref="c{number}"/>' for number, _ in enumerate(names, 1)]
    lines = "\n    ".join
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id"
         xml:lang="{source.language}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">urn:uuid:{identifier}</dc:identifier>
    <dc:title>{escape(source.title)}</dc:title>
    <dc:language>{source.language}</dc:language>
    <dc:creator>{escape(source.company)}</dc:creator>
    <dc:publisher>{escape(source.company)}</dc:publisher>
    <dc:date>{source.date.isoformat()}</dc:date>
    <meta property="dcterms:modified">{modified}</meta>
    {lines(meta)}
  </metadata>
  <manifest>
    {lines(manifest)}
  </manifest>
  <spine>
    {lines(spine)}
  </spine>
</package>
"""


def epub_files(book: Book) -> dict[str, bytes | str]:
    """Every file of the EPUB by its path in the archive, the mimetype first."""
    source = book.source
    names, where = _chapter_files(book)
    files: dict[str, bytes | str] = {"mimetype": "application/epub+zip",
                                     "META-INF/container.xml": CONTAINER}
    cover_body = serialize(cover(book))
    files["OEBPS/cover.xhtml"] = _xhtml(source.language, source.title, cover_body)
    toc = contents(book, where)
    toc.set("epub:type", "toc")
    files["OEBPS/nav.xhtml"] = _xhtml(source.language, source.labels["contents"],
                                      serialize(toc))
    for name, chapter in zip(names, book.chapters, strict=True):
        body = chapter_element(chapter.id, copy.deepcopy(chapter.body))
        _link_across_files(body, name, where)
        files[f"OEBPS/{name}"] = _xhtml(source.language, chapter.title, serialize(body))
    files["OEBPS/playbook.css"] = static_text("playbook.css")
    files["OEBPS/book.css"] = EPUB_CSS.lstrip()
    images = {}
    for path, file in book.images.items():
        suffix = Path(path).suffix.lower()
        if suffix in MEDIA_TYPES and file.is_file():
            images[path] = MEDIA_TYPES[suffix]
            files[f"OEBPS/{path}"] = file.read_bytes()
    with_svg = {name for name, chapter in zip(names, book.chapters, strict=True)
                if any(element.tag == "svg" for element in chapter.body.iter())}
    files["OEBPS/content.opf"] = _package(book, names, images, with_svg)
    return files


def write_epub(book: Book, target: Path) -> None:
    moment = book.source.date.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in epub_files(book).items():
            info = zipfile.ZipInfo(path, date_time=moment)  # the same book, the same bytes
            info.compress_type = zipfile.ZIP_STORED if path == "mimetype" else \
                zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    write_atomic(target, buffer.getvalue())
