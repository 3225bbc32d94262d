"""What every artifact directive shares: finding the artifact and the heading block."""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.sphinx.domain import PlaybookDomain, anchor_for
from playbook_tools.vocabulary import AUDIENCES, STAGES, Kind


class pdf_downloads_node(nodes.General, nodes.Element):
    """Where the PDF links of one artifact go; filled in for HTML builds only."""


class ArtifactDirective(SphinxDirective):
    """Embed one artifact by id: ```{playbook-<kind>} <id>```; ``kind`` '' takes any kind."""

    kind: ClassVar[Kind]
    required_arguments = 1
    has_content = False

    @property
    def playbook(self) -> Playbook:
        return playbook_for(self.env.srcdir)

    def artifact(self) -> Artifact:
        artifact_id = self.arguments[0].strip()
        found = self.playbook.artifacts.get(artifact_id)
        if found is None or (self.kind and found.kind != self.kind):
            kind = self.kind or "artifact"
            ids = sorted(a.id for a in self.playbook if a.kind == self.kind or not self.kind)
            raise self.error(f"unknown {kind} id '{artifact_id}'; known {kind}s: {', '.join(ids)}")
        # Editing the YAML (or a template) must rebuild the page that shows it.
        self.env.note_dependency(str(found.source))
        domain = self.env.domains["playbook"]
        assert isinstance(domain, PlaybookDomain)
        domain.note_embed(found.id, self.env.docname, self.lineno)
        return found

    def container(self, artifact: Artifact) -> nodes.container:
        box = nodes.container(classes=["playbook-artifact", f"playbook-{artifact.kind}"],
                              ids=[anchor_for(artifact.id)])
        box += nodes.rubric(text=artifact.title)
        meta = nodes.paragraph(classes=["playbook-meta"])
        meta += nodes.Text(artifact.summary + " ")
        _ = self.playbook.gettext
        who = ", ".join(_(AUDIENCES[a]) for a in artifact.audience)
        meta += nodes.emphasis(text=f"{_('For:')} {who}. {_('Stage:')} "
                               f"{_(STAGES[artifact.stage])}.")
        box += meta
        if artifact.printable:
            box += pdf_downloads_node(artifact_id=artifact.id)
        return box
