"""What a kit says: the candidate's agenda, the team's schedule, the calendar events, the
email values and the READMEs, all made from one laid-out ``Candidate``.

Kept apart from ``kit`` (which reads the candidate file and writes the folder) so that the
wording can change without touching validation or file handling.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def readme(c: Candidate, kit: str, folders: dict[str, str]) -> str:
    follow = c.follow_up
    people = "\n".join(
        f"| {i.name} | {_span(c, s)} | {_area_titles(c, i.areas)} | `{folders[i.name]}/` |"
        for i, s in zip(c.interviewers, c.of_kind("session"), strict=True))
    return f"""\
# Interview kit: {c.name}, {c.role}

Interview day: {long_date(c.date)}, {clock(c.local(c.blocks[0].start))} to \
{clock(c.local(c.candidate_end))} ({c.timezone}).
Follow-up session: {_span(c, follow)}, chaired by {c.hiring_manager.name}.
Tells the candidate the outcome: {c.closes_loop.name}, by {long_date(c.outcome_by)}.

This folder holds personal data. Keep it out of the repository, chat and shared drives, and
delete it when the process is closed. Its `.gitignore` tells git to ignore everything in it,
wherever the folder is.

## What is here

| File | What it is |
| --- | --- |
| `schedule.ics` | every session, each interviewer's notes block and the follow-up session |
| `emails/invitation.eml` | the invitation to {c.name}, with the agenda |
| `emails/team-schedule.eml` | the day's schedule for the interview team |
| `interviewers/<name>/` | per interviewer: checklists; their areas as scorecard PDF and form |
| `kit.json` | what `playbook decide --kit` reads to know whose scorecards to expect |

| Interviewer | Session | Areas | Folder |
| --- | --- | --- | --- |
{people}

## What to do when

1. **Now:** open `emails/invitation.eml` in your mail program, check it and send it to the
   candidate. Ask them to reply by {long_date(c.reply_by)}.
2. **When the candidate confirms:** import `schedule.ics` into your calendar and send the
   invitations, follow-up session included. Send `emails/team-schedule.eml` to the team, and give
   each interviewer their own folder, and only theirs.
3. **On the day:** each interviewer fills in `scorecard.yaml` in their notes block, alone, and
   gives it back. Put each returned file in place of the blank one in their folder.
4. **At the follow-up session:** run

       playbook decide --kit {kit}

   It shows nothing until every scorecard is in, so nobody is anchored by early ratings.
5. **Before the session ends:** record what the room decided, who tells the candidate and by when:

       playbook decide --kit {kit} --record --outcome hire|reject|more-info \\
           --owner "{c.closes_loop.name}" --by {c.outcome_by} -o {kit}/decision

   This writes `decision.md` and `outcome.eml`, the email for {c.closes_loop.name} to check
   and send. If the room changes its mind, run it again with `--force`: both are replaced.
6. **By {long_date(c.outcome_by)}:** {c.closes_loop.name} tells the candidate.
"""


def interviewer_readme(c: Candidate, who: Interviewer) -> str:
    session = next(b for b in c.of_kind("session") if b.interviewer == who)
    notes = next(b for b in c.of_kind("notes") if b.interviewer == who)
    checklists = "\n".join(f"- `{name}.pdf`" for name in KIT_CHECKLISTS)
    return f"""\
# {who.name}: your part in {c.name}'s interview day

- Your session: {long_date(c.date)}, {_span(c, session)} ({c.timezone}), {c.location}
- Your areas: {_area_titles(c, who.areas)}
- Your notes block: {_span(c, notes)}
- The follow-up session: {_span(c, c.follow_up)}, chaired by {c.hiring_manager.name}

In this folder:

{checklists}
- `scorecard.pdf`: the scorecard with only your areas and what each rating means, to print
- `scorecard.yaml`: your form, with only your areas; fill it in during your notes block and give
  it back to {c.coordinator.name}

Fill in the form alone, before you talk to anyone about the candidate.
"""


