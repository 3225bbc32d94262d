"""```{playbook-index}```: every artifact, grouped by audience or by stage.

Options: ``:group-by: audience`` (the default) or ``:group-by: stage``. Entries link to the exact
place where each artifact is embedded, through the ``playbook`` domain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from playbook_tools.model.artifacts import Artifact
from playbook_tools.sphinx.common import pdf_downloads_node
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.vocabulary import AUDIENCES, KINDS, STAGES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

KIND_LABELS = {"checklist": "checklist", "scorecard": "scorecard", "email": "email template"}


class IndexDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar = {"group-by": lambda arg: directives.choice(arg, ("audience", "stage"))}

    def run(self) -> list[nodes.Node]:
        playbook = playbook_for(self.env.srcdir)
        for artifact in playbook:
            self.env.note_dependency(str(artifact.source))
        group_by = self.options.get("group-by", "audience")
        groups = AUDIENCES if group_by == "audience" else STAGES
        result = nodes.container(classes=["playbook-index", f"playbook-index-{group_by}"])
        for key, label in groups.items():
            members = [
                a for a in playbook
                if (key in a.audience if group_by == "audience" else a.stage == key)
            ]
            if not members:
                continue
            members.sort(key=lambda a: (KINDS.index(a.kind), list(STAGES).index(a.stage), a.title))
            result += nodes.rubric(text=label)
            listing = nodes.bullet_list()
            for artifact in members:
                listing += self.entry(artifact)
            result += listing
        return [result]

    def entry(self, artifact: Artifact) -> nodes.list_item:
        ref = addnodes.pending_xref(
            "", refdomain="playbook", reftype="artifact", reftarget=artifact.id,
            refdoc=self.env.docname, refexplicit=True, refwarn=True,
        )
        ref += nodes.inline(text=artifact.title)
        line = nodes.paragraph()
        line += ref
        line += nodes.Text(f" ({KIND_LABELS[artifact.kind]}): {artifact.summary}")
        item = nodes.list_item("", line)
        if artifact.printable:
            item += pdf_downloads_node(artifact_id=artifact.id)
        return item


def setup_index(app: Sphinx) -> None:
    app.add_directive("playbook-index", IndexDirective)
