"""The kit's PDFs: every interviewer's checklists and their own scorecard form.

They are most of a kit's work, so they are started first and rendered in a pool of worker
processes (``render.pdfpool``) while the rest of the kit is written. A checklist is the same
for every interviewer and every candidate: it is rendered once per kit, and kept across kits
under its key (``render.pdfcache``), so the next kit takes it from there. A scorecard form
carries the candidate's and the interviewer's names: it is rendered for each kit and kept
nowhere but in the kit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future

from playbook_tools.kit.candidate import Candidate
from playbook_tools.model.artifacts import Playbook, Scorecard
from playbook_tools.render.pdf import render_pdf
from playbook_tools.render.pdfcache import KeptPdfs, cache_key, shared_inputs
from playbook_tools.render.pdfpool import PdfPool
from playbook_tools.render.printable import FormFor


def start_printouts(c: Candidate, playbook: Playbook, paper: str, folders: Mapping[str, str],
                    pool: PdfPool | None) -> Callable[[], dict[str, bytes]]:
    """Start rendering the kit's PDFs; the function returned waits for them and gives them as
    file names in the kit and their bytes. Without a pool they are rendered here."""
    kept = KeptPdfs.from_environment()
    shared = shared_inputs(playbook)
    jobs: dict[str, Future[bytes] | bytes] = {}

    def start(*args: object) -> Future[bytes] | bytes:
        if pool is None:
            return render_pdf(*args)  # type: ignore[arg-type]
        return pool.submit(render_pdf, *args)

    # The forms first: they take longest, and no kept file can stand in for them.
    for who in c.interviewers:
        areas = tuple(a.id for a in c.scorecard.areas if a.id in who.areas)
        jobs[f"{folders[who.name]}/scorecard.pdf"] = start(
            own_areas(c.scorecard, areas), playbook, paper, FormFor(c.name, who.name))
    checklists: dict[str, tuple[str, Future[bytes] | bytes]] = {}
    for checklist in playbook.config.kit_checklists:
        artifact = playbook.get(checklist)
        key = cache_key(artifact, playbook, paper, shared,
                        playbook.config.page_url(artifact.page))
        kept_pdf = kept.get(key)
        checklists[checklist] = (key, kept_pdf if kept_pdf is not None
                                 else start(artifact, playbook, paper))

    def finish() -> dict[str, bytes]:
        files = {name: _result(job) for name, job in jobs.items()}
        for checklist, (key, job) in checklists.items():
            data = _result(job)
            if isinstance(job, Future):
                kept.put(key, data)
            for who in c.interviewers:
                files[f"{folders[who.name]}/{checklist}.pdf"] = data
        return files
    return finish


def _result(job: Future[bytes] | bytes) -> bytes:
    return job.result() if isinstance(job, Future) else job


def own_areas(card: Scorecard, areas: Sequence[str]) -> Scorecard:
    """The scorecard with only ``areas``, in the card's order: nobody rates what they did not
    see (DESIGN.md, the candidate kit)."""
    return dataclasses.replace(card, areas=tuple(a for a in card.areas if a.id in areas))
