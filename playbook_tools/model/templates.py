"""Email templates as the content model sees them: Jinja2 parsing, checking and placeholders.

The loader checks every template here (syntax, declared and unused variables, placeholders the
page can mark), and the renderers fill the same compiled templates. Kept in ``model`` so that
loading the content never imports a renderer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.meta

from playbook_tools.config import FIGURES, PlaybookConfig
from playbook_tools.errors import PlaybookError

if TYPE_CHECKING:
    from playbook_tools.model.artifacts import EmailTemplate

# Variables every email template may use without declaring them: they come from conf.py.
EMAIL_GLOBALS: tuple[str, ...] = tuple(dict.fromkeys(("company", "signature", *FIGURES)))

# Private-use characters mark where a variable was substituted; they never occur in content.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARK = re.compile(f"{_OPEN}([a-z0-9_]+){_CLOSE}")

Segments = list[tuple[str, str | None]]


@functools.cache
def environment(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # plain-text email; HTML outputs escape separately
    )


@functools.cache
def _compiled(templates_dir: Path, source: str) -> jinja2.Template:
    return environment(templates_dir).from_string(source)


def globals_for(config: PlaybookConfig) -> dict[str, str]:
    return {**config.figures(), "company": config.company, "signature": config.sign_off}


def single_line(text: str) -> str:
    """Collapse every run of whitespace, CR and LF included, so a value can't start a header."""
    return " ".join(text.split())


def render_source(template: EmailTemplate, source: str, context: Mapping[str, str]) -> str:
    try:
        return _compiled(template.body_path.parent, source).render(context)
    except jinja2.UndefinedError as exc:
        raise PlaybookError(f"template '{template.id}': {exc.message}") from exc


def template_problems(template: EmailTemplate) -> list[tuple[str, str]]:
    """(field, message) pairs for a template's syntax and variable use."""
    env = environment(template.body_path.parent)
    declared = set(template.variable_names)
    problems: list[tuple[str, str]] = []
    used: set[str] = set()
    for field, source, name in (
        ("subject", template.subject, "subject"),
        ("body", template.body_source, template.body),
    ):
        try:
            parsed = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            where = f"line {exc.lineno} of {name}" if field == "body" else "subject"
            problems.append((field, f"template syntax error at {where}: {exc.message}"))
            continue
        names = jinja2.meta.find_undeclared_variables(parsed)
        used |= names
        for unknown in sorted(names - declared - set(EMAIL_GLOBALS)):
            problems.append((field, f"uses '{unknown}', which is not declared under variables"))
    if not problems:
        for unused in sorted(declared - used):
            problems.append((f"variables.{unused}", "is declared but the template never uses it"))
    if not problems:
        problems += _placeholder_problems(template)
    return problems


def _placeholder_problems(template: EmailTemplate) -> list[tuple[str, str]]:
    """Every variable must reach the text unchanged, or the page can't mark and fill it."""
    try:
        subject, body = placeholder_segments(template, PlaybookConfig())
    except (jinja2.TemplateError, PlaybookError, TypeError, ValueError) as exc:
        return [("body", f"cannot be shown with placeholders: {exc}")]
    problems = []
    for field, runs in (("subject", subject), ("body", body)):
        if any(_OPEN in text or _CLOSE in text for text, variable in runs if variable is None):
            problems.append((field, "changes a variable with a filter or expression; write "
                                    "plain {{ name }} so the page can mark and fill it"))
    return problems


def placeholder_segments(template: EmailTemplate,
                         config: PlaybookConfig) -> tuple[Segments, Segments]:
    """The subject and body as (text, variable) runs: variable is None for fixed text.

    The page shows each variable as a marked ``{{ name }}`` placeholder, and the browser's
    fill-in fields replace exactly those runs.
    """
    context = {
        **globals_for(config),
        **{name: f"{_OPEN}{name}{_CLOSE}" for name in template.variable_names},
    }
    subject = single_line(render_source(template, template.subject, context))
    body = render_source(template, template.body_source, context)
    return _segments(subject), _segments(body)


def placeholder(name: str) -> str:
    return "{{ " + name + " }}"


def _segments(text: str) -> Segments:
    runs: Segments = []
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            runs.append((text[position:match.start()], None))
        runs.append((placeholder(match.group(1)), match.group(1)))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], None))
    return runs
