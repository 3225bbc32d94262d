"""A kit's PDFs: rendered in worker processes; the checklists and the blank forms kept across
kits, the names filled into a copy that is kept nowhere but in the kit (candidate data stays in
the folder the user names)."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from playbook_tools.config import read_conf_py
from playbook_tools.errors import PlaybookError
from playbook_tools.kit import printouts
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.model.loader import load_playbook
from playbook_tools.render.pdf.printout import render_pdf
from playbook_tools.render.pdf.scorecard_form import (
    KIT_FORM,
    fill_in_names,
    names_of,
    read_pdf_form,
)
from playbook_tools.render.pdf.store import FORM_PREFIX
from playbook_tools.render.printable import FIELDS, FormFor
from tests.conftest import DOCS, REPO, run_playbook
from tests.test_kit import CHECKLISTS, EXAMPLE


def kit_pdfs(kit: Path) -> dict[str, bytes]:
    return {str(p.relative_to(kit)): p.read_bytes() for p in sorted(kit.rglob("*.pdf"))}


def test_kept_pdfs_hold_no_candidate_data_and_the_next_kit_renders_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_CACHE", str(tmp_path / "cache"))
    kept = tmp_path / "cache" / "pdf"
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "first"))
    assert (code, err) == (0, "")
    # One file per checklist (both interviewers print the same), and one blank form for each
    # interviewer's areas (the two cover different ones).
    checklists = [p for p in kept.iterdir() if not p.name.startswith(FORM_PREFIX)]
    blanks = sorted(kept.glob(f"{FORM_PREFIX}*.pdf"))
    assert len(checklists) == len(CHECKLISTS) and len(blanks) == 2
    for path in checklists:
        assert "/AcroForm" not in PdfReader(path).trailer["/Root"]
    for path in blanks:
        form = read_pdf_form(path.read_bytes(), str(path))
        assert form.info["PlaybookCandidate"] == form.info["PlaybookInterviewer"] == ""
        assert form.texts == {} and set(FIELDS.identity) <= set(form.names)
    first = kit_pdfs(tmp_path / "first")

    # The next kit renders nothing: it takes the checklists as they are, and fills the names
    # into a copy of each blank form. Nothing new is kept. That holds for a clone of the
    # handbook in another folder too: where a file was read from shapes no PDF.
    clone = tmp_path / "clone"
    shutil.copytree(DOCS, clone / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(REPO / "conf.py", clone / "conf.py")

    def refuse(*args: object) -> bytes:
        raise AssertionError("a PDF was rendered although every one was kept")

    monkeypatch.setattr(printouts, "render_pdf", refuse)
    monkeypatch.setattr(printouts, "kit_forms", refuse)
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "second"),
                                docs=clone / "docs")
    assert (code, err) == (0, "")
    assert sorted(kept.iterdir()) == sorted([*checklists, *blanks])
    second = kit_pdfs(tmp_path / "second")
    assert second.keys() == first.keys()
    kept_blanks = [path.read_bytes() for path in blanks]
    for name in first:
        if not name.endswith("scorecard.pdf"):
            assert second[name] == first[name], name
            continue
        # The filled copy is the blank form with the names appended, as a PDF reader saves.
        assert any(second[name].startswith(blank) for blank in kept_blanks), name
        form = read_pdf_form(second[name], name)
        assert form.texts[FIELDS.candidate] == form.info["PlaybookCandidate"] == "Amara Okafor"
        assert form.texts[FIELDS.interviewer] == form.info["PlaybookInterviewer"] != ""


def test_a_kept_blank_form_that_cannot_be_filled_in_is_rendered_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept file that is a whole PDF but no longer the blank form (another PDF under its
    name, say): the kit renders the form again and keeps the new one. A cache is only a
    cache."""
    # The run's cache holds this kit's PDFs after its first kit; a copy of it is damaged.
    assert run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "first"))[0] == 0
    kept = tmp_path / "cache" / "pdf"
    shutil.copytree(Path(os.environ["PLAYBOOK_CACHE"]) / "pdf", kept)
    monkeypatch.setenv("PLAYBOOK_CACHE", str(tmp_path / "cache"))
    checklist = next(p for p in kept.iterdir() if not p.name.startswith(FORM_PREFIX))
    blanks = sorted(kept.glob(f"{FORM_PREFIX}*.pdf"))  # other tests' kits' forms too
    damaged = checklist.read_bytes()
    for path in blanks:
        path.write_bytes(damaged)
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "second"))
    assert (code, err) == (0, "")
    for name, pdf in kit_pdfs(tmp_path / "second").items():
        if name.endswith("scorecard.pdf"):
            assert read_pdf_form(pdf, name).texts[FIELDS.candidate] == "Amara Okafor"
    # The kit's two blank forms (its interviewers cover different areas) are kept anew.
    renewed = [path for path in blanks if path.read_bytes() != damaged]
    assert len(renewed) == 2
    for path in renewed:
        assert read_pdf_form(path.read_bytes(), str(path)).texts == {}


def test_names_filled_into_a_blank_form_read_back_in_two_pdf_tools(
        playbook: Playbook, tmp_path: Path) -> None:
    """Any name, in any script and with PDF's own special characters, as typed."""
    import pymupdf

    card = playbook.get("pairing-engineer")
    assert isinstance(card, Scorecard)
    blank = render_pdf(card, playbook, "a4", KIT_FORM)
    names = FormFor("Zoë Łukasiewicz-王芳", "Åsa (Øberg) \\ 100%")
    filled = fill_in_names(blank, *names_of(names))
    assert filled.startswith(blank)
    form = read_pdf_form(filled, "filled.pdf")
    assert (form.texts[FIELDS.candidate], form.texts[FIELDS.interviewer]) == (
        names.candidate, names.interviewer)
    assert (form.info["PlaybookCandidate"], form.info["PlaybookInterviewer"]) == (
        names.candidate, names.interviewer)
    path = tmp_path / "filled.pdf"
    path.write_bytes(filled)
    with pymupdf.open(path) as document:
        assert not document.is_repaired
        values = {w.field_name: w.field_value for page in document for w in page.widgets()}
        assert (values[FIELDS.candidate], values[FIELDS.interviewer]) == (
            names.candidate, names.interviewer)
        flags = {w.field_name: w.field_flags for page in document for w in page.widgets()}
        assert flags[FIELDS.candidate] & 1 and flags[FIELDS.interviewer] & 1  # read-only


@functools.cache
def _blank_form() -> bytes:
    playbook = load_playbook(DOCS, read_conf_py(REPO / "conf.py"))
    card = playbook.get("pairing-engineer")
    assert isinstance(card, Scorecard)
    return render_pdf(card, playbook, "a4", KIT_FORM)


@settings(max_examples=60, deadline=None)
@given(where=st.floats(0, 1), garbage=st.binary(min_size=1, max_size=64))
def test_a_damaged_blank_form_is_filled_in_or_refused_in_one_line(
        where: float, garbage: bytes) -> None:
    """Bytes overwritten anywhere, in the objects, the object streams or the cross-reference
    stream: filling in either works, or says what is wrong as a PlaybookError, which a kit
    turns into rendering the form again. Never another exception."""
    blank = _blank_form()
    start = int(where * (len(blank) - 1))
    damaged = blank[:start] + garbage + blank[start + len(garbage):]
    try:
        filled = fill_in_names(damaged, *names_of(FormFor("Amara Okafor", "Jonas Lindqvist")))
    except PlaybookError:
        return
    assert filled.startswith(damaged)


def test_a_kit_without_kept_pdfs_renders_the_same_printouts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept or freshly rendered, a checklist in the kit reads the same."""
    # The run's cache folder: the second kit takes every PDF from it, whichever kit of the run
    # (the first here, or an earlier test's) rendered them.
    run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "warm-up"))
    code, _, _ = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "warm"))
    assert code == 0
    monkeypatch.setenv("PLAYBOOK_CACHE", "off")
    code, _, _ = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "cold"))
    assert code == 0
    warm, cold = kit_pdfs(tmp_path / "warm"), kit_pdfs(tmp_path / "cold")
    assert warm.keys() == cold.keys()
    for name in warm:
        texts = [[page.extract_text() for page in PdfReader(folder / name).pages]
                 for folder in (tmp_path / "warm", tmp_path / "cold")]
        assert texts[0] == texts[1], name
