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
from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.model.formats import is_format_file, load_formats
from playbook_tools.model.kinds import ID_PATTERN, LoadContext, artifact_kinds
from playbook_tools.validation import Checker
from playbook_tools.vocabulary import AUDIENCES, STAGES
from playbook_tools.yamlsource import LineDict, YamlSyntaxError, load_yaml_file

# A figure written into an artifact's text: "{{ pairing_minutes }}" (config.FIGURES).
FIGURE_PATTERN = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

# Every artifact has these; each kind adds its own (model/kinds/).
COMMON_FIELDS = {"kind", "id", "title", "summary", "audience", "stage", "page"}


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
    # An interviewer's checklists come from the interview format of their session
    # (docs/playbook/formats/), which model/formats.py checks when it loads.
    wanted: list[tuple[str, str, str]] = [
        (f"playbook_kit_emails['{part}']", artifact_id, "email")
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
    kinds = artifact_kinds()
    name = check.choice(data, "kind", "", tuple(kinds))
    if not name:
        return None
    kind = kinds[name]
    if kind.fills_figures:
        _fill_figures(data, "", check, figures)
    before = len(problems)
    check.fields(data, "", COMMON_FIELDS | kind.fields, set(kind.optional))
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
        kind=name,
        id=artifact_id,
        title=check.text(data, "title", ""),
        summary=check.text(data, "summary", ""),
        audience=tuple(str(a) for a in audience),
        stage=check.choice(data, "stage", "", tuple(STAGES)),
        page=page,
        source=path,
        line=data.line,
    )
    artifact = kind.build(data, common, check, LoadContext(templates_dir, figures))
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
