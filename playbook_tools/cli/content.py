"""``playbook list``, ``check``, ``show`` and ``render``: the content and its printouts."""

from __future__ import annotations

import argparse

from playbook_tools.cli.common import Context, add_command, add_language_option, check_output
from playbook_tools.errors import ContentError, PlaybookError
from playbook_tools.vocabulary import PAPER_SIZES

# typing.TYPE_CHECKING, without importing typing: `playbook --help` stays a cheap start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from playbook_tools.model.artifacts import Artifact, Playbook

FORMATS = ("html", "pdf", "md", "txt")
MAX_SHOWN = 20  # untranslated messages listed by `check` per language; the count says the rest


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = add_command(
        commands,
        "list",
        "list every artifact with its id, kind, title, audience, stage and page",
        ("playbook list", "playbook list --kind email --json"),
    )
    listing.add_argument(
        "--json", action="store_true", help="print JSON; email templates include their variables"
    )
    listing.add_argument(
        "--kind", metavar="KIND",
        help="only artifacts of this kind: checklist, scorecard, email, or a kind your fork adds"
    )
    add_language_option(listing)
    listing.set_defaults(handler=run_list)

    check = add_command(
        commands,
        "check",
        "validate all content; one line per problem, exit 1 if any",
        ("playbook check",),
    )
    check.set_defaults(handler=run_check)

    show = add_command(
        commands,
        "show",
        "print an artifact readably in the terminal",
        ("playbook show pairing-session", "playbook show invitation"),
    )
    show.add_argument("id", help="the artifact's id (see `playbook list`)")
    show.add_argument(
        "--width",
        type=int,
        default=0,
        help="wrap at this many columns (default: the terminal's width, at most 100)",
    )
    add_language_option(show)
    show.set_defaults(handler=run_show)

    render = add_command(
        commands,
        "render",
        "render an artifact as printable HTML, PDF, Markdown or text",
        (
            "playbook render interviewer-preparation --format pdf -o prep.pdf",
            "playbook render pairing-engineer --format html --paper letter -o card.html",
            "playbook render invitation --format md",
        ),
    )
    render.add_argument("id", help="the artifact's id (see `playbook list`)")
    render.add_argument("--format", "-f", choices=FORMATS, required=True, help="output format")
    render.add_argument(
        "--paper",
        choices=PAPER_SIZES,
        help="paper size for html and pdf (default: playbook_paper in conf.py)",
    )
    render.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write, or - for standard output (the default; pdf needs a file "
        "unless stdout is a pipe)",
    )
    add_language_option(render)
    render.set_defaults(handler=run_render)


def describe(artifact: Artifact) -> dict[str, Any]:
    """The documented shape of one `playbook list --json` entry."""
    entry: dict[str, Any] = {
        "id": artifact.id,
        "kind": artifact.kind,
        "title": artifact.title,
        "summary": artifact.summary,
        "audience": list(artifact.audience),
        "stage": artifact.stage,
        "page": artifact.page,
        "source": artifact.source.name,
    }
    from playbook_tools.model.artifacts import EmailTemplate

    if isinstance(artifact, EmailTemplate):
        entry["sender"] = artifact.sender
        entry["variables"] = [
            {"name": v.name, "description": v.description, "example": v.example}
            for v in artifact.variables
        ]
    return entry


def run_list(args: argparse.Namespace, ctx: Context) -> int:
    import json  # here, not at the top: `playbook --help` should not pay for it

    from playbook_tools.model.kinds import artifact_kinds

    playbook = ctx.playbook
    if args.kind is not None and args.kind not in artifact_kinds():
        raise PlaybookError(f"--kind {args.kind}: no such kind; the kinds are: "
                            + ", ".join(artifact_kinds()))
    artifacts = [a for a in playbook if args.kind in (None, a.kind)]
    if args.json:
        ctx.stdout.write(
            json.dumps([describe(a) for a in artifacts], indent=2, ensure_ascii=False) + "\n"
        )
        return 0
    rows = [("ID", "KIND", "TITLE", "AUDIENCE", "STAGE", "PAGE")]
    rows += [(a.id, a.kind, a.title, ",".join(a.audience), a.stage, a.page) for a in artifacts]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        ctx.stdout.write("  ".join([*cells, row[-1]]).rstrip() + "\n")
    return 0


def run_check(args: argparse.Namespace, ctx: Context) -> int:
    try:
        playbook = ctx.english
    except ContentError as exc:
        for problem in exc.problems:
            ctx.stdout.write(f"{problem}\n")
        ctx.stderr.write(f"{len(exc.problems)} problem(s) found\n")
        return 1
    from playbook_tools.decide.record import outcome_email_problems
    from playbook_tools.kit.emails import kit_email_notes
    from playbook_tools.model.loader import config_references

    lines = [str(p) for p in config_references(playbook)]
    lines = lines or outcome_email_problems(playbook)
    if lines:
        for line in lines:
            ctx.stdout.write(f"{line}\n")
        ctx.stderr.write(f"{len(lines)} problem(s) found\n")
        return 1
    for note in kit_email_notes(playbook):
        ctx.stdout.write(f"note: {note}\n")
    if not check_languages(playbook, ctx):
        return 1
    from playbook_tools.model.kinds import artifact_kinds

    counts = [f"{len(playbook.of_kind(kind.name))} {kind.plural}"
              for kind in artifact_kinds().values()]
    ctx.stdout.write(f"ok: {', '.join(counts)}\n")
    return 0


def check_languages(playbook: Playbook, ctx: Context) -> bool:
    """Every language besides English: complete catalogs, and templates that still work."""
    from playbook_tools.model.translation import catalog_status

    complete = True
    for language in playbook.config.languages[1:]:
        try:
            ctx.playbook_in(language)
        except ContentError as exc:
            for problem in exc.problems:
                ctx.stdout.write(f"{problem}\n")
            complete = False
            continue
        status = catalog_status(playbook, language)
        for message in (*status.untranslated[:MAX_SHOWN], *status.fuzzy[:MAX_SHOWN]):
            ctx.stdout.write(f"{language}: {message}\n")
        if not status.complete:
            ctx.stderr.write(f"{language}: {len(status.untranslated)} untranslated and "
                             f"{len(status.fuzzy)} fuzzy of {status.messages} messages; "
                             "translate them in locale/" + language + "/LC_MESSAGES/\n")
            complete = False
    return complete


def _width(requested: int) -> int:
    if requested:
        if requested < 30:
            raise PlaybookError(f"--width {requested}: give at least 30 columns")
        return requested
    import shutil  # here, not at the top: `playbook --help` should not pay for it

    return min(100, shutil.get_terminal_size((80, 24)).columns) - 2


def run_show(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.render.text import render_text

    playbook = ctx.playbook
    artifact = playbook.get(args.id)
    ctx.stdout.write(render_text(artifact, playbook.config, _width(args.width),
                                 playbook.gettext, playbook.templates_dir))
    return 0


def run_render(args: argparse.Namespace, ctx: Context) -> int:
    playbook = ctx.playbook
    artifact = playbook.get(args.id)
    paper = args.paper or playbook.config.paper
    check_output(args.output)
    data: str | bytes
    if args.format == "pdf":
        from playbook_tools.render.pdf.printout import render_pdf

        if args.output in (None, "-") and ctx.stdout.isatty():
            raise PlaybookError("--format pdf: give -o FILE.pdf (a PDF is not for the terminal)")
        data = render_pdf(artifact, playbook, paper)
    elif args.format == "html":
        from playbook_tools.render.printable import render_printable_html

        data = render_printable_html(artifact, playbook, paper)
    else:
        from playbook_tools.render.markdown import render_markdown
        from playbook_tools.render.text import render_text

        renderer = render_markdown if args.format == "md" else render_text
        data = renderer(artifact, playbook.config, gettext=playbook.gettext,
                        templates_dir=playbook.templates_dir)
    ctx.write_output(args.output, data)
    return 0
