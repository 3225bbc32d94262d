"""How dates and times are written for people, and the working days to a promised answer.

Dates are spelt out by Babel in the reader's language ("Dienstag, 9. März 2027"), never as
03/09/2027, which reads differently in every country.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

# Babel's own full form for each language, but for English the handbook's house style, with no
# comma and the day before the month: "Tuesday 9 March 2027".
DATE_PATTERNS = {"en": "EEEE d MMMM y"}


def long_date(day: dt.date, language: str = "en") -> str:
    return str(format_date(day, DATE_PATTERNS.get(language, "full"), locale=language))


def clock(moment: dt.datetime | dt.time) -> str:
    return f"{moment:%H:%M}"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``days`` working days after ``start``: a promised answer never falls on a weekend."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
