"""A few paragraphs of evidence, legible in every engine (issue 20): a scorecard's evidence
keeps its type size (``scorecard_form.EVIDENCE_MIN_PT``) in PDFium, pdf.js and poppler alike,
what does not fit the card's box goes on in the area's box under "Evidence, continued", and
`playbook decide` reads the two as one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from playbook_tools.render.printable import FIELDS
from tests.conftest import run_playbook as run
from tests.helpers import EXAMPLE, build_kit
from tests.pdf_engines import (
    NODE,
    PDFJS,
    READERS,
    drawn_in_pdfium,
    drawn_in_pdfjs,
    drawn_in_poppler,
    poppler,
)

JONAS = ("problem-solving", "testing-and-code-quality")

# About 1,400 characters of evidence for one area, in paragraphs: the first two fill most of the
# area's box on the card, the rest goes on in its box under "Evidence, continued".
ON_THE_CARD = (
    "Opened by restating the task in their own words and asking which inputs the team sees "
    "most often, then chose the smallest case that could fail and said why it came first.\n"
    "Wrote that test before any code, watched it fail for the right reason, and only then "
    "touched the parser; every change after that was small enough to read in one glance, and "
    "they ran the tests after each one without being asked.")
CONTINUED = (
    "When a later test failed in a way they had not predicted, they stopped, read the whole "
    "message aloud and said which of their assumptions it broke, instead of guessing at a fix "
    "and running the tests again to see what happened.\n"
    "Asked one question about the data format, took the answer, and adjusted the plan out loud "
    "so that their partner could follow it and disagree; when the partner did disagree about "
    "the order of two steps, they tried the other order first and said which they preferred.\n"
    "Near the end they listed two shortcuts they had taken and what each would cost in "
    "production, and proposed the order in which to remove them, starting with the one that "
    "hides errors from the people who run the service.\n"
    "In the retrospective they named one thing they would do differently: sketch the edge "
    "cases on paper before writing code, because two of them surfaced late. They also asked "
    "how the team reviews code and how long a review usually waits for a first reply.")
LEGIBLE_PT = 7  # the smallest type that reads on paper


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kit")
    build_kit(EXAMPLE, folder / "kit")
    return folder / "kit" / "interviewers" / "jonas-lindqvist" / "scorecard.pdf"


@pytest.mark.parametrize("fill", READERS.values(), ids=list(READERS))
def test_a_few_paragraphs_of_evidence_stay_legible_in_every_engine(
        blank: Path, tmp_path: Path, fill: Any) -> None:
    card = tmp_path / "scorecard.pdf"
    shutil.copy(blank, card)
    area, other = JONAS
    typed = {FIELDS.evidence(area): ON_THE_CARD, FIELDS.more_evidence(area): CONTINUED}
    assert 1300 <= len(ON_THE_CARD) + len(CONTINUED) <= 1500
    # Someone who writes it all in the card's box: it keeps its size and scrolls, so the box
    # prints what fits, and the rest is still in the form.
    everything = f"{ON_THE_CARD}\n{CONTINUED}"
    fill(card, card, {**typed, FIELDS.evidence(other): everything}, [],
         dict.fromkeys(map(FIELDS.rating, JONAS), "yes"))

    # Each engine prints every word in its box, at a size that reads on paper.
    engines = {"pdfium": drawn_in_pdfium, "poppler": drawn_in_poppler}
    if NODE is not None and PDFJS.is_dir():
        engines["pdfjs"] = drawn_in_pdfjs
    for engine, drawn_in in engines.items():
        drawn = drawn_in(card, [*typed, FIELDS.evidence(other)])
        for name, text in typed.items():
            shown, sizes = drawn[name]
            assert " ".join(shown.split()) == " ".join(text.split()), (engine, name)
            assert sizes and min(sizes) >= LEGIBLE_PT, (engine, name, sizes)
        shown, sizes = drawn[FIELDS.evidence(other)]
        assert " ".join(everything.split()).startswith(" ".join(shown.split())), engine
        assert len(shown) > 300 and min(sizes) >= LEGIBLE_PT, (engine, len(shown), sizes)
    for page in range(len(PdfReader(card).pages)):  # and draws the pages without a complaint
        poppler("pdftoppm", "-r", "150", "-f", str(page + 1), "-l", str(page + 1), "-png",
                str(card), str(tmp_path / "page"))

    # decide reads the area's two boxes as one piece of evidence.
    code, out, err = run("decide", "--json", str(card))
    assert (code, err) == (0, ""), err
    ratings = {a["id"]: a["ratings"] for a in json.loads(out)["areas"]}
    assert ratings[area] == [{"interviewer": "Jonas Lindqvist", "rating": "yes",
                              "evidence": f"{ON_THE_CARD}\n\n{CONTINUED}"}]
    assert ratings[other][0]["evidence"] == everything
