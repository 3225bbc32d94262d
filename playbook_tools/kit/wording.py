"""What a kit says: the candidate's agenda, the team's schedule, the calendar events and the
READMEs, all made from one laid-out ``Candidate``.

The sentences live in Jinja2 layouts under ``templates/kit/`` that a fork overrides in
``docs/templates/kit/``; this module only supplies the values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from playbook_tools.dates import clock, long_date
from playbook_tools.kit.candidate import Candidate
from playbook_tools.kit.schedule import Block, Interviewer
from playbook_tools.manifest import same_name
from playbook_tools.render.calendar import Attendee, CalendarEvent, event_uid
from playbook_tools.render.layouts import environment, translator

Gettext = Callable[[str], str]
DASH = "\u2013"  # an en dash between two times reads as "from ... to"


def _span(c: Candidate, block: Block) -> str:
    return f"{clock(c.local(block.start))}{DASH}{clock(c.local(block.end))}"


def _area_titles(c: Candidate, areas: Sequence[str]) -> str:
    return ", ".join(a.title for area in areas if (a := c.scorecard.area(area)))


def agenda(c: Candidate, _: Gettext = str) -> str:
    """The candidate's day: sessions and breaks, never the team's notes blocks."""
    lines = []
    for block in c.blocks:
        if block.kind == "session" and block.interviewer:
            line = _("%(session)s with %(name)s") % {"session": _(c.session),
                                                     "name": block.interviewer.name}
            lines.append(f"{_span(c, block)}  {line}")
        elif block.kind == "break":
            lines.append(f"{_span(c, block)}  {_('Break')}")
    return "\n".join(lines)


def team_schedule(c: Candidate, _: Gettext = str) -> str:
    """Every block the team needs, notes blocks and the follow-up session included."""
    lines = []
    for block in c.blocks:
        who = block.interviewer
        if block.kind == "session" and who:
            lines.append(f"{_span(c, block)}  {_(c.session)}: {who.name} "
                         f"({_area_titles(c, who.areas)})")
        elif block.kind == "notes" and who:
            line = _("%(name)s: notes and scorecard") % {"name": who.name}
            lines.append(f"{_span(c, block)}  {line}")
        elif block.kind == "follow-up":
            line = _("Follow-up session: %(people)s") % {"people": _follow_up_people(c)}
            lines.append(f"{_span(c, block)}  {line}")
    return "\n".join(lines)


def _follow_up_people(c: Candidate) -> str:
    names = [i.name for i in c.interviewers]
    extra = [p.name for p in (c.hiring_manager, c.coordinator)
             if not any(same_name(p.name, n) for n in names)]
    return ", ".join(dict.fromkeys([*names, *extra]))


def _event(templates_dir: Path, name: str, /, gettext: Gettext = str,
           **values: object) -> tuple[str, str]:
    """(title, description) from a layout whose first line is the title."""
    title, _, description = layout(templates_dir, name, gettext, **values).partition("\n")
    return " ".join(title.split()), description.strip()


def calendar_events(c: Candidate, folders: dict[str, str],
                    templates_dir: Path, _: Gettext = str,
                    language: str = "en") -> list[CalendarEvent]:
    """Every block the team keeps in its calendars. Keys name the block, not the date, so a
    rescheduled day keeps its events (and their UIDs) and only their times move."""
    tz = c.tz
    key = c.email.lower()
    common = {"candidate": c.name, "role": c.role, "session": c.session}
    events = []
    for block in c.blocks:
        who = block.interviewer
        start, end = block.start.astimezone(tz), block.end.astimezone(tz)
        if block.kind == "session" and who:
            title, text = _event(templates_dir, "event-session.txt.j2", _, **common,
                                 interviewer=who.name, areas=_area_titles(c, who.areas),
                                 folder=folders[who.name])
            events.append(CalendarEvent(
                event_uid(f"{key}|session|{who.email.lower()}"), title, start, end,
                location=c.location, attendees=(Attendee(who.name, who.email),), description=text))
        elif block.kind == "notes" and who:
            title, text = _event(templates_dir, "event-notes.txt.j2", _, **common,
                                 folder=folders[who.name])
            events.append(CalendarEvent(
                event_uid(f"{key}|notes|{who.email.lower()}"), title, start, end,
                attendees=(Attendee(who.name, who.email),), description=text))
        elif block.kind == "follow-up":
            people = [Attendee(c.hiring_manager.name, c.hiring_manager.email, "CHAIR")]
            people += [Attendee(i.name, i.email) for i in c.interviewers]
            people.append(Attendee(c.coordinator.name, c.coordinator.email, "OPT-PARTICIPANT"))
            title, text = _event(templates_dir, "event-follow-up.txt.j2", _, **common,
                                 chair=c.hiring_manager.name, closer=c.closes_loop.name,
                                 outcome_by=long_date(c.outcome_by, language))
            events.append(CalendarEvent(
                event_uid(f"{key}|follow-up"), title, start, end, location=c.followup_location,
                attendees=tuple(people), description=text))
    return events


def candidate_events(c: Candidate, company: str, templates_dir: Path,
                     _: Gettext = str) -> list[CalendarEvent]:
    """The candidate's sessions, for the invitation: never the team's notes blocks or the
    follow-up session. Keyed by interviewer like the team's, so a reschedule moves them."""
    events = []
    for block in c.of_kind("session"):
        who = block.interviewer
        if who is None:
            continue
        title, text = _event(templates_dir, "event-candidate.txt.j2", candidate=c.name,
                             role=c.role, session=_(c.session), interviewer=who.name,
                             company=company, coordinator=c.coordinator.name, gettext=_)
        events.append(CalendarEvent(
            event_uid(f"{c.email.lower()}|candidate|{who.email.lower()}"), title,
            block.start.astimezone(c.tz), block.end.astimezone(c.tz), location=c.location,
            attendees=(Attendee(c.name, c.email),), description=text))
    return events


def layout(templates_dir: Path, name: str, /, gettext: Gettext = str, **values: object) -> str:
    """A text layout under ``templates/kit/`` (a fork's own first), filled with ``values``;
    its ``_()`` calls and ``{% trans %}`` blocks speak ``gettext``'s language."""
    env = environment(templates_dir, autoescape=False)
    return env.get_template(f"kit/{name}").render(
        {"_": translator(gettext), "gettext": gettext, **values})


def readme(c: Candidate, kit: str, folders: dict[str, str], templates_dir: Path,
           gettext: Gettext = str, language: str = "en") -> str:
    interviewers = [
        {"name": i.name, "session": _span(c, s), "areas": _area_titles(c, i.areas),
         "folder": folders[i.name]}
        for i, s in zip(c.interviewers, c.of_kind("session"), strict=True)
    ]
    return layout(
        templates_dir, "README.md.j2", gettext=gettext, name=c.name, role=c.role,
        day=long_date(c.date, language),
        start=clock(c.local(c.blocks[0].start)),
        end=clock(c.local(c.candidate_end)), timezone=c.timezone,
        follow_up=_span(c, c.follow_up), chair=c.hiring_manager.name,
        closer=c.closes_loop.name, outcome_by=long_date(c.outcome_by, language),
        outcome_by_iso=c.outcome_by.isoformat(), confirm_by=long_date(c.confirm_by, language),
        kit=kit,
        interviewers=interviewers,
    )


def interviewer_readme(c: Candidate, who: Interviewer, templates_dir: Path,
                       checklists: Sequence[str],
                       gettext: Gettext = str, language: str = "en") -> str:
    session = next(b for b in c.of_kind("session") if b.interviewer == who)
    notes = next(b for b in c.of_kind("notes") if b.interviewer == who)
    return layout(
        templates_dir, "interviewer-README.md.j2", gettext=gettext, name=who.name,
        candidate=c.name, day=long_date(c.date, language), session=_span(c, session),
        timezone=c.timezone, location=c.location, areas=_area_titles(c, who.areas),
        notes=_span(c, notes), follow_up=_span(c, c.follow_up), chair=c.hiring_manager.name,
        checklists=checklists, coordinator=c.coordinator.name,
    )
