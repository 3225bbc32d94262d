"""The interview day: who meets the candidate when, laid out as blocks of time.

Every time is computed as an aware datetime: local wall-clock time for what people read, UTC for
arithmetic. Adding minutes in UTC gives real elapsed time, so a session that spans a daylight
saving change lasts as long as it says, and a 09:00 start stays 09:00 local on any date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from typing import Any, Literal

from playbook_tools.dates import clock
from playbook_tools.validation import Checker

UTC = dt.UTC
BlockKind = Literal["session", "break", "notes", "follow-up"]


@dataclasses.dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclasses.dataclass(frozen=True)
class Observer(Person):
    """Someone in the session who is not its interviewer: a new interviewer who shadows
    ("shadow"), or one who runs the session while the interviewer watches ("reverse-shadow")."""

    role: str = "shadow"


OBSERVER_ROLES = ("shadow", "reverse-shadow")
WHERE = ("on-site", "video")


@dataclasses.dataclass(frozen=True)
class Interviewer(Person):
    """The person whose scorecard counts for a session, with how the session is held."""

    areas: tuple[str, ...] = ()
    minutes: int = 0
    format: str = ""  # the interview format's id (model/formats.py)
    where: str = "on-site"  # on-site or video
    observers: tuple[Observer, ...] = ()

    @property
    def led_by(self) -> Person:
        """Who runs the session: a reverse-shadowing new interviewer, or the interviewer."""
        return next((o for o in self.observers if o.role == "reverse-shadow"), self)

    @property
    def watching(self) -> tuple[Person, ...]:
        """Everyone in the room besides the candidate and whoever runs the session."""
        lead = self.led_by
        return tuple(p for p in (self, *self.observers) if p is not lead)


@dataclasses.dataclass(frozen=True)
class Block:
    """One stretch of the day; ``start`` and ``end`` are aware datetimes in UTC."""

    kind: BlockKind
    start: dt.datetime
    end: dt.datetime
    interviewer: Interviewer | None = None


@dataclasses.dataclass(frozen=True)
class DayPlan:
    """What the candidate file says about the day, checked field by field already."""

    date: dt.date
    start: dt.time
    timezone: str
    interviewers: tuple[Interviewer, ...]
    break_minutes: int
    notes_minutes: int
    followup_minutes: int
    followup_start: dt.time | None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)


def _start_instant(read: Checker, data: Any, key: str, day: dt.date, at: dt.time,
                   tz: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A local time as a UTC instant; a time the clocks skip or repeat that day is refused."""
    local = dt.datetime.combine(day, at, tzinfo=tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        read.problem(data, key, key, f"{at:%H:%M} does not exist on {day} in {tz.key}: "
                     "the clocks go forward then; choose another time")
        return None
    if local.replace(fold=1).utcoffset() != local.utcoffset():
        read.problem(data, key, key, f"{at:%H:%M} happens twice on {day} in {tz.key}: "
                     "the clocks go back then; choose another time")
        return None
    return instant


def lay_out(c: DayPlan, read: Checker, data: Any) -> tuple[Block, ...]:
    """Sessions back to back with a break between; each interviewer's notes block right after
    their session; the follow-up session once the last notes block is over (or at
    ``followup_start``), all on the interview day."""
    tz = c.tz
    moment = _start_instant(read, data, "start", c.date, c.start, tz)
    if moment is None:
        return ()
    blocks: list[Block] = []
    raw_interviewers = data["interviewers"]
    for index, person in enumerate(c.interviewers):
        if index and c.break_minutes:
            blocks.append(Block("break", moment, moment + _mins(c.break_minutes)))
            moment += _mins(c.break_minutes)
        session = Block("session", moment, moment + _mins(person.minutes), person)
        notes = Block("notes", session.end, session.end + _mins(c.notes_minutes), person)
        blocks += [session, notes]
        moment = session.end
        field = f"interviewers[{index}].minutes"
        if not _same_day(c, session.end, read, raw_interviewers[index], "minutes", field):
            return ()
        if not _same_day(c, notes.end, read, data, "notes_minutes", "notes_minutes"):
            return ()
    last_notes = max(b.end for b in blocks if b.kind == "notes")
    follow_start = last_notes
    if c.followup_start is not None:
        chosen = _start_instant(read, data, "followup_start", c.date, c.followup_start, tz)
        if chosen is None:
            return ()
        if chosen < last_notes:
            read.problem(data, "followup_start", "followup_start",
                         f"{c.followup_start:%H:%M} is before the last notes block ends at "
                         f"{clock(c.local(last_notes))}")
            return ()
        follow_start = chosen
    follow_up = Block("follow-up", follow_start, follow_start + _mins(c.followup_minutes))
    key = "followup_start" if c.followup_start else "followup_minutes"
    if not _same_day(c, follow_up.end, read, data, key, key):
        return ()
    blocks.append(follow_up)
    return tuple(sorted(blocks, key=lambda b: (b.start, b.kind != "session")))


def _mins(minutes: int) -> dt.timedelta:
    return dt.timedelta(minutes=minutes)


def _same_day(c: DayPlan, end: dt.datetime, read: Checker, container: Any, key: str,
              field: str) -> bool:
    local = c.local(end)
    if local.date() == c.date:
        return True
    read.problem(container, key, field,
                 f"the day would run past midnight (to {clock(local)} on {local.date()}); "
                 "start earlier or shorten it")
    return False
