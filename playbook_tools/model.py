"""The content model: load ``docs/playbook/**/*.yaml`` into typed, validated artifacts.

This is the one loader behind every output. The Sphinx directives, the printable renderers, the
email tools, the kit and the decision engine all read the same ``Playbook`` object, so a page
and its printout cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.names import KINDS as KINDS  # re-exported for callers
from playbook_tools.names import Kind as Kind
from playbook_tools.yamlsource import LineDict, YamlSyntaxError, line_of, load_yaml_file

AUDIENCES: dict[str, str] = {
    "interviewer": "Interviewers",
    "coordinator": "Coordinators and HR",
    "hiring-manager": "Hiring managers",
    "senior-leader": "Senior leaders",
    "interview-team": "The interview team",
}

# In the order they happen; the index and the process page list stages in this order.
STAGES: dict[str, str] = {
    "scheduling": "Scheduling",
    "preparation": "Preparation",
    "interview": "The pairing session",
    "retrospective": "The retrospective",
    "feedback": "Writing feedback",
    "follow-up": "The follow-up session",
    "one-over": "The 1-over",
    "closing": "Closing the loop",
}

# No middle point: interviewers must come down on one side (DESIGN.md, "Scorecard").
RATINGS: tuple[str, ...] = ("strong-no", "no", "yes", "strong-yes")
RATING_LABELS: dict[str, str] = {
    "strong-no": "Strong no",
    "no": "No",
    "yes": "Yes",
    "strong-yes": "Strong yes",
}
SENDERS: tuple[str, ...] = ("coordinator", "hiring-manager", "interviewer", "senior-leader")

# Variables every email template may use without declaring them: they come from conf.py.
EMAIL_GLOBALS: tuple[str, ...] = ("company", "signature")

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VARIABLE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

ITEM_TEXT_LIMIT = 110
ITEM_WHY_LIMIT = 160


@dataclasses.dataclass(frozen=True)
class Artifact:
    kind: Kind
    id: str
    title: str
    summary: str
    audience: tuple[str, ...]
    stage: str
    page: str
    source: Path
    line: int

    @property
    def printable(self) -> bool:
        return self.kind in ("checklist", "scorecard")


@dataclasses.dataclass(frozen=True)
class ChecklistItem:
    text: str
    why: str | None


@dataclasses.dataclass(frozen=True)
class Checklist(Artifact):
    items: tuple[ChecklistItem, ...] = ()


@dataclasses.dataclass(frozen=True)
class Area:
    id: str
    title: str
    look_for: str
    prompts: tuple[str, ...]
    evidence: str
    anchors: dict[str, str]


@dataclasses.dataclass(frozen=True)
class Scorecard(Artifact):
    instructions: str | None = None
    areas: tuple[Area, ...] = ()
    flags: tuple[str, ...] = ()

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)


@dataclasses.dataclass(frozen=True)
class Variable:
    name: str
    description: str
    example: str


@dataclasses.dataclass(frozen=True)
class EmailTemplate(Artifact):
    sender: str = ""
    when: str = ""
    subject: str = ""
    body: str = ""  # the path under the templates folder, as written in the YAML
    body_source: str = ""
    body_path: Path = Path()
    variables: tuple[Variable, ...] = ()

    @property
    def variable_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)

    def example_values(self) -> dict[str, str]:
        return {v.name: v.example for v in self.variables}


@dataclasses.dataclass(frozen=True)
class Playbook:
    """Every artifact, with the settings and folders they were loaded with."""

    artifacts: dict[str, Artifact]
    config: PlaybookConfig
    srcdir: Path
    templates_dir: Path

    def __iter__(self) -> Iterator[Artifact]:
        return iter(self.artifacts.values())

    def get(self, artifact_id: str) -> Artifact:
        try:
            return self.artifacts[artifact_id]
        except KeyError:
            raise PlaybookError(
                f"no artifact with id '{artifact_id}'; `playbook list` shows the ids"
            ) from None

    def of_kind(self, kind: Kind) -> list[Artifact]:
        return [a for a in self.artifacts.values() if a.kind == kind]

    def checklist(self, artifact_id: str) -> Checklist:
        return _expect(self.get(artifact_id), Checklist)

    def scorecard(self, artifact_id: str) -> Scorecard:
        return _expect(self.get(artifact_id), Scorecard)

    def email(self, artifact_id: str) -> EmailTemplate:
        return _expect(self.get(artifact_id), EmailTemplate)

    def fingerprint(self, artifact: Artifact) -> str:
        """A hash of everything an artifact's printouts are made from (for the PDF cache)."""
        digest = hashlib.sha256(repr(artifact).encode())
        digest.update(repr(self.config).encode())
        return digest.hexdigest()[:16]


_A = TypeVar("_A", bound=Artifact)


def _expect(artifact: Artifact, cls: type[_A]) -> _A:
    if not isinstance(artifact, cls):
        wanted = cls.__name__.lower().replace("emailtemplate", "email template")
        raise PlaybookError(f"artifact '{artifact.id}' is a {artifact.kind}, not a {wanted}")
    return artifact


# --------------------------------------------------------------------------------------------
# Loading


class _FileChecker:
    """Collects the problems of one YAML file, each with its line and field."""

    def __init__(self, display: str, problems: list[ContentProblem]) -> None:
        self.display = display
        self.problems = problems
        self.artifact: str | None = None

    def problem(self, container: Any, key: str | int | None, field: str | None, msg: str) -> None:
        self.problems.append(
            ContentProblem(self.display, line_of(container, key), self.artifact, field, msg)
        )

    def fields(
        self,
        data: Any,
        where: str,
        required: set[str],
        optional: frozenset[str] | set[str] = frozenset(),
    ) -> bool:
        """Check a mapping has every required field and nothing unknown."""
        if not isinstance(data, dict):
            self.problem(data, None, where or None, "expected a mapping of fields")
            return False
        ok = True
        for name in data:
            if name not in required | optional:
                valid = ", ".join(sorted(required | optional))
                self.problem(
                    data, name, _join(where, name), f"unknown field; valid fields: {valid}"
                )
                ok = False
        for name in sorted(required - set(data)):
            self.problem(data, None, _join(where, name), "is missing")
            ok = False
        return ok

    def text(self, data: Any, key: str, where: str, limit: int | None = None) -> str:
        if key not in data:
            return ""  # reported once, as missing, by fields()
        value = data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(data, key, _join(where, key), "expected non-empty text")
            return ""
        value = value.strip()
        if limit and len(value) > limit:
            self.problem(
                data,
                key,
                _join(where, key),
                f"is {len(value)} characters; at most {limit} fit the printout",
            )
        return value

    def choice(self, data: Any, key: str, where: str, choices: Any) -> str:
        value = data.get(key)
        if value not in choices:
            valid = ", ".join(choices)
            self.problem(data, key, _join(where, key), f"is {value!r}; expected one of: {valid}")
            return ""
        return str(value)

    def text_list(self, data: Any, key: str, where: str, minimum: int = 1) -> list[str]:
        value = data.get(key)
        if not isinstance(value, list) or len(value) < minimum:
            self.problem(data, key, _join(where, key), f"expected a list of at least {minimum}")
            return []
        out = []
        for index, entry in enumerate(value):
            if not isinstance(entry, str) or not entry.strip():
                self.problem(value, index, f"{_join(where, key)}[{index}]", "expected text")
            else:
                out.append(entry.strip())
        return out


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


COMMON_FIELDS = {"kind", "id", "title", "summary", "audience", "stage", "page"}
KIND_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    "checklist": ({"items"}, set()),
    "scorecard": ({"areas", "flags"}, {"instructions"}),
    "email": ({"sender", "when", "subject", "body", "variables"}, set()),
}


def load_playbook(srcdir: Path, config: PlaybookConfig | None = None) -> Playbook:
    """Load and validate every artifact under ``srcdir/<content_dir>``.

    Raises ``ContentError`` listing every problem found, one per line, so a user fixes them all
    in one pass instead of one per run.
    """
    config = config or PlaybookConfig()
    srcdir = Path(srcdir)
    content_dir = srcdir / config.content_dir
    templates_dir = srcdir / config.templates_dir
    problems: list[ContentProblem] = []
    if not content_dir.is_dir():
        raise PlaybookError(
            f"{content_dir}: the content folder does not exist; "
            f"set playbook_content_dir in conf.py to the folder with the artifact YAML files"
        )
    artifacts: dict[str, Artifact] = {}
    for path in sorted(content_dir.rglob("*.yaml")):
        display = _display(path, srcdir)
        try:
            data = load_yaml_file(path, display)
        except YamlSyntaxError as exc:
            problems.append(
                ContentProblem(display, exc.line, None, None, f"not valid YAML: {exc.problem}")
            )
            continue
        except PlaybookError as exc:
            problems.append(ContentProblem(display, None, None, None, str(exc)))
            continue
        artifact = _load_artifact(data, path, display, srcdir, templates_dir, problems)
        if artifact is None:
            continue
        if artifact.id in artifacts:
            first = artifacts[artifact.id]
            problems.append(
                ContentProblem(
                    display,
                    artifact.line,
                    artifact.id,
                    "id",
                    f"duplicate id; also used in {_display(first.source, srcdir)}",
                )
            )
            continue
        artifacts[artifact.id] = artifact
    if problems:
        raise ContentError(problems)
    return Playbook(artifacts, config, srcdir, templates_dir)


def _display(path: Path, srcdir: Path) -> str:
    try:
        return str(path.relative_to(srcdir.parent))
    except ValueError:
        return str(path)


def _load_artifact(
    data: Any,
    path: Path,
    display: str,
    srcdir: Path,
    templates_dir: Path,
    problems: list[ContentProblem],
) -> Artifact | None:
    check = _FileChecker(display, problems)
    if not isinstance(data, LineDict):
        check.problem(data, None, None, "expected a mapping with kind, id, title, ...")
        return None
    if isinstance(data.get("id"), str):
        check.artifact = data["id"]
    kind = check.choice(data, "kind", "", KINDS)
    if not kind:
        return None
    required, optional = KIND_FIELDS[kind]
    before = len(problems)
    check.fields(data, "", COMMON_FIELDS | required, optional)
    artifact_id = check.text(data, "id", "")
    if artifact_id and not ID_PATTERN.match(artifact_id):
        check.problem(data, "id", "id", "use lower-case letters, digits and hyphens")
    elif artifact_id and artifact_id != path.stem:
        check.problem(data, "id", "id", f"must match the file name '{path.stem}.yaml'")
    audience = data.get("audience")
    if not isinstance(audience, list) or not audience:
        check.problem(data, "audience", "audience", "expected a list of: " + ", ".join(AUDIENCES))
        audience = []
    for index, who in enumerate(audience):
        if not isinstance(who, str) or who not in AUDIENCES:
            check.problem(
                audience,
                index,
                f"audience[{index}]",
                f"is {who!r}; expected one of: " + ", ".join(AUDIENCES),
            )
    page = check.text(data, "page", "")
    if page and not _page_exists(srcdir, page):
        check.problem(
            data,
            "page",
            "page",
            f"no page '{page}' in {srcdir.name}/; give a docname such as "
            "'interviewing/preparing' (no extension)",
        )
    common: dict[str, Any] = dict(
        kind=kind,
        id=artifact_id,
        title=check.text(data, "title", ""),
        summary=check.text(data, "summary", ""),
        audience=tuple(str(a) for a in audience),
        stage=check.choice(data, "stage", "", tuple(STAGES)),
        page=page,
        source=path,
        line=data.line,
    )
    if kind == "checklist":
        artifact: Artifact = Checklist(**common, items=tuple(_items(data, check)))
    elif kind == "scorecard":
        areas, flags = _scorecard_parts(data, check)
        instructions = data.get("instructions")
        artifact = Scorecard(
            **common,
            areas=tuple(areas),
            flags=tuple(flags),
            instructions=instructions.strip() if isinstance(instructions, str) else None,
        )
    else:
        artifact = _email(data, common, check, templates_dir)
    return artifact if len(problems) == before else None


def _page_exists(srcdir: Path, page: str) -> bool:
    if page.startswith("/") or ".." in page.split("/"):
        return False
    return any((srcdir / f"{page}{suffix}").is_file() for suffix in (".md", ".rst"))


def _items(data: Any, check: _FileChecker) -> list[ChecklistItem]:
    raw = data.get("items")
    if not isinstance(raw, list) or not raw:
        check.problem(data, "items", "items", "expected a list of items, each with 'text'")
        return []
    items = []
    for index, entry in enumerate(raw):
        where = f"items[{index}]"
        if not check.fields(entry, where, {"text"}, {"why"}):
            continue
        text = check.text(entry, "text", where, ITEM_TEXT_LIMIT)
        why = check.text(entry, "why", where, ITEM_WHY_LIMIT) if "why" in entry else None
        items.append(ChecklistItem(text, why))
    return items


def _scorecard_parts(data: Any, check: _FileChecker) -> tuple[list[Area], list[str]]:
    raw = data.get("areas")
    areas: list[Area] = []
    if not isinstance(raw, list) or not raw:
        check.problem(data, "areas", "areas", "expected a list of interview areas")
        raw = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"areas[{index}]"
        if not check.fields(
            entry, where, {"id", "title", "look_for", "prompts", "evidence", "anchors"}
        ):
            continue
        area_id = check.text(entry, "id", where)
        if area_id and not ID_PATTERN.match(area_id):
            check.problem(entry, "id", f"{where}.id", "use lower-case letters, digits and hyphens")
        if area_id in seen:
            check.problem(entry, "id", f"{where}.id", f"duplicate area id '{area_id}'")
        seen.add(area_id)
        anchors_raw = entry.get("anchors")
        anchors: dict[str, str] = {}
        if check.fields(anchors_raw, f"{where}.anchors", set(RATINGS)):
            anchors = {r: check.text(anchors_raw, r, f"{where}.anchors") for r in RATINGS}
        areas.append(
            Area(
                id=area_id,
                title=check.text(entry, "title", where),
                look_for=check.text(entry, "look_for", where),
                prompts=tuple(check.text_list(entry, "prompts", where)),
                evidence=check.text(entry, "evidence", where),
                anchors=anchors,
            )
        )
    flags = check.text_list(data, "flags", "")
    return areas, flags


def _email(
    data: Any, common: dict[str, Any], check: _FileChecker, templates_dir: Path
) -> EmailTemplate:
    from playbook_tools.render import email as email_render  # Jinja2 only when emails load

    raw_vars = data.get("variables")
    variables: list[Variable] = []
    if not isinstance(raw_vars, dict) or not raw_vars:
        check.problem(
            data,
            "variables",
            "variables",
            "expected a mapping of variable names to description and example",
        )
        raw_vars = {}
    for name, spec in raw_vars.items():
        where = f"variables.{name}"
        if not VARIABLE_PATTERN.match(name) or name in EMAIL_GLOBALS:
            check.problem(
                raw_vars,
                name,
                where,
                "use lower_case_with_underscores, and not " + " or ".join(EMAIL_GLOBALS),
            )
        if check.fields(spec, where, {"description", "example"}):
            variables.append(
                Variable(
                    name, check.text(spec, "description", where), check.text(spec, "example", where)
                )
            )
    subject = check.text(data, "subject", "")
    body = check.text(data, "body", "")
    body_source = ""
    body_path = templates_dir / body
    if body:
        if body.startswith("/") or ".." in Path(body).parts:
            check.problem(data, "body", "body", "give a path inside the templates folder")
        elif not body_path.is_file():
            check.problem(data, "body", "body", f"no template file {templates_dir.name}/{body}")
        else:
            try:
                body_source = body_path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                check.problem(data, "body", "body",
                              f"{templates_dir.name}/{body} is not UTF-8 text ({exc.reason})")
    template = EmailTemplate(
        **common,
        sender=check.choice(data, "sender", "", SENDERS),
        when=check.text(data, "when", ""),
        subject=subject,
        body=body,
        body_source=body_source,
        body_path=body_path,
        variables=tuple(variables),
    )
    if subject and body_source:
        for field, message in email_render.template_problems(template):
            line_key = "subject" if field == "subject" else "body"
            check.problem(data, line_key, field, message)
    return template
