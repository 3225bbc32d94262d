"""Example hiring records for the report's tests, its picture and its bench: fictional
candidates and interviewers, with the patterns a real team's records show (lenient and strict
interviewers, contested areas, late scorecards, a missed promise, the room's departures).

``make_records(folder, candidates=200)`` writes them into a records folder through the same
pseudonyms as ``decide --record``; the names are returned so a test can grep the file for them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

from playbook_tools.decide.rule import Assessment, decide
from playbook_tools.records.folder import RecordsFolder
from playbook_tools.records.schema import connect

FIRST = ("Amara", "Jonas", "Aisha", "Lena", "Grace", "Mateo", "Yuki", "Priya", "Tomasz", "Ngozi",
         "Sven", "Leila", "Chen", "Ines", "Kofi", "Mira", "Ravi", "Elif", "Jonah", "Sofia")
LAST = ("Okafor", "Lindqvist", "Bello", "Sato", "Mensah", "Garcia", "Tanaka", "Sharma",
        "Nowak", "Adeyemi", "Berg", "Haddad", "Wei", "Moreau", "Asante", "Novak")
FORMATS = {
    "pairing-engineer": ("problem-solving", "testing-and-code-quality",
                         "collaboration-and-communication", "learning-and-feedback"),
    "engineering-manager": ("humility", "curiosity", "inclusivity", "growing-people"),
}
FLAGS = ("curious", "shows-humility", "inclusive", "lacks-humility", "other")
ROLES = ("Backend Engineer", "Frontend Engineer", "Engineering Manager")
REASONS = ("The reference check raised a concern.", "A second team asked to meet them.",
           "The contested area matters less for this role.", "The role was closed.",
           "The return visit would repeat what we already know.")
RATINGS = ("strong-no", "no", "yes", "strong-yes")


@dataclasses.dataclass(frozen=True)
class Example:
    candidates: tuple[tuple[str, str], ...]  # (name, email)
    interviewers: tuple[str, ...]
    scorecards: int


def _names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    found = []
    while len(found) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if len(taken) + len(found) >= len(FIRST) * len(LAST):
            name = f"{name} {len(found)}"
        if name not in taken and name not in found:
            found.append(name)
    return found


def make_records(path: Path, candidates: int = 200, interviewers: int = 40,
                 seed: int = 7, start: dt.date = dt.date(2026, 1, 5)) -> Example:
    """Write ``candidates`` decided visits (about four scorecards each) into ``path``."""
    rng = random.Random(seed)
    folder = RecordsFolder(path)
    folder.prepare()
    staff = _names(rng, interviewers, set())
    people = [f"{n}-{i}" for i, n in enumerate(_names(rng, min(candidates, 300), set(staff)))]
    people += [f"Candidate {i}" for i in range(candidates - len(people))]
    emails = [f"{p.lower().replace(' ', '.')}@example.org" for p in people]
    strictness = {s: rng.gauss(0, 0.5) for s in staff}
    pseudonym = {s: folder.pseudonym(s) for s in staff}
    connection = connect(folder.database)
    connection.execute("BEGIN IMMEDIATE")
    count = 0
    for number, email in enumerate(emails):
        candidate = f"c{number:06x}{rng.getrandbits(32):08x}"
        connection.execute("INSERT INTO candidates (id, link) VALUES (?, ?)",
                           (candidate, folder.link(email)))
        visits = 2 if rng.random() < 0.1 else 1
        day = start + dt.timedelta(days=rng.randrange(0, 360))
        for visit_number in range(1, visits + 1):
            count += _visit(connection, rng, folder, candidate, email, day, visit_number,
                            staff, strictness, pseudonym)
            day += dt.timedelta(days=rng.randrange(7, 21))
    connection.execute("COMMIT")
    connection.close()
    return Example(tuple(zip(people, emails, strict=True)), tuple(staff), count)


def _visit(connection, rng, folder, candidate, email, day, visit_number,  # type: ignore[no-untyped-def]
           staff, strictness, pseudonym) -> int:
    format = "engineering-manager" if rng.random() < 0.2 else "pairing-engineer"
    role = ROLES[2] if format == "engineering-manager" else rng.choice(ROLES[:2])
    areas = FORMATS[format]
    quality = rng.gauss(0, 1)
    panel = rng.sample(staff, 4)
    visit = f"v{rng.getrandbits(60):015x}"
    tz = dt.timezone(dt.timedelta(hours=1))
    start = dt.datetime.combine(day, dt.time(9, 30), tz)
    followup = start + dt.timedelta(hours=4)
    assessments, rows, cards = [], [], []
    for seat, person in enumerate(panel):
        given = (areas[seat % 4], areas[(seat + 1) % 4])
        session_end = start + dt.timedelta(minutes=50 * seat + 90)
        late = rng.lognormvariate(3.2, 1.0)
        handed = None if rng.random() < 0.05 else session_end + dt.timedelta(minutes=late)
        cards.append((visit, pseudonym[person], session_end.isoformat(),
                      handed.isoformat() if handed else None))
        for area in given:
            draw = quality + strictness[person] + rng.gauss(0, 0.8)
            if rng.random() < 0.04:
                rating, length = None, 0
            elif rng.random() < 0.05:
                rating, length = "unsure", rng.randrange(40, 400)
            else:
                rating = RATINGS[min(3, max(0, int(draw + 2)))]
                length = 0 if rng.random() < 0.03 else rng.randrange(40, 900)
            rows.append((visit, pseudonym[person], area, rating, length))
            if rating is not None:
                assessments.append(Assessment(person, area, rating))
    proposal = decide([(a, a) for a in areas], assessments)
    outcome, reason = proposal.outcome, None
    if rng.random() < 0.08:
        outcome = rng.choice([o for o in ("hire", "reject", "more-info") if o != outcome])
        reason = rng.choice(REASONS)
    decided = day + dt.timedelta(days=min(12, int(rng.expovariate(0.7))))
    promised = day + dt.timedelta(days=2 if day.weekday() < 3 else 4)
    told = None if rng.random() < 0.05 else decided + dt.timedelta(days=int(rng.expovariate(1.5)))
    connection.execute(
        "INSERT INTO visits (id, candidate, link, visit_number, role, format, interview_day, "
        "followup_start, proposal, proposal_rule, outcome, reason, decided_on, promised_by, "
        "told_on, record_folder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (visit, candidate, folder.link(email, day.isoformat()), visit_number, role, format,
         day.isoformat(), followup.isoformat(), proposal.outcome, proposal.rule, outcome, reason,
         decided.isoformat(), promised.isoformat(), told.isoformat() if told else None, None))
    connection.executemany("INSERT INTO scorecards VALUES (?, ?, ?, ?)", cards)
    connection.executemany("INSERT INTO ratings VALUES (?, ?, ?, ?, ?)", rows)
    flags = {(visit, p, f) for _, p, _, _ in cards for f in rng.sample(FLAGS, rng.randrange(0, 2))}
    connection.executemany("INSERT INTO flags VALUES (?, ?, ?)", sorted(flags))
    return len(cards)
