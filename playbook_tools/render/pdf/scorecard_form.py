"""The scorecard as a PDF form: its whole contract in one place.

The form's boxes and lines are fields whose names ``printable.ScorecardFields`` gives:
``rating-<area>`` (a radio group), ``evidence-<area>``, ``more-evidence-<area>`` (the area's
box on the last page, "Evidence, continued", read as the rest of its evidence), ``flag-<flag>``
(tick boxes), ``flags-other``, and ``candidate`` and ``interviewer``, which a kit fills in and
fixes. Its document information says which card it is and, in a kit, whose (``META_*``).
Evidence boxes keep their text at ``EVIDENCE_MIN_PT`` or larger: a box shows what fits, scrolls
on screen, and the area's continued box takes the rest.

- Writing: ``FormFinisher`` finishes the form in WeasyPrint's own objects while the PDF is
  written (``printout.render_pdf``).
- Names: a kit's form is rendered blank (``KIT_FORM``), kept, and filled with the candidate's
  and the interviewer's names (``names_of``, ``fill_in_names``) in an incremental update, as a
  PDF reader saves a filled-in form.
- Reading: ``read_pdf_form`` reads back what any PDF reader saved, and turns a malformed or
  hostile file into one line. ``PdfFormValues.touched`` is the one rule for "the interviewer
  has written on this form" that ``kit --force`` and ``decide`` share.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from playbook_tools.errors import PlaybookError
from playbook_tools.model.artifacts import Artifact
from playbook_tools.render.printable import FIELDS, FormFor
from playbook_tools.render.yaml_form import FORM_MARKER, FORM_VERSION
from playbook_tools.yamlsource import MAX_BYTES as MAX_TEXT_BYTES

# The document information entries of a scorecard form (PDF 32000-1, 14.3.3 allows any).
META_FORM = "/PlaybookForm"
META_VERSION = "/PlaybookFormVersion"
META_SCORECARD = "/PlaybookScorecard"
META_CANDIDATE = "/PlaybookCandidate"
META_INTERVIEWER = "/PlaybookInterviewer"
# A kit's form before the names are filled in: its name fields are read-only, and empty.
KIT_FORM = FormFor(candidate="", interviewer="")
# The name fields' values, and the document information entries: ``names_of``.
Names = tuple[Mapping[str, str], Mapping[str, str]]
_READ_ONLY = 1  # field flag bit 1 (PDF 32000-1, table 221)
_RADIO = 1 << 15  # button field flag bit 16
# A filled form is refused above this size: the blank forms are under a megabyte, and what an
# interviewer writes is held to the YAML form's limit (MAX_TEXT_BYTES).
MAX_PDF_BYTES = 16 * 1024 * 1024


class FormFinisher:
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
                resolve(kid).pop("T", None)
            name = field.get("T")
            if name is not None and name.string in self.read_only:
                field["Ff"] = int(field.get("Ff", 0)) | _READ_ONLY
        form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in widgets)
        for element, widget in _widgets(document):
            _finish_field(element, widget, resolve(widget.get("Parent")))
        # Helvetica and ZapfDingbats as /Helv and /ZaDb, the names that PDF readers and filling
        # tools (PyMuPDF, pdftk) draw filled-in values with when they make a field's look.
        resources = resolve(form["DR"])
        fonts = resolve(resources.setdefault("Font", pydyf.Dictionary()))
        fonts.setdefault("Helv", pydyf.Dictionary({
            "Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica",
            "Encoding": "/WinAnsiEncoding"}))
        fonts.setdefault("ZaDb", pydyf.Dictionary({
            "Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"}))


# A tick box's and a radio button's look when a reader draws it anew (NeedAppearances): the
# mark in ZapfDingbats, sized to the box. poppler draws no button without a /DA that sets a
# font (issue 20); "4" is ZapfDingbats' tick and "l" its filled circle (PDF 32000-1, 12.7.3.3).
_BUTTON_DA = "/ZaDb 0 Tf 0 g"
_MARKS = {"checkbox": "4", "radio": "l"}
# WeasyPrint's text fields say "/a1.0 gs 0 0 0 rg /F 10 Tf": a graphics state has no place in
# a /DA (12.7.3.3 allows text state and colour).
_GRAPHICS_STATE = re.compile(rb"/\S+ gs\s*")
_FONT_SIZE = re.compile(rb"([\d.]+) Tf")
# An evidence box's text size, at least. Auto size (0 Tf) let readers shrink a few paragraphs
# to 4 points, unreadable on paper (issue 20); a fixed size scrolls on screen instead, and the
# area's continued box on the last page holds the rest.
EVIDENCE_MIN_PT = 8.0


def _widgets(document: Any) -> Iterator[tuple[Any, Any]]:
    """Each form field's HTML element and the widget WeasyPrint made for it."""
    for page in document.pages:
        for inputs in page.forms.values():
            for box, _rectangle in inputs:
                widget = getattr(box, "widget_annotation", None)
                if widget is not None:
                    yield box.element, widget


def _finish_field(element: Any, widget: Any, group: Any) -> None:
    """A field's tooltip (/TU, what a screen reader says: the element's ``title``), and a
    look that every reader can draw anew."""
    import pydyf

    kind = element.get("type") if element.tag == "input" else element.tag
    if title := element.get("title"):
        widget["TU"] = pydyf.String(title)
    if kind in _MARKS:
        widget["DA"] = pydyf.String(_BUTTON_DA)
        widget["MK"]["CA"] = pydyf.String(_MARKS[kind])
        if group is not None:
            group["DA"] = pydyf.String(_BUTTON_DA)
            if group_title := element.get("data-group-title"):
                group["TU"] = pydyf.String(group_title)
        return
    written = widget["DA"].string
    appearance = _GRAPHICS_STATE.sub(b"", written if isinstance(written, bytes) else
                                     written.encode("latin-1"))
    if element.tag == "textarea":
        appearance = _FONT_SIZE.sub(_at_least_evidence_size, appearance)
    widget["DA"] = pydyf.String(appearance)


def _at_least_evidence_size(match: re.Match[bytes]) -> bytes:
    size = max(float(match.group(1)), EVIDENCE_MIN_PT)
    return f"{size:g} Tf".encode()


def names_of(form_for: FormFor) -> Names:
    """What ``fill_in_names`` writes into a kit's blank form for ``form_for``: the name fields'
    values and the document information that says whose form it is."""
    return ({FIELDS.candidate: form_for.candidate, FIELDS.interviewer: form_for.interviewer},
            {META_CANDIDATE: form_for.candidate, META_INTERVIEWER: form_for.interviewer})


def fill_in_names(blank: bytes, fields: Mapping[str, str], info: Mapping[str, str]) -> bytes:
    """A copy of a blank kit form with ``fields`` filled in and ``info`` added to its document
    information.

    The names go in as an incremental update (PDF 32000-1, 7.5.6), as a PDF reader saves a
    filled-in form: the blank form's bytes stay as they are, and new versions of the fields and
    of the document information are appended. They go in the fields' values only: the form
    asks the PDF reader to draw its fields (NeedAppearances), in the font the form embeds
    whole, so any name shows as typed.
    """
    return filled_copies(blank, [(fields, info)])[0]


def filled_copies(blank: bytes, copies: Sequence[Names]) -> list[bytes]:
    """A filled-in copy of a blank kit form for each of ``copies`` (``fill_in_names``). It needs
    neither the playbook nor WeasyPrint: the kit does it itself when the blank form was kept,
    and a worker does it after rendering one.

    The blank form is read once for all of them, and only the objects that change: the name
    fields and the document information. Each copy appends its own versions of them."""
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    from playbook_tools.render.pdf.incremental import PdfObjects, append_update

    try:
        objects = PdfObjects(blank)
        info = objects.trailer.raw_get("/Info")
        form = objects.get(objects.get(objects.trailer.raw_get("/Root")).raw_get("/AcroForm"))
        fields = {}
        for reference in objects.get(form.raw_get("/Fields")):
            field = objects.get(reference)
            if isinstance(field, dict):
                fields[field.get("/T")] = (reference.idnum, field)
        information, info_number = objects.get(info), info.idnum
        if not isinstance(information, dict):
            raise ValueError("the document information is not a dictionary")
    except (PyPdfError, KeyError, IndexError, ValueError, TypeError, AttributeError):
        fields = {}
    filled = []
    for values, entries in copies:
        if not fields or not values.keys() <= fields.keys():
            raise PlaybookError(
                f"the blank scorecard form has no fields named {' and '.join(values)}, which a "
                f"kit fills in; the scorecard's print layout must keep them")
        changed = {}
        for name, value in values.items():
            number, field = fields[name]
            changed[number] = DictionaryObject(field)
            changed[number][NameObject("/V")] = TextStringObject(value)
        changed[info_number] = DictionaryObject(information)
        changed[info_number].update({NameObject(key): TextStringObject(value)
                                     for key, value in entries.items()})
        filled.append(append_update(objects, changed))
    return filled


# --------------------------------------------------------------------------------------------
# Reading a filled form back: the raw values, checked by ``decide.pdfform``


@dataclasses.dataclass(frozen=True)
class PdfFormValues:
    """What a filled PDF form holds, as the fields say it, before any rule is applied."""

    info: dict[str, str]  # the document information, keys without the slash
    texts: dict[str, str]  # text fields that hold something, line endings as LF
    choices: dict[str, tuple[str, ...]]  # radio groups: every value switched on (one, or more
    # when a tool left the group inconsistent)
    ticked: frozenset[str]  # tick boxes that are on
    names: tuple[str, ...]  # every field, filled or not, in the order of the document

    @property
    def touched(self) -> bool:
        """Whether anyone wrote or ticked anything on it (identity fields aside): the rule
        ``kit --force`` and ``decide`` share."""
        texts = {k for k in self.texts if k not in (*FIELDS.identity, FIELDS.date)}
        return bool(texts or self.choices or self.ticked)


class _Malformed(Exception):
    """A form whose objects are not what PDF 32000-1 says they are."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (str, int, float)):
        # PDFium saves a typed Return as CR LF, older tools as CR: every reader gets LF.
        return str(value).replace("\r\n", "\n").replace("\r", "\n")
    raise _Malformed(f"a {type(value).__name__} where text belongs")


def _state(value: Any) -> str:
    """A button state's name without its slash; '' for the off state."""
    name = _text(value).lstrip("/")
    return "" if name in ("", "Off") else name


def _objects(value: Any) -> list[Any]:
    """The objects of an array entry (/Fields, /Kids, /Opt), resolved."""
    if value is None:
        return []
    value = value.get_object() if hasattr(value, "get_object") else value
    if not isinstance(value, list):
        raise _Malformed(f"a {type(value).__name__} where an array belongs")
    resolved = [v.get_object() if hasattr(v, "get_object") else v for v in value]
    return resolved


def _dictionaries(value: Any) -> list[Any]:
    objects = _objects(value)
    if not all(isinstance(o, dict) for o in objects):
        raise _Malformed("a field that is not a dictionary")
    return objects


def _flags(field: Any) -> int:
    value = field.get("/Ff", 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Malformed(f"field flags /Ff of {_text(value)[:20]!r}")
    return int(value)


def _radio(field: Any) -> tuple[str, ...]:
    """The values switched on in a radio group: WeasyPrint names the on-states 0, 1, ...,
    indexes into /Opt. A filling tool may set the group's /V, the widgets' /AS, or both."""
    options = [_text(o) for o in _objects(field.get("/Opt"))]
    kids = _dictionaries(field.get("/Kids"))
    states = {_state(field.get("/V"))} | {_state(k.get("/AS")) for k in kids}
    states |= {_state(k.get("/V")) for k in kids if k.get("/V") is not None}
    values = []
    for state in sorted(states - {""}):
        index = int(state) if state.isdigit() and len(state) < 6 else -1
        values.append(options[index] if 0 <= index < len(options) else state)
    return tuple(dict.fromkeys(values))


def read_pdf_form(data: bytes, display: str) -> PdfFormValues:
    """The fields and document information of a PDF form, whatever tool filled it; any file
    that is not a readable PDF form, or too large, is one line naming ``display``."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise PlaybookError(f"{display}: is not a PDF; give back the scorecard.pdf from the "
                            "kit, as the PDF reader saved it, or the scorecard.yaml")
    if len(data) > MAX_PDF_BYTES:
        raise PlaybookError(f"{display}: is too large ({len(data):,} bytes); a scorecard PDF "
                            f"is at most {MAX_PDF_BYTES:,} bytes")
    try:
        values = _read(data)
    except PlaybookError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged or crafted file
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        raise PlaybookError(f"{display}: cannot be read as a PDF form ({reason}); give the "
                            "scorecard PDF back as it was saved from the PDF reader") from None
    size = sum(len(v.encode()) for v in values.texts.values())
    if size > MAX_TEXT_BYTES:
        raise PlaybookError(f"{display}: its fields hold {size:,} bytes of text; a scorecard "
                            f"holds at most {MAX_TEXT_BYTES:,}, as the YAML form does")
    return values


def _read(data: bytes) -> PdfFormValues:
    from pypdf import PdfReader

    # pypdf reports what it repairs on its logger: a repaired form is still read, and the
    # user sees only the command's own output.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        info = {str(k).lstrip("/"): _text(v) for k, v in (reader.metadata or {}).items()}
        form = reader.root_object.get("/AcroForm")
        form = form.get_object() if form is not None else {}
        if not isinstance(form, dict):
            raise _Malformed("an /AcroForm that is not a dictionary")
        # WeasyPrint's forms are flat: every field is at the top level.
        fields = [f for f in _dictionaries(form.get("/Fields")) if "/Parent" not in f]
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
            elif kind == "/Btn" and _flags(field) & _RADIO:
                if values := _radio(field):
                    choices[name] = values
            elif kind == "/Btn" and (_state(field.get("/V")) or _state(field.get("/AS"))):
                ticked.add(name)
    finally:
        logger.setLevel(level)
    return PdfFormValues(info, texts, choices, frozenset(ticked), tuple(names))
