"""Validation: everything wrong with a scenario, found at once, in words a park planner can act on.

:func:`check` runs, in order, and collects rather than stopping at the first problem:

1. what the loader found (missing files or columns, cells that do not parse, unknown columns);
2. ``scenario.yaml`` against :data:`optimizer.schema.SETTINGS` (required settings, types, ranges,
   names, the chain of output streams);
3. each table against its declaration (empty required cells, ranges, lists, duplicate ids,
   references to enterprises, sites, nodes, services and pollutants, self-loops);
4. supply and reach (a service nobody hosts, a demand that nothing can serve) -- only when the
   tables they need are clean, so that a bad coordinate never crashes a distance computation;
5. :func:`diagnose`: pre-solve arithmetic that names the culprits of an infeasible scenario.

Every :class:`Problem` names the file or sheet, the row id and line, the column, the value and
what was expected; most say how to fix it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from . import schema
from .coerce import row_ids
from .costs import TONNES_PER_M3_MG_PER_L
from .problems import Problem, ScenarioError
from .scenario import Scenario
from .supply import allowed_services, site_tiers

__all__ = ["Problem", "ScenarioError", "check", "diagnose", "require_valid"]

#: What a service or pollutant name may look like.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")

#: How many ids a message lists before it says "and N more".
SHOWN = 6


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def check(scenario: Scenario) -> list[Problem]:
    """Every problem of a scenario, errors and warnings (see :attr:`Problem.severity`).

    Runs the loader's findings, the settings, the tables, supply and reach, and :func:`diagnose`.
    Checks that need clean inputs (distances, capacities) are skipped while those inputs have
    errors; fix the reported errors and check again to see them.

    Parameters
    ----------
    scenario
        The scenario, as loaded (its variant applied); it is left alone.

    Returns
    -------
    list[Problem]
        In the order found: loader, settings, tables, supply and reach, feasibility. Empty when
        nothing is wrong. Never raises for bad data.

    Examples
    --------
    >>> from optimizer.scenario import scenario_from_tables
    >>> import pandas as pd
    >>> bare = scenario_from_tables({"name": "x", "cost_year": 2024}, {})
    >>> [p.column for p in check(bare) if p.source == "scenario.yaml"]
    ['services']
    """
    problems = _input_problems(scenario)
    gate = _Gate.of(scenario, problems)
    supply = _supply(scenario) if gate.reach_ok else None
    problems += _supply_problems(scenario, gate, supply)
    problems += _diagnose(scenario, gate, supply)
    return problems


def require_valid(scenario: Scenario) -> list[Problem]:
    """Check a scenario before it is used.

    Returns
    -------
    list[Problem]
        The warnings, when there is no error.

    Raises
    ------
    ScenarioError
        When :func:`check` finds any error; ``problems`` holds every error and warning.
    """
    problems = check(scenario)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise ScenarioError(problems)
    return problems


def diagnose(scenario: Scenario) -> list[Problem]:
    """Only the pre-solve feasibility checks: arithmetic that proves a scenario infeasible.

    1. a demand that must be shared (self-treatment not allowed) above the largest tier at every
       site within its reach (above all of them together when ``solver.single_sourcing`` is off);
    2. per service, the demand that must be shared above the largest tiers of the reachable
       sites (the ``policy.max_facilities`` largest);
    3. a pollutant cap below the discharge left when every demand gets its best treatment;
    4. a required site with no tier, or none that fits its area;
    5. a capital budget below the cheapest capex any feasible plan needs;
    6. more required sites than ``policy.max_facilities`` allows in total;
    7. an existing facility at a forbidden site.

    They run on the inputs that are clean (see :func:`check`, which includes them) and name the
    enterprises, sites, services and rules at fault, with a way to fix each.

    Returns
    -------
    list[Problem]
        Errors; empty when the arithmetic finds nothing.
    """
    gate = _Gate.of(scenario, _input_problems(scenario))
    return _diagnose(scenario, gate, _supply(scenario) if gate.reach_ok else None)


def _input_problems(scenario: Scenario) -> list[Problem]:
    """What is wrong with the inputs one by one: loader, settings, tables."""
    return [*scenario.load_problems, *_settings_problems(scenario), *_table_problems(scenario)]


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """A number for messages: thousands separated, at most two decimals, or four significant digits.

    >>> _num(1040444.375), _num(420.0), _num(0.000123), _num(12.345)
    ('1,040,444.38', '420', '0.000123', '12.35')
    """
    value = float(value)
    if value == 0 or abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.4g}"


def _listing(items: Iterable[Any], limit: int = SHOWN) -> str:
    """Up to ``limit`` items joined by commas, then how many more.

    >>> _listing(["a", "b", "c"], 2)
    'a, b and 1 more'
    """
    items = [str(i) for i in items]
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])} and {len(items) - limit} more"


def _nonempty_dict(value: Any) -> bool:
    return isinstance(value, dict) and bool(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _member(values: pd.Series, allowed: set) -> np.ndarray:
    """Which values are in ``allowed`` (missing ones are not), as a boolean array.

    A set lookup per value: much faster than ``Series.isin`` on arrow-backed strings.

    >>> _member(pd.Series(["a", None, "c"], dtype="string"), {"a", "b"}).tolist()
    [True, False, False]
    """
    return np.fromiter(
        (v in allowed for v in values.to_numpy(dtype=object, na_value=None)),
        dtype=bool,
        count=len(values),
    )


@dataclass(frozen=True)
class _View:
    """A table with what messages need: its label, row ids and CSV lines."""

    name: str
    frame: pd.DataFrame
    label: str

    @cached_property
    def ids(self) -> list[str]:
        return row_ids(self.frame, schema.TABLES[self.name])

    def problem(self, position: int, column: str | None, expected: str, **kwargs: Any) -> Problem:
        """A problem at one row (``position`` counts from 0; the CSV line is position + 2)."""
        return Problem(
            self.label,
            column,
            expected,
            row_id=self.ids[position],
            line=position + 2,
            **kwargs,
        )


def _view(scenario: Scenario, name: str) -> _View:
    frame = scenario.tables[name].reset_index(drop=True)
    return _View(name, frame, scenario.source_label(name))


def _unit(scenario: Scenario, service: str) -> str:
    unit = scenario.services.get(service, {}).get("unit")
    return f"{unit}/d" if isinstance(unit, str) and unit else "units/d"


# ---------------------------------------------------------------------------------------------
# Settings (scenario.yaml)
# ---------------------------------------------------------------------------------------------

_DECLARED: tuple[tuple[tuple[str, ...], schema.Setting], ...] = tuple(
    (tuple(s.path.split(".")), s) for s in schema.SETTINGS
)


def _placeholder(part: str) -> bool:
    return part.startswith("<") and part.endswith(">")


def _prefix_matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    return len(pattern) >= len(parts) and all(
        p == q or _placeholder(p) for p, q in zip(pattern, parts, strict=False)
    )


def _declared_leaf(parts: tuple[str, ...]) -> schema.Setting | None:
    """The declaration of a concrete path; a literal part wins over a placeholder."""
    matches = [
        s
        for pattern, s in _DECLARED
        if len(pattern) == len(parts) and _prefix_matches(pattern, parts)
    ]
    return min(matches, key=lambda s: s.path.count("<"), default=None)


def _is_group(parts: tuple[str, ...]) -> bool:
    return any(
        len(pattern) > len(parts) and _prefix_matches(pattern, parts) for pattern, _ in _DECLARED
    )


def _name_kind(parts: tuple[str, ...]) -> str | None:
    """``<service>`` or ``<pollutant>`` when the last part stands for a name, else None."""
    kinds = set()
    for pattern, _ in _DECLARED:
        if not _prefix_matches(pattern, parts):
            continue
        here = pattern[len(parts) - 1]
        if here == parts[-1]:
            return None
        if _placeholder(here):
            kinds.add(here)
    return kinds.pop() if len(kinds) == 1 else None


_SERVICES_EXPECTED = "at least one service (services: {sewage: {unit: m3, conveyance: pipe}})"


class _SettingsChecker:
    """Walks scenario.yaml against the declarations, collecting problems."""

    def __init__(self, scenario: Scenario) -> None:
        self.source = scenario.settings_label
        raw = scenario.settings.get("services")
        self.services = {str(k) for k in raw} if isinstance(raw, dict) else None
        self.problems: list[Problem] = []

    def add(self, path: str, expected: str, severity: str = "error", **kwargs: Any) -> None:
        self.problems.append(Problem(self.source, path, expected, severity=severity, **kwargs))

    def walk(self, node: Mapping, parts: tuple[str, ...], label: str) -> None:
        self._required_children(node, parts, label)
        for key, value in node.items():
            key = str(key)
            if not parts and key in schema.STRUCTURE_KEYS:
                continue
            child, child_label = (*parts, key), f"{label}.{key}" if label else key
            self._name(child, child_label, key)
            leaf = _declared_leaf(child)
            if leaf is not None:
                self._leaf(leaf, value, child, child_label)
            elif _is_group(child):
                self._group(value, child, child_label)
            else:
                self.add(
                    child_label,
                    "a setting declared in docs/scenario-format.md; it is ignored",
                    severity="warning",
                    found="an unknown setting",
                )

    def _required_children(self, node: Mapping, parts: tuple[str, ...], label: str) -> None:
        for pattern, declared in _DECLARED:
            if (
                declared.required
                and len(pattern) == len(parts) + 1
                and _prefix_matches(pattern, parts)
                and pattern[-1] not in node
            ):
                path = f"{label}.{pattern[-1]}" if label else pattern[-1]
                self.add(
                    path,
                    f"{declared.expectation()} ({declared.description.rstrip('.')})",
                    found="no such setting",
                )

    def _name(self, parts: tuple[str, ...], label: str, key: str) -> None:
        kind = _name_kind(parts)
        if kind is None:
            return
        if not NAME_PATTERN.match(key):
            what = kind.strip("<>")
            self.add(
                label,
                f"a {what} name of letters, digits, '_' and '-' only",
                value=key,
                found=f"the {what} name {key!r}",
            )
            return
        declared = self.services
        if kind == "<service>" and parts[0] != "services" and declared and key not in declared:
            self.add(
                label,
                f"a service declared under services ({_listing(sorted(declared))})",
                value=key,
                found=f"the unknown service {key!r}",
            )

    def _group(self, value: Any, parts: tuple[str, ...], label: str) -> None:
        if parts == ("services",) and not value:
            self.add(label, _SERVICES_EXPECTED, found="no service")
            return
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(label, "a group of settings (a mapping of names to values)", value=value)
            return
        self.walk(value, parts, label)

    def _leaf(
        self, declared: schema.Setting, value: Any, parts: tuple[str, ...], label: str
    ) -> None:
        trouble = _setting_value_problem(declared, value)
        if trouble is not None:
            self.add(label, trouble, value=value)
            return
        if declared.type == "list" and parts[-1] == "outputs":
            for i, output in enumerate(value):
                where = f"{label}[{i}]"
                if not isinstance(output, dict):
                    self.add(
                        where, "an output stream: {name: ..., ratio: ..., to: ...}", value=output
                    )
                    continue
                self.walk(output, (*parts[:-1], "outputs[]"), where)
                self._output(output, where)

    def _output(self, output: Mapping, label: str) -> None:
        to = output.get("to")
        if to is None and output.get("sink_price_cny_per_unit") is None:
            self.add(
                label,
                "a downstream service (to: ...) or a sink price (sink_price_cny_per_unit: ...)",
                found="neither",
            )
        elif to is not None and self.services is not None and str(to) not in self.services:
            self.add(
                f"{label}.to",
                f"a service declared under services ({_listing(sorted(self.services))})",
                value=to,
            )


def _setting_value_problem(declared: schema.Setting, value: Any) -> str | None:
    """What is wrong with a setting's value, as the expectation to print; None when it is fine."""
    expected = declared.expectation() + ("; or null" if declared.nullable else "")
    if value is None:
        return None if declared.nullable else expected
    kinds: dict[str, Callable[[Any], bool]] = {
        "str": lambda v: isinstance(v, str) or _is_number(v),
        "float": lambda v: _is_number(v) and _finite(v),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63,
        "bool": lambda v: isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
    }
    if not kinds[declared.type](value):
        return "a list" if declared.type == "list" else expected
    if declared.choices and str(value) not in declared.choices:
        return expected
    if _is_number(value) and not _in_range(float(value), declared):
        return expected
    return None


def _finite(value: float) -> bool:
    """False for inf, nan and integers too large for a float (``10**400`` in YAML)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _in_range(value: float, declared: schema.Setting | schema.Column) -> bool:
    if declared.positive and value <= 0:
        return False
    if declared.minimum is not None and value < declared.minimum:
        return False
    return declared.maximum is None or value <= declared.maximum


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
    graph = nx.DiGraph()
    for name, service in services.items():
        outputs = service.get("outputs") if isinstance(service, dict) else None
        for output in outputs if isinstance(outputs, list) else []:
            if isinstance(output, dict) and output.get("to") is not None:
                graph.add_edge(str(name), str(output["to"]))
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return None
    return [str(u) for u, _ in cycle] + [str(cycle[0][0])]


def _settings_problems(scenario: Scenario) -> list[Problem]:
    checker = _SettingsChecker(scenario)
    checker.walk(scenario.settings, (), "")
    if "services" not in scenario.settings:
        checker.add("services", _SERVICES_EXPECTED, found="no service")
    cycle = _output_cycle(scenario.settings)
    if cycle:
        checker.add(
            f"services.{cycle[0]}.outputs",
            "output streams that never flow back to where they came from; end the chain at a sink",
            found="the cycle " + " -> ".join(cycle),
        )
    return checker.problems


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    """The names a reference may point to: ids of tables, declared services and pollutants."""

    names: dict[str, set[str] | None]
    where: dict[str, str]

    @classmethod
    def of(cls, scenario: Scenario) -> _Known:
        names: dict[str, set[str] | None] = {}
        where: dict[str, str] = {}
        for table in ("enterprises", "sites", "nodes"):
            ids = scenario.tables[table]["id"].dropna()
            names[table] = set(ids.astype(str))
            where[table] = f"an id of {scenario.source_label(table)}"
        services = scenario.settings.get("services")
        pollutants = scenario.settings.get("pollutants")
        # no (valid) service is reported with the settings: no need to flag every row too
        names["services"] = {str(k) for k in services} if _nonempty_dict(services) else None
        names["pollutants"] = (
            {str(k) for k in pollutants}
            if isinstance(pollutants, dict)
            else (set() if pollutants is None else None)
        )
        for group in ("services", "pollutants"):
            where[group] = f"a {group[:-1]} declared in {scenario.settings_label}"
        return cls(names, where)

    def expectation(self, kind: str, extra: str = "") -> str:
        known = sorted(self.names[kind] or ())
        shown = f" ({_listing(known)})" if known else " (there are none)"
        return f"{self.where[kind]}{extra}{shown}"


def _table_problems(scenario: Scenario) -> list[Problem]:
    reported = {(p.source, p.column, p.line) for p in scenario.load_problems}
    known = _Known.of(scenario)
    problems: list[Problem] = []
    for name, table in schema.TABLES.items():
        view = _view(scenario, name)
        if view.frame.empty:
            continue
        for column in table.columns:
            if (view.label, column.name, None) in reported:
                continue
            problems += _column_problems(view, column, reported, known)
        problems += _duplicate_problems(view, table)
    problems += _edge_loops(_view(scenario, "edges"))
    problems += _orphan_concentrations(scenario)
    problems += _tier_problems(scenario)
    return problems


def _column_problems(
    view: _View, column: schema.Column, reported: set, known: _Known
) -> list[Problem]:
    values = view.frame[column.name]
    problems: list[Problem] = []
    if column.required:
        for position in np.flatnonzero(values.isna().to_numpy()):
            if (view.label, column.name, position + 2) not in reported:
                problems.append(
                    view.problem(
                        int(position), column.name, column.expectation(), found="an empty cell"
                    )
                )
    present = values.notna().to_numpy()
    if column.type in ("float", "int"):
        problems += _range_problems(view, column, values, present)
    if column.choices:
        bad = present & ~_member(values, set(column.choices))
        problems += [
            view.problem(int(i), column.name, column.expectation(), value=values.iloc[i])
            for i in np.flatnonzero(bad)
        ]
    if column.list_of:
        problems += _list_problems(view, column, known)
    elif column.references:
        problems += _reference_problems(view, column, known)
    return problems


def _range_problems(
    view: _View, column: schema.Column, values: pd.Series, present: np.ndarray
) -> list[Problem]:
    numbers = values.astype("Float64").fillna(0).to_numpy(dtype=float)
    ok = np.ones(len(values), dtype=bool)
    if column.positive:
        ok &= numbers > 0
    if column.minimum is not None:
        ok &= numbers >= column.minimum
    if column.maximum is not None:
        ok &= numbers <= column.maximum
    return [
        view.problem(int(i), column.name, column.expectation(), value=float(numbers[i]))
        for i in np.flatnonzero(present & ~ok)
    ]


def _reference_problems(view: _View, column: schema.Column, known: _Known) -> list[Problem]:
    kind = column.references or ""
    names = known.names.get(kind)
    if names is None:  # services or pollutants not declared properly: reported with the settings
        return []
    values = view.frame[column.name]
    allowed = set(names)
    extra = ""
    if view.name == "tiers" and column.name == "site":
        allowed.add(schema.ALL_SITES)
        extra = f" or '{schema.ALL_SITES}' for every site"
    bad = values.notna().to_numpy() & ~_member(values, allowed)
    return [
        view.problem(int(i), column.name, known.expectation(kind, extra), value=values.iloc[i])
        for i in np.flatnonzero(bad)
    ]


def _list_problems(view: _View, column: schema.Column, known: _Known) -> list[Problem]:
    if column.references:
        names = known.names.get(column.references)
        if names is None:
            return []
        allowed: set[str] = names
        expected = f"a '{schema.LIST_SEPARATOR}'-separated list, each " + known.expectation(
            column.references
        )
    else:
        allowed, expected = set(column.list_of), column.expectation()
    problems = []
    for position, cell in enumerate(view.frame[column.name]):
        if cell is pd.NA or cell is None:
            continue
        items = [i.strip() for i in str(cell).split(schema.LIST_SEPARATOR) if i.strip()]
        unknown = [i for i in items if i not in allowed]
        if unknown or not items:
            found = f"unknown {_listing(repr(i) for i in unknown)}" if unknown else "an empty list"
            problems.append(
                view.problem(
                    position, column.name, expected, value=cell, found=f"{cell!r} ({found})"
                )
            )
    return problems


def _duplicate_problems(view: _View, table: schema.Table) -> list[Problem]:
    keys = view.frame[list(table.key)]
    complete = keys.notna().all(axis=1).to_numpy()
    ids = pd.Series(view.ids)
    first: dict[str, int] = {}
    problems = []
    for position in np.flatnonzero(complete & ids.duplicated(keep=False).to_numpy()):
        row_id = ids.iloc[position]
        if row_id not in first:
            first[row_id] = int(position)
            continue
        problems.append(
            view.problem(
                int(position),
                "+".join(table.key),
                f"a unique id: line {first[row_id] + 2} has the same "
                f"{' + '.join(table.key)}; remove or merge one of the rows",
                value=row_id,
                found=f"the duplicate id {row_id!r}",
            )
        )
    return problems


def _edge_loops(view: _View) -> list[Problem]:
    frame = view.frame
    if frame.empty:
        return []
    loops = (frame["from_node"] == frame["to_node"]).fillna(False).to_numpy(dtype=bool)
    return [
        view.problem(
            int(i),
            "to_node",
            "a node other than from_node (an edge links two different nodes)",
            value=frame["to_node"].iloc[i],
            found=f"a self-loop at node {frame['to_node'].iloc[i]!r}",
        )
        for i in np.flatnonzero(loops)
    ]


def _orphan_concentrations(scenario: Scenario) -> list[Problem]:
    view = _view(scenario, "concentrations")
    if view.frame.empty:
        return []
    demands = scenario.tables["demands"]
    known = set(scenario.tables["enterprises"]["id"].dropna())
    services = set(scenario.services)
    have = set(
        zip(
            demands["enterprise"].astype("string"), demands["service"].astype("string"), strict=True
        )
    )
    problems = []
    for position, (enterprise, service) in enumerate(
        zip(view.frame["enterprise"], view.frame["service"], strict=True)
    ):
        if (enterprise, service) in have or enterprise not in known or service not in services:
            continue
        problems.append(
            view.problem(
                position,
                "enterprise+service",
                f"an (enterprise, service) that has a row in {scenario.source_label('demands')}; "
                "this concentration is ignored",
                value=f"{enterprise}/{service}",
                found=f"no demand of {service} by {enterprise}",
                severity="warning",
            )
        )
    return problems


def _tier_problems(scenario: Scenario) -> list[Problem]:
    """Tiers at one site that can never be built there (warnings: the model leaves them out)."""
    view = _view(scenario, "tiers")
    sites = scenario.tables["sites"].dropna(subset=["id"]).drop_duplicates("id")
    rows = view.frame[["site", "service", "area_m2"]].merge(
        sites[["id", "status", "services", "area_m2"]].rename(columns={"area_m2": "site_area"}),
        left_on="site",
        right_on="id",
        how="left",
    )
    rows = rows[rows["id"].notna() & (rows["status"] != "forbidden").fillna(True)]
    every = sorted(scenario.services)
    problems = []
    for position, row in zip(rows.index, rows.itertuples(index=False), strict=True):
        allowed = allowed_services(row.services, every)
        if row.service is not pd.NA and row.service in every and row.service not in allowed:
            problems.append(
                view.problem(
                    int(position),
                    "service",
                    f"a service that site {row.site} may host ({_listing(allowed) or 'none'}, "
                    f"its services cell in {scenario.source_label('sites')}); the tier is ignored",
                    value=row.service,
                    severity="warning",
                )
            )
        if row.site_area is not pd.NA and row.area_m2 is not pd.NA and row.area_m2 > row.site_area:
            problems.append(
                view.problem(
                    int(position),
                    "area_m2",
                    f"at most the area of site {row.site} ({_num(row.site_area)} m2); the tier can "
                    "never be built there",
                    value=float(row.area_m2),
                    severity="warning",
                )
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Gating: which later checks may run
# ---------------------------------------------------------------------------------------------

_NETWORK_TABLES = ("enterprises", "sites", "nodes", "edges", "distances")


@dataclass(frozen=True)
class _Gate:
    """Where errors were found, so that checks needing clean inputs can be skipped."""

    sources: frozenset[str]
    settings: tuple[str, ...]
    labels: Mapping[str, str]
    settings_label: str

    @classmethod
    def of(cls, scenario: Scenario, problems: Iterable[Problem]) -> _Gate:
        errors = [p for p in problems if p.is_error]
        label = scenario.settings_label
        return cls(
            sources=frozenset(p.source for p in errors if p.source != label),
            settings=tuple(str(p.column or "") for p in errors if p.source == label),
            labels={name: scenario.source_label(name) for name in schema.TABLES},
            settings_label=label,
        )

    def clean(self, tables: Iterable[str], settings: Iterable[str] = ()) -> bool:
        if any(self.labels[t] in self.sources for t in tables):
            return False
        prefixes = tuple(settings)
        return not any(
            path == prefix
            or path.startswith(prefix + ".")
            or path.startswith(prefix + "[")
            or not path
            for path in self.settings
            for prefix in prefixes
        )

    @property
    def reach_ok(self) -> bool:
        return self.clean((*_NETWORK_TABLES, "demands", "tiers"), ("services", "detour_factor"))


# ---------------------------------------------------------------------------------------------
# Supply and reach
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Supply:
    """Demands with whether they must be shared, the reachable sites, and capacities per site."""

    demands: pd.DataFrame  # position, enterprise, service, demand, must_share
    pairs: pd.DataFrame  # enterprise, service, site, distance_km
    tiers: pd.DataFrame  # site_tiers + fits (the tier fits the site's area)
    largest: pd.DataFrame  # site, service, capacity (largest tier that fits)


def _demand_frame(scenario: Scenario) -> pd.DataFrame:
    table = scenario.tables["demands"].reset_index(drop=True)
    default = {s: bool(v.get("self_treatment_allowed", True)) for s, v in scenario.services.items()}
    services = table["service"].astype(str).tolist()
    allowed = [
        default.get(service, True) if cell is pd.NA else bool(cell)
        for cell, service in zip(table["self_treatment_allowed"].tolist(), services, strict=True)
    ]
    return pd.DataFrame(
        {
            "position": np.arange(len(table)),
            "enterprise": table["enterprise"].astype(str).tolist(),
            "service": services,
            "demand": table["demand_per_day"].astype(float).to_numpy(),
            "must_share": ~np.array(allowed, dtype=bool),
        }
    )


def _supply(scenario: Scenario) -> _Supply | None:
    from .network import candidate_pairs  # imported late: the network imports the scenario

    tiers = site_tiers(scenario)
    sites = scenario.tables["sites"].drop_duplicates("id").set_index("id")["area_m2"]
    site_area = tiers["site"].map(sites).astype("Float64")
    tiers = tiers.assign(
        fits=(site_area.isna() | (tiers["area_m2"].astype("Float64") <= site_area))
        .fillna(True)
        .to_numpy(dtype=bool)
    )
    hosts = tiers[["site", "service"]].drop_duplicates().reset_index(drop=True)
    try:
        pairs = candidate_pairs(scenario, hosts=hosts)
    except ScenarioError:
        return None
    largest = (
        tiers[tiers["fits"]]
        .groupby(["site", "service"], as_index=False)["capacity_per_day"]
        .max()
        .rename(columns={"capacity_per_day": "capacity"})
    )
    largest["capacity"] = largest["capacity"].astype(float)
    pairs = pairs[["enterprise", "service", "site", "distance_km"]].astype(
        {"enterprise": str, "service": str, "site": str}
    )
    return _Supply(
        _demand_frame(scenario), pairs, tiers, largest.astype({"site": str, "service": str})
    )


def _supply_problems(scenario: Scenario, gate: _Gate, supply: _Supply | None) -> list[Problem]:
    if not gate.clean(("sites", "tiers", "demands"), ("services",)):
        return []
    problems = _unhosted(scenario)
    if supply is not None:
        problems += _unreachable(scenario, supply)
    return problems


def _unhosted(scenario: Scenario) -> list[Problem]:
    """Services with demand that no site offers a tier of."""
    hosted = set(site_tiers(scenario)["service"].astype(str))
    demands = _demand_frame(scenario)
    view = _view(scenario, "demands")
    problems = []
    for service, rows in demands.groupby("service", sort=True):
        if service in hosted or service not in scenario.services:
            continue
        shared = rows[rows["must_share"]]
        first = int((shared if len(shared) else rows)["position"].iloc[0])
        who = shared if len(shared) else rows
        problems.append(
            view.problem(
                first,
                "service",
                f"a service that some site hosts: add a tier of {service} in "
                f"{scenario.source_label('tiers')} at a site that allows it"
                + (
                    f", or allow self-treatment for {_listing(shared['enterprise'])}"
                    if len(shared)
                    else "; meanwhile every enterprise treats it on its own"
                ),
                value=service,
                found=f"no site hosts {service} (demanded by {_listing(who['enterprise'])})",
                severity="error" if len(shared) else "warning",
            )
        )
    return problems


def _reach_advice(scenario: Scenario, service: str) -> str:
    settings = scenario.services.get(service, {})
    parts = []
    if settings.get("max_distance_km") is not None:
        parts.append(
            f"raise services.{service}.max_distance_km (now {_num(settings['max_distance_km'])} km)"
        )
    if settings.get("k_nearest") is not None:
        parts.append(f"raise services.{service}.k_nearest (now {settings['k_nearest']})")
    if len(scenario.tables["distances"]):
        parts.append(f"list more pairs in {scenario.source_label('distances')}")
    return ", or ".join(parts)


def _unreachable(scenario: Scenario, supply: _Supply) -> list[Problem]:
    """Demands that must be shared and have no candidate site within reach."""
    demands = supply.demands[supply.demands["must_share"]]
    hosted = set(supply.tiers["service"])
    reached = supply.pairs[["enterprise", "service"]].drop_duplicates()
    merged = demands.merge(reached, on=["enterprise", "service"], how="left", indicator=True)
    lonely = merged[(merged["_merge"] == "left_only") & merged["service"].isin(hosted)]
    view = _view(scenario, "demands")
    problems = []
    cache: dict[str, pd.DataFrame | None] = {}
    for row in lonely.itertuples(index=False):
        nearest = _nearest_host(scenario, supply, row.enterprise, row.service, cache)
        fixes = [
            f"allow self-treatment for {row.enterprise} (self_treatment_allowed)",
            f"add a site that hosts {row.service} nearer to {row.enterprise}",
        ]
        advice = _reach_advice(scenario, row.service)
        problems.append(
            view.problem(
                int(row.position),
                "enterprise",
                f"a site hosting {row.service} within reach, or self-treatment allowed: "
                + ", ".join(fixes)
                + (f", or {advice}" if advice else ""),
                value=row.enterprise,
                found=f"no site hosting {row.service} within reach of {row.enterprise}{nearest}, "
                "and self-treatment is not allowed",
            )
        )
    return problems


def _nearest_host(
    scenario: Scenario,
    supply: _Supply,
    enterprise: str,
    service: str,
    cache: dict[str, pd.DataFrame | None],
) -> str:
    """`` (the nearest, S2, is 4.2 km away)``, or '' when no distance is known."""
    from .network import enterprise_site_distances

    mode = scenario.services[service]["conveyance"]
    if mode not in cache:
        try:
            cache[mode] = enterprise_site_distances(scenario, mode)
        except ScenarioError:
            cache[mode] = None
    distances = cache[mode]
    if distances is None:
        return ""
    hosts = set(supply.tiers.loc[supply.tiers["service"] == service, "site"])
    mine = distances[
        (distances["enterprise"].astype(str) == enterprise)
        & distances["site"].astype(str).isin(hosts)
    ]
    if mine.empty:
        return " (no site hosting it can be reached at all)"
    best = mine.sort_values(["distance_km", "site"]).iloc[0]
    return f" (the nearest, {best['site']}, is {_num(best['distance_km'])} km away)"


# ---------------------------------------------------------------------------------------------
# Pre-solve feasibility (diagnose)
# ---------------------------------------------------------------------------------------------


def _diagnose(scenario: Scenario, gate: _Gate, supply: _Supply | None) -> list[Problem]:
    problems = _existing_at_forbidden_sites(scenario)
    if gate.clean(("sites", "tiers"), ("services",)):
        problems += _required_sites_without_tiers(scenario)
        if gate.clean((), ("policy",)):
            problems += _too_many_required_sites(scenario)
    if supply is None:
        return problems
    single = scenario.config.get("solver", {}).get("single_sourcing", True) is not False
    too_large = _demands_too_large(scenario, supply, single)
    problems += too_large
    flagged = {p.line - 2 for p in too_large if p.line is not None}
    problems += _services_short_of_capacity(scenario, supply, flagged)
    if gate.clean(("concentrations",), ("pollutants",)):
        problems += _caps_out_of_reach(scenario, supply)
    if gate.clean((), ("policy",)):
        problems += _budget_too_small(scenario, supply, single)
    return problems


def _reachable_capacity(supply: _Supply, demands: pd.DataFrame) -> pd.DataFrame:
    """Each (demand, reachable site) with the largest tier there that fits."""
    return (
        demands.merge(supply.pairs, on=["enterprise", "service"])
        .merge(supply.largest, on=["site", "service"], how="left")
        .fillna({"capacity": 0.0})
    )


def _demands_too_large(scenario: Scenario, supply: _Supply, single: bool) -> list[Problem]:
    """(1) A demand that must be shared but no reachable facility can take (whole, if single-sourced)."""
    shared = supply.demands[supply.demands["must_share"]]
    reach = _reachable_capacity(supply, shared)
    if reach.empty:
        return []
    summary = reach.groupby("position").agg(
        largest=("capacity", "max"), total=("capacity", "sum"), sites=("site", list)
    )
    summary = summary.join(shared.set_index("position"))
    limit = summary["largest"] if single else summary["total"]
    view = _view(scenario, "demands")
    problems = []
    for position, row in summary[summary["demand"] > limit + 1e-9].iterrows():
        unit = _unit(scenario, row["service"])
        sites = _listing(row["sites"])
        fixes = [
            f"allow self-treatment for {row['enterprise']}",
            f"add a tier of at least {_num(row['demand'])} {unit} of {row['service']} at a site "
            f"within reach ({sites})",
        ]
        if single and row["total"] >= row["demand"]:
            fixes.append("set solver.single_sourcing: false so that it may be split")
        advice = _reach_advice(scenario, row["service"])
        what = "the largest tier" if single else "all the tiers together"
        problems.append(
            view.problem(
                int(position),
                "demand_per_day",
                f"at most {_num(limit[position])} {unit}, {what} that fits at the reachable sites "
                f"({sites}): " + ", ".join(fixes) + (f", or {advice}" if advice else ""),
                value=float(row["demand"]),
                found=f"{_num(row['demand'])} {unit} of {row['service']} that must be shared "
                f"by {row['enterprise']}",
            )
        )
    return problems


def _services_short_of_capacity(
    scenario: Scenario, supply: _Supply, flagged: set[int]
) -> list[Problem]:
    """(2) Per service, demand that must be shared above the capacity of the reachable sites.

    A service whose every such demand was already reported on its own row (``flagged``) is not
    reported again.
    """
    shared = supply.demands[supply.demands["must_share"]]
    limits = scenario.config["policy"].get("max_facilities") or {}
    reach = _reachable_capacity(supply, shared)
    shared = shared[shared["position"].isin(reach["position"])]  # the others are reported already
    problems = []
    for service, rows in shared.groupby("service", sort=True):
        if set(rows["position"]) <= flagged:
            continue
        sites = reach[reach["service"] == service].drop_duplicates("site")
        capacities = sites.sort_values("capacity", ascending=False)["capacity"]
        most = limits.get(service)
        if _is_number(most):
            capacities = capacities.head(int(most))
        need, have = float(rows["demand"].sum()), float(capacities.sum())
        if need <= have + 1e-9:
            continue
        unit = _unit(scenario, service)
        limit = f" (policy.max_facilities.{service} allows {most})" if _is_number(most) else ""
        problems.append(
            Problem(
                scenario.source_label("demands"),
                "demand_per_day",
                f"at most {_num(have)} {unit}, the largest tier that fits at each reachable site"
                f"{limit} ({_listing(sites['site']) or 'none'}): add or enlarge tiers of "
                f"{service}, allow self-treatment for some of "
                f"{_listing(rows['enterprise'])}, or bring more sites within reach",
                value=need,
                found=f"{_num(need)} {unit} of {service} that must be shared",
            )
        )
    return problems


def _removal(scenario: Scenario, pollutant: str, service: str, how: str) -> float:
    removal = scenario.pollutants.get(pollutant, {}).get("removal") or {}
    value = (removal.get(service) or {}).get(how, 0.0) if isinstance(removal, dict) else 0.0
    return float(value) if _is_number(value) else 0.0


def _caps_out_of_reach(scenario: Scenario, supply: _Supply) -> list[Problem]:
    """(3) A pollutant cap below the discharge left after the best possible treatment."""
    caps = {
        p: float(v["cap_t_per_year"])
        for p, v in scenario.pollutants.items()
        if _is_number(v.get("cap_t_per_year"))
    }
    table = scenario.tables["concentrations"]
    if not caps or table.empty:
        return []
    reached = supply.pairs[["enterprise", "service"]].drop_duplicates()
    demands = supply.demands.merge(
        reached, on=["enterprise", "service"], how="left", indicator=True
    )
    demands["reachable"] = (demands.pop("_merge") == "both").to_numpy()
    rows = table.astype({"enterprise": str, "service": str, "pollutant": str}).merge(
        demands, on=["enterprise", "service"]
    )
    problems = []
    for pollutant, cap in sorted(caps.items()):
        mine = rows[rows["pollutant"] == pollutant]
        discharge = _least_discharge(scenario, pollutant, mine)
        least = float(discharge.sum())
        if mine.empty or least <= cap + 1e-9:
            continue
        top = discharge.sort_values(ascending=False, kind="stable").head(5)
        who = ", ".join(
            f"{mine.loc[i, 'enterprise']} ({mine.loc[i, 'service']}) {_num(v)} t/year"
            for i, v in top.items()
        )
        problems.append(
            Problem(
                scenario.settings_label,
                f"pollutants.{pollutant}.cap_t_per_year",
                f"a cap of at least {_num(least)} t/year, the discharge left when every demand gets "
                f"its best treatment: raise the cap, raise pollutants.{pollutant}.removal, or cut "
                f"the largest contributors ({who})",
                value=cap,
                found=f"a cap of {_num(cap)} t/year",
            )
        )
    return problems


def _least_discharge(scenario: Scenario, pollutant: str, rows: pd.DataFrame) -> pd.Series:
    """t/year left of each row after its best available treatment.

    Shared treatment counts when a site is within reach, self-treatment when it is allowed; a
    demand that can have neither (reported elsewhere) gets the better of the two.
    """
    shared = rows["service"].map(lambda s: _removal(scenario, pollutant, s, "shared")).astype(float)
    alone = rows["service"].map(lambda s: _removal(scenario, pollutant, s, "self")).astype(float)
    neither = ~rows["reachable"] & rows["must_share"]
    use_shared = rows["reachable"] | neither
    use_self = ~rows["must_share"] | neither
    best = np.maximum(shared.where(use_shared, -np.inf), alone.where(use_self, -np.inf))
    days = (
        rows["service"]
        .map(lambda s: float(scenario.services[s]["operating_days_per_year"]))
        .astype(float)
    )
    load = days * rows["demand"] * rows["concentration_mg_per_l"].astype(float)
    return load * TONNES_PER_M3_MG_PER_L * (1.0 - best)


def _required_sites_without_tiers(scenario: Scenario) -> list[Problem]:
    """(4) A required site with no tier at all, or none that fits its area."""
    view = _view(scenario, "sites")
    tiers = site_tiers(scenario)
    problems = []
    for position, row in enumerate(view.frame.itertuples(index=False)):
        if str(row.status) != "required":
            continue
        mine = tiers[tiers["site"] == row.id]
        if mine.empty:
            found, fix = "no tier offered at the site", f"add a tier for {row.id}"
        else:
            smallest = float(mine["area_m2"].astype(float).min())
            if row.area_m2 is pd.NA or smallest <= row.area_m2:
                continue
            found = f"no tier that fits: the smallest needs {_num(smallest)} m2, the site has {_num(row.area_m2)} m2"
            fix = f"raise area_m2 of {row.id} to at least {_num(smallest)}, add a smaller tier"
        problems.append(
            view.problem(
                position,
                "status",
                f"a required site that can host a facility: {fix} in "
                f"{scenario.source_label('tiers')}, or make the site optional",
                value="required",
                found=found,
            )
        )
    return problems


def _existing_at_forbidden_sites(scenario: Scenario) -> list[Problem]:
    """(7) An existing facility at a forbidden site."""
    view = _view(scenario, "tiers")
    sites = scenario.tables["sites"]
    forbidden = set(sites.loc[(sites["status"] == "forbidden").fillna(False), "id"].dropna())
    existing = view.frame["existing"].fillna(False).to_numpy(dtype=bool)
    at = view.frame["site"].isin(forbidden).fillna(False).to_numpy(dtype=bool)
    return [
        view.problem(
            int(i),
            "existing",
            f"no existing facility at site {view.frame['site'].iloc[i]}, which is forbidden in "
            f"{scenario.source_label('sites')}: make the site optional or required, or set "
            "existing to false",
            value=True,
            found="an existing facility at a forbidden site",
        )
        for i in np.flatnonzero(existing & at)
    ]


def _required_site_ids(scenario: Scenario) -> list[str]:
    sites = scenario.tables["sites"]
    required = (sites["status"] == "required").fillna(False).to_numpy(dtype=bool)
    return sites.loc[required, "id"].dropna().astype(str).tolist()


def _too_many_required_sites(scenario: Scenario) -> list[Problem]:
    """(6) More required sites than the facility limits allow in total."""
    limits = scenario.config["policy"].get("max_facilities") or {}
    services = list(scenario.services)
    if not services or any(not _is_number(limits.get(s)) for s in services):
        return []
    required = _required_site_ids(scenario)
    allowed = sum(int(limits[s]) for s in services)
    if len(required) <= allowed:
        return []
    return [
        Problem(
            scenario.settings_label,
            "policy.max_facilities",
            f"limits that allow at least {len(required)} facilities, one per required site "
            f"({_listing(required)}): raise policy.max_facilities or make some sites optional",
            value=allowed,
            found=f"at most {allowed} {'facility' if allowed == 1 else 'facilities'} in total "
            f"for {len(required)} required sites",
        )
    ]


def _budget_too_small(scenario: Scenario, supply: _Supply, single: bool) -> list[Problem]:
    """(5) A capital budget below the cheapest capex that any feasible plan must spend."""
    budget = scenario.config["policy"].get("capital_budget_cny")
    if not _is_number(budget):
        return []
    needs = _service_capex_bound(supply, single)
    required = _required_sites_capex(scenario, supply)
    total_services, total_sites = sum(needs.values()), sum(required.values())
    if max(total_services, total_sites) <= float(budget) + 1e-6:
        return []
    if total_services >= total_sites:
        bound, why = total_services, "the cheapest new facility of each service that must be shared"
        parts = needs
    else:
        bound, why = total_sites, "the cheapest tier at each required site"
        parts = required
    detail = ", ".join(f"{k} {_num(v)}" for k, v in sorted(parts.items()))
    return [
        Problem(
            scenario.settings_label,
            "policy.capital_budget_cny",
            f"at least {_num(bound)} CNY, {why} ({detail}): raise the budget, allow "
            "self-treatment, or add cheaper or existing tiers",
            value=float(budget),
            found=f"a budget of {_num(float(budget))} CNY",
        )
    ]


def _service_capex_bound(supply: _Supply, single: bool) -> dict[str, float]:
    shared = supply.demands[supply.demands["must_share"]]
    tiers = supply.tiers[supply.tiers["fits"]]
    existing = set(tiers.loc[tiers["existing"].fillna(False).astype(bool), "service"])
    needs = {}
    for service, rows in shared.groupby("service"):
        if service in existing:
            continue
        sites = set(supply.pairs.loc[supply.pairs["service"] == service, "site"])
        mine = tiers[(tiers["service"] == service) & tiers["site"].isin(sites)]
        if single:
            mine = mine[mine["capacity_per_day"].astype(float) >= float(rows["demand"].max())]
        if len(mine):
            needs[str(service)] = float(mine["capex_cny"].astype(float).min())
    return needs


def _required_sites_capex(scenario: Scenario, supply: _Supply) -> dict[str, float]:
    required = set(_required_site_ids(scenario))
    tiers = supply.tiers[supply.tiers["fits"] & supply.tiers["site"].isin(required)]
    capex = (
        tiers["capex_cny"].astype(float).where(~tiers["existing"].fillna(False).astype(bool), 0.0)
    )
    return {str(k): float(v) for k, v in capex.groupby(tiers["site"]).min().items()}
