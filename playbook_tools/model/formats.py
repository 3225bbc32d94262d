"""Interview formats: the shape of one session with the candidate, declared as content.

A format lives in ``docs/playbook/formats/<id>.yaml``: its parts and their lengths (a pairing
session: pairing, break, retrospective; a manager's conversation: one block), what the candidate
is told and must bring, the checklists its interviewer prints and the scorecard they fill. The
candidate file names a format per session, and the kit's agenda, e-mails, calendar entries,
READMEs and printouts follow it. A fork adds a format with one YAML file and no Python.

This module is the whole of it: the schema, loading with one-line errors, the messages for the
catalog, and the translation. ``model.loader`` calls ``load_formats``; ``model.translation``
calls ``format_messages`` and ``translate_formats``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import ContentProblem, PlaybookError
from playbook_tools.validation import Checker
from playbook_tools.yamlsource import LineDict, YamlSyntaxError, load_yaml_file

FOLDER = "formats"  # under the content folder: docs/playbook/formats/
DEFAULT_FORMAT = "pairing"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PART_MINUTES = (0, 480)
REQUIRED = ("id", "title", "summary", "page", "scorecard", "session", "parts", "checklists",
            "candidate", "team")
OPTIONAL = ("kind",)
CANDIDATE_FIELDS = ("expect", "bring", "ai_assistants")


@dataclasses.dataclass(frozen=True)
class Part:
    """One stretch of a session: the pairing, the break, the retrospective, a conversation."""

    id: str
    title: str
    minutes: int
    assessed: bool = True


@dataclasses.dataclass(frozen=True)
class InterviewFormat:
    id: str
    title: str
    summary: str
    page: str
    scorecard: str  # the id of the scorecard its interviewers fill
    session: str  # what one session is called in the agenda and the e-mails
    parts: tuple[Part, ...]
    checklists: tuple[str, ...]  # the checklist ids its interviewer finds in the kit
    expect: str  # told to the candidate in the invitation: what the session is like
    bring: str  # told to the candidate: what to bring or have ready
    ai_assistants: str  # told to the candidate: the policy on AI assistants
    team: str  # told to the interview team in their schedule
    source: Path = Path()
    line: int = 0

    @property
    def minutes(self) -> int:
        """The whole session, every part included: the default length of a session."""
        return sum(p.minutes for p in self.parts)

    def figures(self) -> dict[str, int]:
        """``<part>_minutes`` for each part, and ``minutes`` for the whole session."""
        return _figures(self.parts)


Formats = Mapping[str, InterviewFormat]


def format_files(content_dir: Path) -> list[Path]:
    return sorted((content_dir / FOLDER).glob("*.yaml"))


def is_format_file(path: Path, content_dir: Path) -> bool:
    """Whether the loader should leave ``path`` to this module (it is no artifact)."""
    return path.parent == content_dir / FOLDER


def load_formats(content_dir: Path, config: PlaybookConfig, kinds: Mapping[str, str],
                 display: Callable[[Path], str],
                 problems: list[ContentProblem]) -> dict[str, InterviewFormat]:
    """Every format under ``content_dir/formats``; ``kinds`` maps each artifact id to its kind,
    so a format that names a missing checklist or scorecard is one problem, not a crash."""
    formats: dict[str, InterviewFormat] = {}
    # An artifact that did not load is already reported; naming it again here helps nobody.
    complete = not problems
    for path in format_files(content_dir):
        shown = display(path)
        try:
            data = load_yaml_file(path, shown)
        except YamlSyntaxError as exc:
            problems.append(ContentProblem(shown, exc.line, None, None,
                                           f"not valid YAML: {exc.problem}"))
            continue
        except PlaybookError as exc:
            problems.append(ContentProblem(shown, None, None, None, str(exc)))
            continue
        found = _load_format(data, path, Checker(shown, problems if complete else []), config,
                             kinds)
        if found is not None:
            formats[found.id] = found
    if complete and formats and DEFAULT_FORMAT not in formats:
        problems.append(ContentProblem(display(content_dir / FOLDER), None, None, None,
                                       f"no format '{DEFAULT_FORMAT}'; a candidate file that "
                                       "names none uses it"))
    return formats


def _load_format(data: Any, path: Path, check: Checker, config: PlaybookConfig,
                 kinds: Mapping[str, str]) -> InterviewFormat | None:
    before = len(check.problems)
    if not isinstance(data, LineDict):
        check.problem(data, None, None, "expected a mapping with id, title, parts, ...")
        return None
    if isinstance(data.get("id"), str):
        check.artifact = data["id"]
    if not check.fields(data, "", REQUIRED, OPTIONAL):
        return None
    if "kind" in data and data["kind"] != "format":
        check.problem(data, "kind", "kind", f"is {data['kind']!r}; a file in formats/ is "
                      "kind: format (or leave kind out)")
    format_id = check.text(data, "id", "", one_line=True)
    if format_id and not ID_PATTERN.match(format_id):
        check.problem(data, "id", "id", "use lower-case letters, digits and hyphens")
    elif format_id and format_id != path.stem:
        check.problem(data, "id", "id", f"must match the file name '{path.stem}.yaml'")
    scorecard = _reference(check, data, "scorecard", "", "scorecard", kinds)
    checklists = data.get("checklists")
    if not isinstance(checklists, list):
        check.problem(data, "checklists", "checklists", "expected a list of checklist ids "
                      "(may be empty: [])")
        checklists = []
    for index in range(len(checklists)):
        _reference(check, checklists, index, "checklists", "checklist", kinds)
    parts = _parts(check, data, config)
    told = data.get("candidate")
    check.fields(told, "candidate", CANDIDATE_FIELDS)
    figures = {**config.figures(), **{k: str(v) for k, v in _figures(parts).items()}}
    if len(check.problems) > before:
        return None
    fill = _filler(check, figures)
    return InterviewFormat(
        id=format_id, title=check.text(data, "title", "", one_line=True),
        summary=fill(data, "summary", ""), page=check.text(data, "page", "", one_line=True),
        scorecard=scorecard, session=check.text(data, "session", "", one_line=True),
        parts=parts, checklists=tuple(str(c) for c in checklists),
        expect=fill(told, "expect", "candidate"), bring=fill(told, "bring", "candidate"),
        ai_assistants=fill(told, "ai_assistants", "candidate"), team=fill(data, "team", ""),
        source=path, line=data.line)


def _reference(check: Checker, container: Any, key: str | int, where: str, kind: str,
               kinds: Mapping[str, str]) -> str:
    value = container[key]
    field = f"{where}[{key}]" if isinstance(key, int) else str(key)
    if not isinstance(value, str) or kinds.get(value) != kind:
        valid = ", ".join(sorted(i for i, k in kinds.items() if k == kind))
        check.problem(container, key, field, f"{value!r} is not a {kind}; the {kind}s are: "
                      f"{valid}")
        return ""
    return value


def _parts(check: Checker, data: Any, config: PlaybookConfig) -> tuple[Part, ...]:
    raw = data.get("parts")
    if not isinstance(raw, list) or not raw:
        check.problem(data, "parts", "parts", "expected a list of parts, each with id, title "
                      "and minutes")
        return ()
    figures = config.figures()
    parts: list[Part] = []
    for index, entry in enumerate(raw):
        where = f"parts[{index}]"
        if not check.fields(entry, where, ("id", "title", "minutes"), ("assessed",)):
            continue
        part_id = check.text(entry, "id", where, one_line=True)
        if part_id and not ID_PATTERN.match(part_id):
            check.problem(entry, "id", f"{where}.id", "use lower-case letters, digits and "
                          "hyphens")
        if any(p.id == part_id for p in parts):
            check.problem(entry, "id", f"{where}.id", f"duplicate part id '{part_id}'")
        minutes = _minutes(check, entry, where, figures)
        assessed = entry.get("assessed", True)
        if not isinstance(assessed, bool):
            check.problem(entry, "assessed", f"{where}.assessed", "expected true or false")
        parts.append(Part(part_id, check.text(entry, "title", where, one_line=True), minutes,
                          assessed is not False))
    if parts and not any(p.assessed for p in parts):
        check.problem(data, "parts", "parts", "no part is assessed; a session needs one")
    return tuple(parts)


def _minutes(check: Checker, entry: Any, where: str, figures: Mapping[str, str]) -> int:
    """A number of minutes, or a figure of conf.py written ``{{ pairing_minutes }}``."""
    value = entry["minutes"]
    if isinstance(value, str) and (match := PLACEHOLDER.fullmatch(value.strip())):
        if match[1] in figures and figures[match[1]].isdigit():
            return int(figures[match[1]])
        names = ", ".join(n for n, v in figures.items() if v.isdigit())
        check.problem(entry, "minutes", f"{where}.minutes", f"'{value}' is not a figure in "
                      f"minutes; figures: {names}")
        return 0
    low, high = PART_MINUTES
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        check.problem(entry, "minutes", f"{where}.minutes", f"{value!r} is not a whole number "
                      f"of minutes from {low} to {high}, nor a figure such as "
                      "'{{ pairing_minutes }}'")
        return 0
    return value


def _figures(parts: tuple[Part, ...]) -> dict[str, int]:
    return {**{f"{p.id.replace('-', '_')}_minutes": p.minutes for p in parts},
            "minutes": sum(p.minutes for p in parts)}


def _filler(check: Checker, figures: Mapping[str, str]) -> Callable[[Any, str, str], str]:
    """Text with ``{{ name }}`` replaced by a figure of conf.py or of the format's parts."""
    def fill(container: Any, key: str, where: str) -> str:
        text = check.text(container, key, where)
        for name in PLACEHOLDER.findall(text):
            if name not in figures:
                field = f"{where}.{key}" if where else key
                check.problem(container, key, field, f"'{{{{ {name} }}}}' is not a figure; "
                              "figures: " + ", ".join(figures))
        return PLACEHOLDER.sub(lambda m: figures.get(m[1], m[0]), text)
    return fill


def format_messages(fmt: InterviewFormat) -> Iterator[str]:
    """Every text of a format that a reader sees, for the content's catalog."""
    yield from (fmt.title, fmt.summary, fmt.session)
    yield from (p.title for p in fmt.parts)
    yield from (fmt.expect, fmt.bring, fmt.ai_assistants, fmt.team)


def translate_formats(formats: Formats, t: Callable[[str], str]) -> dict[str, InterviewFormat]:
    return {key: dataclasses.replace(
        f, title=t(f.title), summary=t(f.summary), session=t(f.session),
        parts=tuple(dataclasses.replace(p, title=t(p.title)) for p in f.parts),
        expect=t(f.expect), bring=t(f.bring), ai_assistants=t(f.ai_assistants), team=t(f.team))
        for key, f in formats.items()}


def page_figures(content_dir: Path, config: PlaybookConfig) -> dict[str, dict[str, int]]:
    """Each format's lengths for the pages, as ``{{ formats.conversation.minutes }}``. Read
    before the content is loaded; a broken file is left for the loader to report."""
    figures: dict[str, dict[str, int]] = {}
    for path in format_files(content_dir):
        problems: list[ContentProblem] = []
        try:
            data = load_yaml_file(path)
        except PlaybookError:
            continue
        if isinstance(data, dict) and isinstance(data.get("parts"), list):
            parts = _parts(Checker(str(path), problems), data, config)
            if not problems:
                figures[path.stem] = _figures(parts)
    return figures
