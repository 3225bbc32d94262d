"""``playbook book``: the whole handbook as one PDF and one EPUB per language.

It runs the ``playbook-book`` Sphinx builder (``sphinx/book.py``) for each language. By default
each language has doctrees of its own, so the book never touches the site's build and the site's
build never waits for it. ``--doctrees`` names the doctrees of a site build that has just
finished (``make html``): the book then reads no page again (about a fifth of a German book's
time), and Sphinx reads again only a page that changed since.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from playbook_tools.cli.common import Context, add_command, find_conf
from playbook_tools.errors import PlaybookError
from playbook_tools.vocabulary import PAPER_SIZES

DESCRIPTION = """\
Build the whole handbook as a book: handbook-<language>.pdf (a tagged PDF with a cover,
contents with page numbers, running heads, page references and an outline) and
handbook-<language>.epub, for every language of the handbook or the ones named by --lang.
--site places each language's book where that language's pages link to it; --doctrees reuses
what the site's build has read, once that build has finished."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    book = add_command(
        commands, "book", "build the whole handbook as one PDF and one EPUB per language",
        ("playbook book -o books", "playbook book --lang de --paper letter -o books",
         "playbook book --site _build/html --doctrees _build/doctrees"), DESCRIPTION)
    book.add_argument("--lang", dest="languages", action="append", metavar="CODE",
                      help="a language to build, one of playbook_languages (repeat for more; "
                           "default: all of them)")
    book.add_argument("--paper", choices=PAPER_SIZES,
                      help="the PDF's paper size (default: playbook_paper in conf.py)")
    where = book.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="DIR",
                       help="the folder to write the books into (default: _build/book)")
    where.add_argument("--site", metavar="DIR",
                       help="a built site (e.g. _build/html): each book goes into its "
                            "language's _downloads/book/")
    book.add_argument("--doctrees", metavar="DIR",
                      help="the doctrees of a finished site build, one folder per language "
                           "(make html: _build/doctrees): the book reads no page again; "
                           "not while `make serve` rebuilds into them")
    book.set_defaults(handler=run_book)


def run_book(args: argparse.Namespace, ctx: Context) -> int:
    from playbook_tools.book.source import FORMATS, book_name, site_book_path

    languages = tuple(ctx.config.languages)
    wanted = args.languages or list(languages)
    for language in wanted:
        if language not in languages:
            raise PlaybookError(f"--lang {language}: the handbook is written in "
                                f"{', '.join(languages)}")
    conf = find_conf(ctx.docs_dir)
    if conf is None:
        raise PlaybookError(f"--docs {ctx.docs_dir}: no conf.py in it or beside it; the book "
                            f"is built with the handbook's Sphinx configuration")
    work = conf.parent / "_build" / "book-work"
    doctrees = Path(args.doctrees) if args.doctrees else work / "doctrees"
    if args.doctrees and not doctrees.is_dir():
        raise PlaybookError(f"--doctrees {args.doctrees}: no such folder; name the doctrees "
                            f"folder of a site build, such as _build/doctrees after make html")
    built_books = _build_all(ctx, conf.parent, work, doctrees, wanted, args.paper)
    for language, built in built_books.items():
        for fmt in FORMATS:
            name = book_name(language, fmt)
            if args.site:
                target = Path(args.site) / site_book_path(languages, language, fmt)
            else:
                target = Path(args.output or conf.parent / "_build" / "book") / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built / name, target)
            ctx.stdout.write(f"wrote {target}\n")
    return 0


def _build_all(ctx: Context, confdir: Path, work: Path, doctrees: Path, languages: list[str],
               paper: str | None) -> dict[str, Path]:
    """Each language's book, built by Sphinx in a process of its own, all at once: Sphinx
    registers its directives once per process, and the languages need not wait for each other
    (one core each)."""
    import subprocess
    import sys

    builds = {}
    for language in languages:
        options = ["-D", f"language={language}"]
        if paper:
            options += ["-D", f"playbook_paper={paper}"]
        builds[language] = subprocess.Popen(
            [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-b", "playbook-book",
             "-c", str(confdir), *options, "-d", str(doctrees / language),
             str(ctx.docs_dir), str(work / language)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    failed = []
    for language, build in builds.items():
        _, err = build.communicate()
        ctx.stderr.write(err)
        if build.returncode:
            failed.append(language)
    if failed:
        raise PlaybookError(f"the {', '.join(failed)} book was not built: fix the warnings "
                            "above and run again")
    return {language: work / language for language in languages}
