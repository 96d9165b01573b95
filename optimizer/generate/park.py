"""The synthetic park generator :func:`generate_park`: a valid park of any size, the same for the
same seed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..scenario import Scenario, scenario_from_tables
from .draws import choose_services, draw_demands, sectors_for, tier_rows
from .figures import COST_YEAR, FIGURES, SERVICES
from .geometry import (
    clustered_points,
    jittered_grid,
    make_ids,
    park_extent,
    street_network,
    to_lonlat,
)
from .settings import cod_discharge, cod_settings, effluent_output, service_settings
from .tables import cod_rows, demand_rows, enterprise_names

#: Share of the possible COD reduction (everyone alone -> everyone shared) the generated cap asks.
GENERATED_CAP_SHARE = 0.2
#: Share of an enterprise demanding each service in a generated park.
DEMAND_PROBABILITY = {"sewage": 0.85, "spraying": 0.3, "dyeing_pretreatment": 0.15}
#: Share of sites that may host each service in a generated park.
HOST_PROBABILITY = {"sewage": 0.6, "spraying": 0.5, "dyeing_pretreatment": 0.5}
#: Tiers are sized for this many times the load per host site if everything were shared.
TIER_SCALE = 2.0


def generate_park(
    n_enterprises: int,
    n_sites: int,
    seed: int = 0,
    services: Sequence[str] = SERVICES,
    network: bool = True,
    n_nodes: int | None = None,
) -> Scenario:
    """A valid synthetic park of any size, the same for the same arguments.

    Parameters
    ----------
    n_enterprises, n_sites
        Number of SMEs and of candidate sites (at least 1 each).
    seed
        Seed of every random draw; another seed gives another park.
    services
        Services to include, from ``sewage``, ``spraying`` and ``dyeing_pretreatment``. Each
        enterprise demands a random non-empty subset (sewage 85%, spraying 30%, dyeing 15%).
    network
        With a street network (``nodes`` and ``edges``: a perturbed grid, pipes and roads), else
        none (great-circle distances times the detour factor).
    n_nodes
        Network nodes; default two per enterprise (at least 9), giving about twice as many edges.

    Returns
    -------
    Scenario
        The park is 5 enterprises per km2 around Suzhou, so distances stay plausible at any size;
        ``max_distance_km`` (5 km by pipe, 15 km by road) and ``k_nearest`` (10) keep the model
        small. COD carries a feasible cap asking 20% of the reduction sharing could give.

    Examples
    --------
    >>> park = generate_park(30, 4, seed=1)
    >>> len(park.tables["enterprises"]), len(park.tables["sites"])
    (30, 4)
    """
    services = _checked_services(services)
    if n_enterprises < 1 or n_sites < 1:
        raise ValueError(
            f"a park needs at least one enterprise and one site, got {n_enterprises} and {n_sites}"
        )
    rng = np.random.default_rng(seed)
    width, height = park_extent(n_enterprises)
    tables: dict[str, pd.DataFrame] = {}
    node_xy = None
    if network:
        count = n_nodes if n_nodes is not None else max(9, 2 * n_enterprises)
        if count < 2:
            raise ValueError(f"a network needs at least 2 nodes, got {count}")
        node_xy, links = street_network(rng, count, width, height)
        tables.update(_network_tables(node_xy, links))
    tables.update(_generated_parties(rng, n_enterprises, n_sites, services, width, height, node_xy))
    cap = _generated_cap(tables["demands"], tables["concentrations"])
    settings = _generated_settings(n_enterprises, n_sites, seed, services, cap, network)
    return scenario_from_tables(settings, tables)


def _checked_services(services: Sequence[str]) -> list[str]:
    services = list(dict.fromkeys(services))
    unknown = [s for s in services if s not in FIGURES]
    if unknown or not services:
        raise ValueError(
            f"services must be a non-empty selection of {', '.join(SERVICES)}; got {services}"
        )
    return [s for s in SERVICES if s in services]


def _network_tables(node_xy: np.ndarray, links: pd.DataFrame) -> dict[str, pd.DataFrame]:
    ids = make_ids("N", len(node_xy))
    lonlat = to_lonlat(node_xy)
    nodes = pd.DataFrame({"id": ids, "lon": lonlat[:, 0], "lat": lonlat[:, 1]})
    edges = pd.DataFrame(
        {
            "from_node": ids[links["from"].to_numpy()],
            "to_node": ids[links["to"].to_numpy()],
            "length_km": links["length_km"].to_numpy(),
            "modes": links["modes"].to_numpy(),
        }
    )
    return {"nodes": nodes, "edges": edges}


def _nearest_nodes(node_xy: np.ndarray | None, points: np.ndarray) -> np.ndarray:
    if node_xy is None:
        return np.full(len(points), pd.NA, dtype=object)
    _, index = cKDTree(node_xy).query(points)
    return make_ids("N", len(node_xy))[index]


def _generated_parties(
    rng: np.random.Generator,
    n_enterprises: int,
    n_sites: int,
    services: list[str],
    width: float,
    height: float,
    node_xy: np.ndarray | None,
) -> dict[str, pd.DataFrame]:
    """Enterprises, demands, concentrations, sites and tiers of a generated park."""
    points = clustered_points(rng, n_enterprises, width, height)
    chosen = choose_services(rng, n_enterprises, services, DEMAND_PROBABILITY)
    sectors = sectors_for(rng, chosen, services)
    ids = make_ids("E", n_enterprises)
    lonlat = to_lonlat(points)
    enterprises = pd.DataFrame(
        {
            "id": ids,
            "name": enterprise_names(rng, sectors),
            "sector": sectors,
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "node": _nearest_nodes(node_xy, points),
        }
    )
    amounts = {
        s: np.where(chosen[:, i], draw_demands(rng, FIGURES[s], n_enterprises), np.nan)
        for i, s in enumerate(services)
    }
    demands = demand_rows(ids, services, amounts)
    site_xy, _ = jittered_grid(rng, n_sites, width, height, jitter=0.35)
    hosts = choose_services(rng, n_sites, services, HOST_PROBABILITY)
    typical = _typical_loads(amounts, hosts, services)
    site_ids = make_ids("S", n_sites)
    tiers = tier_rows(rng, site_ids, hosts, services, typical)
    sites = _site_frame(rng, site_ids, site_xy, hosts, services, tiers, node_xy)
    return {
        "enterprises": enterprises,
        "demands": demands,
        "concentrations": cod_rows(rng, demands),
        "sites": sites,
        "tiers": tiers,
    }


def _typical_loads(
    amounts: dict[str, np.ndarray], hosts: np.ndarray, services: list[str]
) -> dict[str, float]:
    """:data:`TIER_SCALE` times the load per host site of each service if all were shared
    (sewage plants also take the dyeing effluent), at least three typical demands."""
    total = {s: float(np.nansum(amounts[s])) for s in services}
    if "sewage" in total and "dyeing_pretreatment" in total:
        total["sewage"] += 0.95 * total["dyeing_pretreatment"]
    return {
        s: max(
            TIER_SCALE * total[s] / max(int(hosts[:, i].sum()), 1), 3 * FIGURES[s].typical_demand
        )
        for i, s in enumerate(services)
    }


def _site_frame(
    rng: np.random.Generator,
    site_ids: np.ndarray,
    site_xy: np.ndarray,
    hosts: np.ndarray,
    services: list[str],
    tiers: pd.DataFrame,
    node_xy: np.ndarray | None,
) -> pd.DataFrame:
    """Sites with room for their largest tier of any one service, and for 0.7-1.5 times the
    largest tiers of all the services they may host (so the area may bind on combinations)."""
    largest = tiers.groupby(["site", "service"], sort=False)["area_m2"].max().groupby(level=0)
    one = pd.Series(site_ids).map(largest.max()).fillna(0.0).to_numpy(float)
    every = pd.Series(site_ids).map(largest.sum()).fillna(0.0).to_numpy(float)
    wanted = np.maximum(every * rng.uniform(0.7, 1.5, len(site_ids)), one * 1.05)
    area = np.ceil(np.maximum(wanted, 1000.0) / 100) * 100
    names = np.array(
        [";".join(s for s, h in zip(services, row, strict=True) if h) for row in hosts],
        dtype=object,
    )
    lonlat = to_lonlat(site_xy)
    return pd.DataFrame(
        {
            "id": site_ids,
            "name": ["Plot " + s for s in site_ids],
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "node": _nearest_nodes(node_xy, site_xy),
            "area_m2": area,
            "status": "optional",
            "services": names,
        }
    )


def _generated_cap(demands: pd.DataFrame, concentrations: pd.DataFrame) -> float | None:
    if concentrations.empty:
        return None
    alone = cod_discharge(demands, concentrations, "self")
    shared = cod_discharge(demands, concentrations, "shared")
    return round(alone - GENERATED_CAP_SHARE * (alone - shared), 1)


def _generated_settings(
    n_enterprises: int,
    n_sites: int,
    seed: int,
    services: list[str],
    cap: float | None,
    network: bool,
) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "name": f"synthetic-{n_enterprises}x{n_sites}-seed{seed}",
        "description": (
            f"Synthetic park: {n_enterprises} SMEs, {n_sites} candidate sites, seed {seed}, "
            + ("on a street network" if network else "without a network")
            + "; generated by optimizer.generate.generate_park with the shipped examples' figures."
        ),
        "currency": "CNY",
        "cost_year": COST_YEAR,
        "discount_rate": 0.08,
        "detour_factor": 1.3,
        "services": {s: service_settings(s) for s in services},
        "policy": {"subsidy_rate": 0.0},
    }
    if "dyeing_pretreatment" in services and "sewage" not in services:
        settings["services"]["dyeing_pretreatment"]["outputs"] = [effluent_output(False)]
    if cap is not None:
        settings["pollutants"] = cod_settings(services, cap)
    return settings
