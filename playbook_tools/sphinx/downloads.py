"""PDF downloads of every printable, made during HTML builds.

PDFs are cached in the doctrees folder under a key made of everything that shapes them
(``cache_key``), so a build after editing a prose page renders no PDF at all, and a changed
artifact, layout, label, setting, or a new version of the package or of WeasyPrint renders
exactly the PDFs it changes. At the end of a build, cache entries and downloads that no
printable uses any more are removed: the cache cannot serve a stale file, nor grow without
end, and an incremental build's downloads equal a clean build's (issue 9).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import multiprocessing
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from playbook_tools.files import write_atomic
from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.model.translation import SOURCE_LANGUAGE, catalog_path
from playbook_tools.render.layouts import environment, layout_source
from playbook_tools.render.pdf import render_pdf_file
from playbook_tools.render.printable import layout_sources, template_names
from playbook_tools.sphinx.common import pdf_downloads_node
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.vocabulary import KINDS, PAPER_SIZES

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
        links += nodes.Text(playbook_for(app.srcdir).gettext("Download PDF:") + " ")
        for number, paper in enumerate(PAPER_SIZES):
            if number:
                links += nodes.Text(" · ")
            target = relative_uri(page_uri, f"{DOWNLOADS}/{pdf_name(artifact_id, paper)}")
            links += nodes.reference("", PAPER_LABELS[paper], refuri=target,
                                     classes=["playbook-download"])
        node.replace_self(links)


def shared_inputs(playbook: Playbook) -> str:
    """What shapes every PDF of a build besides its own artifact: the code that renders it,
    every layout and label in the playbook's language, and where relative links resolve."""
    from importlib.metadata import version

    from playbook_tools import __version__, vocabulary

    # Each kind's own layouts are in its PDFs' keys (``layout_sources``), so a fork's new
    # checklist layout renders only the checklists again; any other print layout (a macro
    # file, a partial) may be included by any of them.
    own = {name for kind in KINDS for name in template_names(kind)}
    env = environment(playbook.templates_dir, autoescape=True)
    layouts = {name: layout_source(playbook.templates_dir, name)
               for name in env.list_templates(filter_func=lambda n: n.startswith("print/"))
               if name not in own}
    labels = {name: value for name, value in vars(vocabulary).items() if name.isupper()}
    # In another language every word of a PDF comes from the content's catalog: any change to
    # it renders that language's PDFs again (the English ones have none).
    catalog = catalog_path(playbook.config.locale_path(playbook.srcdir), playbook.language)
    translations = (hashlib.sha256(catalog.read_bytes()).hexdigest()
                    if playbook.language != SOURCE_LANGUAGE and catalog.is_file() else "")
    return json.dumps({
        "playbook_tools": __version__, "weasyprint": version("weasyprint"),
        "pypdf": version("pypdf"), "layouts": layouts, "labels": labels,
        "language": playbook.language, "translations": translations,
    }, sort_keys=True, default=_sorted)


def _sorted(value: object) -> list[object]:
    """A set in the key, in an order that is the same in every process (a set's is not)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} in the PDF cache key")


def cache_key(artifact: Artifact, playbook: Playbook, paper: str, shared: str) -> str:
    """A hash of everything one PDF is made from: the artifact and the settings
    (``Playbook.fingerprint``), its layouts and stylesheets, the paper, and ``shared``."""
    digest = hashlib.sha256(playbook.fingerprint(artifact).encode())
    digest.update(layout_sources(playbook, artifact.kind).encode())
    digest.update(paper.encode())
    digest.update(shared.encode())
    return digest.hexdigest()[:20]


class PdfJobs:
    """The PDFs one build needs, rendered beside the build rather than after it.

    WeasyPrint is CPU-bound and Sphinx uses one core, so the PDFs are rendered in worker
    processes from builder-inited on, while Sphinx reads and writes the pages; build-finished
    only waits for them. The fork server imports WeasyPrint once for all the workers.

    Starting the first worker waits until the fork server has imported WeasyPrint (about
    0.4 s); a thread does that waiting, so Sphinx goes on reading meanwhile (`make bench`).
    """

    def __init__(self, app: Sphinx) -> None:
        self.playbook = playbook_for(app.srcdir)
        self.cache = Path(app.doctreedir) / "playbook-pdf"
        self.outdir = Path(app.outdir) / DOWNLOADS
        self.wanted: list[tuple[str, str, Path]] = []
        shared = shared_inputs(self.playbook)
        for artifact in self.playbook:
            if artifact.printable:
                for paper in PAPER_SIZES:
                    key = cache_key(artifact, self.playbook, paper, shared)
                    path = self.cache / f"{artifact.id}-{key}.pdf"
                    self.wanted.append((artifact.id, paper, path))
        missing = [job for job in self.wanted if not job[2].is_file()]
        self.counts = {"rendered": len(missing), "cached": len(self.wanted) - len(missing)}
        self.futures: list[concurrent.futures.Future[None]] = []
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.starter: threading.Thread | None = None
        self.start_error: Exception | None = None
        if missing:
            self.cache.mkdir(parents=True, exist_ok=True)
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["playbook_tools.render.pdf", "weasyprint"])
            workers = max(1, min(len(missing), os.cpu_count() or 1))
            self.pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=context)
            self.starter = threading.Thread(target=self._submit, args=(missing,),
                                            name="playbook-pdf-start", daemon=True)
            self.starter.start()

    def _submit(self, missing: list[tuple[str, str, Path]]) -> None:
        assert self.pool is not None
        try:
            for artifact_id, paper, path in missing:
                self.futures.append(self.pool.submit(render_pdf_file, self.playbook,
                                                     artifact_id, paper, str(path)))
        except Exception as exc:  # raised again by finish(), in Sphinx's own thread
            self.start_error = exc

    def cancel(self) -> None:
        if self.starter is not None:
            self.starter.join()
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def finish(self) -> dict[str, int]:
        """Wait for the workers, then put every PDF into the output."""
        try:
            if self.starter is not None:
                self.starter.join()
            if self.start_error is not None:
                raise self.start_error
            for future in self.futures:
                future.result()
        finally:
            self.cancel()
        self.outdir.mkdir(parents=True, exist_ok=True)
        for artifact_id, paper, path in self.wanted:
            shutil.copyfile(path, self.outdir / pdf_name(artifact_id, paper))
        self.counts["removed"] = _remove_unused(self.cache, {p.name for *_, p in self.wanted})
        _remove_unused(self.outdir, {pdf_name(a, paper) for a, paper, _ in self.wanted})
        write_atomic(self.cache / "last-build.json", json.dumps(self.counts))
        return self.counts


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
        _JOBS[str(app.outdir)] = PdfJobs(app)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    jobs = _JOBS.pop(str(app.outdir), None)
    if jobs is None:
        return
    if exception is not None:
        jobs.cancel()
        return
    counts = jobs.finish()
    logger.info("playbook: %d PDFs rendered, %d from the cache, %d unused removed",
                counts["rendered"], counts["cached"], counts["removed"])


def setup_downloads(app: Sphinx) -> None:
    app.add_node(pdf_downloads_node)
    app.connect("doctree-resolved", _fill_download_links)
    # After _load_content (priority 500), which loads the playbook the jobs are made from.
    app.connect("builder-inited", _on_builder_inited, priority=600)
    app.connect("build-finished", _on_build_finished)
