"""The scorecard: interview areas, each with what to look for, prompts and an anchor per
rating, and the flags an interviewer may tick."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from playbook_tools.model.artifacts import Area, Artifact, Scorecard
from playbook_tools.model.kinds import ID_PATTERN, ArtifactKind, LoadContext
from playbook_tools.validation import Checker
from playbook_tools.vocabulary import FLAG_KINDS, RATINGS


def build(data: Any, common: dict[str, Any], check: Checker, context: LoadContext) -> Artifact:
    areas, flags = _scorecard_parts(data, check)
    instructions = data.get("instructions")
    return Scorecard(
        **common,
        areas=tuple(areas),
        strengths=tuple(flags.get("strengths", ())),
        concerns=tuple(flags.get("concerns", ())),
        instructions=instructions.strip() if isinstance(instructions, str) else None,
    )


def _scorecard_parts(data: Any, check: Checker) -> tuple[list[Area], dict[str, list[str]]]:
    raw = data.get("areas")
    areas: list[Area] = []
    if not isinstance(raw, list) or not raw:
        check.problem(data, "areas", "areas", "expected a list of interview areas")
        raw = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"areas[{index}]"
        if not check.fields(
            entry, where, {"id", "title", "look_for", "prompts", "evidence", "anchors"}
        ):
            continue
        area_id = check.text(entry, "id", where)
        if area_id and not ID_PATTERN.match(area_id):
            check.problem(entry, "id", f"{where}.id", "use lower-case letters, digits and hyphens")
        if area_id in seen:
            check.problem(entry, "id", f"{where}.id", f"duplicate area id '{area_id}'")
        seen.add(area_id)
        anchors_raw = entry.get("anchors")
        anchors: dict[str, str] = {}
        if check.fields(anchors_raw, f"{where}.anchors", set(RATINGS)):
            anchors = {r: check.text(anchors_raw, r, f"{where}.anchors") for r in RATINGS}
        areas.append(
            Area(
                id=area_id,
                title=check.text(entry, "title", where),
                look_for=check.text(entry, "look_for", where),
                prompts=tuple(check.text_list(entry, "prompts", where)),
                evidence=check.text(entry, "evidence", where),
                anchors=anchors,
            )
        )
    flags: dict[str, list[str]] = {}
    if check.fields(data.get("flags"), "flags", set(FLAG_KINDS)):
        flags = {kind: check.text_list(data["flags"], kind, "flags") for kind in FLAG_KINDS}
        both = set(flags["strengths"]) & set(flags["concerns"])
        for flag in sorted(both):
            check.problem(data, "flags", "flags", f"'{flag}' is both a strength and a concern; "
                          "name each flag so it is clearly one of them")
    return areas, flags



def flag_words(artifact: Artifact) -> Iterator[str]:
    """A flag is an id; the printout shows it in words (print/scorecard.html.j2)."""
    if isinstance(artifact, Scorecard):
        yield from (flag.replace("-", " ") for flag in artifact.flags)


KIND = ArtifactKind(
    name="scorecard", label="scorecard", plural="scorecards", order=2,
    fields=frozenset({"areas", "flags"}), optional=frozenset({"instructions"}), build=build,
    texts=("instructions",
           ("areas", ("title", "look_for", "prompts", "evidence", "anchors"))),
    extra_messages=flag_words,
)
