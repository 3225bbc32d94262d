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
from collections.abc import Sequence
from typing import Any, Literal

from playbook_tools.names import OUTCOME_LABELS as OUTCOME_LABELS  # re-exported for callers

Outcome = Literal["hire", "reject", "more-info"]

UNSURE = "unsure"
YES_SIDE = frozenset({"yes", "strong-yes"})
NO_SIDE = frozenset({"no", "strong-no"})
FILLED_RATINGS = ("strong-no", "no", "unsure", "yes", "strong-yes")

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

    def who_said(self) -> str:
        if not self.ratings:
            return "nobody assessed it"
        return ", ".join(f"{who}: {rating}" for who, rating in self.ratings)


@dataclasses.dataclass(frozen=True)
class FlagCount:
    flag: str
    interviewers: tuple[str, ...]

    @property
    def is_pattern(self) -> bool:
        """Noted by two or more interviewers independently: shown first."""
        return len(self.interviewers) >= 2


@dataclasses.dataclass(frozen=True)
class Decision:
    outcome: Outcome
    rule: int
    reason: str
    areas: tuple[AreaSummary, ...]
    to_explore: tuple[AreaSummary, ...]
    flags: tuple[FlagCount, ...]

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


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


def count_flags(flags_by_interviewer: Sequence[tuple[str, Sequence[str]]]) -> tuple[FlagCount, ...]:
    """Flags with who noted them; patterns (two or more people) first, then by count and name."""
    noted: dict[str, list[str]] = {}
    for interviewer, flags in flags_by_interviewer:
        for flag in dict.fromkeys(f.strip().lower() for f in flags if f.strip()):
            noted.setdefault(flag, []).append(interviewer)
    counts = [FlagCount(flag, tuple(sorted(who))) for flag, who in noted.items()]
    return tuple(sorted(counts, key=lambda f: (-len(f.interviewers), f.flag)))


def _names(summaries: Sequence[AreaSummary]) -> str:
    return "; ".join(f"{s.title} ({s.who_said()})" for s in summaries)


def decide(
    areas: Sequence[tuple[str, str]],
    assessments: Sequence[Assessment],
    flags_by_interviewer: Sequence[tuple[str, Sequence[str]]] = (),
) -> Decision:
    summaries = summarise_areas(areas, assessments)
    flags = count_flags(flags_by_interviewer)

    def of(*states: AreaState) -> tuple[AreaSummary, ...]:
        return tuple(s for s in summaries if s.state in states)

    if clear_no := of("clear-no"):
        return Decision("reject", 1, "A clear no in " + _names(clear_no) + ".",
                        summaries, (), flags)
    if unclear := of("contested", "unassessed"):
        return Decision("more-info", 2, "No consistent read on " + _names(unclear) + ".",
                        summaries, unclear, flags)
    vague = of("vague")
    if len(vague) >= 2:
        return Decision("reject", 3, "Only vague impressions of " + _names(vague) + ".",
                        summaries, (), flags)
    if vague:
        return Decision("more-info", 3, "Only a vague impression of " + _names(vague) + ".",
                        summaries, vague, flags)
    return Decision("hire", 4, "Every area has only yes-side ratings.", summaries, (), flags)


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


def run_example(
    example: tuple[tuple[str, tuple[str, ...]], ...],
) -> Decision:
    interviewers = ("Interviewer A", "Interviewer B", "Interviewer C")
    areas = [(title.lower(), title) for title, _ in example]
    assessments = [
        Assessment(interviewers[n], title.lower(), rating)
        for title, ratings in example
        for n, rating in enumerate(ratings)
    ]
    return decide(areas, assessments)


# --------------------------------------------------------------------------------------------
# Reporting (used by `playbook decide` and `playbook_tools.record`; the rule does not depend on it)

REPORT_WIDTH = 88
STATE_LABELS: dict[str, str] = {
    "clear-no": "clear no",
    "contested": "contested",
    "unassessed": "nobody assessed it",
    "vague": "vague (only unsure)",
    "yes": "yes",
}


def decision_as_dict(
    decision: Decision, assessments: Sequence[Assessment] = ()
) -> dict[str, Any]:
    """The proposal, areas and flags in the documented ``playbook decide --json`` shape."""
    evidence = {(a.interviewer, a.area): a.evidence for a in assessments}
    return {
        "proposal": {"outcome": decision.outcome, "label": decision.label,
                     "rule": decision.rule, "reason": decision.reason},
        "areas": [
            {"id": s.area, "title": s.title, "state": s.state,
             "ratings": [{"interviewer": who, "rating": rating,
                          "evidence": evidence.get((who, s.area), "")}
                         for who, rating in s.ratings]}
            for s in decision.areas
        ],
        "to_explore": [s.area for s in decision.to_explore],
        "flags": [{"flag": f.flag, "interviewers": list(f.interviewers), "pattern": f.is_pattern}
                  for f in decision.flags],
    }


def explore_text(areas: Sequence[AreaSummary]) -> str:
    """The ``areas_to_explore`` of the outcome-more-info email: one line per area."""
    return "\n".join(f"- {_in_sentence(s.title)}" for s in areas)


def _in_sentence(title: str) -> str:
    """'Testing and code quality' reads as 'testing and code quality' after 'a read on:'."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def report_text(decision: Decision, assessments: Sequence[Assessment], *, heading: str | None,
                given: Sequence[str], missing: Sequence[str]) -> str:
    """What ``playbook decide`` prints: the proposal, patterns first, then every area with who
    rated what and their evidence. ``given`` are the interviewers whose ratings are in."""
    # Imported here: this module is imported by `playbook --help`, which must stay fast.
    from playbook_tools.render.text import _wrap

    def wrap(text: str, indent: str) -> list[str]:
        return _wrap(" ".join(text.split()), REPORT_WIDTH, indent)

    evidence = {(a.interviewer, a.area): a.evidence for a in assessments}
    out: list[str] = []
    if heading:
        out.append(heading)
    out.append(f"Scorecards in: {', '.join(given)}")
    if missing:
        out.append(f"PARTIAL: still waiting for {', '.join(missing)}; this is not a basis "
                   "for a decision yet.")
    out += ["", f"Proposed outcome: {decision.label} (rule {decision.rule})",
            *wrap(decision.reason, "  ")]
    patterns = [f for f in decision.flags if f.is_pattern]
    once = [f for f in decision.flags if not f.is_pattern]
    if patterns:
        out += ["", "Flags noted by two or more interviewers:"]
        out += [f"  {f.flag}: {', '.join(f.interviewers)}" for f in patterns]
    if once:
        out += ["", "Flags noted once:"]
        out += [f"  {f.flag}: {', '.join(f.interviewers)}" for f in once]
    out += ["", "Areas:"]
    for summary in decision.areas:
        out.append(f"  {summary.title}: {STATE_LABELS[summary.state]}")
        for who, rating in summary.ratings:
            out.append(f"    {who}: {rating}")
            out += wrap(evidence.get((who, summary.area)) or "(no evidence written)", "      ")
    if decision.to_explore:
        out += ["", "Areas to explore:"]
        out += [f"  - {s.title} ({s.area}): {s.who_said()}" for s in decision.to_explore]
    out += ["", "This is a proposal; the people in the room decide. Record the decision with",
            "--record --outcome hire|reject|more-info -o DIR (with --owner NAME and",
            "--by YYYY-MM-DD unless a kit names them)."]
    return "\n".join(out) + "\n"
