"""The kit's calendar invitations across rebuilds (RFC 5546): the same UID for the same event,
a higher SEQUENCE on every build, and a cancellation for every event a rebuild no longer has.

``kit.json`` remembers what the last build sent (``manifest.SentEvent``); this module compares
it with the new day and says what each e-mail's calendar part carries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from playbook_tools.manifest import KitPerson, SentEvent
from playbook_tools.render.calendar import Attendee, CalendarEvent


@dataclasses.dataclass(frozen=True)
class Invitations:
    """What this build sends: requests and cancellations, per audience, and what to remember."""

    team: tuple[CalendarEvent, ...]
    candidate: tuple[CalendarEvent, ...]
    cancel_team: tuple[CalendarEvent, ...]
    cancel_candidate: tuple[CalendarEvent, ...]
    remembered: tuple[SentEvent, ...]


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


def _emails(people: Sequence[Attendee] | Sequence[KitPerson]) -> set[str]:
    return {p.email.lower() for p in people}


def plan_invitations(team: Sequence[CalendarEvent], candidate: Sequence[CalendarEvent],
                     previous: Sequence[SentEvent]) -> Invitations:
    """Number this build's events after the previous build's, and cancel what is gone.

    Every event of a rebuild is sent again with SEQUENCE one above the last one sent, whether
    or not it changed: the new e-mails then replace the old ones in every calendar. An event
    that was cancelled before and is back continues its count too.
    """
    before = {sent.uid: sent for sent in previous}

    def numbered(events: Sequence[CalendarEvent]) -> tuple[CalendarEvent, ...]:
        return tuple(dataclasses.replace(
            e, sequence=before[e.uid].sequence + 1 if e.uid in before else 0) for e in events)

    team, candidate = numbered(team), numbered(candidate)
    now = {e.uid: e for e in (*team, *candidate)}
    gone = [s for s in previous if s.uid not in now and not s.cancelled]
    cancel = {audience: [_as_event(s, s.sequence + 1) for s in gone if s.audience == audience]
              for audience in ("team", "candidate")}
    cancel["team"] += _removed_attendees(team, before, cancel["team"])
    remembered = [*(_sent(e, "team") for e in team), *(_sent(e, "candidate") for e in candidate)]
    remembered += [_sent(e, audience, cancelled=True)
                   for audience in ("team", "candidate") for e in cancel[audience]
                   if e.uid not in now]
    # An event cancelled by an earlier build stays remembered, so its count goes on if it
    # comes back.
    remembered += [s for s in previous if s.uid not in now and s.cancelled]
    return Invitations(team, candidate, tuple(cancel["team"]), tuple(cancel["candidate"]),
                       tuple(remembered))


def _removed_attendees(team: Sequence[CalendarEvent], before: dict[str, SentEvent],
                       whole: Sequence[CalendarEvent]) -> list[CalendarEvent]:
    """Cancellations for people taken off an event that goes on (RFC 5546, 3.2.5).

    They go in the same e-mail as the whole-event cancellations. A CANCEL for an event that
    goes on must reach only the people removed from it, so it is left out when someone else
    who gets that e-mail still attends the event.
    """
    partial = []
    for event in team:
        sent = before.get(event.uid)
        if sent is None or sent.cancelled:
            continue
        removed = [p for p in sent.attendees if p.email.lower() not in _emails(event.attendees)]
        if removed:
            partial.append((event, _as_event(sent, event.sequence, removed)))
    recipients = set().union(*(_emails(e.attendees) for e in whole))
    while True:
        everyone = recipients.union(*(_emails(c.attendees) for _, c in partial))
        kept = [(e, c) for e, c in partial if not everyone & _emails(e.attendees)]
        if len(kept) == len(partial):
            return [c for _, c in kept]
        partial = kept
