"""iCalendar (.ics) files, written with the ``icalendar`` library.

Times keep their IANA time zone (a TZID on each DTSTART and DTEND, with a VTIMEZONE for it), so
a calendar shows 09:00 as 09:00 local even on a daylight saving change day, and an attendee in
another zone sees the right time in theirs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence

import icalendar

PRODID = "-//Interview Playbook//playbook kit//EN"
# A fixed namespace makes UIDs stable: rebuilding a kit with --force updates the events in a
# calendar that imported the first version instead of adding a second copy of each.
_UID_NAMESPACE = uuid.UUID("6f1c8e52-3a0b-4b9e-9d3e-6a1f2c7b5e10")


@dataclasses.dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    role: str = "REQ-PARTICIPANT"  # CHAIR, REQ-PARTICIPANT or OPT-PARTICIPANT (RFC 5545)


@dataclasses.dataclass(frozen=True)
class CalendarEvent:
    key: str  # unique within the calendar and stable between builds; hashed into the UID
    summary: str
    start: dt.datetime  # aware, in the zone the calendar should show
    end: dt.datetime
    description: str = ""
    location: str = ""
    attendees: tuple[Attendee, ...] = ()


def _address(person: Attendee | tuple[str, str], role: str | None = None) -> icalendar.vCalAddress:
    name, email = (person.name, person.email) if isinstance(person, Attendee) else person
    if role is None:
        return icalendar.vCalAddress.new(email, cn=name)
    return icalendar.vCalAddress.new(email, cn=name, role=role, partstat="NEEDS-ACTION",
                                     rsvp=True, cutype="INDIVIDUAL")


def _unambiguous(moment: dt.datetime) -> dt.datetime:
    """The time as written, unless it is the second of two equal wall-clock times.

    On the night the clocks go back, 01:30 happens twice, and RFC 5545 reads a TZID time as the
    first of them. The second can only be written in UTC, so it is.
    """
    if moment.fold and moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(dt.UTC)
    return moment


def build_calendar(events: Sequence[CalendarEvent], name: str,
                   organizer: tuple[str, str] | None = None,
                   stamp: dt.datetime | None = None) -> bytes:
    """One VCALENDAR with a VEVENT per event and a VTIMEZONE for every zone they use."""
    for event in events:
        if event.start.tzinfo is None or event.end.tzinfo is None:
            raise ValueError(f"event {event.key!r}: times must be aware datetimes")
        if event.end <= event.start:
            raise ValueError(f"event {event.key!r}: ends before it starts")
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, method="PUBLISH",
                                      calscale="GREGORIAN")
    stamp = stamp or dt.datetime.now(dt.UTC)
    for event in events:
        attendees = []
        seen: set[str] = set()
        for person in event.attendees:
            if person.email.lower() not in seen:  # the same person twice confuses clients
                seen.add(person.email.lower())
                attendees.append(_address(person, person.role))
        component = icalendar.Event.new(
            uid=str(uuid.uuid5(_UID_NAMESPACE, event.key)),
            summary=event.summary, start=_unambiguous(event.start),
            end=_unambiguous(event.end), stamp=stamp,
            description=event.description or None, location=event.location or None,
            organizer=_address(organizer) if organizer else None,
            attendees=attendees or None, sequence=0, status=icalendar.STATUS.CONFIRMED,
            transparency=icalendar.TRANSP.OPAQUE,
        )
        calendar.add_component(component)
    if events:
        first = min(e.start for e in events).date()
        last = max(e.end for e in events).date()
        # Only the transitions around the day: a complete history would be a long file.
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                       last_date=last + dt.timedelta(days=366))
    data: bytes = calendar.to_ical()
    return data
