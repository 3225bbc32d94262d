"""Invitations that calendars treat as invitations (RFC 5546 iTIP, RFC 6047): the kit's e-mails
carry REQUESTs, a rebuild raises SEQUENCE on the same UIDs, dropped events are CANCELled, and
every calendar part reads back in two independent parsers (issue 10)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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

COORDINATOR = "mailto:lena.sato@example.com"
TEAM = {"jonas.lindqvist@example.com", "aisha.bello@example.com", "grace.mensah@example.com",
        "lena.sato@example.com"}
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


def email_of(address: Any) -> str:
    return str(address).lower().removeprefix("mailto:")


def check_itip(data: bytes, method: str) -> list[icalendar.Event]:
    """RFC 5546 3.2.2 (REQUEST) and 3.2.5 (CANCEL): what every VEVENT must carry."""
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == method
    events = list(calendar.events)
    assert events
    for event in events:
        for required in ("UID", "DTSTAMP", "SEQUENCE", "ORGANIZER", "ATTENDEE", "DTSTART"):
            assert required in event, (required, event.get("SUMMARY"))
        assert event["ORGANIZER"] == COORDINATOR
        assert event["DTSTAMP"].dt.tzinfo is not None  # a UTC time stamp
        assert event["STATUS"] == ("CANCELLED" if method == "CANCEL" else "CONFIRMED")
        attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else \
            [event["ATTENDEE"]]
        for attendee in attendees:
            assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
            assert attendee.params["RSVP"] == ("FALSE" if method == "CANCEL" else "TRUE")
    return events


def attendees_of(event: icalendar.Event) -> set[str]:
    value = event["ATTENDEE"]
    return {email_of(a) for a in (value if isinstance(value, list) else [value])}


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


# --------------------------------------------------------------------------------------------
# The first build: REQUESTs


def test_the_invitation_carries_the_candidates_sessions_as_a_request(kit: Path) -> None:
    parts = parts_of(kit / "emails" / "invitation.eml")
    # Inline for mail programs (RFC 6047), and attached for drafts and webmail.
    assert [(kind, method) for kind, method, _ in parts] == [("text/calendar", "REQUEST"),
                                                             ("application/ics", "REQUEST")]
    # The same calendar; the inline part has the .eml file's line endings until it is sent.
    assert parts[1][2] == (kit / "emails" / "invitation.ics").read_bytes()
    assert parts[0][2] == parts[1][2].replace(b"\r\n", b"\n")
    events = check_itip(parts[0][2], "REQUEST")
    assert [e["SUMMARY"] for e in events] == [
        "Interview at Example Co: Pairing session and retrospective with Jonas Lindqvist",
        "Interview at Example Co: Pairing session and retrospective with Aisha Bello"]
    assert all(attendees_of(e) == {CANDIDATE} for e in events)
    assert all(int(e["SEQUENCE"]) == 0 for e in events)
    text = parts[0][2].decode()
    assert "Notes and scorecard" not in text and "Follow-up" not in text  # the team's own


def test_the_team_schedule_carries_the_teams_events(kit: Path) -> None:
    parts = parts_of(kit / "emails" / "team-schedule.eml")
    events = check_itip(parts[0][2], "REQUEST")
    assert [str(e["SUMMARY"]).split(":")[0] for e in events] == [
        "Pairing session and retrospective", "Notes and scorecard",
        "Pairing session and retrospective", "Notes and scorecard", "Follow-up session"]
    assert set().union(*(attendees_of(e) for e in events)) == TEAM
    message = parse_eml(kit / "emails" / "team-schedule.eml")
    assert {a.addr_spec for a in message["To"].addresses} == TEAM


def test_schedule_ics_stays_a_file_to_import(kit: Path) -> None:
    calendar = icalendar.Calendar.from_ical((kit / "schedule.ics").read_bytes())
    assert calendar["METHOD"] == "PUBLISH"
    schedule = parts_of(kit / "emails" / "team-schedule.eml")[0][2]
    assert [e["UID"] for e in calendar.events] == [e["UID"] for e in vevents(schedule)]


def test_every_calendar_part_reads_back_in_two_parsers(kit: Path) -> None:
    files = sorted((kit / "emails").glob("*.eml"))
    found = 0
    for path in files:
        for _, _, data in parts_of(path):
            assert read_back(data) == as_icalendar(data)
            found += 1
    assert found == 4  # two e-mails, each inline and attached
    assert read_back((kit / "schedule.ics").read_bytes()) == \
        as_icalendar((kit / "schedule.ics").read_bytes())


def test_kit_json_remembers_each_uid_and_sequence(kit: Path) -> None:
    remembered = json.loads((kit / "kit.json").read_text(encoding="utf-8"))["calendar"]
    sent = {str(e["UID"]) for path in ("invitation", "team-schedule")
            for e in vevents((kit / "emails" / f"{path}.ics").read_bytes())}
    assert {e["uid"] for e in remembered} == sent
    assert {(e["audience"], e["sequence"], e["status"]) for e in remembered} == {
        ("team", 0, "confirmed"), ("candidate", 0, "confirmed")}


# --------------------------------------------------------------------------------------------
# Rebuilds: updates, not duplicates; dropped events cancelled


def sequences(kit: Path, part: str) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"])
            for e in vevents((kit / "emails" / f"{part}.ics").read_bytes())}


def test_a_rebuild_keeps_the_uids_and_raises_the_sequence(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit(EXAMPLE, out)
    first = {part: sequences(out, part) for part in ("invitation", "team-schedule")}
    later = candidate_file(tmp_path, lambda d: d.update(date="2027-03-10", start="10:00",
                                                        confirm_by="2027-03-03"))
    for expected in (1, 2):
        build_kit(later, out, "--force")
        for part, before in first.items():
            now = sequences(out, part)
            assert set(now) == set(before)  # the same events, moved
            assert set(now.values()) == {expected}
    moved = vevents((out / "emails" / "invitation.ics").read_bytes())[0]
    assert moved.start.replace(tzinfo=None) == dt.datetime(2027, 3, 10, 10, 0)
    assert not (out / "emails" / "cancellation.eml").exists()  # nothing was dropped


def test_a_dropped_interviewer_gets_cancellations(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit(EXAMPLE, out)
    before = {part: sequences(out, part) for part in ("invitation", "team-schedule")}
    stdout = build_kit(candidate_file(tmp_path, drop_aisha), out, "--force")
    assert "7 emails" not in stdout and "5 emails" in stdout

    team = parse_eml(out / "emails" / "cancellation.eml")
    assert team["X-Unsent"] == "1"
    assert [a.addr_spec for a in team["To"].addresses] == ["aisha.bello@example.com"]
    kinds = [(kind, method) for kind, method, _ in calendar_parts(team)]
    assert kinds == [("text/calendar", "CANCEL"), ("application/ics", "CANCEL")]
    cancelled = check_itip(calendar_parts(team)[0][2], "CANCEL")
    assert read_back(calendar_parts(team)[0][2]) == as_icalendar(calendar_parts(team)[0][2])
    # Aisha's session and notes block go; she alone is taken off the follow-up session.
    assert [str(e["SUMMARY"]).split(":")[0] for e in cancelled] == [
        "Pairing session and retrospective", "Notes and scorecard", "Follow-up session"]
    assert all(attendees_of(e) == {"aisha.bello@example.com"} for e in cancelled)
    for event in cancelled:
        assert int(event["SEQUENCE"]) == before["team-schedule"][str(event["UID"])] + 1
    body = team.get_body(("plain",))
    assert body is not None and "these events are cancelled" in body.get_content()

    candidate = parse_eml(out / "emails" / "candidate-cancellation.eml")
    assert candidate["To"].addresses[0].addr_spec == CANDIDATE
    (gone,) = check_itip(calendar_parts(candidate)[0][2], "CANCEL")
    assert gone["UID"] in before["invitation"]
    assert "Aisha Bello" in str(gone["SUMMARY"])
    assert "Notes" not in calendar_parts(candidate)[0][2].decode()  # nothing of the team's

    # The updates: the events that stay, one sequence up, and none of Aisha's.
    requests = check_itip((out / "emails" / "team-schedule.ics").read_bytes(), "REQUEST")
    assert "aisha.bello@example.com" not in set().union(*(attendees_of(e) for e in requests))
    assert {int(e["SEQUENCE"]) for e in requests} == {1}
    remembered = json.loads((out / "kit.json").read_text(encoding="utf-8"))["calendar"]
    assert sum(1 for e in remembered if e["status"] == "cancelled") == 3

    # Built once more, the cancellations are not sent again; Aisha back continues the count.
    build_kit(candidate_file(tmp_path, drop_aisha), out, "--force")
    assert not (out / "emails" / "cancellation.eml").exists()
    build_kit(EXAMPLE, out, "--force")
    again = sequences(out, "team-schedule")
    assert set(again) == set(before["team-schedule"])
    returned = {uid: seq for uid, seq in again.items()
                if uid not in {str(e["UID"]) for e in requests}}
    # Sent at 0, cancelled at 1, back at 2: always above the last one sent.
    assert returned == {str(e["UID"]): 2 for e in cancelled
                        if str(e["SUMMARY"]).startswith(("Pair", "Notes"))}


def test_a_damaged_calendar_in_kit_json_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    build_kit(EXAMPLE, out)
    data = json.loads((out / "kit.json").read_text(encoding="utf-8"))
    data["calendar"][0]["sequence"] = "one"
    (out / "kit.json").write_text(json.dumps(data), encoding="utf-8")
    code, stdout, err = run("kit", str(EXAMPLE), "-o", str(out), "--force")
    assert (code, stdout) == (1, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "field 'calendar[0].sequence': expected a whole number, 0 or more" in err
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
