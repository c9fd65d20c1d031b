"""The layout is the architecture: docs/architecture.md maps every module, and no module
imports its way back to itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "iepcheck"
MAP = ROOT / "docs" / "architecture.md"
OUTSIDE_THE_MAP_TABLES = {"__init__.py", "__main__.py"}


def modules() -> set[str]:
    """Every module, as the map names it (`plan/model.py`); package `__init__`s are empty
    and not listed, but for `cli/__init__.py`, which holds the command table."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        name = path.relative_to(PACKAGE).as_posix()
        if path.name == "__init__.py" and name != "cli/__init__.py":
            continue
        if name not in OUTSIDE_THE_MAP_TABLES:
            found.add(name)
    return found


def mapped() -> set[str]:
    section = MAP.read_text().split("## Module map", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_/]+\.py)` \|", section, re.MULTILINE))


def test_every_module_is_on_the_map_and_the_map_names_only_modules() -> None:
    assert modules() - mapped() == set(), "add these modules to docs/architecture.md"
    assert mapped() - modules() == set(), "the map names modules that are gone"


def test_package_inits_are_empty() -> None:
    """Start-up pays for nothing a command does not use."""
    for init in PACKAGE.glob("*/__init__.py"):
        if init.parent.name != "cli":
            assert init.read_text().strip() == "", init


def test_the_top_level_holds_only_what_every_package_shares() -> None:
    entries = {p.name for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    assert len(entries) <= 15, sorted(entries)


def _imports() -> dict[str, set[str]]:
    names: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        names[dotted.removesuffix(".__init__")] = path

    def known(name: str) -> str | None:
        while name and name not in names:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for target in targets:
                found = known(target)
                if found and found != name and found != "iepcheck":
                    graph[name].add(found)
    return graph


def test_no_import_circles() -> None:
    """Every import counts, lazy and type-only ones too: a circle hidden in a function is
    still two modules that cannot be understood apart."""
    graph = _imports()
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []
