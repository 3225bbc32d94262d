"""The real handbook: a strict build, and every artifact shown in the page it names."""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser

from playbook_tools.model.artifacts import Checklist, EmailTemplate, Playbook, Scorecard
from playbook_tools.render.printable import render_printable_html
from tests.conftest import BuiltSite

REQUIRED_PAGES = (
    "index", "process", "coordinating/scheduling", "interviewing/preparing",
    "interviewing/pairing-session", "interviewing/retrospective", "interviewing/feedback",
    "deciding/follow-up-session", "deciding/closing-the-loop", "deciding/one-over",
    "interviewing/engineering-managers", "printables", "customising", "contributing", "sources",
    "tools/printing", "tools/emails", "tools/command-line",
)


class _ItemTexts(HTMLParser):
    """Collects the text of every checklist item (span.playbook-item-text) in order."""

    def __init__(self, within_id: str | None = None) -> None:
        super().__init__()
        self.items: list[str] = []
        self._depth = 0
        self._inside_target = within_id is None
        self._target_depth = 0
        self._within = within_id
        self._capturing = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._depth += 1
        found = dict(attrs)
        if self._within and found.get("id") == self._within:
            self._inside_target, self._target_depth = True, self._depth
        if self._inside_target and "playbook-item-text" in (found.get("class") or "").split():
            self._capturing = True
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._capturing and tag == "span":
            self._capturing = False
        if self._within and self._inside_target and self._depth == self._target_depth:
            self._inside_target = False
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._capturing:
            self.items[-1] += data


def item_texts(markup: str, within_id: str | None = None) -> list[str]:
    parser = _ItemTexts(within_id)
    parser.feed(markup)
    # Sphinx turns straight quotes into typographic ones; the words are what must match.
    return [" ".join(plain_quotes(text).split()) for text in parser.items]


def plain_quotes(text: str) -> str:
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def test_strict_build_is_clean(built_site: BuiltSite) -> None:
    assert built_site.warnings == ""
    for docname in REQUIRED_PAGES:
        assert (built_site.outdir / f"{docname}.html").is_file(), docname


def test_every_artifact_is_in_its_own_page(built_site: BuiltSite, playbook: Playbook) -> None:
    for artifact in playbook:
        page = built_site.page(artifact.page)
        assert f'id="playbook-{artifact.id}"' in page, (artifact.id, artifact.page)
        # Sphinx turns straight quotes into typographic ones; the words are what must match.
        text = plain_quotes(html_lib.unescape(re.sub(r"<[^>]+>", "", page)))
        assert artifact.title in text
        if isinstance(artifact, Scorecard):
            for area in artifact.areas:
                assert area.title in text
                for anchor in area.anchors.values():
                    assert " ".join(anchor.split()) in " ".join(text.split())
        if isinstance(artifact, EmailTemplate):
            for variable in artifact.variables:
                assert f"playbook-var-{variable.name}" in page


def test_page_items_equal_printable_items(built_site: BuiltSite, playbook: Playbook) -> None:
    """One source: the items on the page are the items on the printout, in the same order."""
    checklists = [a for a in playbook if isinstance(a, Checklist)]
    assert len(checklists) >= 8
    for checklist in checklists:
        on_page = item_texts(built_site.page(checklist.page), f"playbook-{checklist.id}")
        printed = item_texts(render_printable_html(checklist, playbook, "a4"))
        assert on_page == printed == [" ".join(i.text.split()) for i in checklist.items]


def test_every_printable_downloads_as_pdf(built_site: BuiltSite, playbook: Playbook) -> None:
    index = built_site.page("printables")
    for artifact in playbook:
        if not artifact.printable:
            continue
        for paper in ("a4", "letter"):
            name = f"{artifact.id}-{paper}.pdf"
            pdf = built_site.outdir / "_downloads" / "playbook" / name
            assert pdf.read_bytes().startswith(b"%PDF-"), name
            assert f"_downloads/playbook/{name}" in index
            depth = artifact.page.count("/")
            assert f'href="{"../" * depth}_downloads/playbook/{name}"' in built_site.page(
                artifact.page)


def test_decision_table_is_generated_by_the_engine(built_site: BuiltSite) -> None:
    from playbook_tools.decide.rule import RULE_EXAMPLES, run_example

    page = html_lib.unescape(built_site.page("deciding/follow-up-session"))
    positions = []
    for rule, example in RULE_EXAMPLES:
        decision = run_example(example)
        assert decision.reason in page
        positions.append(page.index(rule))
    assert positions == sorted(positions)


def test_no_page_loads_anything_from_another_host(built_site: BuiltSite) -> None:
    for path in built_site.outdir.rglob("*.html"):
        markup = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]+)"', markup):
            assert not re.match(r"(https?:)?//", match.group(1)), (path.name, match.group(1))
