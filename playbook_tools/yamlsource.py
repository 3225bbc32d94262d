"""YAML loading that remembers line numbers, so every error can name its line.

Every file a person writes or edits (the content, a candidate file, a filled form, a data file)
is read here, so a hostile one is refused the same way everywhere: no aliases, no nesting
deeper than any playbook file needs, no file larger than one (issue 9).
"""

from __future__ import annotations

import re
import stat
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


# The largest file read: far above any real one (the handbook's largest is a few KB), and small
# enough that pure-Python PyYAML reads it in about a second.
MAX_BYTES = 256 * 1024
# Deeper than any playbook file (a form is four levels deep); a deeper file is refused before
# Python's recursion limit turns it into a traceback.
MAX_DEPTH = 20


class _GuardedComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing aliases and deep nesting before either can do harm.

    Aliases are refused outright: a few lines of them can expand to gigabytes, and no file of
    the playbook needs them.
    """

    depth = 0
    check_event: Any  # the parser's, beside it in the loader
    peek_event: Any

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here; write the value out",
                event.start_mark)
        if self.depth >= MAX_DEPTH:
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _LineLoader(_GuardedComposer, yaml.SafeLoader):
    """PyYAML's safe loader, held to the YAML 1.2 core schema and refusing aliases.

    YAML 1.1 (PyYAML's default) reads ``no`` as false and an unquoted ``9:5`` as the base-60
    number 545; here both stay text, as YAML 1.2 says, and the validators decide what they
    mean.
    """


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastLineLoader(_GuardedComposer, CParser,
                          yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """The same loader with libyaml's scanner and parser, written in C: reading the
        content took most of the time ``playbook`` commands spend before their own work.

        libyaml hands the events to the composer above, so aliases and deep nesting are
        refused as before; libyaml keeps its own nesting in stacks, not in recursion.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _GuardedComposer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


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


def _construct_bool(loader: _LineLoader, node: yaml.ScalarNode) -> bool:
    # An explicit `!!bool maybe` would otherwise fail with a KeyError deep inside PyYAML.
    text = str(node.value)
    if text.lower() not in ("true", "false"):
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not true or false", node.start_mark)
    return text.lower() == "true"


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_LineLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        # Keys are names: take the text as written, so `no:` is the key "no".
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a name, not a list or a mapping", key_node.start_mark)
        key = str(key_node.value)
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
if yaml.__with_libyaml__:
    _FastLineLoader.yaml_implicit_resolvers = _LineLoader.yaml_implicit_resolvers
    _FastLineLoader.yaml_constructors = _LineLoader.yaml_constructors
_LOADER: type = _FastLineLoader if yaml.__with_libyaml__ else _LineLoader


def load_yaml_text(text: str, source: str) -> Any:
    """Parse YAML; a syntax error becomes one line naming the file and the line."""
    if len(text) > MAX_BYTES:
        raise PlaybookError(f"{source}: {too_large(len(text), 'characters')}")
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(source, mark.line + 1 if mark else None, problem) from exc
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise YamlSyntaxError(source, None, " ".join(str(exc).split())) from exc
    # An explicit !!timestamp 2027-02-30, a huge int, `!!map text`: PyYAML's constructors
    # raise these for values they cannot build.
    except (ValueError, OverflowError, LookupError, TypeError) as exc:
        raise YamlSyntaxError(source, None, " ".join(str(exc).split())) from exc


def too_large(size: int, unit: str = "bytes") -> str:
    return f"is too large ({size:,} {unit}); a playbook file is at most {MAX_BYTES:,} {unit}"


def read_text_file(path: Path, display: str, what: str = "file") -> str:
    """A file a person gave, as text: one line naming it if it is missing, a folder, not a
    regular file (a pipe would block, a device never end), too large, or not UTF-8."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PlaybookError(f"{display}: no such {what}") from None
    except OSError as exc:
        raise PlaybookError(f"{display}: cannot be read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise PlaybookError(f"{display}: is a folder; give the {what}")
    if not stat.S_ISREG(info.st_mode):
        raise PlaybookError(f"{display}: is not a regular file; give the {what}")
    if info.st_size > MAX_BYTES:
        raise PlaybookError(f"{display}: {too_large(info.st_size)}")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlaybookError(f"{display}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise PlaybookError(f"{display}: cannot be read: {exc.strerror}") from None


def load_yaml_file(path: Path, display: str | None = None, what: str = "file") -> Any:
    source = display or str(path)
    return load_yaml_text(read_text_file(path, source, what), source)


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
