"""Writing to the hiring-records database: a hand-in, a recorded decision, the day told.

Every write is one ``BEGIN IMMEDIATE`` transaction: two coordinators recording at once wait
for each other (``schema.BUSY_MS``) and neither loses the other's rows. A visit is found again
by a keyed hash of the candidate's e-mail address and interview day (``RecordsFolder.link``),
so recording again (``--force``) replaces the visit's rows instead of adding a second visit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator

from playbook_tools.errors import PlaybookError
from playbook_tools.records.facts import VisitFacts
from playbook_tools.records.folder import RecordsFolder, random_id
from playbook_tools.records.schema import connect


@contextlib.contextmanager
def writing(folder: RecordsFolder) -> Iterator[sqlite3.Connection]:
    """One transaction that holds the write lock from its start; rolled back on any error."""
    folder.prepare()
    connection = connect(folder.database)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        raise PlaybookError(f"{folder.database}: could not be written: {exc}") from None
    finally:
        connection.close()


def _iso(moment: dt.date | dt.datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def reserve_visit(connection: sqlite3.Connection, folder: RecordsFolder, email: str,
                  day: dt.date, role: str, format: str) -> str:
    """The visit's id: the one recorded for this candidate and day, or a new one."""
    link = folder.link(email, day.isoformat())
    row = connection.execute("SELECT id FROM visits WHERE link = ?", (link,)).fetchone()
    if row is not None:
        return str(row[0])
    candidate_link = folder.link(email)
    found = connection.execute("SELECT id FROM candidates WHERE link = ?",
                               (candidate_link,)).fetchone()
    if found is None:
        candidate = random_id()
        connection.execute("INSERT INTO candidates (id, link) VALUES (?, ?)",
                           (candidate, candidate_link))
    else:
        candidate = str(found[0])
    earlier = connection.execute(
        "SELECT count(*) FROM visits WHERE candidate = ? AND interview_day < ?",
        (candidate, day.isoformat())).fetchone()[0]
    visit = random_id()
    connection.execute(
        "INSERT INTO visits (id, candidate, link, visit_number, role, format, interview_day) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (visit, candidate, link, int(earlier) + 1, role, format, day.isoformat()))
    return visit


def visit_for(folder: RecordsFolder, email: str, day: dt.date, role: str, format: str) -> str:
    """Reserve the visit's id before its decision record is written (the record names it)."""
    with writing(folder) as connection:
        return reserve_visit(connection, folder, email, day, role, format)


def hand_in(folder: RecordsFolder, email: str, day: dt.date, role: str, format: str,
            interviewer: str, at: dt.datetime) -> tuple[str, dt.datetime]:
    """Note when the coordinator filed an interviewer's scorecard. The first filing counts:
    a corrected form filed again later was still handed in when it first came."""
    with writing(folder) as connection:
        visit = reserve_visit(connection, folder, email, day, role, format)
        pseudonym = folder.pseudonym(interviewer)
        connection.execute(
            "INSERT INTO scorecards (visit, interviewer, handed_in) VALUES (?, ?, ?) "
            "ON CONFLICT (visit, interviewer) DO UPDATE SET "
            "handed_in = coalesce(scorecards.handed_in, excluded.handed_in)",
            (visit, pseudonym, at.isoformat()))
        first = connection.execute(
            "SELECT handed_in FROM scorecards WHERE visit = ? AND interviewer = ?",
            (visit, pseudonym)).fetchone()[0]
    return visit, dt.datetime.fromisoformat(first)


def save_decision(folder: RecordsFolder, visit: str, facts: VisitFacts, outcome: str,
                  reason: str, decided_on: dt.date, promised_by: dt.date,
                  record_folder: str) -> None:
    """The visit's decision and every scorecard's ratings, replacing what an earlier record of
    the same visit wrote; hand-in times already noted are kept."""
    with writing(folder) as connection:
        reserved = reserve_visit(connection, folder, facts.email, facts.interview_day,
                                 facts.role, facts.format)
        if reserved != visit:
            raise PlaybookError(f"{folder.database}: visit {visit} is not this candidate's "
                                "visit on this day; record again")
        connection.execute(
            "UPDATE visits SET role = ?, format = ?, followup_start = ?, proposal = ?, "
            "proposal_rule = ?, outcome = ?, reason = ?, decided_on = ?, promised_by = ?, "
            "record_folder = ? WHERE id = ?",
            (facts.role, facts.format, _iso(facts.followup_start), facts.proposal,
             facts.proposal_rule, outcome, reason or None, decided_on.isoformat(),
             promised_by.isoformat(), record_folder, visit))
        handed = dict(connection.execute(
            "SELECT interviewer, handed_in FROM scorecards WHERE visit = ?", (visit,)).fetchall())
        connection.execute("DELETE FROM scorecards WHERE visit = ?", (visit,))
        for card in facts.scorecards:
            who = folder.pseudonym(card.interviewer)
            connection.execute(
                "INSERT INTO scorecards (visit, interviewer, session_end, handed_in) "
                "VALUES (?, ?, ?, ?)", (visit, who, _iso(card.session_end), handed.get(who)))
            connection.executemany(
                "INSERT INTO ratings (visit, interviewer, area, rating, evidence_length) "
                "VALUES (?, ?, ?, ?, ?)",
                [(visit, who, r.area, r.rating, r.evidence_length) for r in card.ratings])
            connection.executemany(
                "INSERT INTO flags (visit, interviewer, flag) VALUES (?, ?, ?)",
                [(visit, who, flag) for flag in card.flags])


def told(folder: RecordsFolder, day: dt.date, *, visit: str | None = None,
         email: str | None = None, interview_day: dt.date | None = None) -> str:
    """Note the day the candidate was told the outcome; returns the visit's id."""
    with writing(folder) as connection:
        if visit is None:
            assert email is not None and interview_day is not None
            row = connection.execute(
                "SELECT id, decided_on FROM visits WHERE link = ?",
                (folder.link(email, interview_day.isoformat()),)).fetchone()
            where = "this kit's candidate"
        else:
            row = connection.execute("SELECT id, decided_on FROM visits WHERE id = ?",
                                     (visit,)).fetchone()
            where = f"visit {visit}"
        if row is None or row[1] is None:
            raise PlaybookError(f"--told: no decision is recorded for {where}; record it "
                                "first with --record")
        if day < dt.date.fromisoformat(row[1]):
            raise PlaybookError(f"--told {day}: is before the decision, {row[1]}")
        connection.execute("UPDATE visits SET told_on = ? WHERE id = ?",
                           (day.isoformat(), row[0]))
        return str(row[0])
