"""PDF downloads of every printable, made during HTML builds.

PDFs are cached in the doctrees folder under a key made of everything that shapes them
(``render.pdf.store.cache_key``), and kept across clean builds in the user's cache folder. A
build after editing a prose page renders no PDF at all, and a changed artifact, layout, label,
setting, or a new version of the package or of WeasyPrint renders exactly the PDFs it
changes. At the end of a build, cache entries and downloads that no printable uses any more
are removed: the cache cannot serve a stale file, and an incremental build's downloads equal a
clean build's (issue 9).
"""

from __future__ import annotations

import concurrent.futures
import json
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from playbook_tools.errors import PlaybookError
from playbook_tools.files import write_atomic
from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.render.pdf.jobs import PdfJobs as PdfRunner
from playbook_tools.render.pdf.jobs import usable_cores, worker_count, worker_limit
from playbook_tools.render.pdf.printout import render_pdf_file
from playbook_tools.render.pdf.store import KeptPdfs, cache_key, place, shared_inputs
from playbook_tools.sphinx.common import pdf_downloads_node
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.vocabulary import PAPER_SIZES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

DOWNLOADS = "_downloads/playbook"
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}
# How much lower the PDF workers' priority is than Sphinx's (nice(2): 10 gives a worker about a
# tenth of a core that Sphinx also wants).
WORKER_NICENESS = 10


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
        links += nodes.Text(playbook_for(app.srcdir).gettext("Download PDF:") + " ")
        for number, paper in enumerate(PAPER_SIZES):
            if number:
                links += nodes.Text(" · ")
            target = relative_uri(page_uri, f"{DOWNLOADS}/{pdf_name(artifact_id, paper)}")
            links += nodes.reference("", PAPER_LABELS[paper], refuri=target,
                                     classes=["playbook-download"])
        node.replace_self(links)


class PdfJobs:
    """The PDFs one build needs, rendered beside the build rather than after it.

    WeasyPrint is CPU-bound and Sphinx uses one core, so the PDFs are rendered by a pool of
    worker processes (``render.pdf.jobs``) from builder-inited on, while Sphinx reads and writes
    the pages; build-finished only waits for them. The workers run at a lower priority, so
    they use the cores Sphinx leaves idle without slowing it (`make bench`). A PDF already in
    this build's cache, or kept from an earlier build (``render.pdf.store``), is not rendered.
    """

    def __init__(self, app: Sphinx, workers: int) -> None:
        """``workers``: the most worker processes to start (``worker_limit``)."""
        self.playbook = playbook_for(app.srcdir)
        self.cache = Path(app.doctreedir) / "playbook-pdf"
        self.outdir = Path(app.outdir) / DOWNLOADS
        self.kept = KeptPdfs.from_environment()
        self.wanted: list[tuple[str, str, Path]] = []
        self.keys: dict[Path, str] = {}
        self.rendered: list[Path] = []
        shared = shared_inputs(self.playbook)
        for artifact in self.playbook:
            if artifact.printable:
                for paper in PAPER_SIZES:
                    key = cache_key(artifact, self.playbook, paper, shared,
                                    site_page_url(self.playbook, artifact))
                    path = self.cache / f"{artifact.id}-{key}.pdf"
                    self.wanted.append((artifact.id, paper, path))
                    self.keys[path] = key
        self.counts = {"rendered": 0, "cached": 0, "kept": 0}
        missing = []
        for job in self.wanted:
            if job[2].is_file():
                self.counts["cached"] += 1
            elif self.kept.fetch_into(self.keys[job[2]], job[2]):
                self.counts["kept"] += 1
            else:
                missing.append(job)
        self.counts["rendered"] = len(missing)
        self.rendered = [path for *_, path in missing]
        # The longest renders first (scorecards are forms of several pages), so that no long
        # one is left to run alone at the end of the build.
        missing.sort(key=lambda job: self.playbook.get(job[0]).kind != "scorecard")
        self.futures: list[concurrent.futures.Future[list[str]]] = []
        self.missing = missing
        self.pool: PdfRunner | None = None
        if missing:
            self.cache.mkdir(parents=True, exist_ok=True)
            self.pool = pool = PdfRunner(worker_count(len(missing), workers), nice=WORKER_NICENESS)
            for artifact_id, paper, path in missing:
                page_url = site_page_url(self.playbook, self.playbook.get(artifact_id))
                self.futures.append(pool.submit(render_pdf_file, self.playbook,
                                                     artifact_id, paper, str(path), page_url))

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.close(cancel=True)

    def finish(self) -> dict[str, int]:
        """Wait for the workers, then put every PDF into the output."""
        try:
            for (artifact_id, paper, _), future in zip(self.missing, self.futures, strict=True):
                for message in future.result():
                    # WeasyPrint could not apply part of a print layout: the build says so
                    # (and -W stops it), where the PDF would otherwise differ in silence.
                    logger.warning("%s (%s): %s", artifact_id, paper, message,
                                   type="playbook", subtype="pdf")
        finally:
            self.cancel()
        for path in self.rendered:
            self.kept.keep_from(self.keys[path], path)
        for artifact_id, paper, path in self.wanted:
            place(path, self.outdir / pdf_name(artifact_id, paper))
        self.counts["removed"] = _remove_unused(self.cache, {p.name for *_, p in self.wanted})
        _remove_unused(self.outdir, {pdf_name(a, paper) for a, paper, _ in self.wanted})
        self.kept.prune()
        write_atomic(self.cache / "last-build.json", json.dumps(self.counts))
        return self.counts


def site_page_url(playbook: Playbook, artifact: Artifact) -> str | None:
    # A site PDF sits in _downloads/playbook/ beside the pages: without a published address
    # its link climbs from there to its page, so it works wherever the site is served from.
    return None if playbook.config.base_url else f"../../{artifact.page}.html"


def _remove_unused(folder: Path, used: set[str]) -> int:
    """Remove the PDFs in ``folder`` that this build did not use; how many there were."""
    unused = [path for path in folder.glob("*.pdf") if path.name not in used]
    for path in unused:
        path.unlink(missing_ok=True)
    return len(unused)


# One set of jobs per output folder; parallel readers are forked after builder-inited.
_JOBS: dict[str, PdfJobs] = {}


def _on_builder_inited(app: Sphinx) -> None:
    if _wants_pdfs(app):
        try:
            limit = worker_limit()
        except PlaybookError as exc:  # a wrong PLAYBOOK_WORKERS: one line, and -W stops
            logger.warning("%s", exc, type="playbook", subtype="workers")
            limit = usable_cores()
        _JOBS[str(app.outdir)] = PdfJobs(app, limit)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    jobs = _JOBS.pop(str(app.outdir), None)
    if jobs is None:
        return
    if exception is not None:
        jobs.cancel()
        return
    counts = jobs.finish()
    logger.info("playbook: %d PDFs rendered, %d from the build's cache, %d kept from earlier "
                "builds, %d unused removed",
                counts["rendered"], counts["cached"], counts["kept"], counts["removed"])


def setup_downloads(app: Sphinx) -> None:
    app.add_node(pdf_downloads_node)
    app.connect("doctree-resolved", _fill_download_links)
    # After _load_content (priority 500), which loads the playbook the jobs are made from.
    app.connect("builder-inited", _on_builder_inited, priority=600)
    app.connect("build-finished", _on_build_finished)
