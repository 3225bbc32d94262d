"""How dates and times are written for people, and the working days to a promised answer."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date) -> str:
    """'Tuesday 9 March 2027': unambiguous in every country, unlike 03/09/2027."""
    return f"{day:%A} {day.day} {day:%B %Y}"


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
