"""Editing the scenario on the Map page: the site clicked on the map, its status set, and a new
candidate site or enterprise placed; each change goes into the same session tables as an edit in
the Scenario page's grids (through :mod:`optimizer.ui.editors`) and is checked the same way
(:func:`optimizer.checks.check`, problems worded as the grids show them).

Streamlit's ``st.pydeck_chart(on_select=...)`` reports a click as a selection: the layer's id and
the picked object's row (``{"indices": {"sites": [1]}, "objects": {"sites": [{"id": "S2",
...}]}}``); a click on an empty spot clears it and gives no coordinates, so a new point's
longitude and latitude are typed, starting at the map's centre (:func:`view_centre`).

Plain Python: nothing here draws; the page (:mod:`optimizer.ui.pages.map`) does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import schema
from ..checks import check
from ..problems import Problem
from ..scenario import Scenario
from .deck_layers import MAP_HEIGHT, view_state
from .editors import apply_edits, edited_table, editor_frame
from .grid_problems import as_the_grid_shows
from .scenario_map import cell, scenario_points, site_offer

#: The ids of the map's layers a click may pick (:func:`optimizer.ui.scenario_map.scenario_deck`).
SITE_LAYER, ENTERPRISE_LAYER = "sites", "enterprises"

#: The tables a new point may be placed in.
PLACEABLE = ("sites", "enterprises")

#: A site's statuses, as the sites table declares them.
STATUSES: tuple[str, ...] = tuple(schema.TABLES["sites"].column("status").choices or ())


def picked(selection: Mapping[str, Any] | None, layer: str = SITE_LAYER) -> str | None:
    """The id of the object picked in ``layer`` by a click on the map, from the selection state
    ``st.pydeck_chart`` returns (or its ``selection`` part); None when nothing of that layer is
    picked.

    >>> click = {"indices": {"sites": [1]}, "objects": {"sites": [{"id": "S2", "lon": 120.6}]}}
    >>> picked(click), picked({"selection": click}), picked(click, "enterprises")
    ('S2', 'S2', None)
    >>> picked({"indices": {}, "objects": {}}), picked(None)
    (None, None)
    """
    if not selection:
        return None
    inner = selection.get("selection", selection)
    objects = (inner or {}).get("objects") or {}
    found = objects.get(layer) or []
    if not found or not isinstance(found[0], Mapping) or found[0].get("id") is None:
        return None
    return str(found[0]["id"])


def picked_point(selection: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The layer (``sites`` or ``enterprises``) and id of the point a click picked, None for a
    click elsewhere.

    >>> firm = {"indices": {"enterprises": [0]}, "objects": {"enterprises": [{"id": "E1"}]}}
    >>> picked_point(firm), picked_point({"indices": {}, "objects": {}})
    (('enterprises', 'E1'), None)
    """
    for layer in (SITE_LAYER, ENTERPRISE_LAYER):
        found = picked(selection, layer)
        if found is not None:
            return layer, found
    return None


#: What :func:`new_pick` gives for a click that picked no point.
NO_POINT: tuple[str, str] | tuple[()] = ()


def new_pick(
    selection: Mapping[str, Any] | None, last: tuple[str, str] | tuple[()] | None
) -> tuple[str, str] | tuple[()] | None:
    """The point (layer and id, :func:`picked_point`) a change of the map's selection picks
    (:data:`NO_POINT` for none), or None when the pick is the one made last (``last``): the
    browser sends the selection again, unchanged but for the picked row's new values, after the
    map's data changed (a status set, a row added), and that must not take the panel away from a
    point picked since in a panel's own picker.

    >>> s1 = {"indices": {"sites": [0]}, "objects": {"sites": [{"id": "S1"}]}}
    >>> (
    ...     new_pick(s1, None),
    ...     new_pick(s1, ("sites", "S1")),
    ...     new_pick({"objects": {}}, ("sites", "S1")),
    ... )
    (('sites', 'S1'), None, ())
    """
    chosen = picked_point(selection) or NO_POINT
    return None if chosen == (last or NO_POINT) else chosen


@dataclass(frozen=True)
class Site:
    """A candidate site as the Map page's panel shows it."""

    id: str
    name: str
    status: str
    services: str
    #: The tiers on offer there (:func:`optimizer.ui.scenario_map.site_offer`), as records.
    tiers: tuple[dict[str, Any], ...]


def site(scenario: Scenario, site_id: str | None) -> Site | None:
    """The site ``site_id`` of the scenario's sites table (None when it has no such row)."""
    sites = scenario.tables["sites"]
    rows = sites[sites["id"] == site_id] if site_id is not None else sites.iloc[0:0]
    if rows.empty:
        return None
    row = rows.iloc[0]
    offer = site_offer(scenario)
    tiers = offer[offer["site"] == site_id].astype(object).to_dict("records")
    return Site(
        id=str(site_id),
        name=cell(row["name"]),
        status=cell(row["status"]) or str(schema.TABLES["sites"].column("status").default),
        services=cell(row["services"]),
        tiers=tuple(tiers),
    )


def with_site_status(scenario: Scenario, site_id: str, status: str) -> Scenario:
    """The scenario with the site's status set, in its sites table (the same table and the same
    coercion as an edit of the grid's status cell).

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> with_site_status(tiny, "S2", "forbidden").tables["sites"]["status"].tolist()
    ['optional', 'forbidden']
    >>> with_site_status(tiny, "S9", "forbidden")
    Traceback (most recent call last):
    ...
    KeyError: "sites has no row with id 'S9'"
    """
    if status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    frame = editor_frame(scenario, "sites")
    rows = frame.index[frame["id"] == site_id].tolist()
    if not rows:
        raise KeyError(f"sites has no row with id {site_id!r}")
    edited = apply_edits(frame, {"edited_rows": {row: {"status": status} for row in rows}})
    return scenario.with_table("sites", edited_table(edited))


def problems_brought(before: Scenario, after: Scenario) -> tuple[Problem, ...]:
    """The problems ``after`` has that ``before`` had not (every problem of a scenario as the
    grids cite it: :func:`optimizer.ui.grid_problems.as_the_grid_shows`), in the page's order.

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> closed = with_site_status(with_site_status(tiny, "S1", "forbidden"), "S2", "forbidden")
    >>> [(p.is_error, p.row_id, p.column) for p in problems_brought(tiny, closed)]
    [(False, 'E1/sewage', 'service')]
    """
    known = {str(p) for p in as_the_grid_shows(check(before))}
    return tuple(p for p in as_the_grid_shows(check(after)) if str(p) not in known)


def view_centre(scenario: Scenario) -> tuple[float, float]:
    """The longitude and latitude at the centre of the scenario's map (where a new point's
    coordinates start).

    >>> from optimizer.scenario import load_scenario
    >>> [round(v, 4) for v in view_centre(load_scenario("scenarios/tiny"))]
    [120.6385, 31.308]
    """
    points = scenario_points(scenario)
    view = view_state(points["lon"].tolist(), points["lat"].tolist(), height=MAP_HEIGHT)
    return float(view.longitude), float(view.latitude)


def blank(value: Any) -> bool:
    """Is a form's value empty (no text, no number)?

    >>> [blank(v) for v in (None, "", "  ", float("nan"), 0.0, "S3")]
    [True, True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


@dataclass(frozen=True)
class Placed:
    """What placing a new row gives: the scenario with the row (None when refused), the problems
    the row brings (errors refuse it; warnings come with an accepted row)."""

    scenario: Scenario | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def with_new_row(scenario: Scenario, table: str, values: Mapping[str, Any]) -> Placed:
    """Append a row to ``table`` as the grid adds one (empty values take the declared defaults
    when the table is read), and check the scenario as the grid's edits are checked. The row is
    refused, with the problems that name its fields, when it brings an error; the scenario is
    then left as it was.

    >>> from optimizer.scenario import load_scenario
    >>> tiny = load_scenario("scenarios/tiny")
    >>> placed = with_new_row(tiny, "sites", {"id": "S3", "lon": 120.64, "lat": 31.31})
    >>> placed.scenario.tables["sites"]["id"].tolist(), placed.errors
    (['S1', 'S2', 'S3'], [])
    >>> refused = with_new_row(tiny, "sites", {"id": "S1", "lon": 120.64, "lat": 95.0})
    >>> refused.scenario, sorted(p.column for p in refused.errors)
    (None, ['id', 'lat'])
    """
    if table not in PLACEABLE:
        raise ValueError(f"a point may be placed in {' or '.join(PLACEABLE)}, not {table!r}")
    declared = schema.TABLES[table].column_names
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise KeyError(f"{table} has no column {', '.join(unknown)}")
    row = {name: (None if blank(value) else value) for name, value in values.items()}
    frame = apply_edits(editor_frame(scenario, table), {"added_rows": [row]})
    candidate = scenario.with_table(table, edited_table(frame))
    brought = problems_brought(scenario, candidate)
    if any(p.is_error for p in brought):
        return Placed(None, brought)
    return Placed(candidate, brought)
