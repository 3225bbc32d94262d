"""What a kit says: the candidate's agenda, the team's schedule, the calendar events and the
READMEs, all made from one laid-out ``Candidate``.

The sentences live in Jinja2 layouts under ``templates/kit/`` that a fork overrides in
``docs/templates/kit/``; this module only supplies the values.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from playbook_tools.dates import clock, long_date
from playbook_tools.kit.candidate import Candidate
from playbook_tools.kit.schedule import Block, Interviewer
from playbook_tools.manifest import same_name
from playbook_tools.model.artifacts import Playbook
from playbook_tools.model.formats import InterviewFormat
from playbook_tools.render.calendar import Attendee, CalendarEvent, event_uid
from playbook_tools.render.layouts import environment, translator

Gettext = Callable[[str], str]
DASH = "\u2013"  # an en dash between two times reads as "from ... to"


def _span(c: Candidate, block: Block) -> str:
    return f"{clock(c.local(block.start))}{DASH}{clock(c.local(block.end))}"


def _area_titles(c: Candidate, areas: Sequence[str]) -> str:
    return ", ".join(a.title for area in areas if (a := c.scorecard.area(area)))


def _mixed_places(c: Candidate) -> bool:
    return len({i.where for i in c.interviewers}) > 1


def _in_the_room(who: Interviewer, _: Gettext) -> str:
    """Who else is in the session, as the candidate is told: an observer's name and why."""
    notes = []
    for person in who.watching:
        if person is who:  # a reverse-shadow: the interviewer watches the new one lead
            notes.append(_("%(name)s observes") % {"name": person.name})
        else:
            notes.append(_("%(name)s observes and is learning to interview")
                         % {"name": person.name})
    return f" ({'; '.join(notes)})" if notes else ""


def _place(c: Candidate, who: Interviewer, _: Gettext) -> str:
    if not _mixed_places(c):
        return ""
    return ", " + (_("on video") if who.where == "video" else _("on site"))


def agenda(c: Candidate, _: Gettext = str) -> str:
    """The candidate's day: sessions and breaks, never the team's notes blocks. Each session
    names whoever runs it and anyone observing, and where it is when the day mixes places."""
    lines = []
    for block in c.blocks:
        if block.kind == "session" and block.interviewer:
            who = block.interviewer
            line = _("%(session)s with %(name)s") % {"session": _(c.session_of(who)),
                                                     "name": who.led_by.name}
            lines.append(f"{_span(c, block)}  {line}{_in_the_room(who, _)}{_place(c, who, _)}")
        elif block.kind == "break":
            lines.append(f"{_span(c, block)}  {_('Break')}")
    return "\n".join(lines)


def team_schedule(c: Candidate, _: Gettext = str) -> str:
    """Every block the team needs, notes blocks and the follow-up session included."""
    lines = []
    for block in c.blocks:
        who = block.interviewer
        if block.kind == "session" and who:
            lines.append(f"{_span(c, block)}  {_(c.session_of(who))}: {who.led_by.name} "
                         f"({_area_titles(c, who.areas)}){_team_observers(who, _)}"
                         f"{_place(c, who, _)}")
        elif block.kind == "notes" and who:
            line = _("%(name)s: notes and scorecard") % {"name": who.name}
            lines.append(f"{_span(c, block)}  {line}")
        elif block.kind == "follow-up":
            line = _("Follow-up session: %(people)s") % {"people": _follow_up_people(c)}
            lines.append(f"{_span(c, block)}  {line}")
    return "\n".join(lines)


def _team_observers(who: Interviewer, _: Gettext) -> str:
    """For the team: whose scorecard counts when someone new is in the session."""
    if not who.observers:
        return ""
    watching = ", ".join(o.name for o in who.observers if o.role == "shadow")
    text = []
    if who.led_by is not who:
        text.append(_("%(name)s observes; their scorecard counts") % {"name": who.name})
    if watching:
        text.append(_("shadowing: %(names)s") % {"names": watching})
    return f"; {'; '.join(text)}"


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
    common = {"candidate": c.name, "role": c.role}
    events = []
    for block in c.blocks:
        who = block.interviewer
        start, end = block.start.astimezone(tz), block.end.astimezone(tz)
        # Observers sit in the session and write their card in the same notes block.
        present = tuple(Attendee(p.name, p.email) for p in (who, *who.observers)) if who else ()
        if block.kind == "session" and who:
            title, text = _event(templates_dir, "event-session.txt.j2", _, **common,
                                 session=_(c.session_of(who)), interviewer=who.led_by.name,
                                 areas=_area_titles(c, who.areas), folder=folders[who.name])
            events.append(CalendarEvent(
                event_uid(f"{key}|session|{who.email.lower()}"), title, start, end,
                location=c.location_of(who), attendees=present, description=text))
        elif block.kind == "notes" and who:
            title, text = _event(templates_dir, "event-notes.txt.j2", _, **common,
                                 session=_(c.session_of(who)), folder=folders[who.name])
            events.append(CalendarEvent(
                event_uid(f"{key}|notes|{who.email.lower()}"), title, start, end,
                attendees=present, description=text))
        elif block.kind == "follow-up":
            people = [Attendee(c.hiring_manager.name, c.hiring_manager.email, "CHAIR")]
            people += [Attendee(i.name, i.email) for i in c.interviewers]
            people += [Attendee(o.name, o.email, "OPT-PARTICIPANT")
                       for i in c.interviewers for o in i.observers]
            people.append(Attendee(c.coordinator.name, c.coordinator.email, "OPT-PARTICIPANT"))
            title, text = _event(templates_dir, "event-follow-up.txt.j2", _, **common,
                                 chair=c.hiring_manager.name, closer=c.closes_loop.name,
                                 outcome_by=long_date(c.outcome_by, language))
            events.append(CalendarEvent(
                event_uid(f"{key}|follow-up"), title, start, end, location=c.followup_location,
                attendees=tuple(people), description=text))
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
                       checklists: Sequence[str] = (),
                       gettext: Gettext = str, language: str = "en") -> str:
    """One interviewer's README: their session in its format, the checklists that format
    names (``checklists`` only for a caller that chooses its own), and who else is there."""
    session = next(b for b in c.of_kind("session") if b.interviewer == who)
    notes = next(b for b in c.of_kind("notes") if b.interviewer == who)
    fmt = c.format_of(who)
    return layout(
        templates_dir, "interviewer-README.md.j2", gettext=gettext, name=who.name,
        candidate=c.name, day=long_date(c.date, language), session=_span(c, session),
        timezone=c.timezone, location=c.location_of(who), areas=_area_titles(c, who.areas),
        notes=_span(c, notes), follow_up=_span(c, c.follow_up), chair=c.hiring_manager.name,
        checklists=checklists or c.checklists_for(who), coordinator=c.coordinator.name,
        format=gettext(fmt.title), parts=parts_text(fmt, gettext),
        lead=who.led_by.name if who.led_by is not who else "",
        shadows=", ".join(o.name for o in who.observers if o.role == "shadow"),
        stack=c.stack, own_laptop=c.laptop == "own" and who.where == "on-site",
        phone=c.phone,
    )


def parts_text(fmt: InterviewFormat, _: Gettext = str) -> str:
    """"Pairing, 60 minutes; Break, 15 minutes; ..." in the reader's language."""
    return "; ".join(_("%(part)s, %(minutes)s minutes") % {"part": _(p.title),
                                                           "minutes": p.minutes}
                     for p in fmt.parts)


def format_values(c: Candidate, playbook: Playbook) -> dict[str, str]:
    """The e-mail values that depend on the day's interview formats and the candidate file's
    practical fields, in ``playbook``'s language (``kit.emails`` adds them to its values)."""
    _ = playbook.gettext
    formats = [playbook.interview_format(f.id) for f in c.day_formats]
    details = []
    if c.stack:
        details.append(_("Language and tools: %(stack)s") % {"stack": c.stack})
    for fmt in formats:
        details.append(fmt.bring)
        if c.laptop == "own" and any(i.where == "on-site" for i in c.interviewers):
            details.append(_("You told us you will bring your own laptop; the list of tools "
                             "follows two days before the day."))
    policy = c.ai_assistants or "\n".join(dict.fromkeys(f.ai_assistants for f in formats))
    details.append(_("AI assistants: %(policy)s") % {"policy": policy})
    for who in c.interviewers:
        names = {"observer": "", "interviewer": who.led_by.name, "lead": who.name}
        for person in who.observers:
            names["observer"] = person.name
            details.append((_(
                "%(observer)s will also be in your session with %(interviewer)s, to learn how "
                "we interview, and will stay quiet.") if person.role == "shadow" else _(
                "%(lead)s will also be in your session with %(interviewer)s and will stay "
                "quiet: %(interviewer)s is new to interviewing with us, and %(lead)s is there "
                "to support them.")) % names + " " + _(
                "If you would rather have nobody extra in the room, tell me; it makes no "
                "difference to how we assess you."))
    details.append(day_contact(c, _))
    return {
        "what_to_expect": _wrapped(f.expect for f in formats),
        "day_details": _wrapped(details),
        "day_contact": day_contact(c, _),
        "session_outline": _wrapped(f.team for f in formats),
    }


def _wrapped(paragraphs: Iterable[str], width: int = 70) -> str:
    """Paragraphs refilled to an e-mail's line length, a blank line between them: a figure
    substituted into a format's text, or a translation, leaves its lines uneven."""
    return "\n\n".join(
        textwrap.fill(" ".join(para.split()), width, break_long_words=False,
                      break_on_hyphens=False)
        for text in paragraphs for para in text.split("\n\n") if para.strip())


def day_location(c: Candidate) -> str:
    """Where the day happens: the address, the video link, or both when the day mixes them."""
    places = {i.where for i in c.interviewers}
    if places == {"video"}:
        return c.video_link
    if "video" in places:
        return f"{c.location}; video: {c.video_link}"
    return c.location


def day_contact(c: Candidate, _: Gettext = str) -> str:
    """How the candidate reaches us on the day: the phone number when the file gives one."""
    if c.phone:
        return _("On the day, call or text %(phone)s if you are delayed or anything comes "
                 "up.") % {"phone": c.phone}
    return _("On the day, reply to this e-mail or write to %(email)s if you are delayed or "
             "anything comes up.") % {"email": c.coordinator.email}


# The values ``format_values`` fills, with what they hold (the handbook lists these).
FORMAT_VALUES: dict[str, str] = {
    "what_to_expect": "what each session of the day is like, from its interview format",
    "day_details": "language and tools, what to bring, the AI policy, observers, whom to call",
    "day_contact": "how the candidate reaches us on the day",
    "session_outline": "for the team: the parts of each session, from its interview format",
}
