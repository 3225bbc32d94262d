"""The candidate file: load and validate it, and lay out the interview day.

Every time is computed as an aware datetime: local wall-clock time for what people read, UTC for
arithmetic. Adding minutes in UTC gives real elapsed time, so a session that spans a daylight
saving change lasts as long as it says, and a 09:00 start stays 09:00 local on any date.
The second half writes the kit folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import unicodedata
import zoneinfo
from collections.abc import Sequence
from email.headerregistry import Address
from pathlib import Path
from typing import Any, Literal, NoReturn

from playbook_tools.errors import PlaybookError
from playbook_tools.files import safe_child
from playbook_tools.forms import Checker, form_text, join
from playbook_tools.model import Playbook, Scorecard
from playbook_tools.yamlsource import line_of, load_yaml_text

UTC = dt.UTC
DEFAULT_SCORECARD = "pairing-engineer"
KIT_VERSION = 1
# The printouts every interviewer gets, besides the scorecard.
KIT_CHECKLISTS = ("interviewer-preparation", "pairing-session", "retrospective-and-after",
                  "feedback-bias-check")

REQUIRED = ("name", "email", "role", "date", "start", "location", "interviewers", "coordinator",
            "hiring_manager", "closes_loop", "reply_by")
OPTIONAL = ("timezone", "scorecard", "session", "break_minutes", "notes_minutes",
            "followup_minutes", "followup_start", "followup_location", "outcome_by")
# (default, smallest, largest) in minutes. The defaults follow the handbook: a 30-minute notes
# block after each session, and 30 to 45 minutes for the follow-up session.
MINUTES = {
    "break_minutes": (15, 0, 120),
    "notes_minutes": (30, 5, 120),
    "followup_minutes": (45, 15, 240),
}
SESSION_MINUTES = (15, 480)

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,}$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

BlockKind = Literal["session", "break", "notes", "follow-up"]


@dataclasses.dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclasses.dataclass(frozen=True)
class Interviewer(Person):
    areas: tuple[str, ...] = ()
    minutes: int = 0


@dataclasses.dataclass(frozen=True)
class Block:
    """One stretch of the day; ``start`` and ``end`` are aware datetimes in UTC."""

    kind: BlockKind
    start: dt.datetime
    end: dt.datetime
    interviewer: Interviewer | None = None


@dataclasses.dataclass(frozen=True)
class Candidate:
    source: str
    name: str
    email: str
    role: str
    date: dt.date
    start: dt.time
    timezone: str
    location: str
    scorecard: Scorecard
    session: str
    interviewers: tuple[Interviewer, ...]
    coordinator: Person
    hiring_manager: Person
    closes_loop: Person
    reply_by: dt.date
    outcome_by: dt.date
    break_minutes: int
    notes_minutes: int
    followup_minutes: int
    followup_start: dt.time | None
    followup_location: str
    blocks: tuple[Block, ...] = ()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.tz)

    def of_kind(self, kind: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind == kind]

    @property
    def follow_up(self) -> Block:
        return self.of_kind("follow-up")[0]

    @property
    def candidate_end(self) -> dt.datetime:
        return self.of_kind("session")[-1].end

    def people(self) -> list[Person]:
        return [*self.interviewers, self.hiring_manager, self.coordinator]


def long_date(day: dt.date) -> str:
    """'Tuesday 9 March 2027': unambiguous in every country, unlike 03/09/2027."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# --------------------------------------------------------------------------------------------
# Reading the file


class _Reader(Checker):
    """The checks a candidate file needs, on top of ``Checker``'s fields and text."""

    def __init__(self, display: str, text: str) -> None:
        super().__init__(display)
        self.source_lines = text.splitlines()

    def email(self, data: Any, key: str, where: str) -> str:
        if key not in data:
            return ""
        value = self.text(data, key, where)
        if value and not _EMAIL.match(value):
            self.problem(data, key, join(where, key),
                         f"{value!r} is not an email address such as 'name@example.org'")
            return ""
        return value

    def person(self, data: Any, key: str) -> Person:
        entry = data.get(key)
        if key not in data or not self.fields(entry, key, ("name", "email")):
            return Person("", "")
        return Person(self.text(entry, "name", key), self.email(entry, "email", key))

    def day(self, data: Any, key: str) -> dt.date | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _DATE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(data, key, key, f"{value!r} is not a date; write it as YYYY-MM-DD")
        return None

    def time(self, data: Any, key: str) -> dt.time | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML 1.1 reads an unquoted 10:30 as the base-60 number 630. Only trust that
            # reading when the line really says HH:MM; a plain 930 is an error, not 15:30.
            line = line_of(data, key) or 0
            raw = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""
            written = raw.partition(":")[2].partition("#")[0]
            if ":" in written and 0 <= value < 24 * 60:
                value = f"{value // 60:02d}:{value % 60:02d}"
        match = _TIME.match(value.strip()) if isinstance(value, str) else None
        if not match:
            self.problem(data, key, key, f"{value!r} is not a time; write it as HH:MM, "
                         "24-hour clock, such as \"09:30\"")
            return None
        return dt.time(int(match[1]), int(match[2]))

    def minutes(self, data: Any, key: str, where: str, default: int, low: int, high: int) -> int:
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(data, key, join(where, key),
                         f"{value!r} is not a whole number of minutes from {low} to {high}")
            return default
        return value


def load_candidate(path: Path, playbook: Playbook) -> Candidate:
    """Read and check a candidate file; every problem is one line naming the file and field."""
    display = str(path)
    try:
        source_text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlaybookError(f"{display}: no such candidate file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlaybookError(f"{display}: cannot be read: {exc}") from exc
    data = load_yaml_text(source_text, display)
    read = _Reader(display, source_text)
    if not isinstance(data, dict):
        read.problem(data, None, "(top level)", "expected a mapping with name, email, role, ...")
        read.raise_if_any()
    read.fields(data, "", REQUIRED, OPTIONAL)
    scorecard = _scorecard(read, data, playbook)
    timezone = playbook.config.timezone
    if "timezone" in data:
        timezone = str(data["timezone"])
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            # A name such as 'America' is a folder of the zone database: zoneinfo raises
            # IsADirectoryError for it, an OSError, not ZoneInfoNotFoundError.
            read.problem(data, "timezone", "timezone",
                         f"{timezone!r} is not an IANA time zone such as 'Europe/Berlin'")
    date = read.day(data, "date")
    reply_by = read.day(data, "reply_by")
    outcome_by = read.day(data, "outcome_by")
    if date and reply_by and reply_by > date:
        read.problem(data, "reply_by", "reply_by",
                     f"{reply_by} is after the interview day {date}; ask for a reply before it")
    if date and outcome_by and outcome_by < date:
        read.problem(data, "outcome_by", "outcome_by",
                     f"{outcome_by} is before the interview day {date}")
    hiring_manager = read.person(data, "hiring_manager")
    coordinator = read.person(data, "coordinator")
    interviewers = _interviewers(read, data, scorecard)
    closes_loop = _closes_loop(read, data, [hiring_manager, coordinator, *interviewers])

    def text(key: str, default: str = "") -> str:
        return read.text(data, key, "") if key in data else default

    values: dict[str, Any] = dict(
        source=display, name=text("name"), email=read.email(data, "email", ""),
        role=text("role"), date=date, start=read.time(data, "start"), timezone=timezone,
        location=text("location"), scorecard=scorecard,
        session=text("session", scorecard.title if scorecard else ""),
        interviewers=interviewers, coordinator=coordinator, hiring_manager=hiring_manager,
        closes_loop=closes_loop, reply_by=reply_by,
        outcome_by=outcome_by or add_working_days(date or dt.date.min,
                                                  playbook.config.reply_days),
        followup_start=read.time(data, "followup_start"),
        followup_location=text("followup_location"),
        **{key: read.minutes(data, key, "", *limits) for key, limits in MINUTES.items()},
    )
    read.raise_if_any()  # so every value below is present and valid
    candidate = Candidate(**values)
    candidate = dataclasses.replace(candidate, blocks=_lay_out(candidate, read, data))
    read.raise_if_any()
    return candidate


def _scorecard(read: _Reader, data: Any, playbook: Playbook) -> Scorecard | None:
    card_id = str(data.get("scorecard", DEFAULT_SCORECARD))
    card = playbook.artifacts.get(card_id)
    if isinstance(card, Scorecard):
        return card
    cards = ", ".join(a.id for a in playbook.of_kind("scorecard"))
    read.problem(data, "scorecard", "scorecard", f"{card_id!r} is not a scorecard; "
                 f"the playbook has: {cards}")
    return None


def _interviewers(read: _Reader, data: Any, card: Scorecard | None) -> tuple[Interviewer, ...]:
    raw = data.get("interviewers")
    if "interviewers" not in data:
        return ()
    if not isinstance(raw, list) or not raw:
        read.problem(data, "interviewers", "interviewers",
                     "expected a list of interviewers, each with name, email, areas and minutes")
        return ()
    valid = ", ".join(a.id for a in card.areas) if card else ""
    found: list[Interviewer] = []
    for index, entry in enumerate(raw):
        where = f"interviewers[{index}]"
        if not read.fields(entry, where, ("name", "email", "areas", "minutes")):
            continue
        name = read.text(entry, "name", where)
        address = read.email(entry, "email", where)
        for other in found:
            if name and same(other.name, name):
                read.problem(entry, "name", f"{where}.name", f"{name!r} is listed twice")
            elif address and other.email.lower() == address.lower():
                read.problem(entry, "email", f"{where}.email", f"{address!r} is listed twice")
        areas = entry.get("areas")
        if not isinstance(areas, list) or not areas:
            read.problem(entry, "areas", f"{where}.areas",
                         f"give at least one area of the scorecard: {valid}")
            areas = []
        for number, area in enumerate(areas):
            if card and card.area(str(area)) is None:
                read.problem(areas, number, f"{where}.areas[{number}]",
                             f"unknown area {area!r}; the scorecard '{card.id}' has: {valid}")
            elif areas.index(area) != number:
                read.problem(areas, number, f"{where}.areas[{number}]", f"{area!r} is listed twice")
        minutes = read.minutes(entry, "minutes", where, 0, *SESSION_MINUTES)
        found.append(Interviewer(name, address, tuple(str(a) for a in areas), minutes))
    if card and not read.problems:
        covered = {a for i in found for a in i.areas}
        for area in card.areas:
            if area.id not in covered:
                read.problem(data, "interviewers", "interviewers",
                             f"nobody covers the area '{area.id}'; every area of the scorecard "
                             "needs at least one interviewer")
    return tuple(found)


def _closes_loop(read: _Reader, data: Any, people: Sequence[Person]) -> Person:
    if "closes_loop" not in data:
        return Person("", "")
    name = read.text(data, "closes_loop", "")
    match = next((p for p in people if p.name and same(p.name, name)), None)
    if name and match is None:
        names = ", ".join(dict.fromkeys(p.name for p in people if p.name))
        read.problem(data, "closes_loop", "closes_loop",
                     f"{name!r} must be the hiring manager, the coordinator or an interviewer: "
                     f"{names}")
    return match or Person(name, "")


# --------------------------------------------------------------------------------------------
# The day


def _start_instant(read: _Reader, data: Any, key: str, day: dt.date, at: dt.time,
                   tz: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """A local time as a UTC instant; a time the clocks skip or repeat that day is refused."""
    local = dt.datetime.combine(day, at, tzinfo=tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        read.problem(data, key, key, f"{at:%H:%M} does not exist on {day} in {tz.key}: "
                     "the clocks go forward then; choose another time")
        return None
    if local.replace(fold=1).utcoffset() != local.utcoffset():
        read.problem(data, key, key, f"{at:%H:%M} happens twice on {day} in {tz.key}: "
                     "the clocks go back then; choose another time")
        return None
    return instant


def _lay_out(c: Candidate, read: _Reader, data: Any) -> tuple[Block, ...]:
    """Sessions back to back with a break between; each interviewer's notes block right after
    their session; the follow-up session once the last notes block is over (or at
    ``followup_start``), all on the interview day."""
    tz = c.tz
    moment = _start_instant(read, data, "start", c.date, c.start, tz)
    if moment is None:
        return ()
    blocks: list[Block] = []
    raw_interviewers = data["interviewers"]
    for index, person in enumerate(c.interviewers):
        if index and c.break_minutes:
            blocks.append(Block("break", moment, moment + _mins(c.break_minutes)))
            moment += _mins(c.break_minutes)
        session = Block("session", moment, moment + _mins(person.minutes), person)
        notes = Block("notes", session.end, session.end + _mins(c.notes_minutes), person)
        blocks += [session, notes]
        moment = session.end
        field = f"interviewers[{index}].minutes"
        if not _same_day(c, session.end, read, raw_interviewers[index], "minutes", field):
            return ()
        if not _same_day(c, notes.end, read, data, "notes_minutes", "notes_minutes"):
            return ()
    last_notes = max(b.end for b in blocks if b.kind == "notes")
    follow_start = last_notes
    if c.followup_start is not None:
        chosen = _start_instant(read, data, "followup_start", c.date, c.followup_start, tz)
        if chosen is None:
            return ()
        if chosen < last_notes:
            read.problem(data, "followup_start", "followup_start",
                         f"{c.followup_start:%H:%M} is before the last notes block ends at "
                         f"{clock(c.local(last_notes))}")
            return ()
        follow_start = chosen
    follow_up = Block("follow-up", follow_start, follow_start + _mins(c.followup_minutes))
    key = "followup_start" if c.followup_start else "followup_minutes"
    if not _same_day(c, follow_up.end, read, data, key, key):
        return ()
    blocks.append(follow_up)
    return tuple(sorted(blocks, key=lambda b: (b.start, b.kind != "session")))


def _mins(minutes: int) -> dt.timedelta:
    return dt.timedelta(minutes=minutes)


def _same_day(c: Candidate, end: dt.datetime, read: _Reader, container: Any, key: str,
              field: str) -> bool:
    local = c.local(end)
    if local.date() == c.date:
        return True
    read.problem(container, key, field,
                 f"the day would run past midnight (to {clock(local)} on {local.date()}); "
                 "start earlier or shorten it")
    return False


# --------------------------------------------------------------------------------------------
# Writing the folder


def folder_names(c: Candidate) -> dict[str, str]:
    """A safe, distinct folder under ``interviewers/`` for each interviewer, by name."""
    folders: dict[str, str] = {}
    for number, person in enumerate(c.interviewers, 1):
        # Accents are folded (Tomás -> tomas); a letter with no plain form (ø, ß, 李) is kept
        # rather than dropped, so "Åsa Øberg" is asa-øberg, not asa-berg.
        letters = []
        for char in person.name.lower():
            folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            letters.append(folded or (char if char.isalnum() else "-"))
        slug = re.sub(r"[\W_]+", "-", "".join(letters)).strip("-") or f"interviewer-{number}"
        name, suffix = slug, 2
        while f"interviewers/{name}" in folders.values():
            name, suffix = f"{slug}-{suffix}", suffix + 1
        folders[person.name] = f"interviewers/{name}"
    return folders


def manifest(c: Candidate, folders: dict[str, str]) -> dict[str, Any]:
    """kit.json: what ``playbook decide --kit`` needs to know which scorecards to expect."""
    def person(p: Person) -> dict[str, str]:
        return {"name": p.name, "email": p.email}

    return {
        "kit": KIT_VERSION,
        "candidate": {"name": c.name, "email": c.email, "role": c.role},
        "date": c.date.isoformat(), "timezone": c.timezone, "scorecard": c.scorecard.id,
        "interviewers": [
            {**person(i), "areas": list(i.areas), "folder": folders[i.name],
             "form": f"{folders[i.name]}/scorecard.yaml"}
            for i in c.interviewers
        ],
        "coordinator": person(c.coordinator), "hiring_manager": person(c.hiring_manager),
        "closes_loop": person(c.closes_loop), "reply_by": c.reply_by.isoformat(),
        "outcome_by": c.outcome_by.isoformat(),
        "follow_up": {"start": c.local(c.follow_up.start).isoformat(),
                      "end": c.local(c.follow_up.end).isoformat()},
    }


# Written into every folder of personal data (a kit, a decision record) wherever the user puts
# it: git then ignores the folder even outside kits/, and even this file itself.
GITIGNORE = ".gitignore"
IGNORE_EVERYTHING = "# Personal data from `playbook`: git ignores everything in this folder.\n*\n"


def ignores_everything(folder: Path) -> bool:
    """Whether ``folder`` holds the ``.gitignore`` that the playbook writes."""
    try:
        text = (folder / GITIGNORE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    rules = [line.strip() for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    return rules == ["*"]


def refuse_docs_folder(out: Path, docs: Path, option: str, example: str) -> None:
    """The site is built from the docs folder: personal data written there would be published."""
    target, source = out.resolve(), docs.resolve()
    if target.is_relative_to(source):
        raise PlaybookError(f"{option}: is inside the handbook's docs folder, which is "
                            f"published; write it elsewhere, e.g. {example}")
    if source.is_relative_to(target):
        raise PlaybookError(f"{option}: holds the handbook's docs folder; give a folder of its "
                            f"own, e.g. {example}")


def is_kit(folder: Path) -> bool:
    """Whether ``folder`` was written by ``playbook kit``: its kit.json is a kit manifest."""
    try:
        data = json.loads((folder / "kit.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and "kit" in data


def _check_target(out: Path, docs: Path, force: bool, display: str) -> None:
    """Refuse any folder but a new one, an empty one, or (with ``force``) an earlier kit."""
    option = f"-o {display}"
    refuse_docs_folder(out, docs, option, "-o kits/<name>")
    if out.exists() and not out.is_dir():
        raise PlaybookError(f"{option}: is a file; give a folder for the kit")
    if not out.is_dir() or not any(out.iterdir()):
        return
    if not force:
        raise PlaybookError(f"{option}: the folder is not empty; choose a new folder, "
                            "or pass --force to replace an earlier kit nobody has worked in yet")
    if not is_kit(out):
        # --force replaces the whole folder: never one that holds anything but a kit.
        raise PlaybookError(f"{option}: is not a kit folder (it has no kit.json), so --force "
                            "will not replace it; choose a new folder")
    work = work_in_kit(out)
    if work:
        # Filled scorecards and a decision record are the team's work: never thrown away.
        raise PlaybookError(f"{option}: holds work that --force would delete ({work}); "
                            "move it out of the kit first")


def work_in_kit(folder: Path) -> str:
    """What in an earlier kit is the team's own work: filled forms, a record, other files."""
    from playbook_tools.yamlsource import load_yaml_file

    for form in sorted(folder.glob("interviewers/*/scorecard.yaml")):
        try:
            data = load_yaml_file(form)
        except PlaybookError:
            return str(form.relative_to(folder))  # edited beyond reading: treat as work
        areas = data.get("areas") if isinstance(data, dict) else None
        for entry in (areas or {}).values() if isinstance(areas, dict) else ():
            if isinstance(entry, dict) and any(
                str(entry.get(key) or "").strip() for key in ("rating", "evidence")
            ):
                return f"a filled scorecard, {form.relative_to(folder)}"
    for record in sorted(folder.rglob("decision.md")):
        return f"a decision record, {record.relative_to(folder)}"
    return ""


def write_kit(c: Candidate, playbook: Playbook, out: Path, *, force: bool, paper: str,
              kit_display: str) -> list[str]:
    """Build the whole kit in a hidden sibling folder, then rename it into place.

    A rename is atomic, so an error halfway (a PDF that fails, a full disk) leaves no
    half-written kit for someone to send out. The folder must be new or empty; ``force``
    replaces an earlier kit, and only a kit. Returns the paths written, relative to ``out``.
    """
    from playbook_tools.kit_text import (
        calendar_events,
        email_values,
        interviewer_readme,
        readme,
    )
    from playbook_tools.render import email as email_render
    from playbook_tools.render.calendar import build_calendar
    from playbook_tools.render.pdf import render_pdf

    _check_target(out, playbook.srcdir, force, kit_display)
    config = playbook.config
    sender = email_render.parse_address(config.email_from, "playbook_email_from in conf.py")
    folders = folder_names(c)
    files: dict[str, bytes | str] = {
        GITIGNORE: IGNORE_EVERYTHING,
        "kit.json": json.dumps(manifest(c, folders), indent=2, ensure_ascii=False) + "\n",
        "README.md": readme(c, kit_display, folders, playbook.templates_dir),
        "schedule.ics": build_calendar(
            calendar_events(c, folders), f"Interviews: {c.name}",
            organizer=(c.coordinator.name, c.coordinator.email)),
    }
    values = email_values(c)
    recipients = {
        "invitation": [Address(c.name, addr_spec=c.email)],
        "team-schedule": [Address(p.name, addr_spec=p.email) for p in
                          {p.email.lower(): p for p in c.people()}.values()],
    }
    for template_id, to in recipients.items():
        filled = email_render.fill(playbook.email(template_id), values[template_id], config,
                                   c.source)
        message = email_render.build_message(filled, to[0], sender)
        del message["To"]
        message["To"] = to
        files[f"emails/{template_id}.eml"] = message.as_bytes()
    # Interviewers with the same checklists or the same areas share one rendering.
    pdfs: dict[tuple[str, tuple[str, ...]], bytes] = {}

    def pdf(artifact_id: str, areas: tuple[str, ...] = ()) -> bytes:
        key = (artifact_id, areas)
        if key not in pdfs:
            artifact = own_areas(c.scorecard, areas) if areas else playbook.get(artifact_id)
            pdfs[key] = render_pdf(artifact, playbook, paper)
        return pdfs[key]

    for who in c.interviewers:
        folder = folders[who.name]
        areas = tuple(a.id for a in c.scorecard.areas if a.id in who.areas)
        for checklist in KIT_CHECKLISTS:
            files[f"{folder}/{checklist}.pdf"] = pdf(checklist)
        files[f"{folder}/scorecard.pdf"] = pdf(c.scorecard.id, areas)
        files[f"{folder}/scorecard.yaml"] = form_text(c.scorecard, c.name, who.name, areas,
                                                      c.coordinator.name)
        files[f"{folder}/README.md"] = interviewer_readme(c, who, playbook.templates_dir)
    _install(out, files)
    return sorted(files)


def own_areas(card: Scorecard, areas: Sequence[str]) -> Scorecard:
    """The scorecard with only ``areas``, in the card's order: nobody rates what they did not
    see (DESIGN.md, the candidate kit)."""
    return dataclasses.replace(card, areas=tuple(a for a in card.areas if a.id in areas))


def _install(out: Path, files: dict[str, bytes | str]) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as exc:
        raise PlaybookError(f"{out}: cannot write here: {exc.strerror}") from exc
    old: Path | None = None
    try:
        for relative, data in files.items():
            # safe_path refuses hidden names, as it should for names made from user data.
            target = staging / GITIGNORE if relative == GITIGNORE else safe_path(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        if out.is_dir() and any(out.iterdir()):
            if not is_kit(out):  # checked before; checked again right before anything moves
                raise PlaybookError(f"{out}: is not a kit folder; it is left as it is")
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
            os.replace(out, old)  # onto an empty folder: allowed, and atomic
        os.replace(staging, out)
    except BaseException as exc:
        if old is not None and not out.exists():
            os.replace(old, out)  # put the previous kit back
            old = None
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise PlaybookError(f"{out}: cannot write the kit: {exc.strerror}") from exc
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def safe_path(folder: Path, relative: str) -> Path:
    path = folder
    for part in relative.split("/"):
        path = safe_child(path, part, relative)
    return path


# --------------------------------------------------------------------------------------------
# Reading a kit back


@dataclasses.dataclass(frozen=True)
class KitPerson:
    name: str
    email: str
    areas: tuple[str, ...] = ()
    form: str = ""


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

    def person(self, name: str) -> KitPerson | None:
        everyone = (*self.interviewers, self.hiring_manager, self.coordinator, self.closes_loop)
        return next((p for p in everyone if same(p.name, name)), None)


class _ManifestReader:
    """kit.json is written by ``playbook kit``; a hand-edited or damaged one still gets one
    line naming the file and the field, never a traceback."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, field: str, expected: str) -> NoReturn:
        raise PlaybookError(f"{self.path}: field '{field}': expected {expected}; rebuild the "
                            "kit with `playbook kit`")

    def text(self, data: dict[str, Any], key: str, where: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(join(where, key), "text")
        return value

    def day(self, data: dict[str, Any], key: str) -> dt.date:
        try:
            return dt.date.fromisoformat(self.text(data, key, ""))
        except ValueError:
            self.fail(key, "a date, YYYY-MM-DD")

    def person(self, entry: Any, field: str) -> KitPerson:
        if not isinstance(entry, dict):
            self.fail(field, "an object with name and email")
        return KitPerson(self.text(entry, "name", field), self.text(entry, "email", field))

    def interviewer(self, entry: Any, index: int) -> KitPerson:
        field = f"interviewers[{index}]"
        person = self.person(entry, field)
        areas = entry.get("areas")
        if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
            self.fail(f"{field}.areas", "a list of area ids")
        form = self.text(entry, "form", field)
        if Path(form).is_absolute() or ".." in Path(form).parts:
            self.fail(f"{field}.form", "a path inside the kit folder")
        return dataclasses.replace(person, areas=tuple(areas), form=form)

    def read(self, data: Any, folder: Path) -> Manifest:
        if not isinstance(data, dict):
            raise PlaybookError(f"{self.path}: expected an object with kit, candidate, "
                                "interviewers, ...; rebuild the kit with `playbook kit`")
        if data.get("kit") != KIT_VERSION:
            raise PlaybookError(f"{self.path}: field 'kit': this playbook reads version "
                                f"{KIT_VERSION}")
        interviewers = data.get("interviewers")
        if not isinstance(interviewers, list) or not interviewers:
            self.fail("interviewers", "a list of interviewers")
        candidate = self.person(data.get("candidate"), "candidate")
        return Manifest(
            folder=folder, candidate=candidate,
            role=self.text(data["candidate"], "role", "candidate"),
            date=self.day(data, "date"), scorecard=self.text(data, "scorecard", ""),
            interviewers=tuple(self.interviewer(entry, n)
                               for n, entry in enumerate(interviewers)),
            hiring_manager=self.person(data.get("hiring_manager"), "hiring_manager"),
            coordinator=self.person(data.get("coordinator"), "coordinator"),
            closes_loop=self.person(data.get("closes_loop"), "closes_loop"),
            outcome_by=self.day(data, "outcome_by"),
        )


def load_manifest(folder: Path) -> Manifest:
    path = folder / "kit.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlaybookError(f"--kit {folder}: no kit.json; is this a folder from "
                            "`playbook kit`?") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlaybookError(f"{path}: cannot be read: {exc}") from exc
    return _ManifestReader(path).read(data, folder)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """``days`` working days after ``start``: a promised answer never falls on a weekend."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
