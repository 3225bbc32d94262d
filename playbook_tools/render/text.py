"""Plain-text views of every artifact (for `playbook show` and `playbook render --format txt`)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from playbook_tools.config import PlaybookConfig
from playbook_tools.model.artifacts import Artifact, Checklist, EmailTemplate, Scorecard
from playbook_tools.render import email as email_render
from playbook_tools.vocabulary import AUDIENCES, RATING_LABELS, RATINGS, STAGES

EVIDENCE_LINES = 4


def about_lines(artifact: Artifact, config: PlaybookConfig) -> list[str]:
    """Who the artifact is for, its stage, and the page that explains it."""
    who = ", ".join(AUDIENCES[a] for a in artifact.audience)
    return [
        f"For: {who}. Stage: {STAGES[artifact.stage]}.",
        f"Explained at: {config.page_url(artifact.page)}",
    ]


def _heading(title: str, underline: str = "=") -> list[str]:
    return [title, underline * len(title)]


def wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap ``text``; continuation lines take ``hanging`` (default: the same indent)."""
    follow = indent if hanging is None else hanging
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=follow) or [indent]


def checklist_text(checklist: Checklist, config: PlaybookConfig, width: int = 78) -> str:
    lines = [*_heading(checklist.title), *wrap(checklist.summary, width), ""]
    lines += [*about_lines(checklist, config), ""]
    for number, item in enumerate(checklist.items, 1):
        lines += wrap(f"[ ] {number}. {item.text}", width, hanging="       ")
        if item.why:
            lines += wrap(item.why, width, "       ")
    return "\n".join(lines) + "\n"


def scorecard_text(card: Scorecard, config: PlaybookConfig, width: int = 78) -> str:
    lines = [*_heading(card.title), *wrap(card.summary, width), ""]
    lines += [*about_lines(card, config), ""]
    if card.instructions:
        lines += [*wrap(card.instructions, width), ""]
    lines += ["Candidate: ____________________   Interviewer: ____________________", ""]
    for area in card.areas:
        lines += [*_heading(area.title, "-"), *wrap("Look for: " + area.look_for, width)]
        lines += ["Prompts:"]
        for prompt in area.prompts:
            lines += wrap(prompt, width - 4, "  - ")
        lines += ["Ratings:"]
        for rating in RATINGS:
            lines += wrap(f"[ ] {RATING_LABELS[rating]}: {area.anchors[rating]}", width, "  ",
                           "      ")
        lines += wrap("Evidence: " + area.evidence, width)
        lines += ["  " + "_" * (width - 4) for _ in range(EVIDENCE_LINES)] + [""]
    lines += [*_heading("Flags", "-"), "  ".join(f"[ ] {flag}" for flag in card.flags)]
    return "\n".join(lines) + "\n"


def email_text(template: EmailTemplate, config: PlaybookConfig, width: int = 78) -> str:
    shown = email_render.with_placeholders(template, config)
    lines = [*_heading(template.title), *wrap(template.summary, width), ""]
    lines += [*about_lines(template, config)]
    lines += wrap(f"Sent by: {template.sender.replace('-', ' ')}. When: {template.when}", width)
    lines += ["", f"Subject: {shown.subject}", "", shown.body.rstrip("\n"), "", "Variables:"]
    for variable in template.variables:
        lines += wrap(f"{variable.name}: {variable.description}", width, "  ")
        example = variable.example.replace("\n", " / ")
        lines += wrap(f"example: {example}", width, "      ")
    return "\n".join(lines) + "\n"


def render_text(artifact: Artifact, config: PlaybookConfig, width: int = 78) -> str:
    renderers: dict[type, Callable[..., str]] = {
        Checklist: checklist_text, Scorecard: scorecard_text, EmailTemplate: email_text,
    }
    return renderers[type(artifact)](artifact, config, width)
