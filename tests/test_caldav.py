"""Every invitation, update and cancellation delivered to a real CalDAV server (Radicale, started
on 127.0.0.1 with a throw-away folder), from a first kit through a reschedule, a dropped
interviewer and a return visit; afterwards each person's calendar holds exactly their own
events at the right times (issue 20).

A mail program applies an iTIP message to its owner's calendar as RFC 5546 says; the tests do
that part (``deliver``), and the server does the rest: it stores one event per UID, refuses an
object with VEVENTs of different UIDs (RFC 4791), and answers time-range searches.
"""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.helpers import EXAMPLE, build_kit, candidate_file, drop_aisha, parse_eml
from tests.mail_rules import check_imip

caldav = pytest.importorskip("caldav")

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
CANDIDATE = "amara.okafor@example.org"
JONAS, AISHA, CHEN = ("jonas.lindqvist@example.com", "aisha.bello@example.com",
                      "chen.wu@example.com")
GRACE, LENA = "grace.mensah@example.com", "lena.sato@example.com"
PEOPLE = (CANDIDATE, JONAS, AISHA, CHEN, GRACE, LENA)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(tmp_path / "radicale"), "--auth-type", "none",
         "--rights-type", "authenticated", "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def calendars(server: str) -> dict[str, Any]:
    """One calendar per person, each as that person's calendar program holds it."""
    client = caldav.DAVClient(url=server, username="kit", password="x", require_tls=False)
    principal = client.principal()
    return {person: principal.make_calendar(name=person, cal_id=person.split("@")[0])
            for person in PEOPLE}


def _stored(data: bytes) -> str:
    """The iTIP message as a calendar object: without METHOD (RFC 4791, 4.1)."""
    calendar = icalendar.Calendar.from_ical(data)
    del calendar["METHOD"]
    text: str = calendar.to_ical().decode()
    return text


def _held(calendar: Any, uid: str) -> Any | None:
    try:
        return calendar.event_by_uid(uid)
    except caldav.lib.error.NotFoundError:
        return None


def deliver(kit: Path, calendars: dict[str, Any]) -> int:
    """Open every e-mail of the kit in each recipient's mail program: a REQUEST adds or
    replaces the event unless the calendar holds a newer one; a CANCEL removes it."""
    delivered = 0
    for path in sorted((kit / "emails").glob("*.eml")):
        message = parse_eml(path)
        found = check_imip(message)
        if found is None:
            continue
        method, event, data = found
        uid, sequence = str(event["UID"]), int(event["SEQUENCE"])
        for address in message["To"].addresses:
            calendar = calendars[address.addr_spec.lower()]
            held = _held(calendar, uid)
            if method == "REQUEST":
                if held is not None:
                    if int(held.icalendar_component.get("SEQUENCE", 0)) > sequence:
                        continue  # an older message than the one applied: ignored
                    held.delete()
                calendar.save_event(_stored(data))
            elif held is not None:
                held.delete()
            delivered += 1
    return delivered


def holdings(calendar: Any) -> set[tuple[str, dt.datetime, dt.datetime]]:
    """(summary, local start, local end) of every event the calendar holds."""
    found = set()
    for item in calendar.events():
        component = item.icalendar_component
        found.add((str(component["SUMMARY"]), component.start.astimezone(BERLIN),
                   component.end.astimezone(BERLIN)))
    return found


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, minute, tzinfo=BERLIN)


def kinds(calendar: Any) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Each held event as (its kind, start, end): the kind is the summary's first words."""
    out = []
    for summary, start, end in holdings(calendar):
        kind = ("visit" if summary.startswith("Interview day") else
                "follow-up" if summary.startswith("Follow-up") else
                "notes" if summary.startswith("Notes") else "session")
        out.append((kind, start, end))
    return sorted(out)


def day(d: int, with_aisha: bool = True) -> dict[str, list[tuple[str, dt.datetime, dt.datetime]]]:
    """What each person's calendar holds for the example day on 9 or 10 March (in the
    rescheduled days, everything starts at the same times: only the date moves)."""
    jonas = [("notes", at(d, 11), at(d, 11, 30)), ("session", at(d, 9, 30), at(d, 11))]
    aisha = [("notes", at(d, 12, 45), at(d, 13, 15)), ("session", at(d, 11, 15), at(d, 12, 45))]
    follow = ("follow-up", at(d, 13, 15), at(d, 14)) if with_aisha else \
        ("follow-up", at(d, 11, 30), at(d, 12, 15))
    last = at(d, 12, 45) if with_aisha else at(d, 11)
    return {
        CANDIDATE: [("visit", at(d, 9, 30), last)],
        JONAS: sorted([*jonas, follow]), CHEN: sorted([*jonas, follow]),
        AISHA: sorted([*aisha, follow]) if with_aisha else [],
        GRACE: [follow], LENA: [follow],
    }


def merged(*days: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {p: sorted(e for one in days for e in one[p]) for p in PEOPLE}


def check(calendars: dict[str, Any], expected: dict[str, list[Any]]) -> None:
    assert {p: kinds(calendars[p]) for p in PEOPLE} == expected


def test_every_calendar_holds_exactly_its_owners_events(tmp_path: Path,
                                                        calendars: dict[str, Any]) -> None:
    kit = tmp_path / "kits" / "amara"
    # The first kit.
    build_kit(EXAMPLE, kit)
    assert deliver(kit, calendars) == 12  # 7 e-mails, each to its attendees
    check(calendars, day(9))
    # A reschedule to the next day: every event moves, none is added.
    moved = candidate_file(tmp_path, lambda d: d.update(date="2027-03-10",
                                                        confirm_by="2027-03-03"))
    build_kit(moved, kit, "--force")
    deliver(kit, calendars)
    check(calendars, day(10))
    # Aisha drops out: her events leave every calendar that held them, nothing else does.
    dropped = candidate_file(tmp_path, lambda d: (d.update(date="2027-03-10",
                                                           confirm_by="2027-03-03"),
                                                  drop_aisha(d)), name="dropped.yaml")
    build_kit(dropped, kit, "--force")
    assert sorted(p.name for p in (kit / "emails").glob("cancel-*.eml")) == [
        "cancel-follow-up-session-amara-okafor-backend-engineer.eml",
        "cancel-notes-and-scorecard-amara-okafor.eml",
        "cancel-pairing-session-and-retrospective-amara-okafor-with-aisha-bello.eml"]
    deliver(kit, calendars)
    check(calendars, day(10, with_aisha=False))
    # Delivered twice (someone opens the e-mails again): nothing changes.
    deliver(kit, calendars)
    check(calendars, day(10, with_aisha=False))
    # A return visit on the 24th, in a kit of its own: new events beside the first visit's.
    again = candidate_file(tmp_path, lambda d: d.update(date="2027-03-24",
                                                        confirm_by="2027-03-17"),
                           name="return.yaml")
    build_kit(again, tmp_path / "kits" / "amara-return")
    deliver(tmp_path / "kits" / "amara-return", calendars)
    check(calendars, merged(day(10, with_aisha=False), day(24)))


def test_the_server_searches_each_calendar_by_time(tmp_path: Path,
                                                   calendars: dict[str, Any]) -> None:
    kit = tmp_path / "amara"
    build_kit(EXAMPLE, kit)
    deliver(kit, calendars)
    # Aisha's morning holds nothing; her afternoon holds her session, notes and the follow-up.
    morning = calendars[AISHA].search(start=at(9, 8), end=at(9, 11), event=True)
    afternoon = calendars[AISHA].search(start=at(9, 11), end=at(9, 18), event=True)
    assert morning == [] and len(afternoon) == 3
    # The candidate's day is one event; the team's notes blocks are not in it.
    (visit,) = calendars[CANDIDATE].search(start=at(9, 0), end=at(10, 0), event=True)
    text = str(visit.icalendar_component["DESCRIPTION"])
    assert "11:15\u201312:45" in text and "notes" not in text.lower()


def test_a_calendar_server_refuses_several_uids_in_one_object(
        calendars: dict[str, Any]) -> None:
    """The rule the old team schedule broke, as the server applies it."""
    calendar = icalendar.Calendar.new(prodid="-//test//EN")
    for uid in ("a", "b"):
        calendar.add_component(icalendar.Event.new(
            uid=uid, summary=uid, start=at(9, 9), end=at(9, 10),
            stamp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC)))
    with pytest.raises(caldav.lib.error.DAVError):
        calendars[LENA].save_event(calendar.to_ical().decode())
