"""The ``playbook`` command: a thin layer over ``model``, ``render``, ``kit`` and ``decide``.

Each subcommand lives in its own module with a ``register(subparsers)`` function. Imports of
the heavy parts happen inside the handlers, so ``playbook --help`` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence

from playbook_tools import __version__
from playbook_tools.cli import book, content, decide, kit, mail, report, retention, translate
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
    book.register(commands)
    return parser


class Terminated(BaseException):
    """SIGTERM, handled as Ctrl-C is: whatever was staged is removed, one line, no traceback."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def _safe_streams(*streams: TextIO) -> None:
    """A terminal or pipe that is not UTF-8 (LANG=C, PYTHONIOENCODING=ascii) gets ``\\u2013``
    for an en dash, never a UnicodeEncodeError after the work is done."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A stream in use or closed is left as it is.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def check_tz() -> None:
    """A TZ that names a damaged file stops every command in the date library's import; say
    so in one line instead (issue 19). Only IANA names are time zones the tool writes."""
    value = os.environ.get("TZ", "")
    path = value[1:] if value.startswith(":") else value
    if not path or not os.path.exists(path):
        return
    import zoneinfo

    try:
        with open(path, "rb") as stream:
            zoneinfo.ZoneInfo.from_file(stream)
    except (OSError, ValueError) as exc:
        shown = path if len(path) <= 60 else path[:60] + "…"
        raise PlaybookError(f"TZ={shown}: is not a time zone file ({exc}); unset TZ, or set "
                            "it to an IANA name such as Europe/Berlin") from None


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    _safe_streams(out, err)
    try:
        return _run(argv, out, err)
    except Terminated:
        err.write("playbook: terminated\n")
        return 143


def _run(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        return _run_command(argv, out, err)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run_command(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its own one-line error or the help
        return int(exc.code or 0)
    context = Context(out, err, args.docs, getattr(args, "lang", None))
    try:
        check_tz()
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
