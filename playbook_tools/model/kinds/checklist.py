"""The checklist: ordered items, each a short imperative with an optional reason ("why")."""

from __future__ import annotations

from typing import Any

from playbook_tools.model.artifacts import Artifact, Checklist, ChecklistItem
from playbook_tools.model.kinds import ArtifactKind, LoadContext
from playbook_tools.validation import Checker

ITEM_TEXT_LIMIT = 110
ITEM_WHY_LIMIT = 160


def build(data: Any, common: dict[str, Any], check: Checker, context: LoadContext) -> Artifact:
    return Checklist(**common, items=tuple(_items(data, check)))


def _items(data: Any, check: Checker) -> list[ChecklistItem]:
    raw = data.get("items")
    if not isinstance(raw, list) or not raw:
        check.problem(data, "items", "items", "expected a list of items, each with 'text'")
        return []
    items = []
    for index, entry in enumerate(raw):
        where = f"items[{index}]"
        if not check.fields(entry, where, {"text"}, {"why"}):
            continue
        text = check.text(entry, "text", where, limit=ITEM_TEXT_LIMIT)
        why = check.text(entry, "why", where, limit=ITEM_WHY_LIMIT) if "why" in entry else None
        items.append(ChecklistItem(text, why))
    return items



KIND = ArtifactKind(
    name="checklist", label="checklist", plural="checklists", order=1,
    fields=frozenset({"items"}), optional=frozenset(), build=build,
    texts=(("items", ("text", "why")),),
)
