"""Fixed vocabularies the command line offers as choices.

Kept apart from ``model`` and ``config`` so that building the argument parser (and so
``playbook --help``) imports nothing heavy.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["checklist", "scorecard", "email"]
KINDS: tuple[Kind, ...] = ("checklist", "scorecard", "email")
PAPER_SIZES = ("a4", "letter")
# The follow-up session's three outcomes, in the words the handbook uses.
OUTCOME_LABELS: dict[str, str] = {
    "hire": "Hire",
    "reject": "Reject",
    "more-info": "Need more information",
}
