"""The fillable scorecard: a YAML file with comments, written by ``playbook kit`` and read back
by ``playbook decide``.

YAML rather than a PDF form because an interviewer can fill it in any text editor, the comments
carry the anchors right next to the field, and the reader below can name the line of every
mistake. The form holds only the areas the interviewer covers, so nobody rates what they did
not see.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playbook_tools.decide import FILLED_RATINGS, Assessment
from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.model import Playbook, Scorecard
from playbook_tools.yamlsource import line_of, load_yaml_file

FORM_MARKER = "playbook-scorecard"
FORM_VERSION = 1
COMMENT_WIDTH = 92


class Checker:
    """Collects one file's problems, each naming its line and field, for ``ContentError``.

    ``model`` has the same idea for the content files, privately. This one differs where the
    files people fill in need it: ``text`` refuses a value of several lines (names go into email
    headers and file names) and can be optional, and a top level that is not a mapping is named.
    """

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[ContentProblem] = []

    def problem(self, container: Any, key: str | int | None, field: str, message: str) -> None:
        self.problems.append(
            ContentProblem(self.display, line_of(container, key), None, field, message)
        )

    def fields(self, data: Any, where: str, required: Sequence[str],
               optional: Sequence[str] = ()) -> bool:
        """A mapping with every required field and nothing unknown (a typo is never ignored)."""
        if not isinstance(data, dict):
            self.problem(data, None, where or "(top level)", "expected a mapping of fields")
            return False
        valid = [*required, *optional]
        ok = True
        for name in data:
            if name not in valid:
                self.problem(data, name, join(where, name),
                             "unknown field; valid fields: " + ", ".join(sorted(valid)))
                ok = False
        for name in required:
            if name not in data:
                self.problem(data, None, join(where, name), "is missing")
                ok = False
        return ok

    def text(self, data: Any, key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(data, key, join(where, key), "expected non-empty text")
            return ""
        if "\n" in value.strip() or "\r" in value:
            self.problem(data, key, join(where, key), "expected one line of text")
            return ""
        return value.strip()

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def join(where: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{where}[{name}]"
    return f"{where}.{name}" if where else name


# --------------------------------------------------------------------------------------------
# Writing


def _comment(text: str, indent: str = "", prefix: str = "") -> list[str]:
    """``text`` as YAML comment lines; content never becomes YAML, whatever it contains."""
    lines = textwrap.wrap(" ".join(text.split()), COMMENT_WIDTH - len(indent) - 2,
                          initial_indent=prefix, subsequent_indent=" " * len(prefix),
                          break_on_hyphens=False) or [prefix]
    return [f"{indent}# {line}".rstrip() for line in lines]


def _scalar(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: names with ':' or '#' stay text.
    return json.dumps(text, ensure_ascii=False)


def form_text(scorecard: Scorecard, candidate: str, interviewer: str,
              area_ids: Sequence[str], returned_to: str) -> str:
    """The blank form for one interviewer, holding only ``area_ids`` (in the card's order)."""
    ratings = ", ".join(FILLED_RATINGS)
    out = [
        f"# Scorecard: {' '.join(scorecard.title.split())}",
        *_comment(f"Candidate: {candidate}. Interviewer: {interviewer}."),
        "#",
        *_comment("Fill this in alone, straight after your session and before you talk to "
                  "anyone about the candidate."),
    ]
    if scorecard.instructions:
        out += _comment(scorecard.instructions)
    out += [
        "#",
        "# For each area, write your evidence first: what the candidate did or said.",
        "# Then set the rating to exactly one of:",
        f"#     {ratings}",
        "# There is no middle point; use 'unsure' only when you truly cannot decide, and",
        "# the follow-up session will treat it as a vague impression.",
        "# Leave the rating empty for an area you did not get to assess. A rating without",
        "# written evidence is refused.",
        *_comment(f"When you are done, give this file back to {returned_to}; "
                  "`playbook decide` reads it."),
        "",
        f"form: {FORM_MARKER}  # leave this and the next four lines as they are",
        f"version: {FORM_VERSION}",
        f"scorecard: {scorecard.id}",
        f"candidate: {_scalar(candidate)}",
        f"interviewer: {_scalar(interviewer)}",
        "",
        "areas:",
    ]
    for area_id in area_ids:
        area = scorecard.area(area_id)
        if area is None:
            raise PlaybookError(f"scorecard '{scorecard.id}' has no area '{area_id}'")
        out += ["", *_comment(area.title.upper(), "  "),
                *_comment(area.look_for, "  ", "Look for: "),
                *_comment(area.evidence, "  ", "Evidence: "),
                "  # What each rating means here:"]
        width = max(len(r) for r in area.anchors)
        for rating, anchor in area.anchors.items():
            out += _comment(anchor, "  ", f"  {rating + ':':<{width + 1}} ")
        out += [
            f"  {area.id}:",
            "    evidence: |",
            "      ",
            f"    rating:   # {ratings}",
        ]
    out += [
        "",
        *_comment("Flags: tags for anything you noticed, even once. Patterns that two or more "
                  "interviewers noted are shown first in the follow-up session. The card "
                  "suggests: " + ", ".join(scorecard.flags) + ".", ""),
        "# Write them as a list, for example: flags: [curiosity, humility]",
        "flags: []",
        "",
    ]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Reading


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
    candidate = check.text(data, "candidate", "")
    interviewer = check.text(data, "interviewer", "")
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
