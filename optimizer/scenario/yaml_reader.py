"""The one way YAML is read: ``scenario.yaml``, a settings cell of a workbook, a batch spec, the
app's YAML editor.

Safe loading (no Python objects), and stricter than YAML's defaults where those would silently
change what was written:

* a key written twice in one mapping is an error naming both lines (never a silent last-wins);
* ``1e-2`` and ``1e3`` are numbers (YAML 1.1 reads an exponent without a dot as text);
* nesting deeper than :data:`~optimizer.schema.limits.MAX_YAML_DEPTH`, and aliases (``*name``)
  that would expand to more than :data:`~optimizer.schema.limits.MAX_YAML_VALUES` values (an
  "alias bomb"), or into themselves, are refused before any Python value is built;
* text longer than :data:`~optimizer.schema.limits.MAX_SETTINGS_BYTES` is refused unread.

Every refusal is a :class:`~optimizer.problems.ScenarioError` naming the source and the line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ..problems import Problem, ScenarioError
from ..schema.limits import MAX_SETTINGS_BYTES, MAX_YAML_DEPTH, MAX_YAML_VALUES
from ..words.said import said

#: YAML 1.2's floats: an exponent needs no dot (``1e-2``); YAML 1.1 reads those as text.
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class YamlRefused(yaml.YAMLError):
    """YAML that is well formed but refused: ``expected`` and ``found`` say why, at ``mark``."""

    def __init__(self, expected: str, found: str, mark: yaml.Mark | None) -> None:
        super().__init__(f"{found}; expected {expected}")
        self.expected = expected
        self.found = found
        self.problem_mark = mark


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with a depth limit while composing, and duplicate keys refused."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlRefused(
                    said("read.yaml_depth", depth=MAX_YAML_DEPTH),
                    said("read.deeper"),
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:
        if isinstance(node, MappingNode):
            _refuse_duplicates(self, node)
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789"))


def _refuse_duplicates(loader: _StrictLoader, node: MappingNode) -> None:
    lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
            continue
        key = loader.construct_object(key_node)
        line = key_node.start_mark.line + 1
        if key in lines:
            raise YamlRefused(
                said("read.key_once"),
                said("read.line_key_again", key=repr(key), line=lines[key]),
                key_node.start_mark,
            )
        lines[key] = line


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _refuse_expansion(root: Node) -> None:
    """Refuse a document whose aliases expand past the limits, or into themselves.

    Sizes and heights are memoised per node, so a bomb is measured in time linear in the text.
    """
    measured: dict[int, tuple[int, int]] = {}  # node -> (values once expanded, height)
    open_nodes: set[int] = set()

    def measure(node: Node, level: int) -> tuple[int, int]:
        key = id(node)
        if key in open_nodes:
            raise YamlRefused(
                said("read.alias_before", alias="*name"),
                said("read.alias_inside"),
                node.start_mark,
            )
        if key not in measured:
            if level > MAX_YAML_DEPTH:
                raise _too_deep(node)
            open_nodes.add(key)
            size, height = 1, 0
            for child in _children(node):
                child_size, child_height = measure(child, level + 1)
                size, height = size + child_size, max(height, child_height + 1)
                if size > MAX_YAML_VALUES:
                    raise YamlRefused(
                        said("read.values_at_most", limit=f"{MAX_YAML_VALUES:,}", alias="*name"),
                        said("read.aliases_expand"),
                        node.start_mark,
                    )
            open_nodes.discard(key)
            measured[key] = (size, height)
        size, height = measured[key]
        if level + height > MAX_YAML_DEPTH:
            raise _too_deep(node)
        return size, height

    measure(root, 1)


def _too_deep(node: Node) -> YamlRefused:
    return YamlRefused(
        said("read.yaml_depth_expanded", depth=MAX_YAML_DEPTH),
        said("read.deeper"),
        node.start_mark,
    )


def yaml_problem(source: str, error: yaml.YAMLError) -> Problem:
    """A YAML error as a problem naming its line."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    if isinstance(error, YamlRefused):
        return Problem(source, None, error.expected, line=line, found=error.found)
    if isinstance(error, yaml.reader.ReaderError):
        found = said("read.control_character", character=repr(chr(error.character)))
        return Problem(source, None, said("read.printable"), found=found)
    what = getattr(error, "problem", None) or str(error)
    return Problem(
        source, None, said("read.valid_yaml"), line=line, found=said("read.syntax_error", what=what)
    )


def load_yaml(text: str, source: str) -> Any:
    """Read YAML text strictly (see the module); ``source`` names it in problems.

    >>> load_yaml("rate: 1e-2", "x.yaml")
    {'rate': 0.01}
    >>> load_yaml("a: 1\\na: 2", "x.yaml")
    Traceback (most recent call last):
    optimizer.problems.ScenarioError: 1 problem in the scenario:
    - x.yaml line 2: found the key 'a' again (first on line 1), expected each key once in a mapping

    Raises
    ------
    ScenarioError
        Text too long, a syntax error, a duplicate key, too deep, or aliases that expand too far.
    """
    return load_yaml_lines(text, source)[0]


def load_yaml_lines(text: str, source: str) -> tuple[Any, dict[str, int]]:
    """:func:`load_yaml`, and the line of each key as a dotted path (``services.sewage.unit``,
    ``services.sewage.outputs[0].ratio``).

    >>> load_yaml_lines("a:\\n  b: [1, {c: 2}]", "x.yaml")[1]
    {'a': 1, 'a.b': 2, 'a.b[0]': 2, 'a.b[1]': 2, 'a.b[1].c': 2}
    """
    if len(text) > MAX_SETTINGS_BYTES:
        raise ScenarioError([too_large(source, len(text.encode("utf-8", "replace")))])
    loader = None
    try:
        loader = _StrictLoader(text)  # refuses control characters at once
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _refuse_expansion(node)
        return loader.construct_document(node), _lines(node)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise ScenarioError([replace(yaml_problem(source, error), line=line)]) from None
    except yaml.YAMLError as error:
        raise ScenarioError([yaml_problem(source, error)]) from None
    except RecursionError:  # a structure PyYAML itself cannot walk (never seen within the limits)
        raise ScenarioError(
            [Problem(source, None, said("read.less_deep"), found=said("read.too_deep"))]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _lines(root: Node) -> dict[str, int]:
    """The line of each key and list item under ``root`` (the first place an alias is written)."""
    lines: dict[str, int] = {}
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, label = stack.pop()
        if isinstance(node, MappingNode):
            items = [
                (f"{label}.{k.value}" if label else str(k.value), k, v)
                for k, v in node.value
                if isinstance(k, yaml.ScalarNode)
            ]
        elif isinstance(node, SequenceNode):
            items = [(f"{label}[{i}]", v, v) for i, v in enumerate(node.value)]
        else:
            continue
        for child_label, marked, value in reversed(items):
            if child_label not in lines and len(lines) < MAX_YAML_VALUES:
                lines[child_label] = marked.start_mark.line + 1
                stack.append((value, child_label))
    return dict(sorted(lines.items(), key=lambda item: (item[1], item[0])))


def too_large(source: str, size: int) -> Problem:
    """A settings text or file over :data:`~optimizer.schema.limits.MAX_SETTINGS_BYTES`."""
    return Problem(
        source,
        None,
        said("read.settings_bytes", limit=f"{MAX_SETTINGS_BYTES:,}"),
        found=said("read.bytes", size=f"{size:,}"),
    )
