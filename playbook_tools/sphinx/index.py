"""```{playbook-index}```: every artifact, grouped by audience or by stage.

Options: ``:group-by: audience`` (the default) or ``:group-by: stage``. Entries link to the exact
place where each artifact is embedded, through the ``playbook`` domain.

A page with an index lists every artifact, so it is out of date whenever an artifact is added,
removed or changes what the index shows, although its own source is unchanged. Sphinx knows
only the files a page depends on, and a new YAML file is none of them: ``_outdated_indexes``
compares what the index lists with the last build's and has those pages read again, so an
incremental build (``make serve``) equals a clean one (issue 9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.model.kinds import artifact_kinds
from playbook_tools.sphinx.common import pdf_downloads_node
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.sphinx.domain import PlaybookDomain
from playbook_tools.vocabulary import AUDIENCES, STAGES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment



class IndexDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar = {"group-by": lambda arg: directives.choice(arg, ("audience", "stage"))}

    def run(self) -> list[nodes.Node]:
        playbook = playbook_for(self.env.srcdir)
        domain = self.env.domains["playbook"]
        assert isinstance(domain, PlaybookDomain)
        domain.note_index(self.env.docname)
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
            order = list(artifact_kinds())
            members.sort(key=lambda a: (order.index(a.kind), list(STAGES).index(a.stage), a.title))
            result += nodes.rubric(text=playbook.gettext(label))
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
        kind = playbook_for(self.env.srcdir).gettext(artifact_kinds()[artifact.kind].label)
        line += nodes.Text(f" ({kind}): {artifact.summary}")
        item = nodes.list_item("", line)
        if artifact.printable:
            item += pdf_downloads_node(artifact_id=artifact.id)
        return item


def listed(playbook: Playbook) -> tuple[tuple[Any, ...], ...]:
    """Everything an index shows of every artifact, in a form the environment can keep."""
    return tuple(sorted((a.id, a.kind, a.title, a.summary, tuple(a.audience), a.stage,
                         a.printable) for a in playbook))


def _outdated_indexes(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                      removed: set[str]) -> list[str]:
    domain = env.domains["playbook"]
    assert isinstance(domain, PlaybookDomain)
    if not domain.relist(listed(playbook_for(app.srcdir))):
        return []
    return sorted(set(domain.indexes) - added - changed - removed)


def setup_index(app: Sphinx) -> None:
    app.add_directive("playbook-index", IndexDirective)
    app.connect("env-get-outdated", _outdated_indexes)
