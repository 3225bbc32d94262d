"""PDF printouts, made by WeasyPrint from the printable HTML; a scorecard is also a PDF form.

The scorecard's boxes and lines are form fields (``printable.ScorecardFields`` names them), so
it fills in any PDF reader and prints as the paper card when blank. Its document information
says which card it is and, in a kit, whose: ``decide.pdfform`` reads that back with the fields
(``read_pdf_form``), so a form for another candidate or interviewer is refused.

A kit's form is rendered blank (``KIT_FORM``: its name fields fixed but empty), which holds no
candidate data and can be kept across kits; ``pdffill`` then writes the candidate's and the
interviewer's names (``names_of``) into a copy, as a PDF reader would, in an incremental update.

WeasyPrint takes most of a second to import, so it is imported only when a PDF is made
(``pdfengine``).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from typing import Any

from playbook_tools.errors import PlaybookError
from playbook_tools.model.artifacts import Artifact, Playbook, Scorecard
from playbook_tools.render.form import FORM_MARKER, FORM_VERSION
from playbook_tools.render.pdfengine import engine
from playbook_tools.render.pdffill import (
    META_CANDIDATE,
    META_INTERVIEWER,
    Names,
    filled_copies,
)
from playbook_tools.render.printable import FIELDS, FormFor, render_printable_html

# The document information entries of a scorecard form (PDF 32000-1, 14.3.3 allows any).
META_FORM = "/PlaybookForm"
META_VERSION = "/PlaybookFormVersion"
META_SCORECARD = "/PlaybookScorecard"
# A kit's form before the names are filled in: its name fields are read-only, and empty.
KIT_FORM = FormFor(candidate="", interviewer="")
_READ_ONLY = 1  # field flag bit 1 (PDF 32000-1, table 221)
_RADIO = 1 << 15  # button field flag bit 16


def render_pdf(artifact: Artifact, playbook: Playbook, paper: str,
               form_for: FormFor | None = None, page_url: str | None = None) -> bytes:
    """The printable as a PDF; ``page_url`` is where its link back to the handbook points
    (default: ``playbook_base_url`` and the page's path)."""
    weasyprint, fonts, paged = engine()
    html = render_printable_html(artifact, playbook, paper, form_for, page_url)
    # No base URL: the printable holds its styles and needs no file, and a link to the page
    # stays as written instead of pointing into the machine that built it.
    document = weasyprint.HTML(string=html, base_url=None)
    if not isinstance(artifact, Scorecard):
        pdf: bytes = document.write_pdf(stylesheets=[paged], font_config=fonts)
        return pdf
    form = _FormFinisher(artifact, form_for)
    pdf = document.write_pdf(stylesheets=[paged], font_config=fonts, pdf_forms=True,
                             finisher=form)
    return pdf


class _FormFinisher:
    """Finish the scorecard's form in WeasyPrint's own PDF objects, before they are written.

    It makes each rating one radio group, says in the document information which card this is
    and whose, and fixes whose it is. Done here rather than by reading the written PDF back
    with pypdf, which took longer than laying the card out (the profile on the contributing
    page).
    """

    def __init__(self, card: Artifact, form_for: FormFor | None) -> None:
        self.info = {META_FORM: FORM_MARKER, META_VERSION: str(FORM_VERSION),
                     META_SCORECARD: card.id}
        if form_for is not None:
            self.info |= {META_CANDIDATE: form_for.candidate,
                          META_INTERVIEWER: form_for.interviewer}
        self.read_only = FIELDS.identity if form_for is not None else frozenset()

    def __call__(self, document: Any, pdf: Any) -> None:
        import pydyf

        def resolve(value: Any) -> Any:
            """An object itself, from it or from a reference to it (b"12 0 R")."""
            if isinstance(value, bytes) and value.endswith(b" R"):
                return pdf.objects[int(value.split()[0])]
            return value

        for key, value in self.info.items():
            pdf.info[key.lstrip("/")] = pydyf.String(value)
        form = pdf.catalog.get("AcroForm")
        if form is None:
            return
        # WeasyPrint gives every radio button a name of its own as well as its group's, so
        # readers see five fields called ``rating-x.rating-x`` beside the group. Without those
        # names the buttons are plain widgets of the one field ``rating-x``, as PDF intends.
        widgets = set()
        for reference in form["Fields"]:
            field = resolve(reference)
            for kid in field.get("Kids", ()):
                widgets.add(kid)
                for key in ("T", "TU"):
                    resolve(kid).pop(key, None)
            name = field.get("T")
            if name is not None and name.string in self.read_only:
                field["Ff"] = int(field.get("Ff", 0)) | _READ_ONLY
        form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in widgets)
        # Helvetica and ZapfDingbats as /Helv and /ZaDb, the names that PDF readers and filling
        # tools (PyMuPDF, pdftk) draw filled-in values with when they make a field's look.
        resources = resolve(form["DR"])
        fonts = resolve(resources.setdefault("Font", pydyf.Dictionary()))
        fonts.setdefault("Helv", pydyf.Dictionary({
            "Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica",
            "Encoding": "/WinAnsiEncoding"}))
        fonts.setdefault("ZaDb", pydyf.Dictionary({
            "Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"}))


def kit_forms(card: Scorecard, playbook: Playbook, paper: str,
              people: Sequence[FormFor]) -> tuple[bytes, list[bytes]]:
    """The blank kit form of ``card``, and a copy for each of ``people`` with their names
    filled in: one job for a pool's worker, which renders and fills in turn."""
    blank = render_pdf(card, playbook, paper, KIT_FORM)
    return blank, filled_copies(blank, [names_of(form_for) for form_for in people])


def names_of(form_for: FormFor) -> Names:
    """What ``pdffill`` writes into a kit's blank form for ``form_for``: the name fields'
    values and the document information that says whose form it is."""
    return ({FIELDS.candidate: form_for.candidate, FIELDS.interviewer: form_for.interviewer},
            {META_CANDIDATE: form_for.candidate, META_INTERVIEWER: form_for.interviewer})


def render_pdf_file(playbook: Playbook, artifact_id: str, paper: str, target: str,
                    page_url: str | None) -> None:
    """Render one PDF to a file, atomically. Worker processes of the site build run this;
    it lives here, not in the Sphinx package, so that a worker never imports Sphinx."""
    from pathlib import Path

    from playbook_tools.files import write_atomic

    artifact = playbook.get(artifact_id)
    write_atomic(Path(target), render_pdf(artifact, playbook, paper, page_url=page_url))


# --------------------------------------------------------------------------------------------
# Reading a filled form back: the raw values, checked by ``decide.pdfform``


@dataclasses.dataclass(frozen=True)
class PdfFormValues:
    """What a filled PDF form holds, as the fields say it, before any rule is applied."""

    info: dict[str, str]  # the document information, keys without the slash
    texts: dict[str, str]  # text fields that hold something
    choices: dict[str, tuple[str, ...]]  # radio groups: every value switched on (one, or more
    # when a tool left the group inconsistent)
    ticked: frozenset[str]  # tick boxes that are on
    names: tuple[str, ...]  # every field, filled or not, in the order of the document

    @property
    def touched(self) -> bool:
        """Whether anyone wrote or ticked anything on it (identity fields aside)."""
        texts = {k for k in self.texts if k not in (*FIELDS.identity, FIELDS.date)}
        return bool(texts or self.choices or self.ticked)


def _fields(root: Any) -> list[Any]:
    """Every top-level field of the document's form (WeasyPrint's forms are flat)."""
    form = root.get("/AcroForm")
    if form is None:
        return []
    fields = (ref.get_object() for ref in form.get_object().get("/Fields", []))
    return [field for field in fields if "/Parent" not in field]


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _state(value: Any) -> str:
    """A button state's name without its slash; '' for the off state."""
    name = _text(value).lstrip("/")
    return "" if name in ("", "Off") else name


def _radio(field: Any) -> tuple[str, ...]:
    """The values switched on in a radio group: WeasyPrint names the on-states 0, 1, ...,
    indexes into /Opt. A filling tool may set the group's /V, the widgets' /AS, or both."""
    options = [_text(o) for o in field.get("/Opt", [])]
    kids = [k.get_object() for k in field.get("/Kids", [])]
    states = {_state(field.get("/V"))} | {_state(k.get("/AS")) for k in kids}
    states |= {_state(k.get("/V")) for k in kids if k.get("/V") is not None}
    values = []
    for state in sorted(states - {""}):
        index = int(state) if state.isdigit() else -1
        values.append(options[index] if 0 <= index < len(options) else state)
    return tuple(dict.fromkeys(values))


def read_pdf_form(data: bytes, display: str) -> PdfFormValues:
    """The fields and document information of a PDF form, whatever tool filled it."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        info = {str(k).lstrip("/"): _text(v) for k, v in (reader.metadata or {}).items()}
        fields = _fields(reader.root_object)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise PlaybookError(f"{display}: cannot be read as a PDF ({exc}); give the scorecard "
                            "PDF back as it was saved from the PDF reader") from None
    texts: dict[str, str] = {}
    choices: dict[str, tuple[str, ...]] = {}
    ticked: set[str] = set()
    names: list[str] = []
    for field in fields:
        name = _text(field.get("/T"))
        names.append(name)
        kind = field.get("/FT")
        if kind == "/Tx":
            value = _text(field.get("/V")).strip()
            if value:
                texts[name] = value
        elif kind == "/Btn" and int(field.get("/Ff", 0)) & _RADIO:
            if values := _radio(field):
                choices[name] = values
        elif kind == "/Btn" and (_state(field.get("/V")) or _state(field.get("/AS"))):
            ticked.add(name)
    return PdfFormValues(info, texts, choices, frozenset(ticked), tuple(names))
