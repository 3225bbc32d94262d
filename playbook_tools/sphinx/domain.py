"""The ``playbook`` domain: which page embeds which artifact, and links to artifacts.

It records every embed so that the printables index and ``{playbook:artifact}`` links can point
at the exact place, and so the build can warn when an artifact is missing from its page. It
also records which pages hold a printables index, and what the artifacts looked like when
they were last read, so that an incremental build reads those pages again when an artifact is
added, removed or retitled (``sphinx.index``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from playbook_tools.sphinx.config import playbook_for

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def anchor_for(artifact_id: str) -> str:
    return f"playbook-{artifact_id}"


class PlaybookDomain(Domain):
    name = "playbook"
    label = "Interview Playbook"
    roles = {"artifact": XRefRole()}  # noqa: RUF012 - Sphinx's own class attribute
    initial_data = {"embeds": {}, "indexes": {}, "listed": ()}  # noqa: RUF012

    @property
    def embeds(self) -> dict[str, list[tuple[str, int]]]:
        """artifact id -> every (docname, line) that embeds it."""
        result: dict[str, list[tuple[str, int]]] = self.data["embeds"]
        return result

    @property
    def indexes(self) -> dict[str, int]:
        """docname -> how many printables indexes the page holds."""
        result: dict[str, int] = self.data.setdefault("indexes", {})
        return result

    def note_embed(self, artifact_id: str, docname: str, line: int) -> None:
        self.embeds.setdefault(artifact_id, []).append((docname, line))

    def note_index(self, docname: str) -> None:
        self.indexes[docname] = self.indexes.get(docname, 0) + 1

    def relist(self, listed: tuple[Any, ...]) -> bool:
        """Record what an index lists now; whether it differs from the last build's."""
        changed = self.data.get("listed") != listed
        self.data["listed"] = listed
        return changed

    def clear_doc(self, docname: str) -> None:
        self.indexes.pop(docname, None)
        for artifact_id in list(self.embeds):
            kept = [e for e in self.embeds[artifact_id] if e[0] != docname]
            if kept:
                self.embeds[artifact_id] = kept
            else:
                del self.embeds[artifact_id]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        # What the readers of a parallel build found; "listed" is the main process's own.
        wanted = set(docnames)
        for artifact_id, places in otherdata["embeds"].items():
            for place in places:
                if place[0] in wanted:
                    self.note_embed(artifact_id, place[0], place[1])
        for docname, count in otherdata.get("indexes", {}).items():
            if docname in wanted:
                self.indexes[docname] = count

    def resolve_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
        target: str, node: pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | None:
        places = self.embeds.get(target)
        if not places:
            return None
        return make_refnode(builder, fromdocname, places[0][0], anchor_for(target), contnode,
                            target)

    def resolve_any_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, target: str,
        node: pending_xref, contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, "artifact", target, node, contnode)
        return [("playbook:artifact", ref)] if ref else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for artifact_id, places in self.embeds.items():
            yield artifact_id, artifact_id, "artifact", places[0][0], anchor_for(artifact_id), 1


def _check_embeds(app: Sphinx, env: BuildEnvironment) -> None:
    """Each artifact appears once, in the page its YAML names (DESIGN.md: one source)."""
    domain = env.domains["playbook"]
    assert isinstance(domain, PlaybookDomain)
    for artifact in playbook_for(app.srcdir):
        places = domain.embeds.get(artifact.id, [])
        in_page = [p for p in places if p[0] == artifact.page]
        if not in_page:
            logger.warning(
                "artifact '%s' is not embedded in its page '%s' (field 'page' of %s)",
                artifact.id, artifact.page, artifact.source.name,
                type="playbook", subtype="embed", location=artifact.page,
            )
        for docname, line in places:
            if docname != artifact.page or (len(in_page) > 1 and (docname, line) != in_page[0]):
                logger.warning(
                    "artifact '%s' is embedded here, but each artifact is embedded once, "
                    "in its page '%s'",
                    artifact.id, artifact.page,
                    type="playbook", subtype="embed", location=(docname, line),
                )


def setup_domain(app: Sphinx) -> None:
    app.add_domain(PlaybookDomain)
    app.connect("env-check-consistency", _check_embeds)
