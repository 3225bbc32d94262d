"""Reading filled scorecard forms back: the YAML form from ``render.yaml_form`` and, through
``decide.pdfform``, the fillable PDF, with every problem named by file, line and field.

Both kinds go through the same checks (``read_form_data``): a PDF form is first turned into the
data a YAML form holds, so the rules and the error messages are the same; only the field names
in the messages are the PDF's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from playbook_tools.decide.pdfform import pdf_form_data
from playbook_tools.decide.rule import Assessment
from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.render.printable import FIELDS
from playbook_tools.render.yaml_form import FORM_MARKER, FORM_VERSION
from playbook_tools.validation import Checker, has_control_characters
from playbook_tools.vocabulary import FILLED_RATINGS
from playbook_tools.yamlsource import line_of, load_yaml_file


@dataclasses.dataclass(frozen=True)
class FieldNames:
    """How errors name a form's fields: the YAML form's paths, or the PDF form's fields."""

    area: Callable[[str], str]
    rating: Callable[[str], str]
    evidence: Callable[[str], str]
    flags: str = "flags"


YAML_NAMES = FieldNames(area=lambda a: f"areas.{a}", rating=lambda a: f"areas.{a}.rating",
                        evidence=lambda a: f"areas.{a}.evidence")
PDF_NAMES = FieldNames(area=FIELDS.rating, rating=FIELDS.rating, evidence=FIELDS.evidence,
                       flags=FIELDS.flags_other)


@dataclasses.dataclass(frozen=True)
class FilledForm:
    source: str
    scorecard: str
    candidate: str
    interviewer: str
    areas: tuple[str, ...]  # every area on the form, rated or not
    assessments: tuple[Assessment, ...]  # only the rated ones: a blank is "not assessed"
    flags: tuple[str, ...]
    line: int | None  # of the interviewer's name, for errors about it
    touched: bool = False  # anything written or ticked, rated or not
    names: FieldNames = YAML_NAMES

    @property
    def filled(self) -> bool:
        return bool(self.assessments)


def read_form_data(data: Any, check: Checker, playbook: Playbook,
                   names: FieldNames = YAML_NAMES) -> FilledForm | None:
    """Check a form's data, a YAML form's or a PDF form's, and read the ratings given."""
    if not check.fields(data, "", ("form", "scorecard", "candidate", "interviewer", "areas"),
                        ("version", "flags")):
        return None
    if data.get("form") != FORM_MARKER:
        check.problem(data, "form", "form",
                      f"expected '{FORM_MARKER}'; is this a scorecard form from `playbook kit`?")
        return None
    if data.get("version", FORM_VERSION) != FORM_VERSION:
        check.problem(data, "version", "version", f"this playbook reads version {FORM_VERSION}")
    card_id = check.text(data, "scorecard", "")
    card = playbook.artifacts.get(card_id)
    if card_id and not isinstance(card, Scorecard):
        cards = ", ".join(a.id for a in playbook.of_kind("scorecard"))
        check.problem(data, "scorecard", "scorecard", f"'{card_id}' is not a scorecard; "
                      f"the playbook has: {cards}")
    candidate = check.name(data, "candidate", "")
    interviewer = check.name(data, "interviewer", "")
    areas = data.get("areas")
    if not isinstance(areas, dict) or not areas:
        check.problem(data, "areas", "areas", "expected the areas, each with evidence and rating")
        areas = {}
    assessments: list[Assessment] = []
    touched = False
    for area_id, entry in areas.items():
        if isinstance(card, Scorecard) and card.area(area_id) is None:
            valid = ", ".join(a.id for a in card.areas)
            check.problem(areas, area_id, names.area(area_id),
                          f"unknown area; the scorecard '{card.id}' has: {valid}")
            continue
        if not check.fields(entry, names.area(area_id), ("rating",), ("evidence",)):
            continue
        rating = entry.get("rating")
        evidence = entry.get("evidence")
        if rating is not None and rating not in FILLED_RATINGS:
            check.problem(entry, "rating", names.rating(area_id),
                          f"{rating!r} is not a rating; use one of: " + ", ".join(FILLED_RATINGS)
                          + ", or leave it empty if you did not assess this area")
            continue
        if evidence is not None and not isinstance(evidence, str):
            check.problem(entry, "evidence", names.evidence(area_id), "expected text")
            continue
        if evidence and has_control_characters(evidence, one_line=False):
            check.problem(entry, "evidence", names.evidence(area_id),
                          "expected text without control characters")
            continue
        evidence = (evidence or "").strip()
        touched = touched or rating is not None or bool(evidence)
        if rating is not None and not evidence:
            # DESIGN.md: each rating needs written evidence; a bare rating is an impression.
            check.problem(entry, "evidence" if "evidence" in entry else "rating",
                          names.evidence(area_id), f"the rating '{rating}' needs written "
                          "evidence: what the candidate did or said")
            continue
        if rating is not None:
            assessments.append(Assessment(interviewer, area_id, rating, evidence))
    flags = data.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(f, str) and f.strip() for f in flags):
        check.problem(data, "flags", names.flags,
                      "expected a list of short tags such as [humility]")
        flags = []
    if check.problems:
        return None
    return FilledForm(
        source=check.display, scorecard=card_id, candidate=candidate, interviewer=interviewer,
        areas=tuple(str(a) for a in areas), assessments=tuple(assessments),
        flags=tuple(f.strip() for f in flags), line=line_of(data, "interviewer"),
        touched=touched or bool(flags), names=names,
    )


def is_pdf(path: Path) -> bool:
    """Whether ``path`` is a PDF, whatever its name: a returned form may have been renamed."""
    try:
        with path.open("rb") as stream:
            return stream.read(5) == b"%PDF-"
    except OSError:
        return False


def read_forms(paths: Sequence[Path], playbook: Playbook) -> list[FilledForm]:
    """Read every form, YAML or PDF; report every problem in every file at once."""
    problems: list[ContentProblem] = []
    forms: list[FilledForm] = []
    for path in paths:
        display = str(path)
        if not path.is_file():
            raise PlaybookError(f"{display}: no such scorecard file")
        check = Checker(display)
        if is_pdf(path):
            data = pdf_form_data(path, check, playbook)
            form = None if data is None else read_form_data(data, check, playbook, PDF_NAMES)
        else:
            form = read_form_data(load_yaml_file(path, display), check, playbook)
        problems += check.problems
        if form is not None:
            forms.append(form)
    if problems:
        raise ContentError(problems)
    return forms


def load_forms(paths: Sequence[Path], playbook: Playbook) -> list[FilledForm]:
    """Read every form, then check that they belong together (``check_together``)."""
    return check_together(read_forms(paths, playbook))


def check_together(forms: Sequence[FilledForm]) -> list[FilledForm]:
    """One form per interviewer, all for one candidate and one kind of card."""
    problems: list[ContentProblem] = []
    seen: dict[str, FilledForm] = {}
    for form in forms:
        key = form.interviewer.casefold()
        if key in seen:
            problems.append(ContentProblem(
                form.source, form.line, None, "interviewer",
                f"'{form.interviewer}' also filled {seen[key].source}; "
                "each interviewer hands in one scorecard"))
        seen.setdefault(key, form)
    for field in ("scorecard", "candidate"):
        first = forms[0] if forms else None
        other = next((f for f in forms if _value(f, field) != _value(forms[0], field)), None)
        if first and other and not problems:
            problems.append(ContentProblem(
                other.source, None, None, field,
                f"is '{getattr(other, field)}' but {first.source} has "
                f"'{getattr(first, field)}'; decide one candidate and one kind of card at a time"))
    if problems:
        raise ContentError(problems)
    return list(forms)


def _value(form: FilledForm, field: str) -> str:
    return str(getattr(form, field)).casefold()
