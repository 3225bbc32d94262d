"""schedule.ics, read back with the independent `ics` package and with `icalendar`."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import ics  # type: ignore[import-untyped]
import pytest
import yaml

from playbook_tools.cli import main
from playbook_tools.render.calendar import Attendee, CalendarEvent, build_calendar
from playbook_tools.yamlsource import load_yaml_file
from tests.helpers import plain

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "examples" / "candidate.yaml"
UTC = dt.UTC


def make_kit(tmp_path: Path, **changes: Any) -> Path:
    data = plain(load_yaml_file(EXAMPLE))
    data.update(changes)
    source = tmp_path / "candidate.yaml"
    source.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "kit"
    err = io.StringIO()
    code = main(["--docs", str(ROOT / "docs"), "kit", str(source), "-o", str(out)],
                io.StringIO(), err)
    assert (code, err.getvalue()) == (0, "")
    return out / "schedule.ics"


def events(path: Path) -> list[ics.Event]:
    calendar = ics.Calendar(path.read_text(encoding="utf-8"))
    return sorted(calendar.events, key=lambda e: (e.begin, e.name))


def utc(event: ics.Event) -> tuple[dt.datetime, dt.datetime]:
    return (event.begin.datetime.astimezone(UTC), event.end.datetime.astimezone(UTC))


def test_example_day_with_times_attendees_and_time_zone(tmp_path: Path) -> None:
    path = make_kit(tmp_path)
    found = events(path)
    berlin = ZoneInfo("Europe/Berlin")

    def at(hour: int, minute: int) -> dt.datetime:
        return dt.datetime(2027, 3, 9, hour, minute, tzinfo=berlin).astimezone(UTC)

    assert [(e.name, *utc(e)) for e in found] == [
        ("Pairing session and retrospective: Amara Okafor with Jonas Lindqvist",
         at(9, 30), at(11, 0)),
        ("Notes and scorecard: Amara Okafor", at(11, 0), at(11, 30)),
        ("Pairing session and retrospective: Amara Okafor with Aisha Bello",
         at(11, 15), at(12, 45)),
        ("Notes and scorecard: Amara Okafor", at(12, 45), at(13, 15)),
        ("Follow-up session: Amara Okafor (Backend Engineer)", at(13, 15), at(14, 0)),
    ]
    assert at(9, 30) == dt.datetime(2027, 3, 9, 8, 30, tzinfo=UTC)  # CET in March
    attendees = [sorted(a.email for a in e.attendees) for e in found]
    # Chen Wu shadows Jonas: the observer is in the session and its notes block too.
    jonas = ["chen.wu@example.com", "jonas.lindqvist@example.com"]
    assert attendees[:4] == [jonas, jonas, ["aisha.bello@example.com"],
                             ["aisha.bello@example.com"]]
    assert set(attendees[4]) >= {"grace.mensah@example.com", "jonas.lindqvist@example.com",
                                 "aisha.bello@example.com", "lena.sato@example.com"}
    assert found[0].location == "Level 3, 12 Harbour Street, Hamburg; ask for Lena at reception"
    assert found[4].location in (None, "")  # never the candidate's video link

    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    assert [tz.tz_name for tz in parsed.timezones] == ["Europe/Berlin"]
    for event in parsed.events:
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event["DTEND"].params["TZID"] == "Europe/Berlin"
        # schedule.ics is a copy for the coordinator's own calendar (PUBLISH): it invites
        # nobody, so it names no organiser to reply to.
        assert "ORGANIZER" not in event
    chair = [a for a in parsed.events[-1].attendees if a.params["ROLE"] == "CHAIR"]
    assert chair == ["mailto:grace.mensah@example.com"]


def test_spring_forward_day_keeps_local_times(tmp_path: Path) -> None:
    # Europe/Berlin moves from 02:00 CET to 03:00 CEST on 28 March 2027.
    path = make_kit(tmp_path, date="2027-03-28", start="09:00", confirm_by="2027-03-20")
    first = events(path)[0]
    assert first.begin.datetime.replace(tzinfo=None) == dt.datetime(2027, 3, 28, 9, 0)
    assert utc(first)[0] == dt.datetime(2027, 3, 28, 7, 0, tzinfo=UTC)  # CEST, +02:00
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    assert parsed.events[0].start == dt.datetime(2027, 3, 28, 9, 0,
                                                 tzinfo=ZoneInfo("Europe/Berlin"))


def test_a_session_across_the_spring_forward_gap_lasts_its_length(tmp_path: Path) -> None:
    path = make_kit(tmp_path, date="2027-03-28", start="01:30", confirm_by="2027-03-20")
    first = events(path)[0]
    begin, end = utc(first)
    assert end - begin == dt.timedelta(minutes=90)
    # 01:30 CET plus 90 minutes is 04:00 CEST: the hour from 02:00 to 03:00 does not exist.
    assert first.end.datetime.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") == "04:00"


def test_fall_back_day_in_new_york(tmp_path: Path) -> None:
    path = make_kit(tmp_path, date="2027-11-07", start="09:00", confirm_by="2027-11-01",
                    timezone="America/New_York")
    found = events(path)
    assert utc(found[0])[0] == dt.datetime(2027, 11, 7, 14, 0, tzinfo=UTC)  # EST, -05:00
    follow_up = found[-1]
    assert follow_up.name.startswith("Follow-up session")
    local = follow_up.begin.datetime.astimezone(ZoneInfo("America/New_York"))
    assert (local.date(), local.strftime("%H:%M")) == (dt.date(2027, 11, 7), "12:45")


def test_the_repeated_hour_is_written_so_the_length_survives(tmp_path: Path) -> None:
    # 00:30 EDT plus 90 minutes is the second 01:00 of the night, which a TZID cannot name.
    path = make_kit(tmp_path, date="2027-11-07", start="00:30", confirm_by="2027-11-01",
                    timezone="America/New_York")
    begin, end = utc(events(path)[0])
    assert (begin, end) == (dt.datetime(2027, 11, 7, 4, 30, tzinfo=UTC),
                            dt.datetime(2027, 11, 7, 6, 0, tzinfo=UTC))
    parsed = icalendar.Calendar.from_ical(path.read_bytes()).events[0]
    assert parsed.end - parsed.start == dt.timedelta(minutes=90)


def test_build_calendar_is_stable_and_refuses_naive_times() -> None:
    tz = ZoneInfo("Asia/Kolkata")
    event = CalendarEvent("k", "Session", dt.datetime(2027, 1, 5, 10, 0, tzinfo=tz),
                          dt.datetime(2027, 1, 5, 11, 0, tzinfo=tz),
                          attendees=(Attendee("Ana", "ana@example.org"),
                                     Attendee("Ana again", "ANA@example.org")))
    stamp = dt.datetime(2027, 1, 1, tzinfo=UTC)
    one = icalendar.Calendar.from_ical(build_calendar([event], "x", stamp=stamp))
    two = icalendar.Calendar.from_ical(build_calendar([event], "x", stamp=stamp))
    assert one.events[0].uid == two.events[0].uid  # a rebuilt kit updates, not duplicates
    assert len(one.events[0].attendees) == 1
    naive = CalendarEvent("n", "x", dt.datetime(2027, 1, 5, 10), dt.datetime(2027, 1, 5, 11))
    with pytest.raises(ValueError, match="aware"):
        build_calendar([naive], "x")
