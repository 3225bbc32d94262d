"""One interviewer's own figures, for ``playbook report --me NAME``: beside the team's, never
in the team report.

Leniency: on each area of each visit that the interviewer and at least one other rated, their
rating less the mean of the others' (strong-no 1 to strong-yes 4); its mean over those areas.
Agreement without their own vote: how often the outcome the rule proposes from the other
interviewers' ratings alone (hire or reject) matches the interviewer's own read (every rating
yes-side, or some no-side).
"""

from __future__ import annotations

from collections.abc import Sequence

from playbook_tools.decide.rule import Assessment, decide
from playbook_tools.records.data import Visit
from playbook_tools.records.figures import (
    STRUCTURE_KEYS,
    Figure,
    Row,
    Stat,
    latency_minutes,
    scorecard_people,
    structure_key,
)
from playbook_tools.records.privacy import People
from playbook_tools.records.stats import SCALE, median, quartiles
from playbook_tools.vocabulary import NO_SIDE, YES_SIDE


def leniency_pairs(visits: Sequence[Visit], who: str) -> list[tuple[str, float]]:
    """(candidate, own rating less the others' mean) for every area rated alongside others."""
    found = []
    for v in visits:
        mine = v.scorecards.get(who)
        if mine is None:
            continue
        for area, (rating, _) in mine.ratings.items():
            if rating is None or rating not in SCALE:
                continue
            others = [SCALE[r] for w, c in v.scorecards.items() if w != who
                      and (r := c.ratings.get(area, (None, 0))[0]) is not None and r in SCALE]
            if others:
                found.append((v.candidate, SCALE[rating] - sum(others) / len(others)))
    return found


def own_read(visit: Visit, who: str) -> str | None:
    ratings = [r for r, _ in visit.scorecards[who].ratings.values() if r and r != "unsure"]
    if not ratings:
        return None
    if any(r in NO_SIDE for r in ratings):
        return "reject"
    return "hire" if all(r in YES_SIDE for r in ratings) else None


def without_me(visit: Visit, who: str) -> str:
    """The rule's proposal from everyone's ratings but ``who``'s."""
    areas = sorted({a for c in visit.scorecards.values() for a in c.ratings})
    assessments = [Assessment(w, area, rating) for w, c in visit.scorecards.items() if w != who
                   for area, (rating, _) in c.ratings.items() if rating is not None]
    return decide([(a, a) for a in areas], assessments).outcome


def agreement_pairs(visits: Sequence[Visit], who: str) -> list[tuple[str, bool]]:
    found = []
    for v in visits:
        if who not in v.scorecards or len(v.scorecards) < 2:
            continue
        mine, theirs = own_read(v, who), without_me(v, who)
        if mine is not None and theirs in ("hire", "reject"):
            found.append((v.candidate, mine == theirs))
    return found


def _share(pairs: Sequence[tuple[str, bool]]) -> float | None:
    return sum(ok for _, ok in pairs) / len(pairs) if pairs else None


def _own(candidates: Sequence[str]) -> People:
    # The interviewer is looking at their own figures: the candidates behind them must still
    # be five, and they themselves are the one interviewer.
    return People.of(candidates)


def personal_figures(visits: Sequence[Visit], who: str, notes_minutes: int) -> Figure:
    """The interviewer's own figures, each beside the team's."""
    mine = [v for v in visits if who in v.scorecards]
    everyone = sorted({w for v in visits for w in v.scorecards})
    team_people = scorecard_people(visits)
    own_latency = [m for v in mine if (m := latency_minutes(v, who)) is not None]
    team_latency = [m for v in visits for w in v.scorecards
                    if (m := latency_minutes(v, w)) is not None]
    own_structure = [(v.candidate, structure_key(v, who) == STRUCTURE_KEYS[0]) for v in mine]
    team_structure = [(v.candidate, structure_key(v, w) == STRUCTURE_KEYS[0])
                      for v in visits for w in v.scorecards]
    own_leniency = leniency_pairs(visits, who)
    spread = [sum(d for _, d in pairs) / len(pairs) for w in everyone
              if len(pairs := leniency_pairs(visits, w)) >= 5]
    team_quartiles = quartiles(spread) if len(spread) >= 2 else None
    own_agreement = agreement_pairs(visits, who)
    team_agreement = [pair for w in everyone for pair in agreement_pairs(visits, w)]

    def row(label: str, own: float | None, own_people: Sequence[str], team: float | None,
            unit: str) -> Row:
        return Row(label, None, (Stat("You", own, _own(own_people), unit),
                                 Stat("The team", team, team_people, unit)))

    rows = [
        row("Scorecards handed in", float(len(mine)), [v.candidate for v in mine],
            float(sum(len(v.scorecards) for v in visits)), "count"),
        row("Median minutes after the session", median(own_latency),
            [v.candidate for v in mine if latency_minutes(v, who) is not None],
            median(team_latency), "minutes"),
        row("Complete and before the follow-up session", _share(own_structure),
            [c for c, _ in own_structure], _share(team_structure), "share"),
        row("Leniency against the panel", sum(d for _, d in own_leniency) / len(own_leniency)
            if own_leniency else None, [c for c, _ in own_leniency],
            team_quartiles[1] if team_quartiles else None, "score"),
        row("Agreement with the outcome without your vote", _share(own_agreement),
            [c for c, _ in own_agreement], _share(team_agreement), "share"),
    ]
    quartile_stats: tuple[Stat, ...] = ()
    if team_quartiles:
        quartile_stats = (Stat("The team's leniency, lower quartile", team_quartiles[0],
                               team_people, "score"),
                          Stat("The team's leniency, upper quartile", team_quartiles[2],
                               team_people, "score"))
    return Figure("personal", "Your own figures", tuple(rows),
                  quartile_stats)
