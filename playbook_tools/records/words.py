"""Every word of the report, in English as the message ids, and the report's numbers written
as the reader's language writes them. The German is in the content's catalog
(``locale/de/LC_MESSAGES/playbook.po``); ``playbook messages`` lists these for translators.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from playbook_tools.model.translation import SOURCE_LANGUAGE, load_translations
from playbook_tools.vocabulary import OUTCOME_LABELS

TOO_FEW = "too few to show"

# What each figure means, shown under its title.
MEANINGS: dict[str, str] = {
    "outcomes": "What the room decided, one count per interview day.",
    "return-visits": "Interview days that were a candidate's return visit after Need more "
                     "information.",
    "days-to-decision": "Days from the interview day to the recorded decision.",
    "scorecard-latency": "Minutes from the end of an interviewer's session to the moment the "
                         "coordinator filed their scorecard. The handbook gives each "
                         "interviewer a notes block of {notes_minutes} minutes.",
    "promises": "Whether the candidate heard the outcome by the date we promised them.",
    "departures": "How often the room decided differently from the proposal, and the "
                  "reasons it wrote down.",
    "contested": "Per area, the share of interview days on which two or more interviewers "
                 "rated it and their ratings fell on both sides.",
    "structure": "Scorecards with every area rated and backed by evidence, handed in before "
                 "the follow-up session began.",
    "agreement": "Per area, Krippendorff's alpha for ordinal ratings, over the interview days "
                 "on which two or more interviewers rated it: 1 is full agreement, 0 is what "
                 "chance alone gives.",
    "personal": "Your own figures beside the team's. Only you see these.",
}

MESSAGES: tuple[str, ...] = (
    "Hiring health", "Team report", "Your figures beside the team's", TOO_FEW,
    "Interview days from {start} to {end}", "Every interview day recorded",
    "Role: {role}", "Format: {format}", "Made on {date}.", "Share", "Value", "Area", "Part",
    "What", "Reasons the room gave",
    "Every figure hides itself when it is about one to four people, and a group of figures "
    "hides whole, so that no hidden number can be worked out from the ones shown. Figures "
    "about interviewers need six, and no interviewer is named.",
    "No figure here predicts how well anyone will do the job. Small numbers mislead: read a "
    "change over a quarter, not a single interview day.",
    "{proposal} proposed, {outcome} decided",
    # figures.py: titles, cells and statistics
    "Outcomes", "Return visits", "First visit", "Return visit",
    "Days from interview to decision", "The same day", "1 day", "2 days", "3 days or more",
    "Median days", "Scorecard latency", "Within the notes block", "Later the same day",
    "A later day", "Not recorded", "Median minutes after the session",
    "Told by the promised date", "Told later", "Not noted yet",
    "Median days late, of those told later", "The room's departures from the proposal",
    "Followed the proposal", "Departed from it", "Departures by kind", "Most contested areas",
    "Contested", "Consistent", "Structure adherence",
    "Complete and before the follow-up session", "Complete, but after it or time unknown",
    "An area blank or without evidence", "Agreement between raters", "Alpha",
    # personal.py
    "Your own figures", "You", "The team", "Scorecards handed in", "Leniency against the panel",
    "Agreement with the outcome without your vote",
    "The team's leniency, lower quartile", "The team's leniency, upper quartile",
    *MEANINGS.values(),
)


@dataclasses.dataclass(frozen=True)
class Words:
    """The report's language: its messages, numbers and dates."""

    language: str
    found: dict[str, str]

    def __call__(self, message: str, **values: str) -> str:
        text = self.found.get(message) or message
        return text.format(**values) if values else text

    def outcome(self, outcome: str) -> str:
        return self(OUTCOME_LABELS[outcome])

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.language)

    def percent(self, share: float) -> str:
        return format_percent(share, format="#,##0 %", locale=self.language)

    def signed(self, value: float) -> str:
        sign = "+" if value > 0 else "−" if value < 0 else "±"  # noqa: RUF001 (a minus sign)
        return sign + self.number(abs(value), 2)

    def date(self, value: object) -> str:
        return format_date(value, format="long", locale=self.language)  # type: ignore[arg-type]

    def value(self, value: float, unit: str) -> str:
        """A statistic as the report writes it."""
        if unit == "share":
            return self.percent(value)
        if unit == "score":
            return self.signed(value)
        if unit == "alpha":
            return self.number(value, 2)
        if unit == "minutes" or unit == "count":
            return self.number(round(value))
        return self.number(value, 1 if value % 1 else 0)


def words_for(language: str, locale_dir: Path) -> Words:
    if language == SOURCE_LANGUAGE:
        return Words(language, {})
    return Words(language, dict(load_translations(locale_dir, language).found))
