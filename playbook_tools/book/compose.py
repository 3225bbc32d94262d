"""The site's pages made into the chapters of one book.

Each page becomes a chapter. Ids are unique per page on the site but not across pages (two pages
may both have a "summary" section), so every id is given its chapter's prefix, and every link
between pages becomes a link to that prefixed id: no link of the book leads out of it or
nowhere (issue 23: Sphinx's single-page build leaves 229 of 581 such links dangling). A link to
a file the book does not hold (a printable's PDF, the site's index) keeps its words and loses
its target. The site's web-only parts (permalinks, download links, buttons, forms, scripts)
are left out.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import tinyhtml5

from playbook_tools.book.source import BookSource, Page

# Classes and elements that only make sense in a browser.
WEB_ONLY_CLASSES = frozenset({
    "headerlink", "playbook-downloads", "playbook-fill", "playbook-fill-form", "copybtn",
    "toctree-wrapper", "skip-to-content", "playbook-book-downloads",
})
WEB_ONLY_TAGS = frozenset({"script", "noscript", "form", "input", "button", "textarea",
                           "select", "style", "link", "meta"})
# Attributes that name another element by id.
ID_REFERENCES = ("for", "aria-labelledby", "aria-describedby", "aria-controls")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
SVG = "{http://www.w3.org/2000/svg}"
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass
class Heading:
    id: str
    title: str


@dataclass
class Chapter:
    id: str
    name: str
    title: str
    body: ET.Element
    sections: list[Heading] = field(default_factory=list)


@dataclass
class Book:
    source: BookSource
    chapters: list[Chapter]
    # Image paths as the chapters use them (relative to the book), and their files.
    images: dict[str, Path]
    # Links that led nowhere and pictures without a text alternative, one line each.
    problems: list[str]


def _classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _parse(html: str) -> ET.Element:
    document = f"<!DOCTYPE html><html><body><div>{html}</div></body></html>"
    root: ET.Element = tinyhtml5.parse(document, namespace_html_elements=False)
    body = root.find("body")
    assert body is not None
    div = body.find("div")
    assert div is not None
    return div


def _remove_web_only(tree: ET.Element) -> None:
    for parent in list(tree.iter()):
        for child in list(parent):
            if not isinstance(child.tag, str) or child.tag in WEB_ONLY_TAGS or \
                    _classes(child) & WEB_ONLY_CLASSES or child.get("aria-hidden") == "true":
                _drop(parent, child)  # a comment, a web-only part, or a decoration
    for element in tree.iter():
        if element.tag == "details":  # paper cannot open a dropdown: it is printed open
            element.tag = "div"
            element.attrib.pop("open", None)
        elif element.tag == "summary":
            element.tag = "p"
            element.set("class", " ".join(sorted(_classes(element) | {"rubric"})))
        elif element.tag.startswith(SVG):  # written as HTML for the PDF, as XML for the EPUB
            element.tag = element.tag[len(SVG):]
            if element.tag == "svg":
                element.set("xmlns", SVG[1:-1])


def _drop(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child`` but keep the text that followed it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _unwrap(parent: ET.Element, child: ET.Element) -> None:
    """Replace ``child`` by its content (a link the book cannot follow keeps its words)."""
    index = list(parent).index(child)
    text = (child.text or "")
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    for offset, grandchild in enumerate(list(child)):
        parent.insert(index + offset, grandchild)
    last_index = index + len(child) - 1
    if child.tail:
        if len(child):
            last = parent[last_index]
            last.tail = (last.tail or "") + child.tail
        elif index:
            parent[index - 1].tail = (parent[index - 1].tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def chapter_id(name: str) -> str:
    return "ch-" + _NOT_IN_ID.sub("-", name).strip("-").lower()


class _Ids:
    """Every id of the book, given its chapter's prefix and kept unique."""

    def __init__(self) -> None:
        self.new: dict[tuple[str, str], str] = {}
        self.taken: set[str] = set()

    def add(self, page: str, old: str, prefix: str) -> str:
        candidate = base = f"{prefix}--{_NOT_IN_ID.sub('_', old)}"
        number = 1
        while candidate in self.taken:
            number += 1
            candidate = f"{base}-{number}"
        self.taken.add(candidate)
        self.new[(page, old)] = candidate
        return candidate


def compose(source: BookSource) -> Book:
    pages = {page.name: page for page in source.pages}
    ids = _Ids()
    chapters: list[Chapter] = []
    trees: dict[str, ET.Element] = {}
    for page in source.pages:
        tree = _parse(page.html)
        _remove_web_only(tree)
        key = chapter_id(page.name)
        ids.taken.add(key)
        _ids_onto_headings(tree)
        for element in tree.iter():
            old = element.get("id")
            if old is not None:
                element.set("id", ids.add(page.name, old, key))
        trees[page.name] = tree
    book = Book(source, chapters, {}, [])
    for page in source.pages:
        tree = trees[page.name]
        _relink(tree, page, pages, ids, book)
        heading = next(tree.iter("h1"), None)
        title = _text(heading) if heading is not None else page.name
        chapter = Chapter(chapter_id(page.name), page.name, title, tree)
        chapter.sections = [Heading(h2_id, _text(h2)) for h2_id, h2 in _section_headings(tree)]
        chapters.append(chapter)
    return book


def _ids_onto_headings(tree: ET.Element) -> None:
    """A section's id moves onto its heading: a link to the section then leads to the page its
    heading is on, even where the section begins at the foot of the page before."""
    for section in tree.iter("section"):
        heading = next((child for child in section if child.tag in HEADINGS), None)
        if heading is not None and section.get("id") and not heading.get("id"):
            heading.set("id", section.attrib.pop("id"))


def _section_headings(tree: ET.Element) -> list[tuple[str, ET.Element]]:
    """Each second-level heading with the id of the section it opens."""
    found = []
    for section in tree.iter("section"):
        heading = section.find("h2")
        if heading is not None and heading.get("id"):
            found.append((heading.get("id", ""), heading))
    return found


def _relink(tree: ET.Element, page: Page, pages: dict[str, Page], ids: _Ids,
            book: Book) -> None:
    here = posixpath.dirname(page.name)
    for image in tree.iter("img"):
        _relocate_image(image, page, here, book)
    for element in tree.iter():
        for attribute in ID_REFERENCES:
            value = element.get(attribute)
            if value is not None:
                mapped = [ids.new.get((page.name, v)) for v in value.split()]
                if all(mapped):
                    element.set(attribute, " ".join(m for m in mapped if m))
                else:
                    del element.attrib[attribute]
    for parent in list(tree.iter()):
        for child in list(parent):
            if child.tag == "a" and child.get("href") is not None:
                _relink_anchor(parent, child, page, here, pages, ids, book)


def _relink_anchor(parent: ET.Element, anchor: ET.Element, page: Page, here: str,
                   pages: dict[str, Page], ids: _Ids, book: Book) -> None:
    href = anchor.get("href", "")
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return  # a web address or an e-mail address: it works on paper as it does on the site
    path = unquote(parts.path)
    target = page.name if not path else posixpath.normpath(posixpath.join(here, path))
    target = target.removesuffix(".html")
    if target not in pages:
        _unwrap(parent, anchor)  # a file of the site the book does not hold
        return
    fragment = unquote(parts.fragment)
    if fragment:
        new = ids.new.get((target, fragment))
        if new is None:
            book.problems.append(f"{page.name}: the link to {href} leads nowhere")
            _unwrap(parent, anchor)
            return
    else:
        new = chapter_id(target)
    anchor.set("href", f"#{new}")
    classes = _classes(anchor)
    if target != page.name:
        classes.add("book-xref")  # printed with the page it leads to
    anchor.set("class", " ".join(sorted(classes)))


def _relocate_image(image: ET.Element, page: Page, here: str, book: Book) -> None:
    src = image.get("src", "")
    if urlsplit(src).scheme:
        return
    relative = posixpath.normpath(posixpath.join(here, unquote(src)))
    book.images[relative] = book.source.assets / relative
    image.set("src", relative)
    if not image.get("alt", "").strip():
        book.problems.append(f"{page.name}: the picture {relative} has no alt text")


def serialize(element: ET.Element) -> str:
    """An element as XHTML (well-formed XML: the EPUB needs it, WeasyPrint reads it alike)."""
    return ET.tostring(element, encoding="unicode", method="xml")
