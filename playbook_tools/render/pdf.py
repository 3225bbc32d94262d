"""PDF printouts, made by WeasyPrint from the printable HTML.

WeasyPrint takes about half a second to import, so it is imported only when a PDF is made.
"""

from __future__ import annotations

import logging

from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.render.printable import render_printable_html, static_text


def render_pdf(artifact: Artifact, playbook: Playbook, paper: str) -> bytes:
    # WeasyPrint logs its progress and every CSS property it skips, some of it while it is
    # imported; the printouts need none of that noise in a build log.
    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import weasyprint
    html = render_printable_html(artifact, playbook, paper)
    document = weasyprint.HTML(string=html, base_url=str(playbook.srcdir))
    paged = weasyprint.CSS(string=static_text("playbook-paged.css"))
    pdf: bytes = document.write_pdf(stylesheets=[paged])
    return pdf


def render_pdf_file(playbook: Playbook, artifact_id: str, paper: str, target: str) -> None:
    """Render one PDF to a file, atomically. Worker processes of the site build run this;
    it lives here, not in the Sphinx package, so that a worker never imports Sphinx."""
    from pathlib import Path

    from playbook_tools.files import write_atomic

    write_atomic(Path(target), render_pdf(playbook.get(artifact_id), playbook, paper))
