"""The follow-up session's proposed outcome, from the filled scorecards (DESIGN.md's rule).

The tool proposes; the people in the room decide. For each area, take every rating given; an
``unsure`` counts only when it is the area's only kind of rating. The first matching rule wins:

1. Reject if some area is a clear no (every counted rating is ``no`` or ``strong-no``).
2. Need more information if some area is contested (yes-side and no-side) or unassessed.
3. Reject if two or more areas are vague (only ``unsure``); one vague area needs more information.
4. Hire: every area has only yes-side ratings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from playbook_tools.vocabulary import NO_SIDE, OUTCOME_LABELS, UNSURE, YES_SIDE

Outcome = Literal["hire", "reject", "more-info"]

AreaState = Literal["clear-no", "contested", "unassessed", "vague", "yes"]


@dataclasses.dataclass(frozen=True)
class Assessment:
    """One interviewer's rating of one area."""

    interviewer: str
    area: str
    rating: str
    evidence: str = ""


@dataclasses.dataclass(frozen=True)
class AreaSummary:
    area: str
    title: str
    ratings: tuple[tuple[str, str], ...]  # (interviewer, rating), in the order given
    state: AreaState

    def who_said(self, gettext: Callable[[str], str] | None = None) -> str:
        """Who rated what: the rating ids, or with ``gettext`` the ratings in words."""
        if not self.ratings:
            return (gettext or str)(NOBODY)
        return ", ".join(f"{who}: {rating_word(rating, gettext)}" for who, rating in self.ratings)


NOBODY = "nobody assessed it"
# A rating as a reader's sentence names it, for the translated decision table (review G25).
RATING_WORDS: dict[str, str] = {"strong-no": "strong no", "no": "no", "unsure": "unsure",
                                "yes": "yes", "strong-yes": "strong yes"}


def rating_word(rating: str, gettext: Callable[[str], str] | None = None) -> str:
    return rating if gettext is None else gettext(RATING_WORDS.get(rating, rating))


@dataclasses.dataclass(frozen=True)
class FlagCount:
    flag: str
    interviewers: tuple[str, ...]
    kind: str | None = None  # 'strength' or 'concern' as the card lists it; None if it does not

    @property
    def is_pattern(self) -> bool:
        """Noted by two or more interviewers independently: shown first."""
        return len(self.interviewers) >= 2


@dataclasses.dataclass(frozen=True)
class Decision:
    outcome: Outcome
    rule: int
    because: str  # a key of REASONS
    named: str  # the areas the reason names, with who said what
    areas: tuple[AreaSummary, ...]
    to_explore: tuple[AreaSummary, ...]
    flags: tuple[FlagCount, ...]
    named_areas: tuple[AreaSummary, ...] = ()  # the areas ``named`` speaks of

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def reason(self) -> str:
        return self.explain(str)

    def explain(self, gettext: Callable[[str], str]) -> str:
        """The reason in the reader's language (``gettext`` from a translated playbook)."""
        named = self.named if gettext is str else "; ".join(
            f"{s.title} ({s.who_said(gettext)})" for s in self.named_areas)
        return gettext(REASONS[self.because]).format(areas=named)


# The reason each rule gives, in the words people read; {areas} names the areas and who said what.
REASONS: dict[str, str] = {
    "clear-no": "A clear no in {areas}.",
    "unclear": "Mixed or missing ratings for {areas}.",
    "vague-many": "Only vague impressions of {areas}.",
    "vague-one": "Only a vague impression of {areas}.",
    "hire": "Every area has only yes-side ratings.",
}


def area_state(ratings: Sequence[str]) -> AreaState:
    if not ratings:
        return "unassessed"
    counted = [r for r in ratings if r != UNSURE]
    if not counted:
        return "vague"
    if all(r in NO_SIDE for r in counted):
        return "clear-no"
    if all(r in YES_SIDE for r in counted):
        return "yes"
    return "contested"


def summarise_areas(
    areas: Sequence[tuple[str, str]], assessments: Sequence[Assessment]
) -> tuple[AreaSummary, ...]:
    """``areas`` are (id, title) in card order; every assessment must name one of them."""
    return tuple(
        AreaSummary(
            area_id, title,
            tuple((a.interviewer, a.rating) for a in assessments if a.area == area_id),
            area_state([a.rating for a in assessments if a.area == area_id]),
        )
        for area_id, title in areas
    )


def count_flags(flags_by_interviewer: Sequence[tuple[str, Sequence[str]]],
                kinds: Mapping[str, str] | None = None) -> tuple[FlagCount, ...]:
    """Flags with who noted them; patterns (two or more people) first, then by count and name.

    ``kinds`` maps a flag to 'strength' or 'concern' (the card's lists).
    """
    noted: dict[str, list[str]] = {}
    for interviewer, flags in flags_by_interviewer:
        for flag in dict.fromkeys(f.strip().lower() for f in flags if f.strip()):
            noted.setdefault(flag, []).append(interviewer)
    kinds = kinds or {}
    counts = [FlagCount(flag, tuple(sorted(who)), kinds.get(flag)) for flag, who in noted.items()]
    return tuple(sorted(counts, key=lambda f: (-len(f.interviewers), f.flag)))


def _names(summaries: Sequence[AreaSummary]) -> str:
    return "; ".join(f"{s.title} ({s.who_said()})" for s in summaries)


def decide(
    areas: Sequence[tuple[str, str]],
    assessments: Sequence[Assessment],
    flags_by_interviewer: Sequence[tuple[str, Sequence[str]]] = (),
    flag_kinds: Mapping[str, str] | None = None,
) -> Decision:
    summaries = summarise_areas(areas, assessments)
    flags = count_flags(flags_by_interviewer, flag_kinds)

    def of(*states: AreaState) -> tuple[AreaSummary, ...]:
        return tuple(s for s in summaries if s.state in states)

    if clear_no := of("clear-no"):
        return Decision("reject", 1, "clear-no", _names(clear_no),
                        summaries, (), flags, clear_no)
    if unclear := of("contested", "unassessed"):
        return Decision("more-info", 2, "unclear", _names(unclear),
                        summaries, unclear, flags, unclear)
    vague = of("vague")
    if len(vague) >= 2:
        return Decision("reject", 3, "vague-many", _names(vague),
                        summaries, (), flags, vague)
    if vague:
        return Decision("more-info", 3, "vague-one", _names(vague),
                        summaries, vague, flags, vague)
    return Decision("hire", 4, "hire", "", summaries, (), flags)


# One example per rule, in order of precedence; the follow-up session page's table is made by
# running these through ``decide`` (so the page cannot disagree with the code).
RULE_EXAMPLES: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("1. A clear no in any area rejects, even when another area is contested",
     (("Testing", ("no", "strong-no")), ("Collaboration", ("yes", "no")))),
    ("2. A contested area needs more information",
     (("Testing", ("yes", "no")), ("Collaboration", ("yes", "strong-yes")))),
    ("2. An area nobody assessed needs more information",
     (("Testing", ()), ("Collaboration", ("yes", "yes")))),
    ("3. Two or more vague areas reject",
     (("Testing", ("unsure",)), ("Collaboration", ("unsure", "unsure")), ("Learning", ("yes",)))),
    ("3. A single vague area needs more information",
     (("Testing", ("unsure",)), ("Collaboration", ("yes", "strong-yes")))),
    ("4. Hire when every area is yes-side; an unsure beside a yes does not count",
     (("Testing", ("yes", "unsure")), ("Collaboration", ("strong-yes", "yes")))),
)


EXAMPLE_INTERVIEWERS = ("Interviewer A", "Interviewer B", "Interviewer C")


def run_example(
    example: tuple[tuple[str, tuple[str, ...]], ...],
    gettext: Callable[[str], str] = str,
) -> Decision:
    interviewers = tuple(gettext(name) for name in EXAMPLE_INTERVIEWERS)
    areas = [(title.lower(), title) for title, _ in example]
    assessments = [
        Assessment(interviewers[n], title.lower(), rating)
        for title, ratings in example
        for n, rating in enumerate(ratings)
    ]
    return decide(areas, assessments)


def rule_messages() -> list[str]:
    """The rule's words for the translators' catalog: reasons, examples and their areas."""
    titles = [title for _, example in RULE_EXAMPLES for title, _ in example]
    return [*REASONS.values(), *(rule for rule, _ in RULE_EXAMPLES), *dict.fromkeys(titles),
            NOBODY, *RATING_WORDS.values(), *EXAMPLE_INTERVIEWERS]
