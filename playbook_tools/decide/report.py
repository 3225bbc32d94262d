"""The proposal as people read it: the text ``playbook decide`` prints and the ``--json`` shape.

The rule (``decide.rule``) does not depend on this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from playbook_tools.decide.rule import AreaSummary, Assessment, Decision, FlagCount
from playbook_tools.render.text import wrap

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
        "flags": [{"flag": f.flag, "kind": f.kind, "interviewers": list(f.interviewers),
                   "pattern": f.is_pattern}
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
    def wrapped(text: str, indent: str) -> list[str]:
        return wrap(" ".join(text.split()), REPORT_WIDTH, indent)

    evidence = {(a.interviewer, a.area): a.evidence for a in assessments}
    out: list[str] = []
    if heading:
        out.append(heading)
    out.append(f"Scorecards in: {', '.join(given)}")
    if missing:
        out.append(f"PARTIAL: still waiting for {', '.join(missing)}; this is not a basis "
                   "for a decision yet.")
    out += ["", f"Proposed outcome: {decision.label} (rule {decision.rule})",
            *wrapped(decision.reason, "  ")]
    patterns = [f for f in decision.flags if f.is_pattern]
    once = [f for f in decision.flags if not f.is_pattern]
    if patterns:
        out += ["", "Flags noted by two or more interviewers:"]
        out += [f"  {flag_label(f)}: {', '.join(f.interviewers)}" for f in patterns]
    if once:
        out += ["", "Flags noted once:"]
        out += [f"  {flag_label(f)}: {', '.join(f.interviewers)}" for f in once]
    out += ["", "Areas:"]
    for summary in decision.areas:
        out.append(f"  {summary.title}: {STATE_LABELS[summary.state]}")
        for who, rating in summary.ratings:
            out.append(f"    {who}: {rating}")
            out += wrapped(evidence.get((who, summary.area)) or "(no evidence written)", "      ")
    if decision.to_explore:
        out += ["", "Areas to explore:"]
        out += [f"  - {s.title} ({s.area}): {s.who_said()}" for s in decision.to_explore]
    out += ["", "This is a proposal; the people in the room decide. Record the decision with",
            "--record --outcome hire|reject|more-info -o DIR (with --owner NAME and",
            "--by YYYY-MM-DD unless a kit names them)."]
    return "\n".join(out) + "\n"


def flag_label(flag: FlagCount) -> str:
    """A flag as people read it: with whether the card counts it a strength or a concern."""
    return f"{flag.flag} ({flag.kind})" if flag.kind else flag.flag
