"""The candidate pairs: the (enterprise, service, site) triples within reach, which are the
model's assignment index and so decide its size.

A triple needs a demand and a host of the service, a distance over the service's conveyance mode
within its ``max_distance_km``, and a rank among the enterprise's ``k_nearest`` sites for it.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..supply import hosts as site_hosts
from .distances import enterprise_site, sorted_rows
from .graph import MODES, ParkNetwork, network_of
from .snapping import entity_rows, typed_frame

PAIR_COLUMNS = ("enterprise", "service", "site", "distance_km")


def _limit(value: object) -> float:
    """A service's max_distance_km or k_nearest as a number; infinity when unset or unusable.

    >>> _limit(None), _limit(3), _limit("x")
    (inf, 3.0, inf)
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.inf
    return number if number == number else np.inf


def _mode_cutoff(services: Mapping[str, Mapping], names: list[str]) -> float | None:
    """The largest max_distance_km among the services (None when any has no limit)."""
    limits = [_limit(services[name].get("max_distance_km")) for name in names]
    largest = max(limits, default=np.inf)
    return None if np.isinf(largest) else largest


def _mode_triples(
    scenario: Scenario,
    network: ParkNetwork | None,
    mode: str,
    demands: pd.DataFrame,
    hosts: pd.DataFrame,
) -> pd.DataFrame:
    """(enterprise, service, site, distance) for the services conveyed by ``mode``."""
    services = scenario.services
    names = [s for s, spec in services.items() if spec.get("conveyance") == mode]
    demands = demands[demands["service"].isin(names)]
    hosts = hosts[hosts["service"].isin(names)]
    used = sorted(set(demands["service"]) & set(hosts["service"]))
    if not used:
        return typed_frame(pd.DataFrame(columns=PAIR_COLUMNS), {"distance_km"})
    enterprises = entity_rows(scenario, "enterprises", demands["enterprise"].unique())
    sites = entity_rows(scenario, "sites", hosts["site"].unique())
    cutoff = _mode_cutoff(services, used)
    distances = enterprise_site(scenario, network, mode, cutoff, enterprises, sites)
    triples = distances.merge(demands, on="enterprise").merge(hosts, on=["site", "service"])
    return triples[list(PAIR_COLUMNS)]


def _per_service(service: pd.Series, services: Mapping[str, Mapping], key: str) -> np.ndarray:
    """A service setting (max_distance_km, k_nearest) for each row, infinity when unset."""
    codes, names = pd.factorize(service)
    values = np.array([_limit(services.get(name, {}).get(key)) for name in names], dtype=float)
    return values[codes] if len(values) else np.zeros(0)


def _within_limits(pairs: pd.DataFrame, services: Mapping[str, Mapping]) -> pd.DataFrame:
    """Drop pairs beyond max_distance_km; keep the k_nearest sites per (enterprise, service)."""
    farthest = _per_service(pairs["service"], services, "max_distance_km")
    pairs = pairs[pairs["distance_km"].to_numpy(dtype=float) <= farthest]
    pairs = sorted_rows(pairs, ["enterprise", "service", "distance_km", "site"])
    rank = pairs.groupby(["enterprise", "service"], sort=False).cumcount().to_numpy()
    return pairs[rank < _per_service(pairs["service"], services, "k_nearest")]


def _reachable_triples(scenario: Scenario, hosts: pd.DataFrame | None) -> pd.DataFrame:
    """Every (enterprise, service, site, distance_km) a demand and a host make, within the
    largest max_distance_km of the service's mode (before the per-service limits)."""
    hosts = site_hosts(scenario) if hosts is None else hosts
    hosts = hosts[["site", "service"]].dropna().drop_duplicates().astype("string")
    demands = scenario.tables["demands"][["enterprise", "service"]]
    demands = demands.dropna().drop_duplicates().astype("string")
    network = None if len(scenario.tables["distances"]) else network_of(scenario)
    frames = [_mode_triples(scenario, network, mode, demands, hosts) for mode in MODES]
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return typed_frame(pd.DataFrame(columns=PAIR_COLUMNS), {"distance_km"})
    return pd.concat(frames, ignore_index=True)


def candidate_pairs(scenario: Scenario, hosts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The (enterprise, service, site) triples within reach: the model's assignment index.

    A triple is kept when the enterprise demands the service, the site hosts it, the distance over
    the service's conveyance mode is at most its ``max_distance_km`` (when set), and, when the
    service sets ``k_nearest``, the site is among the enterprise's k nearest for it (ties broken
    by site id). When the ``distances`` table has rows, its pairs are the only ones within reach,
    at the listed distance (the limits above still apply).

    Parameters
    ----------
    scenario
        The scenario.
    hosts
        The (site, service) pairs that may host, as from :func:`optimizer.supply.hosts` (computed
        when not given).

    Returns
    -------
    pandas.DataFrame
        ``enterprise``, ``service``, ``site`` (string) and ``distance_km`` (float64), sorted by
        enterprise, service, distance and site.
    """
    if hosts is None:
        hosts = site_hosts(scenario)
    key = tuple(sorted(zip(hosts["site"].astype(str), hosts["service"].astype(str), strict=True)))
    known = _CANDIDATES.setdefault(scenario, {})
    if key not in known:
        pairs = _within_limits(_reachable_triples(scenario, hosts), scenario.services)
        known[key] = typed_frame(pairs.reset_index(drop=True), {"distance_km"})
    return known[key].copy()


#: Candidate pairs already computed, per scenario object (a Scenario never changes: each edit makes a
#: new one) and per set of hosts: validation and preparation ask for the same pairs.
_CANDIDATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
