"""The rules the kit's e-mails and invitations are checked against, written out for the tests
(issue 20). Outlook, Apple Mail and Thunderbird cannot run here; these are the published rules
they follow:

- RFC 5546 (iTIP), 3.2.2 REQUEST and 3.2.5 CANCEL: what each VEVENT must and must not carry,
  and one UID per iTIP message (Outlook acts on the first VEVENT of a REQUEST only).
- RFC 6047 (iMIP): the text/calendar part's ``method`` parameter is the calendar's METHOD; the
  organizer is the address the message comes from (or SENT-BY names its Sender).
- RFC 2045: encoded body lines (quoted-printable, base64) of at most 76 characters.
- RFC 5322: header lines of at most 998 characters, folded lines that start with white space,
  one Date and one From, at most one To, Subject, Sender and Message-ID.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar

from tests.conftest import REPO as ROOT
from tests.helpers import calendar_parts, parse_eml

# ------------------------------------------------------------------------------------------
# RFC 5546


def _values(component: icalendar.cal.Component, name: str) -> list[Any]:
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def mail_of(address: Any) -> str:
    return str(address).lower().removeprefix("mailto:")


def check_itip(data: bytes, method: str) -> icalendar.Event:
    """One iTIP message as RFC 5546 asks for ``method``; returns its one VEVENT."""
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    assert calendar["METHOD"] == method
    kinds = {c.name for c in calendar.subcomponents}
    assert kinds <= {"VEVENT", "VTIMEZONE"}, kinds
    events = list(calendar.events)
    assert len(events) == 1, "an iTIP message carries one event (one UID)"
    (event,) = events
    zones = {str(z["TZID"]) for z in calendar.walk("VTIMEZONE")}
    for name in ("DTSTART", "DTEND"):
        if name in event and "TZID" in event[name].params:
            assert event[name].params["TZID"] in zones, "every TZID has its VTIMEZONE"
    for name in ("UID", "DTSTAMP", "ORGANIZER", "SEQUENCE"):
        assert len(_values(event, name)) == 1, name
    assert event["DTSTAMP"].dt.utcoffset().total_seconds() == 0  # a UTC time stamp
    assert _values(event, "ATTENDEE"), "an invitation and a cancellation name attendees"
    assert "RECURRENCE-ID" not in event and "RRULE" not in event
    if method == "REQUEST":
        for name in ("DTSTART", "SUMMARY"):
            assert len(_values(event, name)) == 1, name
        assert not ("DTEND" in event and "DURATION" in event)
        assert event.end > event.start
        assert str(event.get("STATUS", "CONFIRMED")) in ("TENTATIVE", "CONFIRMED")
        for attendee in _values(event, "ATTENDEE"):
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == "TRUE"
    else:
        assert str(event.get("STATUS", "CANCELLED")) == "CANCELLED"
        assert not event.walk("VALARM")
    return event


def attendees_of(event: icalendar.Event) -> set[str]:
    return {mail_of(a) for a in _values(event, "ATTENDEE")}


def check_imip(message: EmailMessage) -> tuple[str, icalendar.Event, bytes] | None:
    """RFC 6047 for an e-mail: at most one iTIP message (inline, with the same object as the
    invite.ics attachment), sent from its organizer, to its attendees only."""
    parts = calendar_parts(message)
    if not parts:
        return None
    inline = [p for p in parts if p[0] == "text/calendar"]
    assert len(inline) == 1, "one text/calendar part per message"
    _, method, data = inline[0]
    for _, other_method, other in parts:
        assert other_method == method and other.replace(b"\r\n", b"\n") == data
    event = check_itip(data, method)
    organizer = event["ORGANIZER"]
    assert mail_of(organizer) == message["From"].addresses[0].addr_spec.lower()
    sender = message["Sender"]
    if sender is not None:
        assert organizer.params["SENT-BY"].lower() == \
            f"mailto:{sender.addresses[0].addr_spec.lower()}"
    to = {a.addr_spec.lower() for a in message["To"].addresses}
    assert to == attendees_of(event), "sent to the event's attendees, and only them"
    return method, event, data


# ------------------------------------------------------------------------------------------
# RFC 5322 and RFC 2045

_NAME = re.compile(rb"^[!-9;-~]+:")
ONCE = ("date", "from")
AT_MOST_ONCE = ("to", "subject", "sender", "message-id", "mime-version")


def mime_problems(raw: bytes) -> list[str]:
    """What in ``raw`` breaks RFC 5322's header rules or RFC 2045's line lengths."""
    problems = []
    text = raw.replace(b"\r\n", b"\n")
    if b"\r" in text:
        problems.append("a bare CR")
    head, _, _ = text.partition(b"\n\n")
    names = []
    for line in head.split(b"\n"):
        if len(line) > 998:
            problems.append(f"a header line of {len(line)} characters")
        if line[:1] in (b" ", b"\t"):
            continue
        match = _NAME.match(line)
        if match is None:
            problems.append(f"not a header line: {line[:40]!r}")
        else:
            names.append(match.group(0)[:-1].decode().lower())
    for name in ONCE:
        if names.count(name) != 1:
            problems.append(f"{names.count(name)} {name} headers")
    for name in AT_MOST_ONCE:
        if names.count(name) > 1:
            problems.append(f"{names.count(name)} {name} headers")
    message = parse_eml_bytes(raw)
    for part in message.walk():
        if part.is_multipart():
            continue
        encoding = str(part.get("Content-Transfer-Encoding", "7bit")).lower()
        limit = 76 if encoding in ("quoted-printable", "base64") else 998
        payload = part.get_payload(decode=False)
        assert isinstance(payload, str)
        longest = max((len(line) for line in payload.splitlines()), default=0)
        if longest > limit:
            problems.append(f"a {encoding} line of {longest} characters "
                            f"({part.get_content_type()})")
    return problems


def parse_eml_bytes(raw: bytes) -> EmailMessage:
    import email
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


# ------------------------------------------------------------------------------------------
# A second parser: mailparser in Node

MAILPARSER = ROOT / "tests" / "mailparse.mjs"


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "mailparser").is_dir()


def parse_with_mailparser(paths: list[Path]) -> list[dict[str, Any]]:
    """Each file as npm mailparser reads it: headers, text and attachments."""
    done = subprocess.run(["node", str(MAILPARSER), *map(str, paths)], capture_output=True,
                          text=True, check=True, cwd=ROOT, timeout=120)
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def as_python_reads(path: Path) -> dict[str, Any]:
    """The same fields as ``mailparse.mjs`` gives, from Python's e-mail package."""
    message = parse_eml(path)
    body = message.get_body(("plain",))
    assert body is not None
    calendars = [(kind, method, data.replace(b"\r\n", b"\n").decode())
                 for kind, method, data in calendar_parts(message)]
    return {
        "subject": str(message["Subject"]),
        "from": [a.addr_spec for a in message["From"].addresses],
        "sender": [a.addr_spec for a in message["Sender"].addresses]
        if message["Sender"] else [],
        "to": [a.addr_spec for a in message["To"].addresses],
        "text": body.get_content().replace("\r\n", "\n").rstrip("\n"),
        "calendars": sorted(calendars),
    }
