"""What is past the retention period (``playbook_retention_days`` after the interview day):
kit folders, decision records, and the keyed links that tie database rows to a candidate's
e-mail address. Listed by default; deleted only when asked.

What stays in the database after that (the data page says why it may): the de-identified rows,
a random id, a role, a format, dates, ratings and pseudonyms. With the links gone, nobody can
tell whose rows they are, even with the candidate's e-mail address and the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from playbook_tools.decide.record import (
    EMAIL_FILE,
    OLD_EMAIL_FILES,
    RECORD_FILE,
    REMINDER_FILE,
    SCORECARDS_FOLDER,
)
from playbook_tools.errors import PlaybookError
from playbook_tools.files import GITIGNORE, ignores_everything
from playbook_tools.manifest import MANIFEST, is_kit
from playbook_tools.records.folder import RecordsFolder
from playbook_tools.records.schema import connect
from playbook_tools.records.store import writing


@dataclasses.dataclass(frozen=True)
class Expired:
    kind: str  # "kit", "decision record" or "database links"
    path: Path | None
    day: dt.date
    count: int = 1


def _kit_day(folder: Path) -> dt.date | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return dt.date.fromisoformat(data["date"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def expired_kits(places: Sequence[Path], cutoff: dt.date) -> list[Expired]:
    """Kit folders in ``places`` (or a place that is a kit) whose day is before ``cutoff``."""
    found = []
    for place in places:
        candidates = [place] if is_kit(place) else sorted(
            p for p in (place.iterdir() if place.is_dir() else ()) if p.is_dir() and is_kit(p))
        for kit in candidates:
            day = _kit_day(kit)
            if day is not None and day < cutoff:
                found.append(Expired("kit", kit, day))
    return found


def expired_records(folder: RecordsFolder, cutoff: dt.date) -> list[Expired]:
    found = []
    if folder.decisions.is_dir():
        for record in sorted(folder.decisions.iterdir()):
            try:
                day = dt.date.fromisoformat(record.name[:10])
            except ValueError:
                continue
            if record.is_dir() and day < cutoff:
                found.append(Expired("decision record", record, day))
    if folder.database.is_file():
        connection = connect(folder.database)
        try:
            row = connection.execute(
                "SELECT count(*), min(interview_day) FROM visits WHERE interview_day < ? AND "
                "(link IS NOT NULL OR record_folder IS NOT NULL)",
                (cutoff.isoformat(),)).fetchone()
        finally:
            connection.close()
        if row[0]:
            found.append(Expired("database links", folder.database,
                                 dt.date.fromisoformat(row[1]), int(row[0])))
    return found


RECORD_NAMES = {GITIGNORE, RECORD_FILE, EMAIL_FILE, REMINDER_FILE, SCORECARDS_FOLDER,
                *OLD_EMAIL_FILES}


def delete(items: Sequence[Expired], folder: RecordsFolder, cutoff: dt.date) -> None:
    """Delete what ``items`` lists; refuse a folder that holds anything the tool did not write."""
    for item in items:
        if item.kind == "kit" and item.path is not None:
            if not ignores_everything(item.path):
                raise PlaybookError(f"{item.path}: has no .gitignore from `playbook kit`; "
                                    "delete it by hand if it is a kit")
            shutil.rmtree(item.path)
        elif item.kind == "decision record" and item.path is not None:
            if not all(p.name in RECORD_NAMES for p in item.path.iterdir()):
                raise PlaybookError(f"{item.path}: holds files that are not a decision "
                                    "record's; move them out, then run again")
            shutil.rmtree(item.path)
    if any(i.kind == "database links" for i in items):
        with writing(folder) as connection:
            day = cutoff.isoformat()
            connection.execute("UPDATE visits SET link = NULL, record_folder = NULL "
                               "WHERE interview_day < ?", (day,))
            # A candidate's link goes once none of their visits is within the period.
            connection.execute(
                "UPDATE candidates SET link = NULL WHERE id NOT IN "
                "(SELECT candidate FROM visits WHERE interview_day >= ?)", (day,))
