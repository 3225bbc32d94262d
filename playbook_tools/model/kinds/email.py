"""The e-mail template: a subject and a Jinja2 body, who sends it and when, and the
variables it takes, each with a description and an example."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playbook_tools.model.artifacts import Artifact, EmailTemplate, Variable
from playbook_tools.model.kinds import ArtifactKind, LoadContext
from playbook_tools.model.templates import EMAIL_GLOBALS, template_problems
from playbook_tools.validation import Checker
from playbook_tools.vocabulary import SENDERS

VARIABLE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def build(data: Any, common: dict[str, Any], check: Checker, context: LoadContext) -> Artifact:
    return _email(data, common, check, context.templates_dir)


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


def translated_problems(artifact: Artifact) -> list[tuple[str, str]]:
    """A translated template must still be a valid template with the same variables."""
    return list(template_problems(artifact)) if isinstance(artifact, EmailTemplate) else []


KIND = ArtifactKind(
    name="email", label="email template", plural="email templates", order=3,
    fields=frozenset({"sender", "when", "subject", "body", "variables"}), optional=frozenset(),
    build=build,
    texts=("when", "subject", "body_source", ("variables", ("description", "example"))),
    fills_figures=False, translation_problems=translated_problems,
)
