"""```{playbook-scorecard} ID```: the interview areas with prompts, anchors and flags."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from docutils import nodes

from playbook_tools.model.artifacts import Area, Scorecard
from playbook_tools.sphinx.common import ArtifactDirective
from playbook_tools.vocabulary import RATING_LABELS, RATINGS

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def table(headers: list[str], rows: list[list[nodes.Node | str]], classes: list[str],
          widths: list[int]) -> nodes.table:
    """A plain docutils table, so every builder (HTML, text, LaTeX) can show it."""
    tbl = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(headers)
    group += head
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += body
    return tbl


def _row(cells: list[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
        row += entry
    return row


def area_block(number: int, area: Area, _: Callable[[str], str] = str) -> nodes.container:
    block = nodes.container(classes=["playbook-area-block"])
    block += nodes.rubric(text=f"{number}. {area.title}")
    look = nodes.paragraph()
    look += nodes.strong(text=_("Look for:") + " ")
    look += nodes.Text(area.look_for)
    block += look
    prompts_label = nodes.paragraph(classes=["playbook-label"])
    prompts_label += nodes.strong(text=_("Prompts:"))
    block += prompts_label
    prompts = nodes.bullet_list()
    for prompt in area.prompts:
        prompts += nodes.list_item("", nodes.paragraph(text=prompt))
    block += prompts
    block += table(
        [_("Rating"), _("What it means")],
        [[_(RATING_LABELS[r]), area.anchors[r]] for r in RATINGS],
        ["playbook-anchors"], [20, 80],
    )
    evidence = nodes.paragraph(classes=["playbook-evidence-hint"])
    evidence += nodes.strong(text=_("Evidence:") + " ")
    evidence += nodes.Text(area.evidence)
    block += evidence
    return block


class ScorecardDirective(ArtifactDirective):
    kind = "scorecard"

    def run(self) -> list[nodes.Node]:
        card = self.artifact()
        assert isinstance(card, Scorecard)
        box = self.container(card)
        if card.instructions:
            box += nodes.paragraph(text=card.instructions)
        _ = self.playbook.gettext
        for number, area in enumerate(card.areas, 1):
            box += area_block(number, area, _)
        flags = nodes.paragraph(classes=["playbook-flags"])
        flags += nodes.strong(text=_("Flags to note:") + " ")
        # The flags in words, as the printed card shows them, in the page's language (review G27).
        flags += nodes.Text(_("Strengths:") + " " + ", ".join(
            _(flag.replace("-", " ")) for flag in card.strengths) + ". ")
        flags += nodes.Text(_("Concerns:") + " " + ", ".join(
            _(flag.replace("-", " ")) for flag in card.concerns) + ".")
        box += flags
        return [box]


def setup_scorecard(app: Sphinx) -> None:
    app.add_directive("playbook-scorecard", ScorecardDirective)
