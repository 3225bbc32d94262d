"""YAML loading that remembers line numbers, so every error can name its line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from playbook_tools.errors import PlaybookError


class YamlSyntaxError(PlaybookError):
    """Not parseable as YAML; knows the line so the content checker can report it."""

    def __init__(self, source: str, line: int | None, problem: str) -> None:
        self.source, self.line, self.problem = source, line, problem
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: not valid YAML: {problem}")


class LineDict(dict[str, Any]):
    """A mapping that knows the line of each key (1-based) and of itself."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """PyYAML's safe loader, held to the YAML 1.2 core schema and refusing aliases.

    YAML 1.1 (PyYAML's default) reads ``no`` as false and an unquoted ``9:5`` as the base-60
    number 545; here both stay text, as YAML 1.2 says, and the validators decide what they
    mean. Aliases are refused outright: a few lines of them can expand to gigabytes, and no
    file of the playbook needs them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)


# The YAML 1.2 core schema: null, true/false, decimal, octal (0o) and hex integers, and floats.
# No yes/no/on/off booleans, no base-60 numbers, no timestamps (dates stay text in ISO form).
_CORE_SCHEMA = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
)
_LineLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in _CORE_SCHEMA:
    _LineLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 0) if text.startswith("0x") else int(text, 10)


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        # Keys are names: take the text as written, so `no:` is the key "no".
        if isinstance(key_node, yaml.ScalarNode):
            key = str(key_node.value)
        else:
            key = str(loader.construct_object(key_node, deep=True))
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml_text(text: str, source: str) -> Any:
    """Parse YAML; a syntax error becomes one line naming the file and the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(source, mark.line + 1 if mark else None, problem) from exc
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise YamlSyntaxError(source, None, " ".join(str(exc).split())) from exc
    except (ValueError, OverflowError) as exc:  # an explicit !!timestamp 2027-02-30, a huge int
        raise YamlSyntaxError(source, None, " ".join(str(exc).split())) from exc


def load_yaml_file(path: Path, display: str | None = None) -> Any:
    source = display or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlaybookError(f"{source}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise PlaybookError(f"{source}: cannot be read: {exc.strerror}") from exc
    return load_yaml_text(text, source)


def line_of(container: Any, key: str | int | None = None) -> int | None:
    """The line of a key (or list index) in a loaded container, or of the container itself."""
    if isinstance(container, LineDict):
        if isinstance(key, str) and key in container.key_lines:
            return container.key_lines[key]
        return container.line or None
    if isinstance(container, LineList):
        if isinstance(key, int) and 0 <= key < len(container.item_lines):
            return container.item_lines[key]
        return container.line or None
    return None
