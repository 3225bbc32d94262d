"""What every subcommand shares: finding the handbook, loading it once, writing output."""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from playbook_tools.errors import PlaybookError

# typing.TYPE_CHECKING, without importing typing: `playbook --help` stays a cheap start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from playbook_tools.config import PlaybookConfig
    from playbook_tools.model.artifacts import Playbook

# The model, the config reader and the renderers are imported inside the functions that use
# them: building the parser must stay cheap, so `playbook --help` answers at once.


def example_epilog(*lines: str) -> str:
    return "example:\n" + "\n".join(f"  {line}" for line in lines)


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str,
    examples: tuple[str, ...], description: str = "",
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name, help=summary, description=description or summary,
        epilog=example_epilog(*examples), formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", metavar="CODE",
                        help="the language to show it in, one of playbook_languages "
                             "(default: language in conf.py)")


class Context:
    """The streams a command writes to, and the handbook it works on, loaded on first use."""

    def __init__(self, stdout: TextIO, stderr: TextIO, docs_option: str | None,
                 language_option: str | None = None) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.docs_option = docs_option
        self.language_option = language_option
        self.translated: dict[str, Playbook] = {}

    @functools.cached_property
    def docs_dir(self) -> Path:
        return find_docs(self.docs_option)

    @functools.cached_property
    def conf(self) -> tuple[PlaybookConfig, str]:
        from playbook_tools.config import PlaybookConfig, read_conf

        conf = find_conf(self.docs_dir)
        if conf is None:
            return PlaybookConfig(), "en"
        try:
            return read_conf(conf)
        except SystemExit as exc:  # conf.py is user code: sys.exit() there is no way out
            raise PlaybookError(f"{conf}: could not be read: it calls exit "
                                f"({exc.code!r})") from None

    @property
    def config(self) -> PlaybookConfig:
        return self.conf[0]

    @property
    def language(self) -> str:
        """--lang, else conf.py's language; it must be one the handbook is written in."""
        language = self.language_option or self.conf[1]
        if language not in self.config.languages:
            raise PlaybookError(f"--lang {language}: the handbook is written in "
                                f"{', '.join(self.config.languages)} (playbook_languages)")
        return language

    @functools.cached_property
    def english(self) -> Playbook:
        """The content as written, in the source language."""
        from playbook_tools.model.loader import load_playbook

        return load_playbook(self.docs_dir, self.config)

    @functools.cached_property
    def playbook(self) -> Playbook:
        """The content in the language asked for."""
        return self.playbook_in(self.language)

    def playbook_in(self, language: str) -> Playbook:
        """The content in ``language``, translated once however often a command asks (the
        kit asks for the team's and the candidate's, often the same)."""
        from playbook_tools.model.translation import SOURCE_LANGUAGE, in_language

        if language == SOURCE_LANGUAGE:
            return self.english
        if language not in self.config.languages:
            raise PlaybookError(f"language '{language}': the handbook is written in "
                                f"{', '.join(self.config.languages)} (playbook_languages)")
        if language not in self.translated:
            self.translated[language] = in_language(
                self.english, self.config.locale_path(self.docs_dir), language)
        return self.translated[language]

    def write_output(self, target: str | None, data: str | bytes) -> None:
        """Write to a file atomically, or to stdout for ``-`` or no target."""
        if target in (None, "-"):
            if isinstance(data, bytes):
                buffer = getattr(self.stdout, "buffer", None)
                if buffer is None:
                    raise PlaybookError("binary output needs -o FILE")
                self.stdout.flush()
                buffer.write(data)
                buffer.flush()
            else:
                self.stdout.write(data)
            return
        from playbook_tools.files import write_atomic

        check_output(target)
        write_atomic(Path(target), data)


def check_output(target: str | None) -> None:
    """Refuse an output that cannot be written before the work that makes it (a PDF takes a
    second) is done; ``files.write_atomic`` checks again when it writes."""
    if target in (None, "-"):
        return
    path = Path(target)
    if path.is_dir():
        raise PlaybookError(f"-o {target}: is a folder; give a file name")
    if path.exists() and not path.is_file():
        raise PlaybookError(f"-o {target}: is not a regular file; give a file name to write")
    if any(parent.exists() and not parent.is_dir() for parent in path.parents):
        raise PlaybookError(f"-o {target}: a part of the path is a file, not a folder")


def find_conf(docs_dir: Path) -> Path | None:
    for folder in (docs_dir, docs_dir.parent):
        if (folder / "conf.py").is_file():
            return folder / "conf.py"
    return None


def find_docs(option: str | None) -> Path:
    """The docs source: --docs, else the ``docs/`` beside the nearest conf.py above here."""
    if option:
        path = Path(option)
        if not path.is_dir():
            raise PlaybookError(f"--docs {option}: no such folder")
        return path
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "conf.py").is_file():
            return folder / "docs" if (folder / "docs").is_dir() else folder
    raise PlaybookError(
        "no conf.py in this folder or above it; run inside the handbook or pass --docs DIR"
    )
