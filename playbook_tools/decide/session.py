"""The follow-up session for one candidate: every form read, matched to the kit, and proposed.

Feedback stays independent (DESIGN.md, "The follow-up session"): nothing is shown until every
expected scorecard is in, and every form must belong to the kit's candidate and interviewers,
rating only the areas that interviewer was given.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playbook_tools.decide.forms import FilledForm, check_together, load_forms, read_forms
from playbook_tools.decide.report import Gettext, decision_as_dict, report_text
from playbook_tools.decide.rule import Assessment, Decision, Outcome, decide
from playbook_tools.errors import PlaybookError
from playbook_tools.manifest import Manifest
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.validation import address_or_error, name_or_error

JSON_FORMAT = "playbook-decision"
JSON_VERSION = 1


@dataclasses.dataclass(frozen=True)
class CandidateDetails:
    name: str
    email: str
    role: str


def candidate_details(manifest: Manifest | None, name: str | None, email: str | None,
                      role: str | None, *, required: bool) -> CandidateDetails | None:
    """The candidate from the kit, or from the options given without one.

    ``required``: a record fills in the outcome email, so it cannot do without them.
    """
    given = {"name": name, "email": email, "role": role}
    if manifest is not None:
        if any(given.values()):
            raise PlaybookError("--candidate, --candidate-email and --role come from the kit; "
                                "leave them out with --kit")
        return CandidateDetails(manifest.candidate.name, manifest.candidate.email,
                                manifest.role)
    if not any(given.values()) and not required:
        return None
    for key, option in (("name", "--candidate"), ("email", "--candidate-email"),
                        ("role", "--role")):
        value = given[key]
        if not value or not value.strip():
            raise PlaybookError(f"{option}: needed without --kit, to fill in the email")
    address = address_or_error(str(email).strip(), "--candidate-email")
    return CandidateDetails(name_or_error(str(name), "--candidate"), address.addr_spec,
                            name_or_error(str(role), "--role"))


@dataclasses.dataclass(frozen=True)
class Recorded:
    """What ``decide.record`` wrote, as ``--json`` reports it."""

    outcome: Outcome
    owner: str
    by: dt.date
    files: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class FollowUp:
    """What the follow-up session sees: the forms read, who is missing and the proposal."""

    card: Scorecard
    forms: tuple[FilledForm, ...]
    missing: tuple[str, ...]
    assessments: tuple[Assessment, ...]
    decision: Decision
    candidate: CandidateDetails | None

    def report_text(self, _: Gettext = str) -> str:
        """What ``playbook decide`` prints, its fixed words through ``_`` (the team's)."""
        heading = None
        if self.candidate is not None:
            heading = f"{self.candidate.name}, {self.candidate.role}: {self.card.title}"
        return report_text(self.decision, self.assessments, heading=heading,
                           given=[f.interviewer for f in self.forms if f.filled],
                           missing=self.missing, _=_)

    def report_json(self, recorded: Recorded | None = None,
                    _: Gettext = str) -> dict[str, Any]:
        """The documented ``playbook decide --json`` shape (fields are only ever added); only
        the proposal's label and reason follow the language of ``_``."""
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "candidate": dataclasses.asdict(self.candidate) if self.candidate else None,
            "scorecard": self.card.id,
            "complete": not self.missing,
            "scorecards": [{"interviewer": f.interviewer, "file": f.source, "filled": f.filled}
                           for f in self.forms],
            "missing": list(self.missing),
            **decision_as_dict(self.decision, self.assessments, _),
            "record": None if recorded is None else {
                "outcome": recorded.outcome, "owner": recorded.owner,
                "by": recorded.by.isoformat(), "files": list(recorded.files)},
        }


def follow_up(playbook: Playbook, paths: Sequence[Path], manifest: Manifest | None, *,
              partial: bool, candidate: CandidateDetails | None) -> FollowUp:
    """Read the forms (by default, every form in the kit) and propose the outcome.

    Feedback is independent: unless ``partial``, nothing is shown until every expected
    scorecard has a rating, so nobody is anchored by the ratings that came in first.
    """
    if not paths and manifest is None:
        raise PlaybookError("give the filled scorecards (SCORECARD.yaml or .pdf ...), "
                            "or --kit DIR")
    if paths:
        forms = load_forms(paths, playbook)
    else:
        assert manifest is not None
        forms = check_together(returned_forms(manifest, playbook))
    if manifest is not None:
        forms = match_kit(forms, manifest)
    expected = ([i.name for i in manifest.interviewers] if manifest is not None
                else [f.interviewer for f in forms])
    filled = {f.interviewer.casefold() for f in forms if f.filled}
    missing = tuple(name for name in expected if name.casefold() not in filled)
    if missing and not partial:
        where = str(manifest.folder) if manifest is not None else "the scorecards given"
        raise PlaybookError(
            f"{where}: {len(expected) - len(missing)} of {len(expected)} scorecards are in; "
            f"waiting for {', '.join(missing)}. Feedback stays independent until every one is "
            "in; pass --partial to see the ratings so far")
    if not filled:
        raise PlaybookError("no ratings yet: every scorecard given is blank")
    card = playbook.scorecard(forms[0].scorecard)
    assessments = tuple(a for f in forms for a in f.assessments)
    kinds = {flag: kind for flag in card.flags if (kind := card.flag_kind(flag))}
    decision = decide([(a.id, a.title) for a in card.areas], assessments,
                      [(f.interviewer, f.flags) for f in forms if f.filled], kinds)
    return FollowUp(card, tuple(forms), missing, assessments, decision, candidate)


def returned_forms(manifest: Manifest, playbook: Playbook) -> list[FilledForm]:
    """Each interviewer's form as they gave it back: the YAML form or the PDF, whichever is
    filled in. Both filled in is an error: nobody can tell which one they meant."""
    given = {person.name: [manifest.folder / p for p in (person.form, person.pdf)
                           if p and (manifest.folder / p).is_file()]
             for person in manifest.interviewers}
    # Every file at once, so that every problem in every file is reported together.
    everything = [path for paths in given.values() for path in paths]
    read = dict(zip(everything, read_forms(everything, playbook), strict=True))
    chosen = []
    for person in manifest.interviewers:
        forms = [read[path] for path in given[person.name]]
        filled = [f for f in forms if f.touched]
        if len(filled) > 1:
            raise PlaybookError(
                f"{filled[0].source}: {person.name} also filled in {filled[1].source}; keep the "
                "one they meant and move the other out of the kit folder")
        chosen += filled or forms[:1]
    return chosen


def match_kit(forms: Sequence[FilledForm], manifest: Manifest) -> list[FilledForm]:
    """Every form must be from the kit's candidate and interviewers; keep the kit's order."""
    order = [i.name.casefold() for i in manifest.interviewers]
    for form in forms:
        if form.interviewer.casefold() not in order:
            names = ", ".join(i.name for i in manifest.interviewers)
            raise PlaybookError(f"{form.source}: field 'interviewer': '{form.interviewer}' is "
                                f"not an interviewer in {manifest.folder}/kit.json ({names})")
        if form.candidate.casefold() != manifest.candidate.name.casefold():
            raise PlaybookError(f"{form.source}: field 'candidate': '{form.candidate}' is not "
                                f"this kit's candidate, {manifest.candidate.name}")
        if form.scorecard != manifest.scorecard:
            raise PlaybookError(f"{form.source}: field 'scorecard': '{form.scorecard}' is not "
                                f"this kit's scorecard, {manifest.scorecard}")
        given = manifest.interviewer(form.interviewer)
        for assessment in form.assessments:
            if given is not None and assessment.area not in given.areas:
                # Nobody rates what they were not asked to see (DESIGN.md, the kit).
                raise PlaybookError(
                    f"{form.source}: field '{form.names.area(assessment.area)}': "
                    f"{form.interviewer} was "
                    f"not given this area; their areas are: {', '.join(given.areas)}")
    return sorted(forms, key=lambda f: order.index(f.interviewer.casefold()))
