"""Invitations that calendars treat as invitations (RFC 5546 iTIP, RFC 6047): each of the kit's
e-mails carries one event's REQUEST to that event's attendees, a rebuild raises SEQUENCE on the
same UIDs, dropped events are CANCELled for the people who held them, a return visit has its
own UIDs, and every calendar part reads back in two independent parsers (issues 10 and 20)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import ics  # type: ignore[import-untyped]
import pytest
import vobject  # type: ignore[import-untyped]

from tests.conftest import run_playbook as run
from tests.helpers import (
    EXAMPLE,
    build_kit,
    calendar_parts,
    candidate_file,
    drop_aisha,
    parse_eml,
)
from tests.mail_rules import attendees_of, check_imip

ORGANIZER = "mailto:hiring@example.com"  # playbook_email_from, the drafts' From
SENT_BY = "mailto:lena.sato@example.com"  # the coordinator, the drafts' Sender
TEAM = {"jonas.lindqvist@example.com", "aisha.bello@example.com", "grace.mensah@example.com",
        "lena.sato@example.com", "chen.wu@example.com"}
CANDIDATE = "amara.okafor@example.org"


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "amara"
    build_kit(EXAMPLE, out)
    return out


def parts_of(path: Path) -> list[tuple[str, str, bytes]]:
    return calendar_parts(parse_eml(path))


def vevents(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).events)


def the_event(kit: Path, stem: str) -> icalendar.Event:
    """The one event ``emails/<stem>.eml`` carries, checked against RFC 5546 and 6047."""
    found = check_imip(parse_eml(kit / "emails" / f"{stem}.eml"))
    assert found is not None
    event = found[1]
    assert event["ORGANIZER"] == ORGANIZER
    assert event["ORGANIZER"].params["SENT-BY"] == SENT_BY
    return event


def read_back(data: bytes) -> list[tuple[str, int, dt.datetime]]:
    """Every VEVENT as the `ics` package and vobject read it: (UID, SEQUENCE, start in UTC).
    Both must agree with each other (and the caller compares them with icalendar)."""
    text = data.decode("utf-8")
    by_ics = sorted((e.uid, int(next(x.value for x in e.extra if x.name == "SEQUENCE")),
                     e.begin.datetime.astimezone(dt.UTC))
                    for e in ics.Calendar(text).events)
    parsed = vobject.readOne(text)
    by_vobject = sorted((v.uid.value, int(v.sequence.value), v.dtstart.value.astimezone(dt.UTC))
                        for v in parsed.vevent_list)
    assert by_ics == by_vobject
    return by_ics


def as_icalendar(data: bytes) -> list[tuple[str, int, dt.datetime]]:
    return sorted((str(e["UID"]), int(e["SEQUENCE"]), e.start.astimezone(dt.UTC))
                  for e in vevents(data))


def sent(kit: Path) -> dict[str, icalendar.Event]:
    """Every e-mail's event, by the e-mail's name."""
    found = {}
    for path in sorted((kit / "emails").glob("*.eml")):
        carried = check_imip(parse_eml(path))
        if carried is not None:
            found[path.stem] = carried[1]
    return found


# --------------------------------------------------------------------------------------------
# The first build: one REQUEST per event, each to its attendees


def test_the_invitation_carries_the_candidates_visit_as_one_event(kit: Path) -> None:
    parts = parts_of(kit / "emails" / "invitation.eml")
    # Inline for mail programs (RFC 6047), and attached for drafts and webmail.
    assert [(kind, method) for kind, method, _ in parts] == [("text/calendar", "REQUEST"),
                                                             ("application/ics", "REQUEST")]
    # The same calendar; the inline part has the .eml file's line endings until it is sent.
    assert parts[1][2] == (kit / "emails" / "invitation.ics").read_bytes()
    assert parts[0][2] == parts[1][2].replace(b"\r\n", b"\n")
    event = the_event(kit, "invitation")
    assert event["SUMMARY"] == "Interview day at Example Co: Backend Engineer"
    assert attendees_of(event) == {CANDIDATE} and int(event["SEQUENCE"]) == 0
    assert (event.start.strftime("%H:%M"), event.end.strftime("%H:%M")) == ("09:30", "12:45")
    description = str(event["DESCRIPTION"])
    assert "09:30\u201311:00  Pairing session and retrospective with Jonas Lindqvist" in \
        description and "11:00\u201311:15  Break" in description
    text = parts[0][2].decode()
    assert "Notes and scorecard" not in text and "Follow-up" not in text  # the team's own


def test_each_event_travels_alone_to_its_attendees(kit: Path) -> None:
    events = sent(kit)
    assert sorted(events) == ["invitation", "notes-aisha-bello", "notes-jonas-lindqvist",
                              "session-aisha-bello", "session-jonas-lindqvist", "team-schedule"]
    assert len({str(e["UID"]) for e in events.values()}) == 6
    assert attendees_of(events["session-aisha-bello"]) == {"aisha.bello@example.com"}
    assert attendees_of(events["notes-jonas-lindqvist"]) == {"jonas.lindqvist@example.com",
                                                             "chen.wu@example.com"}
    follow_up = events["team-schedule"]
    assert str(follow_up["SUMMARY"]).startswith("Follow-up session")
    assert attendees_of(follow_up) == TEAM
    message = parse_eml(kit / "emails" / "team-schedule.eml")
    assert message["From"].addresses[0].addr_spec == "hiring@example.com"
    assert message["Sender"].addresses[0].addr_spec == "lena.sato@example.com"


def test_schedule_ics_says_what_it_is(kit: Path) -> None:
    calendar = icalendar.Calendar.from_ical((kit / "schedule.ics").read_bytes())
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Interviews: Amara Okafor (2027-03-09)"
    about = str(calendar["X-WR-CALDESC"])
    assert "invites nobody" in about and "delete that calendar and import the new file" in about
    team = {str(e["UID"]) for stem, e in sent(kit).items() if stem != "invitation"}
    assert {str(e["UID"]) for e in calendar.events} == team


def test_every_calendar_part_reads_back_in_two_parsers(kit: Path) -> None:
    found = 0
    for path in sorted((kit / "emails").glob("*.eml")):
        for _, _, data in parts_of(path):
            assert read_back(data) == as_icalendar(data)
            found += 1
    assert found == 12  # six e-mails, each inline and attached
    assert read_back((kit / "schedule.ics").read_bytes()) == \
        as_icalendar((kit / "schedule.ics").read_bytes())


def test_kit_json_remembers_the_visit_and_each_uid(kit: Path) -> None:
    data = json.loads((kit / "kit.json").read_text(encoding="utf-8"))
    assert data["visit"] == "2027-03-09"
    assert {e["uid"] for e in data["calendar"]} == {str(e["UID"]) for e in sent(kit).values()}
    assert {(e["audience"], e["sequence"], e["status"]) for e in data["calendar"]} == {
        ("team", 0, "confirmed"), ("candidate", 0, "confirmed")}


# --------------------------------------------------------------------------------------------
# Rebuilds: updates, not duplicates; dropped events cancelled; a return visit apart


def sequences(kit: Path) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in sent(kit).values()
            if str(e.get("STATUS")) != "CANCELLED"}


def test_a_rebuild_keeps_the_uids_and_raises_the_sequence(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit(EXAMPLE, out)
    first = sequences(out)
    later = candidate_file(tmp_path, lambda d: d.update(date="2027-03-10", start="10:00",
                                                        confirm_by="2027-03-03"))
    for expected in (1, 2):
        build_kit(later, out, "--force")
        now = sequences(out)
        assert set(now) == set(first)  # the same events, moved
        assert set(now.values()) == {expected}
    moved = the_event(out, "invitation")
    assert moved.start.replace(tzinfo=None) == dt.datetime(2027, 3, 10, 10, 0)
    assert not list((out / "emails").glob("cancel-*"))  # nothing was dropped
    assert json.loads((out / "kit.json").read_text(encoding="utf-8"))["visit"] == "2027-03-09"


def test_a_return_visit_has_its_own_uids(tmp_path: Path) -> None:
    build_kit(EXAMPLE, tmp_path / "first")
    again = candidate_file(tmp_path, lambda d: d.update(date="2027-03-24",
                                                        confirm_by="2027-03-17"))
    build_kit(again, tmp_path / "second")
    first, second = sequences(tmp_path / "first"), sequences(tmp_path / "second")
    assert not set(first) & set(second) and set(second.values()) == {0}


def test_a_dropped_interviewer_gets_cancellations(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit(EXAMPLE, out)
    before = sent(out)
    build_kit(candidate_file(tmp_path, drop_aisha), out, "--force")
    cancels = sorted((out / "emails").glob("cancel-*.eml"))
    assert len(cancels) == 3
    cancelled = {}
    for path in cancels:
        message = parse_eml(path)
        assert message["X-Unsent"] == "1"
        assert [a.addr_spec for a in message["To"].addresses] == ["aisha.bello@example.com"]
        kinds = [(kind, method) for kind, method, _ in calendar_parts(message)]
        assert kinds == [("text/calendar", "CANCEL"), ("application/ics", "CANCEL")]
        carried = check_imip(message)
        assert carried is not None
        event = carried[1]
        assert read_back(carried[2]) == as_icalendar(carried[2])
        assert attendees_of(event) == {"aisha.bello@example.com"}
        cancelled[str(event["UID"])] = int(event["SEQUENCE"])
        body = message.get_body(("plain",))
        assert body is not None and "this event" in body.get_content()
    # Aisha's session and notes block go; she alone is taken off the follow-up session.
    gone = {str(before[s]["UID"]): int(before[s]["SEQUENCE"]) + 1
            for s in ("session-aisha-bello", "notes-aisha-bello", "team-schedule")}
    assert cancelled == gone
    # The updates: the events that stay, one sequence up, and none of Aisha's.
    after = {s: e for s, e in sent(out).items() if not s.startswith("cancel-")}
    assert "aisha.bello@example.com" not in set().union(*(attendees_of(e)
                                                          for e in after.values()))
    assert {int(e["SEQUENCE"]) for e in after.values()} == {1}
    assert not any(s.startswith("candidate-cancel") for s in after)  # the visit goes on
    remembered = json.loads((out / "kit.json").read_text(encoding="utf-8"))["calendar"]
    assert sum(1 for e in remembered if e["status"] == "cancelled") == 2

    # Built once more, the cancellations are not sent again; Aisha back continues the count.
    build_kit(candidate_file(tmp_path, drop_aisha), out, "--force")
    assert not list((out / "emails").glob("cancel-*"))
    build_kit(EXAMPLE, out, "--force")
    again = sent(out)
    # Sent at 0, cancelled at 1, back at 2: always above the last one sent.
    assert {int(again[s]["SEQUENCE"]) for s in ("session-aisha-bello", "notes-aisha-bello")} \
        == {2}
    assert str(again["session-aisha-bello"]["UID"]) == str(before["session-aisha-bello"]["UID"])


def test_a_damaged_calendar_in_kit_json_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit(EXAMPLE, out)
    data = json.loads((out / "kit.json").read_text(encoding="utf-8"))
    data["calendar"][0]["sequence"] = "one"
    (out / "kit.json").write_text(json.dumps(data), encoding="utf-8")
    code, stdout, err = run("kit", str(EXAMPLE), "-o", str(out), "--force")
    assert (code, stdout) == (1, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "field 'calendar[0].sequence': expected a whole number from 0 to" in err
    assert json.loads((out / "kit.json").read_text(encoding="utf-8")) == data  # untouched


# --------------------------------------------------------------------------------------------
# Drafts: X-Unsent on every e-mail the tool writes


def test_every_eml_is_an_unsent_draft(kit: Path, tmp_path: Path) -> None:
    merge = tmp_path / "outbox"
    code, _, err = run("email", "invitation", "--csv",
                       str(EXAMPLE.parent / "merge.csv"), "-o", str(merge))
    assert (code, err) == (0, ""), err
    record = tmp_path / "decision"
    code, _, err = run("decide", str(EXAMPLE.parent / "filled-scorecard.yaml"), "--partial",
                       "--record", "--outcome", _proposal_of(EXAMPLE.parent /
                                                             "filled-scorecard.yaml"),
                       "--owner", "Grace Mensah", "--by", "2027-03-11",
                       "--candidate", "Amara Okafor", "--candidate-email", CANDIDATE,
                       "--role", "Backend Engineer", "-o", str(record))
    assert (code, err) == (0, ""), err
    files = [*kit.rglob("*.eml"), *merge.glob("*.eml"), record / "outcome.eml"]
    assert len(files) >= 6
    for path in files:
        assert parse_eml(path)["X-Unsent"] == "1", path


def _proposal_of(form: Path) -> str:
    code, out, _ = run("decide", str(form), "--partial", "--json")
    assert code == 0
    outcome: str = json.loads(out)["proposal"]["outcome"]
    return outcome


# --------------------------------------------------------------------------------------------
# decide --record: a reminder for the person who tells the candidate


def test_the_record_carries_a_reminder_on_the_promised_day(tmp_path: Path) -> None:
    form = EXAMPLE.parent / "filled-scorecard.yaml"

    def args(by: str) -> list[str]:
        return ["decide", str(form), "--partial", "--record", "--outcome", _proposal_of(form),
                "--owner", "Grace Mensah", "--by", by, "--candidate", "Amara Okafor",
                "--candidate-email", CANDIDATE, "--role", "Backend Engineer",
                "-o", str(tmp_path / "r")]

    code, _, err = run(*args("2027-03-11"))
    assert (code, err) == (0, ""), err
    data = (tmp_path / "r" / "reminder.ics").read_bytes()
    (event,) = vevents(data)
    assert event.start == dt.date(2027, 3, 11) and event.end == dt.date(2027, 3, 12)
    assert str(event["SUMMARY"]).startswith("Tell Amara Okafor the outcome")
    assert "outcome.eml" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)
    text = data.decode()
    assert [e.begin.date() for e in ics.Calendar(text).events] == [dt.date(2027, 3, 11)]
    assert vobject.readOne(text).vevent.dtstart.value == dt.date(2027, 3, 11)
    assert "reminder.ics" in (tmp_path / "r" / "decision.md").read_text(encoding="utf-8")
    # Recorded again with a new date: the same reminder, moved.
    code, _, err = run(*args("2027-03-12"), "--force")
    assert (code, err) == (0, ""), err
    (moved,) = vevents((tmp_path / "r" / "reminder.ics").read_bytes())
    assert (moved["UID"], int(moved["SEQUENCE"])) == (event["UID"], 1)
    assert moved.start == dt.date(2027, 3, 12)
