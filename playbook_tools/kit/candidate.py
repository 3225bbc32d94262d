"""The candidate file: read and check it, then lay out the interview day (``kit.schedule``).

Every problem is one line naming the file, the line and the field, found before any output is
made; the checks are ``validation.Checker``'s, the same as for the content and the forms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playbook_tools.dates import add_working_days
from playbook_tools.kit.schedule import Block, BlockKind, DayPlan, Interviewer, Person, lay_out
from playbook_tools.manifest import same_name
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.validation import Checker
from playbook_tools.yamlsource import load_yaml_file

DEFAULT_SCORECARD = "pairing-engineer"
REQUIRED = ("name", "email", "role", "date", "start", "location", "interviewers", "coordinator",
            "hiring_manager", "closes_loop", "confirm_by")
OPTIONAL = ("timezone", "scorecard", "session", "break_minutes", "notes_minutes",
            "followup_minutes", "followup_start", "followup_location", "outcome_by", "language",
            "extra")
# (smallest, largest) in minutes; the defaults are the figures in conf.py.
LIMITS = {"break_minutes": (0, 120), "notes_minutes": (5, 120), "followup_minutes": (15, 240)}
SESSION_MINUTES = (15, 480)


@dataclasses.dataclass(frozen=True)
class Candidate:
    source: str
    name: str
    email: str
    role: str
    date: dt.date
    start: dt.time
    timezone: str
    location: str
    scorecard: Scorecard
    session: str
    interviewers: tuple[Interviewer, ...]
    coordinator: Person
    hiring_manager: Person
    closes_loop: Person
    confirm_by: dt.date  # the candidate confirms the day by then
    outcome_by: dt.date  # the candidate hears the outcome by then
    break_minutes: int
    notes_minutes: int
    followup_minutes: int
    followup_start: dt.time | None
    followup_location: str
    language: str = "en"
    extra: dict[str, str] = dataclasses.field(default_factory=dict)
    blocks: tuple[Block, ...] = ()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)

    def of_kind(self, kind: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    @property
    def follow_up(self) -> Block:
        return self.of_kind("follow-up")[0]

    @property
    def candidate_end(self) -> dt.datetime:
        return self.of_kind("session")[-1].end

    def people(self) -> list[Person]:
        return [*self.interviewers, self.hiring_manager, self.coordinator]


def load_candidate(path: Path, playbook: Playbook) -> Candidate:
    """Read and check a candidate file; every problem is one line naming the file and field."""
    display = str(path)
    data = load_yaml_file(path, display, "candidate file")
    read = Checker(display)
    if not read.fields(data, "", REQUIRED, OPTIONAL) and not isinstance(data, dict):
        read.raise_if_any()
    config = playbook.config
    scorecard = _scorecard(read, data, playbook)
    date = read.date(data, "date", "")
    confirm_by = read.date(data, "confirm_by", "")
    outcome_by = read.date(data, "outcome_by", "")
    if date and confirm_by and confirm_by > date:
        read.problem(data, "confirm_by", "confirm_by", f"{confirm_by} is after the interview "
                     f"day {date}; ask the candidate to confirm before it")
    if date and outcome_by and outcome_by < date:
        read.problem(data, "outcome_by", "outcome_by",
                     f"{outcome_by} is before the interview day {date}")
    hiring_manager = _person(read, data, "hiring_manager")
    coordinator = _person(read, data, "coordinator")
    interviewers = _interviewers(read, data, scorecard, config.session_minutes)
    closes_loop = _closes_loop(read, data, [hiring_manager, coordinator, *interviewers])

    def text(key: str, default: str = "") -> str:
        return read.name(data, key, "") if key in data else default

    values: dict[str, Any] = dict(
        source=display, name=text("name"), email=read.email(data, "email", ""),
        role=text("role"), date=date, start=read.time(data, "start", ""),
        timezone=read.timezone(data, "timezone", "", config.timezone),
        location=read.text(data, "location", "", limit=500), scorecard=scorecard,
        session=text("session", scorecard.title if scorecard else ""),
        interviewers=interviewers, coordinator=coordinator, hiring_manager=hiring_manager,
        closes_loop=closes_loop, confirm_by=confirm_by,
        outcome_by=outcome_by or add_working_days(date or dt.date.min, config.reply_days),
        followup_start=read.time(data, "followup_start", ""),
        followup_location=text("followup_location"),
        # The languages the handbook is written in are the ones the kit can write to them in.
        language=(read.choice(data, "language", "", config.languages) if "language" in data
                  else config.languages[0]),
        extra=_extra(read, data),
        **{key: read.minutes(data, key, "", getattr(config, key), *limits)
           for key, limits in LIMITS.items()},
    )
    read.raise_if_any()  # so every value below is present and valid
    candidate = Candidate(**values)
    plan = DayPlan(candidate.date, candidate.start, candidate.timezone, candidate.interviewers,
                   candidate.break_minutes, candidate.notes_minutes, candidate.followup_minutes,
                   candidate.followup_start)
    candidate = dataclasses.replace(candidate, blocks=lay_out(plan, read, data))
    read.raise_if_any()
    return candidate


def _person(read: Checker, data: Any, key: str) -> Person:
    if key not in data:
        return Person("", "")
    entry = data.get(key)
    read.fields(entry, key, ("name", "email"))
    if not isinstance(entry, dict):
        return Person("", "")
    # The name is read even when the address is missing: closes_loop still finds the person.
    return Person(read.name(entry, "name", key), read.email(entry, "email", key))


def _extra(read: Checker, data: Any) -> dict[str, str]:
    """Values for variables a fork adds to the kit's emails (``extra:`` in the file)."""
    raw = data.get("extra")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        read.problem(data, "extra", "extra", "expected a mapping of variable names to text")
        return {}
    return {str(key): read.text(raw, key, "extra", limit=2000) for key in raw}


def _scorecard(read: Checker, data: Any, playbook: Playbook) -> Scorecard | None:
    card_id = str(data.get("scorecard", DEFAULT_SCORECARD))
    card = playbook.artifacts.get(card_id)
    if isinstance(card, Scorecard):
        return card
    cards = ", ".join(a.id for a in playbook.of_kind("scorecard"))
    read.problem(data, "scorecard", "scorecard", f"{card_id!r} is not a scorecard; "
                 f"the playbook has: {cards}")
    return None


def _interviewers(read: Checker, data: Any, card: Scorecard | None,
                  default_minutes: int) -> tuple[Interviewer, ...]:
    raw = data.get("interviewers")
    if "interviewers" not in data:
        return ()
    if not isinstance(raw, list) or not raw:
        read.problem(data, "interviewers", "interviewers",
                     "expected a list of interviewers, each with name, email, areas and minutes")
        return ()
    valid = ", ".join(a.id for a in card.areas) if card else ""
    found: list[Interviewer] = []
    for index, entry in enumerate(raw):
        where = f"interviewers[{index}]"
        if not read.fields(entry, where, ("name", "email", "areas"), ("minutes",)):
            continue
        name = read.name(entry, "name", where)
        address = read.email(entry, "email", where)
        for other in found:
            if name and same_name(other.name, name):
                read.problem(entry, "name", f"{where}.name", f"{name!r} is listed twice")
            elif address and other.email.lower() == address.lower():
                read.problem(entry, "email", f"{where}.email", f"{address!r} is listed twice")
        areas = entry.get("areas")
        if not isinstance(areas, list) or not areas:
            read.problem(entry, "areas", f"{where}.areas",
                         f"give at least one area of the scorecard: {valid}")
            areas = []
        for number, area in enumerate(areas):
            if not isinstance(area, str):
                read.problem(areas, number, f"{where}.areas[{number}]",
                             f"expected an area id of the scorecard: {valid}")
            elif card and card.area(area) is None:
                read.problem(areas, number, f"{where}.areas[{number}]",
                             f"unknown area {area!r}; the scorecard '{card.id}' has: {valid}")
            elif areas.index(area) != number:
                read.problem(areas, number, f"{where}.areas[{number}]", f"{area!r} is listed twice")
        minutes = read.minutes(entry, "minutes", where, default_minutes, *SESSION_MINUTES)
        found.append(Interviewer(name, address, tuple(str(a) for a in areas), minutes))
    if card and not read.problems:
        covered = {a for i in found for a in i.areas}
        for area in card.areas:
            if area.id not in covered:
                read.problem(data, "interviewers", "interviewers",
                             f"nobody covers the area '{area.id}'; every area of the scorecard "
                             "needs at least one interviewer")
    return tuple(found)


def _closes_loop(read: Checker, data: Any, people: Sequence[Person]) -> Person:
    if "closes_loop" not in data:
        return Person("", "")
    name = read.name(data, "closes_loop", "")
    match = next((p for p in people if p.name and same_name(p.name, name)), None)
    if name and match is None and all(p.name for p in people):  # else a name is wrong above
        names = ", ".join(dict.fromkeys(p.name for p in people if p.name))
        read.problem(data, "closes_loop", "closes_loop",
                     f"{name!r} must be the hiring manager, the coordinator or an interviewer: "
                     f"{names}")
    return match or Person(name, "")
