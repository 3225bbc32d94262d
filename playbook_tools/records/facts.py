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
from playbook_tools.manifest import Manifest, same_name
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


def session_end(manifest: Manifest | None, interviewer: str) -> dt.datetime | None:
    """When the interviewer's session with the candidate ended: the team's first event that
    only they attend (the next one is their notes block)."""
    if manifest is None:
        return None
    own = sorted((e for e in manifest.events
                  if e.audience == "team" and not e.cancelled and len(e.attendees) == 1
                  and same_name(e.attendees[0].name, interviewer)), key=lambda e: e.start)
    return own[0].end if own else None


def followup_start(manifest: Manifest | None) -> dt.datetime | None:
    """The follow-up session: the team's event that every interviewer attends."""
    if manifest is None:
        return None
    names = [i.name for i in manifest.interviewers]
    starts = [e.start for e in manifest.events
              if e.audience == "team" and not e.cancelled and len(e.attendees) > 1
              and all(any(same_name(a.name, n) for a in e.attendees) for n in names)]
    return min(starts) if starts else None


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
