"""The whole handbook as a book (issue 23), checked by reading both books back: every link of
the PDF lands on a page, every printed page reference names the page its target is on, the
outline is the contents, nothing web-only is in the text, the tagged structure has the language
and title, and EPUBCheck finds no error."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from tests.conftest import DOCS, REPO, run_playbook

LANGUAGES = ("en", "de")
PAGE_WORD = {"en": "p.", "de": "S."}
# What only a browser can use, in both languages: none of it belongs in the book.
# (The printing and e-mail pages describe these parts in prose; that text stays.)
WEB_ONLY = ("Download PDF: A4", "PDF herunterladen: A4", "Fill in the template (stays in",
            "Skip to content", "¶", "Copy to clipboard", "The whole handbook as a book:",
            "Das ganze Handbuch als Buch:")


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Each language's book, built once, as `playbook book` builds it (the playbook-book
    builder), with -W: a link that leads nowhere is a warning and fails the build."""
    base = tmp_path_factory.mktemp("book")
    shutil.copytree(REPO / "locale", base / "locale", ignore=shutil.ignore_patterns("*.mo"))
    locale = os.path.relpath(base / "locale", DOCS)
    builds = {
        language: subprocess.Popen(
            [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q",
             "-b", "playbook-book", "-c", str(REPO), "-D", f"language={language}",
             "-D", f"playbook_locale_dir={locale}", "-d", str(base / "doctrees" / language),
             str(DOCS), str(base / language)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "NO_COLOR": "1"})
        for language in LANGUAGES
    }
    for language, build in builds.items():
        _, err = build.communicate()
        assert build.returncode == 0 and not err.strip(), f"{language} book: {err}"
    yield {language: base / language for language in LANGUAGES}
    shutil.rmtree(base, ignore_errors=True)


def _pdf(books: dict[str, Path], language: str) -> Path:
    return books[language] / f"handbook-{language}.pdf"


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, Any]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(key): value for key, value in pikepdf.NameTree(names.Dests).items()}


def _page_index(pdf: pikepdf.Pdf, destination: Any, named: dict[str, Any]) -> int | None:
    if isinstance(destination, (pikepdf.String, pikepdf.Name, str)):
        destination = named.get(str(destination).lstrip("/"))
        if isinstance(destination, pikepdf.Dictionary):
            destination = destination.get("/D")
    if not isinstance(destination, pikepdf.Array) or not len(destination):
        return None
    page = destination[0]
    for index, candidate in enumerate(pdf.pages):
        if candidate.obj.objgen == page.objgen:
            return index
    return None


def _internal_links(pdf: pikepdf.Pdf) -> Iterator[tuple[int, list[float], int | None]]:
    """(page index, rectangle, target page index or None) of every link inside the PDF."""
    named = _named_destinations(pdf)
    for index, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                continue
            destination = annotation.get("/Dest")
            if destination is None and action is not None:
                destination = action.get("/D")
            x1, y1, x2, y2 = (float(value) for value in annotation.Rect)
            rect = [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]
            yield index, rect, _page_index(pdf, destination, named)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_lands_on_a_page(books: dict[str, Path], language: str) -> None:
    with pikepdf.open(_pdf(books, language)) as pdf:
        links = list(_internal_links(pdf))
    assert len(links) > 200
    unresolved = [(page + 1, rect) for page, rect, target in links if target is None]
    assert unresolved == []


def _fragments(page: pypdf.PageObject) -> list[tuple[float, float, str]]:
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_reference_names_the_page_it_leads_to(books: dict[str, Path],
                                                        language: str) -> None:
    reference = re.compile(rf"\({re.escape(PAGE_WORD[language])}\s*(\d+)\)")
    reader = pypdf.PdfReader(_pdf(books, language))
    with pikepdf.open(_pdf(books, language)) as pdf:
        links = list(_internal_links(pdf))
    printed = 0
    fragments: dict[int, list[tuple[float, float, str]]] = {}
    for number, page in enumerate(reader.pages):
        printed += len(reference.findall(page.extract_text()))
        fragments[number] = _fragments(page)
    # A link's words and its generated "(p. N)" each get an annotation: one reference is
    # known by its page, line, printed number and target.
    references = set()
    for page_index, (x1, y1, x2, y2), target in links:
        inside = "".join(text for x, y, text in fragments[page_index]
                         if x1 - 1 <= x <= x2 + 1 and y1 - 1 <= y <= y2 + 1)
        match = reference.search(inside)
        if match:
            references.add((page_index, round(y1), int(match.group(1)), target))
    assert printed > 20
    assert len(references) == printed
    assert [ref for ref in references if ref[3] is None or ref[2] != ref[3] + 1] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_outline_is_the_contents(books: dict[str, Path], language: str) -> None:
    reader = pypdf.PdfReader(_pdf(books, language))
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                entries.append((level, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    assert {level for level, *_ in entries} == {1, 2}
    first_chapter = min(page for _, _, page in entries)
    contents = " ".join(reader.pages[number].extract_text()
                        for number in range(1, first_chapter))
    position = 0
    for _level, title, page in entries:
        words = r"\s+".join(re.escape(word) for word in title.split())
        found = re.compile(words + r"[\s.]*?(\d+)").search(contents, position)
        assert found, f"{title} is in the outline but not in the contents"
        assert int(found.group(1)) == page + 1, title
        position = found.end()


@pytest.mark.parametrize("language", LANGUAGES)
def test_cover_paper_and_running_heads(books: dict[str, Path], language: str) -> None:
    reader = pypdf.PdfReader(_pdf(books, language))
    cover = reader.pages[0].extract_text()
    assert "Example Co" in cover and "Interview Playbook" in cover and "0." in cover
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # playbook_paper = "a4"
    chapters = [item for item in reader.outline if not isinstance(item, list)]
    second = chapters[1]
    start = reader.get_destination_page_number(second)
    end = reader.get_destination_page_number(chapters[2])
    assert end - start >= 2
    # The chapter's title runs at the top of its later pages, the page number at the foot (the
    # margin boxes come last in the text).
    *_, head, number = reader.pages[start + 1].extract_text().strip().splitlines()
    assert (head.strip(), number.strip()) == (str(second.title), str(start + 2))


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_web_only_words(books: dict[str, Path], language: str) -> None:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(_pdf(books, language)).pages)
    with zipfile.ZipFile(books[language] / f"handbook-{language}.epub") as epub:
        text += "\n".join(epub.read(name).decode() for name in epub.namelist()
                          if name.endswith(".xhtml"))
    assert [word for word in WEB_ONLY if word in text] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_tagged_pdf_with_language_title_and_alt_text(books: dict[str, Path],
                                                    language: str) -> None:
    with pikepdf.open(_pdf(books, language)) as pdf:
        assert str(pdf.Root.Lang) == language
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.docinfo["/Title"]) == "Interview Playbook"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        figures = []
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if isinstance(element, pikepdf.Dictionary):
                if element.get("/S") == "/Figure":
                    figures.append(element)
                kids = element.get("/K")
                if isinstance(kids, pikepdf.Array):
                    stack.extend(kids)
                elif isinstance(kids, pikepdf.Dictionary):
                    stack.append(kids)
        assert figures, "the handbook's pictures are figures in the structure"
        assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


@pytest.mark.parametrize("language", LANGUAGES)
def test_epub_has_accessibility_metadata(books: dict[str, Path], language: str) -> None:
    with zipfile.ZipFile(books[language] / f"handbook-{language}.epub") as epub:
        assert epub.namelist()[0] == "mimetype"
        package = ET.fromstring(epub.read("OEBPS/content.opf"))
    opf = "{http://www.idpf.org/2007/opf}"
    properties = {meta.get("property") for meta in package.iter(f"{opf}meta")}
    assert {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary"} <= properties
    language_element = package.find(".//{http://purl.org/dc/elements/1.1/}language")
    assert language_element is not None and language_element.text == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_epubcheck_finds_no_error(books: dict[str, Path], language: str) -> None:
    epubcheck = shutil.which("epubcheck")
    java = shutil.which("java")
    if not epubcheck or not java:
        pytest.skip("EPUBCheck needs java and the Debian package epubcheck")
    result = subprocess.run([java, "-jar", epubcheck,
                             str(books[language] / f"handbook-{language}.epub")],
                            capture_output=True, text=True, timeout=300)
    assert "0 fatals / 0 errors" in result.stdout + result.stderr, result.stdout + result.stderr


def test_book_command_names_a_wrong_language() -> None:
    code, _, err = run_playbook("book", "--lang", "xx", "-o", "unused")
    assert code == 1
    assert err.count("\n") == 1 and "--lang xx" in err and "en, de" in err


def test_description_meta_is_closed_and_viewport_written_once() -> None:
    from docutils import nodes

    from playbook_tools.sphinx.meta import _add_description

    doctree = nodes.document(None, None)  # type: ignore[arg-type]
    section = nodes.section()
    section += nodes.paragraph(text="A page & its first paragraph.")
    doctree += section
    context = {"metatags": '<meta name="viewport" content="width=device-width, '
                           'initial-scale=1" />\n<meta name="author" content="x" />'}
    _add_description(None, "page", "page.html", context, doctree)  # type: ignore[arg-type]
    tags = context["metatags"]
    assert "viewport" not in tags
    ET.fromstring(f"<head>{tags}</head>")  # well-formed XML, as an EPUB's XHTML must be
    assert 'content="A page &amp; its first paragraph." />' in tags
