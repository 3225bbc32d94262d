"""PDF downloads of every printable, made during HTML builds.

PDFs are cached by a hash of the artifact, its layout and the settings, so a build after
editing a prose page renders no PDF at all; only a changed artifact or layout is rendered again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from playbook_tools.config import PAPER_SIZES
from playbook_tools.files import write_atomic
from playbook_tools.model import Artifact, Playbook
from playbook_tools.render.printable import layout_sources
from playbook_tools.sphinx.common import pdf_downloads_node
from playbook_tools.sphinx.config import playbook_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

DOWNLOADS = "_downloads/playbook"
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}


def pdf_name(artifact_id: str, paper: str) -> str:
    return f"{artifact_id}-{paper}.pdf"


def _wants_pdfs(app: Sphinx) -> bool:
    return bool(app.builder.format == "html" and app.config.playbook_pdf)


def _fill_download_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    wanted = _wants_pdfs(app)
    for node in list(doctree.findall(pdf_downloads_node)):
        if not wanted:
            node.parent.remove(node)
            continue
        artifact_id = node["artifact_id"]
        page_uri = app.builder.get_target_uri(docname)
        links = nodes.paragraph(classes=["playbook-downloads"])
        links += nodes.Text("Download PDF: ")
        for number, paper in enumerate(PAPER_SIZES):
            if number:
                links += nodes.Text(" · ")
            target = relative_uri(page_uri, f"{DOWNLOADS}/{pdf_name(artifact_id, paper)}")
            links += nodes.reference("", PAPER_LABELS[paper], refuri=target,
                                     classes=["playbook-download"])
        node.replace_self(links)


def fingerprint(artifact: Artifact, playbook: Playbook, paper: str) -> str:
    digest = hashlib.sha256(playbook.fingerprint(artifact).encode())
    digest.update(layout_sources(playbook, artifact.kind).encode())
    digest.update(paper.encode())
    return digest.hexdigest()[:20]


def build_pdfs(app: Sphinx) -> dict[str, int]:
    """Copy every printable's PDFs into the output, rendering only what the cache lacks."""
    from playbook_tools.render.pdf import render_pdf

    playbook = playbook_for(app.srcdir)
    cache = Path(app.doctreedir) / "playbook-pdf"
    target_dir = Path(app.outdir) / DOWNLOADS
    target_dir.mkdir(parents=True, exist_ok=True)
    counts = {"rendered": 0, "cached": 0}
    for artifact in playbook:
        if not artifact.printable:
            continue
        for paper in PAPER_SIZES:
            cached = cache / f"{artifact.id}-{fingerprint(artifact, playbook, paper)}.pdf"
            if cached.is_file():
                counts["cached"] += 1
            else:
                write_atomic(cached, render_pdf(artifact, playbook, paper))
                counts["rendered"] += 1
            shutil.copyfile(cached, target_dir / pdf_name(artifact.id, paper))
    write_atomic(cache / "last-build.json", json.dumps(counts))
    return counts


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _wants_pdfs(app):
        return
    counts = build_pdfs(app)
    logger.info("playbook: %d PDFs rendered, %d from the cache",
                counts["rendered"], counts["cached"])


def setup_downloads(app: Sphinx) -> None:
    app.add_node(pdf_downloads_node)
    app.connect("doctree-resolved", _fill_download_links)
    app.connect("build-finished", _on_build_finished)
