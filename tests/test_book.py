"""The whole handbook as a book (issue 23), checked by reading both books back: every link of
the PDF lands on a page, every printed page reference names the page its target is on, the
outline is the contents, nothing web-only is in the text, the tagged structure has the language
and title, and EPUBCheck finds no error."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.conftest import JAVA, ROOTS, BuiltSite, built_once, run_playbook, sphinx_build
from tests.pdf_engines import poppler, text_in_poppler

LANGUAGES = ("en", "de")
PAGE_WORD = {"en": "p.", "de": "S."}
# What only a browser can use, in both languages: none of it belongs in the book.
# (The printing and e-mail pages describe these parts in prose; that text stays.)
WEB_ONLY = ("Download PDF: A4", "PDF herunterladen: A4", "Fill in the template (stays in",
            "Skip to content", "¶", "Copy to clipboard", "The whole handbook as a book:",
            "Das ganze Handbuch als Buch:")


@pytest.fixture(scope="session")
def books(tmp_path_factory: pytest.TempPathFactory, built_site: BuiltSite) -> dict[str, Path]:
    """Each language's book, as `make html` builds it after the pages (`playbook book
    --doctrees`): the playbook-book builder on the doctrees the site's build read, with -W, so
    a link that leads nowhere is a warning and fails the build. Both languages are built at
    once, once in a whole run, when a test first asks for a book: a worker that needs the
    other language's book later finds it made. The book builder only reads the site's
    doctrees; it writes into them only when a page changed after the site's build, and none
    does during a run."""
    def make(base: Path) -> dict[str, str]:
        environments = {language: built_site.doctrees / language / "environment.pickle"
                        for language in LANGUAGES}
        before = {language: path.stat().st_mtime_ns for language, path in environments.items()}
        builds = {language: sphinx_build("playbook-book", language, built_site.locale,
                                         built_site.doctrees / language, base / language)
                  for language in LANGUAGES}
        problems = {language: build.communicate()[1] for language, build in builds.items()}
        for language, path in environments.items():
            # Sphinx saves the environment again only when it read a page again.
            if path.stat().st_mtime_ns != before[language]:
                problems[language] += "the book read the site's pages again"
        return {language: problems[language].strip() or
                (f"exit code {build.returncode}" if build.returncode else "")
                for language, build in builds.items()}

    base, problems = built_once(tmp_path_factory, "books", make)
    assert not any(problems.values()), problems
    return {language: base / language for language in LANGUAGES}


IN_EACH_LANGUAGE = pytest.mark.parametrize("language", LANGUAGES)


def _pdf(books: dict[str, Path], language: str) -> Path:
    return books[language] / f"handbook-{language}.pdf"


@functools.cache
def _poppler_words(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    """Each page's height and words with their boxes, as poppler reads them (`pdftotext
    -bbox`); the boxes' y runs down from the top of the page."""
    xhtml = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ET.fromstring(poppler("pdftotext", "-bbox", str(pdf), "-").stdout).iter(
            f"{xhtml}page"):
        words = [(float(word.get("xMin", 0)), float(word.get("yMin", 0)),
                  float(word.get("xMax", 0)), float(word.get("yMax", 0)), word.text or "")
                 for word in page.iter(f"{xhtml}word")]
        pages.append((float(page.get("height", 0)), words))
    return pages


def _lines(words: list[tuple[float, float, float, float, str]]) -> str:
    """A page's words line by line, each line left to right: a line of the contents is its
    title, its leader dots and its page number (poppler's reading order may put the numbers
    in a column of their own)."""
    lines: dict[int, list[tuple[float, str]]] = {}
    for left, top, _right, _bottom, text in words:
        lines.setdefault(round(top), []).append((left, text))
    return "\n".join(" ".join(text for _, text in sorted(lines[top])) for top in sorted(lines))


@functools.cache
def _poppler_text(pdf: Path) -> list[str]:
    """Each page's text, as poppler reads it."""
    return text_in_poppler(pdf).split("\f")[:-1]


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


@IN_EACH_LANGUAGE
def test_every_internal_link_lands_on_a_page(books: dict[str, Path], language: str) -> None:
    with pikepdf.open(_pdf(books, language)) as pdf:
        links = list(_internal_links(pdf))
    assert len(links) > 200
    unresolved = [(page + 1, rect) for page, rect, target in links if target is None]
    assert unresolved == []


@IN_EACH_LANGUAGE
def test_every_page_reference_names_the_page_it_leads_to(books: dict[str, Path],
                                                        language: str) -> None:
    reference = re.compile(rf"\({re.escape(PAGE_WORD[language])}\s*(\d+)\)")
    pages = _poppler_words(_pdf(books, language))
    with pikepdf.open(_pdf(books, language)) as pdf:
        links = list(_internal_links(pdf))
    printed = sum(len(reference.findall(text)) for text in _poppler_text(_pdf(books, language)))
    # A link's words and its generated "(p. N)" each get an annotation: one reference is
    # known by its page, line, printed number and target. A word belongs to a link when its
    # middle is inside the link's rectangle (PDF space: y runs up from the foot of the page).
    references = set()
    for page_index, (x1, y1, x2, y2), target in links:
        height, words = pages[page_index]
        inside = " ".join(text for left, top, right, bottom, text in words
                          if x1 - 1 <= (left + right) / 2 <= x2 + 1
                          and y1 - 1 <= height - (top + bottom) / 2 <= y2 + 1)
        match = reference.search(inside)
        if match:
            references.add((page_index, round(y1), int(match.group(1)), target))
    assert printed > 20
    assert len(references) == printed
    assert [ref for ref in references if ref[3] is None or ref[2] != ref[3] + 1] == []


def _outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int | None]]:
    """(level, title, page index) of every entry of the PDF's outline, in order."""
    named = _named_destinations(pdf)
    entries: list[tuple[int, str, int | None]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            destination = item.destination
            if destination is None and item.action is not None:
                destination = item.action.get("/D")
            entries.append((level, str(item.title), _page_index(pdf, destination, named)))
            walk(item.children, level + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 1)
    return entries


@IN_EACH_LANGUAGE
def test_the_outline_is_the_contents(books: dict[str, Path], language: str) -> None:
    with pikepdf.open(_pdf(books, language)) as pdf:
        entries = _outline(pdf)
    assert {level for level, *_ in entries} == {1, 2}
    assert None not in [page for *_, page in entries]
    first_chapter = min(page or 0 for *_, page in entries)
    contents = " ".join(_lines(words) for _, words in
                        _poppler_words(_pdf(books, language))[1:first_chapter])
    position = 0
    for _level, title, page in entries:
        words = r"\s+".join(re.escape(word) for word in title.split())
        found = re.compile(words + r"[\s.]*?(\d+)").search(contents, position)
        assert found, f"{title} is in the outline but not in the contents"
        assert page is not None and int(found.group(1)) == page + 1, title
        position = found.end()


@IN_EACH_LANGUAGE
def test_cover_paper_and_running_heads(books: dict[str, Path], language: str) -> None:
    text = _poppler_text(_pdf(books, language))
    assert "Example Co" in text[0] and "Interview Playbook" in text[0] and "0." in text[0]
    with pikepdf.open(_pdf(books, language)) as pdf:
        width, height = (float(value) for value in pdf.pages[0].mediabox[2:])
        chapters = [(title, page) for level, title, page in _outline(pdf) if level == 1]
    assert (round(width), round(height)) == (595, 842)  # playbook_paper = "a4"
    (title, start), (_, end) = chapters[1], chapters[2]
    assert start is not None and end is not None and end - start >= 2
    # The chapter's title runs at the top of its later pages, the page number at the foot:
    # the first and the last line as poppler reads the page.
    page_height, words = _poppler_words(_pdf(books, language))[start + 1]
    top = min(word_top for _, word_top, *_ in words)
    foot = max(word_bottom for *_, word_bottom, _ in words)
    head = " ".join(text for _, word_top, *_, text in words if word_top < top + 2)
    number = " ".join(text for *_, word_bottom, text in words if word_bottom > foot - 2)
    assert foot > page_height * 0.9 and top < page_height * 0.1
    assert (head, number) == (title, str(start + 2))


@IN_EACH_LANGUAGE
def test_no_web_only_words(books: dict[str, Path], language: str) -> None:
    text = "\n".join(_poppler_text(_pdf(books, language)))
    with zipfile.ZipFile(books[language] / f"handbook-{language}.epub") as epub:
        text += "\n".join(epub.read(name).decode() for name in epub.namelist()
                          if name.endswith(".xhtml"))
    assert [word for word in WEB_ONLY if word in text] == []


@IN_EACH_LANGUAGE
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


@IN_EACH_LANGUAGE
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


@IN_EACH_LANGUAGE
def test_epubcheck_finds_no_error(books: dict[str, Path], language: str) -> None:
    epubcheck = shutil.which("epubcheck")
    java = shutil.which("java")
    if not epubcheck or not java:
        pytest.skip("EPUBCheck needs java and the Debian package epubcheck")
    result = subprocess.run([*JAVA, "-jar", epubcheck,
                             str(books[language] / f"handbook-{language}.epub")],
                            capture_output=True, text=True, timeout=300)
    assert "0 fatals / 0 errors" in result.stdout + result.stderr, result.stdout + result.stderr


def test_book_command_names_a_wrong_language() -> None:
    code, _, err = run_playbook("book", "--lang", "xx", "-o", "unused")
    assert code == 1
    assert err.count("\n") == 1 and "--lang xx" in err and "en, de" in err


def test_book_command_reuses_the_doctrees_it_is_given(tmp_path: Path) -> None:
    """`playbook book --doctrees`, as `make html` runs it, on a copy of the test root: the
    first book reads the pages into the folder, and the next reads none of them again."""
    docs = tmp_path / "root"
    shutil.copytree(ROOTS / "test-playbook", docs)
    doctrees = tmp_path / "doctrees"
    doctrees.mkdir()
    environment = doctrees / "en" / "environment.pickle"

    def book(out: str) -> None:
        code, stdout, err = run_playbook("book", "--lang", "en", "--doctrees", str(doctrees),
                                         "-o", str(tmp_path / out), docs=docs)
        assert (code, err) == (0, ""), err
        assert stdout == "".join(f"wrote {tmp_path / out / f'handbook-en.{fmt}'}\n"
                                 for fmt in ("pdf", "epub"))

    book("first")
    saved = environment.stat().st_mtime_ns
    book("second")
    assert environment.stat().st_mtime_ns == saved, "the second book read the pages again"
    assert (tmp_path / "second" / "handbook-en.pdf").read_bytes().startswith(b"%PDF-")


def test_book_command_names_doctrees_that_are_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "no-doctrees"
    code, _, err = run_playbook("book", "--doctrees", str(missing), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err.count("\n") == 1 and f"--doctrees {missing}" in err and "make html" in err
    assert not (tmp_path / "out").exists()


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
