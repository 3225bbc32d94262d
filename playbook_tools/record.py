"""The follow-up session from files: the filled forms in, the proposal and the record out.

``decide`` holds the rule and ``forms`` reads one form. This module holds the process around
them (DESIGN.md, "The follow-up session"): every form must belong to the kit; feedback stays
independent, so nothing is shown until every expected scorecard is in; the room may overrule the
proposal only with a written reason; and the record names the outcome, the one person who tells
the candidate and the date by which they will. ``playbook decide`` parses its options, calls
these, and prints what they return.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from email.headerregistry import Address
from pathlib import Path
from typing import Any, cast

from playbook_tools.decide import (
    OUTCOME_LABELS,
    STATE_LABELS,
    AreaSummary,
    Assessment,
    Decision,
    Outcome,
    decide,
    decision_as_dict,
    explore_text,
    report_text,
)
from playbook_tools.errors import PlaybookError
from playbook_tools.files import write_atomic
from playbook_tools.forms import FilledForm, load_forms
from playbook_tools.kit import (
    GITIGNORE,
    IGNORE_EVERYTHING,
    Manifest,
    ignores_everything,
    long_date,
    refuse_docs_folder,
)
from playbook_tools.model import Playbook, Scorecard

JSON_FORMAT = "playbook-decision"
JSON_VERSION = 1
RECORD_FILE = "decision.md"
# One name whatever the outcome: recording again replaces the email, so there is never a second
# one beside it that someone could send by mistake.
EMAIL_FILE = "outcome.eml"
# What earlier versions wrote (outcome-hire.eml, ...); a new record removes them for that reason.
OLD_EMAIL_FILES = tuple(f"outcome-{outcome}.eml" for outcome in OUTCOME_LABELS)


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
    from playbook_tools.render.email import parse_address

    address = parse_address(str(email).strip(), "--candidate-email")
    return CandidateDetails(" ".join(str(name).split()), address.addr_spec,
                            " ".join(str(role).split()))


# --------------------------------------------------------------------------------------------
# The proposal


@dataclasses.dataclass(frozen=True)
class FollowUp:
    """What the follow-up session sees: the forms read, who is missing and the proposal."""

    card: Scorecard
    forms: tuple[FilledForm, ...]
    missing: tuple[str, ...]
    assessments: tuple[Assessment, ...]
    decision: Decision
    candidate: CandidateDetails | None

    def report_text(self) -> str:
        heading = None
        if self.candidate is not None:
            heading = f"{self.candidate.name}, {self.candidate.role}: {self.card.title}"
        return report_text(self.decision, self.assessments, heading=heading,
                           given=[f.interviewer for f in self.forms if f.filled],
                           missing=self.missing)

    def report_json(self, recorded: Recorded | None = None) -> dict[str, Any]:
        """The documented ``playbook decide --json`` shape (fields are only ever added)."""
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "candidate": dataclasses.asdict(self.candidate) if self.candidate else None,
            "scorecard": self.card.id,
            "complete": not self.missing,
            "scorecards": [{"interviewer": f.interviewer, "file": f.source, "filled": f.filled}
                           for f in self.forms],
            "missing": list(self.missing),
            **decision_as_dict(self.decision, self.assessments),
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
        raise PlaybookError("give the filled scorecards (SCORECARD.yaml ...), or --kit DIR")
    if not paths and manifest is not None:
        paths = [manifest.folder / i.form for i in manifest.interviewers
                 if (manifest.folder / i.form).is_file()]
    forms = load_forms(paths, playbook)
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
    decision = decide([(a.id, a.title) for a in card.areas], assessments,
                      [(f.interviewer, f.flags) for f in forms if f.filled])
    return FollowUp(card, tuple(forms), missing, assessments, decision, candidate)


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
    return sorted(forms, key=lambda f: order.index(f.interviewer.casefold()))


# --------------------------------------------------------------------------------------------
# The record


@dataclasses.dataclass(frozen=True)
class RecordRequest:
    """What the room decided, as given on the command line; unset fields take the kit's."""

    outcome: str | None
    output: str | None
    owner: str | None = None
    by: str | None = None
    explore: tuple[str, ...] = ()
    note: str | None = None
    force: bool = False


@dataclasses.dataclass(frozen=True)
class Recorded:
    outcome: Outcome
    owner: str
    by: dt.date
    files: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Record:
    """What the follow-up session decided, next to what the tool proposed."""

    decision: Decision
    outcome: Outcome
    owner: str
    by: dt.date
    candidate: str
    role: str
    scorecard: str
    explore: tuple[AreaSummary, ...]
    scorecards: tuple[tuple[str, str], ...]  # (interviewer, file)
    missing: tuple[str, ...]
    email_file: str
    note: str = ""
    recorded_on: dt.date = dataclasses.field(default_factory=dt.date.today)


def record_decision(session: FollowUp, playbook: Playbook, request: RecordRequest,
                    manifest: Manifest | None) -> Recorded:
    """Write decision.md and the outcome email for the one person who tells the candidate."""
    from playbook_tools.render import email as email_render

    outcome = _outcome(request.outcome)
    if not request.output or request.output == "-":
        raise PlaybookError("--record: give the folder to write to with -o DIR")
    decision = session.decision
    note = " ".join((request.note or "").split())
    if outcome != decision.outcome and not note:
        # The handbook: the room may overrule the proposal with a reason it writes down.
        raise PlaybookError(f"--outcome {outcome}: differs from the proposal "
                            f"({decision.label}); write the reason with --note TEXT")
    owner, by = _owner(request.owner, manifest), _by(request.by, manifest)
    candidate = session.candidate
    if candidate is None:
        raise PlaybookError("--candidate: needed without --kit, to fill in the email")
    explore = explore_areas(session.card, decision, outcome, request.explore)
    out = Path(request.output)
    _check_record_folder(out, request.output, playbook.srcdir, request.force)

    values = {"candidate_name": candidate.name, "role": candidate.role, "sender_name": owner}
    if outcome == "more-info":
        values["areas_to_explore"] = explore_text(explore)
    filled = email_render.fill(playbook.email(f"outcome-{outcome}"), values, playbook.config)
    known = manifest.person(owner) if manifest is not None else None
    sender = Address(owner, addr_spec=known.email) if known else email_render.parse_address(
        playbook.config.email_from, "playbook_email_from in conf.py")
    message = email_render.build_message(
        filled, Address(candidate.name, addr_spec=candidate.email), sender)
    record = Record(
        decision=decision, outcome=outcome, owner=owner, by=by, candidate=candidate.name,
        role=candidate.role, scorecard=session.card.title, explore=explore,
        scorecards=tuple((f.interviewer, f.source) for f in session.forms if f.filled),
        missing=session.missing, email_file=EMAIL_FILE, note=note,
    )
    # The .gitignore first: the folder is never committable, not even for a moment.
    write_atomic(out / GITIGNORE, IGNORE_EVERYTHING)
    write_atomic(out / EMAIL_FILE, message.as_bytes())
    write_atomic(out / RECORD_FILE, record_markdown(record))
    for name in OLD_EMAIL_FILES:
        try:
            (out / name).unlink(missing_ok=True)
        except OSError as exc:
            raise PlaybookError(f"{out / name}: cannot remove the earlier outcome email: "
                                f"{exc.strerror}; delete it by hand") from exc
    return Recorded(outcome, owner, by, (str(out / RECORD_FILE), str(out / EMAIL_FILE)))


def _outcome(value: str | None) -> Outcome:
    if value in OUTCOME_LABELS:
        return cast(Outcome, value)
    raise PlaybookError("--record: give --outcome hire, reject or more-info, as the room "
                        "decided")


def _owner(given: str | None, manifest: Manifest | None) -> str:
    owner = given or (manifest.closes_loop.name if manifest is not None else "")
    if not owner or not owner.strip():
        raise PlaybookError("--record: give --owner NAME, the one person who tells the candidate")
    return " ".join(owner.split())


def _by(given: str | None, manifest: Manifest | None) -> dt.date:
    if given is None:
        if manifest is None:
            raise PlaybookError("--record: give --by YYYY-MM-DD, the date by which the "
                                "candidate hears the outcome")
        return manifest.outcome_by
    try:
        by = dt.date.fromisoformat(given)
    except ValueError:
        raise PlaybookError(f"--by {given}: not a date; write it as YYYY-MM-DD") from None
    if manifest is not None and by < manifest.date:
        raise PlaybookError(f"--by {given}: is before the interview day, {manifest.date}")
    return by


def explore_areas(card: Scorecard, decision: Decision, outcome: Outcome,
                  requested: Sequence[str]) -> tuple[AreaSummary, ...]:
    """For Need more information: the areas named, or else the proposal's."""
    if outcome != "more-info":
        if requested:
            raise PlaybookError("--explore is for --outcome more-info")
        return ()
    if not requested:
        if not decision.to_explore:
            raise PlaybookError("--outcome more-info: name the areas to explore with "
                                "--explore AREA (the proposal found none)")
        return decision.to_explore
    by_id = {s.area: s for s in decision.areas}
    for area in requested:
        if area not in by_id:
            valid = ", ".join(a.id for a in card.areas)
            raise PlaybookError(f"--explore {area}: unknown area; the scorecard has: {valid}")
    return tuple(by_id[a] for a in dict.fromkeys(requested))


def _check_record_folder(out: Path, display: str, docs: Path, force: bool) -> None:
    """A new or empty folder, an earlier record (with ``force``), or a kit: never a folder of
    the user's own, whose files the record's ``.gitignore`` would hide from git."""
    option = f"-o {display}"
    refuse_docs_folder(out, docs, option, "-o kits/<name>/decision")
    if out.exists() and not out.is_dir():
        raise PlaybookError(f"{option}: is a file; give a folder for the record")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if (out / GITIGNORE).exists() and not ignores_everything(out):
        raise PlaybookError(f"{option}: has a .gitignore of its own; give a folder of its own "
                            "for the record, e.g. -o kits/<name>/decision")
    earlier = [name for name in (RECORD_FILE, EMAIL_FILE, *OLD_EMAIL_FILES)
               if (out / name).exists()]
    if earlier and not force:
        raise PlaybookError(f"{out / earlier[0]}: exists; pass --force to replace the record")
    if not earlier and not ignores_everything(out):
        raise PlaybookError(f"{option}: the folder holds other files; give a new folder for the "
                            "record, e.g. -o kits/<name>/decision")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def record_markdown(record: Record) -> str:
    """decision.md: the outcome, who tells the candidate and by when, and the reasons."""
    d = record.decision
    if record.outcome == d.outcome:
        followed = "The room followed the proposal."
    else:
        followed = f"The room decided differently from the proposal ({d.label})."
    lines = [
        f"# Decision: {record.candidate}, {record.role}", "",
        f"- **Outcome:** {OUTCOME_LABELS[record.outcome]}. {followed}",
        f"- **Tells the candidate:** {record.owner}",
        f"- **By:** {long_date(record.by)} ({record.by.isoformat()})",
        f"- **Recorded on:** {record.recorded_on.isoformat()}",
        f"- **Outcome email to check and send:** `{record.email_file}`",
    ]
    if record.note:
        lines.append(f"- **Why:** {' '.join(record.note.split())}")
    if record.explore:
        lines += ["", "## Areas to explore on the return visit", ""]
        lines += [f"- {s.title}: {s.who_said()}" for s in record.explore]
    lines += ["", "## The proposal", "",
              f"**{d.label}** (rule {d.rule}): {d.reason}", "",
              "| Area | Read | Ratings |", "| --- | --- | --- |"]
    lines += [f"| {_cell(s.title)} | {STATE_LABELS[s.state]} | {_cell(s.who_said())} |"
              for s in d.areas]
    if d.flags:
        lines += ["", "## Flags", ""]
        lines += [f"- {f.flag}: {', '.join(f.interviewers)}"
                  + (" (noted by two or more)" if f.is_pattern else "") for f in d.flags]
    lines += ["", "## Scorecards", ""]
    lines += [f"- {who}: `{source}`" for who, source in record.scorecards]
    if record.missing:
        lines.append(f"- Not in when this was recorded: {', '.join(record.missing)}")
    lines += ["", "## Closing the loop", "",
              f"- [ ] {record.owner} told the candidate on: ____________", ""]
    return "\n".join(lines)
