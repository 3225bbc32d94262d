"""``kit.json``: what ``playbook kit`` writes so that ``playbook decide --kit`` knows the day.

The file is the hand-over between the kit and the decision: the candidate, each interviewer's
areas and form, who chairs, who tells the candidate and by when. It is read with the same
validator as every other file, so a hand-edited or damaged one gets one line naming the file and
the field, never a traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.validation import Checker

KIT_VERSION = 1
MANIFEST = "kit.json"
MAX_SEQUENCE = 2**31 - 2


def same_name(a: str, b: str) -> bool:
    """Names match whatever their spacing and case: 'grace  mensah' is 'Grace Mensah'."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclasses.dataclass(frozen=True)
class KitPerson:
    name: str
    email: str
    areas: tuple[str, ...] = ()
    form: str = ""  # the YAML form, relative to the kit folder
    pdf: str = ""  # the fillable PDF scorecard: decide reads whichever was filled in


AUDIENCES = ("team", "candidate")  # who a calendar event was sent to: which e-mail carried it


@dataclasses.dataclass(frozen=True)
class SentEvent:
    """An event the kit's invitations carried, as kit.json remembers it for the next build.

    A rebuild sends the same UID with a higher SEQUENCE, and cancels what it no longer has
    (RFC 5546), so it needs what was sent: when, to whom, and at which sequence.
    """

    uid: str
    audience: str
    sequence: int
    summary: str
    start: dt.datetime
    end: dt.datetime
    attendees: tuple[KitPerson, ...]
    location: str = ""
    cancelled: bool = False

    def as_json(self) -> dict[str, Any]:
        where = {"location": self.location} if self.location else {}
        return {"uid": self.uid, "audience": self.audience, "sequence": self.sequence,
                "status": "cancelled" if self.cancelled else "confirmed",
                "summary": self.summary, "start": self.start.isoformat(),
                "end": self.end.isoformat(), **where,
                "attendees": [{"name": p.name, "email": p.email} for p in self.attendees]}


@dataclasses.dataclass(frozen=True)
class Manifest:
    folder: Path
    candidate: KitPerson
    role: str
    date: dt.date
    scorecard: str
    interviewers: tuple[KitPerson, ...]
    hiring_manager: KitPerson
    coordinator: KitPerson
    closes_loop: KitPerson
    outcome_by: dt.date
    language: str = "en"  # the candidate's
    events: tuple[SentEvent, ...] = ()
    visit: str | None = None  # the visit's id (kit.invites.visit_id); None in older kits
    team_language: str = ""  # what the team's material speaks (kit --team-lang); "" in older kits

    def person(self, name: str) -> KitPerson | None:
        everyone = (*self.interviewers, self.hiring_manager, self.coordinator, self.closes_loop)
        return next((p for p in everyone if same_name(p.name, name)), None)

    def interviewer(self, name: str) -> KitPerson | None:
        return next((p for p in self.interviewers if same_name(p.name, name)), None)


def is_kit(folder: Path) -> bool:
    """Whether ``folder`` was written by ``playbook kit``: its kit.json is a kit manifest."""
    path = folder / MANIFEST
    if not path.is_file():  # a pipe or a device would block the read
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "kit" in data


def _person(check: Checker, data: Any, key: str, *more: str) -> KitPerson:
    entry = data.get(key)
    if not check.fields(entry, key, ("name", "email", *more)):
        return KitPerson("", "")
    return KitPerson(check.name(entry, "name", key), check.email(entry, "email", key))


def _interviewer(check: Checker, entry: Any, index: int) -> KitPerson:
    where = f"interviewers[{index}]"
    if not check.fields(entry, where, ("name", "email", "areas", "form"), ("folder", "pdf")):
        return KitPerson("", "")
    paths = {}
    for key in ("form", "pdf"):
        path = check.text(entry, key, where, one_line=True) if key in entry else ""
        if path and (Path(path).is_absolute() or ".." in Path(path).parts):
            check.problem(entry, key, f"{where}.{key}", "expected a path inside the kit folder")
        paths[key] = path
    areas = entry.get("areas")
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        check.problem(entry, "areas", f"{where}.areas", "expected a list of area ids")
        areas = []
    return KitPerson(check.name(entry, "name", where), check.email(entry, "email", where),
                     tuple(areas), paths["form"], paths["pdf"])


def _moment(check: Checker, entry: dict[str, Any], key: str, where: str) -> dt.datetime:
    value = entry.get(key)
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        check.problem(entry, key, f"{where}.{key}",
                      f"{value!r} is not a date and time with its offset, such as "
                      "2027-03-09T09:30:00+01:00")
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return moment


def _sent_event(check: Checker, entry: Any, index: int) -> SentEvent | None:
    where = f"calendar[{index}]"
    if not check.fields(entry, where, ("uid", "audience", "sequence", "status", "summary",
                                       "start", "end", "attendees"), ("location",)):
        return None
    audience = check.choice(entry, "audience", where, AUDIENCES)
    status = check.choice(entry, "status", where, ("confirmed", "cancelled"))
    sequence = entry.get("sequence")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not (
            0 <= sequence <= MAX_SEQUENCE):
        # iCalendar's SEQUENCE is a 32-bit integer, and the next build adds one (RFC 5545).
        check.problem(entry, "sequence", f"{where}.sequence",
                      f"expected a whole number from 0 to {MAX_SEQUENCE}")
        sequence = 0
    raw = entry.get("attendees")
    if not isinstance(raw, list):
        check.problem(entry, "attendees", f"{where}.attendees", "expected a list of people")
        raw = []
    attendees = []
    for number, person in enumerate(raw):
        at = f"{where}.attendees[{number}]"
        if check.fields(person, at, ("name", "email")):
            attendees.append(KitPerson(check.name(person, "name", at),
                                       check.email(person, "email", at)))
    return SentEvent(
        uid=check.text(entry, "uid", where, one_line=True), audience=audience,
        sequence=sequence, summary=check.text(entry, "summary", where, one_line=True),
        start=_moment(check, entry, "start", where), end=_moment(check, entry, "end", where),
        attendees=tuple(attendees), cancelled=status == "cancelled",
        location=check.text(entry, "location", where) if "location" in entry else "",
    )


def _sent_events(check: Checker, data: dict[str, Any]) -> tuple[SentEvent, ...]:
    raw = data.get("calendar", [])
    if not isinstance(raw, list):
        check.problem(data, "calendar", "calendar", "expected a list of calendar events")
        return ()
    events = (_sent_event(check, entry, n) for n, entry in enumerate(raw))
    return tuple(e for e in events if e is not None)


def read_manifest(data: Any, folder: Path, display: str) -> Manifest:
    check = Checker(display)
    # Required: what `decide` and the next build read. The rest the kit writes for people
    # reading kit.json, and nothing refuses a kit for lacking it.
    top = ("kit", "candidate", "date", "scorecard", "interviewers", "coordinator",
           "hiring_manager", "closes_loop", "outcome_by")
    if not isinstance(data, dict):
        check.fields(data, "", top)
        check.raise_if_any()
    if data.get("kit") != KIT_VERSION:
        check.problem(data, "kit", "kit", f"this playbook reads version {KIT_VERSION}")
        check.raise_if_any()
    check.fields(data, "", top, ("language", "calendar", "timezone", "confirm_by", "follow_up",
                                 "visit", "files", "team_language"))
    candidate = _person(check, data, "candidate", "role")
    role = check.name(data["candidate"], "role", "candidate") if isinstance(
        data.get("candidate"), dict) else ""
    raw = data.get("interviewers")
    if not isinstance(raw, list) or not raw:
        check.problem(data, "interviewers", "interviewers", "expected a list of interviewers")
        raw = []
    manifest = Manifest(
        folder=folder, candidate=candidate, role=role,
        date=check.date(data, "date", "") or dt.date.min,
        scorecard=check.text(data, "scorecard", "", one_line=True),
        interviewers=tuple(_interviewer(check, entry, n) for n, entry in enumerate(raw)),
        hiring_manager=_person(check, data, "hiring_manager"),
        coordinator=_person(check, data, "coordinator"),
        closes_loop=_person(check, data, "closes_loop"),
        outcome_by=check.date(data, "outcome_by", "") or dt.date.min,
        language=check.text(data, "language", "", one_line=True) or "en",
        events=_sent_events(check, data),
        visit=check.text(data, "visit", "", one_line=True) if "visit" in data else None,
        team_language=check.text(data, "team_language", "", one_line=True),
    )
    check.raise_if_any()
    return manifest


def load_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    if path.exists() and not path.is_file() and not path.is_dir():
        raise PlaybookError(f"{path}: is not a regular file; rebuild the kit with "
                            "`playbook kit`")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlaybookError(f"--kit {folder}: no {MANIFEST}; is this a folder from "
                            "`playbook kit`?") from None
    except IsADirectoryError:
        raise PlaybookError(f"{path}: is a folder; rebuild the kit with `playbook kit`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlaybookError(f"{path}: cannot be read: {exc}") from exc
    except RecursionError:  # nested beyond any kit.json the kit writes
        raise PlaybookError(f"{path}: cannot be read: nested too deeply") from None
    try:
        return read_manifest(data, folder, str(path))
    except ContentError as exc:
        # One line: the first problem, and how to get a good file back.
        raise PlaybookError(f"{exc.problems[0]}; rebuild the kit with `playbook kit`") from None


def written_files(folder: Path) -> dict[str, str] | None:
    """What kit.json says the kit wrote: each file's path and sha256; None for a kit made
    before kit.json kept them, or a kit.json that cannot be read."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    return files


def changed_since_written(folder: Path) -> str:
    """The first file in ``folder`` that is not as the kit wrote it (added, or changed), as
    ``--force`` names it; empty when everything is as written. Removed files are no work."""
    recorded = written_files(folder)
    if recorded is None:
        return f"{MANIFEST} lists no files"
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative == MANIFEST or (path.is_dir() and not path.is_symlink()):
            continue
        if relative not in recorded:
            return f"{relative} was added"
        try:
            same = path.is_file() and not path.is_symlink() and hashlib.sha256(
                path.read_bytes()).hexdigest() == recorded[relative]
        except OSError:
            same = False
        if not same:
            return f"{relative} was changed"
    return ""
