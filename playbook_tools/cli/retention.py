"""``playbook retention``: list, and with --delete remove, what is past the retention period.
The rules are in ``records.retention``; this module parses the options and prints."""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook_tools.cli.common import Context, add_command

DESCRIPTION = """\
List the kit folders and decision records whose interview day is more than
playbook_retention_days ago, and the hiring-records rows still linked to a candidate's e-mail
address. With --delete, delete the folders and drop those links; the de-identified rows stay,
as the handbook's data page explains."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    retention = add_command(
        commands, "retention", "list or delete kits and records past the retention period",
        ("playbook retention", "playbook retention --kits kits --kits old-kits --delete"),
        DESCRIPTION)
    retention.add_argument("--kits", action="append", metavar="DIR",
                           help="a folder of kits (or one kit) to look in; repeat for more "
                                "(default: kits/ beside conf.py)")
    retention.add_argument("--delete", action="store_true",
                           help="delete what is listed")
    retention.set_defaults(handler=run_retention)


def run_retention(args: argparse.Namespace, ctx: Context) -> int:
    import datetime as dt

    from playbook_tools.records.folder import records_folder
    from playbook_tools.records.retention import delete, expired_kits, expired_records

    config = ctx.config
    cutoff = dt.date.today() - dt.timedelta(days=config.retention_days)
    places = [Path(p) for p in args.kits] if args.kits else [ctx.docs_dir.parent / "kits"]
    folder = records_folder(config.records_path(ctx.docs_dir), ctx.docs_dir)
    items = expired_kits(places, cutoff) + expired_records(folder, cutoff)
    ctx.stdout.write(f"past the retention period ({config.retention_days} days after the "
                     f"interview day, so before {cutoff.isoformat()}):\n")
    for item in items:
        what = (f"{item.count} visits linked to a candidate's e-mail address"
                if item.kind == "database links" else str(item.path))
        ctx.stdout.write(f"  {item.kind}: {what} ({item.day.isoformat()})\n")
    if not items:
        ctx.stdout.write("  nothing\n")
    elif args.delete:
        delete(items, folder, cutoff)
        ctx.stdout.write(f"deleted {len(items)} items\n")
    else:
        ctx.stdout.write("run again with --delete to delete them\n")
    return 0
