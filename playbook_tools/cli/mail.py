"""``playbook email``: fill a template, write an .eml file, or run a mail merge from CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook_tools.cli.common import Context, add_command, add_language_option
from playbook_tools.errors import PlaybookError

# typing.TYPE_CHECKING, without importing typing: `playbook --help` stays a cheap start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    email = add_command(
        commands,
        "email",
        "fill an email template; write .eml files; run a mail merge",
        (
            "playbook email invitation --example",
            "playbook email reschedule --set candidate_name='Amara Okafor' "
            "--set role='Backend engineer' \\\n"
            "      --set date='Tuesday 9 March 2027' --set coordinator_name='Jo Park'",
            "playbook email outcome-hire --data amara.yaml --eml --to 'Amara <amara@example.org>' "
            "-o amara.eml",
            "playbook email invitation --csv candidates.csv -o outbox/",
        ),
    )
    email.add_argument("id", help="the email template's id (see `playbook list --kind email`)")
    values = email.add_argument_group("values")
    values.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a variable's value; repeat for each variable",
    )
    values.add_argument(
        "--data", metavar="FILE", help="a YAML or JSON file mapping variable names to values"
    )
    values.add_argument(
        "--example", action="store_true", help="fill every variable with its example value"
    )
    values.add_argument(
        "--csv",
        metavar="FILE",
        help="mail merge: one message per row, written into the folder -o names",
    )
    output = email.add_argument_group("output")
    output.add_argument(
        "--eml", action="store_true", help="write an RFC 5322 message (needs -o FILE and --to)"
    )
    output.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file (or folder, with --csv) to write; - is standard output",
    )
    output.add_argument(
        "--to", metavar="ADDRESS", help="the recipient, e.g. 'Amara <a@example.org>'"
    )
    output.add_argument(
        "--from",
        dest="sender",
        metavar="ADDRESS",
        help="the sender (default: playbook_email_from in conf.py)",
    )
    output.add_argument(
        "--force", action="store_true",
        help="overwrite files that exist (the --eml file, or the merge's messages)",
    )
    merge = email.add_argument_group("mail merge")
    merge.add_argument(
        "--name-column",
        default="candidate_name",
        metavar="COLUMN",
        help="the column each file is named after (default: candidate_name)",
    )
    merge.add_argument(
        "--to-column",
        default="email",
        metavar="COLUMN",
        help="the column with each recipient's address (default: email)",
    )
    add_language_option(email)
    email.set_defaults(handler=run_email)


def parse_set(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise PlaybookError(f"--set {pair!r}: expected NAME=VALUE, e.g. --set role='Engineer'")
        from playbook_tools.validation import has_control_characters

        if has_control_characters(value, one_line=False):
            # As --data refuses them: an escape sequence would reach the terminal and the file.
            raise PlaybookError(f"--set {name.strip()}: expected text without control "
                                "characters")
        values[name.strip()] = value
    return values


def load_data_file(path: str) -> dict[str, str]:
    from playbook_tools.validation import has_control_characters
    from playbook_tools.yamlsource import load_yaml_text, read_text_file

    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise PlaybookError(f"--data {path}: expected a .yaml, .yml or .json file")
    text = read_text_file(file, f"--data {path}", "data file")
    data: Any
    if suffix == ".json":
        import json  # here, not at the top: `playbook --help` should not pay for it

        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:  # also a too-long number, a deep nest
            raise PlaybookError(f"{path}: not valid JSON: {exc}") from exc
    else:
        data = load_yaml_text(text, path)
    if not isinstance(data, dict):
        raise PlaybookError(f"{path}: expected a mapping of variable names to values")
    values: dict[str, str] = {}
    for name, value in data.items():
        if has_control_characters(str(name), one_line=True):
            raise PlaybookError(f"{path}: field {str(name)!r}: expected a variable name")
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise PlaybookError(f"{path}: field '{name}': expected text")
        if has_control_characters(str(value), one_line=False):
            raise PlaybookError(f"{path}: field '{name}': expected text without control "
                                "characters")
        values[str(name)] = str(value)
    return values


def run_email(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.render import email as email_render

    playbook = ctx.playbook
    template = playbook.email(args.id)
    config = playbook.config
    sender = email_render.parse_address(args.sender or config.email_from, "--from")
    if args.csv:
        from playbook_tools.render.merge import merge_csv

        if args.set or args.data or args.example or not args.output or args.output == "-":
            raise PlaybookError("--csv takes its values from the file; give only -o FOLDER")
        written = merge_csv(
            template,
            config,
            Path(args.csv),
            Path(args.output),
            sender=sender,
            name_column=args.name_column,
            to_column=args.to_column,
            force=args.force,
            progress=ctx.stdout if ctx.stdout.isatty() else None,
        )
        noun = "message" if written == 1 else "messages"
        ctx.stdout.write(f"wrote {written} {noun} to {args.output}\n")
        return 0
    if args.example:
        if args.set or args.data:
            raise PlaybookError("--example fills every variable; leave out --set and --data")
        values = template.example_values()
    else:
        values = load_data_file(args.data) if args.data else {}
        values.update(parse_set(args.set))
    filled = email_render.fill(template, values, config)
    if not args.eml:
        ctx.write_output(args.output, filled.as_text())
        return 0
    if not args.to:
        raise PlaybookError("--eml: give the recipient with --to ADDRESS")
    if not args.output or args.output == "-":
        raise PlaybookError("--eml: give the file to write with -o FILE.eml")
    if Path(args.output).exists() and not args.force:
        # Like the merge: a draft someone may have edited is never replaced by accident.
        raise PlaybookError(f"-o {args.output}: exists; use --force to overwrite")
    to = email_render.parse_address(args.to, "--to")
    message = email_render.build_message(filled, to, sender)
    ctx.write_output(args.output, message.as_bytes())
    return 0
