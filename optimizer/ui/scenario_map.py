"""The open scenario on a pydeck map: the park outline, the network (edges and nodes), the
enterprises (colour: sector; size: demand) and the candidate sites (colour: status; their tooltip
gives the tiers on offer, with capacity, capex in the scenario's currency and whether each is
existing).

Sector colours come from the one palette of :mod:`optimizer.plan_geometry`. The tooltips are
text (deck.gl shows them as text, never as HTML), in the words of the catalogue. Nothing here
imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import pandas as pd
import pydeck as pdk

from .. import plan_geometry
from ..plan_geometry import colours_in_order, located, rgb
from ..plan_views import currency_in
from ..scenario import Scenario
from ..supply import site_tiers
from ..words.catalogue import tr
from .deck_layers import (  # cell: one home for a tooltip's text (the plan map's too)
    MAP_WIDTH,
    Colour,
    cell,
    deck,
    label_layer,
    line_layer,
    point_layer,
    tip_number,
)
from .park_layer import outline_layer

#: Site colours by status.
STATUS_COLOURS: dict[str, Colour] = {
    "required": [0, 128, 0],
    "optional": [255, 255, 255],
    "forbidden": [200, 0, 0],
}

NETWORK_COLOUR: Colour = [150, 150, 150]


def sector_colours(values: Iterable[Any]) -> dict[str, Colour]:
    """A colour per distinct sector, in sorted order, from the one palette.

    >>> sector_colours(["food", "dyeing", "food"])
    {'dyeing': [0, 114, 178], 'food': [230, 159, 0]}
    """
    ordered = colours_in_order(sorted({str(v) for v in values}))
    return {name: rgb(colour) for name, colour in ordered.items()}


def scenario_points(scenario: Scenario) -> pd.DataFrame:
    """Every located point of the scenario (enterprises, sites, nodes), columns lon and lat."""
    frames = [
        located(scenario.tables[t])[["lon", "lat"]] for t in ("enterprises", "sites", "nodes")
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({"lon": [0.0], "lat": [0.0]})
    return pd.concat(frames, ignore_index=True)


def enterprise_points(scenario: Scenario) -> pd.DataFrame:
    """Enterprises with their colour (by sector), radius (by demand) and tooltip."""
    firms = located(scenario.tables["enterprises"])
    demands = scenario.tables["demands"]
    if firms.empty:
        return firms
    per = demands.groupby("enterprise")["demand_per_day"].sum() if len(demands) else pd.Series()
    lines = (
        demands.assign(
            text=demands["service"].astype(str)
            + " "
            + demands["demand_per_day"].map(lambda v: tip_number(v, 2))
        )
        .groupby("enterprise")["text"]
        .agg("; ".join)
        if len(demands)
        else pd.Series(dtype=str)
    )
    palette = sector_colours(firms["sector"].fillna("(none)"))
    firms["colour"] = [palette[str(s)] for s in firms["sector"].fillna("(none)")]
    total = firms["id"].map(per).fillna(0.0).astype(float)
    firms["radius"] = 15 + 6 * total.clip(lower=0) ** 0.5
    firms["tip"] = [
        tr(
            "map.tip.enterprise",
            id=i,
            name=cell(n),
            sector=cell(s, "-"),
            demands=lines.get(i, tr("map.tip.none")),
        )
        for i, n, s in zip(firms["id"], firms["name"], firms["sector"], strict=True)
    ]
    return firms


def site_offer(scenario: Scenario) -> pd.DataFrame:
    """The tiers on offer at each candidate site (``*`` tiers expanded, as the model reads them:
    :func:`optimizer.supply.site_tiers`), whatever the site's status: a forbidden site shows what
    it would offer. Columns: those of the tiers table, ``site`` a real site id.

    >>> from optimizer.scenario import load_scenario
    >>> site_offer(load_scenario("scenarios/tiny"))[["site", "tier", "capex_cny"]].values.tolist()
    [['S1', 'large', 1500000.0], ['S1', 'small', 900000.0], ['S2', 'large', 1500000.0], ['S2', 'small', 900000.0]]
    """
    sites = scenario.tables["sites"]
    unforbidden = sites.assign(status=pd.Series("optional", index=sites.index, dtype="string"))
    return site_tiers(replace(scenario, tables={**scenario.tables, "sites": unforbidden}))


def quantity(value: Any) -> str:
    """A capacity or an amount as a tooltip shows it: whole numbers without decimals, others
    with two.

    >>> quantity(900000.0), quantity(27.75), quantity(None)
    ('900,000', '27.75', '-')
    """
    whole = isinstance(value, int | float) and float(value).is_integer()
    return tip_number(value, 0 if whole else 2)


def tier_line(tier: Mapping[str, Any], units: Mapping[str, str], currency: str) -> str:
    """One tier on offer, as the tooltip and the Map page's panel say it: service and tier,
    capacity in the service's unit per day, capex in ``currency``, and whether it is existing.

    >>> tier = {
    ...     "service": "sewage",
    ...     "tier": "small",
    ...     "capacity_per_day": 150.0,
    ...     "capex_cny": 900000.0,
    ...     "existing": True,
    ... }
    >>> tier_line(tier, {"sewage": "m3"}, "EUR")
    'sewage small: 150 m3/d, capex 900,000 EUR, existing (open at no capex)'
    """
    return tr(
        "map.tier",
        service=tier["service"],
        tier=tier["tier"],
        capacity=quantity(tier["capacity_per_day"]),
        unit=units.get(str(tier["service"]), ""),
        capex=quantity(tier["capex_cny"]),
        currency=currency,
        existing=tr("map.tier.existing") if tier.get("existing") is True else "",
    )


def service_units(scenario: Scenario) -> dict[str, str]:
    """The unit of each declared service (``m3``, ``t``).

    >>> from optimizer.scenario import load_scenario
    >>> service_units(load_scenario("scenarios/tiny"))
    {'sewage': 'm3'}
    """
    return {name: str(s.get("unit") or "") for name, s in scenario.services.items()}


def site_tier_lines(scenario: Scenario) -> dict[str, list[str]]:
    """The tiers on offer at each site, one line each (:func:`tier_line`), by site id."""
    units, currency = service_units(scenario), currency_in(scenario.config)
    lines: dict[str, list[str]] = {}
    for tier in site_offer(scenario).astype(object).to_dict("records"):
        lines.setdefault(str(tier["site"]), []).append(tier_line(tier, units, currency))
    return lines


def site_points(scenario: Scenario) -> pd.DataFrame:
    """Candidate sites with their colour (by status) and tooltip: status, services, area and
    the tiers on offer (capacity, capex in the scenario's currency, existing)."""
    sites = located(scenario.tables["sites"])
    if sites.empty:
        return sites
    status = sites["status"].fillna("optional").astype(str)
    sites["colour"] = [STATUS_COLOURS.get(s, [90, 90, 90]) for s in status]
    offered = site_tier_lines(scenario)
    tiers = {
        str(i): "\n".join([tr("map.tiers"), *(f"- {line}" for line in offered[str(i)])])
        if str(i) in offered
        else tr("map.no_tiers")
        for i in sites["id"]
    }
    sites["tip"] = [
        tr(
            "map.tip.site",
            id=i,
            name=cell(n),
            status=tr(f"map.status.{s}") if s in STATUS_COLOURS else s,
            services=cell(v, tr("map.tip.any_service")),
            area=tip_number(a, 0),
            tiers=tiers[str(i)],
        )
        for i, n, s, v, a in zip(
            sites["id"], sites["name"], status, sites["services"], sites["area_m2"], strict=True
        )
    ]
    return sites


def node_points(scenario: Scenario) -> pd.DataFrame:
    """Network nodes, small and grey, with their id in the tooltip."""
    nodes = located(scenario.tables["nodes"])
    if nodes.empty:
        return nodes
    nodes["colour"] = [NETWORK_COLOUR] * len(nodes)
    nodes["tip"] = [tr("map.tip.node", id=i) for i in nodes["id"]]
    return nodes


def network_lines(scenario: Scenario) -> pd.DataFrame:
    """Edges with the coordinates of both ends and a tooltip (edges whose nodes are unknown are
    left out)."""
    edges = plan_geometry.network_lines(scenario.tables["nodes"], scenario.tables["edges"])
    if edges.empty:
        return pd.DataFrame(columns=["from", "to", "tip"])
    return pd.DataFrame(
        {
            "from": edges["from"].tolist(),
            "to": edges["to"].tolist(),
            "tip": [
                tr("map.tip.edge", a=a, b=b, km=tip_number(km, 3), modes=cell(m, "pipe;road"))
                for a, b, km, m in zip(
                    edges["from_node"],
                    edges["to_node"],
                    edges["length_km"],
                    edges["modes"],
                    strict=True,
                )
            ],
        }
    )


def scenario_deck(scenario: Scenario, basemap: bool = False, width: int = MAP_WIDTH) -> pdk.Deck:
    """The scenario on a map: park outline, network (edges and nodes), enterprises (colour:
    sector; size: demand) and candidate sites (colour: status; labelled with their id)."""
    points = scenario_points(scenario)
    layers = [outline_layer(points)]
    lines = network_lines(scenario)
    if len(lines):
        layers.append(line_layer(lines, "network", NETWORK_COLOUR, 2))
    nodes = node_points(scenario)
    if len(nodes):
        layers.append(point_layer(nodes, "nodes", radius=8))
    firms = enterprise_points(scenario)
    if len(firms):
        layers.append(point_layer(firms, "enterprises", radius="radius"))
    sites = site_points(scenario)
    if len(sites):
        sites = sites.assign(size=70)
        layers.append(point_layer(sites, "sites", radius="size", line=[0, 0, 0]))
        layers.append(label_layer(sites, "site-labels", "id"))
    return deck(layers, points, basemap, width)


def sector_legend(scenario: Scenario) -> dict[str, Colour]:
    """Sector colours as used on the scenario map."""
    return sector_colours(scenario.tables["enterprises"]["sector"].fillna("(none)"))
