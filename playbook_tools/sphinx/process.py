"""``{playbook-process-diagram}``: the stages of the process as a flow, made from the vocabulary.

The diagram is the same list of stages, in the same order, that every artifact's ``stage``
names, so the picture on the process page cannot disagree with the content. It is an ordered
list underneath: a screen reader, the text builder and a printout read it as one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from playbook_tools.sphinx.config import playbook_for
from playbook_tools.vocabulary import STAGES

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class ProcessDiagramDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        _ = playbook_for(self.env.srcdir).gettext
        flow = nodes.enumerated_list(classes=["playbook-process-flow"])
        for stage in STAGES.values():
            flow += nodes.list_item("", nodes.paragraph(text=_(stage)))
        return [flow]


def setup_process(app: Sphinx) -> None:
    app.add_directive("playbook-process-diagram", ProcessDiagramDirective)
