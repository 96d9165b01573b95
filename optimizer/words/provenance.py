"""A plan's "Solver and provenance" list as a reviewer reads it in the HTML report: each item
under a label in the current language (its key kept beside it, for whoever looks a value up in
the plan's JSON), each value formatted by its kind: a gap as a percentage, seconds with their
unit, amounts to the cent in the plan's currency, yes or no, counts whole.

The items are those of :func:`optimizer.export.summary.provenance_items` (the xlsx's
``Solver and provenance`` sheet lists them by key, as data); their labels are the catalogue's
``prov.<key>`` (:mod:`optimizer.words.catalogue.provenance`). A key not declared here is
shown by its key and its value as it is (a number to six significant digits).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from .catalogue import MESSAGES, term, tr
from .numbers import format_value, is_missing, money, percent
from .said import spoken

#: The kind of each declared item's value (``text`` as it is): ``seconds``, ``fraction`` (a
#: percentage), ``money`` (an amount a year in the plan's currency), ``bool``, ``int``, ``km``.
KINDS: dict[str, str] = {
    "solver.objective": "money",
    "solver.bound": "money",
    "solver.gap": "fraction",
    "solver.seconds": "seconds",
    "solver.handover_seconds": "seconds",
    "solver.time_limit_s": "seconds",
    "solver.history": "int",
    "provenance.network.snapped": "int",
    "provenance.network.max_snap_km": "km",
    "provenance.network.mean_snap_km": "km",
    "provenance.options.time_limit_s": "seconds",
    "provenance.options.mip_gap": "fraction",
    "provenance.options.threads": "int",
    "provenance.options.seed": "int",
    "provenance.cost_year": "year",
    "allocation.seed": "int",
    "allocation.samples": "int",
    "allocation.unallocated_cost": "money",
}

#: Groups of items named by the group's label with the item's own name (``{name}``): the group's
#: key, the kind of its values and the catalogue's prefix of the names' words (empty: the name
#: is shown as it is, a package's name).
GROUPS: dict[str, tuple[str, str]] = {
    "provenance.versions": ("text", ""),
    "provenance.sizes": ("int", "prov.size."),
    "provenance.timings_s": ("seconds", "prov.step."),
    "provenance.options": ("text", ""),
    "provenance.overrides": ("text", ""),
}

#: The history of the search, flattened as ``solver.history[i][j]``: one item, its count.
_HISTORY = re.compile(r"^solver\.history\[(\d+)\]")

#: How the network's distances were measured (``provenance.network.distances``), by the words
#: the plan records: message ids.
_DISTANCES = {
    "shortest paths on the park network": "prov.distances.network",
    "explicit (distances table)": "prov.distances.table",
}
_CROW = re.compile(r"^great-circle x (?P<detour>\S+) \(no network\)$")


class Row(NamedTuple):
    """One item of the list: its key, its label and its value, as shown."""

    key: str
    label: str
    value: str


def provenance_rows(items: Iterable[Any], currency: str, sources: Mapping[str, str]) -> list[Row]:
    """The items (with ``key``, ``label`` and ``value``) as rows of the list, in the current
    language; ``sources`` gives the words of a plan's source by its kind.

    >>> class I(NamedTuple):
    ...     key: str
    ...     label: str
    ...     value: Any
    >>> rows = provenance_rows(
    ...     [I("solver.gap", "solver.gap", 7.302557618883265e-05), I("solver.seconds", "", 1.5)],
    ...     "CNY",
    ...     {},
    ... )
    >>> [(r.label, r.value) for r in rows]
    [('Relative gap to the best bound', '0.007%'), ('Solve time', '1.50 s')]
    """
    rows: list[Row] = []
    points: set[str] = set()
    for item in items:
        key, value = str(item.key), item.value
        history = _HISTORY.match(key)
        if history:
            if not points:
                rows.append(Row("solver.history", tr("prov.solver.history"), ""))
            points.add(history.group(1))
            continue
        rows.append(Row(key, _label(key, str(item.label)), _value(key, value, currency, sources)))
    return [
        row._replace(value=format_value(len(points), "int")) if row.key == "solver.history" else row
        for row in rows
    ]


def _label(key: str, label: str) -> str:
    """An item's label: declared, of its group, or the one it came with (its key when none)."""
    if f"prov.{key}" in MESSAGES:
        return tr(f"prov.{key}")
    group, name = _group(key)
    if group:
        words = GROUPS[group][1]
        named = tr(words + name) if words and words + name in MESSAGES else name
        return tr(f"prov.each.{group}", name=named)
    return label or key


def _group(key: str) -> tuple[str, str]:
    """The group of an item's key and the item's name in it (``("", "")``: in none)."""
    for group in GROUPS:
        if key.startswith(group + "."):
            return group, key[len(group) + 1 :]
    return "", ""


def _value(key: str, value: Any, currency: str, sources: Mapping[str, str]) -> str:
    """An item's value as text, by its kind."""
    kind = KINDS.get(key) or GROUPS.get(_group(key)[0], ("number", ""))[0]
    if is_missing(value) or value == "":
        return tr("prov.none")
    if isinstance(value, str) and value[:1] in "[{":
        return _container(value)
    if key == "provenance.source.kind" and value in sources:
        return term(sources[value])
    if key == "provenance.network.distances":
        return _distances(str(value))
    if key in ("solver.status", "solver.termination"):
        return term(str(value))
    if isinstance(value, bool | str):  # a str may be a note kept as words' id and facts
        return spoken(value) if isinstance(value, str) else format_value(value)
    if kind == "seconds":
        return tr("prov.seconds", value=f"{float(value):,.2f}")
    if kind == "fraction":
        return percent(value)
    if kind == "money":
        return money(value, tr("unit.per_year", cur=currency))
    if kind == "km":
        return f"{format_value(value, 'km')} {term('km')}"
    if kind == "year":
        return str(value)
    return format_value(value, "int" if kind == "int" else "number")


def _container(text: str) -> str:
    """A list or mapping the flat list holds as JSON: its entries, or "none"."""
    try:
        found = json.loads(text)
    except ValueError:
        return text
    if not found:
        return tr("prov.none")
    if isinstance(found, Mapping):
        return tr("list.semicolon").join(f"{k} = {format_value(v)}" for k, v in found.items())
    if isinstance(found, list):
        return tr("list.semicolon").join(str(v) for v in found)
    return text


def _distances(text: str) -> str:
    if text in _DISTANCES:
        return tr(_DISTANCES[text])
    crow = _CROW.match(text)
    return tr("prov.distances.crow", detour=crow.group("detour")) if crow else text
