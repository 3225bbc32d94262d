"""The team's figures, worked out from the records: what each counts, over whom, and its n.

Each figure is a set of ``privacy.Group`` partitions and statistics, every one with the people
behind it, so ``privacy`` decides what may be shown and the page, the chart, the CSV and the PDF
all show the same. Labels are message ids (English), translated by ``words`` when shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence

from playbook_tools.records.data import Visit
from playbook_tools.records.privacy import Cell, Group, People, group
from playbook_tools.records.stats import SCALE, median, ordinal_alpha
from playbook_tools.vocabulary import NO_SIDE, YES_SIDE

OUTCOMES = ("hire", "reject", "more-info")


@dataclasses.dataclass(frozen=True)
class Stat:
    key: str
    value: float | None
    people: People
    unit: str  # "days", "minutes", "alpha" or "score"
    withheld: bool = False  # hidden so that the rest of the records cannot be worked out

    @property
    def visible(self) -> bool:
        return not self.withheld and self.value is not None and self.people.enough()


@dataclasses.dataclass(frozen=True)
class Row:
    label: str  # a message id, or an area's id (the page shows its title)
    group: Group | None
    stats: tuple[Stat, ...] = ()


@dataclasses.dataclass(frozen=True)
class Figure:
    id: str
    title: str  # its meaning is words.MEANINGS[id]
    rows: tuple[Row, ...]
    stats: tuple[Stat, ...] = ()
    reasons: tuple[str, ...] = ()  # the room's reasons, shown only with their group
    by_area: bool = False


def _cell(key: str, visits: Iterable[Visit], interviewers: Iterable[str] = ()) -> Cell:
    chosen = list(visits)
    return Cell(key, len(chosen), People.of((v.candidate for v in chosen), interviewers))


def _partition(visits: Sequence[Visit], keys: Sequence[str],
               key_of: Callable[[Visit], str]) -> Group:
    return group([_cell(k, (v for v in visits if key_of(v) == k)) for k in keys])


def _people(visits: Iterable[Visit]) -> People:
    return People.of(v.candidate for v in visits)


def outcomes(visits: Sequence[Visit]) -> Figure:
    return Figure("outcomes", "Outcomes",
                  (Row("", _partition(visits, OUTCOMES, lambda v: v.outcome)),))


def return_visits(visits: Sequence[Visit]) -> Figure:
    keys = ("First visit", "Return visit")
    return Figure("return-visits", "Return visits",
                  (Row("", _partition(visits, keys,
                                      lambda v: keys[v.visit_number > 1])),))


DAY_BINS = ((0, 0, "The same day"), (1, 1, "1 day"), (2, 2, "2 days"),
            (3, 10**6, "3 days or more"))


def days_to_decision(visits: Sequence[Visit]) -> Figure:
    def days(v: Visit) -> int:
        return max(0, (v.decided_on - v.interview_day).days)

    def bin_of(v: Visit) -> str:
        return next(label for low, high, label in DAY_BINS if low <= days(v) <= high)

    middle = Stat("Median days", median([days(v) for v in visits]), _people(visits), "days")
    return Figure("days-to-decision", "Days from interview to decision",
                  (Row("", _partition(visits, [b[2] for b in DAY_BINS], bin_of)),), (middle,))


def latency_minutes(visit: Visit, who: str) -> float | None:
    card = visit.scorecards[who]
    if card.handed_in is None or card.session_end is None:
        return None
    return (card.handed_in - card.session_end).total_seconds() / 60


LATENCY_KEYS = ("Within the notes block", "Later the same day", "A later day", "Not recorded")


def latency_key(visit: Visit, who: str, notes_minutes: int) -> str:
    minutes = latency_minutes(visit, who)
    card = visit.scorecards[who]
    if minutes is None or card.handed_in is None or card.session_end is None:
        return LATENCY_KEYS[3]
    if minutes <= notes_minutes:
        return LATENCY_KEYS[0]
    same_day = card.handed_in.date() == card.session_end.astimezone(card.handed_in.tzinfo).date()
    return LATENCY_KEYS[1] if same_day else LATENCY_KEYS[2]


def scorecard_group(visits: Sequence[Visit], keys: Sequence[str],
                    key_of: Callable[[Visit, str], str]) -> Group:
    """A partition of scorecards: each cell's people are its candidates and interviewers."""
    chosen: dict[str, list[tuple[Visit, str]]] = {k: [] for k in keys}
    for v in visits:
        for who in v.scorecards:
            chosen[key_of(v, who)].append((v, who))
    return group([Cell(k, len(pairs), People.of((v.candidate for v, _ in pairs),
                                                (w for _, w in pairs)))
                  for k, pairs in chosen.items()])


def scorecard_people(visits: Sequence[Visit]) -> People:
    return People.of((v.candidate for v in visits if v.scorecards),
                     (w for v in visits for w in v.scorecards))


def latency(visits: Sequence[Visit], notes_minutes: int) -> Figure:
    known = [m for v in visits for w in v.scorecards
             if (m := latency_minutes(v, w)) is not None]
    middle = Stat("Median minutes after the session", median(known), scorecard_people(
        [v for v in visits if any(latency_minutes(v, w) is not None for w in v.scorecards)]),
        "minutes")
    return Figure("scorecard-latency", "Scorecard latency",
                  (Row("", scorecard_group(visits, LATENCY_KEYS,
                                           lambda v, w: latency_key(v, w, notes_minutes))),),
                  (middle,))


PROMISE_KEYS = ("Told by the promised date", "Told later", "Not noted yet")


def promises(visits: Sequence[Visit]) -> Figure:
    def key_of(v: Visit) -> str:
        if v.told_on is None:
            return PROMISE_KEYS[2]
        return PROMISE_KEYS[0] if v.told_on <= v.promised_by else PROMISE_KEYS[1]

    late = [v for v in visits if v.told_on is not None and v.told_on > v.promised_by]
    days_late = Stat("Median days late, of those told later",
                     median([(v.told_on - v.promised_by).days for v in late if v.told_on]),
                     _people(late), "days")
    return Figure("promises", "Told by the promised date",
                  (Row("", _partition(visits, PROMISE_KEYS, key_of)),), (days_late,))


DEPARTURE_KEYS = tuple(f"{p} to {o}" for p in OUTCOMES for o in OUTCOMES if p != o)


def departures(visits: Sequence[Visit]) -> Figure:
    keys = ("Followed the proposal", "Departed from it")
    departed = [v for v in visits if v.outcome != v.proposal]
    first = _partition(visits, keys, lambda v: keys[v.outcome != v.proposal])
    kinds = _partition(departed, DEPARTURE_KEYS, lambda v: f"{v.proposal} to {v.outcome}")
    # Each reason once and without a count: a count of one reason could be one person.
    reasons = tuple(sorted({v.reason for v in departed if v.reason})) if first.visible else ()
    return Figure("departures", "The room's departures from the proposal",
                  (Row("", first), Row("Departures by kind", kinds)), reasons=reasons)


def _areas(visits: Sequence[Visit]) -> list[str]:
    return sorted({a for v in visits for c in v.scorecards.values() for a in c.ratings})


def _counted(visit: Visit, area: str) -> list[tuple[str, str]]:
    """(interviewer, rating) for an area, without blanks."""
    return [(w, r) for w, c in visit.scorecards.items()
            if (r := c.ratings.get(area, (None, 0))[0]) is not None]


def contested(visits: Sequence[Visit], areas: Sequence[str] | None = None) -> Figure:
    keys = ("Contested", "Consistent")
    rows = []
    for area in areas or _areas(visits):
        pairs = [(v, [r for _, r in _counted(v, area) if r != "unsure"]) for v in visits]
        rated = [(v, r) for v, r in pairs if len(r) >= 2]

        def is_contested(ratings: list[str]) -> bool:
            return any(r in YES_SIDE for r in ratings) and any(r in NO_SIDE for r in ratings)

        cells = [Cell(k, len(chosen), _people(chosen)) for k, chosen in (
            (keys[0], [v for v, r in rated if is_contested(r)]),
            (keys[1], [v for v, r in rated if not is_contested(r)]))]
        rows.append(Row(area, group(cells)))
    rows.sort(key=lambda r: (not (r.group and r.group.visible),
                             -(r.group.cells[0].count / r.group.total
                               if r.group and r.group.visible and r.group.total else 0),
                             r.label))
    return Figure("contested", "Most contested areas", tuple(rows),
                  by_area=True)


STRUCTURE_KEYS = ("Complete and before the follow-up session",
                  "Complete, but after it or time unknown", "An area blank or without evidence")


def structure_key(visit: Visit, who: str) -> str:
    card = visit.scorecards[who]
    complete = bool(card.ratings) and all(
        rating is not None and length > 0 for rating, length in card.ratings.values())
    if not complete:
        return STRUCTURE_KEYS[2]
    on_time = (card.handed_in is not None and visit.followup_start is not None
               and card.handed_in <= visit.followup_start)
    return STRUCTURE_KEYS[0] if on_time else STRUCTURE_KEYS[1]


def structure(visits: Sequence[Visit]) -> Figure:
    return Figure("structure", "Structure adherence",
                  (Row("", scorecard_group(visits, STRUCTURE_KEYS, structure_key)),))


def agreement(visits: Sequence[Visit], areas: Sequence[str] | None = None) -> Figure:
    rows = []
    for area in areas or _areas(visits):
        units: list[list[int]] = []
        candidates: list[str] = []
        raters: set[str] = set()
        for v in visits:
            given = [(w, SCALE[r]) for w, r in _counted(v, area) if r in SCALE]
            if len(given) >= 2:
                units.append([value for _, value in given])
                candidates.append(v.candidate)
                raters.update(w for w, _ in given)
        people = People.of(candidates, raters)
        rows.append(Row(area, None, (Stat("Alpha", ordinal_alpha(units), people, "alpha"),)))
    return Figure("agreement", "Agreement between raters", tuple(rows),
                  by_area=True)


def team_figures(visits: Sequence[Visit], notes_minutes: int,
                 areas: Mapping[str, str] | None = None) -> list[Figure]:
    """Every figure of the team report, in the order the report shows them."""
    order = list(areas) if areas else None
    known = _areas(visits)
    chosen = [a for a in order if a in known] + [a for a in known if a not in order] \
        if order else None
    return [outcomes(visits), return_visits(visits), days_to_decision(visits),
            latency(visits, notes_minutes), promises(visits), departures(visits),
            contested(visits, chosen), structure(visits), agreement(visits, chosen)]
