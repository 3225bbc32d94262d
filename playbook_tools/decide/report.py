"""The proposal as people read it: the text ``playbook decide`` prints and the ``--json`` shape.

The rule (``decide.rule``) does not depend on this module. Every fixed word goes through the
team playbook's ``gettext`` (``str`` for English, the source language); ``MESSAGES`` lists them,
and the few that ``decide.record`` and ``playbook decide`` print, for the translators' catalog
(``playbook messages``). The record's own words are in ``templates/decide/decision.md.j2``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from playbook_tools.decide.rule import AreaSummary, Assessment, Decision, FlagCount, rating_word
from playbook_tools.render.text import wrap

Gettext = Callable[[str], str]
REPORT_WIDTH = 88
STATE_LABELS: dict[str, str] = {
    "clear-no": "clear no",
    "contested": "contested",
    "unassessed": "nobody assessed it",
    "vague": "vague (only unsure)",
    "yes": "yes",
}
# Whether the card counts a flag a strength or a concern, as a reader's word.
KIND_WORDS: dict[str, str] = {"strength": "strength", "concern": "concern"}
NO_EVIDENCE = "(no evidence written)"
CLOSING = ("This is a proposal; the people in the room decide. Record the decision with\n"
           "--record --outcome hire|reject|more-info -o DIR (with --owner NAME and\n"
           "--by YYYY-MM-DD unless a kit names them).")

MESSAGES: tuple[str, ...] = (
    *STATE_LABELS.values(), *KIND_WORDS.values(), NO_EVIDENCE, CLOSING,
    "Scorecards in: %(names)s",
    "PARTIAL: still waiting for %(names)s; this is not a basis for a decision yet.",
    "Proposed outcome: %(outcome)s (rule %(rule)s)",
    "Flags noted by two or more interviewers:", "Flags noted once:", "Areas:",
    "Areas to explore:",
    # decide.record: the reminder calendar's name; cli/decide.py: what --record wrote.
    "Outcome: %(candidate)s", "recorded: %(files)s",
    "hiring records: visit %(visit)s in %(database)s",
)


def in_words(gettext: Gettext) -> Gettext | None:
    """What ``who_said`` and ``rating_word`` take: None keeps the rating ids (English)."""
    return None if gettext is str else gettext


def decision_as_dict(decision: Decision, assessments: Sequence[Assessment] = (),
                     _: Gettext = str) -> dict[str, Any]:
    """The proposal, areas and flags in the documented ``playbook decide --json`` shape; the
    label and the reason are in the reader's language, every id stays as it is."""
    evidence = {(a.interviewer, a.area): a.evidence for a in assessments}
    return {
        "proposal": {"outcome": decision.outcome, "label": _(decision.label),
                     "rule": decision.rule, "reason": decision.explain(_)},
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
                given: Sequence[str], missing: Sequence[str], _: Gettext = str) -> str:
    """What ``playbook decide`` prints: the proposal, patterns first, then every area with who
    rated what and their evidence. ``given`` are the interviewers whose ratings are in."""
    def wrapped(text: str, indent: str) -> list[str]:
        return wrap(" ".join(text.split()), REPORT_WIDTH, indent)

    words = in_words(_)
    evidence = {(a.interviewer, a.area): a.evidence for a in assessments}
    out: list[str] = []
    if heading:
        out.append(heading)
    out.append(_("Scorecards in: %(names)s") % {"names": ", ".join(given)})
    if missing:
        out.append(_("PARTIAL: still waiting for %(names)s; this is not a basis for a decision "
                     "yet.") % {"names": ", ".join(missing)})
    out += ["", _("Proposed outcome: %(outcome)s (rule %(rule)s)")
            % {"outcome": _(decision.label), "rule": decision.rule},
            *wrapped(decision.explain(_), "  ")]
    patterns = [f for f in decision.flags if f.is_pattern]
    once = [f for f in decision.flags if not f.is_pattern]
    if patterns:
        out += ["", _("Flags noted by two or more interviewers:")]
        out += [f"  {flag_label(f, _)}: {', '.join(f.interviewers)}" for f in patterns]
    if once:
        out += ["", _("Flags noted once:")]
        out += [f"  {flag_label(f, _)}: {', '.join(f.interviewers)}" for f in once]
    out += ["", _("Areas:")]
    for summary in decision.areas:
        out.append(f"  {summary.title}: {_(STATE_LABELS[summary.state])}")
        for who, rating in summary.ratings:
            out.append(f"    {who}: {rating_word(rating, words)}")
            out += wrapped(evidence.get((who, summary.area)) or _(NO_EVIDENCE), "      ")
    if decision.to_explore:
        out += ["", _("Areas to explore:")]
        out += [f"  - {s.title} ({s.area}): {s.who_said(words)}" for s in decision.to_explore]
    out += ["", *_(CLOSING).splitlines()]
    return "\n".join(out) + "\n"


def flag_label(flag: FlagCount, _: Gettext = str) -> str:
    """A flag as people read it: with whether the card counts it a strength or a concern. In
    another language, the flag's words as the scorecard prints them."""
    name = flag.flag if _ is str else _(flag.flag.replace("-", " "))
    kind = KIND_WORDS.get(flag.kind or "")
    return f"{name} ({_(kind)})" if kind else name
