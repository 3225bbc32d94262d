"""The engines inside the programs people open the scorecard form with, driven from the tests
as their users drive them (issue 20): PDFium (Chrome, Edge) and pdf.js (Firefox) fill and save
a form, and each of them and poppler (Evince, Okular) says what it prints in a field."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import REPO

pypdfium2 = pytest.importorskip("pypdfium2")
PDFJS = REPO / "node_modules" / "pdfjs-dist"
NODE = shutil.which("node")
needs_pdfjs = pytest.mark.skipif(NODE is None or not PDFJS.is_dir(),
                                 reason="pdf.js needs node and `npm ci` (package.json)")


def widgets(path: Path) -> Iterator[tuple[str, str, int, tuple[float, ...]]]:
    """(field, on-state or '', page index, rectangle) of every widget."""
    for index, page in enumerate(PdfReader(path).pages):
        for annotation in page.get("/Annots", []):
            widget = annotation.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            parent = widget.get("/Parent")
            name = str((parent.get_object() if parent is not None else widget)["/T"])
            states = [str(k)[1:] for k in widget.get("/AP", {}).get("/N", {}) if k != "/Off"]
            yield name, states[0] if parent is not None else "", index, tuple(
                float(v) for v in widget["/Rect"])


def on_states(path: Path, ratings: Mapping[str, str]) -> dict[str, str]:
    """The button to click for each rating: its on-state, an index into the group's /Opt."""
    fields = PdfReader(path).get_fields() or {}
    return {name: str([str(o) for o in fields[name]["/Opt"]].index(value))
            for name, value in ratings.items()}


def fill_in_pdfium(source: Path, target: Path, texts: Mapping[str, str],
                   ticks: Sequence[str], ratings: Mapping[str, str]) -> None:
    """Fill as a Chrome user does: click into a field and type (Return for a new line), click
    the boxes and buttons; then save as Chrome saves (a full copy)."""
    raw = pypdfium2.raw
    on = on_states(source, ratings)
    where = {(name, state): (index, ((r[0] + r[2]) / 2, (r[1] + r[3]) / 2))
             for name, state, index, r in widgets(source)}
    document = pypdfium2.PdfDocument(source.read_bytes())  # the target may be the source
    document.init_forms()
    handle = document.formenv.raw
    pages = [document[i] for i in range(len(document))]

    def click(name: str, state: str = "") -> Any:
        index, (x, y) = where[(name, state)]
        page = pages[index].raw
        raw.FORM_OnMouseMove(handle, page, 0, x, y)
        raw.FORM_OnLButtonDown(handle, page, 0, x, y)
        raw.FORM_OnLButtonUp(handle, page, 0, x, y)
        return page

    for name, text in texts.items():
        page = click(name)
        for character in text:
            if character == "\n":
                raw.FORM_OnKeyDown(handle, page, raw.FWL_VKEY_Return, 0)
                raw.FORM_OnChar(handle, page, 0x0D, 0)
                raw.FORM_OnKeyUp(handle, page, raw.FWL_VKEY_Return, 0)
                continue
            encoded = character.encode("utf-16-le")
            for unit in range(0, len(encoded), 2):
                raw.FORM_OnChar(handle, page, int.from_bytes(encoded[unit:unit + 2], "little"), 0)
        raw.FORM_ForceToKillFocus(handle)
    for name in ticks:
        click(name)
    for name, state in on.items():
        click(name, state)
    raw.FORM_ForceToKillFocus(handle)
    for page in pages:
        page.close()
    document.save(target)
    document.close()


def pdfjs(*args: str, stdin: str = "") -> str:
    assert NODE is not None
    done = subprocess.run([NODE, str(REPO / "tests" / "pdfjs_form.mjs"), *args], input=stdin,
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return done.stdout


def fill_in_pdfjs(source: Path, target: Path, texts: Mapping[str, str],
                  ticks: Sequence[str], ratings: Mapping[str, str]) -> None:
    """Fill and save as Firefox does (tests/pdfjs_form.mjs)."""
    wanted = {"texts": dict(texts), "ticks": list(ticks), "radios": on_states(source, ratings)}
    pdfjs("fill", str(source), str(target), stdin=json.dumps(wanted))


def read_in_pdfjs(path: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(pdfjs("read", str(path)))
    return result


READERS = {"pdfium": fill_in_pdfium,
           "pdfjs": pytest.param(fill_in_pdfjs, marks=needs_pdfjs)}


def poppler(*command: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # poppler names a field it cannot draw ("Missing 'Tf' operator in field's DA string").
    assert done.stderr == "", done.stderr
    return done


def text_in_poppler(path: Path) -> str:
    """A PDF's text as Evince or Okular finds it (pdftotext), its pages apart by form feeds."""
    return poppler("pdftotext", "-enc", "UTF-8", str(path), "-").stdout


def field_rects(path: Path) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    """Each text field's page index and rectangle (left, bottom, right, top)."""
    rects = {}
    for name, state, index, r in widgets(path):
        if not state:
            rects[name] = (index, (min(r[0], r[2]), min(r[1], r[3]),
                                   max(r[0], r[2]), max(r[1], r[3])))
    return rects


def drawn_in_pdfium(path: Path, names: Sequence[str]) -> dict[str, tuple[str, set[float]]]:
    """What Chrome prints in each field: the page flattened for print, its text read back
    within the field's rectangle, and the size of every character there."""
    raw = pypdfium2.raw
    rects = field_rects(path)
    document = pypdfium2.PdfDocument(path.read_bytes())
    document.init_forms()  # the form asks readers to draw its fields: PDFium does on load
    drawn = {}
    for index in sorted({rects[name][0] for name in names}):
        page = document[index]
        assert raw.FPDFPage_Flatten(page.raw, raw.FLAT_PRINT) == raw.FLATTEN_SUCCESS
        page.close()
        page = document[index]
        textpage = page.get_textpage()
        for name in (n for n in names if rects[n][0] == index):
            left, bottom, right, top = rects[name][1]
            sizes = set()
            for char in range(textpage.count_chars()):
                x, y, _, _ = textpage.get_charbox(char)
                if (left <= x <= right and bottom <= y <= top
                        and not raw.FPDFText_IsGenerated(textpage.raw, char)
                        and not chr(raw.FPDFText_GetUnicode(textpage.raw, char)).isspace()):
                    sizes.add(raw.FPDFText_GetFontSize(textpage.raw, char))
            drawn[name] = (textpage.get_text_bounded(left, bottom, right, top), sizes)
        textpage.close()
        page.close()
    document.close()
    return drawn


def drawn_in_pdfjs(path: Path, names: Sequence[str]) -> dict[str, tuple[str, set[float]]]:
    """What Firefox prints in each field: the lines whose baseline is inside the box."""
    drawn = json.loads(pdfjs("draw", str(path)))
    return {name: (" ".join(line["text"] for line in drawn[name]["lines"]
                            if 0 <= line["y"] <= drawn[name]["height"]),
                   set(drawn[name]["sizes"])) for name in names}


def em_height(path: Path, name: str) -> float:
    """A field's font's height from descent to ascent, in ems: poppler's height of a word."""
    reader = PdfReader(path)
    widget = next(a.get_object() for page in reader.pages for a in page.get("/Annots", [])
                  if a.get_object().get("/T") == name)
    font: Any = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"][
        str(widget["/DA"]).split()[-3]]
    descriptor = (font["/DescendantFonts"][0] if "/DescendantFonts" in font
                  else font)["/FontDescriptor"]
    return (float(descriptor["/Ascent"]) - float(descriptor["/Descent"])) / 1000


def drawn_in_poppler(path: Path, names: Sequence[str]) -> dict[str, tuple[str, set[float]]]:
    """What Evince or Okular prints in each field: the words pdftotext finds inside the box,
    and their type size, from each word's height and the font's ascent and descent."""
    height = float(PdfReader(path).pages[0].mediabox.height)
    rects = field_rects(path)
    drawn = {}
    for name in names:
        index, (left, bottom, right, top) = rects[name]
        page = str(index + 1)
        found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                           r"([^<]*)<", poppler("pdftotext", "-bbox", "-f", page, "-l", page,
                                                str(path), "-").stdout)
        # Inside the box: pdftotext measures from the page's top, PDF from its bottom.
        inside = [(float(y2) - float(y1), html.unescape(word))
                  for x1, y1, x2, y2, word in found
                  if left <= float(x1) and float(x2) <= right + 1
                  and bottom <= height - float(y2) and height - float(y1) <= top + 1]
        em = em_height(path, name)
        drawn[name] = (" ".join(word for _, word in inside),
                       {round(size / em, 1) for size, _ in inside})
    return drawn
