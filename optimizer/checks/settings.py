"""``scenario.yaml`` against its declarations in :data:`optimizer.schema.SETTINGS`.

Required, unknown and misnamed settings, values of the wrong type or out of range, output streams
that lead nowhere, and a chain of output streams that flows back on itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .. import schema
from ..coerce import expected, setting_expected, unknown_setting
from ..problems import Problem
from ..scenario import Scenario
from ..schema.paths import (
    DECLARED,
    declared_leaf,
    is_group,
    name_kind,
    prefix_matches,
)
from ..words.said import Described, said
from .common import _listing

#: What a service or pollutant name may look like.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")


_SERVICES_EXPECTED = said(
    "problem.services_expected", example="services: {sewage: {unit: m3, conveyance: pipe}}"
)


class _SettingsChecker:
    """Walks scenario.yaml against the declarations, collecting problems."""

    def __init__(self, scenario: Scenario) -> None:
        self.source = scenario.settings_label
        self.lines = scenario.settings_lines
        raw = scenario.settings.get("services")
        self.services = {str(k) for k in raw} if isinstance(raw, dict) else None
        self.problems: list[Problem] = []

    def add(self, path: str, expected: str, severity: str = "error", **kwargs: Any) -> None:
        kwargs.setdefault("line", self._line(path))
        self.problems.append(Problem(self.source, path, expected, severity=severity, **kwargs))

    def _line(self, path: str) -> int | None:
        """Where ``path`` (or the nearest group above it) is written, when read from a file."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path.rsplit(".", 1)[0] if "." in path else ""
        return None

    def walk(self, node: Mapping, parts: tuple[str, ...], label: str) -> None:
        self._required_children(node, parts, label)
        for key, value in node.items():
            key = str(key)
            if not parts and key in schema.STRUCTURE_KEYS:
                continue
            child, child_label = (*parts, key), f"{label}.{key}" if label else key
            self._name(child, child_label, key)
            leaf = declared_leaf(child)
            if leaf is not None:
                self._leaf(leaf, value, child, child_label)
            elif is_group(child):
                self._group(value, child, child_label)
            else:
                self.add(
                    child_label,
                    unknown_setting(child, child_label),
                    found=said("problem.unknown_setting"),
                )

    def _required_children(self, node: Mapping, parts: tuple[str, ...], label: str) -> None:
        for pattern, declared in DECLARED:
            if (
                declared.required
                and len(pattern) == len(parts) + 1
                and prefix_matches(pattern, parts)
                and pattern[-1] not in node
            ):
                path = f"{label}.{pattern[-1]}" if label else pattern[-1]
                self.add(
                    path,
                    said(
                        "problem.required_setting",
                        expected=expected(declared),
                        description=Described(declared.description, bare=True),
                    ),
                    found=said("problem.no_setting"),
                )

    def _name(self, parts: tuple[str, ...], label: str, key: str) -> None:
        kind = name_kind(parts)
        if kind is None:
            return
        if not NAME_PATTERN.match(key):
            what = said(f"problem.kind.{kind.strip('<>')}")
            self.add(
                label,
                said("problem.name_letters", what=what),
                value=key,
                found=said("problem.bad_name", what=what, name=repr(key)),
            )
            return
        declared = self.services
        if kind == "<service>" and parts[0] != "services" and declared and key not in declared:
            self.add(
                label,
                said(
                    "problem.service_declared", group="services", names=_listing(sorted(declared))
                ),
                value=key,
                found=said("problem.unknown_service", name=repr(key)),
            )

    def _group(self, value: Any, parts: tuple[str, ...], label: str) -> None:
        if parts == ("services",) and not value:
            self.add(label, _SERVICES_EXPECTED, found=said("problem.no_service"))
            return
        if value is None:
            value = {}  # an empty group: its defaults, but what it requires is still required
        if not isinstance(value, dict):
            self.add(label, said("problem.group"), value=value)
            return
        self.walk(value, parts, label)

    def _leaf(
        self, declared: schema.Setting, value: Any, parts: tuple[str, ...], label: str
    ) -> None:
        trouble = setting_expected(declared, value)
        if trouble is not None:
            self.add(label, trouble, value=value)
            return
        if declared.type == "list" and parts[-1] == "outputs":
            for i, output in enumerate(value):
                where = f"{label}[{i}]"
                if not isinstance(output, dict):
                    self.add(
                        where,
                        said("problem.output_stream", example="{name: ..., ratio: ..., to: ...}"),
                        value=output,
                    )
                    continue
                self.walk(output, (*parts[:-1], "outputs[]"), where)
                self._output(output, where)

    def _output(self, output: Mapping, label: str) -> None:
        to = output.get("to")
        if to is None and output.get("sink_price_cny_per_unit") is None:
            self.add(
                label,
                said("problem.downstream", to="to: ...", sink="sink_price_cny_per_unit: ..."),
                found=said("problem.neither"),
            )
        elif to is not None and self.services is not None and str(to) not in self.services:
            self.add(
                f"{label}.to",
                said(
                    "problem.service_declared",
                    group="services",
                    names=_listing(sorted(self.services)),
                ),
                value=to,
            )


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _output_cycle(settings: Mapping[str, Any]) -> list[str] | None:
    """A cycle in the chain of output streams (``['a', 'b', 'a']``), or None.

    >>> _output_cycle(
    ...     {"services": {"a": {"outputs": [{"to": "b"}]}, "b": {"outputs": [{"to": "a"}]}}}
    ... )
    ['a', 'b', 'a']
    """
    services = settings.get("services")
    if not isinstance(services, dict):
        return None
    edges = [
        (str(name), str(output["to"]))
        for name, service in services.items()
        for output in _listed(service.get("outputs") if isinstance(service, dict) else None)
        if isinstance(output, dict) and output.get("to") is not None
    ]
    if not edges:
        return None
    # lazy: networkx is 80-150 ms of `optimizer validate`'s start, and most scenarios have no
    # output streams to follow
    import networkx as nx

    graph = nx.DiGraph(edges)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return [str(u) for u, _ in cycle] + [str(cycle[0][0])]


def _settings_problems(scenario: Scenario) -> list[Problem]:
    checker = _SettingsChecker(scenario)
    checker.walk(scenario.settings, (), "")
    if "services" not in scenario.settings:
        checker.add("services", _SERVICES_EXPECTED, found=said("problem.no_service"))
    cycle = _output_cycle(scenario.settings)
    if cycle:
        checker.add(
            f"services.{cycle[0]}.outputs",
            said("problem.never_back"),
            found=said("problem.cycle", cycle=" -> ".join(cycle)),
        )
    return checker.problems
