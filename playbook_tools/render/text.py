"""Markdown and plain-text views of every artifact (for `playbook render` and `playbook show`)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from playbook_tools.config import PlaybookConfig
from playbook_tools.model import (
    AUDIENCES,
    RATING_LABELS,
    RATINGS,
    STAGES,
    Artifact,
    Checklist,
    EmailTemplate,
    Scorecard,
)
from playbook_tools.render import email as email_render

EVIDENCE_LINES = 4


def _about(artifact: Artifact, config: PlaybookConfig) -> list[str]:
    who = ", ".join(AUDIENCES[a] for a in artifact.audience)
    return [
        f"For: {who}. Stage: {STAGES[artifact.stage]}.",
        f"Explained at: {config.page_url(artifact.page)}",
    ]


# --------------------------------------------------------------------------------------------
# Markdown


def checklist_markdown(checklist: Checklist, config: PlaybookConfig) -> str:
    lines = [f"# {checklist.title}", "", checklist.summary, ""]
    lines += [f"_{line}_  " for line in _about(checklist, config)] + [""]
    for item in checklist.items:
        lines.append(f"- [ ] **{item.text}**")
        if item.why:
            lines.append(f"  {item.why}")
    return "\n".join(lines) + "\n"


def scorecard_markdown(card: Scorecard, config: PlaybookConfig) -> str:
    lines = [f"# {card.title}", "", card.summary, ""]
    lines += [f"_{line}_  " for line in _about(card, config)] + [""]
    if card.instructions:
        lines += [card.instructions, ""]
    lines += ["Candidate: ______________________  Interviewer: ______________________", ""]
    for area in card.areas:
        lines += [f"## {area.title}", "", f"**Look for:** {area.look_for}", "", "**Prompts:**", ""]
        lines += [f"- {prompt}" for prompt in area.prompts] + [""]
        lines += ["| Rating | What it means |", "| --- | --- |"]
        lines += [f"| [ ] {RATING_LABELS[r]} | {area.anchors[r]} |" for r in RATINGS]
        lines += ["", f"**Evidence:** {area.evidence}", ""]
        lines += ["> " + "_" * 60 for _ in range(EVIDENCE_LINES)] + [""]
    lines += ["## Flags", "", "Tick what you noticed:", ""]
    lines += [f"- [ ] {flag}" for flag in card.flags]
    return "\n".join(lines) + "\n"


def email_markdown(template: EmailTemplate, config: PlaybookConfig) -> str:
    shown = email_render.with_placeholders(template, config)
    example = email_render.fill_example(template, config)
    lines = [f"# {template.title}", "", template.summary, ""]
    lines += [f"_{line}_  " for line in _about(template, config)]
    lines += [f"_Sent by: {template.sender.replace('-', ' ')}. When: {template.when}_", ""]
    lines += [f"**Subject:** {shown.subject}", "", "```text", shown.body.rstrip("\n"), "```", ""]
    lines += ["| Variable | Description | Example |", "| --- | --- | --- |"]
    for variable in template.variables:
        example_cell = variable.example.replace("\n", "<br>").replace("|", "\\|")
        lines.append(f"| `{variable.name}` | {variable.description} | {example_cell} |")
    lines += ["", "## Filled example", "", f"**Subject:** {example.subject}", "", "```text",
              example.body.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Plain text (also what `playbook show` prints)


def _heading(title: str, underline: str = "=") -> list[str]:
    return [title, underline * len(title)]


def _wrap(text: str, width: int, indent: str = "", hanging: str | None = None) -> list[str]:
    """Wrap ``text``; continuation lines take ``hanging`` (default: the same indent)."""
    follow = indent if hanging is None else hanging
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=follow) or [indent]


def checklist_text(checklist: Checklist, config: PlaybookConfig, width: int = 78) -> str:
    lines = [*_heading(checklist.title), *_wrap(checklist.summary, width), ""]
    lines += [*_about(checklist, config), ""]
    for number, item in enumerate(checklist.items, 1):
        lines += _wrap(f"[ ] {number}. {item.text}", width, hanging="       ")
        if item.why:
            lines += _wrap(item.why, width, "       ")
    return "\n".join(lines) + "\n"


def scorecard_text(card: Scorecard, config: PlaybookConfig, width: int = 78) -> str:
    lines = [*_heading(card.title), *_wrap(card.summary, width), ""]
    lines += [*_about(card, config), ""]
    if card.instructions:
        lines += [*_wrap(card.instructions, width), ""]
    lines += ["Candidate: ____________________   Interviewer: ____________________", ""]
    for area in card.areas:
        lines += [*_heading(area.title, "-"), *_wrap("Look for: " + area.look_for, width)]
        lines += ["Prompts:"]
        for prompt in area.prompts:
            lines += _wrap(prompt, width - 4, "  - ")
        lines += ["Ratings:"]
        for rating in RATINGS:
            lines += _wrap(f"[ ] {RATING_LABELS[rating]}: {area.anchors[rating]}", width, "  ",
                           "      ")
        lines += _wrap("Evidence: " + area.evidence, width)
        lines += ["  " + "_" * (width - 4) for _ in range(EVIDENCE_LINES)] + [""]
    lines += [*_heading("Flags", "-"), "  ".join(f"[ ] {flag}" for flag in card.flags)]
    return "\n".join(lines) + "\n"


def email_text(template: EmailTemplate, config: PlaybookConfig, width: int = 78) -> str:
    shown = email_render.with_placeholders(template, config)
    lines = [*_heading(template.title), *_wrap(template.summary, width), ""]
    lines += [*_about(template, config)]
    lines += _wrap(f"Sent by: {template.sender.replace('-', ' ')}. When: {template.when}", width)
    lines += ["", f"Subject: {shown.subject}", "", shown.body.rstrip("\n"), "", "Variables:"]
    for variable in template.variables:
        lines += _wrap(f"{variable.name}: {variable.description}", width, "  ")
        example = variable.example.replace("\n", " / ")
        lines += _wrap(f"example: {example}", width, "      ")
    return "\n".join(lines) + "\n"


def render_markdown(artifact: Artifact, config: PlaybookConfig) -> str:
    renderers: dict[type, Callable[..., str]] = {
        Checklist: checklist_markdown, Scorecard: scorecard_markdown, EmailTemplate: email_markdown,
    }
    return renderers[type(artifact)](artifact, config)


def render_text(artifact: Artifact, config: PlaybookConfig, width: int = 78) -> str:
    renderers: dict[type, Callable[..., str]] = {
        Checklist: checklist_text, Scorecard: scorecard_text, EmailTemplate: email_text,
    }
    return renderers[type(artifact)](artifact, config, width)
