"""The kit's index.html in Debian's Chromium, opened from the folder by file:// URL as a
coordinator would: offline, accessible, readable without JavaScript, and its copy buttons and
mailto: links carry exactly the e-mails the kit wrote (issue 10)."""

from __future__ import annotations

import html.parser
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from playbook_tools.model.artifacts import Playbook
from playbook_tools.render.layouts import layout_messages
from tests.helpers import EXAMPLE, build_kit, candidate_file, chromium, drop_aisha, parse_eml

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kit built, then rebuilt without Aisha: every kind of e-mail is on its page."""
    base = tmp_path_factory.mktemp("kit")
    out = base / "amara"
    build_kit(EXAMPLE, out)
    build_kit(candidate_file(base, drop_aisha), out, "--force")
    return out


@pytest.fixture(scope="module")
def pages_de(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The pages of the same kit for a German-speaking team (`--team-lang de`; the candidate
    reads English): as first built, with a break, and rebuilt, with the cancellations."""
    base = tmp_path_factory.mktemp("kit-de")
    out = base / "amara"
    build_kit(EXAMPLE, out, "--team-lang", "de")
    first = base / "first.html"
    first.write_bytes((out / "index.html").read_bytes())
    build_kit(candidate_file(base, drop_aisha), out, "--force", "--team-lang", "de")
    return [first, out / "index.html"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


def open_page(browser, kit: Path, width: int = 1280, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    return context, page


def emails(kit: Path) -> dict[str, tuple[str, str, str]]:
    """Each .eml of the kit: (To, Subject, the text body), as a mail program reads them."""
    found = {}
    for path in sorted((kit / "emails").glob("*.eml")):
        message = parse_eml(path)
        body = message.get_body(("plain",))
        assert body is not None
        found[path.stem] = (str(message["To"]), str(message["Subject"]), body.get_content())
    return found


@pytest.mark.parametrize("width", [1280, 375])
def test_the_page_is_offline_accessible_and_clean(browser, kit: Path,  # type: ignore[no-untyped-def]
                                                  width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context, page = open_page(browser, kit, width)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((kit / "index.html").as_uri(), wait_until="load")
    results = Axe().run(page)
    violations = [f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s)"
                  for v in results.response["violations"]]
    assert violations == []
    assert errors == []
    # The page itself, and nothing else: no stylesheet, script, font or image from any host.
    assert requests == [(kit / "index.html").as_uri()]
    context.close()


def _copied(page, button) -> str:  # type: ignore[no-untyped-def]
    button.click()
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def test_copy_buttons_copy_each_emails_recipients_subject_and_body(browser,  # type: ignore[no-untyped-def]
                                                                   kit: Path) -> None:
    context, page = open_page(browser, kit, permissions=["clipboard-read", "clipboard-write"])
    page.goto((kit / "index.html").as_uri())
    expected = emails(kit)
    # One e-mail per calendar event, cancellations included (issue 20).
    assert sorted(expected) == [
        "cancel-follow-up-session-amara-okafor-backend-engineer",
        "cancel-notes-and-scorecard-amara-okafor",
        "cancel-pairing-session-and-retrospective-amara-okafor-with-aisha-bello",
        "invitation", "notes-jonas-lindqvist", "reminder", "session-jonas-lindqvist",
        "team-schedule"]
    for part, (to, subject, body) in expected.items():
        box = page.locator(f"#email-{part}")
        assert _copied(page, box.get_by_role("button", name="Copy the recipients")) == to
        assert _copied(page, box.get_by_role("button", name="Copy the subject")) == subject
        assert _copied(page, box.get_by_role("button", name="Copy the body")) == body
        assert page.get_by_role("status").inner_text() == "Copied the body"
    context.close()


def test_mailto_links_open_the_same_email(browser, kit: Path) -> None:  # type: ignore[no-untyped-def]
    context, page = open_page(browser, kit)
    page.goto((kit / "index.html").as_uri())
    for part, (to, subject, body) in emails(kit).items():
        href = page.locator(f"#email-{part} a.playbook-kit-mailto").get_attribute("href")
        assert href is not None and href.startswith("mailto:")
        parts = urllib.parse.urlsplit(href)
        recipients = urllib.parse.unquote(parts.path).split(",")
        assert recipients == re.findall(r"<([^>]+)>", to)
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        assert query["subject"] == [subject]
        assert len(href) < 2000  # Outlook on Windows fails on longer links (issue 20)
        if "body" in query:  # RFC 6068: line breaks as CRLF
            assert query["body"] == ["\r\n".join(body.splitlines())]
        else:  # too long for a link: the page says so, and offers the button and the .eml
            note = page.locator(f"#email-{part}").inner_text()
            assert "the body is too long for a link" in note
    context.close()


def test_without_javascript_everything_reads(browser, kit: Path) -> None:  # type: ignore[no-untyped-def]
    context, page = open_page(browser, kit, java_script_enabled=False)
    page.goto((kit / "index.html").as_uri())
    assert page.get_by_role("button").count() == 0  # no copy button that would do nothing
    to, subject, body = emails(kit)["invitation"]
    box = page.locator("#email-invitation")
    assert box.locator("pre").inner_text().strip() == body.strip()
    assert subject in box.inner_text() and to in box.inner_text()
    timeline = page.locator("ol.playbook-kit-timeline li").all_inner_texts()
    assert timeline[0].startswith("09:30\u201311:00")
    assert any("Follow-up session" in row for row in timeline)
    context.close()


def test_every_file_the_page_links_is_in_the_kit(browser, kit: Path) -> None:  # type: ignore[no-untyped-def]
    context, page = open_page(browser, kit)
    page.goto((kit / "index.html").as_uri())
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    files = [h for h in hrefs if not h.startswith(("#", "mailto:"))]
    assert "schedule.ics" in files and "emails/cancel-notes-and-scorecard-amara-okafor.eml" in files
    assert "interviewers/jonas-lindqvist/scorecard.pdf" in files
    missing = [h for h in files if not (kit / h).is_file()]
    assert missing == []
    context.close()


def test_the_page_is_valid_html(kit: Path, pages_de: list[Path]) -> None:
    from tests.test_html_valid import check

    errors = check([kit / "index.html", *pages_de])
    assert not any(errors.values()), errors


class PageWords(html.parser.HTMLParser):
    """The words the layout writes: text and the attributes people hear or see, without the
    e-mails' own recipients, subjects and bodies, which are in the candidate's language."""

    SPOKEN = ("aria-label", "title", "alt", "data-copied")

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        element_id = found.get("id") or ""
        if self.skipping or tag in ("style", "script", "pre") or \
                element_id.endswith(("-to", "-subject")):
            self.skipping.append(tag)
        self.words += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.words.append(data)


def page_words(page: Path) -> str:
    parser = PageWords()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.words).split())


def fixed_parts(message: str) -> list[str]:
    """What a message says around its placeholders: "%(name)s: notes" gives [": notes"]."""
    return [part.strip() for part in re.split(r"%\([a-z_]+\)s", message) if part.strip()]


def test_the_page_speaks_the_teams_language(pages_de: list[Path], playbook: Playbook,
                                            playbook_de: Playbook) -> None:
    texts = [page.read_text(encoding="utf-8") for page in pages_de]
    assert all(text.startswith('<!DOCTYPE html>\n<html lang="de">\n') for text in texts)
    words = " ".join(page_words(page) for page in pages_de)
    messages = sorted({message for message, where in layout_messages(playbook.templates_dir)
                       if where == "templates/kit/index.html.j2"})
    assert len(messages) >= 45
    assert "Copy the recipients" in messages and "The day" in messages
    for message in messages:
        german = playbook_de.gettext(message)
        assert german != message, f"not translated: {message!r}"
        # Each word the layout marks is on the page as the catalog says it in German ...
        for part in fixed_parts(german):
            assert part in words, (message, part)
        # ... and not in English.
        for part in fixed_parts(message):
            if len(part) > 3:
                assert part not in words, (message, part)
    for text in texts:
        assert "Interview kit:" not in text and "Copied the body" not in text
        assert f'data-copied="{playbook_de.gettext("Copied the body")}"' in text
