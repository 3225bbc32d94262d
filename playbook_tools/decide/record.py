"""Recording what the follow-up session decided: ``decision.md``, the outcome email and a
calendar reminder for the person who tells the candidate, written together or not at all.

The room may overrule the proposal only with a written reason, and the record names the outcome,
the one person who tells the candidate and the date by which they will.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from email.headerregistry import Address
from pathlib import Path
from typing import cast

from playbook_tools.dates import long_date
from playbook_tools.decide.forms import FilledForm
from playbook_tools.decide.report import (
    STATE_LABELS,
    Gettext,
    explore_text,
    flag_label,
    in_words,
)
from playbook_tools.decide.rule import AreaSummary, Decision, Outcome
from playbook_tools.decide.session import FollowUp, Recorded
from playbook_tools.errors import PlaybookError
from playbook_tools.files import (
    GITIGNORE,
    IGNORE_EVERYTHING,
    ignores_everything,
    install_folder,
    output_folder_in_use,
    readable_name,
)
from playbook_tools.manifest import Manifest
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.model.loader import require_config_references
from playbook_tools.render import email as email_render
from playbook_tools.render.calendar import Attendee, CalendarEvent, build_calendar, event_uid
from playbook_tools.render.layouts import environment, translator
from playbook_tools.validation import (
    DAY_RANGE,
    day_in_range,
    has_control_characters,
    name_or_error,
)
from playbook_tools.vocabulary import OUTCOME_LABELS

# What `decide --record` can fill in an outcome e-mail; `playbook check` holds each outcome
# template to it, so a fork that adds a variable learns it there, not from a failed record.
RECORD_VALUES: dict[str, str] = {
    "candidate_name": "the candidate's name",
    "role": "the role",
    "sender_name": "the one person who tells the candidate (--owner)",
    "areas_to_explore": "for Need more information only: the areas to explore, one per line",
}
RECORD_FILE = "decision.md"
# One name whatever the outcome: recording again replaces the email, so there is never a second
# one beside it that someone could send by mistake.
EMAIL_FILE = "outcome.eml"
# What earlier versions wrote (outcome-hire.eml, ...); a new record replaces them too.
OLD_EMAIL_FILES = tuple(f"outcome-{outcome}.eml" for outcome in OUTCOME_LABELS)
# An all-day event on the promised date, for the owner to import into their own calendar.
REMINDER_FILE = "reminder.ics"
# The filled forms, kept with the record for as long as it is kept (the kit is deleted sooner).
SCORECARDS_FOLDER = "scorecards"
REMINDER_LAYOUT = "kit/event-outcome-reminder.txt.j2"
RECORD_LAYOUT = "decide/decision.md.j2"
REMIND_AT = dt.timedelta(hours=9)  # the alarm: 09:00 on the day
CALENDAR_NAME = "Outcome: %(candidate)s"  # the reminder calendar's name (report.MESSAGES)


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
    record_id: str = ""  # the visit's id in the hiring-records database, if it has one
    keep_scorecards: bool = False  # copy the filled forms into the record (it outlives the kit)


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
    record_id: str = ""


def record_decision(session: FollowUp, playbook: Playbook, request: RecordRequest,
                    manifest: Manifest | None,
                    candidate_playbook: Playbook | None = None) -> Recorded:
    """Write decision.md and the outcome email for the one person who tells the candidate."""

    require_config_references(playbook)
    outcome = _outcome(request.outcome)
    if not request.output or request.output == "-":
        raise PlaybookError("--record: give the folder to write to with -o DIR")
    decision = session.decision
    if request.note and has_control_characters(request.note, one_line=True):
        raise PlaybookError("--note: expected text without control characters")
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
    # The outcome e-mail speaks the candidate's language; the record, the team's.
    writes_to_candidate = candidate_playbook or playbook
    template = writes_to_candidate.email(playbook.config.outcome_emails[outcome])
    filled = email_render.fill(template, values, writes_to_candidate.config)
    known = manifest.person(owner) if manifest is not None else None
    sender = Address(owner, addr_spec=known.email) if known else email_render.parse_address(
        playbook.config.email_from, "playbook_email_from in conf.py")
    message = email_render.build_message(
        filled, Address(candidate.name, addr_spec=candidate.email), sender)
    record = Record(
        decision=decision, outcome=outcome, owner=owner, by=by, candidate=candidate.name,
        role=candidate.role, scorecard=session.card.title, explore=explore,
        scorecards=tuple((f.interviewer, kept_name(f) if request.keep_scorecards else f.source)
                         for f in session.forms if f.filled),
        missing=session.missing, email_file=EMAIL_FILE, note=note, record_id=request.record_id,
    )
    # The record and the reminder speak the team's language: the playbook's.
    reminder = reminder_calendar(record, candidate.email, known.email if known else "",
                                 playbook.templates_dir, _sequence_after(out / REMINDER_FILE),
                                 playbook.gettext)
    files: dict[str, bytes | str] = {
        GITIGNORE: IGNORE_EVERYTHING, EMAIL_FILE: message.as_bytes(),
        RECORD_FILE: record_markdown(record, playbook.templates_dir, playbook.gettext,
                                     playbook.language),
        REMINDER_FILE: reminder}
    if request.keep_scorecards:
        files |= kept_scorecards(session)
    # Staged and moved in as one folder: never a new outcome.eml beside an old decision.md.
    install_folder(out, files, _only_a_record, force=request.force)
    return Recorded(outcome, owner, by, tuple(str(out / name)
                                              for name in (RECORD_FILE, EMAIL_FILE, REMINDER_FILE)))


def kept_name(form: FilledForm) -> str:
    """Where the record keeps a copy of a filled form: scorecards/<interviewer>.yaml or .pdf."""
    suffix = Path(form.source).suffix.lower()
    return f"{SCORECARDS_FOLDER}/{readable_name(form.interviewer, 'interviewer')}{suffix}"


def kept_scorecards(session: FollowUp) -> dict[str, bytes]:
    """The filled forms, copied into the record as they were read."""
    return {kept_name(f): Path(f.source).read_bytes() for f in session.forms if f.filled}


def reminder_calendar(record: Record, candidate_email: str, owner_email: str,
                      templates_dir: Path, sequence: int = 0, _: Gettext = str) -> bytes:
    """reminder.ics: the day the owner promised to tell the candidate, with an alarm.

    Its UID is the candidate's, so a new record (``--force``) moves the reminder in a calendar
    that imported the first one instead of adding a second.
    """
    text = environment(templates_dir, autoescape=False).get_template(REMINDER_LAYOUT).render(
        _=translator(_), candidate=record.candidate, role=record.role,
        outcome=_(OUTCOME_LABELS[record.outcome]),
        email_file=record.email_file, record_file=RECORD_FILE)
    title, _newline, description = text.partition("\n")
    owner = (Attendee(record.owner, owner_email, "CHAIR"),) if owner_email else ()
    event = CalendarEvent(
        event_uid(f"{candidate_email.lower()}|outcome"), " ".join(title.split()), record.by,
        record.by + dt.timedelta(days=1), description=description.strip(), attendees=owner,
        sequence=sequence, alarm=REMIND_AT)
    return build_calendar([event], _(CALENDAR_NAME) % {"candidate": record.candidate})


def _sequence_after(earlier: Path) -> int:
    """One above the SEQUENCE of the reminder a record being replaced wrote, if any."""
    import icalendar

    try:
        events = icalendar.Calendar.from_ical(earlier.read_bytes()).walk("VEVENT")
        return max(int(e.get("SEQUENCE", 0)) for e in events) + 1 if events else 0
    except (OSError, ValueError):
        return 0


def _outcome(value: str | None) -> Outcome:
    if value in OUTCOME_LABELS:
        return cast(Outcome, value)
    raise PlaybookError("--record: give --outcome hire, reject or more-info, as the room "
                        "decided")


def _owner(given: str | None, manifest: Manifest | None) -> str:
    owner = given or (manifest.closes_loop.name if manifest is not None else "")
    if not owner or not owner.strip():
        raise PlaybookError("--record: give --owner NAME, the one person who tells the candidate")
    return name_or_error(owner, "--owner")


def _by(given: str | None, manifest: Manifest | None) -> dt.date:
    if given is None:
        if manifest is None:
            raise PlaybookError("--record: give --by YYYY-MM-DD, the date by which the "
                                "candidate hears the outcome")
        return manifest.outcome_by
    try:
        by = dt.date.fromisoformat(given)
    except ValueError:
        raise PlaybookError(f"--by {given!r}: not a date; write it as YYYY-MM-DD") from None
    if not day_in_range(by):
        raise PlaybookError(f"--by {given}: is out of range; a date {DAY_RANGE}")
    if manifest is not None and by < manifest.date:
        raise PlaybookError(f"--by {given}: is before the interview day, {manifest.date}")
    if manifest is not None and by > manifest.outcome_by:
        # The invitation promised outcome_by: the date only moves earlier (review C7).
        raise PlaybookError(f"--by {given}: is after the outcome date the candidate was "
                            f"promised, {manifest.outcome_by}; give that date or an earlier one")
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
    """A new or empty folder, or an earlier record (with ``force``): never a folder of the
    user's own (or a kit), whose files the record's ``.gitignore`` would hide from git or the
    record would replace."""
    option = f"-o {display}"
    if not output_folder_in_use(out, docs, option, "-o records/decisions/<name>", "record"):
        return
    if (out / GITIGNORE).exists() and not ignores_everything(out):
        raise PlaybookError(f"{option}: has a .gitignore of its own; give a folder of its own "
                            "for the record, e.g. -o records/decisions/<name>")
    earlier = [name for name in (RECORD_FILE, EMAIL_FILE, REMINDER_FILE, *OLD_EMAIL_FILES)
               if (out / name).exists()]
    if earlier and not force:
        raise PlaybookError(f"{out / earlier[0]}: exists; pass --force to replace the record")
    if not _only_a_record(out):
        raise PlaybookError(f"{option}: the folder holds other files; give the record a folder "
                            "of its own, e.g. -o records/decisions/<name>")


def _only_a_record(folder: Path) -> bool:
    """An earlier record folder may be replaced: it holds nothing but what a record writes."""
    ours = {GITIGNORE, RECORD_FILE, EMAIL_FILE, REMINDER_FILE, SCORECARDS_FOLDER,
            *OLD_EMAIL_FILES}
    return ignores_everything(folder) and all(p.name in ours for p in folder.iterdir())


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def record_markdown(record: Record, templates_dir: Path, _: Gettext = str,
                    language: str = "en") -> str:
    """decision.md: the outcome, who tells the candidate and by when, and the reasons, in the
    team's language (``_`` and ``language``; the ratings in words unless English)."""
    d, words = record.decision, in_words(_)
    return environment(templates_dir, autoescape=False).get_template(RECORD_LAYOUT).render(
        _=translator(_), candidate=record.candidate, role=record.role,
        outcome=_(OUTCOME_LABELS[record.outcome]), followed=record.outcome == d.outcome,
        proposal=_(d.label), owner=record.owner, by=long_date(record.by, language),
        by_iso=record.by.isoformat(), recorded_on=record.recorded_on.isoformat(),
        record_id=record.record_id, email_file=record.email_file, reminder_file=REMINDER_FILE,
        note=" ".join(record.note.split()),
        explore=[(s.title, s.who_said(words)) for s in record.explore],
        rule=d.rule, reason=d.explain(_),
        rows=[(_cell(s.title), _(STATE_LABELS[s.state]), _cell(s.who_said(words)))
              for s in d.areas],
        flags=[(flag_label(f, _), ", ".join(f.interviewers), f.is_pattern) for f in d.flags],
        scorecards=record.scorecards, missing=", ".join(record.missing))


def outcome_email_problems(playbook: Playbook) -> list[str]:
    """Each variable an outcome template uses that the record cannot fill."""
    problems = []
    for outcome, template_id in playbook.config.outcome_emails.items():
        template = playbook.email(template_id)
        fills = set(RECORD_VALUES) - ({"areas_to_explore"} if outcome != "more-info" else set())
        for name in template.variable_names:
            if name not in fills:
                problems.append(
                    f"{template.source.name}: artifact '{template_id}': field 'variables.{name}': "
                    f"`decide --record` cannot fill it for --outcome {outcome}; it fills: "
                    + ", ".join(sorted(fills)))
    return problems
