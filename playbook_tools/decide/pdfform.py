"""Reading a filled PDF scorecard: the fields of ``render.pdf.scorecard_form``, turned into the
data a YAML form holds, so that ``decide.forms`` checks both with the same rules.

The field names are documented on the handbook's command-line page: ``rating-<area>`` (a radio
group of the ratings and ``unsure``), ``evidence-<area>`` and ``more-evidence-<area>`` (its
continued box on the last page: the two are one area's evidence), ``flag-<flag>`` (tick boxes),
``flags-other`` (more flags, separated by commas), and ``candidate`` and ``interviewer``, which
a kit fills in and fixes. The document information says which card the form is, and in a kit
whose it is; a card whose fields say otherwise is refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playbook_tools.errors import PlaybookError
from playbook_tools.manifest import same_name
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.render.pdf.scorecard_form import (
    META_CANDIDATE,
    META_FORM,
    META_INTERVIEWER,
    META_SCORECARD,
    META_VERSION,
    PdfFormValues,
    read_pdf_form,
)
from playbook_tools.render.printable import FIELDS
from playbook_tools.render.yaml_form import FORM_MARKER
from playbook_tools.validation import Checker

_RATING = FIELDS.rating("")
_SEPARATORS = re.compile(r"[,;\n]+")


def _info(values: PdfFormValues, key: str) -> str:
    return " ".join(values.info.get(key.lstrip("/"), "").split())


def _identity(values: PdfFormValues, check: Checker, field: str, meta: str) -> str:
    """Whose card it is: what the kit wrote into it, which its fixed field must agree with;
    on a card from the handbook's download, what the interviewer wrote at the top."""
    made_for = _info(values, meta)
    written = " ".join(values.texts.get(field, "").split())
    if made_for and written and not same_name(made_for, written):
        check.problem(None, None, field, f"says '{written}', but the card was made for "
                      f"'{made_for}'; use the card from that kit's folder")
    return made_for or written


def _flags(values: PdfFormValues, card: Scorecard | None) -> list[str]:
    if card is not None:
        ticked = [flag for flag in card.flags if FIELDS.flag(flag) in values.ticked]
    else:
        prefix = FIELDS.flag("")
        ticked = [n[len(prefix):] for n in values.names
                  if n.startswith(prefix) and n in values.ticked]
    other = _SEPARATORS.split(values.texts.get(FIELDS.flags_other, ""))
    return list(dict.fromkeys([*ticked, *(f.strip() for f in other if f.strip())]))


def _evidence(values: PdfFormValues, area: str) -> str:
    """An area's evidence: its box on the card, then what went on in its continued box, as
    the paragraphs they are."""
    boxes = (values.texts.get(FIELDS.evidence(area), ""),
             values.texts.get(FIELDS.more_evidence(area), ""))
    return "\n\n".join(box for box in boxes if box)


def _card_of(playbook: Playbook, areas: set[str]) -> str:
    """The one scorecard with these areas, for a PDF whose document information a reader
    dropped when it saved the filled form; '' when no card or several fit."""
    fits = [card.id for card in playbook.of_kind("scorecard")
            if isinstance(card, Scorecard) and areas <= {a.id for a in card.areas}]
    return fits[0] if len(fits) == 1 else ""


def pdf_form_data(path: Path, check: Checker, playbook: Playbook) -> dict[str, Any] | None:
    """The form's data as ``decide.forms.read_form_data`` reads it, or None after a problem."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlaybookError(f"{check.display}: cannot be read: {exc.strerror}") from None
    values = read_pdf_form(data, check.display)
    if _info(values, META_FORM) != FORM_MARKER:
        check.problem(None, None, "form", "this PDF is not a scorecard form from `playbook kit` "
                      "or the handbook's downloads; fill in the scorecard.pdf from the kit")
        return None
    areas: dict[str, dict[str, Any]] = {}
    for name in values.names:
        if not name.startswith(_RATING):
            continue
        area = name[len(_RATING):]
        ratings = values.choices.get(name, ())
        if len(ratings) > 1:
            check.problem(None, None, name, f"holds {len(ratings)} ratings ("
                          + ", ".join(ratings) + "); choose one")
        areas[area] = {"rating": ratings[0] if ratings else None,
                       "evidence": _evidence(values, area)}
    card_id = _info(values, META_SCORECARD) or _card_of(playbook, set(areas))
    card = playbook.artifacts.get(card_id)
    version = _info(values, META_VERSION)
    return {
        "form": FORM_MARKER, "version": int(version) if version.isdigit() else version,
        "scorecard": card_id,
        "candidate": _identity(values, check, FIELDS.candidate, META_CANDIDATE),
        "interviewer": _identity(values, check, FIELDS.interviewer, META_INTERVIEWER),
        "areas": areas,
        "flags": _flags(values, card if isinstance(card, Scorecard) else None),
    }
