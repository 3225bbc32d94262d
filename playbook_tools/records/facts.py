"""What a visit puts into the database, taken from the follow-up session and the kit.

Everything a person could be named by stays behind here: ``VisitFacts`` holds a role, a format,
dates, ratings, flags the card lists and lengths of evidence, and interviewers by their names
only until ``store`` turns them into pseudonyms.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from playbook_tools.decide.forms import FilledForm
from playbook_tools.decide.session import FollowUp
from playbook_tools.manifest import Manifest, SentEvent, same_name
from playbook_tools.model.artifacts import Scorecard

OTHER_FLAG = "other"  # a tag the card does not list: free text could hold anything


@dataclasses.dataclass(frozen=True)
class RatingFact:
    area: str
    rating: str | None
    evidence_length: int


@dataclasses.dataclass(frozen=True)
class ScorecardFact:
    interviewer: str  # the name: store turns it into a pseudonym before anything is written
    ratings: tuple[RatingFact, ...]
    flags: tuple[str, ...]
    session_end: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class VisitFacts:
    email: str
    role: str
    format: str
    interview_day: dt.date
    followup_start: dt.datetime | None
    proposal: str
    proposal_rule: int
    scorecards: tuple[ScorecardFact, ...]


def _attends(event: SentEvent, name: str) -> bool:
    return any(same_name(person.name, name) for person in event.attendees)


def _team_events(manifest: Manifest) -> list[SentEvent]:
    return sorted((e for e in manifest.events if e.audience == "team" and not e.cancelled),
                  key=lambda e: e.start)


def followup_start(manifest: Manifest | None) -> dt.datetime | None:
    """The follow-up session: the last team event that every interviewer and the hiring
    manager attend."""
    if manifest is None:
        return None
    people = [*(i.name for i in manifest.interviewers), manifest.hiring_manager.name]
    starts = [e.start for e in _team_events(manifest)
              if all(_attends(e, name) for name in people)]
    return starts[-1] if starts else None


def session_end(manifest: Manifest | None, interviewer: str) -> dt.datetime | None:
    """When the interviewer's session with the candidate ended: the first team event they
    attend (observers may attend it too); the next one is their notes block."""
    if manifest is None:
        return None
    followup = followup_start(manifest)
    own = [e for e in _team_events(manifest)
           if _attends(e, interviewer) and e.start != followup]
    return own[0].end if own else None


def scorecard_fact(form: FilledForm, card: Scorecard, manifest: Manifest | None) -> ScorecardFact:
    given = {a.area: a for a in form.assessments}
    ratings = tuple(
        RatingFact(area, given[area].rating if area in given else None,
                   len(given[area].evidence) if area in given else 0)
        for area in form.areas)
    known = set(card.flags)
    flags = tuple(sorted({f.strip().lower() if f.strip().lower() in known else OTHER_FLAG
                          for f in form.flags}))
    return ScorecardFact(form.interviewer, ratings, flags, session_end(manifest, form.interviewer))


def visit_facts(session: FollowUp, manifest: Manifest | None, email: str, role: str,
                day: dt.date) -> VisitFacts:
    forms: Sequence[FilledForm] = [f for f in session.forms if f.filled]
    return VisitFacts(
        email=email, role=role, format=session.card.id, interview_day=day,
        followup_start=followup_start(manifest), proposal=session.decision.outcome,
        proposal_rule=session.decision.rule,
        scorecards=tuple(scorecard_fact(f, session.card, manifest) for f in forms))
