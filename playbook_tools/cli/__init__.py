"""The ``playbook`` command: a thin layer over ``model``, ``render``, ``kit`` and ``decide``.

Each subcommand lives in its own module with a ``register(subparsers)`` function. Imports of
the heavy parts happen inside the handlers, so ``playbook --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from playbook_tools import __version__
from playbook_tools.cli import content, decide, kit, mail, report, retention, translate
from playbook_tools.cli.common import Context
from playbook_tools.errors import ContentError, PlaybookError

# typing.TYPE_CHECKING, without importing typing: `playbook --help` stays a cheap start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

DESCRIPTION = """\
Render, send and run the interview playbook from the same source as the handbook.

examples:
  playbook list
  playbook show interviewer-preparation
  playbook render pairing-engineer --format pdf --paper letter -o scorecard.pdf
  playbook email invitation --example
  playbook kit candidates/amara.yaml -o kits/amara
  playbook decide --kit kits/amara
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playbook", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"playbook {__version__}")
    parser.add_argument(
        "--docs", metavar="DIR",
        help="the handbook's docs folder (default: found from conf.py above the current folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    content.register(commands)
    mail.register(commands)
    kit.register(commands)
    decide.register(commands)
    report.register(commands)
    retention.register(commands)
    translate.register(commands)
    return parser


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its own one-line error or the help
        return int(exc.code or 0)
    context = Context(out, err, args.docs, getattr(args, "lang", None))
    try:
        result: int = args.handler(args, context)
        return result
    except ContentError as exc:
        for problem in exc.problems:
            err.write(f"{problem}\n")
        return 1
    except PlaybookError as exc:
        message = " ".join(str(exc).split())  # one line, whatever the message holds
        err.write(f"playbook: error: {message}\n")
        return 1
    except KeyboardInterrupt:
        err.write("playbook: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1


def entry_point() -> None:
    sys.exit(main())
