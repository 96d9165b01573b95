"""Published capacitated facility location instances as scenarios.

Reads Beasley's OR-Library ``cap`` files and the Holmberg / Yang single-source files (formats in
``benchmarks/instances/*/README.md``) and turns an instance into a Scenario with one service, no
network and costs straight from the file, so that it runs through the same :func:`optimise` route
as every park: a facility's fixed cost is its tier's fixed O&M, the cost of serving a customer
from a facility is the ``distance_km`` of the pair with a connection cost of 1 per km (discount rate
0, lifetime 1 year: an annuity of exactly the cost), and customers may not "self-treat".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .scenario import Scenario, scenario_from_tables


@dataclass(frozen=True)
class Instance:
    """A CFLP instance: ``cost[i, j]`` serves all of customer i's demand from facility j."""

    name: str
    capacity: np.ndarray
    fixed_cost: np.ndarray
    demand: np.ndarray
    cost: np.ndarray

    @property
    def size(self) -> tuple[int, int]:
        """(facilities, customers)."""
        return len(self.capacity), len(self.demand)


def _tokens(path: Path) -> list[str]:
    return path.read_text(encoding="ascii", errors="replace").split()


def read_orlib(path: str | Path, capacity: float | None = None) -> Instance:
    """An OR-Library ``cap`` file: m n, m x (capacity fixed), n x (demand, m costs).

    ``capa``/``capb``/``capc`` have the word ``capacity`` in place of capacities: pass the value.
    """
    path = Path(path)
    tokens = _tokens(path)
    m, n = int(tokens[0]), int(tokens[1])
    head = tokens[2 : 2 + 2 * m]
    raw_capacity = head[0::2]
    if any(t == "capacity" for t in raw_capacity):
        if capacity is None:
            raise ValueError(f"{path.name} has symbolic capacities: pass --capacity")
        capacities = np.full(m, float(capacity))
    else:
        capacities = np.array([float(t) for t in raw_capacity])
        if capacity is not None:
            capacities = np.full(m, float(capacity))
    fixed = np.array([float(t) for t in head[1::2]])
    body = np.array([float(t) for t in tokens[2 + 2 * m : 2 + 2 * m + n * (m + 1)]])
    if body.size != n * (m + 1):
        raise ValueError(f"{path.name}: expected {n * (m + 1)} customer numbers, read {body.size}")
    body = body.reshape(n, m + 1)
    name = path.stem + (f"-{capacity:g}" if capacity is not None else "")
    return Instance(name, capacities, fixed, body[:, 0], body[:, 1:])


def read_holmberg(path: str | Path) -> Instance:
    """A Holmberg/Yang file: J I, J x (capacity fixed), I demands, J rows of I costs."""
    path = Path(path)
    tokens = _tokens(path)
    j, i = int(tokens[0]), int(tokens[1])
    numbers = np.array([float(t) for t in tokens[2 : 2 + 2 * j + i + i * j]])
    if numbers.size != 2 * j + i + i * j:
        raise ValueError(f"{path.name}: expected {2 * j + i + i * j} numbers, read {numbers.size}")
    head = numbers[: 2 * j]
    demand = numbers[2 * j : 2 * j + i]
    cost = numbers[2 * j + i :].reshape(j, i).T
    return Instance(path.name, head[0::2], head[1::2], demand, cost)


def read_instance(path: str | Path, fmt: str, capacity: float | None = None) -> Instance:
    """Read a file in ``orlib`` or ``holmberg`` (also Yang) format."""
    if fmt == "orlib":
        return read_orlib(path, capacity)
    if fmt in ("holmberg", "yang"):
        return read_holmberg(path)
    raise ValueError(f"unknown format {fmt!r}: use orlib or holmberg")


def instance_scenario(
    instance: Instance,
    single_source: bool = False,
    time_limit_s: float = 600.0,
    mip_gap: float = 1e-9,
    uncapacitated: bool = False,
) -> Scenario:
    """The instance as a Scenario (see the module docstring)."""
    m, n = instance.size
    customers = [f"C{i + 1}" for i in range(n)]
    facilities = [f"F{j + 1}" for j in range(m)]
    capacity = instance.capacity if not uncapacitated else np.full(m, instance.demand.sum())
    settings = {
        "name": instance.name,
        "description": "Published CFLP instance; costs come from the file.",
        "cost_year": 2024,
        "discount_rate": 0.0,
        "services": {
            "demand": {
                "unit": "unit",
                "operating_days_per_year": 1,
                "conveyance": "pipe",
                "connection_capex_cny_per_km": 1.0,
                "connection_lifetime_years": 1.0,
                "self_treatment_allowed": False,
            }
        },
        "solver": {
            "single_sourcing": single_source,
            "time_limit_s": time_limit_s,
            "mip_gap": mip_gap,
            # measured on the published sets: as fast or faster on every instance (docs/model.md)
            "strong_linking": "always",
        },
    }
    grid_customer = np.repeat(np.arange(n), m)
    grid_facility = np.tile(np.arange(m), n)
    tables = {
        "enterprises": pd.DataFrame({"id": customers, "lon": 0.0, "lat": 0.0}),
        "demands": pd.DataFrame(
            {"enterprise": customers, "service": "demand", "demand_per_day": instance.demand}
        ),
        "sites": pd.DataFrame({"id": facilities, "lon": 0.0, "lat": 0.0}),
        "tiers": pd.DataFrame(
            {
                "site": facilities,
                "service": "demand",
                "tier": "only",
                "capacity_per_day": capacity,
                "capex_cny": 0.0,
                "lifetime_years": 1.0,
                "fixed_om_cny_per_year": instance.fixed_cost,
            }
        ),
        "distances": pd.DataFrame(
            {
                "enterprise": np.array(customers)[grid_customer],
                "site": np.array(facilities)[grid_facility],
                "distance_km": instance.cost[grid_customer, grid_facility],
            }
        ),
    }
    return scenario_from_tables(settings, tables)
