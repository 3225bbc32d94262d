"""German output needs no English: the German site's pages and PDFs, and a German team's kit for
a German candidate (every e-mail, calendar entry, README, printout and form), contain no English
sentence (issue 21). Code, commands, ids and addresses are not sentences and are left out.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest

from tests.conftest import DOCS, BuiltSite, run_playbook
from tests.english import english_sentences, html_text
from tests.pdf_engines import text_in_poppler


@pytest.mark.parametrize("text", [
    "Please send your scorecard to the coordinator by the end of your notes block.",
    "Bitte schicken Sie den Bogen. If you cannot come, tell us at once.",
    "Made with Sphinx and the theme of your choice",
])
def test_the_check_finds_an_english_sentence(text: str) -> None:
    assert english_sentences(text)


@pytest.mark.parametrize("text", [
    "Schicken Sie Ihren Bewertungsbogen bis zum Ende Ihrer Notizzeit an die koordinierende Person.",
    "Ein 1-over-Gespräch vorbereiten Seite 1 von 1 ../../deciding/one-over.html",
    "Führen Sie `playbook decide --kit kits/amara --told 2027-03-11` aus, sobald sie es weiß.",
    "English",
    "Stärken: zeigt Demut, neugierig. Bedenken: tut Ideen ab.",
])
def test_the_check_leaves_german_and_code_alone(text: str) -> None:
    assert english_sentences(text) == []


def test_the_html_reader_skips_code_and_reads_accessible_names() -> None:
    page = ('<p>Führen Sie <code>the command with all of your files</code> aus.</p>'
            '<button aria-label="Toggle the theme of this page for you">x</button>')
    text = html_text(page)
    assert "command" not in text
    assert english_sentences(text) == ["Toggle the theme of this page for you"]


def test_the_german_site_has_no_english_sentence(built_site: BuiltSite) -> None:
    german = built_site.outdir / "de"
    found = []
    pages = [p for p in sorted(german.rglob("*.html"))
             if not {"_sources", "_static", "_downloads"} & set(p.relative_to(german).parts)]
    assert len(pages) > 20
    for page in pages:
        found += [f"{page.relative_to(german)}: {s}"
                  for s in english_sentences(html_text(page.read_text(encoding="utf-8")))]
    pdfs = sorted((german / "_downloads").rglob("*.pdf"))
    assert pdfs, "the German site offers no PDF"
    for pdf in pdfs:
        found += [f"{pdf.relative_to(german)}: {s}" for s in english_sentences(text_in_poppler(pdf))]
    assert not found, "English in the German site:\n" + "\n".join(found[:30])


def _calendar_text(data: bytes) -> Iterator[str]:
    """What a calendar program shows: the events' and alarms' words (a time zone's own comment
    is not shown to anyone)."""
    for component in icalendar.Calendar.from_ical(data).walk():
        if component.name in ("VEVENT", "VALARM"):
            for key in ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT"):
                if key in component:
                    yield str(component[key])


def _readable(path: Path) -> Iterator[str]:
    if path.suffix == ".eml":
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        yield str(message["Subject"])
        for part in message.walk():
            kind = part.get_content_type()
            if kind == "text/plain":
                yield part.get_content()
            elif kind == "text/html":
                yield html_text(part.get_content())
            elif kind == "text/calendar":
                yield from _calendar_text(part.get_payload(decode=True))
    elif path.suffix == ".ics":
        yield from _calendar_text(path.read_bytes())
    elif path.suffix == ".pdf":
        yield text_in_poppler(path)
    elif path.suffix == ".html":
        yield html_text(path.read_text(encoding="utf-8"))
    elif path.suffix in (".md", ".txt", ".yaml"):
        yield path.read_text(encoding="utf-8")


def test_a_german_teams_kit_has_no_english_sentence(tmp_path: Path) -> None:
    candidate = tmp_path / "candidate.yaml"
    candidate.write_text((DOCS / "examples" / "candidate.yaml").read_text(encoding="utf-8")
                         + "language: de\n", encoding="utf-8")
    kit = tmp_path / "kits" / "amara"
    code, _, err = run_playbook("kit", str(candidate), "-o", str(kit), "--team-lang", "de")
    assert (code, err) == (0, ""), err
    files = [p for p in sorted(kit.rglob("*")) if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".eml", ".ics", ".pdf", ".html", ".md", ".yaml"} <= kinds, kinds
    found = [f"{path.relative_to(kit)}: {sentence}"
             for path in files for text in _readable(path)
             for sentence in english_sentences(text)]
    assert not found, "English in a German team's kit:\n" + "\n".join(found[:30])


def test_the_german_decision_table_theme_and_flags_speak_german(built_site: BuiltSite) -> None:
    """What the heuristic cannot see, being single words (review G25, G26, G27): the decision
    table's ratings and example people, furo's icon titles and toggles, and the card's flags."""
    german = built_site.outdir / "de"
    page = (german / "deciding" / "follow-up-session.html").read_text(encoding="utf-8")
    start = page.index('<table class="playbook-decision-table')
    table = html_text(page[start:page.index("</table>", start)])
    for english in ("strong-no", "strong-yes", "unsure", "Interviewer A", "nobody assessed it",
                    "yes", "no,"):
        assert english not in table, english
    assert "klares Nein" in table and "Person A" in table
    for english in ("<title>Contents</title>", "<title>Light mode</title>",
                    'aria-label="Toggle site navigation sidebar"', "Link to this heading"):
        assert english not in page, english
    pairing = (german / "interviewing" / "pairing-session.html").read_text(encoding="utf-8")
    start = pairing.index('<p class="playbook-flags">')
    flags = pairing[start:pairing.index("</p>", start)]
    assert "shows-humility" not in flags and "zeigt Demut" in flags
