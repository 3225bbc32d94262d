"""Printable HTML for checklists, scorecards and email templates.

The layouts are Jinja2 templates. A fork overrides one by putting a file of the same name under
``docs/templates/print/``; the package's own layouts are the fallback.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from playbook_tools.model import (
    AUDIENCES,
    RATING_LABELS,
    RATINGS,
    STAGES,
    Artifact,
    EmailTemplate,
    Playbook,
)
from playbook_tools.render import email as email_render

PAPER_CSS = {"a4": "A4", "letter": "letter"}


def static_text(name: str) -> str:
    return resources.files("playbook_tools").joinpath("static", name).read_text(encoding="utf-8")


@functools.cache
def _environment(templates_dir: Path) -> jinja2.Environment:
    package_templates = resources.files("playbook_tools").joinpath("templates")
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader(str(templates_dir)),
            jinja2.FileSystemLoader(str(package_templates)),
        ]),
        autoescape=True,  # every value in printable HTML is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template_names(kind: str) -> list[str]:
    """The layout files one artifact kind is printed with (for the PDF cache's hash)."""
    return ["print/base.html.j2", f"print/{kind}.html.j2"]


def layout_sources(playbook: Playbook, kind: str) -> str:
    env = _environment(playbook.templates_dir)
    assert env.loader is not None
    parts = [env.loader.get_source(env, name)[0] for name in template_names(kind)]
    stylesheets = ("playbook.css", "playbook-page.css", "playbook-paged.css")
    return "".join(parts) + "".join(static_text(name) for name in stylesheets)


def render_printable_html(artifact: Artifact, playbook: Playbook, paper: str) -> str:
    config = playbook.config
    context = {
        "artifact": artifact,
        "config": config,
        "paper_size": PAPER_CSS[paper],
        "site_css": Markup(static_text("playbook.css")),
        "page_css": Markup(static_text("playbook-page.css")),
        "audience": ", ".join(AUDIENCES[a] for a in artifact.audience),
        "stage": STAGES[artifact.stage],
        "page_url": config.page_url(artifact.page),
        "ratings": RATINGS,
        "rating_labels": RATING_LABELS,
    }
    if isinstance(artifact, EmailTemplate):
        context["shown"] = email_render.with_placeholders(artifact, config)
    template = _environment(playbook.templates_dir).get_template(f"print/{artifact.kind}.html.j2")
    return template.render(context)
