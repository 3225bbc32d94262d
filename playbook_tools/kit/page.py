"""The kit as a page: ``index.html``, which opens from the folder in any browser, offline.

It shows the day as a timeline, every e-mail with buttons that copy its recipients, subject and
body and a ``mailto:`` link (how a coordinator on webmail sends the kit), the calendar files,
and each interviewer's printouts and forms. The site's own stylesheet and script are inlined
from the package, so the page asks no host for anything; without JavaScript it still reads in
full. The words are the layout ``templates/kit/index.html.j2``, which a fork can override; they
speak the team's language (``--team-lang``), as the README does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from playbook_tools.dates import clock, long_date
from playbook_tools.kit.candidate import Candidate
from playbook_tools.kit.emails import KitEmail
from playbook_tools.kit.wording import DASH
from playbook_tools.model.artifacts import Playbook
from playbook_tools.render.email_check import check_page
from playbook_tools.render.layouts import environment, translator
from playbook_tools.render.printable import static_text

PAGE = "index.html"
LAYOUT = "kit/index.html.j2"


def _timeline(c: Candidate) -> list[dict[str, str]]:
    rows = []
    for block in c.blocks:
        start, end = c.local(block.start), c.local(block.end)
        who = block.interviewer
        rows.append({
            "kind": block.kind, "start": clock(start), "end": clock(end),
            "span": f"{clock(start)}{DASH}{clock(end)}",
            "start_iso": start.isoformat(), "end_iso": end.isoformat(),
            "interviewer": who.name if who else "",
            # What the session is called comes from its format unless the file names it.
            "session": c.session_of(who) if who else "",
            "areas": ", ".join(a.title for a in c.scorecard.areas
                               if who and a.id in who.areas),
        })
    return rows


def _interviewers(c: Candidate, playbook: Playbook,
                  folders: dict[str, str]) -> list[dict[str, object]]:
    people: list[dict[str, object]] = []
    for who, session in zip(c.interviewers, c.of_kind("session"), strict=True):
        folder = folders[who.name]
        people.append({
            "name": who.name, "folder": folder,
            "session": f"{clock(c.local(session.start))}{DASH}{clock(c.local(session.end))}",
            "areas": ", ".join(a.title for a in c.scorecard.areas if a.id in who.areas),
            "checklists": [{"file": f"{folder}/{checklist}.pdf",
                            "title": playbook.get(checklist).title}
                           for checklist in c.checklists_for(who)],
            "pdf": f"{folder}/scorecard.pdf", "yaml": f"{folder}/scorecard.yaml",
            "readme": f"{folder}/README.md",
        })
    return people


def kit_page(c: Candidate, playbook: Playbook, kit_display: str, folders: dict[str, str],
             emails: Sequence[KitEmail], schedule: str) -> str:
    """``index.html`` for the kit, made from the same values as its e-mails and files."""
    env = environment(Path(playbook.templates_dir), autoescape=True)
    page = env.get_template(LAYOUT).render(
        # The page is the team's: it speaks the team's language, as its README does. Its words
        # are the layout's _() calls, translated by the team's catalog.
        _=translator(playbook.gettext), gettext=playbook.gettext,
        c=c, config=playbook.config, language=playbook.language, kit=kit_display,
        day=long_date(c.date, playbook.language), timeline=_timeline(c),
        start=clock(c.local(c.blocks[0].start)), end=clock(c.local(c.candidate_end)),
        outcome_by=long_date(c.outcome_by, playbook.language),
        confirm_by=long_date(c.confirm_by, playbook.language),
        emails=emails, schedule=schedule,
        calendars=[e for e in emails if e.calendar_file],
        interviewers=_interviewers(c, playbook, folders),
        site_css=Markup(static_text("playbook.css")),
        site_js=Markup(static_text("playbook.js")),
    )
    # Read back: the people's values are text, and no tag or link came from them (issue 19).
    layout_source = env.loader.get_source(env, LAYOUT)[0] if env.loader else ""
    check_page(page, [c.name, c.role, *(p.name for p in c.people())],
               scripts=layout_source.count("<script"), where=f"{kit_display}/{PAGE}")
    return page
