"""The scorecard PDF is a form: it fills in with two independent PDF tools, prints as the paper
card when blank, shows what was filled in, and `playbook decide` reads it as it reads the YAML
form, with the same rules and the same one-line errors (issue 10)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from playbook_tools.model.artifacts import Playbook
from playbook_tools.render.pdf.printout import render_pdf
from playbook_tools.render.pdf.scorecard_form import read_pdf_form
from playbook_tools.render.printable import FIELDS, FormFor
from playbook_tools.vocabulary import FILLED_RATINGS
from tests.conftest import run_playbook as run
from tests.helpers import (
    EXAMPLE,
    build_kit,
    candidate_file,
    fill_with_pymupdf,
    fill_with_pypdf,
)

JONAS = ("problem-solving", "testing-and-code-quality")
AISHA = ("collaboration-and-communication", "learning-and-feedback")
Filler = Callable[..., None]
FILLERS = {"pypdf": fill_with_pypdf, "pymupdf": fill_with_pymupdf}


@pytest.fixture(scope="module")
def made_kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "amara"
    build_kit(EXAMPLE, out)
    return out


@pytest.fixture
def kit(made_kit: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "amara"
    shutil.copytree(made_kit, copy)
    return copy


def card_of(kit: Path, who: str) -> Path:
    return kit / "interviewers" / who / "scorecard.pdf"


def fill_card(fill: Filler, path: Path, ratings: dict[str, str], *, flags: tuple[str, ...] = (),
              other: str = "", no_evidence: tuple[str, ...] = ()) -> None:
    texts = {FIELDS.evidence(area): f"Evidence for {area}: what they did and said."
             for area in ratings if area not in no_evidence}
    if other:
        texts[FIELDS.flags_other] = other
    fill(path, path, {FIELDS.rating(a): r for a, r in ratings.items()}, texts,
         tuple(FIELDS.flag(f) for f in flags))


# --------------------------------------------------------------------------------------------
# The form itself


def test_the_fields_have_the_documented_names(made_kit: Path) -> None:
    fields = PdfReader(card_of(made_kit, "jonas-lindqvist")).get_fields() or {}
    flags = ("shows-humility", "curious", "inclusive", "open-to-feedback", "lacks-humility",
             "dismissive-of-ideas", "defensive-about-mistakes")
    assert sorted(fields) == sorted(["candidate", "interviewer", "date", "flags-other",
                                     *(f"rating-{a}" for a in JONAS),
                                     *(f"evidence-{a}" for a in JONAS),
                                     *(f"more-evidence-{a}" for a in JONAS),
                                     *(f"flag-{f}" for f in flags)])
    assert not [name for name in fields if "." in name]  # a dot would make a hierarchy
    rating = fields["rating-problem-solving"]
    assert sorted(str(o) for o in rating["/Opt"]) == sorted(FILLED_RATINGS)  # and unsure
    assert rating["/FT"] == "/Btn" and int(rating["/Ff"]) & (1 << 15)  # one radio group
    for name in ("evidence-problem-solving", "more-evidence-problem-solving"):
        assert int(fields[name]["/Ff"]) & (1 << 12)  # multiline text


def test_a_kit_card_says_whose_it_is_and_keeps_it_fixed(made_kit: Path) -> None:
    reader = PdfReader(card_of(made_kit, "aisha-bello"))
    fields = reader.get_fields() or {}
    assert (fields["candidate"]["/V"], fields["interviewer"]["/V"]) == ("Amara Okafor",
                                                                        "Aisha Bello")
    for name in ("candidate", "interviewer"):
        assert int(fields[name]["/Ff"]) & 1, name  # read-only
    assert not int(fields["date"].get("/Ff", 0)) & 1
    info = reader.metadata or {}
    assert info["/PlaybookForm"] == "playbook-scorecard"
    assert (info["/PlaybookScorecard"], info["/PlaybookCandidate"],
            info["/PlaybookInterviewer"]) == ("pairing-engineer", "Amara Okafor", "Aisha Bello")


def test_the_site_download_is_a_blank_form_for_anyone(playbook: Playbook) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(playbook.get("pairing-engineer"), playbook, "a4")))
    fields = reader.get_fields() or {}
    assert not int(fields["candidate"].get("/Ff", 0)) & 1  # the interviewer writes the name
    assert "/PlaybookCandidate" not in (reader.metadata or {})
    assert len([f for f in fields if f.startswith("rating-")]) == 4


def _png(pdf: Path, folder: Path, name: str) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(pdf), str(folder / name)], check=True, capture_output=True)
    return Image.open(folder / f"{name}.png").convert("L")


def _widget_boxes(pdf: Path, scale: float) -> list[tuple[int, int, int, int]]:
    """Every form widget on page 1, as a pixel box with a margin, at ``scale`` px a point."""
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    boxes = []
    for annotation in page.get("/Annots", []):
        x1, y1, x2, y2 = (float(v) for v in annotation.get_object()["/Rect"])
        boxes.append((int(min(x1, x2) * scale) - 3, int((height - max(y1, y2)) * scale) - 3,
                      int(max(x1, x2) * scale) + 3, int((height - min(y1, y2)) * scale) + 3))
    return boxes


def _changed_outside(blank: Image.Image, filled: Image.Image,
                     boxes: list[tuple[int, int, int, int]]) -> tuple[int, ...] | None:
    """Where the two pages differ outside every field, or None."""
    diff = ImageChops.difference(blank, filled).point(lambda v: 255 if v > 40 else 0)
    mask = Image.new("L", diff.size, 255)
    for box in boxes:
        mask.paste(0, box)
    return ImageChops.multiply(diff, mask).getbbox()


@pytest.mark.parametrize("tool", FILLERS)
def test_filled_values_show_on_the_page_and_nothing_else_moves(kit: Path, tmp_path: Path,
                                                                tool: str) -> None:
    blank = card_of(kit, "jonas-lindqvist")
    filled = tmp_path / "filled.pdf"
    shutil.copy(blank, filled)
    fill_card(FILLERS[tool], filled, {"problem-solving": "strong-yes",
                                      "testing-and-code-quality": "no"},
              flags=("curious",), other="calm under pressure")
    text = subprocess.run(["pdftotext", "-layout", str(filled), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Evidence for problem-solving: what they did and said." in text
    assert "calm under pressure" in text
    before, after = _png(blank, tmp_path, "blank"), _png(filled, tmp_path, "filled")
    assert before.size == after.size
    boxes = _widget_boxes(blank, 60 / 72)
    assert ImageChops.difference(before, after).getbbox() is not None  # something shows
    assert _changed_outside(before, after, boxes) is None  # and only inside the fields
    # Each chosen button is drawn: its widget's pixels changed, the others' did not.
    values = read_pdf_form(filled.read_bytes(), "x")
    assert values.choices == {"rating-problem-solving": ("strong-yes",),
                              "rating-testing-and-code-quality": ("no",)}


def test_a_blank_form_prints_as_the_paper_card(playbook: Playbook, tmp_path: Path) -> None:
    # The boxes, lines and evidence frames are the page's own drawing, as on the paper card;
    # the fields on top draw nothing until filled. So the blank download, fields and all,
    # looks exactly like a kit's card with its fields (and the names in them) taken away.
    card = playbook.scorecard("pairing-engineer")
    named = tmp_path / "named.pdf"
    named.write_bytes(render_pdf(card, playbook, "a4", FormFor("Amara Okafor", "Jonas")))
    writer = PdfWriter(clone_from=PdfReader(named))
    for page in writer.pages:
        del page[NameObject("/Annots")]
    paper = tmp_path / "paper.pdf"
    with paper.open("wb") as stream:
        writer.write(stream)
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(render_pdf(card, playbook, "a4"))
    assert len(PdfReader(blank).pages) == len(PdfReader(paper).pages) == 3
    a, b = _png(blank, tmp_path, "a"), _png(paper, tmp_path, "b")
    assert ImageChops.difference(a, b).getbbox() is None


# --------------------------------------------------------------------------------------------
# decide reads it


@pytest.mark.parametrize("tool", FILLERS)
def test_decide_reads_filled_pdfs_from_the_kit(kit: Path, tool: str) -> None:
    fill = FILLERS[tool]
    fill_card(fill, card_of(kit, "jonas-lindqvist"), {"problem-solving": "yes",
                                                      "testing-and-code-quality": "strong-yes"},
              flags=("shows-humility", "curious"))
    code, out, err = run("decide", "--kit", str(kit), "--json")
    assert code == 1 and "1 of 2 scorecards are in; waiting for Aisha Bello" in err
    fill_card(fill, card_of(kit, "aisha-bello"), {"collaboration-and-communication": "yes",
                                                  "learning-and-feedback": "unsure"},
              flags=("shows-humility",), other="asks good questions; patient")
    code, out, err = run("decide", "--kit", str(kit), "--json")
    assert (code, err) == (0, ""), err
    result = json.loads(out)
    assert [s["file"] for s in result["scorecards"]] == [
        str(card_of(kit, "jonas-lindqvist")), str(card_of(kit, "aisha-bello"))]
    assert (result["proposal"]["outcome"], result["proposal"]["rule"]) == ("more-info", 3)
    flags = {f["flag"]: f["interviewers"] for f in result["flags"]}
    assert flags["shows-humility"] == ["Aisha Bello", "Jonas Lindqvist"]
    assert flags["asks good questions"] == ["Aisha Bello"] and "patient" in flags


def test_a_pdf_and_a_yaml_form_together(kit: Path) -> None:
    # Jonas returns the YAML form, Aisha the PDF: each is read from what was filled in.
    yaml_form = kit / "interviewers" / "jonas-lindqvist" / "scorecard.yaml"
    text = yaml_form.read_text(encoding="utf-8")
    for area in JONAS:
        text = re.sub(rf"(  {area}:\n    evidence: \|\n)      \n    rating:  ",
                      r"\1      Clear steps.\n    rating: yes", text)
    yaml_form.write_text(text, encoding="utf-8")
    fill_card(fill_with_pypdf, card_of(kit, "aisha-bello"),
              dict.fromkeys(AISHA, "strong-yes"))
    code, out, err = run("decide", "--kit", str(kit))
    assert (code, err) == (0, ""), err
    assert "Hire" in out
    # Both of Jonas's forms filled in: nobody can tell which one he meant.
    fill_card(fill_with_pypdf, card_of(kit, "jonas-lindqvist"), dict.fromkeys(JONAS, "no"))
    code, out, err = run("decide", "--kit", str(kit))
    assert (code, out) == (1, "")
    assert err == (f"playbook: error: {yaml_form}: Jonas Lindqvist also filled in "
                   f"{card_of(kit, 'jonas-lindqvist')}; keep the one they meant and move the "
                   "other out of the kit folder\n")


def _one_line(code: int, out: str, err: str) -> str:
    assert (code, out) == (1, "")
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_a_rating_without_evidence_is_refused_as_in_the_yaml_form(kit: Path) -> None:
    card = card_of(kit, "aisha-bello")
    fill_card(fill_with_pymupdf, card, dict.fromkeys(AISHA, "yes"),
              no_evidence=("learning-and-feedback",))
    err = _one_line(*run("decide", "--kit", str(kit), "--partial"))
    assert err == (f"{card}: field 'evidence-learning-and-feedback': the "
                   "rating 'yes' needs written evidence: what the candidate did or said\n")


def test_two_ratings_in_one_area_are_refused(kit: Path, tmp_path: Path) -> None:
    # No PDF reader lets this happen; a tool that writes the file directly can.
    card = card_of(kit, "jonas-lindqvist")
    fill_card(fill_with_pypdf, card, dict.fromkeys(JONAS, "yes"))
    writer = PdfWriter(clone_from=PdfReader(card))
    for annotation in writer.pages[0]["/Annots"]:
        widget = annotation.get_object()
        parent = widget.get("/Parent")
        if parent is not None and parent.get_object()["/T"] == "rating-problem-solving":
            states = [k for k in widget["/AP"]["/N"] if k != "/Off"]
            widget[NameObject("/AS")] = NameObject(states[0])  # every button on
    with card.open("wb") as stream:
        writer.write(stream)
    err = _one_line(*run("decide", "--kit", str(kit), "--partial"))
    assert err.startswith(f"{card}: field 'rating-problem-solving': holds 5 "
                          "ratings (")
    assert err.endswith("); choose one\n")


def test_a_card_from_another_candidates_kit_is_refused(kit: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    build_kit(candidate_file(tmp_path, lambda d: d.update(name="Bea Quist")), other)
    card = card_of(other, "jonas-lindqvist")
    fill_card(fill_with_pypdf, card, dict.fromkeys(JONAS, "yes"))
    err = _one_line(*run("decide", "--kit", str(kit), "--partial", str(card)))
    assert err == (f"playbook: error: {card}: field 'candidate': 'Bea Quist' is not this "
                   "kit's candidate, Amara Okafor\n")


def test_another_interviewers_card_and_areas_not_given_are_refused(
        kit: Path, tmp_path: Path, playbook: Playbook) -> None:
    # The handbook's download: every area, the names typed in by the interviewer.
    card = tmp_path / "download.pdf"
    card.write_bytes(render_pdf(playbook.get("pairing-engineer"), playbook, "a4"))
    fill_with_pypdf(card, card, {}, {"candidate": "Amara Okafor", "interviewer": "Kim Park"})
    err = _one_line(*run("decide", "--kit", str(kit), "--partial", str(card)))
    assert "field 'interviewer': 'Kim Park' is not an interviewer" in err
    fill_with_pypdf(card, card, {"rating-learning-and-feedback": "yes"},
                    {"interviewer": "Jonas Lindqvist",
                     "evidence-learning-and-feedback": "Took the hint well."})
    err = _one_line(*run("decide", "--kit", str(kit), "--partial", str(card)))
    assert err == (f"playbook: error: {card}: field 'rating-learning-and-feedback': Jonas "
                   "Lindqvist was not given this area; their areas are: problem-solving, "
                   "testing-and-code-quality\n")


def test_a_name_typed_over_a_fixed_one_is_refused(kit: Path) -> None:
    card = card_of(kit, "jonas-lindqvist")
    fill_with_pypdf(card, card, {}, {"interviewer": "Aisha Bello"})
    err = _one_line(*run("decide", str(card)))
    assert err == (f"{card}: field 'interviewer': says 'Aisha Bello', but the "
                   "card was made for 'Jonas Lindqvist'; use the card from that kit's folder\n")


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7\nnot really a PDF", "cannot be read as a PDF"),
    (None, "this PDF is not a scorecard form from `playbook kit`"),
])
def test_a_pdf_that_is_no_scorecard_form_is_one_line(kit: Path, tmp_path: Path,
                                                      content: bytes | None, message: str) -> None:
    path = tmp_path / "returned.pdf"
    checklist = kit / "interviewers" / "jonas-lindqvist" / "pairing-session.pdf"
    path.write_bytes(content if content is not None else checklist.read_bytes())
    err = _one_line(*run("decide", str(path)))
    assert err.startswith((f"{path}:", f"playbook: error: {path}:")) and message in err


def test_force_never_replaces_a_filled_pdf_form(kit: Path) -> None:
    card = card_of(kit, "aisha-bello")
    fill_card(fill_with_pymupdf, card, {"learning-and-feedback": "yes"})
    before = card.read_bytes()
    err = _one_line(*run("kit", str(EXAMPLE), "-o", str(kit), "--force"))
    assert ("interviewers/aisha-bello/scorecard.pdf was changed since the kit was written; "
            "--force would delete it") in err
    assert card.read_bytes() == before


def test_a_blank_pdf_card_is_not_work(kit: Path) -> None:
    code, _, err = run("kit", str(EXAMPLE), "-o", str(kit), "--force")
    assert (code, err) == (0, "")
