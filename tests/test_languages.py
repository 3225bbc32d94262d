"""The whole playbook in German from the same source (issue 12): the site, its printables, the
command line, the candidate's kit and the decision record."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader

from playbook_tools.model.artifacts import Checklist, Playbook
from playbook_tools.render import email as email_render
from tests.conftest import DOCS, REPO, BuiltSite, run_playbook
from tests.helpers import parse_eml

EXAMPLE = DOCS / "examples" / "candidate.yaml"


def content_pages(built_site: BuiltSite, folder: str = "") -> list[str]:
    root = built_site.outdir / folder
    return sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.html")
                  if not p.relative_to(root).as_posix().startswith(("_", "de/", "search",
                                                                     "genindex")))


def test_every_page_exists_in_german_and_links_to_itself_in_english(
        built_site: BuiltSite) -> None:
    english = content_pages(built_site)
    assert len(english) >= 20
    assert content_pages(built_site, "de") == english
    for docname in english:
        depth = "../" * docname.count("/")
        german = built_site.page(f"de/{docname}")
        assert '<html class="no-js" lang="de"' in german
        # A plain link, no JavaScript: from /de/x.html up to /x.html, and back.
        assert f'href="../{depth}{docname}.html" hreflang="en"' in german
        assert f'href="{depth}de/{docname}.html" hreflang="de"' in built_site.page(docname)


def test_each_language_has_its_own_search_index(built_site: BuiltSite) -> None:
    german = (built_site.outdir / "de" / "searchindex.js").read_text(encoding="utf-8")
    english = (built_site.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "bewertungsbog" in german.lower() and "bewertungsbog" not in english.lower()
    assert "scorecard" in english.lower()


def test_german_pages_show_the_german_content(built_site: BuiltSite, playbook: Playbook,
                                              playbook_de: Playbook) -> None:
    for artifact in playbook_de:
        page = built_site.page(f"de/{artifact.page}")
        assert artifact.title in page.replace("&quot;", '"').replace("&#39;", "'"), artifact.id
        if isinstance(artifact, Checklist):
            assert artifact.items[0].text.split()[0] in page
    assert playbook.get("pairing-session").title != playbook_de.get("pairing-session").title


def test_the_settings_table_reads_in_german(built_site: BuiltSite,
                                            playbook_de: Playbook) -> None:
    """The customising page's table of settings: each help line from the content's catalog."""
    import html

    from playbook_tools.config import help_for, settings

    def unquoted(text: str) -> str:  # Sphinx sets quotes as each language writes them
        return re.sub("['`\u2018\u2019\u201a\u201c\u201d\u201e\"]", "", text)

    def words(page: str) -> str:  # the page's text, code included, without its markup
        return unquoted(html.unescape(" ".join(re.sub(r"<[^>]+>", "", page).split())))

    page = words(built_site.page("de/customising"))
    english = words(built_site.page("customising"))
    for setting in settings():
        german = unquoted(playbook_de.gettext(help_for(setting)))
        assert german != unquoted(help_for(setting)), setting.name
        assert german in page and unquoted(help_for(setting)) not in page, setting.name
        assert unquoted(help_for(setting)) in english, setting.name
    assert playbook_de.gettext("What it does") in page


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_german_checklist_pdf_is_one_page(built_site: BuiltSite, playbook_de: Playbook,
                                                paper: str) -> None:
    folder = built_site.outdir / "de" / "_downloads" / "playbook"
    for checklist in playbook_de.of_kind("checklist"):
        reader = PdfReader(folder / f"{checklist.id}-{paper}.pdf")
        assert len(reader.pages) == 1, f"{checklist.id} takes {len(reader.pages)} {paper} pages"
        text = " ".join(reader.pages[0].extract_text().split())
        assert " ".join(checklist.title.split()) in text


def test_the_command_line_speaks_german_when_asked(playbook_de: Playbook) -> None:
    code, out, err = run_playbook("show", "pairing-session", "--lang", "de", "--width", "90")
    assert (code, err) == (0, "")
    assert out.startswith(playbook_de.get("pairing-session").title + "\n")
    code, out, err = run_playbook("list", "--lang", "fr")
    assert (code, out) == (1, "")
    assert err == ("playbook: error: --lang fr: the handbook is written in en, de "
                   "(playbook_languages)\n")


def german_kit(tmp_path: Path) -> Path:
    candidate = tmp_path / "candidate.yaml"
    candidate.write_text(EXAMPLE.read_text(encoding="utf-8") + "language: de\n",
                         encoding="utf-8")
    kit = tmp_path / "kits" / "amara"
    code, _, err = run_playbook("kit", str(candidate), "-o", str(kit))
    assert (code, err) == (0, "")
    return kit




def test_a_german_candidate_gets_german_emails_and_calendar_entries(
        tmp_path: Path, playbook_de: Playbook) -> None:
    kit = german_kit(tmp_path)
    invitation = parse_eml(kit / "emails" / "invitation.eml")
    body = invitation.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    # The date is spelt out by Babel in German, inside the German template.
    assert "Dienstag, 9. März 2027" in text and "Tuesday" not in text
    assert invitation["Subject"].startswith(
        playbook_de.email("invitation").subject.split("{{")[0].strip())
    calendar = next(p for p in invitation.walk() if p.get_content_type() == "text/calendar")
    events = icalendar.Calendar.from_ical(calendar.get_payload(decode=True)).walk("VEVENT")
    # One event for the visit (issue 20), its title and agenda in German.
    german = playbook_de.gettext("Interview day at %(company)s: %(role)s")
    assert german != "Interview day at %(company)s: %(role)s"
    (event,) = events
    assert str(event["SUMMARY"]).startswith(german.split("%(")[0])
    assert playbook_de.gettext("Break") in str(event["DESCRIPTION"])
    # The team's material follows the playbook's language (English by default).
    team = parse_eml(kit / "emails" / "team-schedule.eml").get_body(("plain",))
    assert team is not None and "Tuesday 9 March 2027" in team.get_content()


def test_the_outcome_email_follows_the_candidates_language(tmp_path: Path,
                                                          playbook_de: Playbook) -> None:
    kit = german_kit(tmp_path)
    for folder in (kit / "interviewers").iterdir():
        form = folder / "scorecard.yaml"
        text = form.read_text(encoding="utf-8")
        for area in re.findall(r"^  ([a-z-]+):\n    evidence: \|\n      \n", text, re.M):
            text = text.replace(f"  {area}:\n    evidence: |\n      \n    rating:",
                                f"  {area}:\n    evidence: |\n      Clear, specific work.\n"
                                "    rating: yes", 1)
        form.write_text(text, encoding="utf-8")
    code, _, err = run_playbook("decide", "--kit", str(kit), "--record", "--outcome", "hire",
                                "-o", str(kit / "decision"))
    assert (code, err) == (0, "")
    outcome = parse_eml(kit / "decision" / "outcome.eml")
    german = email_render.fill(playbook_de.email("outcome-hire"), {
        "candidate_name": "Amara Okafor", "role": "Backend Engineer",
        "sender_name": "Grace Mensah"}, playbook_de.config)
    assert (outcome["Subject"], outcome.get_content()) == (german.subject, german.body)


def test_check_counts_what_is_left_to_translate(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(DOCS, site / "docs")
    shutil.copytree(REPO / "locale", site / "locale")
    shutil.copy(REPO / "conf.py", site / "conf.py")
    catalog = site / "locale" / "de" / "LC_MESSAGES" / "process.po"
    text = catalog.read_text(encoding="utf-8")
    # Empty the first translation after the header.
    head, _, rest = text.partition('\nmsgid "The process at a glance"\nmsgstr "')
    assert rest, "process.po has no entry for the page title"
    catalog.write_text(head + '\nmsgid "The process at a glance"\nmsgstr "' +
                       '"' + rest.split('"', 1)[1], encoding="utf-8")
    code, out, err = run_playbook("check", docs=site / "docs")
    assert code == 1
    assert "de: process.po: The process at a glance" in out
    assert re.match(r"de: 1 untranslated and 0 fuzzy of \d+ messages", err)
