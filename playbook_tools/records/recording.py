"""The three moments the hiring records learn something: a scorecard filed, a decision
recorded, the candidate told. ``cli.decide`` calls these; each writes one transaction.

The decision record (``decision.md``, the outcome e-mail, the owner's reminder) is written to
the records folder (``decisions/<day>-<visit>/``), not into the kit: deleting the kit when the
loop closes keeps the record for as long as the data page says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from playbook_tools.decide.forms import is_pdf, load_forms
from playbook_tools.decide.record import RecordRequest, record_decision
from playbook_tools.decide.session import FollowUp, Recorded, match_kit
from playbook_tools.errors import PlaybookError
from playbook_tools.files import write_atomic
from playbook_tools.manifest import Manifest
from playbook_tools.model.artifacts import Playbook
from playbook_tools.records import store
from playbook_tools.records.facts import visit_facts
from playbook_tools.records.folder import RecordsFolder


@dataclasses.dataclass(frozen=True)
class HandedIn:
    interviewer: str
    file: Path
    at: dt.datetime


def record_with_database(session: FollowUp, playbook: Playbook, request: RecordRequest,
                         manifest: Manifest | None, candidate_playbook: Playbook | None,
                         folder: RecordsFolder, today: dt.date | None = None
                         ) -> tuple[Recorded, str]:
    """Write the decision record (by default into the records folder) and the visit's rows."""
    candidate = session.candidate
    if candidate is None:
        raise PlaybookError("--candidate: needed without --kit, to fill in the email")
    today = today or dt.date.today()
    day = manifest.date if manifest is not None else today
    visit = store.visit_for(folder, candidate.email, day, candidate.role, session.card.id)
    output = request.output or str(folder.decision_folder(day.isoformat(), visit))
    recorded = record_decision(
        session, playbook, dataclasses.replace(request, output=output, record_id=visit,
                                               keep_scorecards=not request.output),
        manifest, candidate_playbook)
    try:
        where = str(Path(output).resolve().relative_to(folder.path))
    except ValueError:
        where = None  # -o put it elsewhere: the report does not need to know where
    store.save_decision(
        folder, visit, visit_facts(session, manifest, candidate.email, candidate.role, day),
        recorded.outcome, " ".join((request.note or "").split())
        if recorded.outcome != session.decision.outcome else "",
        today, recorded.by, where or "")
    return recorded, visit


def hand_in(paths: Sequence[Path], manifest: Manifest, playbook: Playbook,
            folder: RecordsFolder, at: dt.datetime | None = None) -> list[HandedIn]:
    """File returned scorecards into the kit and note when each came in.

    Nothing of the proposal is shown: feedback stays independent until every card is in.
    """
    if not paths:
        raise PlaybookError("--hand-in: give the returned scorecard files (YAML or PDF)")
    forms = match_kit(load_forms(paths, playbook), manifest)
    moment = at or dt.datetime.now().astimezone()
    by_source = {str(p): p for p in paths}
    done = []
    for form in forms:
        if not form.touched:
            raise PlaybookError(f"{form.source}: is blank; hand in the scorecard once "
                                f"{form.interviewer} has filled it in")
        person = manifest.interviewer(form.interviewer)
        assert person is not None  # match_kit refused anyone else
        source = by_source[form.source]
        place = person.pdf if is_pdf(source) else person.form
        target = manifest.folder / place if place else source
        if target.resolve() != source.resolve():
            write_atomic(target, source.read_bytes())
        _, first = store.hand_in(folder, manifest.candidate.email, manifest.date, manifest.role,
                                 manifest.scorecard, person.name, moment)
        done.append(HandedIn(person.name, target, first))
    return done


def tell(folder: RecordsFolder, day_text: str, manifest: Manifest | None,
         visit: str | None) -> str:
    """Note the day the candidate heard the outcome, found by the kit or by the visit id."""
    try:
        day = dt.date.fromisoformat(day_text)
    except ValueError:
        raise PlaybookError(f"--told {day_text!r}: not a date; write it as YYYY-MM-DD") from None
    if day > dt.date.today():
        raise PlaybookError(f"--told {day_text}: is in the future; note it once they are told")
    if visit:
        return store.told(folder, day, visit=visit)
    if manifest is None:
        raise PlaybookError("--told: give --kit DIR or --visit ID (decision.md names it)")
    return store.told(folder, day, email=manifest.candidate.email,
                      interview_day=manifest.date)
