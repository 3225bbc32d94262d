"""The content model's typed objects: every artifact, and the ``Playbook`` that holds them.

Every consumer (the pages, the printables, the emails, the kit and the decision) reads these
same objects, made by ``model.loader`` from ``docs/playbook/``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar, TypeVar

from playbook_tools.config import PlaybookConfig
from playbook_tools.errors import PlaybookError
from playbook_tools.model.formats import InterviewFormat
from playbook_tools.vocabulary import Kind

# The metadata of a field that says where an artifact was read from, for messages: it shapes
# nothing the artifact prints, so a copy of the handbook in another folder prints the same.
WHERE_READ = {"where_read": True}


@dataclasses.dataclass(frozen=True)
class Artifact:
    kind: Kind
    id: str
    title: str
    summary: str
    audience: tuple[str, ...]
    stage: str
    page: str
    source: Path = dataclasses.field(metadata=WHERE_READ)
    line: int = dataclasses.field(metadata=WHERE_READ)

    # Whether the kind prints: a printout and a PDF, for its page and the kit.
    printable: ClassVar[bool] = False


@dataclasses.dataclass(frozen=True)
class ChecklistItem:
    text: str
    why: str | None


@dataclasses.dataclass(frozen=True)
class Checklist(Artifact):
    printable: ClassVar[bool] = True
    items: tuple[ChecklistItem, ...] = ()


@dataclasses.dataclass(frozen=True)
class Area:
    id: str
    title: str
    look_for: str
    prompts: tuple[str, ...]
    evidence: str
    anchors: dict[str, str]


@dataclasses.dataclass(frozen=True)
class Scorecard(Artifact):
    printable: ClassVar[bool] = True
    instructions: str | None = None
    areas: tuple[Area, ...] = ()
    strengths: tuple[str, ...] = ()  # flags that speak for the candidate
    concerns: tuple[str, ...] = ()  # flags that speak against

    @property
    def flags(self) -> tuple[str, ...]:
        return (*self.strengths, *self.concerns)

    def flag_kind(self, flag: str) -> str | None:
        """'strength', 'concern', or None for a tag the card does not list."""
        if flag in self.strengths:
            return "strength"
        return "concern" if flag in self.concerns else None

    def area(self, area_id: str) -> Area | None:
        return next((a for a in self.areas if a.id == area_id), None)


@dataclasses.dataclass(frozen=True)
class Variable:
    name: str
    description: str
    example: str


@dataclasses.dataclass(frozen=True)
class EmailTemplate(Artifact):
    sender: str = ""
    when: str = ""
    subject: str = ""
    body: str = ""  # the path under the templates folder, as written in the YAML
    body_source: str = ""
    body_path: Path = dataclasses.field(default=Path(), metadata=WHERE_READ)
    variables: tuple[Variable, ...] = ()

    @property
    def variable_names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)

    def example_values(self) -> dict[str, str]:
        return {v.name: v.example for v in self.variables}


@dataclasses.dataclass(frozen=True)
class Playbook:
    """Every artifact, with the settings and folders they were loaded with."""

    artifacts: dict[str, Artifact]
    config: PlaybookConfig
    srcdir: Path
    templates_dir: Path
    language: str = "en"
    # Translates a fixed label (a stage, a rating, a layout's heading) into ``language``.
    gettext: Callable[[str], str] = str
    # The interview formats (model/formats.py), by id.
    formats: dict[str, InterviewFormat] = dataclasses.field(default_factory=dict)

    def interview_format(self, format_id: str) -> InterviewFormat:
        try:
            return self.formats[format_id]
        except KeyError:
            raise PlaybookError(f"no interview format '{format_id}'; the formats are: "
                                + ", ".join(self.formats)) from None

    def __iter__(self) -> Iterator[Artifact]:
        return iter(self.artifacts.values())

    def get(self, artifact_id: str) -> Artifact:
        try:
            return self.artifacts[artifact_id]
        except KeyError:
            raise PlaybookError(
                f"no artifact with id '{artifact_id}'; `playbook list` shows the ids"
            ) from None

    def of_kind(self, kind: Kind) -> list[Artifact]:
        return [a for a in self.artifacts.values() if a.kind == kind]

    def checklist(self, artifact_id: str) -> Checklist:
        return _expect(self.get(artifact_id), Checklist)

    def scorecard(self, artifact_id: str) -> Scorecard:
        return _expect(self.get(artifact_id), Scorecard)

    def email(self, artifact_id: str) -> EmailTemplate:
        return _expect(self.get(artifact_id), EmailTemplate)

    def fingerprint(self, artifact: Artifact) -> str:
        """A hash of everything an artifact's printouts are made from (for the PDF cache): not
        where it was read from, so that a clone or a fork elsewhere uses the PDFs kept for it."""
        content = [(field.name, getattr(artifact, field.name))
                   for field in dataclasses.fields(artifact)
                   if not field.metadata.get("where_read")]
        digest = hashlib.sha256(repr((type(artifact).__name__, content)).encode())
        digest.update(repr(self.config).encode())
        return digest.hexdigest()[:16]


_A = TypeVar("_A", bound=Artifact)


def _expect(artifact: Artifact, cls: type[_A]) -> _A:
    if not isinstance(artifact, cls):
        wanted = cls.__name__.lower().replace("emailtemplate", "email template")
        raise PlaybookError(f"artifact '{artifact.id}' is a {artifact.kind}, not a {wanted}")
    return artifact
