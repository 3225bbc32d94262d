"""The content model in another language, from the same gettext catalogs as the pages.

English is the source. ``messages`` lists every text of the content a reader sees (titles,
items and their reasons, areas, prompts, anchors, email subjects and bodies, variable
descriptions) and the fixed labels of the vocabulary; ``make gettext`` writes them to
``_build/gettext/playbook.pot`` beside the pages' catalogs, and ``make translations`` merges
them into ``locale/<lang>/LC_MESSAGES/playbook.po``. ``translate`` then makes the loaded
``Playbook`` speak that language: every printable, email, form and calendar entry follows.

A message without a translation stays English, and ``playbook check`` counts it, with the
fuzzy ones, per language.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from playbook_tools.config import help_for, settings
from playbook_tools.errors import ContentError, ContentProblem, PlaybookError
from playbook_tools.files import write_atomic
from playbook_tools.model.artifacts import Artifact, Playbook
from playbook_tools.model.formats import format_messages, translate_formats
from playbook_tools.model.kinds import artifact_kinds, kind_of
from playbook_tools.model.kinds import translation_problems as kind_problems
from playbook_tools.system import system_packages
from playbook_tools.vocabulary import (
    AUDIENCES,
    BOOK_LABELS,
    LABELS,
    OUTCOME_LABELS,
    RATING_LABELS,
    SCRIPT_LABELS,
    STAGES,
)

CATALOG = "playbook"  # locale/<lang>/LC_MESSAGES/playbook.po
SOURCE_LANGUAGE = "en"
Translate = Callable[[str], str]


@dataclasses.dataclass(frozen=True)
class Translations:
    """One language's catalog: looks up a message, and knows what is missing."""

    language: str
    found: dict[str, str]
    fuzzy: frozenset[str] = frozenset()

    def gettext(self, message: str) -> str:
        return self.found.get(message) or message


ENGLISH = Translations(SOURCE_LANGUAGE, {})


def catalog_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{CATALOG}.po"


def load_translations(locale_dir: Path, language: str) -> Translations:
    """The catalog for ``language``; English needs none. Fuzzy entries are not used."""
    if language == SOURCE_LANGUAGE:
        return ENGLISH
    path = catalog_path(locale_dir, language)
    try:
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=language)
    except FileNotFoundError:
        raise PlaybookError(f"{path}: no catalog for language '{language}'; run "
                            "`make translations` and translate it") from None
    except (OSError, ValueError) as exc:
        raise PlaybookError(f"{path}: cannot be read: {exc}") from exc
    found, fuzzy = {}, set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if message.fuzzy:
            fuzzy.add(message.id)
        elif isinstance(message.string, str) and message.string:
            found[message.id] = message.string
    return Translations(language, found, frozenset(fuzzy))


def vocabulary_messages() -> Iterator[str]:
    for labels in (AUDIENCES, STAGES, RATING_LABELS, OUTCOME_LABELS, SCRIPT_LABELS, BOOK_LABELS):
        yield from labels.values()
    for kind in artifact_kinds().values():
        yield from (kind.label, kind.plural)
    yield from LABELS


def artifact_messages(artifact: Artifact) -> Iterator[str]:
    """Every text of one artifact that a reader sees, in the order they see it: what its kind
    declares (model/kinds/)."""
    return kind_of(artifact).messages(artifact)


def messages(playbook: Playbook) -> list[tuple[str, str]]:
    """(message, where it comes from) for the catalog, each message once."""
    seen: dict[str, str] = {}
    for label in vocabulary_messages():
        seen.setdefault(label, "playbook_tools/vocabulary.py")
    seen.setdefault(playbook.config.signature, "conf.py: playbook_signature")
    for setting in settings():
        seen.setdefault(help_for(setting), f"playbook_tools/config.py: playbook_{setting.name}")
    for package in system_packages():
        seen.setdefault(package.purpose, "playbook_tools/system-packages.txt")
    for artifact in playbook:
        where = str(artifact.source.relative_to(playbook.srcdir.parent)
                    if artifact.source.is_relative_to(playbook.srcdir.parent)
                    else artifact.source)
        for text in artifact_messages(artifact):
            seen.setdefault(text, where)
    for interview_format in playbook.formats.values():
        for text in format_messages(interview_format):
            seen.setdefault(text, f"formats/{interview_format.id}.yaml")
    return list(seen.items())


def write_template(playbook: Playbook, target: Path, extra: list[tuple[str, str]]) -> int:
    """Write the .pot file for the content (and ``extra`` layout messages); returns the count."""
    catalog = Catalog(project="Interview Playbook content", fuzzy=False)
    for message, where in [*messages(playbook), *extra]:
        catalog.add(message, locations=[(where, 0)])
    stream = io.BytesIO()
    write_po(stream, catalog, omit_header=False, no_location=True, width=100)
    # Staged and renamed: a folder, a read-only folder or a full disk is one line, and never
    # leaves a 0-byte file (issue 19).
    write_atomic(target, stream.getvalue())
    return len(catalog)


def translate_artifact(artifact: Artifact, t: Translate) -> Artifact:
    return kind_of(artifact).translate(artifact, t)


def translate(playbook: Playbook, translations: Translations) -> Playbook:
    """The same playbook, every text in ``translations.language``."""
    if translations.language == SOURCE_LANGUAGE:
        return playbook
    t = translations.gettext
    config = dataclasses.replace(playbook.config, signature=t(playbook.config.signature))
    return dataclasses.replace(
        playbook, language=translations.language, gettext=t, config=config,
        artifacts={key: translate_artifact(a, t) for key, a in playbook.artifacts.items()},
        formats=translate_formats(playbook.formats, t))


def translation_problems(playbook: Playbook, path: Path) -> list[ContentProblem]:
    """A translated artifact must still work: an e-mail template, say, must still be a valid
    template with the same variables (each kind says what it checks)."""
    return [problem for artifact in playbook
            for problem in kind_problems(artifact, str(path))]


def in_language(playbook: Playbook, locale_dir: Path, language: str) -> Playbook:
    """The playbook in ``language``, its translated templates checked."""
    translated = translate(playbook, load_translations(locale_dir, language))
    problems = translation_problems(translated, catalog_path(locale_dir, language))
    if problems:
        raise ContentError(problems)
    return translated


@dataclasses.dataclass(frozen=True)
class CatalogStatus:
    """How complete one language's catalogs are: the pages' and the content's."""

    language: str
    messages: int
    untranslated: tuple[str, ...]  # "file: message", shortened
    fuzzy: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.untranslated and not self.fuzzy


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def catalog_status(playbook: Playbook, language: str) -> CatalogStatus:
    """Untranslated and fuzzy messages in every catalog of ``language``, the content's
    catalog checked against the content as it is now (a new item counts as untranslated)."""
    folder = playbook.config.locale_path(playbook.srcdir) / language / "LC_MESSAGES"
    if not folder.is_dir():
        raise PlaybookError(f"{folder}: no catalogs for language '{language}'; run "
                            "`make translations`")
    total, untranslated, fuzzy = 0, [], []
    in_content_catalog: set[str] = set()
    for path in sorted(folder.rglob("*.po")):
        where = str(path.relative_to(folder))
        try:
            with path.open("rb") as stream:
                catalog = read_po(stream, locale=language)
        except (OSError, ValueError) as exc:
            raise PlaybookError(f"{path}: cannot be read: {exc}") from exc
        for message in catalog:
            if not message.id or not isinstance(message.id, str):
                continue
            total += 1
            if path.name == f"{CATALOG}.po":
                in_content_catalog.add(message.id)
            if message.fuzzy:
                fuzzy.append(f"{where}: {_short(message.id)}")
            elif not message.string:
                untranslated.append(f"{where}: {_short(message.id)}")
    for text, _where in messages(playbook):
        if text not in in_content_catalog:
            untranslated.append(f"{CATALOG}.po (not yet extracted): {_short(text)}")
    return CatalogStatus(language, total, tuple(untranslated), tuple(fuzzy))
