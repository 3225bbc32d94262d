"""``playbook report``: the hiring-health report over the hiring-records database.

The figures, the privacy rules and the page live in ``records``; this module parses the
options and prints where the report went.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook_tools.cli.common import Context, add_command, add_language_option
from playbook_tools.errors import PlaybookError

DESCRIPTION = """\
Write the hiring-health report over the hiring records (playbook_records_dir): outcomes and
return visits, days to a decision, scorecard latency, promises kept, the room's departures from
the proposal, contested areas, structure adherence and agreement between raters, each with its
n. It writes index.html (opens offline), report.pdf and report.csv into -o DIR. The team report
names nobody and hides every figure about fewer than five people; --me NAME adds that
interviewer's own figures, if playbook_personal_figures allows it."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = add_command(
        commands, "report", "write the hiring-health report from the hiring records",
        ("playbook report -o reports/2027-q1 --from 2027-01-01 --to 2027-03-31",
         "playbook report -o reports/backend --role 'Backend Engineer' --lang de",
         "playbook report -o ~/my-figures --me 'Jonas Lindqvist'"),
        DESCRIPTION)
    report.add_argument("-o", "--output", metavar="DIR", required=True,
                        help="the folder to write index.html, report.pdf and report.csv to")
    report.add_argument("--from", dest="start", metavar="YYYY-MM-DD",
                        help="the first interview day to count")
    report.add_argument("--to", dest="end", metavar="YYYY-MM-DD",
                        help="the last interview day to count")
    report.add_argument("--role", help="count only this role, as the candidate files name it")
    report.add_argument("--format", metavar="SCORECARD",
                        help="count only this interview format, by its scorecard's id")
    report.add_argument("--me", metavar="NAME",
                        help="add this interviewer's own figures beside the team's")
    report.add_argument("--no-pdf", action="store_true", help="leave out report.pdf")
    add_language_option(report)
    report.set_defaults(handler=run_report)


def _day(value: str | None, option: str) -> object:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlaybookError(f"{option} {value!r}: not a date; write it as YYYY-MM-DD") from None


def run_report(args: argparse.Namespace, ctx: Context) -> int:
    import datetime as dt

    from playbook_tools.files import refuse_docs_folder
    from playbook_tools.records.data import Filters
    from playbook_tools.records.folder import records_folder
    from playbook_tools.records.output import ReportRequest, build, write_report
    from playbook_tools.records.words import words_for

    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    assert start is None or isinstance(start, dt.date)
    assert end is None or isinstance(end, dt.date)
    if start and end and end < start:
        raise PlaybookError(f"--to {args.end}: is before --from {args.start}")
    config = ctx.config
    if args.me and not config.personal_figures:
        raise PlaybookError("--me: per-person figures are turned off; a company turns them on "
                            "with playbook_personal_figures = True in conf.py once it has "
                            "agreed it (in Germany, with the works council)")
    playbook = ctx.playbook
    cards = playbook.of_kind("scorecard")
    if args.format and args.format not in {c.id for c in cards}:
        raise PlaybookError(f"--format {args.format}: no such scorecard; the playbook has: "
                            + ", ".join(c.id for c in cards))
    out = Path(args.output)
    refuse_docs_folder(out, ctx.docs_dir, f"-o {args.output}", "-o reports/2027-q1")
    folder = records_folder(config.records_path(ctx.docs_dir), ctx.docs_dir)
    areas = {a.id: a.title for c in cards for a in getattr(c, "areas", ())}
    request = ReportRequest(
        Filters(start, end, args.role, args.format), words_for(ctx.language,
        config.locale_path(ctx.docs_dir)), areas, {c.id: c.title for c in cards},
        config.notes_minutes, args.me, not args.no_pdf)
    page, _ = build(folder, request)
    write_report(out, page, config.notes_minutes, pdf=request.pdf)
    written = ", ".join(n for n in ("index.html", "report.pdf", "report.csv")
                        if request.pdf or n != "report.pdf")
    ctx.stdout.write(f"wrote {written} to {out}/\n")
    return 0
