"""The built handbook in Debian's Chromium, driven by Playwright: what a reader actually gets.

Never downloads a browser: it launches /usr/bin/chromium, which .ci/run installs with apt-get.
Screenshots of three pages, light, dark and printed, land in _build/screenshots/ for review.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from playbook_tools.model.artifacts import Checklist, Playbook
from playbook_tools.render import email as email_render
from tests.conftest import BuiltSite
from tests.helpers import chromium

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")
# Screenshots for a reviewer: into a temporary folder, or where PLAYBOOK_SCREENSHOTS says
# (`make screenshots` sets it to _build/screenshots); a test run never writes into the checkout.
SCREENSHOTS_ENV = "PLAYBOOK_SCREENSHOTS"
# label: (page, the part to scroll to for the screen shots)
SHOWN_PAGES = {"start": ("index", ""), "checklist": ("interviewing/preparing",
                                                    "#playbook-interviewer-preparation"),
               "email": ("coordinating/scheduling", "#playbook-invitation")}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site on a loopback port of its own, like `make serve` without the reload."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def new_page(browser, site_url: str, theme: str = "light", width: int = 1280,  # type: ignore[no-untyped-def]
             **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    # Furo keeps the reader's choice in localStorage; set it before any script runs.
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    return context, context.new_page()


def all_pages(built_site: BuiltSite) -> list[str]:
    return sorted(p.relative_to(built_site.outdir).with_suffix("").as_posix()
                  for p in built_site.outdir.rglob("*.html")
                  if not p.relative_to(built_site.outdir).as_posix().startswith("_"))


# Both themes at desktop width, and a phone's width, where furo moves the navigation into a
# header and wide code blocks and tables start to scroll sideways.
@pytest.mark.parametrize(("theme", "width"), [("light", 1280), ("dark", 1280), ("light", 375)])
def test_every_page_is_clean_accessible_and_local(browser, site_url: str,  # type: ignore[no-untyped-def]
                                                  built_site: BuiltSite, theme: str,
                                                  width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context, page = new_page(browser, site_url, theme, width)
    console_errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    local = urlsplit(site_url).netloc

    def note_request(request) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.netloc != local:
            foreign.append(request.url)

    page.on("request", note_request)
    problems: dict[str, list[str]] = {}
    pages = all_pages(built_site)
    assert len(pages) >= 20
    for docname in pages:
        page.goto(f"{site_url}/{docname}.html", wait_until="load")
        results = axe.run(page)
        violations = [f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s)"
                      for v in results.response["violations"]]
        found = violations + [f"console: {e}" for e in console_errors] + \
            [f"request to another host: {u}" for u in foreign]
        if found:
            problems[docname] = found
        console_errors.clear()
        foreign.clear()
    context.close()
    assert problems == {}


def _copy_button(page, block_selector: str):  # type: ignore[no-untyped-def]
    block = page.locator(block_selector)
    block.hover()
    return block.locator("xpath=ancestor-or-self::div[contains(@class,'highlight')][1]") \
        .locator("button.copybtn").first


def _copied(page, block_selector: str) -> str:  # type: ignore[no-untyped-def]
    _copy_button(page, block_selector).click()
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def _without_final_newline(text: str) -> str:
    # sphinx-copybutton drops one final newline, so a paste into a terminal doesn't run it.
    return text[:-1] if text.endswith("\n") else text


EMAIL_PAGE = "coordinating/scheduling"
INVITATION = "#playbook-invitation"


def test_copy_button_copies_exactly_the_templates_text(browser, site_url: str,  # type: ignore[no-untyped-def]
                                                       playbook: Playbook) -> None:
    context, page = new_page(browser, site_url,
                             permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}/{EMAIL_PAGE}.html")
    shown = email_render.with_placeholders(playbook.email("invitation"), playbook.config)
    assert _copied(page, f"{INVITATION} pre.playbook-email-body") == \
        _without_final_newline(shown.body)
    assert _copied(page, f"{INVITATION} pre.playbook-email-subject") == \
        _without_final_newline(shown.subject)
    assert "{{ candidate_name }}" in shown.body
    context.close()


def test_fill_in_fields_fill_the_copied_text(browser, site_url: str,  # type: ignore[no-untyped-def]
                                             playbook: Playbook) -> None:
    template = playbook.email("invitation")
    context, page = new_page(browser, site_url,
                             permissions=["clipboard-read", "clipboard-write"])
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site_url}/{EMAIL_PAGE}.html")
    form = page.locator(f"{INVITATION} fieldset.playbook-fill")
    # Every field starts with the variable's example value.
    for variable in template.variables:
        assert form.locator(f"[data-variable='{variable.name}']").input_value() == variable.example
    requests.clear()

    # Typing fills that variable alone, live.
    form.get_by_label("candidate_name", exact=True).fill("Zoë Ağaoğlu")
    body = _copied(page, f"{INVITATION} pre.playbook-email-body")
    assert "Zoë Ağaoğlu" in body and "{{ candidate_name }}" not in body
    assert "{{ role }}" in body

    # "Fill in all" uses every field: the copy is the template filled with those values.
    form.get_by_role("button", name="Fill in all").click()
    values = template.example_values() | {"candidate_name": "Zoë Ağaoğlu"}
    filled = email_render.fill(template, values, playbook.config)
    assert _copied(page, f"{INVITATION} pre.playbook-email-body") == \
        _without_final_newline(filled.body)
    assert _copied(page, f"{INVITATION} pre.playbook-email-subject") == filled.subject

    form.get_by_role("button", name="Show placeholders").click()
    shown = email_render.with_placeholders(template, playbook.config)
    assert _copied(page, f"{INVITATION} pre.playbook-email-body") == \
        _without_final_newline(shown.body)
    assert requests == []  # nothing typed leaves the page
    context.close()


def test_without_javascript_the_template_shows_its_placeholders(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context, page = new_page(browser, site_url, java_script_enabled=False)
    page.goto(f"{site_url}/{EMAIL_PAGE}.html")
    assert page.locator(f"{INVITATION} fieldset.playbook-fill").count() == 0
    body = page.locator(f"{INVITATION} pre.playbook-email-body").inner_text()
    assert "{{ candidate_name }}" in body
    context.close()


def _luminance(css_colour: str) -> float:
    numbers = css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")
    red, green, blue = (float(n) for n in numbers[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_printing_in_dark_mode_gives_light_paper_and_no_navigation(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context, page = new_page(browser, site_url, theme="dark", color_scheme="dark")
    page.goto(f"{site_url}/{EMAIL_PAGE}.html")
    assert _luminance(page.evaluate("getComputedStyle(document.body).backgroundColor")) < 0.3
    page.emulate_media(media="print")
    style = page.evaluate("""() => {
        const body = getComputedStyle(document.body);
        const article = getComputedStyle(document.querySelector('article'));
        return {background: body.backgroundColor, text: article.color};
    }""")
    assert _luminance(style["background"]) > 0.95
    assert _luminance(style["text"]) < 0.2
    for hidden in (".sidebar-drawer", ".toc-drawer", ".skip-to-content", ".mobile-header",
                   "button.copybtn", "fieldset.playbook-fill", ".theme-toggle-container"):
        for element in page.locator(hidden).all():
            assert not element.is_visible(), hidden
    context.close()


def test_dropdown_content_is_printed(browser, site_url: str, built_site: BuiltSite) -> None:  # type: ignore[no-untyped-def]
    with_dropdowns = [d for d in all_pages(built_site) if "sd-dropdown" in built_site.page(d)]
    assert with_dropdowns, "no page has a dropdown any more: this test would check nothing"
    context, page = new_page(browser, site_url)
    for docname in with_dropdowns:
        page.goto(f"{site_url}/{docname}.html")
        page.emulate_media(media="print")
        bodies = page.locator("details.sd-dropdown .sd-summary-content").all()
        assert bodies, docname
        for body in bodies:
            assert body.is_visible(), docname
    context.close()


def _words(text: str) -> str:
    """Text compared by words: the page has curly quotes, and DejaVu's ligatures ("ﬁ") come
    out of a PDF as one character, which NFKC splits again."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text)))


# The fonts a printout can come out in. The site keeps furo's system font stack, which ends in
# Arial and then sans-serif: on Linux, Arial is Liberation Sans (same metrics) when
# fonts-liberation is installed, and DejaVu Sans, about 12% wider, when only fonts-dejavu-core
# is. Both come from .ci/run. Family: the start of its PostScript name in a PDF.
PRINT_FONTS = {"DejaVu Sans": "DejaVuSans", "Liberation Sans": "LiberationSans"}
PAPERS = ("A4", "Letter")


def _force_font(page, family: str) -> None:  # type: ignore[no-untyped-def]
    """Everything on the page in `family`, whatever the site's stack and the machine's fonts."""
    page.add_style_tag(content="*, *::before, *::after, *::marker "
                               f'{{ font-family: "{family}" !important; }}')


def _fonts_in(pdf: bytes, folder: Path) -> set[str]:
    """The PostScript names of the fonts a PDF uses, without subset tags, read by pdffonts."""
    path = folder / "printed.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    assert listing[1].startswith("----"), listing
    return {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in listing[2:] if line.strip()}


def _assert_printed_in(pdf: bytes, family: str, folder: Path) -> None:
    """No silent fallback: a missing font would print in another one and prove nothing."""
    fonts = _fonts_in(pdf, folder)
    prefix = PRINT_FONTS[family]
    others = {f for f in fonts if f != prefix and not f.startswith(prefix + "-")}
    assert fonts and not others, \
        f"printed in {sorted(fonts)}, not only {family}: is its Debian package installed (.ci/run)?"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("font", PRINT_FONTS)
def test_every_checklist_region_prints_on_one_page(browser, site_url: str,  # type: ignore[no-untyped-def]
                                                   playbook: Playbook, playbook_de: Playbook,
                                                   font: str, paper: str,
                                                   tmp_path: Path) -> None:
    """DESIGN.md: every checklist prints on one A4 page and on one US Letter page, in any font.

    The machine's fonts decide the printout's font, so each font is forced in turn and the PDF
    must use that font alone: the result is the same on every machine. The page is printed by
    Chromium with the site's own print stylesheet and paper margins (handbook.css): once with
    everything in the article but the checklist's region removed, which must take one sheet,
    and once whole, as a reader prints it, where the checklist must sit on one of its sheets.
    """
    context, page = new_page(browser, site_url)
    # English at the root, German in de/: German's longer words must fit too (issue 12).
    checklists = [(folder, c) for folder, book in (("", playbook), ("de/", playbook_de))
                  for c in book.of_kind("checklist")]
    assert checklists
    for folder, checklist in checklists:
        assert isinstance(checklist, Checklist)
        items = [_words(item.text) for item in checklist.items]
        page.goto(f"{site_url}/{folder}{checklist.page}.html")
        _force_font(page, font)
        whole = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
        sheets = [_words(sheet.extract_text()) for sheet in whole.pages]
        assert any(all(item in sheet for item in items) for sheet in sheets), \
            f"{folder}{checklist.id} is split between sheets on {paper} in {font}"

        page.evaluate("""(id) => {
            const region = document.getElementById(id);
            const article = document.querySelector('article');
            article.replaceChildren(region);
        }""", f"playbook-{checklist.id}")
        pdf = page.pdf(format=paper, print_background=True)
        _assert_printed_in(pdf, font, tmp_path)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, \
            f"{folder}{checklist.id} takes {len(reader.pages)} {paper} pages in {font}"
        # Every item is on the sheet.
        printed = _words(reader.pages[0].extract_text())
        assert all(item in printed for item in items), checklist.id
    context.close()


def _mean_brightness(png: Path) -> float:
    from PIL import Image, ImageStat

    with Image.open(png) as image:
        return float(ImageStat.Stat(image.convert("L")).mean[0]) / 255


def test_screenshots_for_review(browser, site_url: str,  # type: ignore[no-untyped-def]
                                tmp_path: Path) -> None:
    """Light, dark and printed (from the dark theme) views of three pages, for a reviewer.

    The printed pages are what Chromium's "Save as PDF" makes, turned into PNGs; they must be
    mostly white paper even though the reader's theme is dark.
    """
    folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*-printed*"):
        old.unlink()
    for label, (docname, anchor) in SHOWN_PAGES.items():
        for theme in ("light", "dark"):
            context, page = new_page(browser, site_url, theme=theme, color_scheme=theme)
            page.goto(f"{site_url}/{docname}.html")
            shot = folder / f"{label}-{theme}.png"
            if anchor:  # the artifact itself, at the size a reader sees it
                page.locator(anchor).screenshot(path=str(shot))
            else:
                page.screenshot(path=str(shot))
            if theme == "dark":
                pdf_path = folder / f"{label}-printed.pdf"
                pdf_path.write_bytes(page.pdf(format="A4"))
                subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf_path),
                                str(folder / f"{label}-printed")], check=True)
                printed = sorted(folder.glob(f"{label}-printed-*.png"))
                assert printed, label
                for sheet in printed:
                    assert _mean_brightness(sheet) > 0.85, f"{sheet.name} is not light paper"
            context.close()
    for label in SHOWN_PAGES:
        assert (folder / f"{label}-light.png").is_file()
        assert (folder / f"{label}-dark.png").is_file()
