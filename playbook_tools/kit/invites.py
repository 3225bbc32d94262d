"""The kit's calendar invitations (RFC 5546): the events of a visit, who holds each, and what a
build sends so that every calendar ends up holding exactly its owner's events.

Each event travels in an iTIP message of its own, to its attendees only (issue 20): the
candidate's visit (one event for the day, the agenda in its description), each interviewer's
session and notes block, and the follow-up session for everyone in it. A rebuild sends every
event again under the same UID with a higher SEQUENCE; an event it no longer has is cancelled
for the people who held it, and a person taken off an event that goes on gets a cancellation
of their own (RFC 5546, 3.2.5). A return visit is a new kit, and its own visit id gives its
events their own UIDs.

``kit.json`` remembers the visit and what the last build sent (``manifest.SentEvent``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from playbook_tools.kit.candidate import Candidate
from playbook_tools.kit.wording import agenda, layout
from playbook_tools.manifest import KitPerson, SentEvent
from playbook_tools.render.calendar import Attendee, CalendarEvent, build_calendar, event_uid

Gettext = Callable[[str], str]


@dataclasses.dataclass(frozen=True)
class KitEvent:
    """One event and the e-mail that carries it (``emails/<stem>.eml``)."""

    stem: str
    audience: str  # "candidate" or "team": whose words and language the event speaks
    event: CalendarEvent


@dataclasses.dataclass(frozen=True)
class Invitations:
    """What this build sends, one e-mail per entry, and what kit.json remembers."""

    requests: tuple[KitEvent, ...]
    cancels: tuple[KitEvent, ...]
    remembered: tuple[SentEvent, ...]

    def of(self, stem: str) -> KitEvent | None:
        return next((e for e in self.requests if e.stem == stem), None)


def visit_id(c: Candidate, earlier: str | None) -> str:
    """The visit a kit belongs to: the earlier kit's, when one is rebuilt (a reschedule keeps
    its UIDs), or the first interview day's date for a new kit, so a return visit, built into
    a new folder, gets UIDs of its own."""
    return earlier if earlier is not None else c.date.isoformat()


def _in_visit(uid: str, visit: str) -> str:
    # Kits made before visits had ids (an empty visit) keep their UIDs.
    return event_uid(f"{uid}|{visit}") if visit else uid


def _stem(c: Candidate, folders: dict[str, str], event: CalendarEvent) -> str:
    """The e-mail that carries one of the team's events, found by the block it is."""
    people = {a.email.lower() for a in event.attendees}
    for block in c.blocks:
        if (block.start, block.end) != (event.start, event.end):
            continue
        if block.kind == "follow-up":
            return "team-schedule"  # everyone in it gets the team's schedule
        who = block.interviewer
        if who and block.kind in ("session", "notes") and who.email.lower() in people:
            return f"{block.kind}-{folders[who.name].rsplit('/', 1)[-1]}"
    return f"event-{_slug(event.summary)}"


def kit_events(c: Candidate, folders: dict[str, str], visit: str,
               team: Sequence[CalendarEvent], templates_dir: Path, company: str,
               candidate_gettext: Gettext) -> list[KitEvent]:
    """Every event of the visit, each with the e-mail that carries it: the candidate's visit
    (made here) and ``team``, the team's events (``wording.calendar_events``). UIDs name the
    visit and the block, never the time, so a rescheduled day moves its events."""
    _ = candidate_gettext
    title, _rest, text = layout(
        templates_dir, "event-candidate.txt.j2", _, role=c.role, company=company,
        candidate=c.name, coordinator=c.coordinator.name, agenda=agenda(c, _)).partition("\n")
    first = c.of_kind("session")[0]
    events = [KitEvent("invitation", "candidate", CalendarEvent(
        _in_visit(event_uid(f"{c.email.lower()}|visit"), visit), " ".join(title.split()),
        first.start.astimezone(c.tz), c.candidate_end.astimezone(c.tz), location=c.location,
        attendees=(Attendee(c.name, c.email),), description=text.strip()))]
    events += [KitEvent(_stem(c, folders, e), "team",
                        dataclasses.replace(e, uid=_in_visit(e.uid, visit))) for e in team]
    return events


def _sent(event: CalendarEvent, audience: str, cancelled: bool = False) -> SentEvent:
    assert isinstance(event.start, dt.datetime) and isinstance(event.end, dt.datetime)
    return SentEvent(
        uid=event.uid, audience=audience, sequence=event.sequence, summary=event.summary,
        start=event.start, end=event.end, location=event.location, cancelled=cancelled,
        attendees=tuple(KitPerson(a.name, a.email) for a in event.attendees))


def _as_event(sent: SentEvent, sequence: int,
              attendees: Sequence[KitPerson] | None = None) -> CalendarEvent:
    people = sent.attendees if attendees is None else attendees
    # kit.json keeps times with their offset; UTC names the same instant without a zone name.
    return CalendarEvent(sent.uid, sent.summary, sent.start.astimezone(dt.UTC),
                         sent.end.astimezone(dt.UTC), location=sent.location,
                         attendees=tuple(Attendee(p.name, p.email) for p in people),
                         sequence=sequence)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:80].rstrip("-") or "event"


def plan_invitations(events: Sequence[KitEvent], previous: Sequence[SentEvent]) -> Invitations:
    """Number this build's events after the previous build's, and cancel what is gone.

    Every event of a rebuild is sent again with SEQUENCE one above the last one sent, whether
    or not it changed: the new e-mails then replace the old ones in every calendar. An event
    that was cancelled before and is back continues its count too.
    """
    before = {sent.uid: sent for sent in previous}
    requests = tuple(dataclasses.replace(k, event=dataclasses.replace(
        k.event, sequence=before[k.event.uid].sequence + 1 if k.event.uid in before else 0))
        for k in events)
    now = {k.event.uid: k.event for k in requests}
    cancels: list[KitEvent] = []
    stems: set[str] = set()

    def cancel(sent: SentEvent, event: CalendarEvent) -> None:
        stem, number = f"cancel-{_slug(sent.summary)}", 2
        while stem in stems:
            stem, number = f"cancel-{_slug(sent.summary)}-{number}", number + 1
        stems.add(stem)
        cancels.append(KitEvent(stem, sent.audience, event))

    for sent in previous:
        if sent.cancelled:
            continue
        if sent.uid not in now:  # the whole event is gone: everyone who held it
            cancel(sent, _as_event(sent, sent.sequence + 1))
            continue
        staying = {a.email.lower() for a in now[sent.uid].attendees}
        removed = [p for p in sent.attendees if p.email.lower() not in staying]
        if removed:  # the event goes on without them: only they get the cancellation
            cancel(sent, _as_event(sent, now[sent.uid].sequence, removed))
    remembered = [_sent(k.event, k.audience) for k in requests]
    remembered += [_sent(k.event, k.audience, cancelled=True) for k in cancels
                   if k.event.uid not in now]
    # An event cancelled by an earlier build stays remembered, so its count goes on if it
    # comes back.
    remembered += [s for s in previous if s.uid not in now and s.cancelled]
    return Invitations(requests, tuple(cancels), tuple(remembered))


def coordinator_schedule(c: Candidate, invitations: Invitations, _: Gettext) -> bytes:
    """``schedule.ics``: the team's events for the coordinator's own calendar (PUBLISH). It
    says what it is and how to replace an earlier copy, since importing never removes an
    event that a newer file no longer has."""
    name = _("Interviews: %(name)s (%(date)s)") % {"name": c.name,
                                                   "date": c.date.isoformat()}
    about = _("The interview day for %(name)s, for your own calendar: every session, notes "
              "block and the follow-up session. Importing it invites nobody; the kit's "
              "e-mails do that. Import it into a calendar of its own. To replace an earlier "
              "copy, delete that calendar and import the new file: an import updates the "
              "events it has, but never removes one the new day no longer has.") % {
                  "name": c.name}
    team = [k.event for k in invitations.requests if k.audience == "team"]
    return build_calendar(team, name, description=about)
