"""Reading the hiring records for a report: the decided visits in a date range, role and
format, with their scorecards and ratings, in one pass over each table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

from playbook_tools.records.schema import connect


@dataclasses.dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None
    format: str | None = None


@dataclasses.dataclass
class Scorecard:
    interviewer: str
    session_end: dt.datetime | None
    handed_in: dt.datetime | None
    ratings: dict[str, tuple[str | None, int]] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Visit:
    id: str
    candidate: str
    visit_number: int
    role: str
    format: str
    interview_day: dt.date
    followup_start: dt.datetime | None
    proposal: str
    outcome: str
    reason: str
    decided_on: dt.date
    promised_by: dt.date
    told_on: dt.date | None
    scorecards: dict[str, Scorecard] = dataclasses.field(default_factory=dict)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def load(database: Path, filters: Filters) -> list[Visit]:
    """Every visit with a recorded decision that the filters let through."""
    connection = connect(database, create=False)
    try:
        return _load(connection, filters)
    finally:
        connection.close()


def _load(connection: sqlite3.Connection, filters: Filters) -> list[Visit]:
    where = ["outcome IS NOT NULL"]
    values: list[str] = []
    for clause, value in (("interview_day >= ?", filters.start), ("interview_day <= ?",
                          filters.end), ("role = ?", filters.role), ("format = ?",
                          filters.format)):
        if value is not None:
            where.append(clause)
            values.append(value.isoformat() if isinstance(value, dt.date) else value)
    condition = " AND ".join(where)
    visits: dict[str, Visit] = {}
    # One read transaction: a record written meanwhile is either wholly in or wholly out.
    connection.execute("BEGIN")
    try:
        for row in connection.execute(
                "SELECT id, candidate, visit_number, role, format, interview_day, "
                "followup_start, proposal, outcome, reason, decided_on, promised_by, told_on "
                f"FROM visits WHERE {condition} ORDER BY interview_day, id", values):
            day = dt.date.fromisoformat(row[5])
            visits[row[0]] = Visit(
                row[0], row[1], int(row[2]), row[3], row[4], day, _moment(row[6]),
                row[7] or row[8], row[8], row[9] or "", _date(row[10]) or day,
                _date(row[11]) or day, _date(row[12]))
        inner = f"visit IN (SELECT id FROM visits WHERE {condition})"
        for visit, who, end, handed in connection.execute(
                f"SELECT visit, interviewer, session_end, handed_in FROM scorecards WHERE {inner}",
                values):
            visits[visit].scorecards[who] = Scorecard(who, _moment(end), _moment(handed))
        for visit, who, area, rating, length in connection.execute(
                f"SELECT visit, interviewer, area, rating, evidence_length FROM ratings "
                f"WHERE {inner}", values):
            card = visits[visit].scorecards.get(who)
            if card is not None:
                card.ratings[area] = (rating, int(length))
    finally:
        connection.execute("COMMIT")
    return list(visits.values())
