"""```{playbook-checklist} ID```: a checklist, item by item, with each item's reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from playbook_tools.model.artifacts import Checklist
from playbook_tools.sphinx.common import ArtifactDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def checklist_items(checklist: Checklist) -> nodes.enumerated_list:
    """The items as a numbered list; the printable renders the same items from the same object."""
    listing = nodes.enumerated_list(enumtype="arabic", classes=["playbook-checklist-items"])
    for item in checklist.items:
        entry = nodes.list_item()
        text = nodes.paragraph()
        text += nodes.inline(classes=["playbook-box"])
        text += nodes.inline(text=item.text, classes=["playbook-item-text"])
        entry += text
        if item.why:
            entry += nodes.paragraph(text=item.why, classes=["playbook-item-why"])
        listing += entry
    return listing


class ChecklistDirective(ArtifactDirective):
    kind = "checklist"

    def run(self) -> list[nodes.Node]:
        checklist = self.artifact()
        assert isinstance(checklist, Checklist)
        box = self.container(checklist)
        box += checklist_items(checklist)
        return [box]


def setup_checklist(app: Sphinx) -> None:
    app.add_directive("playbook-checklist", ChecklistDirective)
