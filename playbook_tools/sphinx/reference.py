"""Reference tables the code can produce, so the docs cannot drift from it.

``{playbook-config-reference}`` lists every ``playbook_*`` setting; ``{playbook-cli-reference}``
shows each subcommand's ``--help`` exactly as the argument parser prints it;
``{playbook-system-packages}`` lists the system packages from ``system-packages.txt``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from playbook_tools.config import default_of, help_for, settings
from playbook_tools.sphinx.config import playbook_for
from playbook_tools.sphinx.scorecard import table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

HELP_WIDTH = "88"


class ConfigReferenceDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        # The help lines are in the content's catalog, so the table reads in the page's language.
        _ = playbook_for(self.env.srcdir).gettext
        rows: list[list[nodes.Node | str]] = [
            [nodes.paragraph("", "", nodes.literal(text=f"playbook_{s.name}")),
             nodes.paragraph("", "", nodes.literal(text=repr(default_of(s)))),
             _with_code(_(help_for(s)))]
            for s in settings()
        ]
        return [table([_("Setting"), _("Default"), _("What it does")], rows,
                      ["playbook-config-reference"], [25, 30, 45])]


def _with_code(text: str) -> nodes.paragraph:
    """A help line whose `backticked` words are code, as on every other page: set as code, a
    command's ``--record`` keeps its two hyphens instead of becoming a dash."""
    paragraph = nodes.paragraph()
    for number, part in enumerate(text.split("`")):
        if part:
            paragraph += nodes.literal(text=part) if number % 2 else nodes.Text(part)
    return paragraph


@contextlib.contextmanager
def _fixed_width() -> Iterator[None]:
    """argparse wraps help to the terminal; fix the width so every build prints the same."""
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = HELP_WIDTH
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse offers no public way to list subparsers
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


class CliReferenceDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from playbook_tools.cli import build_parser

        result: list[nodes.Node] = []
        with _fixed_width():
            parser = build_parser()
            blocks = [("playbook", parser.format_help())]
            blocks += [(f"playbook {name}", sub.format_help())
                       for name, sub in subcommands(parser).items()]
        for title, text in blocks:
            anchor = nodes.make_id(f"cli-{title}")
            result.append(nodes.rubric(text=title, ids=[anchor]))
            block = nodes.literal_block(text, text)
            block["language"] = "text"
            result.append(block)
        return result


class SystemPackagesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from playbook_tools.system import system_packages

        _ = playbook_for(self.env.srcdir).gettext
        needed = {"pdf": _("the PDFs and the tests"), "test": _("the tests")}
        rows: list[list[nodes.Node | str]] = [
            [nodes.paragraph("", "", nodes.literal(text=p.debian)),
             nodes.paragraph("", "", nodes.literal(text=p.homebrew)),
             needed[p.need], _(p.purpose)]
            for p in system_packages()
        ]
        return [table([_("Debian or Ubuntu"), _("Homebrew"), _("Needed for"), _("Why")], rows,
                      ["playbook-system-packages"], [22, 16, 18, 44])]


def setup_reference(app: Sphinx) -> None:
    app.add_directive("playbook-config-reference", ConfigReferenceDirective)
    app.add_directive("playbook-cli-reference", CliReferenceDirective)
    app.add_directive("playbook-system-packages", SystemPackagesDirective)
