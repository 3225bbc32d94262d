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
from playbook_tools.model.artifacts import (
    Area,
    Artifact,
    Checklist,
    ChecklistItem,
    EmailTemplate,
    Playbook,
    Scorecard,
    Variable,
)
from playbook_tools.model.formats import format_messages, translate_formats
from playbook_tools.model.templates import template_problems
from playbook_tools.vocabulary import (
    AUDIENCES,
    BOOK_LABELS,
    KIND_LABELS,
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
    for labels in (AUDIENCES, STAGES, RATING_LABELS, OUTCOME_LABELS, KIND_LABELS, SCRIPT_LABELS,
                   BOOK_LABELS):
        yield from labels.values()
    yield from LABELS


def artifact_messages(artifact: Artifact) -> Iterator[str]:
    """Every text of one artifact that a reader sees, in the order they see it."""
    yield artifact.title
    yield artifact.summary
    if isinstance(artifact, Checklist):
        for item in artifact.items:
            yield item.text
            if item.why:
                yield item.why
    elif isinstance(artifact, Scorecard):
        if artifact.instructions:
            yield artifact.instructions
        for area in artifact.areas:
            yield from (area.title, area.look_for, *area.prompts, area.evidence,
                        *area.anchors.values())
    elif isinstance(artifact, EmailTemplate):
        yield from (artifact.when, artifact.subject, artifact.body_source)
        for variable in artifact.variables:
            yield from (variable.description, variable.example)


def messages(playbook: Playbook) -> list[tuple[str, str]]:
    """(message, where it comes from) for the catalog, each message once."""
    seen: dict[str, str] = {}
    for label in vocabulary_messages():
        seen.setdefault(label, "playbook_tools/vocabulary.py")
    seen.setdefault(playbook.config.signature, "conf.py: playbook_signature")
    for setting in settings():
        seen.setdefault(help_for(setting), f"playbook_tools/config.py: playbook_{setting.name}")
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


def _area(area: Area, t: Translate) -> Area:
    return dataclasses.replace(
        area, title=t(area.title), look_for=t(area.look_for),
        prompts=tuple(t(p) for p in area.prompts), evidence=t(area.evidence),
        anchors={rating: t(anchor) for rating, anchor in area.anchors.items()})


def translate_artifact(artifact: Artifact, t: Translate) -> Artifact:
    title, summary = t(artifact.title), t(artifact.summary)
    if isinstance(artifact, Checklist):
        return dataclasses.replace(artifact, title=title, summary=summary, items=tuple(
            ChecklistItem(t(i.text), t(i.why) if i.why else None) for i in artifact.items))
    if isinstance(artifact, Scorecard):
        return dataclasses.replace(
            artifact, title=title, summary=summary,
            instructions=t(artifact.instructions) if artifact.instructions else None,
            areas=tuple(_area(a, t) for a in artifact.areas))
    if isinstance(artifact, EmailTemplate):
        return dataclasses.replace(
            artifact, title=title, summary=summary, when=t(artifact.when),
            subject=t(artifact.subject), body_source=t(artifact.body_source),
            variables=tuple(Variable(v.name, t(v.description), t(v.example))
                            for v in artifact.variables))
    return dataclasses.replace(artifact, title=title, summary=summary)


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
    """A translated email template must still be a valid template with the same variables."""
    return [ContentProblem(str(path), None, template.id, field, message)
            for template in playbook.of_kind("email") if isinstance(template, EmailTemplate)
            for field, message in template_problems(template)]


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
