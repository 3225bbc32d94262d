"""The scorecard form and the printouts in the engines inside the programs people open them
with (issue 20): PDFium (Chrome, Edge) and pdf.js (Firefox) fill and save the form as those
browsers do, poppler (Evince, Okular, pdftoppm) shows what was filled, and `playbook decide`
reads every saved form. The printouts are tagged PDFs that pdf.js reads in order, and the
German ones are German on every line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from playbook_tools.render.pdf.scorecard_form import read_pdf_form
from playbook_tools.render.printable import FIELDS
from tests.conftest import run_playbook as run
from tests.helpers import EXAMPLE, build_kit
from tests.pdf_engines import (
    READERS,
    fill_in_pdfium,
    needs_pdfjs,
    poppler,
    read_in_pdfjs,
    widgets,
)

JONAS = ("problem-solving", "testing-and-code-quality")
AISHA = ("collaboration-and-communication", "learning-and-feedback")
# What an interviewer writes in an evidence box: paragraphs with typed line breaks. A few more
# paragraphs, beyond the box, are test_pdf_evidence's.
LONG = ("Started by asking which cases mattered most, then wrote a failing test for the empty "
        "list before any code.\nWhen the second test failed for a reason they did not expect, "
        "they read the message aloud, said what they had assumed, and changed the test rather "
        "than the code.\nAsked for a hint once, took it, and explained afterwards why it "
        "helped.")


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kits")
    build_kit(EXAMPLE, folder / "en")
    build_kit(EXAMPLE, folder / "de", "--team-lang", "de")
    return {"en": folder / "en", "de": folder / "de"}


def card_of(kit: Path, who: str) -> Path:
    return kit / "interviewers" / who / "scorecard.pdf"


def _png(pdf: Path, name: str, dpi: int = 100) -> Image.Image:
    poppler("pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
            str(pdf.parent / name))
    return Image.open(pdf.parent / f"{name}.png").convert("L")


def _box(path: Path, name: str, state: str, dpi: int = 100) -> tuple[int, int, int, int]:
    height = float(PdfReader(path).pages[0].mediabox.height)
    scale = dpi / 72
    x1, y1, x2, y2 = next(r for n, s, _, r in widgets(path) if (n, s) == (name, state))
    return (int(min(x1, x2) * scale), int((height - max(y1, y2)) * scale),
            int(max(x1, x2) * scale) + 1, int((height - min(y1, y2)) * scale) + 1)


# --------------------------------------------------------------------------------------------
# Filled in each reader: shown by poppler, read by decide


@pytest.mark.parametrize("fill", READERS.values(), ids=list(READERS))
def test_a_form_filled_in_each_reader_shows_in_poppler_and_decide_reads_it(
        kits: dict[str, Path], tmp_path: Path, fill: Any) -> None:
    kit = tmp_path / "kit"
    shutil.copytree(kits["en"], kit)
    jonas, aisha = card_of(kit, "jonas-lindqvist"), card_of(kit, "aisha-bello")
    blank = tmp_path / "blank.pdf"
    shutil.copy(jonas, blank)
    fill(blank, jonas, {FIELDS.evidence(JONAS[0]): LONG,
                        FIELDS.evidence(JONAS[1]): "Wrote the tests first.\nNamed them well.",
                        FIELDS.flags_other: "calm under pressure"},
         [FIELDS.flag("curious"), FIELDS.flag("shows-humility")],
         {FIELDS.rating(JONAS[0]): "strong-yes", FIELDS.rating(JONAS[1]): "yes"})
    fill(card_of(kit, "aisha-bello"), aisha,
         {FIELDS.evidence(area): f"On {area}:\nwhat they said." for area in AISHA},
         [FIELDS.flag("shows-humility")], dict.fromkeys(map(FIELDS.rating, AISHA), "yes"))

    # What was typed is in the saved form, line breaks as LF whatever the reader wrote.
    values = read_pdf_form(jonas.read_bytes(), "jonas")
    assert values.texts[FIELDS.evidence(JONAS[0])] == LONG
    assert values.choices[FIELDS.rating(JONAS[0])] == ("strong-yes",)
    assert values.ticked == {FIELDS.flag("curious"), FIELDS.flag("shows-humility")}

    # poppler draws it: the words on the page, and the ticked box no longer blank.
    text = " ".join(poppler("pdftotext", "-layout", str(jonas), "-").stdout.split())
    for line in (*LONG.splitlines(), "Wrote the tests first.", "calm under pressure"):
        assert " ".join(line.split()[:8]) in text, line
    before, after = _png(blank, "blank"), _png(jonas, "filled")
    for name, state in ((FIELDS.flag("curious"), ""), (FIELDS.rating(JONAS[0]), "4")):
        box = _box(blank, name, state)
        assert ImageChops.difference(before.crop(box), after.crop(box)).getbbox(), name
    box = _box(blank, FIELDS.flag("inclusive"), "")  # not ticked: drawn as it was
    assert ImageChops.difference(before.crop(box), after.crop(box)).getbbox() is None

    # decide reads both forms and prints nothing but its own output.
    code, out, err = run("decide", "--kit", str(kit), "--json")
    assert (code, err) == (0, ""), err
    result = json.loads(out)
    assert result["proposal"]["outcome"] == "hire"
    flags = {f["flag"]: f["interviewers"] for f in result["flags"]}
    assert flags["shows-humility"] == ["Aisha Bello", "Jonas Lindqvist"]


def test_pdfium_saves_a_typed_return_as_cr_lf(kits: dict[str, Path], tmp_path: Path) -> None:
    # The reason read_pdf_form normalises line endings: Chrome's engine writes CR LF.
    filled = tmp_path / "filled.pdf"
    fill_in_pdfium(card_of(kits["en"], "jonas-lindqvist"), filled,
                   {FIELDS.evidence(JONAS[0]): "one\ntwo"}, [], {})
    field = (PdfReader(filled).get_fields() or {})[FIELDS.evidence(JONAS[0])]
    assert field["/V"] == "one\r\ntwo"


# --------------------------------------------------------------------------------------------
# What pdf.js reads: tooltips, tags, order, words


@needs_pdfjs
def test_every_field_has_a_tooltip_in_the_cards_language(kits: dict[str, Path]) -> None:
    read = read_in_pdfjs(card_of(kits["de"], "jonas-lindqvist"))
    tooltips = {(w["name"], w["buttonValue"] or ""): w["tooltip"] for w in read["widgets"]}
    assert all(tooltips.values()), [k for k, v in tooltips.items() if not v]
    assert not [k for k, v in tooltips.items() if v == k[0]]  # no id read aloud
    assert tooltips[(FIELDS.evidence(JONAS[0]), "")] == "Belege: Problemlösung"
    assert tooltips[(FIELDS.flag("curious"), "")] == "Signale: neugierig"
    assert tooltips[(FIELDS.candidate, "")] == "Bewerbende Person"
    ratings = [v for (name, _), v in tooltips.items() if name == FIELDS.rating(JONAS[0])]
    assert ratings == ["Unsicher", "Klares Nein", "Nein", "Ja", "Klares Ja"]
    # The group itself has one too (pypdf reads the field's /TU).
    fields = PdfReader(card_of(kits["de"], "jonas-lindqvist")).get_fields() or {}
    assert fields[FIELDS.rating(JONAS[0])]["/TU"] == "Bewertung: Problemlösung"


@needs_pdfjs
def test_a_checklist_is_tagged_and_read_in_order(kits: dict[str, Path]) -> None:
    path = kits["de"] / "interviewers" / "jonas-lindqvist" / "pairing-session.pdf"
    reader = PdfReader(path)
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "de"
    # A reader shows the title, not the file name (PDF/UA-1).
    info: Any = reader.metadata
    assert info["/Title"] == "Die Pairing-Session durchführen \N{EN DASH} Example Co"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    lines = read_in_pdfjs(path)["text"][0].splitlines()
    numbered = [line for line in lines if line[:1].isdigit() and ". " in line[:4]]
    assert [line.split(".")[0] for line in numbered] == [str(n) for n in
                                                         range(1, len(numbered) + 1)]
    assert len(numbered) >= 5 and all(len(line) > 10 for line in numbered)  # with the item


def test_the_german_kit_is_german_on_paper_and_as_long_as_the_english(
        kits: dict[str, Path]) -> None:
    for who in ("jonas-lindqvist", "aisha-bello"):
        for name in ("scorecard.pdf", "pairing-session.pdf"):
            german = kits["de"] / "interviewers" / who / name
            english = kits["en"] / "interviewers" / who / name
            pages = len(PdfReader(german).pages)
            assert pages == len(PdfReader(english).pages), (who, name)
            if name == "scorecard.pdf":  # the areas on one page, their continued boxes after
                on_page = {(i, n.startswith(FIELDS.more_evidence(""))) for n, _, i, _ in
                           widgets(german)}
                assert (pages, on_page) == (2, {(0, False), (1, True)}), who
            text = poppler("pdftotext", "-layout", str(german), "-").stdout
            assert f"Seite 1 von {pages}" in text and "Page" not in text, (who, name)
    text = poppler("pdftotext", str(card_of(kits["de"], "jonas-lindqvist")), "-").stdout
    assert "zeigt Demut" in text and "humility" not in text
