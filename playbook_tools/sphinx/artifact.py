"""```{playbook-artifact} ID```: any artifact, by its kind's Markdown layout.

The handbook's own kinds have directives of their own (``playbook-checklist`` and the rest);
this one shows an artifact of a kind a fork adds (``model/kinds/``) with no Python of its own:
its ``markdown/<kind>.md.j2`` layout, the same one ``playbook render --format md`` prints,
parsed as the page's Markdown, under the heading block every artifact has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from playbook_tools.errors import PlaybookError
from playbook_tools.render.markdown import render_markdown
from playbook_tools.sphinx.common import ArtifactDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class AnyArtifactDirective(ArtifactDirective):
    kind = ""  # any kind

    def run(self) -> list[nodes.Node]:
        artifact = self.artifact()
        playbook = self.playbook
        try:
            text = render_markdown(artifact, playbook.config, playbook.gettext,
                                   playbook.templates_dir)
        except PlaybookError as exc:
            raise self.error(str(exc)) from None
        # The layout's first line is the title as a heading, which the heading block shows.
        lines = text.splitlines()
        if lines and lines[0].startswith("# "):
            lines = lines[1:]
        box = self.container(artifact)
        box += self.parse_text_to_nodes("\n".join(lines))
        return [box]


def setup_artifact(app: Sphinx) -> None:
    app.add_directive("playbook-artifact", AnyArtifactDirective)
