"""Editing a point of the Map page: an enterprise clicked (its demands per service and what
treating alone costs it, its demand per day set), and a site or an enterprise moved or deleted.

Each change goes into the same session tables as an edit in the Scenario page's grids (through
:mod:`optimizer.ui.editors`) and is checked the same way (:func:`optimizer.ui.map_edits.
problems_brought`). A deletion removes with the point every row that refers to it by id, as the
schema declares the references (``Column.references``): an enterprise's demands,
concentrations, enterprise caps and distances; a site's own tiers (``*`` tiers offered at every
site stay) and distances. Nothing is left pointing at a row that is gone.

A move writes the point's longitude and latitude (and may empty its ``node``). When the scenario
has a ``distances`` table, the pairs it lists are the only ones within reach, at the distances
typed (:mod:`optimizer.network.distances`): the map and the network are not used for them, so a
moved point's rows would keep the distances of its old place. A move therefore recomputes them
from the new place (great-circle distance times the detour factor, the rule for a pair the
network does not give), unless the planner keeps them as typed (:data:`DISTANCE_CHOICES`).

Plain Python: nothing here draws; the page (:mod:`optimizer.ui.pages.map`) does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..costs import standalone_annual_cost
from ..network.earth import haversine_km
from ..network.snapping import coordinates, detour_factor, entity_rows
from ..overrides import RowKey, orphaned_keys
from ..problems import Problem
from ..scenario import Scenario
from ..words import is_missing
from .editors import apply_edits, edited_table, editor_frame
from .map_edits import PLACEABLE, problems_brought
from .scenario_map import cell, service_units

#: The columns of a point that say where it connects to the network.
NODE = "node"

#: What a move does with the point's rows of the ``distances`` table: recompute them from the
#: new place, or keep them as typed.
RECOMPUTE, KEEP = "recompute", "keep"
DISTANCE_CHOICES = (RECOMPUTE, KEEP)

#: The column of the ``distances`` table that names a point of each table.
DISTANCE_END = {"enterprises": "enterprise", "sites": "site"}

#: Recomputed distances are rounded to this many decimals of a km (a metre).
DISTANCE_DECIMALS = 3


def _rows_of(scenario: Scenario, table: str, point_id: str) -> list[int]:
    frame = scenario.tables[table]
    if point_id is None or "id" not in frame:
        return []
    return [int(i) for i in frame.index[frame["id"].astype("string") == str(point_id)]]


def _require(scenario: Scenario, table: str, point_id: str) -> list[int]:
    if table not in PLACEABLE:
        raise ValueError(f"a point is in {' or '.join(PLACEABLE)}, not {table!r}")
    rows = _rows_of(scenario, table, point_id)
    if not rows:
        raise KeyError(f"{table} has no row with id {point_id!r}")
    return rows


def referring_rows(scenario: Scenario, table: str, point_id: str) -> dict[str, list[int]]:
    """The positions of the rows that refer to ``point_id`` of ``table``, by table, from the
    references the schema declares (only tables with such rows are listed).

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> referring_rows(tiny, "enterprises", "E2"), referring_rows(tiny, "sites", "S1")
    ({'demands': [1]}, {})
    """
    found: dict[str, list[int]] = {}
    for name, declared in schema.TABLES.items():
        frame = scenario.tables[name].reset_index(drop=True)
        for column in declared.columns:
            if column.references != table or column.list_of or column.name not in frame:
                continue
            hits = frame.index[frame[column.name].astype("string") == str(point_id)].tolist()
            if hits:
                found.setdefault(name, [])
                found[name] = sorted({*found[name], *(int(i) for i in hits)})
    return found


@dataclass(frozen=True)
class Changed:
    """A change made on the map: the scenario after it, the rows removed by table (a deletion),
    and the problems it brings; for a move, how many of the point's rows of distances were
    recomputed from its new place and how many stay as typed."""

    scenario: Scenario
    removed: dict[str, int]
    problems: tuple[Problem, ...]
    recomputed: int = 0
    typed: int = 0


def _without_rows(scenario: Scenario, table: str, rows: list[int]) -> Scenario:
    edited = apply_edits(editor_frame(scenario, table), {"deleted_rows": rows})
    return scenario.with_table(table, edited_table(edited))


def without_point(scenario: Scenario, table: str, point_id: str) -> Changed:
    """The scenario without the site or enterprise ``point_id`` and without every row that
    refers to it (:func:`referring_rows`), each table as the grid deletes rows from it.

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> gone = without_point(tiny, "enterprises", "E2")
    >>> gone.removed, gone.scenario.tables["demands"]["enterprise"].tolist()
    ({'enterprises': 1, 'demands': 1}, ['E1', 'E3', 'E4'])
    """
    own = _require(scenario, table, point_id)
    referring = referring_rows(scenario, table, point_id)
    removed = {table: len(own), **{t: len(r) for t, r in referring.items()}}
    changed = _without_rows(scenario, table, own)
    for other, rows in referring.items():
        changed = _without_rows(changed, other, rows)
    return Changed(changed, removed, problems_brought(scenario, changed))


def variant_keys_naming(scenario: Scenario, table: str, point_id: str) -> list[RowKey]:
    """The keys of the scenario's variants that name the point or a row that refers to it, and
    that would name no row once the point is deleted (:func:`optimizer.overrides.
    orphaned_keys`). None when a variant is applied: the scenario is then saved without its
    variants.

    >>> from dataclasses import replace
    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> tight = {"tight": {"overrides": {"sites[S1].status": "forbidden"}}}
    >>> named = variant_keys_naming(replace(tiny, variants=tight), "sites", "S1")
    >>> [(k.variant, k.key) for k in named]
    [('tight', 'sites[S1].status')]
    """
    if not scenario.variants or scenario.overrides:
        return []
    frame = scenario.tables[table].reset_index(drop=True)
    own = frame.index[frame["id"].astype("string") == str(point_id)].tolist()
    removed = {table: own, **referring_rows(scenario, table, point_id)}
    return orphaned_keys(scenario.variants, scenario.tables, removed, scenario.settings_label)


def with_moved(
    scenario: Scenario,
    table: str,
    point_id: str,
    lon: float,
    lat: float,
    reconnect: bool = False,
    distances: str = RECOMPUTE,
) -> Changed:
    """The scenario with the point at ``lon``, ``lat``; with ``reconnect``, its ``node`` cell
    emptied too, so that it connects at the nearest node of its new place (a point with a node
    keeps connecting there wherever it is drawn). Its rows of the ``distances`` table are
    recomputed from the new place (:func:`recomputed_distances`), or with ``distances="keep"``
    left as typed.

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> moved = with_moved(tiny, "sites", "S2", 120.64, 31.31, reconnect=True).scenario
    >>> sites = moved.tables["sites"]
    >>> float(sites.loc[1, "lon"]), float(sites.loc[1, "lat"]), node_of(moved, "sites", "S2")
    (120.64, 31.31, '')
    """
    if distances not in DISTANCE_CHOICES:
        raise ValueError(f"distances {distances!r} is not one of {', '.join(DISTANCE_CHOICES)}")
    rows = _require(scenario, table, point_id)
    cells: dict[str, Any] = {"lon": float(lon), "lat": float(lat)}
    if reconnect:
        cells[NODE] = None
    edited = apply_edits(
        editor_frame(scenario, table), {"edited_rows": {row: cells for row in rows}}
    )
    changed = scenario.with_table(table, edited_table(edited))
    typed = distance_rows(scenario, table, point_id)
    recomputed: dict[int, float] = {}
    if typed and distances == RECOMPUTE:
        recomputed = recomputed_distances(changed, table, typed, float(lon), float(lat))
        cells_of = {row: {"distance_km": km} for row, km in recomputed.items()}
        frame = apply_edits(editor_frame(changed, "distances"), {"edited_rows": cells_of})
        changed = changed.with_table("distances", edited_table(frame))
    problems = problems_brought(scenario, changed)
    return Changed(changed, {}, problems, len(recomputed), len(typed) - len(recomputed))


def distance_rows(scenario: Scenario, table: str, point_id: str) -> list[int]:
    """The positions of the point's rows in the ``distances`` table (its typed distances).

    >>> from optimizer.scenario import load_scenario
    >>> distance_rows(load_scenario("scenarios/tiny"), "sites", "S1")
    []
    """
    return referring_rows(scenario, table, point_id).get("distances", [])


def recomputed_distances(
    scenario: Scenario, table: str, rows: list[int], lon: float, lat: float
) -> dict[int, float]:
    """The distance of each of the point's rows of the ``distances`` table (by position) from
    the point's place ``lon``, ``lat`` to the row's other end: the great-circle distance times
    the scenario's detour factor, in km to the metre. A row whose other end has no coordinates
    (or no row) is left out: it keeps its typed distance.

    >>> import pandas as pd
    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> typed = pd.DataFrame({"enterprise": ["E1", "E9"], "site": ["S1", "S1"], "distance_km": 1.0})
    >>> recomputed_distances(tiny.with_table("distances", typed), "sites", [0, 1], 120.615, 31.3)
    {0: 0.0}
    """
    frame = scenario.tables["distances"].reset_index(drop=True)
    other = "sites" if table == "enterprises" else "enterprises"
    ends = entity_rows(scenario, other)
    if ends.empty:
        return {}
    found = pd.Index(ends["id"].astype("string")).get_indexer(
        frame.loc[rows, DISTANCE_END[other]].astype("string")
    )
    end_lon, end_lat = coordinates(ends)
    x = np.where(found >= 0, end_lon[found], np.nan)
    y = np.where(found >= 0, end_lat[found], np.nan)
    km = detour_factor(scenario) * haversine_km(lon, lat, x, y)
    return {
        row: round(float(k), DISTANCE_DECIMALS)
        for row, k in zip(rows, np.atleast_1d(km), strict=True)
        if np.isfinite(k)
    }


def node_of(scenario: Scenario, table: str, point_id: str) -> str:
    """The node a point connects at, as its row gives it ("" when it snaps to the nearest)."""
    rows = _rows_of(scenario, table, point_id)
    return cell(scenario.tables[table].loc[rows[0], NODE]) if rows else ""


@dataclass(frozen=True)
class Demand:
    """One service an enterprise needs, as the Map page's panel shows it."""

    service: str
    #: The service's unit (``m3``, ``t``); the demand is per day.
    unit: str
    per_day: float | None
    #: What treating it alone costs: the own unit's capex, its lifetime, its yearly O&M, and
    #: the year's cost in all (capex annuity at the scenario's discount rate, plus O&M).
    capex: float | None
    lifetime_years: float | None
    om_per_year: float | None
    alone_per_year: float | None
    #: May it treat alone (None: the service's setting)?
    alone_allowed: bool | None


@dataclass(frozen=True)
class Enterprise:
    """An enterprise as the Map page's panel shows it."""

    id: str
    name: str
    sector: str
    node: str
    demands: tuple[Demand, ...]


def _number(value: Any) -> float | None:
    if is_missing(value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _alone_per_year(capex: Any, lifetime: Any, om: Any, rate: Any) -> float | None:
    values = [_number(v) for v in (capex, lifetime, om, rate)]
    if any(v is None for v in values) or not values[1]:
        return None
    capex_, lifetime_, om_, rate_ = (float(v) for v in values)  # type: ignore[arg-type]
    cost = standalone_annual_cost(
        pd.Series([capex_]), pd.Series([lifetime_]), pd.Series([om_]), rate_
    )
    return float(cost[0])


def enterprise(scenario: Scenario, enterprise_id: str | None) -> Enterprise | None:
    """The enterprise ``enterprise_id`` with its demands (None when the table has no such row).

    >>> from optimizer.scenario import load_scenario
    >>> e1 = enterprise(load_scenario("scenarios/tiny"), "E1")
    >>> e1.name, e1.node, [(d.service, d.unit, d.per_day) for d in e1.demands]
    ('Dongfang Printing', 'A', [('sewage', 'm3', 60.0)])
    >>> round(e1.demands[0].alone_per_year)
    199595
    """
    rows = _rows_of(scenario, "enterprises", enterprise_id) if enterprise_id else []
    if not rows:
        return None
    row = scenario.tables["enterprises"].loc[rows[0]]
    demands = scenario.tables["demands"]
    mine = demands[demands["enterprise"].astype("string") == str(enterprise_id)]
    units, rate = service_units(scenario), scenario.config.get("discount_rate")
    return Enterprise(
        id=str(enterprise_id),
        name=cell(row["name"]),
        sector=cell(row["sector"]),
        node=cell(row[NODE]),
        demands=tuple(
            Demand(
                service=cell(d["service"]),
                unit=units.get(cell(d["service"]), ""),
                per_day=_number(d["demand_per_day"]),
                capex=_number(d["standalone_capex_cny"]),
                lifetime_years=_number(d["standalone_lifetime_years"]),
                om_per_year=_number(d["standalone_om_cny_per_year"]),
                alone_per_year=_alone_per_year(
                    d["standalone_capex_cny"],
                    d["standalone_lifetime_years"],
                    d["standalone_om_cny_per_year"],
                    rate,
                ),
                alone_allowed=None
                if is_missing(d["self_treatment_allowed"])
                else bool(d["self_treatment_allowed"]),
            )
            for _, d in mine.iterrows()
        ),
    )


def with_demand(scenario: Scenario, enterprise_id: str, service: str, per_day: float) -> Changed:
    """The scenario with the enterprise's demand per day of ``service`` set, in the demands
    table (as an edit of the grid's cell is written and checked).

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> with_demand(tiny, "E3", "sewage", 45.0).scenario.tables["demands"][
    ...     "demand_per_day"
    ... ].tolist()
    [60.0, 90.0, 45.0, 30.0]
    """
    frame = editor_frame(scenario, "demands")
    hits = frame.index[
        (frame["enterprise"].astype("string") == str(enterprise_id))
        & (frame["service"].astype("string") == str(service))
    ].tolist()
    if not hits:
        raise KeyError(f"demands has no row with id {enterprise_id}/{service}")
    edited = apply_edits(frame, {"edited_rows": {row: {"demand_per_day": per_day} for row in hits}})
    changed = scenario.with_table("demands", edited_table(edited))
    return Changed(changed, {}, problems_brought(scenario, changed))
