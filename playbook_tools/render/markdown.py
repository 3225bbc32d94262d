"""Markdown views of every artifact (for `playbook render --format md`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playbook_tools.config import PlaybookConfig
from playbook_tools.model.artifacts import Artifact, Checklist, EmailTemplate, Scorecard
from playbook_tools.render import email as email_render
from playbook_tools.render.layouts import kind_layout
from playbook_tools.render.text import EVIDENCE_LINES, Gettext, about_lines
from playbook_tools.vocabulary import RATING_LABELS, RATINGS


def checklist_markdown(checklist: Checklist, config: PlaybookConfig, _: Gettext = str) -> str:
    lines = [f"# {checklist.title}", "", checklist.summary, ""]
    lines += [f"_{line}_  " for line in about_lines(checklist, config, _)] + [""]
    for item in checklist.items:
        lines.append(f"- [ ] **{item.text}**")
        if item.why:
            lines.append(f"  {item.why}")
    return "\n".join(lines) + "\n"


def scorecard_markdown(card: Scorecard, config: PlaybookConfig, _: Gettext = str) -> str:
    lines = [f"# {card.title}", "", card.summary, ""]
    lines += [f"_{line}_  " for line in about_lines(card, config, _)] + [""]
    if card.instructions:
        lines += [card.instructions, ""]
    blank = "_" * 22
    lines += [f"{_('Candidate:')} {blank}  {_('Interviewer:')} {blank}", ""]
    for area in card.areas:
        lines += [f"## {area.title}", "", f"**{_('Look for:')}** {area.look_for}", "",
                  f"**{_('Prompts:')}**", ""]
        lines += [f"- {prompt}" for prompt in area.prompts] + [""]
        lines += [f"| {_('Rating')} | {_('What it means')} |", "| --- | --- |"]
        lines += [f"| [ ] {_(RATING_LABELS[r])} | {area.anchors[r]} |" for r in RATINGS]
        lines += ["", f"**{_('Evidence:')}** {area.evidence}", ""]
        lines += ["> " + "_" * 60] * EVIDENCE_LINES + [""]
    lines += [f"## {_('Flags')}", "", _("Tick what you saw plainly:"), ""]
    lines += [f"- [ ] {flag} ({_('Strengths:').rstrip(':')})" for flag in card.strengths]
    lines += [f"- [ ] {flag} ({_('Concerns:').rstrip(':')})" for flag in card.concerns]
    return "\n".join(lines) + "\n"


def email_markdown(template: EmailTemplate, config: PlaybookConfig, _: Gettext = str) -> str:
    shown = email_render.with_placeholders(template, config)
    example = email_render.fill_example(template, config)
    lines = [f"# {template.title}", "", template.summary, ""]
    lines += [f"_{line}_  " for line in about_lines(template, config, _)]
    sender = _(template.sender.replace("-", " "))
    lines += [f"_{_('Sent by:')} {sender}. {_('When:')} {template.when}_", ""]
    lines += [f"**{_('Subject:')}** {shown.subject}", "", "```text", shown.body.rstrip("\n"),
              "```", ""]
    lines += [f"| {_('Variable')} | {_('Description')} | {_('Example')} |", "| --- | --- | --- |"]
    for variable in template.variables:
        example_cell = variable.example.replace("\n", "<br>").replace("|", "\\|")
        lines.append(f"| `{variable.name}` | {variable.description} | {example_cell} |")
    lines += ["", f"## {_('Filled example')}", "", f"**{_('Subject:')}** {example.subject}", "",
              "```text",
              example.body.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Plain text (also what `playbook show` prints)


def render_markdown(artifact: Artifact, config: PlaybookConfig, gettext: Gettext = str,
                    templates_dir: Path | None = None) -> str:
    """The artifact as Markdown; a kind without a renderer here is shown by its layout,
    ``markdown/<kind>.md.j2``."""
    renderers: dict[type, Callable[..., str]] = {
        Checklist: checklist_markdown, Scorecard: scorecard_markdown, EmailTemplate: email_markdown,
    }
    renderer = renderers.get(type(artifact))
    if renderer is None:
        return kind_layout(artifact, f"markdown/{artifact.kind}.md.j2", templates_dir, gettext,
                           config=config, about=about_lines(artifact, config, gettext))
    return renderer(artifact, config, gettext)
