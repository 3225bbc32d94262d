"""Printable HTML for checklists, scorecards and email templates.

The layouts are Jinja2 templates. A fork overrides one by putting a file of the same name under
``docs/templates/print/``; the package's own layouts are the fallback.
"""

from __future__ import annotations

import dataclasses
import re
from importlib import resources

from markupsafe import Markup

from playbook_tools.model.artifacts import Artifact, EmailTemplate, Playbook
from playbook_tools.render import email as email_render
from playbook_tools.render.layouts import environment, layout_source, translator
from playbook_tools.vocabulary import AUDIENCES, RATING_LABELS, RATINGS, STAGES, UNSURE

PAPER_CSS = {"a4": "A4", "letter": "letter"}


@dataclasses.dataclass(frozen=True)
class FormFor:
    """Whose scorecard form this is: printed on it, fixed, and checked by ``playbook decide``."""

    candidate: str
    interviewer: str


class ScorecardFields:
    """The names of the scorecard's PDF form fields: stable, documented, and without dots,
    which would make a hierarchy of fields in PDF. ``decide.pdfform`` reads them back."""

    candidate = "candidate"
    interviewer = "interviewer"
    date = "date"
    flags_other = "flags-other"
    identity = (candidate, interviewer)

    @staticmethod
    def rating(area_id: str) -> str:
        return f"rating-{area_id}"

    @staticmethod
    def evidence(area_id: str) -> str:
        return f"evidence-{area_id}"

    @staticmethod
    def more_evidence(area_id: str) -> str:
        """The area's box on the card's last page, "Evidence, continued" (issue 20): what did
        not fit in ``evidence``, which ``decide`` reads with it. Its own prefix, so that no
        area's id can make it another area's ``evidence`` field."""
        return f"more-evidence-{area_id}"

    @staticmethod
    def flag(flag: str) -> str:
        """A flag's tick box; a flag is free text, so anything but letters, digits, - and _
        becomes -."""
        return "flag-" + re.sub(r"[^A-Za-z0-9_-]+", "-", flag).strip("-")


FIELDS = ScorecardFields()


def static_text(name: str) -> str:
    return resources.files("playbook_tools").joinpath("static", name).read_text(encoding="utf-8")


def template_names(kind: str) -> list[str]:
    """The layout files one artifact kind is printed with (for the PDF cache's hash)."""
    return ["print/base.html.j2", f"print/{kind}.html.j2"]


def layout_sources(playbook: Playbook, kind: str) -> str:
    parts = [layout_source(playbook.templates_dir, name) for name in template_names(kind)]
    stylesheets = ("playbook.css", "playbook-page.css", "playbook-paged.css")
    return "".join(parts) + "".join(static_text(name) for name in stylesheets)


def render_printable_html(artifact: Artifact, playbook: Playbook, paper: str,
                          form_for: FormFor | None = None, page_url: str | None = None) -> str:
    """The printable page; a scorecard's boxes and lines are form fields (``ScorecardFields``),
    filled in with whose card it is when ``form_for`` says so."""
    config = playbook.config
    _ = playbook.gettext
    context = {
        "_": translator(_),
        "language": playbook.language,
        "artifact": artifact,
        "config": config,
        "paper_size": PAPER_CSS[paper],
        "site_css": Markup(static_text("playbook.css")),
        "page_css": Markup(static_text("playbook-page.css")),
        "audience": ", ".join(_(AUDIENCES[a]) for a in artifact.audience),
        "stage": _(STAGES[artifact.stage]),
        "page_url": page_url or config.page_url(artifact.page),
        "ratings": RATINGS,
        "rating_labels": RATING_LABELS,
        "unsure": UNSURE,
        "fields": FIELDS,
        "form_for": form_for,
    }
    if isinstance(artifact, EmailTemplate):
        context["shown"] = email_render.with_placeholders(artifact, config)
    env = environment(playbook.templates_dir, autoescape=True)
    template = env.get_template(f"print/{artifact.kind}.html.j2")
    return template.render(context)
