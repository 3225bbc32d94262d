"""Every artifact rendered to Markdown, text, printable HTML and PDF, from the one source (the
PDFs as the site build offers them for download)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from playbook_tools.config import PlaybookConfig
from playbook_tools.model.artifacts import Checklist, Playbook, Scorecard
from playbook_tools.model.loader import load_playbook
from playbook_tools.render.markdown import render_markdown
from playbook_tools.render.printable import render_printable_html
from playbook_tools.render.text import render_text
from tests.conftest import DOCS, REPO, BuiltSite

# Points (1/72 inch): A4 is 210 x 297 mm, US Letter 8.5 x 11 in.
PAPER_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def _ids(kind: str) -> list[str]:
    from playbook_tools.config import read_conf_py

    playbook = load_playbook(DOCS, read_conf_py(REPO / "conf.py"))
    return [a.id for a in playbook if a.kind == kind]


ALL_IDS = _ids("checklist") + _ids("scorecard") + _ids("email")


def _without_styles(markup: str) -> str:
    # The stylesheet has its own tests; golden files hold the structure and the words.
    return re.sub(r"<style>.*?</style>", "<style>…</style>", markup, flags=re.S)


@pytest.mark.parametrize("artifact_id", ALL_IDS)
def test_golden_markdown_text_and_html(playbook: Playbook, golden, artifact_id: str) -> None:  # type: ignore[no-untyped-def]
    artifact = playbook.get(artifact_id)
    golden(f"{artifact_id}.md", render_markdown(artifact, playbook.config))
    golden(f"{artifact_id}.txt", render_text(artifact, playbook.config))
    golden(f"{artifact_id}.html",
           _without_styles(render_printable_html(artifact, playbook, "a4")))


def test_printable_html_escapes_every_value(playbook: Playbook) -> None:
    import dataclasses

    checklist = playbook.checklist(_ids("checklist")[0])
    hostile = dataclasses.replace(
        checklist, title="<script>alert(1)</script>",
        items=(dataclasses.replace(checklist.items[0], text='<img src=x onerror="x">'),),
    )
    markup = render_printable_html(hostile, playbook, "a4")
    assert "<script>alert(1)</script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<img src=x" not in markup


def test_printable_html_uses_the_sites_stylesheet(playbook: Playbook) -> None:
    from playbook_tools.render.printable import static_text

    markup = render_printable_html(playbook.checklist(_ids("checklist")[0]), playbook, "letter")
    assert static_text("playbook.css") in markup
    assert "@page { size: letter;" in markup


def _pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def _download(site: BuiltSite, artifact_id: str, paper: str) -> PdfReader:
    """The PDF the site offers for download: what `render_pdf` made in the site build."""
    return PdfReader(site.outdir / "_downloads" / "playbook" / f"{artifact_id}-{paper}.pdf")


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("checklist_id", _ids("checklist"))
def test_checklist_pdf_is_one_page_with_every_item(
    playbook: Playbook, built_site: BuiltSite, checklist_id: str, paper: str
) -> None:
    checklist = playbook.checklist(checklist_id)
    assert isinstance(checklist, Checklist)
    reader = _download(built_site, checklist_id, paper)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAPER_POINTS[paper], abs=0.5)
    text = _pdf_text(reader)
    for item in checklist.items:
        assert " ".join(item.text.split()) in text
    assert "Page 1 of 1" in text
    assert checklist.page in text  # the link back to the handbook page


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("card_id", _ids("scorecard"))
def test_scorecard_pdf_fits_two_pages_and_a_page_for_more_evidence(
    playbook: Playbook, built_site: BuiltSite, card_id: str, paper: str
) -> None:
    card = playbook.scorecard(card_id)
    assert isinstance(card, Scorecard)
    reader = _download(built_site, card_id, paper)
    assert 2 <= len(reader.pages) <= 3
    text = _pdf_text(reader)
    for area in card.areas:
        assert area.title in text
    assert text.count("Evidence:") == len(card.areas)
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    # The last page is the areas' continued evidence boxes, and nothing else.
    last = reader.pages[-1]
    assert "Evidence, continued" in last.extract_text()
    boxes = [str(a.get_object()["/T"]) for a in last["/Annots"]]
    assert boxes == [f"more-evidence-{area.id}" for area in card.areas]


def test_company_name_comes_from_the_config(playbook: Playbook) -> None:
    import dataclasses

    renamed = dataclasses.replace(playbook, config=PlaybookConfig(company="Acme Widgets"))
    checklist = renamed.checklist(_ids("checklist")[0])
    assert "Acme Widgets" in render_printable_html(checklist, renamed, "a4")
