"""Writing the kit folder: every file of the interview day, built first and moved in at once.

The folder is personal data: it carries a ``.gitignore`` that hides it from git wherever it is,
and ``--force`` replaces only an earlier kit that nobody has worked in yet.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.files import (
    GITIGNORE,
    IGNORE_EVERYTHING,
    install_folder,
    output_folder_in_use,
    readable_name,
    refuse_docs_folder,
)
from playbook_tools.folders import clear_leftovers, folder_lock
from playbook_tools.kit.candidate import Candidate
from playbook_tools.kit.emails import KitEmail, Playbooks, kit_emails
from playbook_tools.kit.invites import (
    Invitations,
    coordinator_schedule,
    kit_events,
    plan_invitations,
    visit_id,
)
from playbook_tools.kit.page import PAGE, kit_page
from playbook_tools.kit.printouts import start_printouts
from playbook_tools.kit.schedule import Person
from playbook_tools.kit.wording import (
    calendar_events,
    interviewer_readme,
    readme,
)
from playbook_tools.manifest import (
    KIT_VERSION,
    MANIFEST,
    Manifest,
    SentEvent,
    changed_since_written,
    is_kit,
    read_manifest,
    written_files,
)
from playbook_tools.model.artifacts import Playbook
from playbook_tools.model.loader import require_config_references
from playbook_tools.render.pdf.scorecard_form import read_pdf_form
from playbook_tools.render.yaml_form import form_text
from playbook_tools.yamlsource import load_yaml_file

SCHEDULE = "schedule.ics"


def folder_names(c: Candidate) -> dict[str, str]:
    """A safe, distinct folder under ``interviewers/`` for each interviewer, by name."""
    folders: dict[str, str] = {}
    for number, person in enumerate(c.interviewers, 1):
        slug = readable_name(person.name, f"interviewer-{number}")
        name, suffix = slug, 2
        while f"interviewers/{name}" in folders.values():
            name, suffix = f"{slug}-{suffix}", suffix + 1
        folders[person.name] = f"interviewers/{name}"
    return folders


def manifest(c: Candidate, folders: dict[str, str], sent: Sequence[SentEvent] = (),
             visit: str | None = None, team_language: str = "") -> dict[str, Any]:
    """kit.json: what ``playbook decide --kit`` needs to know which scorecards to expect, and
    what the invitations carried, so that the next build updates them."""
    def person(p: Person) -> dict[str, str]:
        return {"name": p.name, "email": p.email}

    return {
        "kit": KIT_VERSION,
        "candidate": {"name": c.name, "email": c.email, "role": c.role},
        "date": c.date.isoformat(), "timezone": c.timezone, "scorecard": c.scorecard.id,
        "interviewers": [
            {**person(i), "areas": list(i.areas), "folder": folders[i.name],
             "form": f"{folders[i.name]}/scorecard.yaml",
             "pdf": f"{folders[i.name]}/scorecard.pdf"}
            for i in c.interviewers
        ],
        "coordinator": person(c.coordinator), "hiring_manager": person(c.hiring_manager),
        "closes_loop": person(c.closes_loop), "confirm_by": c.confirm_by.isoformat(),
        "outcome_by": c.outcome_by.isoformat(), "language": c.language,
        **({"team_language": team_language} if team_language else {}),
        "follow_up": {"start": c.local(c.follow_up.start).isoformat(),
                      "end": c.local(c.follow_up.end).isoformat()},
        "calendar": [event.as_json() for event in sent],
        **({"visit": visit} if visit is not None else {}),
    }


def _check_target(out: Path, docs: Path, force: bool, display: str) -> None:
    """Refuse any folder but a new one, an empty one, or (with ``force``) an earlier kit."""
    option = f"-o {display}"
    if not output_folder_in_use(out, docs, option, "-o kits/<name>", "kit"):
        return
    if not force:
        raise PlaybookError(f"{option}: the folder is not empty; choose a new folder, "
                            "or pass --force to replace an earlier kit nobody has worked in yet")
    if not is_kit(out):
        # --force replaces the whole folder: never one that holds anything but a kit.
        raise PlaybookError(f"{option}: is not a kit folder (it has no kit.json), so --force "
                            "will not replace it; choose a new folder")
    _refuse_work(out, option)


def _refuse_work(folder: Path, option: str) -> bool:
    """Refuse to replace a kit that holds anyone's work: with ``--force`` checked before the
    kit is built, and again on the folder at the moment of the swap (``install_folder``)."""
    if not is_kit(folder):
        raise PlaybookError(f"{option}: is no longer a kit folder (it has no kit.json); "
                            "it is left as it is")
    if written_files(folder) is not None:
        # kit.json lists every file the kit wrote with its hash: anything added or changed
        # since is someone's (notes.md, "scorecard (1).pdf", a form with only flags).
        work = changed_since_written(folder)
        if work:
            raise PlaybookError(f"{option}: {work} since the kit was written; --force would "
                                "delete it; move it out of the kit first")
        return True
    work = work_in_kit(folder)
    if work:
        # Filled scorecards and a decision record are the team's work: never thrown away.
        raise PlaybookError(f"{option}: holds work that --force would delete ({work}); "
                            "move it out of the kit first")
    return True


def work_in_kit(folder: Path) -> str:
    """What in an earlier kit is the team's own work: filled forms, a record, other files."""
    for pdf in sorted(folder.glob("interviewers/*/scorecard.pdf")):
        try:
            filled = read_pdf_form(pdf.read_bytes(), str(pdf)).touched
        except (OSError, PlaybookError):
            filled = True  # unreadable: perhaps someone's work, never thrown away
        if filled:
            return f"a filled scorecard, {pdf.relative_to(folder)}"
    for form in sorted(folder.glob("interviewers/*/scorecard.yaml")):
        try:
            data = load_yaml_file(form)
        except PlaybookError:
            return str(form.relative_to(folder))  # edited beyond reading: treat as work
        areas = data.get("areas") if isinstance(data, dict) else None
        for entry in (areas or {}).values() if isinstance(areas, dict) else ():
            if isinstance(entry, dict) and any(
                str(entry.get(key) or "").strip() for key in ("rating", "evidence")
            ):
                return f"a filled scorecard, {form.relative_to(folder)}"
    for record in sorted(folder.rglob("decision.md")):
        return f"a decision record, {record.relative_to(folder)}"
    return ""


def write_kit(c: Candidate, playbook: Playbook, out: Path, *, force: bool, paper: str,
              kit_display: str, candidate_playbook: Playbook | None = None,
              parallel: bool = True) -> list[str]:
    """``build_kit`` with the folder's lock held from the first check to the swap: a second
    kit into the same folder waits, then finds it taken. A swap that a killed run cut in half
    is put back first, so the earlier kit's SEQUENCE numbers are read, never lost."""
    refuse_docs_folder(out, playbook.srcdir, f"-o {kit_display}", "-o kits/<name>")
    with folder_lock(out):
        clear_leftovers(out)
        return build_kit(c, playbook, out, force=force, paper=paper, kit_display=kit_display,
                         candidate_playbook=candidate_playbook, parallel=parallel)


def build_kit(c: Candidate, playbook: Playbook, out: Path, *, force: bool, paper: str,
              kit_display: str, candidate_playbook: Playbook | None = None,
              parallel: bool = True) -> list[str]:
    """Build the whole kit in memory, then move it into place as one folder.

    An error halfway (a PDF that fails, a full disk) leaves no half-written kit for someone to
    send out. The folder must be new or empty; ``force`` replaces an earlier kit, and only a
    kit. ``parallel`` renders the PDFs in worker processes (``kit.printouts``). Returns the paths
    written, relative to ``out``.
    """
    require_config_references(playbook)
    _check_target(out, playbook.srcdir, force, kit_display)
    earlier = _sent_before(out, kit_display) if force else None
    previous = earlier.events if earlier else ()
    # A rebuild keeps its visit (and UIDs); a new kit, a return visit included, has its own.
    visit = visit_id(c, earlier.visit if earlier else None)
    config = playbook.config
    templates = playbook.templates_dir
    folders = folder_names(c)
    # The candidate reads their e-mails and calendar entries in their own language; the team
    # reads everything else in the playbook's.
    playbooks = Playbooks(playbook, candidate_playbook or playbook)
    team = calendar_events(c, folders, templates, playbook.gettext, playbook.language)
    invitations = plan_invitations(kit_events(
        c, folders, visit, team, templates, config.company, playbooks.candidate.gettext),
        previous)
    emails = kit_emails(c, playbooks, invitations)
    # The e-mails have checked every value the candidate file must give; the PDFs start now,
    # and render in worker processes while the rest of the kit is written.
    printouts = start_printouts(c, playbook, paper, folders, parallel)
    try:
        files = _kit_files(c, playbook, kit_display, folders, emails, invitations, visit)
    except BaseException:
        printouts(cancel=True)  # no worker is left running, whatever stopped the kit
        raise
    files.update(printouts())
    files[MANIFEST] = with_hashes(files)
    install_folder(out, files, lambda folder: _refuse_work(folder, f"-o {kit_display}"),
                   force=force)
    return sorted(files)


def _kit_files(c: Candidate, playbook: Playbook, kit_display: str, folders: dict[str, str],
               emails: list[KitEmail], invitations: Invitations,
               visit: str) -> dict[str, bytes | str]:
    """Every file of the kit but its PDFs."""
    templates = playbook.templates_dir
    files: dict[str, bytes | str] = {
        GITIGNORE: IGNORE_EVERYTHING,
        MANIFEST: json.dumps(manifest(c, folders, invitations.remembered, visit,
                                      playbook.language), indent=2, ensure_ascii=False) + "\n",
        "README.md": readme(c, kit_display, folders, templates, playbook.gettext,
                            playbook.language),
        SCHEDULE: coordinator_schedule(c, invitations, playbook.gettext),
    }
    for message in emails:
        files.update(message.files())
    for who in c.interviewers:
        folder = folders[who.name]
        areas = tuple(a.id for a in c.scorecard.areas if a.id in who.areas)
        files[f"{folder}/scorecard.yaml"] = form_text(c.scorecard, c.name, who.name, areas,
                                                      c.coordinator.name, templates,
                                                      playbook.gettext)
        files[f"{folder}/README.md"] = interviewer_readme(
            c, who, templates, c.checklists_for(who), playbook.gettext, playbook.language)
    files[PAGE] = kit_page(c, playbook, kit_display, folders, emails, SCHEDULE)
    return files


def with_hashes(files: dict[str, bytes | str]) -> str:
    """kit.json with every other file of the kit and its sha256, which ``--force`` compares."""
    data = json.loads(files[MANIFEST])
    data["files"] = {name: hashlib.sha256(
        content.encode("utf-8") if isinstance(content, str) else content).hexdigest()
        for name, content in sorted(files.items()) if name != MANIFEST}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _sent_before(out: Path, display: str) -> Manifest | None:
    """The kit being replaced: its visit and what its invitations carried (kit.json)."""
    if not is_kit(out):
        return None
    path = out / MANIFEST
    try:
        return read_manifest(json.loads(path.read_text(encoding="utf-8")), out, str(path))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problem = str(exc)
    except ContentError as exc:
        problem = str(exc.problems[0])
    raise PlaybookError(f"-o {display}: the earlier kit's invitations cannot be updated: "
                        f"{problem}; fix {MANIFEST}, or build into a new folder")
