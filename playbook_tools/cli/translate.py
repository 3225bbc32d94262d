"""``playbook messages``: the content's messages for translators (``make gettext`` runs it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from playbook_tools.cli.common import Context, add_command

DESCRIPTION = """\
Write every text of the content model (titles, checklist items, scorecard areas and anchors,
email subjects and bodies, variable descriptions) and the vocabulary's labels to a gettext
template. `make translations` merges it into locale/<lang>/LC_MESSAGES/playbook.po, beside the
pages' catalogs; the site, the printables, the emails and the kit then read the translations
from there."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    messages = add_command(
        commands, "messages", "write the content's messages to a .pot file for translators",
        ("playbook messages -o _build/gettext/playbook.pot",), DESCRIPTION)
    messages.add_argument("-o", "--output", metavar="FILE", required=True,
                          help="the .pot file to write, e.g. _build/gettext/playbook.pot")
    messages.set_defaults(handler=run_messages)


def run_messages(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.decide.report import MESSAGES as DECIDE_MESSAGES
    from playbook_tools.decide.rule import rule_messages
    from playbook_tools.model.translation import write_template
    from playbook_tools.records.words import MESSAGES as REPORT_MESSAGES
    from playbook_tools.render.layouts import layout_messages

    extra = [*layout_messages(ctx.playbook.templates_dir),
             *((text, "playbook_tools/decide/rule.py") for text in rule_messages()),
             *((text, "playbook_tools/decide/report.py") for text in DECIDE_MESSAGES),
             *((text, "playbook_tools/records/words.py") for text in REPORT_MESSAGES)]
    count = write_template(ctx.playbook, Path(args.output), extra)
    ctx.stdout.write(f"wrote {count} messages to {args.output}\n")
    return 0
