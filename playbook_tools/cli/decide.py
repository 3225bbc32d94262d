"""``playbook decide``: the follow-up session's proposed outcome, and the record of the decision.

A thin layer over ``playbook_tools.decide``: ``session`` reads the forms and proposes, ``record``
writes what the room decided. This module parses the options and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from playbook_tools.cli.common import Context, add_command
from playbook_tools.errors import PlaybookError
from playbook_tools.vocabulary import OUTCOME_LABELS

if TYPE_CHECKING:
    from playbook_tools.manifest import Manifest

DESCRIPTION = """\
Read the filled scorecard forms and propose the follow-up session's outcome by the handbook's
rule: per area, who rated what; flags noted by two or more interviewers first; for Need more
information, the areas to explore. With --kit it knows whose scorecards to expect and shows
nothing until all are in, so nobody is anchored by early ratings (--partial overrides).
With --record it writes the decision the room made: decision.md and the outcome email, in the
records folder (playbook_records_dir), and adds the visit to the hiring-records database that
`playbook report` reads. --hand-in files a returned scorecard into the kit and notes when it
came; --told notes the day the candidate heard the outcome."""

# Options that only mean something when recording; given without --record, they are refused
# rather than silently ignored.
RECORD_OPTIONS = ("outcome", "owner", "by", "explore", "note", "output", "force")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decide = add_command(
        commands, "decide", "propose the follow-up outcome from filled scorecards; record it",
        ("playbook decide --kit kits/amara",
         "playbook decide jonas.yaml aisha.pdf --json",
         "playbook decide --kit kits/amara --record --outcome hire --owner 'Grace Mensah' "
         "\\\n      --by 2027-03-10",
         "playbook decide --kit kits/amara --hand-in ~/Downloads/scorecard.pdf",
         "playbook decide --kit kits/amara --told 2027-03-11"),
        DESCRIPTION,
    )
    decide.add_argument("scorecards", nargs="*", metavar="SCORECARD",
                        help="filled scorecard forms, scorecard.yaml or the fillable scorecard.pdf "
                             "(default with --kit: the form each interviewer filled in)")
    decide.add_argument("--kit", metavar="DIR",
                        help="the candidate's kit folder: its kit.json says whose scorecards "
                             "to expect")
    decide.add_argument("--partial", action="store_true",
                        help="show the proposal before every expected scorecard is in")
    decide.add_argument("--json", action="store_true",
                        help="print JSON in the shape documented in the handbook")
    decide.add_argument("--lang", metavar="CODE",
                        help="the team's language for the report, decision.md and the reminder, "
                             "one of playbook_languages (default with --kit: the kit's team "
                             "language; else language in conf.py); the outcome email follows "
                             "the candidate's language")
    record = decide.add_argument_group("recording the decision")
    record.add_argument("--record", action="store_true",
                        help="write decision.md and outcome.eml (into the records folder, or -o "
                             "DIR) and add the visit to the hiring records")
    record.add_argument("--outcome", choices=tuple(OUTCOME_LABELS),
                        help="what the people in the room decided")
    record.add_argument("--owner", metavar="NAME",
                        help="the one person who tells the candidate (default with --kit: "
                             "closes_loop from the candidate file)")
    record.add_argument("--by", metavar="YYYY-MM-DD",
                        help="the date by which they will (default with --kit: outcome_by)")
    record.add_argument("--explore", action="append", default=[], metavar="AREA",
                        help="with --outcome more-info: an area id to explore on the return "
                             "visit (default: the proposal's); repeat for each")
    record.add_argument("--note", metavar="TEXT",
                        help="why the room decided as it did, e.g. when it overrules the proposal")
    record.add_argument("-o", "--output", metavar="DIR",
                        help="the folder to write the record to (default: "
                             "decisions/<day>-<visit> in the records folder)")
    record.add_argument("--force", action="store_true",
                        help="replace an earlier record in that folder")
    records = decide.add_argument_group("the hiring records")
    records.add_argument("--hand-in", action="store_true",
                         help="with --kit: file the SCORECARD files given into the kit and note "
                              "that they came in now; shows no ratings")
    records.add_argument("--at", metavar="YYYY-MM-DDTHH:MM",
                         help="with --hand-in: when they came in, if not just now")
    records.add_argument("--told", metavar="YYYY-MM-DD",
                         help="note the day the candidate was told the outcome (with --kit or "
                              "--visit)")
    records.add_argument("--visit", metavar="ID",
                         help="with --told: the visit's id, as decision.md names it")
    who = decide.add_argument_group("the candidate, when there is no --kit")
    who.add_argument("--candidate", metavar="NAME", help="the candidate's name")
    who.add_argument("--candidate-email", metavar="ADDRESS", help="the candidate's email address")
    who.add_argument("--role", help="the role they interviewed for")
    decide.set_defaults(handler=run_decide)


def run_decide(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.decide.record import RecordRequest
    from playbook_tools.decide.session import candidate_details, follow_up
    from playbook_tools.manifest import load_manifest
    from playbook_tools.records.folder import records_folder
    from playbook_tools.records.recording import record_with_database

    if args.hand_in or args.told or args.at or args.visit:
        return run_records_step(args, ctx)

    if not args.record:
        for option in RECORD_OPTIONS:
            if getattr(args, option):
                flag = "-o" if option == "output" else f"--{option}"
                raise PlaybookError(f"{flag} is for recording; add --record")
    manifest = load_manifest(Path(args.kit)) if args.kit else None
    playbook = ctx.playbook_in(team_language(args, ctx, manifest))
    _ = playbook.gettext
    candidate = candidate_details(manifest, args.candidate, args.candidate_email, args.role,
                                  required=args.record)
    session = follow_up(playbook, [Path(p) for p in args.scorecards], manifest,
                        partial=args.partial, candidate=candidate)
    recorded = None
    if args.record:
        request = RecordRequest(
            outcome=args.outcome, output=args.output, owner=args.owner, by=args.by,
            explore=tuple(args.explore), note=args.note, force=args.force)
        candidate_playbook = ctx.playbook_in(manifest.language) if manifest else None
        folder = records_folder(ctx.config.records_path(ctx.docs_dir), ctx.docs_dir)
        recorded, visit = record_with_database(session, playbook, request, manifest,
                                               candidate_playbook, folder)
    if args.json:
        import json  # here, not at the top: `playbook --help` should not pay for it

        result = session.report_json(recorded, _)
        ctx.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        ctx.stdout.write(session.report_text(_))
        if recorded is not None:
            ctx.stdout.write("\n" + _("recorded: %(files)s") % {"files": ", ".join(recorded.files)}
                             + "\n" + _("hiring records: visit %(visit)s in %(database)s")
                             % {"visit": visit, "database": folder.database} + "\n")
    return 0


def team_language(args: argparse.Namespace, ctx: Context, manifest: Manifest | None) -> str:
    """--lang, else the language the kit was built in for the team, else conf.py's."""
    if args.lang:
        return ctx.language  # checked against playbook_languages
    if manifest is not None and manifest.team_language:
        if manifest.team_language not in ctx.config.languages:
            raise PlaybookError(
                f"{manifest.folder / 'kit.json'}: field 'team_language': "
                f"'{manifest.team_language}' is not one of playbook_languages "
                f"({', '.join(ctx.config.languages)}); give --lang CODE")
        return manifest.team_language
    return ctx.language


def run_records_step(args: argparse.Namespace, ctx: Context) -> int:
    """--hand-in or --told: a fact for the hiring records, without showing any proposal."""
    import datetime as dt

    from playbook_tools.manifest import load_manifest
    from playbook_tools.records.folder import records_folder
    from playbook_tools.records.recording import hand_in, tell

    if args.hand_in and args.told:
        raise PlaybookError("--hand-in and --told: give one at a time")
    if args.record or args.json or args.partial:
        raise PlaybookError("--hand-in and --told note one fact; leave out --record, --json "
                            "and --partial")
    if args.at and not args.hand_in:
        raise PlaybookError("--at is for --hand-in")
    if args.visit and not args.told:
        raise PlaybookError("--visit is for --told")
    manifest = load_manifest(Path(args.kit)) if args.kit else None
    folder = records_folder(ctx.config.records_path(ctx.docs_dir), ctx.docs_dir)
    if args.told:
        if args.scorecards:
            raise PlaybookError("--told takes no scorecard files")
        visit = tell(folder, args.told, manifest, args.visit)
        ctx.stdout.write(f"told on {args.told}: visit {visit} in {folder.database}\n")
        return 0
    if manifest is None:
        raise PlaybookError("--hand-in: give the candidate's --kit DIR")
    at = None
    if args.at:
        try:
            at = dt.datetime.fromisoformat(args.at)
        except ValueError:
            raise PlaybookError(f"--at {args.at!r}: not a date and time; write it as "
                                "YYYY-MM-DDTHH:MM") from None
    if at is not None and at.tzinfo is None:
        at = at.astimezone()  # a time without an offset is this computer's local time
    for done in hand_in([Path(p) for p in args.scorecards], manifest, ctx.playbook, folder, at):
        ctx.stdout.write(f"handed in: {done.interviewer}'s scorecard, {done.file}, at "
                         f"{done.at.isoformat(timespec='minutes')}\n")
    return 0
