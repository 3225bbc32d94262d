"""Which figures the report may show: none that is about fewer than five people, and none that
the figures shown would give away by subtraction.

A figure's cells form a ``Group``: a partition of the people it counts, whose total (its n) is
shown beside it. A group is shown only whole: if any cell is about one to four people (a zero
is about nobody), every cell of the group is hidden, so that no hidden cell is the total less
the shown ones. Every cell belongs to one group only, and no group is the sum of others. A
figure about interviewers needs one more (``MINIMUM_INTERVIEWERS``): an interviewer who sees
their own figures beside the team's, and subtracts them, still looks at five other people.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

MINIMUM = 5
MINIMUM_INTERVIEWERS = MINIMUM + 1


@dataclasses.dataclass(frozen=True)
class People:
    """Who stands behind a number: distinct candidates and distinct interviewers."""

    candidates: frozenset[str] = frozenset()
    interviewers: frozenset[str] = frozenset()

    @classmethod
    def of(cls, candidates: Iterable[str] = (), interviewers: Iterable[str] = ()) -> People:
        return cls(frozenset(candidates), frozenset(interviewers))

    def enough(self) -> bool:
        """Five candidates at least, and six interviewers if the number is about interviewers."""
        if len(self.candidates) < MINIMUM:
            return False
        return not self.interviewers or len(self.interviewers) >= MINIMUM_INTERVIEWERS


@dataclasses.dataclass(frozen=True)
class Cell:
    key: str  # the message id of its label
    count: int
    people: People
    value: float | None = None  # a statistic of the cell's people (a median, an alpha)


@dataclasses.dataclass(frozen=True)
class Group:
    """Cells that together count every one of the ``total`` people once."""

    cells: tuple[Cell, ...]
    total: int
    people: People
    withheld: bool = False  # hidden so that the rest of the records cannot be worked out

    @property
    def visible(self) -> bool:
        """Shown whole or not at all; a zero is about nobody and hides nothing."""
        return not self.withheld and self.people.enough() and all(
            c.count == 0 or c.people.enough() for c in self.cells)

    @property
    def total_visible(self) -> bool:
        return not self.withheld and self.people.enough()

    def share(self, cell: Cell) -> float:
        return cell.count / self.total if self.total else 0.0


def group(cells: Sequence[Cell]) -> Group:
    everyone = People(frozenset().union(*(c.people.candidates for c in cells)),
                      frozenset().union(*(c.people.interviewers for c in cells)))
    return Group(tuple(cells), sum(c.count for c in cells), everyone)
