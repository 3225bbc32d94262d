"""The house rules of DESIGN.md: layers import only downwards, with no cycle, lazy imports
included; no module grows past 400 lines; no module uses another's private names; and the kit
loads without Sphinx or the decision rule.

The import graph is read from the source with ``ast``, so an import inside a function counts as
much as one at the top of a module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "playbook_tools"

# Lowest first. A module may import its own layer and any layer below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "vocabulary", "yamlsource", "validation", "config", "folders", "files", "dates",
     "manifest", "system"),
    ("model",),
    ("render",),
    ("kit", "decide", "book"),  # book: render, model and the ground floor (DESIGN.md)
    ("records",),  # reads what decide defines (DESIGN.md)
    ("sphinx", "cli"),
)
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every playbook_tools module ``path`` imports, wherever in the file the import is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from playbook_tools.render import email` imports the module render.email.
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("playbook_tools"):
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, known) - {name} for name, path in found.items()}


def layer_of(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # the package's own __init__
    for number, names in enumerate(LAYERS):
        if parts[1] in names:
            return number
    raise AssertionError(f"{module} is in no layer of DESIGN.md; add it to LAYERS")


def test_every_module_sits_in_a_layer_and_imports_only_downwards() -> None:
    wrong = []
    for module, imported in graph().items():
        mine = layer_of(module)
        for other in imported:
            theirs = layer_of(other)
            if mine is None or theirs is None:
                continue
            same_layer_sideways = (mine == theirs and mine == 3
                                   and module.split(".")[1] != other.split(".")[1])
            if theirs > mine or same_layer_sideways:
                wrong.append(f"{module} imports {other}")
    assert wrong == []


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules, or [] (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_lazy_imports_included() -> None:
    # Package __init__ files are left out: importing a.b runs a/__init__, not a cycle of a's.
    edges = {m: {i for i in imported if not PACKAGE.joinpath(
        *i.split(".")[1:], "__init__.py").exists()} for m, imported in graph().items()}
    assert find_cycle(edges) == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_is_over_400_lines(module: str) -> None:
    lines = modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by what it does"


def test_no_module_uses_another_modules_private_names() -> None:
    found = modules()
    wrong = []
    for module, path in found.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module in found:
                wrong += [f"{module}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")
                           and node.module != module]
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") \
                    and not node.attr.startswith("__") and isinstance(node.value, ast.Name) \
                    and node.value.id in {m.rpartition(".")[2] for m in found} \
                    and node.value.id not in ("self", "cls"):
                wrong.append(f"{module}: {node.value.id}.{node.attr}")
    assert wrong == []


def test_the_kit_loads_without_sphinx_or_the_decision_rule() -> None:
    code = ("import sys, playbook_tools.kit.writer, playbook_tools.kit.candidate\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')"
            " or m.startswith('playbook_tools.decide')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_the_command_line_help_loads_nothing_heavy() -> None:
    code = ("import sys, playbook_tools.cli as cli\n"
            "cli.build_parser()\n"
            "heavy = ('sphinx', 'docutils', 'weasyprint', 'jinja2', 'icalendar', 'yaml')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
