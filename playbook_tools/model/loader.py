"""Load ``docs/playbook/**/*.yaml`` into typed, validated artifacts.

This is the one loader behind every output. The Sphinx directives, the printable renderers, the
email tools, the kit and the decision engine all read the same ``Playbook`` object, so a page
and its printout cannot drift apart. Fields are checked by ``validation.Checker``, the same
checker the candidate file and the filled forms use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.model.artifacts import (
    Area,
    Artifact,
    Checklist,
    ChecklistItem,
    EmailTemplate,
    Playbook,
    Scorecard,
    Variable,
)
from playbook_tools.model.formats import is_format_file, load_formats
from playbook_tools.model.templates import EMAIL_GLOBALS, template_problems
from playbook_tools.validation import Checker
from playbook_tools.vocabulary import AUDIENCES, FLAG_KINDS, KINDS, RATINGS, SENDERS, STAGES
from playbook_tools.yamlsource import LineDict, YamlSyntaxError, load_yaml_file

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VARIABLE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# A figure written into an artifact's text: "{{ pairing_minutes }}" (config.FIGURES).
FIGURE_PATTERN = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

ITEM_TEXT_LIMIT = 110
ITEM_WHY_LIMIT = 160

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
        if is_format_file(path, content_dir):  # interview formats: model/formats.py
            continue
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
        artifact = _load_artifact(data, path, display, srcdir, templates_dir, problems,
                                  config.figures())
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
    formats = load_formats(content_dir, config, {a.id: a.kind for a in artifacts.values()},
                           lambda path: _display(path, srcdir), problems)
    if problems:
        raise ContentError(problems)
    return Playbook(artifacts, config, srcdir, templates_dir, formats=formats)


def config_references(playbook: Playbook) -> list[ContentProblem]:
    """The artifacts conf.py names for the kit and the decision record exist, of their kind.

    A fork that renames or removes one learns it from `playbook check`, and `kit` and
    `decide --record` check it before they do any work.
    """
    artifacts, config = playbook.artifacts, playbook.config
    wanted: list[tuple[str, str, str]] = [
        (f"playbook_kit_checklists[{n}]", artifact_id, "checklist")
        for n, artifact_id in enumerate(config.kit_checklists)]
    wanted += [(f"playbook_kit_emails['{part}']", artifact_id, "email")
               for part, artifact_id in config.kit_emails.items()]
    wanted += [(f"playbook_outcome_emails['{outcome}']", artifact_id, "email")
               for outcome, artifact_id in config.outcome_emails.items()]
    problems = []
    for setting, artifact_id, kind in wanted:
        found = artifacts.get(artifact_id)
        if found is None or found.kind != kind:
            ids = ", ".join(a.id for a in artifacts.values() if a.kind == kind)
            problems.append(ContentProblem("conf.py", None, None, setting,
                                           f"'{artifact_id}' is not a {kind}; the {kind}s "
                                           f"are: {ids}"))
    return problems


def require_config_references(playbook: Playbook) -> None:
    problems = config_references(playbook)
    if problems:
        raise ContentError(problems)


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
    figures: dict[str, str],
) -> Artifact | None:
    check = Checker(display, problems)
    if not isinstance(data, LineDict):
        check.problem(data, None, None, "expected a mapping with kind, id, title, ...")
        return None
    if isinstance(data.get("id"), str):
        check.artifact = data["id"]
    kind = check.choice(data, "kind", "", KINDS)
    if not kind:
        return None
    if kind != "email":  # email templates are Jinja2, where the figures are globals
        _fill_figures(data, "", check, figures)
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
            strengths=tuple(flags.get("strengths", ())),
            concerns=tuple(flags.get("concerns", ())),
            instructions=instructions.strip() if isinstance(instructions, str) else None,
        )
    else:
        artifact = _email(data, common, check, templates_dir)
    return artifact if len(problems) == before else None


def _fill_figures(data: Any, where: str, check: Checker, figures: dict[str, str]) -> None:
    """Replace ``{{ name }}`` in every text with the figure from conf.py, in place."""
    keys = data.keys() if isinstance(data, dict) else range(len(data))
    for key in keys:
        value = data[key]
        field = f"{where}.{key}" if isinstance(key, str) and where else (
            key if isinstance(key, str) else f"{where}[{key}]")
        if isinstance(value, (dict, list)):
            _fill_figures(value, field, check, figures)
        elif isinstance(value, str) and "{{" in value:
            for name in FIGURE_PATTERN.findall(value):
                if name not in figures:
                    check.problem(data, key, field, f"'{{{{ {name} }}}}' is not a figure; "
                                  "figures: " + ", ".join(figures))
            data[key] = FIGURE_PATTERN.sub(lambda m: figures.get(m[1], m[0]), value)


def _page_exists(srcdir: Path, page: str) -> bool:
    if page.startswith("/") or ".." in page.split("/"):
        return False
    return any((srcdir / f"{page}{suffix}").is_file() for suffix in (".md", ".rst"))


def _items(data: Any, check: Checker) -> list[ChecklistItem]:
    raw = data.get("items")
    if not isinstance(raw, list) or not raw:
        check.problem(data, "items", "items", "expected a list of items, each with 'text'")
        return []
    items = []
    for index, entry in enumerate(raw):
        where = f"items[{index}]"
        if not check.fields(entry, where, {"text"}, {"why"}):
            continue
        text = check.text(entry, "text", where, limit=ITEM_TEXT_LIMIT)
        why = check.text(entry, "why", where, limit=ITEM_WHY_LIMIT) if "why" in entry else None
        items.append(ChecklistItem(text, why))
    return items


def _scorecard_parts(data: Any, check: Checker) -> tuple[list[Area], dict[str, list[str]]]:
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
    flags: dict[str, list[str]] = {}
    if check.fields(data.get("flags"), "flags", set(FLAG_KINDS)):
        flags = {kind: check.text_list(data["flags"], kind, "flags") for kind in FLAG_KINDS}
        both = set(flags["strengths"]) & set(flags["concerns"])
        for flag in sorted(both):
            check.problem(data, "flags", "flags", f"'{flag}' is both a strength and a concern; "
                          "name each flag so it is clearly one of them")
    return areas, flags


def _email(
    data: Any, common: dict[str, Any], check: Checker, templates_dir: Path
) -> EmailTemplate:
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
        for field, message in template_problems(template):
            line_key = "subject" if field == "subject" else "body"
            check.problem(data, line_key, field, message)
    return template
