"""The candidate file: read and check it, then lay out the interview day (``kit.schedule``).

Every problem is one line naming the file, the line and the field, found before any output is
made; the checks are ``validation.Checker``'s, the same as for the content and the forms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playbook_tools.dates import add_working_days
from playbook_tools.kit.schedule import (
    OBSERVER_ROLES,
    WHERE,
    Block,
    BlockKind,
    DayPlan,
    Interviewer,
    Observer,
    Person,
    lay_out,
)
from playbook_tools.manifest import same_name
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.model.formats import DEFAULT_FORMAT, InterviewFormat
from playbook_tools.validation import Checker
from playbook_tools.yamlsource import load_yaml_file

REQUIRED = ("name", "email", "role", "date", "start", "location", "interviewers", "coordinator",
            "hiring_manager", "closes_loop", "confirm_by")
OPTIONAL = ("timezone", "format", "scorecard", "session", "break_minutes", "notes_minutes",
            "followup_minutes", "followup_start", "followup_location", "outcome_by", "language",
            "where", "video_link", "phone", "stack", "laptop", "ai_assistants", "extra")
SESSION_FIELDS = ("minutes", "format", "where", "observers")
LAPTOPS = ("ours", "own")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,30}$")
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
    # The day's format, and every format a session uses, by id (model/formats.py).
    format: str = DEFAULT_FORMAT
    formats: dict[str, InterviewFormat] = dataclasses.field(default_factory=dict)
    phone: str = ""  # a number the candidate can call or text on the day
    video_link: str = ""  # the one video room of the day's video sessions
    stack: str = ""  # the programming language and tools the candidate works with
    laptop: str = "ours"  # on site: our laptop, or the candidate's own
    ai_assistants: str = ""  # the policy told to the candidate, when not the format's

    def format_of(self, who: Interviewer) -> InterviewFormat:
        return self.formats[who.format or self.format]

    def session_of(self, who: Interviewer) -> str:
        """What the session is called: the file's ``session`` or the format's name."""
        return self.session or self.format_of(who).session

    def location_of(self, who: Interviewer) -> str:
        return self.video_link if who.where == "video" else self.location

    def checklists_for(self, who: Interviewer) -> tuple[str, ...]:
        return self.format_of(who).checklists

    @property
    def checklists(self) -> tuple[str, ...]:
        """Every checklist any interviewer of the day prints, each once, in order."""
        return tuple(dict.fromkeys(c for who in self.interviewers
                                   for c in self.checklists_for(who)))

    @property
    def day_formats(self) -> list[InterviewFormat]:
        """The formats of the day's sessions, each once, in the order the candidate meets them."""
        return [self.formats[f] for f in dict.fromkeys(i.format or self.format
                                                       for i in self.interviewers)]

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
    day_format = _day_format(read, data, playbook)
    scorecard = _scorecard(read, data, playbook, day_format)
    date = read.date(data, "date", "")
    confirm_by = read.date(data, "confirm_by", "")
    outcome_by = read.date(data, "outcome_by", "")
    if date and confirm_by and confirm_by > date:
        read.problem(data, "confirm_by", "confirm_by", f"{confirm_by} is after the interview "
                     f"day {date}; ask the candidate to confirm before it")
    if date and outcome_by and outcome_by < date:
        read.problem(data, "outcome_by", "outcome_by",
                     f"{outcome_by} is before the interview day {date}")
    elif date and outcome_by and outcome_by > add_working_days(date, config.reply_days):
        # The outcome date is a promise, never later than playbook_reply_days (review C7).
        read.problem(data, "outcome_by", "outcome_by",
                     f"{outcome_by} is more than {config.reply_days} working days after the "
                     f"interview day {date}; the latest is "
                     f"{add_working_days(date, config.reply_days)} (playbook_reply_days)")
    hiring_manager = _person(read, data, "hiring_manager")
    coordinator = _person(read, data, "coordinator")
    interviewers = _interviewers(read, data, scorecard, playbook, day_format)
    where = read.choice(data, "where", "", WHERE) if "where" in data else "on-site"
    closes_loop = _closes_loop(read, data, [hiring_manager, coordinator, *interviewers])

    def text(key: str, default: str = "") -> str:
        return read.name(data, key, "") if key in data else default

    values: dict[str, Any] = dict(
        source=display, name=text("name"), email=read.email(data, "email", ""),
        role=text("role"), date=date, start=read.time(data, "start", ""),
        timezone=read.timezone(data, "timezone", "", config.timezone),
        location=read.text(data, "location", "", limit=500), scorecard=scorecard,
        session=text("session"), format=day_format.id if day_format else DEFAULT_FORMAT,
        formats=playbook.formats, phone=_phone(read, data), stack=text("stack"),
        video_link=_video_link(read, data, interviewers, where),
        laptop=read.choice(data, "laptop", "", LAPTOPS) if "laptop" in data else "ours",
        ai_assistants=read.text(data, "ai_assistants", "", limit=500)
        if "ai_assistants" in data else "",
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


def _day_format(read: Checker, data: Any, playbook: Playbook) -> InterviewFormat | None:
    """The format of every session that names none: ``format``, else the first whose scorecard
    is the file's ``scorecard``, else the default."""
    formats = playbook.formats
    if "format" in data:
        chosen = formats.get(str(data["format"]))
        if chosen is None:
            read.problem(data, "format", "format", f"{data['format']!r} is not an interview "
                         f"format; the formats are: {', '.join(formats)}")
        return chosen
    if "scorecard" in data:
        return next((f for f in formats.values() if f.scorecard == data["scorecard"]),
                    formats.get(DEFAULT_FORMAT))
    return formats.get(DEFAULT_FORMAT)


def _scorecard(read: Checker, data: Any, playbook: Playbook,
               day_format: InterviewFormat | None) -> Scorecard | None:
    card_id = str(data.get("scorecard", day_format.scorecard if day_format else ""))
    card = playbook.artifacts.get(card_id)
    if not isinstance(card, Scorecard):
        cards = ", ".join(a.id for a in playbook.of_kind("scorecard"))
        read.problem(data, "scorecard", "scorecard", f"{card_id!r} is not a scorecard; "
                     f"the playbook has: {cards}")
        return None
    if day_format and card_id != day_format.scorecard:
        read.problem(data, "scorecard", "scorecard", f"{card_id!r} is not the scorecard of the "
                     f"format '{day_format.id}' ({day_format.scorecard}); leave scorecard out, "
                     "the format names it")
        return None
    return card


def _phone(read: Checker, data: Any) -> str:
    if "phone" not in data:
        return ""
    value = read.text(data, "phone", "", one_line=True, limit=40)
    if value and not PHONE.match(value):
        read.problem(data, "phone", "phone", f"{value!r} is not a phone number; write it as "
                     "the candidate dials it, such as '+49 40 1234 5678'")
    return value


def _video_link(read: Checker, data: Any, interviewers: Sequence[Interviewer],
                where: str) -> str:
    link = read.text(data, "video_link", "", one_line=True, limit=500) \
        if "video_link" in data else ""
    if link and not link.startswith("https://"):
        read.problem(data, "video_link", "video_link", f"{link!r} is not a link; give the "
                     "video room's address, starting with https://")
    if not link and (where == "video" or any(i.where == "video" for i in interviewers)):
        read.problem(data, "video_link", "video_link", "is missing; a session is on video "
                     "(where: video), so give the one video room's link for the day")
    return link


def _interviewers(read: Checker, data: Any, card: Scorecard | None, playbook: Playbook,
                  day_format: InterviewFormat | None) -> tuple[Interviewer, ...]:
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
        if not read.fields(entry, where, ("name", "email", "areas"), SESSION_FIELDS):
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
        # An interviewer's areas are kept in the scorecard's order, the one order every
        # output (README, kit page, schedule, forms) lists them in.
        order = [a.id for a in card.areas] if card else []
        ids = sorted((str(a) for a in areas),
                     key=lambda a: order.index(a) if a in order else len(order))
        found.append(_session(read, data, entry, where, playbook, day_format,
                              Interviewer(name, address, tuple(ids))))
    if card and not read.problems:
        covered = {a for i in found for a in i.areas}
        for area in card.areas:
            if area.id not in covered:
                read.problem(data, "interviewers", "interviewers",
                             f"nobody covers the area '{area.id}'; every area of the scorecard "
                             "needs at least one interviewer")
    return tuple(found)


def _session(read: Checker, data: Any, entry: Any, where: str, playbook: Playbook,
             day_format: InterviewFormat | None, who: Interviewer) -> Interviewer:
    """A session's format, length, place and observers, read from its interviewer's entry."""
    fmt = day_format
    if "format" in entry:
        fmt = playbook.formats.get(str(entry["format"]))
        if fmt is None:
            read.problem(entry, "format", f"{where}.format", f"{entry['format']!r} is not an "
                         f"interview format; the formats are: {', '.join(playbook.formats)}")
        elif day_format and fmt.scorecard != day_format.scorecard:
            read.problem(entry, "format", f"{where}.format", f"the format '{fmt.id}' uses the "
                         f"scorecard '{fmt.scorecard}', the day's '{day_format.scorecard}'; one "
                         "day has one scorecard, so give this session a format that uses it")
    default_where = str(data.get("where", "on-site"))
    place = read.choice(entry, "where", where, WHERE) if "where" in entry else default_where
    minutes = read.minutes(entry, "minutes", where, fmt.minutes if fmt else 0,
                           *SESSION_MINUTES)
    return dataclasses.replace(who, minutes=minutes, format=fmt.id if fmt else "",
                               where=place, observers=_observers(read, entry, where, who))


def _observers(read: Checker, entry: Any, where: str, who: Person) -> tuple[Observer, ...]:
    raw = entry.get("observers")
    if raw is None:
        return ()
    field = f"{where}.observers"
    if not isinstance(raw, list):
        read.problem(entry, "observers", field, "expected a list of observers, each with "
                     "name, email and role (" + " or ".join(OBSERVER_ROLES) + ")")
        return ()
    found: list[Observer] = []
    for index, item in enumerate(raw):
        at = f"{field}[{index}]"
        if not read.fields(item, at, ("name", "email", "role")):
            continue
        person = Observer(read.name(item, "name", at), read.email(item, "email", at),
                          read.choice(item, "role", at, OBSERVER_ROLES))
        if person.name and any(same_name(person.name, p.name) for p in (who, *found)):
            read.problem(item, "name", f"{at}.name", f"{person.name!r} is already in this "
                         "session")
        found.append(person)
    if sum(1 for o in found if o.role == "reverse-shadow") > 1:
        read.problem(entry, "observers", field, "only one person can run a session: give "
                     "role reverse-shadow to one observer at most")
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
