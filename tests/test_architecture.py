"""The shape of the package, checked rather than remembered (see docs/architecture.md).

- the import-linter contracts in ``pyproject.toml`` hold (layers, Streamlit only in the UI, no Pyomo
  below the solver layer);
- no import cycles between modules of ``optimizer``;
- no module of ``optimizer`` over 400 lines;
- an import inside a function says why in a ``# lazy: ...`` comment on its line or the one above
  (the reason must be a measured start-up cost, such as Pyomo's or matplotlib's import time).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import networkx as nx
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "optimizer"
MAX_LINES = 400
LAZY_MARK = "# lazy:"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _cycles(edges: list[tuple[str, str]]) -> list[list[str]]:
    graph = nx.DiGraph(edges)
    return [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]


def test_cycle_finder_sees_a_cycle() -> None:
    assert _cycles([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [["a", "b", "c"]]


def test_no_import_cycles_between_modules() -> None:
    graph = grimp.build_graph("optimizer", cache_dir=None)
    edges = [
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        # a package's __init__ naming its own modules is its front door, not a cycle
        if not imported.startswith(module + ".") and not module.startswith(imported + ".")
    ]
    assert _cycles(edges) == []


def test_no_module_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def _unexplained_function_imports(source: str) -> list[int]:
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import | ast.ImportFrom) and not _explained(
                lines, inner.lineno - 1
            ):
                found.append(inner.lineno)
    return sorted(set(found))


def _explained(lines: list[str], index: int) -> bool:
    """A ``# lazy:`` comment on the import's line, or in the block of comments and imports
    right above it (one comment may explain several imports in a row)."""
    if LAZY_MARK in lines[index]:
        return True
    for line in reversed(lines[:index]):
        text = line.strip()
        if LAZY_MARK in text:
            return True
        if not text.startswith(("#", "from ", "import ", ")")) and not text.endswith(","):
            return False
    return False


def test_unexplained_import_is_found() -> None:
    source = (
        "def f():\n    import os\n\n"
        "def g():\n    # lazy: 1 s\n    # more words\n    import pyomo\n    import pyomo.environ\n"
        "    x = 1\n    import json\n"
    )
    assert _unexplained_function_imports(source) == [2, 10]


def test_function_level_imports_say_why() -> None:
    unexplained = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := _unexplained_function_imports(path.read_text(encoding="utf-8")))
    }
    assert unexplained == {}
