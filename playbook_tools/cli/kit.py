"""``playbook kit``: one candidate file in, one interview kit folder out."""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook_tools.cli.common import Context, add_command
from playbook_tools.vocabulary import PAPER_SIZES

DESCRIPTION = """\
Build a candidate's interview kit: index.html, the kit as a page that opens offline in any
browser; the invitation and the team's schedule as .eml drafts that carry calendar invitations
(and the same invitations as .ics files, for webmail); schedule.ics with every session, notes
block and the follow-up session, for your own calendar; and a folder per interviewer with their
checklists, and their areas of the scorecard as a fillable PDF form and as scorecard.yaml, either
of which `playbook decide` reads back. Built again with --force, the invitations are updates
(same UID, higher SEQUENCE) and dropped events get cancellation e-mails. The kit is personal
data: write it under kits/; its own .gitignore keeps git away from it wherever it is. Nothing is
sent; open the .eml files in your mail program, or index.html in a browser, to send them."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kit = add_command(
        commands, "kit", "build a candidate's interview kit: calendar, emails, printouts, forms",
        ("playbook kit candidates/amara.yaml -o kits/amara",
         "playbook kit candidates/amara.yaml -o kits/amara --force --paper letter"),
        DESCRIPTION,
    )
    kit.add_argument("candidate", metavar="CANDIDATE.yaml",
                     help="the candidate file (see the handbook page on the command line)")
    kit.add_argument("-o", "--output", metavar="DIR", required=True,
                     help="the folder to create, e.g. kits/amara; it must be new or empty")
    kit.add_argument("--force", action="store_true",
                     help="replace an earlier kit in that folder (the old kit is removed); "
                          "a folder that is not a kit is never replaced")
    kit.add_argument("--paper", choices=PAPER_SIZES,
                     help="paper size of the PDFs (default: playbook_paper in conf.py)")
    kit.add_argument("--team-lang", metavar="CODE",
                     help="the language of the team's material: schedule, printouts, forms, "
                          "README, index.html (default: language in conf.py); the candidate's "
                          "e-mails and calendar entries follow `language:` in the candidate file")
    kit.set_defaults(handler=run_kit)


def run_kit(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.yamlsource import load_yaml_file

    # The candidate file is checked before any PDF worker starts, and its YAML before the kit's
    # code and the handbook are even loaded: a typo is reported at once (`make bench`).
    load_yaml_file(Path(args.candidate), args.candidate, "candidate file")
    from playbook_tools.render.pdf.jobs import worker_limit

    worker_limit()  # a wrong PLAYBOOK_WORKERS stops the kit before it writes anything

    from playbook_tools.kit.candidate import load_candidate
    from playbook_tools.kit.writer import write_kit

    playbook = ctx.playbook_in(args.team_lang or ctx.language)
    candidate = load_candidate(Path(args.candidate), playbook)
    files = write_kit(candidate, playbook, Path(args.output), force=args.force,
                      paper=args.paper or playbook.config.paper, kit_display=args.output,
                      candidate_playbook=ctx.playbook_in(candidate.language))
    sessions = len(candidate.of_kind("session"))
    emails = sum(1 for name in files if name.endswith(".eml"))
    ctx.stdout.write(
        f"wrote {len(files)} files to {args.output}/ for {candidate.name}: schedule.ics "
        f"({sessions} sessions, notes blocks and the follow-up session), {emails} emails, "
        f"{sessions} interviewer folders\n"
        f"next: open {args.output}/index.html in a browser, or read {args.output}/README.md\n"
    )
    return 0
