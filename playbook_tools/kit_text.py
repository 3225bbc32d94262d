"""What a kit says: the candidate's agenda, the team's schedule, the calendar events, the
email values and the READMEs, all made from one laid-out ``Candidate``.

Kept apart from ``kit`` (which reads the candidate file and writes the folder) so that the
wording can change without touching validation or file handling.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import jinja2

from playbook_tools.kit import (
    KIT_CHECKLISTS,
    Block,
    Candidate,
    Interviewer,
    clock,
    long_date,
    same,
)
from playbook_tools.render.calendar import Attendee, CalendarEvent

DASH = "\u2013"  # an en dash between two times reads as "from ... to"


def _span(c: Candidate, block: Block) -> str:
    return f"{clock(c.local(block.start))}{DASH}{clock(c.local(block.end))}"


def _area_titles(c: Candidate, areas: Sequence[str]) -> str:
    return ", ".join(a.title for area in areas if (a := c.scorecard.area(area)))


def agenda(c: Candidate) -> str:
    """The candidate's day: sessions and breaks, never the team's notes blocks."""
    lines = []
    for block in c.blocks:
        if block.kind == "session" and block.interviewer:
            lines.append(f"{_span(c, block)}  {c.session} with {block.interviewer.name}")
        elif block.kind == "break":
            lines.append(f"{_span(c, block)}  Break")
    return "\n".join(lines)


def team_schedule(c: Candidate) -> str:
    """Every block the team needs, notes blocks and the follow-up session included."""
    lines = []
    for block in c.blocks:
        who = block.interviewer
        if block.kind == "session" and who:
            lines.append(f"{_span(c, block)}  {c.session}: {who.name} "
                         f"({_area_titles(c, who.areas)})")
        elif block.kind == "notes" and who:
            lines.append(f"{_span(c, block)}  {who.name}: notes and scorecard")
        elif block.kind == "follow-up":
            lines.append(f"{_span(c, block)}  Follow-up session: {_follow_up_people(c)}")
    return "\n".join(lines)


def _follow_up_people(c: Candidate) -> str:
    names = [i.name for i in c.interviewers]
    extra = [p.name for p in (c.hiring_manager, c.coordinator)
             if not any(same(p.name, n) for n in names)]
    return ", ".join(dict.fromkeys([*names, *extra]))


def email_values(c: Candidate) -> dict[str, dict[str, str]]:
    """The variables of the two emails the kit fills in, by template id."""
    common = {
        "candidate_name": c.name, "role": c.role, "date": long_date(c.date),
        "start_time": clock(c.local(c.blocks[0].start)),
        "end_time": clock(c.local(c.candidate_end)), "timezone": c.timezone,
        "location": c.location, "coordinator_name": c.coordinator.name,
    }
    return {
        "invitation": {**common, "agenda": agenda(c), "reply_by": long_date(c.reply_by)},
        "team-schedule": {
            **common, "schedule": team_schedule(c),
            "followup_time": clock(c.local(c.follow_up.start)),
            "hiring_manager_name": c.hiring_manager.name,
        },
    }


def calendar_events(c: Candidate, folders: dict[str, str]) -> list[CalendarEvent]:
    tz = c.tz
    key = f"{c.email.lower()}|{c.date}"
    events = []
    for block in c.blocks:
        who = block.interviewer
        start, end = block.start.astimezone(tz), block.end.astimezone(tz)
        if block.kind == "session" and who:
            events.append(CalendarEvent(
                f"{key}|session|{who.email.lower()}", f"{c.session}: {c.name} with {who.name}",
                start, end, location=c.location, attendees=(Attendee(who.name, who.email),),
                description=(
                    f"Interview with {c.name} for the {c.role} role.\n"
                    f"Your areas: {_area_titles(c, who.areas)}.\n"
                    f"Your checklists and scorecard: {folders[who.name]}/ in the kit."),
            ))
        elif block.kind == "notes" and who:
            events.append(CalendarEvent(
                f"{key}|notes|{who.email.lower()}", f"Notes and scorecard: {c.name}",
                start, end, attendees=(Attendee(who.name, who.email),),
                description=(
                    "Write your evidence and ratings while the session is fresh, in "
                    f"{folders[who.name]}/scorecard.yaml.\n"
                    "Please do not discuss the candidate with anyone before the follow-up "
                    "session."),
            ))
        elif block.kind == "follow-up":
            people = [Attendee(c.hiring_manager.name, c.hiring_manager.email, "CHAIR")]
            people += [Attendee(i.name, i.email) for i in c.interviewers]
            people.append(Attendee(c.coordinator.name, c.coordinator.email, "OPT-PARTICIPANT"))
            events.append(CalendarEvent(
                f"{key}|follow-up", f"Follow-up session: {c.name} ({c.role})", start, end,
                location=c.followup_location, attendees=tuple(people),
                description=(
                    f"{c.hiring_manager.name} chairs. Bring your completed scorecard.\n"
                    "The session ends with the outcome, the one person who tells the candidate "
                    f"({c.closes_loop.name}) and the date by which they will "
                    f"({long_date(c.outcome_by)})."),
            ))
    return events


@functools.cache
def _templates(templates_dir: Path) -> jinja2.Environment:
    """The kit's README layouts: a fork's docs/templates/kit/ first, then the package's own."""
    package = resources.files("playbook_tools").joinpath("templates")
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(templates_dir)),
                                    jinja2.FileSystemLoader(str(package))]),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, autoescape=False,  # Markdown, not HTML
    )


def readme(c: Candidate, kit: str, folders: dict[str, str], templates_dir: Path) -> str:
    interviewers = [
        {"name": i.name, "session": _span(c, s), "areas": _area_titles(c, i.areas),
         "folder": folders[i.name]}
        for i, s in zip(c.interviewers, c.of_kind("session"), strict=True)
    ]
    return _templates(templates_dir).get_template("kit/README.md.j2").render(
        name=c.name, role=c.role, day=long_date(c.date), start=clock(c.local(c.blocks[0].start)),
        end=clock(c.local(c.candidate_end)), timezone=c.timezone,
        follow_up=_span(c, c.follow_up), chair=c.hiring_manager.name,
        closer=c.closes_loop.name, outcome_by=long_date(c.outcome_by),
        outcome_by_iso=c.outcome_by.isoformat(), reply_by=long_date(c.reply_by), kit=kit,
        interviewers=interviewers,
    )


def interviewer_readme(c: Candidate, who: Interviewer, templates_dir: Path) -> str:
    session = next(b for b in c.of_kind("session") if b.interviewer == who)
    notes = next(b for b in c.of_kind("notes") if b.interviewer == who)
    return _templates(templates_dir).get_template("kit/interviewer-README.md.j2").render(
        name=who.name, candidate=c.name, day=long_date(c.date), session=_span(c, session),
        timezone=c.timezone, location=c.location, areas=_area_titles(c, who.areas),
        notes=_span(c, notes), follow_up=_span(c, c.follow_up), chair=c.hiring_manager.name,
        checklists=KIT_CHECKLISTS, coordinator=c.coordinator.name,
    )
