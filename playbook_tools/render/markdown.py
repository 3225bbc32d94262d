"""Markdown views of every artifact (for `playbook render --format md`)."""

from __future__ import annotations

from collections.abc import Callable

from playbook_tools.config import PlaybookConfig
from playbook_tools.model.artifacts import Artifact, Checklist, EmailTemplate, Scorecard
from playbook_tools.render import email as email_render
from playbook_tools.render.text import EVIDENCE_LINES, about_lines
from playbook_tools.vocabulary import RATING_LABELS, RATINGS


def checklist_markdown(checklist: Checklist, config: PlaybookConfig) -> str:
    lines = [f"# {checklist.title}", "", checklist.summary, ""]
    lines += [f"_{line}_  " for line in about_lines(checklist, config)] + [""]
    for item in checklist.items:
        lines.append(f"- [ ] **{item.text}**")
        if item.why:
            lines.append(f"  {item.why}")
    return "\n".join(lines) + "\n"


def scorecard_markdown(card: Scorecard, config: PlaybookConfig) -> str:
    lines = [f"# {card.title}", "", card.summary, ""]
    lines += [f"_{line}_  " for line in about_lines(card, config)] + [""]
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
    lines += [f"_{line}_  " for line in about_lines(template, config)]
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


def render_markdown(artifact: Artifact, config: PlaybookConfig) -> str:
    renderers: dict[type, Callable[..., str]] = {
        Checklist: checklist_markdown, Scorecard: scorecard_markdown, EmailTemplate: email_markdown,
    }
    return renderers[type(artifact)](artifact, config)
