"""The hiring-records database: an SQLite file any SQL tool opens, its schema versioned.

The version is SQLite's ``PRAGMA user_version``. Each entry of ``MIGRATIONS`` takes the file
from one version to the next inside one transaction, so a file is always at a version this code
knows, and a newer file than the code is refused rather than misread.

What the tables hold (the handbook's data page repeats it): no name, no address and no evidence
text. A candidate is a random id; an interviewer is a keyed pseudonym (``folder.pseudonym``);
a rating keeps only the length of its evidence.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from playbook_tools.errors import PlaybookError

DATABASE = "hiring.sqlite3"
BUSY_MS = 10_000  # how long a writer waits for another to finish before giving up

# Version 1. Dates are ISO 8601 text (YYYY-MM-DD), moments ISO 8601 with their offset.
_VERSION_1 = """
CREATE TABLE candidates (
    id TEXT PRIMARY KEY,            -- random; the same for every visit of one candidate
    link TEXT UNIQUE                -- keyed hash of the e-mail address; NULL once past retention
);
CREATE TABLE visits (
    id TEXT PRIMARY KEY,            -- random; decision.md names it
    candidate TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    link TEXT UNIQUE,               -- keyed hash of e-mail and day; NULL once past retention
    visit_number INTEGER NOT NULL,  -- 1 for the first interview day, 2 for a return visit, ...
    role TEXT NOT NULL,
    format TEXT NOT NULL,           -- the scorecard's id, which names the interview format
    interview_day TEXT NOT NULL,
    followup_start TEXT,            -- when the follow-up session began, if the kit said
    proposal TEXT,                  -- hire, reject or more-info, as the rule proposed
    proposal_rule INTEGER,
    outcome TEXT,                   -- what the room decided; NULL until it is recorded
    reason TEXT,                    -- the room's reason when the outcome is not the proposal
    decided_on TEXT,
    promised_by TEXT,               -- the date the candidate was promised the outcome by
    told_on TEXT,                   -- the date they were told; NULL until recorded
    record_folder TEXT              -- the decision record, relative to the records folder
);
CREATE TABLE scorecards (
    visit TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    interviewer TEXT NOT NULL,      -- keyed pseudonym, never the name
    session_end TEXT,               -- when this interviewer's session with the candidate ended
    handed_in TEXT,                 -- when the coordinator filed the scorecard
    PRIMARY KEY (visit, interviewer)
);
CREATE TABLE ratings (
    visit TEXT NOT NULL,
    interviewer TEXT NOT NULL,
    area TEXT NOT NULL,             -- the scorecard area's id
    rating TEXT,                    -- strong-no, no, unsure, yes, strong-yes; NULL: not assessed
    evidence_length INTEGER NOT NULL,  -- characters of evidence; the text is never stored
    PRIMARY KEY (visit, interviewer, area),
    FOREIGN KEY (visit, interviewer) REFERENCES scorecards(visit, interviewer) ON DELETE CASCADE
);
CREATE TABLE flags (
    visit TEXT NOT NULL,
    interviewer TEXT NOT NULL,
    flag TEXT NOT NULL,             -- one of the card's flags, or 'other'
    PRIMARY KEY (visit, interviewer, flag),
    FOREIGN KEY (visit, interviewer) REFERENCES scorecards(visit, interviewer) ON DELETE CASCADE
);
CREATE INDEX visits_day ON visits(interview_day);
"""

# MIGRATIONS[n] takes a file from version n to n + 1. Add one; never change an old one.
MIGRATIONS: tuple[str, ...] = (_VERSION_1,)
VERSION = len(MIGRATIONS)


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open the database at the current version, migrating an older file.

    The connection makes its own transactions (``BEGIN IMMEDIATE`` in ``writing``), waits for
    another writer rather than failing, and enforces the foreign keys.
    """
    if not create and not path.is_file():
        raise PlaybookError(f"{path}: no hiring-records database yet; `playbook decide "
                            "--record` starts it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_MS / 1000, isolation_level=None)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        connection.execute("PRAGMA foreign_keys = ON")
        migrate(connection, path)
    except sqlite3.DatabaseError as exc:
        raise PlaybookError(f"{path}: cannot be opened as the hiring-records database: "
                            f"{exc}") from None
    except OSError as exc:
        raise PlaybookError(f"{path}: cannot be opened: {exc.strerror}") from None
    return connection


def migrate(connection: sqlite3.Connection, path: Path) -> None:
    """Bring the file to ``VERSION``, one migration per transaction."""
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > VERSION:
                raise PlaybookError(f"{path}: is at schema version {version}; this playbook "
                                    f"reads up to {VERSION}: update the playbook")
            if version == VERSION:
                connection.execute("COMMIT")
                return
            for statement in statements(MIGRATIONS[version]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def statements(script: str) -> list[str]:
    """A script's statements one by one (``executescript`` would commit half-way)."""
    found, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            found.append(buffer.strip())
            buffer = ""
    return found
