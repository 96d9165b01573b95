"""The random draws of a generated park: who demands what and how much, the sectors, and the
tiers of the candidate sites."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .costs import round_significant
from .figures import ServiceFigures
from .tables import _tier_frame

#: Capacity of each tier relative to the site's typical load.
TIER_LADDER = np.array([0.5, 1.0, 2.0, 4.0])


def draw_demands(
    rng: np.random.Generator, figures: ServiceFigures, n: int, spread: float | None = None
) -> np.ndarray:
    """``n`` lognormal demands around the service's typical demand, clipped and rounded."""
    sigma = figures.demand_spread if spread is None else spread
    values = figures.typical_demand * np.exp(rng.normal(0.0, sigma, n))
    low, high = figures.demand_range
    return np.round(np.clip(values, low, high), figures.demand_decimals)


def choose_services(
    rng: np.random.Generator, n: int, services: Sequence[str], probability: dict[str, float]
) -> np.ndarray:
    """A boolean matrix (n x services), every row with at least one service."""
    chosen = rng.random((n, len(services))) < np.array([probability[s] for s in services])
    empty = ~chosen.any(axis=1)
    chosen[np.flatnonzero(empty), rng.integers(0, len(services), int(empty.sum()))] = True
    return chosen


def sectors_for(
    rng: np.random.Generator, chosen: np.ndarray, services: Sequence[str]
) -> np.ndarray:
    """Sector of each enterprise from what it demands (dyeing, then spraying, else a random one)."""
    n = len(chosen)
    others = np.array(["machinery", "electronics", "food", "plastics", "hardware"], dtype=object)
    sector = others[rng.integers(0, len(others), n)]
    sprayers = np.array(["spraying", "machinery", "furniture", "hardware"], dtype=object)
    if "spraying" in services:
        spray = chosen[:, list(services).index("spraying")]
        sector = np.where(spray, sprayers[rng.integers(0, len(sprayers), n)], sector)
    if "dyeing_pretreatment" in services:
        dye = chosen[:, list(services).index("dyeing_pretreatment")]
        sector = np.where(dye, np.where(rng.random(n) < 0.7, "dyeing", "printing"), sector)
    return sector.astype(object)


def tier_rows(
    rng: np.random.Generator,
    site_ids: np.ndarray,
    hosts: np.ndarray,
    services: Sequence[str],
    typical_load: dict[str, float],
) -> pd.DataFrame:
    """Two to four tiers per (site, service) host; ``hosts`` is a sites x services boolean matrix.

    Capacities climb :data:`TIER_LADDER` from the service's typical load per host (two
    significant digits); capex follows :func:`facility_capex` times a site factor of 0.9-1.15
    (ground and land, assumed).
    """
    site_index, service_index = np.nonzero(hosts)
    counts = rng.integers(2, 5, len(site_index))
    owner = np.repeat(np.arange(len(site_index)), counts)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    service = np.array(services, dtype=object)[service_index[owner]]
    base = pd.Series(service).map(typical_load).to_numpy(float)
    capacity = round_significant(base * TIER_LADDER[step] * rng.uniform(0.85, 1.2, len(owner)))
    site_factor = rng.uniform(0.9, 1.15, len(site_index))[owner]
    return _tier_frame(site_ids[site_index[owner]], service, step, capacity, site_factor)
