"""Plain-text views of every artifact (for `playbook show` and `playbook render --format txt`)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from playbook_tools.config import PlaybookConfig
from playbook_tools.model.artifacts import Artifact, Checklist, EmailTemplate, Scorecard
from playbook_tools.render import email as email_render
from playbook_tools.render.layouts import kind_layout
from playbook_tools.vocabulary import AUDIENCES, RATING_LABELS, RATINGS, STAGES

EVIDENCE_LINES = 4


Gettext = Callable[[str], str]


def about_lines(artifact: Artifact, config: PlaybookConfig, _: Gettext = str) -> list[str]:
    """Who the artifact is for, its stage, and the page that explains it."""
    who = ", ".join(_(AUDIENCES[a]) for a in artifact.audience)
    return [
        f"{_('For:')} {who}. {_('Stage:')} {_(STAGES[artifact.stage])}.",
        f"{_('Explained at:')} {config.page_url(artifact.page)}",
    ]


def _heading(title: str, underline: str = "=") -> list[str]:
    return [title, underline * len(title)]


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap ``text``; continuation lines take ``hanging`` (default: the same indent)."""
    follow = indent if hanging is None else hanging
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=follow) or [indent]


def checklist_text(checklist: Checklist, config: PlaybookConfig, width: int = 78,
                   _: Gettext = str) -> str:
    lines = [*_heading(checklist.title), *wrap(checklist.summary, width), ""]
    lines += [*about_lines(checklist, config, _), ""]
    for number, item in enumerate(checklist.items, 1):
        lines += wrap(f"[ ] {number}. {item.text}", width, hanging="       ")
        if item.why:
            lines += wrap(item.why, width, "       ")
    return "\n".join(lines) + "\n"


def scorecard_text(card: Scorecard, config: PlaybookConfig, width: int = 78,
                   _: Gettext = str) -> str:
    lines = [*_heading(card.title), *wrap(card.summary, width), ""]
    lines += [*about_lines(card, config, _), ""]
    if card.instructions:
        lines += [*wrap(card.instructions, width), ""]
    blank = "_" * 20
    lines += [f"{_('Candidate:')} {blank}   {_('Interviewer:')} {blank}", ""]
    for area in card.areas:
        lines += [*_heading(area.title, "-"), *wrap(f"{_('Look for:')} {area.look_for}", width)]
        lines += [_("Prompts:")]
        for prompt in area.prompts:
            lines += wrap(prompt, width - 4, "  - ")
        lines += [_("Ratings:")]
        for rating in RATINGS:
            lines += wrap(f"[ ] {_(RATING_LABELS[rating])}: {area.anchors[rating]}", width, "  ",
                          "      ")
        lines += wrap(f"{_('Evidence:')} {area.evidence}", width)
        lines += ["  " + "_" * (width - 4)] * EVIDENCE_LINES + [""]
    lines += [*_heading(_("Flags"), "-"),
              f"{_('Strengths:')} " + "  ".join(f"[ ] {flag}" for flag in card.strengths),
              f"{_('Concerns:')} " + "  ".join(f"[ ] {flag}" for flag in card.concerns)]
    return "\n".join(lines) + "\n"


def email_text(template: EmailTemplate, config: PlaybookConfig, width: int = 78,
               _: Gettext = str) -> str:
    shown = email_render.with_placeholders(template, config)
    lines = [*_heading(template.title), *wrap(template.summary, width), ""]
    lines += [*about_lines(template, config, _)]
    sender = _(template.sender.replace("-", " "))
    lines += wrap(f"{_('Sent by:')} {sender}. {_('When:')} {template.when}", width)
    lines += ["", f"{_('Subject:')} {shown.subject}", "", shown.body.rstrip("\n"), "",
              _("Variables:")]
    for variable in template.variables:
        lines += wrap(f"{variable.name}: {variable.description}", width, "  ")
        example = variable.example.replace("\n", " / ")
        lines += wrap(f"{_('example:')} {example}", width, "      ")
    return "\n".join(lines) + "\n"


def render_text(artifact: Artifact, config: PlaybookConfig, width: int = 78,
                gettext: Gettext = str, templates_dir: Path | None = None) -> str:
    """The artifact as plain text; ``gettext`` (a translated playbook's) translates the labels.
    A kind without a renderer here is shown by its layout, ``text/<kind>.txt.j2``."""
    renderers: dict[type, Callable[..., str]] = {
        Checklist: checklist_text, Scorecard: scorecard_text, EmailTemplate: email_text,
    }
    renderer = renderers.get(type(artifact))
    if renderer is None:
        return kind_layout(artifact, f"text/{artifact.kind}.txt.j2", templates_dir, gettext,
                           config=config, width=width, about=about_lines(artifact, config, gettext))
    return renderer(artifact, config, width, gettext)
