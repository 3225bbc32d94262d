"""The kit's e-mails: which template plays which part, who gets it, and the values it is filled
with.

Which template is the invitation, the team's schedule or the reminder is declared in conf.py
(``playbook_kit_emails``), not here. The kit knows a fixed set of values (``KIT_VALUES``); a
template that uses anything else gets it from the candidate file's ``extra:`` mapping, and
``playbook check`` says so before any kit is built (``kit_email_notes``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from email.headerregistry import Address
from email.message import EmailMessage

from playbook_tools.dates import clock, long_date
from playbook_tools.errors import PlaybookError
from playbook_tools.kit.candidate import Candidate
from playbook_tools.kit.invites import Invitations
from playbook_tools.kit.wording import (
    DASH,
    FORMAT_VALUES,
    agenda,
    day_location,
    format_values,
    layout,
    team_schedule,
)
from playbook_tools.model.artifacts import Playbook
from playbook_tools.render import email as email_render
from playbook_tools.render.calendar import (
    CalendarEvent,
    Method,
    Organizer,
    attach_calendar,
    build_calendar,
)

# Every value the kit can fill in, with what it holds (the handbook lists these).
KIT_VALUES: dict[str, str] = {
    "candidate_name": "the candidate's name",
    "role": "the role",
    "date": "the interview day, written out",
    "start_time": "when the first session starts",
    "end_time": "when the last session with the candidate ends",
    "timezone": "the time zone of the times",
    "location": "where the day happens, or the video link",
    "coordinator_name": "the coordinator",
    "hiring_manager_name": "the hiring manager, who chairs the follow-up session",
    "closes_loop_name": "the one person who tells the candidate the outcome",
    "agenda": "the candidate's sessions and breaks, one per line",
    "schedule": "the team's sessions, notes blocks and follow-up session, one per line",
    "followup_time": "when the follow-up session starts",
    "confirm_by": "the date by which the candidate confirms the day",
    "outcome_by": "the date by which the candidate hears the outcome",
    **FORMAT_VALUES,  # from the day's interview formats (kit.wording)
}

# The parts an e-mail can play in a kit, and who receives it.
Recipients = Callable[[Candidate], list[Address]]


def _candidate(c: Candidate) -> list[Address]:
    return [Address(c.name, addr_spec=c.email)]


def _team(c: Candidate) -> list[Address]:
    people = {p.email.lower(): p for p in c.people()}
    return [Address(p.name, addr_spec=p.email) for p in people.values()]


KIT_PARTS: dict[str, Recipients] = {
    "invitation": _candidate,
    "team-schedule": _team,
    "reminder": _candidate,
}


def kit_values(c: Candidate, playbook: Playbook) -> dict[str, str]:
    """Everything the kit can fill in, in ``playbook``'s language (dates spelt out in it)."""
    language, _ = playbook.language, playbook.gettext
    return {
        "candidate_name": c.name, "role": c.role, "date": long_date(c.date, language),
        "start_time": clock(c.local(c.blocks[0].start)),
        "end_time": clock(c.local(c.candidate_end)), "timezone": c.timezone,
        "location": day_location(c), "coordinator_name": c.coordinator.name,
        "hiring_manager_name": c.hiring_manager.name, "closes_loop_name": c.closes_loop.name,
        "agenda": agenda(c, _), "schedule": team_schedule(c, _),
        "followup_time": clock(c.local(c.follow_up.start)),
        "confirm_by": long_date(c.confirm_by, language),
        "outcome_by": long_date(c.outcome_by, language),
        **format_values(c, playbook),
    }


@dataclasses.dataclass(frozen=True)
class Invite:
    """An e-mail's calendar part: the iTIP method and the VCALENDAR it carries."""

    method: Method
    data: bytes
    attendees: tuple[Address, ...] = ()  # whom the e-mail goes to: the event's attendees


# Outlook on Windows fails on longer links; a body that would make the link longer is left
# out of it, and the kit page says so and offers the copy button and the .eml (issue 20).
MAILTO_LIMIT = 2000


@dataclasses.dataclass(frozen=True)
class KitEmail:
    """One e-mail of the kit: the .eml draft, and what the kit page shows to copy."""

    part: str  # the part it plays: a kit_emails part, "session", "notes" or a cancellation
    to: tuple[Address, ...]
    subject: str
    body: str
    message: EmailMessage
    invite: Invite | None = None
    stem: str = ""  # its file name without .eml; the part's own name when empty

    @property
    def name(self) -> str:
        return self.stem or self.part

    @property
    def file(self) -> str:
        return f"emails/{self.name}.eml"

    @property
    def calendar_file(self) -> str:
        """The invitation as a file of its own, for webmail, which cannot open .eml files."""
        return f"emails/{self.name}.ics" if self.invite else ""

    @property
    def to_text(self) -> str:
        return ", ".join(str(a) for a in self.to)

    @property
    def to_names(self) -> str:
        return ", ".join(a.display_name or a.addr_spec for a in self.to)

    def _link(self, with_body: bool) -> str:
        recipients = ",".join(urllib.parse.quote(a.addr_spec, safe="@") for a in self.to)
        fields = {"subject": self.subject}
        if with_body:  # RFC 6068, 5: a line break in a body is %0D%0A
            fields["body"] = "\r\n".join(self.body.splitlines())
        query = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
        return f"mailto:{recipients}?{query}"

    @property
    def mailto_has_body(self) -> bool:
        return len(self._link(True)) < MAILTO_LIMIT

    @property
    def mailto(self) -> str:
        """A ``mailto:`` link that opens a new message with the same recipients and text, or
        with the recipients and subject only when the body makes it too long."""
        return self._link(self.mailto_has_body)

    def files(self) -> dict[str, bytes]:
        written = {self.file: self.message.as_bytes()}
        if self.invite:
            written[self.calendar_file] = self.invite.data
        return written


@dataclasses.dataclass(frozen=True)
class Sender:
    """Who a kit e-mail is from (playbook_email_from), and who sends it for that address (the
    coordinator): the calendar's ORGANIZER and its SENT-BY, so accepts reach the organizer."""

    address: Address
    on_behalf: Address

    @property
    def organizer(self) -> Organizer:
        return Organizer(self.address.display_name, self.address.addr_spec,
                         self.on_behalf.addr_spec)


def _kit_email(part: str, filled: email_render.FilledEmail, to: Sequence[Address],
               sender: Sender, invite: Invite | None, stem: str = "") -> KitEmail:
    message = email_render.build_message(filled, to, sender.address, sender.on_behalf)
    if invite is not None:
        attach_calendar(message, invite.data, invite.method)
    return KitEmail(part, tuple(to), filled.subject, filled.body, message, invite, stem)


def kit_messages(c: Candidate, playbooks: Playbooks, sender: Sender,
                 invites: Mapping[str, Invite]) -> list[KitEmail]:
    """``emails/<part>.eml`` for every part conf.py names, filled from the candidate file;
    ``invites`` gives a part its calendar part (the invitation, the team's schedule). The
    candidate's e-mails are in the candidate's language, the team's in the team's."""
    messages = []
    for part, template_id in playbooks.team.config.kit_emails.items():
        playbook = playbooks.candidate if KIT_PARTS[part] is _candidate else playbooks.team
        pool = {**kit_values(c, playbook), **c.extra}
        template = playbook.email(template_id)
        values = {}
        for name in template.variable_names:
            if name not in pool:
                raise PlaybookError(
                    f"{c.source}: field 'extra.{name}': is missing; the '{part}' e-mail "
                    f"(template '{template_id}') uses it, and the kit does not fill it; "
                    f"add it under extra: in the candidate file")
            values[name] = pool[name]
        filled = email_render.fill(template, values, playbook.config, c.source)
        invite = invites.get(part)
        to = KIT_PARTS[part](c)
        if invite is not None:  # the event's attendees, and only them, in the part's order
            mine = {a.addr_spec.lower() for a in invite.attendees}
            known = {a.addr_spec.lower() for a in to}
            to = [a for a in to if a.addr_spec.lower() in mine]
            to += [a for a in invite.attendees if a.addr_spec.lower() not in known]
        messages.append(_kit_email(part, filled, to, sender, invite))
    return messages


@dataclasses.dataclass(frozen=True)
class Playbooks:
    """The playbook in the team's language and in the candidate's (often the same)."""

    team: Playbook
    candidate: Playbook


# The cancellations: who gets them, and the layout under templates/kit/ that words them.
CANCELLATIONS: dict[str, tuple[str, str]] = {
    "cancellation": ("team", "cancellation-team.txt.j2"),
    "candidate-cancellation": ("candidate", "cancellation-candidate.txt.j2"),
}


def _when(c: Candidate, event: CalendarEvent, language: str) -> str:
    assert isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime)
    start, end = c.local(event.start), c.local(event.end)
    return f"{long_date(start.date(), language)}, {clock(start)}{DASH}{clock(end)}"


def _to(event: CalendarEvent) -> list[Address]:
    to: dict[str, Address] = {}
    for person in event.attendees:
        to.setdefault(person.email.lower(), Address(person.name, addr_spec=person.email))
    return list(to.values())


def event_message(c: Candidate, playbook: Playbook, sender: Sender, stem: str,
                  event: CalendarEvent, invite: Invite) -> KitEmail:
    """The e-mail that carries one of the team's events (a session or a notes block) to its
    attendees, in the team's language."""
    to = _to(event)
    subject, _, body = layout(
        playbook.templates_dir, "invitation-event.txt.j2", playbook.gettext,
        summary=event.summary, name=", ".join(a.display_name for a in to),
        when=_when(c, event, playbook.language), location=event.location,
        description=event.description, coordinator=c.coordinator.name,
        sign_off=playbook.config.sign_off).partition("\n")
    filled = email_render.FilledEmail(stem, " ".join(subject.split()), body.lstrip("\n"))
    return _kit_email(stem.split("-", 1)[0], filled, to, sender, invite, stem)


def cancellation_message(c: Candidate, playbooks: Playbooks, sender: Sender, part: str,
                         events: Sequence[CalendarEvent], invite: Invite,
                         stem: str = "") -> KitEmail:
    """The e-mail that takes ``events`` out of its recipients' calendars (``CANCELLATIONS``)."""
    audience, layout_name = CANCELLATIONS[part]
    playbook = playbooks.candidate if audience == "candidate" else playbooks.team
    to: dict[str, Address] = {}
    for event in events:
        for person in event.attendees:
            to.setdefault(person.email.lower(), Address(person.name, addr_spec=person.email))
    subject, _, body = layout(
        playbook.templates_dir, layout_name, candidate=c.name, role=c.role,
        company=playbook.config.company, coordinator=c.coordinator.name,
        sign_off=playbook.config.sign_off, audience=audience, gettext=playbook.gettext,
        events=[{"summary": e.summary, "when": _when(c, e, playbook.language)} for e in events],
    ).partition("\n")
    filled = email_render.FilledEmail(part, " ".join(subject.split()), body.lstrip("\n"))
    return _kit_email(part, filled, list(to.values()), sender, invite, stem)


def kit_emails(c: Candidate, playbooks: Playbooks, sent: Invitations) -> list[KitEmail]:
    """The kit's e-mails: the parts conf.py names, the invitation and the team's schedule
    carrying the candidate's visit and the follow-up session; an e-mail for each interviewer's
    session and notes block; then a cancellation for each event, or person taken off an
    event, that the last build sent and this one no longer has. Every calendar part is one
    iTIP message, for one event, and goes only to that event's attendees (issue 20)."""
    sender = Sender(email_render.parse_address(playbooks.team.config.email_from,
                                               "playbook_email_from in conf.py"),
                    Address(c.coordinator.name, addr_spec=c.coordinator.email))
    name = f"Interviews: {c.name}"

    def invite(event: CalendarEvent, method: Method) -> Invite:
        return Invite(method, build_calendar([event], name, sender.organizer, method=method),
                      tuple(_to(event)))

    carried = {part: invite(k.event, "REQUEST") for part in ("invitation", "team-schedule")
               if (k := sent.of(part)) is not None}
    emails = kit_messages(c, playbooks, sender, carried)
    emails += [event_message(c, playbooks.team, sender, k.stem, k.event,
                             invite(k.event, "REQUEST"))
               for k in sent.requests if k.stem not in carried]
    for k in sent.cancels:
        part = "candidate-cancellation" if k.audience == "candidate" else "cancellation"
        emails.append(cancellation_message(c, playbooks, sender, part, [k.event],
                                           invite(k.event, "CANCEL"), k.stem))
    return emails


def kit_email_notes(playbook: Playbook) -> list[str]:
    """What ``playbook check`` tells a fork about the kit's e-mails: each variable the kit does
    not fill, which every candidate file must then give under ``extra:``."""
    notes = []
    for part, template_id in playbook.config.kit_emails.items():
        template = playbook.email(template_id)
        for name in template.variable_names:
            if name not in KIT_VALUES:
                notes.append(f"kit e-mail '{part}' (template '{template_id}'): the kit does "
                             f"not fill '{name}'; every candidate file must give it under "
                             f"extra: {name}: ...")
    return notes
