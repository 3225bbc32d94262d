"""The kinds of artifact, each declared in one module of this package.

A module here declares one kind (``KIND = ArtifactKind(...)``): its YAML fields, how an entry
is built from them, which of its texts a translator sees, and its words in lists; its class
says whether it prints (``Artifact.printable``). The loader, the translation, the command line
and the renderers read the kinds from here, so a fork adds a kind with one module in this
folder and its layouts (``templates/print/<kind>.html.j2``, ``templates/text/<kind>.txt.j2``,
``templates/markdown/<kind>.md.j2``): no other Python file changes (``tests/test_fork.py``).

The three kinds of the handbook keep their classes in ``model.artifacts``, because the kit and
the decision read them by name; a kind a fork adds keeps its class in its own module.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from playbook_tools.errors import ContentProblem
from playbook_tools.model.artifacts import Artifact
from playbook_tools.validation import Checker

# An id of an artifact, an area or a format: lower-case letters, digits and hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# One text of an artifact that a translator sees: a field's name, or (name, inner spec) for a
# list or tuple of entries, each with texts of its own. A field holding a string, a tuple of
# strings or a mapping to strings is translated whole.
TextSpec = str | tuple[str, tuple[Any, ...]]


@dataclasses.dataclass(frozen=True)
class LoadContext:
    """What building an artifact may need besides its own YAML."""

    templates_dir: Path
    figures: dict[str, str]


@dataclasses.dataclass(frozen=True)
class ArtifactKind:
    """One kind of artifact, as its module declares it."""

    name: str  # the value of ``kind:`` in the YAML
    label: str  # one of them, in words ("email template"), a message of the catalog
    plural: str  # several ("email templates"), a message of the catalog
    order: int  # where the kind comes in lists and the index
    fields: frozenset[str]  # required, besides the fields every artifact has
    optional: frozenset[str]
    # Builds the artifact from its YAML; ``common`` holds the fields every artifact has.
    build: Callable[[Any, dict[str, Any], Checker, LoadContext], Artifact]
    texts: tuple[TextSpec, ...] = ()  # what a translator translates, in reading order
    # Figures ("{{ pairing_minutes }}") are filled into its texts when it is loaded; an e-mail
    # template is Jinja2 itself and takes them as globals instead.
    fills_figures: bool = True
    # Messages besides its texts (a scorecard's flags in words), for the catalog.
    extra_messages: Callable[[Artifact], Iterator[str]] | None = None
    # Problems a translated artifact of this kind may have (an e-mail that no longer fills).
    translation_problems: Callable[[Artifact], list[tuple[str, str]]] | None = None

    def messages(self, artifact: Artifact) -> Iterator[str]:
        """Every text of ``artifact`` a reader sees, in the order they see it."""
        yield artifact.title
        yield artifact.summary
        yield from _texts(artifact, self.texts)
        if self.extra_messages is not None:
            yield from self.extra_messages(artifact)

    def translate(self, artifact: Artifact, t: Callable[[str], str]) -> Artifact:
        """``artifact`` with every text translated by ``t``."""
        changed = _translated(artifact, self.texts, t)
        return dataclasses.replace(artifact, title=t(artifact.title),
                                   summary=t(artifact.summary), **changed)


def _texts(entry: Any, spec: tuple[TextSpec, ...]) -> Iterator[str]:
    for item in spec:
        if isinstance(item, tuple):
            name, inner = item
            for child in getattr(entry, name):
                yield from _texts(child, inner)
            continue
        value = getattr(entry, item)
        if isinstance(value, str):
            if value:
                yield value
        elif isinstance(value, dict):
            yield from (v for v in value.values() if v)
        elif value:
            yield from (v for v in value if v)


def _translated(entry: Any, spec: tuple[TextSpec, ...], t: Callable[[str], str]) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    for item in spec:
        if isinstance(item, tuple):
            name, inner = item
            changed[name] = tuple(dataclasses.replace(child, **_translated(child, inner, t))
                                  for child in getattr(entry, name))
            continue
        value = getattr(entry, item)
        if isinstance(value, str):
            changed[item] = t(value) if value else value
        elif isinstance(value, dict):
            changed[item] = {key: t(v) for key, v in value.items()}
        elif value is not None:
            changed[item] = tuple(t(v) for v in value)
    return changed


@functools.cache
def artifact_kinds() -> dict[str, ArtifactKind]:
    """Every kind declared in this package, in their order."""
    found = []
    for module in pkgutil.iter_modules(__path__):
        declared = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if isinstance(declared, ArtifactKind):
            found.append(declared)
    return {kind.name: kind for kind in sorted(found, key=lambda k: (k.order, k.name))}


def kind_of(artifact: Artifact) -> ArtifactKind:
    return artifact_kinds()[artifact.kind]


def translation_problems(artifact: Artifact, source: str) -> list[ContentProblem]:
    check = kind_of(artifact).translation_problems
    return [ContentProblem(source, None, artifact.id, field, message)
            for field, message in (check(artifact) if check is not None else ())]
