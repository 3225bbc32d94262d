"""``playbook decide``: the follow-up session's proposed outcome, and the record of the decision.

A thin layer over ``playbook_tools.decide``: ``session`` reads the forms and proposes, ``record``
writes what the room decided. This module parses the options and prints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook_tools.cli.common import Context, add_command
from playbook_tools.errors import PlaybookError
from playbook_tools.vocabulary import OUTCOME_LABELS

DESCRIPTION = """\
Read the filled scorecard forms and propose the follow-up session's outcome by the handbook's
rule: per area, who rated what; flags noted by two or more interviewers first; for Need more
information, the areas to explore. With --kit it knows whose scorecards to expect and shows
nothing until all are in, so nobody is anchored by early ratings (--partial overrides).
With --record it writes the decision the room made: decision.md and the outcome email."""

# Options that only mean something when recording; given without --record, they are refused
# rather than silently ignored.
RECORD_OPTIONS = ("outcome", "owner", "by", "explore", "note", "output", "force")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decide = add_command(
        commands, "decide", "propose the follow-up outcome from filled scorecards; record it",
        ("playbook decide --kit kits/amara",
         "playbook decide jonas.yaml aisha.pdf --json",
         "playbook decide --kit kits/amara --record --outcome hire --owner 'Grace Mensah' "
         "\\\n      --by 2027-03-14 -o kits/amara/decision"),
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
    record = decide.add_argument_group("recording the decision")
    record.add_argument("--record", action="store_true",
                        help="write decision.md and outcome.eml into -o DIR")
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
    record.add_argument("-o", "--output", metavar="DIR", help="the folder to write the record to")
    record.add_argument("--force", action="store_true",
                        help="replace an earlier record in that folder")
    who = decide.add_argument_group("the candidate, when there is no --kit")
    who.add_argument("--candidate", metavar="NAME", help="the candidate's name")
    who.add_argument("--candidate-email", metavar="ADDRESS", help="the candidate's email address")
    who.add_argument("--role", help="the role they interviewed for")
    decide.set_defaults(handler=run_decide)


def run_decide(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.decide.record import RecordRequest, record_decision
    from playbook_tools.decide.session import candidate_details, follow_up
    from playbook_tools.manifest import load_manifest

    if not args.record:
        for option in RECORD_OPTIONS:
            if getattr(args, option):
                flag = "-o" if option == "output" else f"--{option}"
                raise PlaybookError(f"{flag} is for recording; add --record")
    playbook = ctx.playbook
    manifest = load_manifest(Path(args.kit)) if args.kit else None
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
        recorded = record_decision(session, playbook, request, manifest, candidate_playbook)
    if args.json:
        import json  # here, not at the top: `playbook --help` should not pay for it

        result = session.report_json(recorded)
        ctx.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        ctx.stdout.write(session.report_text())
        if recorded is not None:
            ctx.stdout.write(f"\nrecorded: {', '.join(recorded.files)}\n")
    return 0
