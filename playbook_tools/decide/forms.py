"""Reading filled scorecard forms back: the YAML form from ``render.form`` (and, through
``decide.pdfform``, the fillable PDF), with every problem named by file, line and field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playbook_tools.decide.rule import Assessment
from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.render.form import FORM_MARKER, FORM_VERSION
from playbook_tools.validation import Checker
from playbook_tools.vocabulary import FILLED_RATINGS
from playbook_tools.yamlsource import line_of, load_yaml_file


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

    @property
    def filled(self) -> bool:
        return bool(self.assessments)


def _read_form(data: Any, check: Checker, playbook: Playbook) -> FilledForm | None:
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
    for area_id, entry in areas.items():
        where = f"areas.{area_id}"
        if isinstance(card, Scorecard) and card.area(area_id) is None:
            valid = ", ".join(a.id for a in card.areas)
            check.problem(areas, area_id, where,
                          f"unknown area; the scorecard '{card.id}' has: {valid}")
            continue
        if not check.fields(entry, where, ("rating",), ("evidence",)):
            continue
        rating = entry.get("rating")
        evidence = entry.get("evidence")
        if rating is not None and rating not in FILLED_RATINGS:
            check.problem(entry, "rating", f"{where}.rating",
                          f"{rating!r} is not a rating; use one of: " + ", ".join(FILLED_RATINGS)
                          + ", or leave it empty if you did not assess this area")
            continue
        if evidence is not None and not isinstance(evidence, str):
            check.problem(entry, "evidence", f"{where}.evidence", "expected text")
            continue
        evidence = (evidence or "").strip()
        if rating is not None and not evidence:
            # DESIGN.md: each rating needs written evidence; a bare rating is an impression.
            check.problem(entry, "evidence" if "evidence" in entry else "rating",
                          f"{where}.evidence", f"the rating '{rating}' needs written evidence: "
                          "what the candidate did or said")
            continue
        if rating is not None:
            assessments.append(Assessment(interviewer, area_id, rating, evidence))
    flags = data.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(f, str) and f.strip() for f in flags):
        check.problem(data, "flags", "flags", "expected a list of short tags such as [humility]")
        flags = []
    if check.problems:
        return None
    return FilledForm(
        source=check.display, scorecard=card_id, candidate=candidate, interviewer=interviewer,
        areas=tuple(str(a) for a in areas), assessments=tuple(assessments),
        flags=tuple(f.strip() for f in flags), line=line_of(data, "interviewer"),
    )


def load_forms(paths: Sequence[Path], playbook: Playbook) -> list[FilledForm]:
    """Read every form; report every problem in every file at once, then duplicates."""
    problems: list[ContentProblem] = []
    forms: list[FilledForm] = []
    for path in paths:
        display = str(path)
        if not path.is_file():
            raise PlaybookError(f"{display}: no such scorecard file")
        check = Checker(display)
        form = _read_form(load_yaml_file(path, display), check, playbook)
        problems += check.problems
        if form is not None:
            forms.append(form)
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
    return forms


def _value(form: FilledForm, field: str) -> str:
    return str(getattr(form, field)).casefold()
