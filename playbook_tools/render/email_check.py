"""Every message, calendar and kit page is read back after it is made: nothing is injected.

Values come from people (candidate files, ``--set``, a merge's CSV), so text crafted against a
mail or calendar program must not become a header, a property or a tag. Python releases without
the fix for CVE-2024-6923 (3.11.7 among them; the fix came in 3.12.5, 3.11.10, 3.10.15,
3.9.20 and 3.8.20) fold an RFC 2047 encoded word back into a real line break when a header is
written: ``=?utf-8?q?=0D=0ABcc=3A_x=40y?=`` holds no control character, yet becomes a ``Bcc:``
line. The tool does not rely on that fix. Encoded words are refused where values come in
(``validation.has_encoded_word``), and whatever is made is parsed back here and compared with
what the tool meant to write; a difference stops the command with one line.
"""

from __future__ import annotations

import email.errors
import email.policy
import re
from collections.abc import Mapping, Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from html.parser import HTMLParser
from typing import Any, Protocol

from playbook_tools.errors import PlaybookError
from playbook_tools.validation import has_encoded_word

_READER = BytesHeaderParser(policy=email.policy.default)
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):")
PREVIEW = 60  # characters of a value an error line shows, at most


def preview(value: str) -> str:
    """A value as an error line may echo it: its start, never a megabyte."""
    text = value if len(value) <= PREVIEW else value[:PREVIEW] + "…"
    return repr(text)


def refuse_encoded_words(values: Mapping[str, str], source: str) -> None:
    """One line naming the file and the field of the first value that holds an encoded word."""
    for name, value in values.items():
        if has_encoded_word(str(value)):
            where = f"{source}: " if source else ""
            raise PlaybookError(
                f"{where}field '{name}': {preview(str(value))} holds an encoded word "
                "(=?charset?q?…?=), which mail programs decode into header text; "
                "write the text itself")


def _header_names(data: bytes) -> list[str]:
    """The header names of the raw header block, line by line, as a strict reader sees them."""
    block = data.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    names = []
    for line in block.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            continue  # a folded continuation of the header above
        match = _HEADER_LINE.match(line)
        if match is None:
            raise ValueError(f"a line that is not a header: {line[:PREVIEW]!r}")
        names.append(match.group(1).decode("ascii").lower())
    return names


def _addresses(value: Any) -> list[tuple[str, str]]:
    return [(a.display_name, a.addr_spec) for a in getattr(value, "addresses", ())]


def check_message(message: EmailMessage, to: Address | Sequence[Address], sender: Address,
                  subject: str) -> None:
    """Generate ``message`` and read it back: the same headers, in the same order, and the
    sender, the recipients and the subject exactly as given."""
    recipients = [to] if isinstance(to, Address) else list(to)
    meant = [name.lower() for name in message]
    who = ", ".join(a.addr_spec for a in recipients)
    try:
        data = message.as_bytes()
        raw = _header_names(data)
        parsed = _READER.parsebytes(data)
        problem = ""
        if raw != meant or [n.lower() for n in parsed] != meant:
            extra = [n for n in raw if n not in meant] or ["a split header"]
            problem = f"it would carry headers the tool did not write ({', '.join(extra)})"
        elif _addresses(parsed["From"]) != [(sender.display_name, sender.addr_spec)]:
            problem = "the sender reads back differently"
        elif _addresses(parsed["To"]) != [(a.display_name, a.addr_spec) for a in recipients]:
            problem = "a recipient reads back differently"
        elif str(parsed["Subject"]) != subject:
            problem = "the subject reads back differently"
    except (email.errors.MessageError, ValueError, UnicodeError) as exc:
        problem = f"it cannot be written safely ({exc})"
    if problem:
        raise PlaybookError(f"e-mail to {who}: {problem}; a value holds text that mail "
                            "programs read as a header (such as an encoded word =?…?=)")


# --------------------------------------------------------------------------------------------
# Calendars


class SentEvent(Protocol):
    """What a calendar event must read back as (``render.calendar.CalendarEvent``)."""

    @property
    def uid(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def attendees(self) -> Sequence[Any]: ...


_COMPONENTS = {"VCALENDAR", "VEVENT", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VALARM"}


def check_calendar(data: bytes, events: Sequence[SentEvent], alarms: int) -> None:
    """Parse ``data`` back: one VEVENT per event with its UID, summary, place, description and
    attendees as given, and no component the tool does not write. A property given twice
    reads back as a list, so it differs too."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as exc:
        raise PlaybookError(f"calendar: cannot be read back ({exc})") from None
    found = [c for c in calendar.walk() if c.name == "VEVENT"]
    problem = ""
    names = {c.name for c in calendar.walk()}
    if names - _COMPONENTS or len(found) != len(events):
        problem = "it holds components the tool did not write"
    elif sum(1 for c in calendar.walk() if c.name == "VALARM") != alarms:
        problem = "it holds alarms the tool did not write"
    for event, component in zip(events, found, strict=False):
        if problem:
            break
        people = {str(p.email).lower() for p in event.attendees}
        attendees = component.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        if str(component.get("UID")) != event.uid:
            problem = f"event {event.uid!r} reads back with another UID"
        elif str(component.get("SUMMARY")) != event.summary:
            problem = f"event {event.uid!r}: the summary reads back differently"
        elif str(component.get("LOCATION", "")) != (event.location or ""):
            problem = f"event {event.uid!r}: the location reads back differently"
        elif str(component.get("DESCRIPTION", "")) != (event.description or ""):
            problem = f"event {event.uid!r}: the description reads back differently"
        elif len(attendees) != len(people):
            problem = f"event {event.uid!r}: it has attendees the tool did not invite"
    if problem:
        raise PlaybookError(f"calendar: {problem}; a value holds text that calendar programs "
                            "read as a property")


# --------------------------------------------------------------------------------------------
# The kit page

# Tags and attributes a page may never carry from a value; the layout writes one inline style
# and its scripts itself, and they are counted.
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "srcset"}
_SCHEMES = {"", "mailto", "https"}
_BANNED_TAGS = {"iframe", "object", "embed", "base", "form", "frame", "frameset", "meta",
                "link", "applet", "svg", "math", "img", "video", "audio"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _scheme(url: str) -> str:
    head = url.strip().split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return head.split(":", 1)[0].lower() if ":" in head else ""


def check_page(html: str, values: Sequence[str], scripts: int, where: str) -> None:
    """Parse the page back: no tag a value could add (no frame, form or extra script), no
    event attribute, only relative, ``mailto:`` and ``https:`` links; and every value given
    reads back as text on the page, so none became markup."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    problem = ""
    if sum(1 for tag, _ in parser.tags if tag == "script") != scripts:
        problem = "it holds a script the layout did not write"
    for tag, attrs in parser.tags:
        if problem:
            break
        if tag in _BANNED_TAGS and not (tag == "meta" and all(
                name in ("charset", "name", "content") for name, _ in attrs)):
            problem = f"it holds a <{tag}> tag"
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc"):
                problem = f"<{tag}> carries a {name} attribute"
            elif name in _URL_ATTRIBUTES and _scheme(value or "") not in _SCHEMES:
                problem = f"<{tag}> links to a {_scheme(value or '')}: address"
    text = "".join(parser.text)
    for value in values:
        if not problem and value and " ".join(value.split()) not in " ".join(text.split()):
            problem = f"the value {preview(value)} does not read back as text"
    if problem:
        raise PlaybookError(f"{where}: {problem}; a value holds markup")
