"""iCalendar (.ics) files and iTIP invitations (RFC 5545, RFC 5546), written with ``icalendar``.

Times keep their IANA time zone (a TZID on each DTSTART and DTEND, with a VTIMEZONE for it), so
a calendar shows 09:00 as 09:00 local even on a daylight saving change day, and an attendee in
another zone sees the right time in theirs.

Three methods: ``PUBLISH`` for a file someone imports into their own calendar (schedule.ics),
``REQUEST`` for an invitation that mail programs offer to accept, and ``CANCEL`` to take an
event back. An invitation and its updates share the UID; a higher SEQUENCE says "this replaces
what you have". A REQUEST or CANCEL carries exactly one event: RFC 5546 allows several
components in one iTIP message only for one UID, Outlook acts on the first VEVENT only, and a
CalDAV server refuses the rest (issue 20).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence
from email.message import EmailMessage
from typing import Literal

import icalendar

from playbook_tools.render import email_check
from playbook_tools.render.email import body_part

PRODID = "-//Interview Playbook//playbook kit//EN"
# A fixed namespace makes UIDs stable: rebuilding a kit with --force updates the events in a
# calendar that imported the first version instead of adding a second copy of each.
_UID_NAMESPACE = uuid.UUID("6f1c8e52-3a0b-4b9e-9d3e-6a1f2c7b5e10")
Method = Literal["PUBLISH", "REQUEST", "CANCEL"]
METHODS: tuple[Method, ...] = ("PUBLISH", "REQUEST", "CANCEL")


def event_uid(key: str) -> str:
    """The UID for an event named by ``key``: the same key gives the same UID, every build."""
    return str(uuid.uuid5(_UID_NAMESPACE, key))


@dataclasses.dataclass(frozen=True)
class Attendee:
    name: str
    email: str
    role: str = "REQ-PARTICIPANT"  # CHAIR, REQ-PARTICIPANT or OPT-PARTICIPANT (RFC 5545)


@dataclasses.dataclass(frozen=True)
class Organizer:
    """Who sends the invitations and receives the replies: the e-mail's From address.

    ``sent_by`` is the person who sends on the organizer's behalf (the e-mail's Sender), so a
    mail program shows "Lena Sato on behalf of Example Co Hiring" and replies still reach the
    organizer (RFC 5545, 3.2.18 SENT-BY).
    """

    name: str
    email: str
    sent_by: str = ""


@dataclasses.dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable between builds (``event_uid``): an update replaces, never duplicates
    summary: str
    start: dt.datetime | dt.date  # aware datetimes, or dates for an all-day event
    end: dt.datetime | dt.date  # an all-day event ends on the day after its last day
    description: str = ""
    location: str = ""
    attendees: tuple[Attendee, ...] = ()
    sequence: int = 0  # raised on every update of the same UID (RFC 5546, 2.1.4)
    alarm: dt.timedelta | None = None  # a reminder this long after the start

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


def _address(person: Attendee | Organizer, role: str | None = None,
             rsvp: bool = True) -> icalendar.vCalAddress:
    name, email = person.name, person.email
    if isinstance(person, Organizer):
        sent_by = person.sent_by if person.sent_by.lower() != email.lower() else ""
        return icalendar.vCalAddress.new(email, cn=name,
                                         sent_by=f"mailto:{sent_by}" if sent_by else None)
    return icalendar.vCalAddress.new(email, cn=name, role=role, partstat="NEEDS-ACTION",
                                     rsvp=rsvp, cutype="INDIVIDUAL")


def _unambiguous(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
    """The time as written, unless it is the second of two equal wall-clock times.

    On the night the clocks go back, 01:30 happens twice, and RFC 5545 reads a TZID time as the
    first of them. The second can only be written in UTC, so it is.
    """
    if not isinstance(moment, dt.datetime):
        return moment
    if moment.fold and moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(dt.UTC)
    return moment


def _check(event: CalendarEvent) -> None:
    start, end = event.start, event.end
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        raise ValueError(f"event {event.uid!r}: starts and ends must both be dates or times")
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError(f"event {event.uid!r}: times must be aware datetimes")
        ends_before = end <= start
    else:
        ends_before = end <= start
    if ends_before:
        raise ValueError(f"event {event.uid!r}: ends before it starts")


def _component(event: CalendarEvent, method: Method, stamp: dt.datetime,
               organizer: Organizer | None) -> icalendar.Event:
    cancelled = method == "CANCEL"
    attendees = []
    seen: set[str] = set()
    for person in event.attendees:
        if person.email.lower() not in seen:  # the same person twice confuses clients
            seen.add(person.email.lower())
            attendees.append(_address(person, person.role, rsvp=not cancelled))
    component = icalendar.Event.new(
        uid=event.uid, summary=event.summary, start=_unambiguous(event.start),
        end=_unambiguous(event.end), stamp=stamp,
        description=event.description or None, location=event.location or None,
        organizer=_address(organizer) if organizer else None,
        attendees=attendees or None, sequence=event.sequence,
        status=icalendar.STATUS.CANCELLED if cancelled else icalendar.STATUS.CONFIRMED,
        transparency=icalendar.TRANSP.TRANSPARENT if event.all_day else icalendar.TRANSP.OPAQUE,
    )
    if event.alarm is not None and not cancelled:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", event.alarm, parameters={"RELATED": "START"})
        component.add_component(alarm)
    return component


def build_calendar(events: Sequence[CalendarEvent], name: str,
                   organizer: Organizer | None = None,
                   stamp: dt.datetime | None = None, method: Method = "PUBLISH",
                   description: str = "") -> bytes:
    """One VCALENDAR with a VEVENT per event and a VTIMEZONE for every zone they use.

    ``REQUEST`` and ``CANCEL`` are iTIP messages: they carry one event, need an organizer, and
    the event an attendee (RFC 5546, 3.2.2 and 3.2.5). A cancelled event keeps its UID, says
    ``STATUS:CANCELLED`` and carries a SEQUENCE above the one it was last sent with. ``name``
    and ``description`` say what a file to import is (X-WR-CALNAME, X-WR-CALDESC).
    """
    for event in events:
        _check(event)
        if method != "PUBLISH" and not event.attendees:
            raise ValueError(f"event {event.uid!r}: an invitation needs attendees")
    if method != "PUBLISH" and organizer is None:
        raise ValueError(f"{method}: an invitation needs an organizer")
    if method != "PUBLISH" and len({e.uid for e in events}) != 1:
        raise ValueError(f"{method}: an iTIP message carries exactly one event (RFC 5546), "
                         f"not {len({e.uid for e in events})}")
    calendar = icalendar.Calendar.new(prodid=PRODID, name=name, method=method,
                                      calscale="GREGORIAN", description=description or None)
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_component(event, method, stamp, organizer))
    timed = [(e.start, e.end) for e in events
             if isinstance(e.start, dt.datetime) and isinstance(e.end, dt.datetime)]
    if timed:
        first = min(start for start, _ in timed).date()
        last = max(end for _, end in timed).date()
        # Only the transitions around the day: a complete history would be a long file.
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                       last_date=last + dt.timedelta(days=366))
    data: bytes = calendar.to_ical()
    # Read back: no component, attendee or property a value could add (issue 19).
    email_check.check_calendar(data, events, alarms=0 if method == "CANCEL" else sum(
        1 for e in events if e.alarm is not None))
    return data


# Mail programs look for the invitation inline (RFC 6047: text/calendar with the method); a
# copy as an attachment survives "Edit as New Message" and drafts in programs that rebuild the
# message, and webmail users attach the same file by hand.
INVITE_FILE = "invite.ics"


def attach_calendar(message: EmailMessage, data: bytes, method: Method) -> None:
    """Add ``data`` to ``message`` as its iTIP part and as an ``invite.ics`` attachment.

    Both are the same iTIP message (one UID), so a program that reads either acts the same. The
    parts are encoded with 76-character lines (RFC 2045), as the text is (``body_part``).
    """
    text = data.decode("utf-8")
    message.make_alternative()
    message.attach(body_part(text, subtype="calendar", charset="utf-8",
                             cte="quoted-printable", params={"method": method}))
    message.make_mixed()
    message.attach(body_part(data, maintype="application", subtype="ics",
                             filename=INVITE_FILE, params={"method": method}))
