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
from playbook_tools.kit.wording import DASH, agenda, layout, team_schedule
from playbook_tools.model.artifacts import Playbook
from playbook_tools.render import email as email_render
from playbook_tools.render.calendar import CalendarEvent, Method, attach_calendar

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
        "location": c.location, "coordinator_name": c.coordinator.name,
        "hiring_manager_name": c.hiring_manager.name, "closes_loop_name": c.closes_loop.name,
        "agenda": agenda(c, _), "schedule": team_schedule(c, _),
        "followup_time": clock(c.local(c.follow_up.start)),
        "confirm_by": long_date(c.confirm_by, language),
        "outcome_by": long_date(c.outcome_by, language),
    }


@dataclasses.dataclass(frozen=True)
class Invite:
    """An e-mail's calendar part: the iTIP method and the VCALENDAR it carries."""

    method: Method
    data: bytes


@dataclasses.dataclass(frozen=True)
class KitEmail:
    """One e-mail of the kit: the .eml draft, and what the kit page shows to copy."""

    part: str
    to: tuple[Address, ...]
    subject: str
    body: str
    message: EmailMessage
    invite: Invite | None = None

    @property
    def file(self) -> str:
        return f"emails/{self.part}.eml"

    @property
    def calendar_file(self) -> str:
        """The invitation as a file of its own, for webmail, which cannot open .eml files."""
        return f"emails/{self.part}.ics" if self.invite else ""

    @property
    def to_text(self) -> str:
        return ", ".join(str(a) for a in self.to)

    @property
    def mailto(self) -> str:
        """A ``mailto:`` link that opens a new message with the same recipients and text."""
        recipients = ",".join(urllib.parse.quote(a.addr_spec, safe="@") for a in self.to)
        query = urllib.parse.urlencode({"subject": self.subject, "body": self.body},
                                       quote_via=urllib.parse.quote)
        return f"mailto:{recipients}?{query}"

    def files(self) -> dict[str, bytes]:
        written = {self.file: self.message.as_bytes()}
        if self.invite:
            written[self.calendar_file] = self.invite.data
        return written


def _kit_email(part: str, filled: email_render.FilledEmail, to: Sequence[Address],
               sender: Address, invite: Invite | None) -> KitEmail:
    message = email_render.build_message(filled, to, sender)
    if invite is not None:
        attach_calendar(message, invite.data, invite.method)
    return KitEmail(part, tuple(to), filled.subject, filled.body, message, invite)


def kit_messages(c: Candidate, playbooks: Playbooks, sender: Address,
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
        messages.append(_kit_email(part, filled, KIT_PARTS[part](c), sender,
                                   invites.get(part)))
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


def cancellation_message(c: Candidate, playbooks: Playbooks, sender: Address, part: str,
                         events: Sequence[CalendarEvent], invite: Invite) -> KitEmail:
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
    return _kit_email(part, filled, list(to.values()), sender, invite)


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
