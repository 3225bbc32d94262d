"""The kit's PDFs: every interviewer's checklists and their own scorecard form.

They are most of a kit's work, so they are started as soon as the candidate file has been
checked, and rendered by worker processes (``render.pdf.jobs``, one for every few PDFs to render,
up to the usable cores) while the rest of the kit is written.

Nothing kept across kits holds candidate data. A checklist is the same for every interviewer
and every candidate: it is rendered once and kept under its key (``render.pdf.store``). A
scorecard form is rendered blank for each set of areas an interviewer covers, and that blank
form is kept too; each interviewer's copy has the names filled in
(``render.pdf.scorecard_form``), here, and is written nowhere but in the kit. The next kit with
the same areas starts no worker at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

from playbook_tools.errors import PlaybookError
from playbook_tools.kit.candidate import Candidate
from playbook_tools.model.artifacts import Artifact, Playbook, Scorecard
from playbook_tools.render.pdf.jobs import PdfJobs, start_jobs
from playbook_tools.render.pdf.printout import kit_forms, render_pdf
from playbook_tools.render.pdf.scorecard_form import filled_copies, names_of
from playbook_tools.render.pdf.store import FORM_PREFIX, KeptPdfs, cache_key, shared_inputs
from playbook_tools.render.printable import FormFor

_T = TypeVar("_T")


def start_printouts(c: Candidate, playbook: Playbook, paper: str, folders: Mapping[str, str],
                    parallel: bool = True) -> Callable[..., dict[str, bytes]]:
    """Start making the kit's PDFs; the function returned waits for them, stops the workers,
    and gives the PDFs as file names in the kit and their bytes. Whatever the kit's writer does
    meanwhile, the caller must call it (``try``/``finally``) so that no worker is left.
    Without ``parallel`` everything is made here, in this process."""
    kept = KeptPdfs.from_environment()
    shared = shared_inputs(playbook) if kept.folder is not None else ""
    runner: PdfJobs | None = None

    def start(function: Callable[..., _T], *args: object) -> Future[_T] | _T:
        if runner is None:
            return function(*args)
        return runner.submit(function, *args)

    def key_of(artifact: Artifact, prefix: str = "") -> str:
        """The key it is kept under; none when nothing is kept."""
        if kept.folder is None:
            return ""
        return prefix + cache_key(artifact, playbook, paper, shared,
                                  playbook.config.page_url(artifact.page))

    # The forms first: they take longest. Interviewers who cover the same areas share one.
    splits: dict[tuple[str, ...], list[str]] = {}
    for who in c.interviewers:
        areas = tuple(a.id for a in c.scorecard.areas if a.id in who.areas)
        splits.setdefault(areas, []).append(who.name)
    form_plans = []
    for areas, names in splits.items():
        card = own_areas(c.scorecard, areas)
        key = key_of(card, FORM_PREFIX)
        people = [FormFor(c.name, name) for name in names]
        blank = kept.get(key) if key else None
        form_plans.append((card, key, people,
                           None if blank is None else _filled_in(kept, key, blank, people)))
    checklist_plans = []
    for checklist in c.checklists:  # each session's interview format names its checklists
        artifact = playbook.get(checklist)
        key = key_of(artifact)
        checklist_plans.append((checklist, artifact, key, kept.get(key) if key else None))
    renders = sum(1 for *_, pdf in (*form_plans, *checklist_plans) if pdf is None)
    runner = start_jobs(renders) if parallel else None
    # Each form gives the blank form and the filled copies when it rendered the blank form,
    # and only the copies when the blank form was kept: filling names in takes no worker.
    forms: list[tuple[str, list[str], Any]] = []
    for card, key, people, filled in form_plans:
        forms.append((key, [p.interviewer for p in people],
                      start(kit_forms, card, playbook, paper, people)
                      if filled is None else filled))
    checklists = []
    for checklist, artifact, key, kept_pdf in checklist_plans:
        checklists.append((checklist, key, kept_pdf is None,
                           kept_pdf if kept_pdf is not None
                           else start(render_pdf, artifact, playbook, paper)))

    def finish(cancel: bool = False) -> dict[str, bytes]:
        try:
            return {} if cancel else collect()
        finally:
            if runner is not None:
                runner.close(cancel=True)

    def collect() -> dict[str, bytes]:
        files = {}
        for key, names, job in forms:
            outcome = _result(job)
            if isinstance(outcome, tuple):  # rendered now: the blank form is kept
                blank, filled = outcome
                if key:
                    kept.put(key, blank)
            else:
                filled = outcome
            for name, data in zip(names, filled, strict=True):
                files[f"{folders[name]}/scorecard.pdf"] = data
        for checklist, key, rendered, checklist_job in checklists:
            pdf = _result(checklist_job)
            if rendered and key:
                kept.put(key, pdf)
            for who in c.interviewers:
                if checklist in c.checklists_for(who):
                    files[f"{folders[who.name]}/{checklist}.pdf"] = pdf
        return files
    return finish


def _filled_in(kept: KeptPdfs, key: str, blank: bytes,
               people: Sequence[FormFor]) -> list[bytes] | None:
    """A kept blank form's copy for each of ``people``; None when it cannot be filled in (a
    damaged file): it is removed and rendered again, because a cache is only a cache."""
    try:
        return filled_copies(blank, [names_of(form_for) for form_for in people])
    except PlaybookError:
        kept.forget(key)
        return None


def _result(job: Future[_T] | _T) -> _T:
    return job.result() if isinstance(job, Future) else job


def own_areas(card: Scorecard, areas: Sequence[str]) -> Scorecard:
    """The scorecard with only ``areas``, in the card's order: nobody rates what they did not
    see (DESIGN.md, the candidate kit)."""
    return dataclasses.replace(card, areas=tuple(a for a in card.areas if a.id in areas))
