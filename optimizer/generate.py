"""Synthetic parks of any size, and the shipped example scenarios, from one set of cost figures.

:func:`generate_park` makes a valid park of any size (a perturbed street grid with sewers and
roads, enterprises in industrial clusters, candidate sites with two to four tiers per service), the
same for the same seed. :func:`build_example` makes the scenarios shipped in ``scenarios/``
(``textile-park``, ``spraying-zone``, ``mixed-park``) from the same figures, so the shipped files
can be checked against it and rewritten with ``python -m optimizer.generate``.

Where the figures come from (every amount in CNY at :data:`COST_YEAR`):

- shared plant capex scales as capacity^0.79 (:data:`SCALE_EXPONENT`, Eawag SNIP cost curves);
- Chinese activated-sludge plants cost 3,150-3,600 CNY per m3/d and 0.6-1.3 CNY/m3 to run; small
  packaged on-site units 15,000-30,000 CNY per m3/d;
- printing-and-dyeing wastewater carries 2,000-5,000 mg/L COD (GB 4287-2012 and its 2015
  amendment: 500 mg/L to a park plant with central pretreatment, 200 mg/L without);
- one on-site spray booth with VOC treatment costs about 0.8 M CNY; shared spraying centres cost
  8-150 M CNY and serve 20-130 SMEs; one province subsidised 23% of their capex;
- sewers DN300-DN600 cost 250-850 CNY/m (1.35 M CNY/km for a Jiangsu project with a pump station);
- road freight costs about 0.46 CNY per t km; discount rate 8% (6% for public-welfare water);
- Suzhou's non-residential sewage charge is 1.75 CNY/m3 (2021 tariff).

Figures marked *assumed* below are not from a source; each shipped scenario's README lists them.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import cKDTree

from .scenario import Scenario, save_scenario, scenario_from_tables

COST_YEAR = 2024
#: Exponent of the capacity cost curve of shared plants (Eawag SNIP cost curves).
SCALE_EXPONENT = 0.79
#: Centre of the synthetic parks (Suzhou, Jiangsu).
PARK_LON, PARK_LAT = 120.6, 31.3
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_EQUATOR = 111.320
#: Enterprises per km2 of a synthetic park; the park grows with the number of enterprises.
ENTERPRISES_PER_KM2 = 5.0
#: Share of the possible COD reduction (everyone alone -> everyone shared) the generated cap asks.
GENERATED_CAP_SHARE = 0.2
TIER_NAMES = ("small", "medium", "large", "xlarge")
#: Capacity of each tier relative to the site's typical load.
TIER_LADDER = np.array([0.5, 1.0, 2.0, 4.0])
SERVICES = ("sewage", "spraying", "dyeing_pretreatment")
EXAMPLES = ("textile-park", "spraying-zone", "mixed-park")


@dataclass(frozen=True)
class ServiceFigures:
    """Cost figures of one service: conveyance, shared facilities and stand-alone treatment.

    ``ref_unit_capex`` is the capex per unit/d of a shared plant of ``ref_capacity``; other sizes
    follow capacity^:data:`SCALE_EXPONENT`. ``own_*`` figures cost an enterprise's own unit.
    """

    unit: str
    conveyance: str
    days: float
    transport: float
    connection_per_km: float
    max_distance_km: float
    ref_capacity: float
    ref_unit_capex: float
    lifetime: float
    fixed_om_share: float
    variable_cost: float
    area_per_unit: float
    typical_demand: float
    demand_spread: float
    demand_range: tuple[float, float]
    demand_decimals: int


SEWAGE = ServiceFigures(
    unit="m3",
    conveyance="pipe",
    days=330,
    transport=0.05,  # assumed: pumping energy and sewer upkeep per m3 km
    connection_per_km=300_000,  # DN300 branch sewer, 300 CNY/m within 250-850 CNY/m
    max_distance_km=5.0,
    ref_capacity=10_000,
    ref_unit_capex=3_400,  # activated sludge, 3,150-3,600 CNY per m3/d
    lifetime=25,
    fixed_om_share=0.02,  # with 0.6 CNY/m3 gives 0.8-1.0 CNY/m3 at full load (0.6-1.3)
    variable_cost=0.6,
    area_per_unit=0.8,  # assumed: compact plant, m2 per m3/d
    typical_demand=30,
    demand_spread=0.7,
    demand_range=(3, 400),
    demand_decimals=1,
)
DYEING = ServiceFigures(
    unit="m3",
    conveyance="pipe",
    days=330,
    transport=0.05,
    connection_per_km=500_000,  # dedicated DN300-DN400 line, mid of 250-850 CNY/m
    max_distance_km=5.0,
    ref_capacity=10_000,
    ref_unit_capex=3_600,  # top of the activated-sludge range: an extra physico-chemical stage
    lifetime=25,
    fixed_om_share=0.02,
    variable_cost=1.3,  # top of 0.6-1.3 CNY/m3: chemicals for strong, coloured wastewater
    area_per_unit=0.6,
    typical_demand=300,
    demand_spread=0.6,
    demand_range=(50, 2000),
    demand_decimals=0,
)
SPRAYING = ServiceFigures(
    unit="t",
    conveyance="road",
    days=300,
    transport=0.92,  # 0.46 CNY/(t km) road freight, there and back
    connection_per_km=0.0,
    max_distance_km=15.0,
    ref_capacity=60,
    ref_unit_capex=500_000,  # 60 t/d for 30 M CNY; 20-160 t/d spans 12-70 M CNY (8-150 M)
    lifetime=20,
    fixed_om_share=0.03,  # assumed
    variable_cost=200,  # assumed: RTO fuel, power, labour and handling per t of parts
    area_per_unit=300,  # assumed: m2 of workshop per t/d
    typical_demand=1.5,
    demand_spread=0.6,
    demand_range=(0.2, 8.0),
    demand_decimals=1,
)
FIGURES: dict[str, ServiceFigures] = {
    "sewage": SEWAGE,
    "spraying": SPRAYING,
    "dyeing_pretreatment": DYEING,
}

#: Share of an enterprise demanding each service in a generated park.
DEMAND_PROBABILITY = {"sewage": 0.85, "spraying": 0.3, "dyeing_pretreatment": 0.15}
#: Share of sites that may host each service in a generated park.
HOST_PROBABILITY = {"sewage": 0.6, "spraying": 0.5, "dyeing_pretreatment": 0.5}
#: COD of the untreated streams, mg/L (dyeing: 2,000-5,000; ordinary industrial sewage assumed).
COD_RANGE = {"sewage": (250.0, 450.0), "dyeing_pretreatment": (2000.0, 5000.0)}
#: COD removed before discharge: shared (central pretreatment + park plant), self (own unit).
COD_REMOVAL = {
    "sewage": {"shared": 0.9, "self": 0.8},
    "dyeing_pretreatment": {"shared": 0.97, "self": 0.9},
}
#: Share of a new unit's capex that refitting an enterprise's existing unit costs (assumed).
REFIT_SHARE = 0.1
#: Tiers are sized for this many times the load per host site if everything were shared.
TIER_SCALE = 2.0
#: Suzhou non-residential sewage charge (2021 tariff), CNY/m3.
MUNICIPAL_SEWER_CNY_PER_M3 = 1.75
SECTOR_WORDS = {
    "dyeing": "Dyeing",
    "printing": "Printing & Dyeing",
    "spraying": "Coating",
    "machinery": "Machinery",
    "furniture": "Furniture",
    "hardware": "Hardware",
    "electronics": "Electronics",
    "food": "Foods",
    "plastics": "Plastics",
}
NAME_PREFIXES = (
    "Hengli", "Dongfang", "Jinyuan", "Xinhua", "Tianhong", "Huaxin", "Yongsheng", "Ruifeng",
    "Baolong", "Kaida", "Shenghong", "Meiya", "Jiali", "Hongda", "Fuxing", "Zhongxin", "Lianfa",
    "Tongyuan", "Qiangsheng", "Wanfeng", "Dingxin", "Haitian", "Changjiang", "Suxing", "Wuyue",
    "Taihu", "Mingzhu", "Jinhai", "Huatai", "Shunda", "Yida", "Guanghua", "Xiangyu", "Baixin",
    "Chenguang", "Rongsheng", "Anda", "Lixin", "Boyuan", "Kangli",
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Cost curves
# ---------------------------------------------------------------------------------------------


def facility_capex(capacity: np.ndarray | float, figures: ServiceFigures) -> np.ndarray:
    """Capex of a shared plant: the reference plant's cost scaled by capacity^0.79.

    >>> round(float(facility_capex(10_000, SEWAGE)) / 1e6, 1)  # 3,400 CNY per m3/d
    34.0
    >>> round(float(facility_capex(2_000, SEWAGE)) / 2_000)  # smaller plants cost more per m3/d
    4767
    """
    ratio = np.asarray(capacity, dtype=float) / figures.ref_capacity
    return figures.ref_unit_capex * figures.ref_capacity * ratio**SCALE_EXPONENT


def own_sewage_unit(demand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Capex and yearly O&M of a small packaged sewage unit of ``demand`` m3/d.

    Capex is 22,000 CNY per m3/d at 20 m3/d (15,000-30,000 for packaged units), scaled by
    capacity^0.79; O&M is 1.3 CNY/m3 plus 12,000 CNY a year of monitoring (assumed).

    >>> capex, om = own_sewage_unit(np.array([20.0]))
    >>> capex.round(-3).tolist(), om.round().tolist()
    ([440000.0], [20580.0])
    """
    demand = np.asarray(demand, dtype=float)
    capex = 22_000 * 20 * (demand / 20) ** SCALE_EXPONENT
    return capex, 1.3 * SEWAGE.days * demand + 12_000


def own_dyeing_unit(
    demand: np.ndarray, existing: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Capex and yearly O&M of an on-site dyeing-wastewater plant meeting 200 mg/L COD.

    New: 18,000 CNY per m3/d at 200 m3/d (within 15,000-30,000), scaled by capacity^0.79, and
    3.0 CNY/m3 to run (assumed) plus the 1.75 CNY/m3 sewer charge and 30,000 CNY a year. An
    ``existing`` plant needs only a refit (:data:`REFIT_SHARE` of the new capex) and, run in
    and at the scale of the firms that built one, 1.6 CNY/m3 (assumed).

    >>> capex, om = own_dyeing_unit(np.array([200.0, 200.0]), np.array([False, True]))
    >>> capex.round(-3).tolist(), om.round().tolist()
    ([3600000.0, 360000.0], [343500.0, 251100.0])
    """
    demand = np.asarray(demand, dtype=float)
    existing = np.zeros(demand.shape, bool) if existing is None else np.asarray(existing, bool)
    capex = 18_000 * 200 * (demand / 200) ** SCALE_EXPONENT
    running = np.where(existing, 1.6, 3.0) + MUNICIPAL_SEWER_CNY_PER_M3
    capex = np.where(existing, REFIT_SHARE, 1.0) * capex
    return capex, running * DYEING.days * demand + 30_000


def own_spray_booths(
    demand: np.ndarray, existing: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Capex and yearly O&M of enough on-site booths (2.5 t/d each, assumed) for ``demand`` t/d.

    Each booth with VOC treatment costs 0.8 M CNY new (:data:`REFIT_SHARE` of that to refit an
    ``existing`` one) and 100,000 CNY a year (activated carbon, monitoring; assumed), plus
    150 CNY per t sprayed (assumed).

    >>> capex, om = own_spray_booths(np.array([1.0, 3.0, 1.0]), np.array([False, False, True]))
    >>> capex.tolist(), om.tolist()
    ([800000.0, 1600000.0, 80000.0], [145000.0, 335000.0, 145000.0])
    """
    demand = np.asarray(demand, dtype=float)
    existing = np.zeros(demand.shape, bool) if existing is None else np.asarray(existing, bool)
    booths = np.ceil(demand / 2.5)
    capex = np.where(existing, REFIT_SHARE, 1.0) * 800_000 * booths
    return capex, 100_000 * booths + 150 * SPRAYING.days * demand


def own_unit(service: str, demand: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Capex, yearly O&M and lifetime of an enterprise's own unit for ``service``.

    The largest 30% of dyeing and spraying demands already have their own unit
    (:func:`has_own_unit`), so they only pay a refit to keep treating alone.
    """
    if service == "sewage":
        return (*own_sewage_unit(demand), 15.0)
    if service == "dyeing_pretreatment":
        return (*own_dyeing_unit(demand, has_own_unit(demand)), 15.0)
    return (*own_spray_booths(demand, has_own_unit(demand)), 10.0)


def has_own_unit(demand: np.ndarray, share: float = 0.3) -> np.ndarray:
    """Whether each demand is among the largest ``share``: firms that built their own treatment
    (dyeing pretreatment to 200 mg/L, a booth with VOC treatment) before the park offered any.

    >>> has_own_unit(np.array([100.0, 900.0, 300.0, 200.0])).tolist()
    [False, True, False, False]
    """
    demand = np.asarray(demand, dtype=float)
    chosen = np.zeros(len(demand), bool)
    order = np.argsort(-demand, kind="stable")
    chosen[order[: round(share * len(demand))]] = True
    return chosen


def round_significant(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """Round to ``digits`` significant digits.

    >>> round_significant(np.array([1234.0, 0.04567])).tolist()
    [1200.0, 0.046]
    """
    values = np.asarray(values, dtype=float)
    scale = 10.0 ** (np.floor(np.log10(np.abs(values))) - (digits - 1))
    return np.round(values / scale) * scale


# ---------------------------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------------------------


def to_lonlat(xy: np.ndarray, lon0: float = PARK_LON, lat0: float = PARK_LAT) -> np.ndarray:
    """Planar km around (lon0, lat0) to longitude and latitude, rounded to about a metre."""
    km_per_lon = KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat0))
    lon = lon0 + xy[:, 0] / km_per_lon
    lat = lat0 + xy[:, 1] / KM_PER_DEGREE_LAT
    return np.column_stack([np.round(lon, 5), np.round(lat, 5)])


def park_extent(n_enterprises: int) -> tuple[float, float]:
    """Width and height (km) of a generated park: 5 enterprises per km2, 4:3, at least 2 km wide.

    >>> park_extent(150)
    (6.325, 4.743)
    """
    area = max(n_enterprises / ENTERPRISES_PER_KM2, 3.0)
    width = max(math.sqrt(area * 4 / 3), 2.0)
    return round(width, 3), round(area / width, 3)


def jittered_grid(
    rng: np.random.Generator, n: int, width: float, height: float, jitter: float
) -> tuple[np.ndarray, int]:
    """``n`` points on a grid over width x height km (last row partial), each moved at random by
    up to ``jitter`` cells. Returns the points (centred on 0) and the number of columns."""
    columns = max(1, round(math.sqrt(n * width / height)))
    rows = math.ceil(n / columns)
    index = np.arange(n)
    cell_x, cell_y = width / columns, height / rows
    x = (index % columns + 0.5) * cell_x + rng.uniform(-jitter, jitter, n) * cell_x
    y = (index // columns + 0.5) * cell_y + rng.uniform(-jitter, jitter, n) * cell_y
    return np.column_stack([x - width / 2, y - height / 2]), columns


def clustered_points(rng: np.random.Generator, n: int, width: float, height: float) -> np.ndarray:
    """``n`` enterprise locations: 70% in industrial clusters (about 25 firms each), the rest
    scattered; all inside the park."""
    n_clusters = max(1, n // 25)
    centres = rng.uniform([-width / 2, -height / 2], [width / 2, height / 2], (n_clusters, 2))
    member = rng.integers(0, n_clusters, n)
    spread = 0.12 * min(width, height) + 0.2
    clustered = centres[member] + rng.normal(0.0, spread, (n, 2))
    scattered = rng.uniform([-width / 2, -height / 2], [width / 2, height / 2], (n, 2))
    points = np.where((rng.random(n) < 0.7)[:, None], clustered, scattered)
    return np.clip(points, [-width / 2, -height / 2], [width / 2, height / 2])


# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------


def grid_edges(n: int, columns: int) -> np.ndarray:
    """Edges (i, j) of a street grid of ``n`` nodes with ``columns`` per row (last row partial).

    >>> grid_edges(5, 2).tolist()
    [[0, 1], [2, 3], [0, 2], [1, 3], [2, 4]]
    """
    index = np.arange(n)
    right = index[(index % columns < columns - 1) & (index + 1 < n)]
    down = index[index + columns < n]
    return np.concatenate(
        [np.column_stack([right, right + 1]), np.column_stack([down, down + columns])]
    ).astype(np.int64)


def spanning_tree_mask(rng: np.random.Generator, n: int, edges: np.ndarray) -> np.ndarray:
    """Which edges form a random spanning tree (minimum tree under random weights)."""
    weights = rng.uniform(1.0, 2.0, len(edges))
    graph = coo_matrix((weights, (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    tree = minimum_spanning_tree(graph).tocoo()
    low, high = np.minimum(tree.row, tree.col), np.maximum(tree.row, tree.col)
    return np.isin(edges[:, 0] * n + edges[:, 1], low.astype(np.int64) * n + high)


def street_network(
    rng: np.random.Generator, n_nodes: int, width: float, height: float
) -> tuple[np.ndarray, pd.DataFrame]:
    """A perturbed street grid: node positions (km) and edges with length and modes.

    A random spanning tree carries both pipes and roads, so every node is reachable by either
    mode; of the other links a tenth are left out, 70% carry both, 15% only a pipe (a sewer
    across a field) and 15% only a road.
    """
    xy, columns = jittered_grid(rng, n_nodes, width, height, jitter=0.3)
    edges = grid_edges(n_nodes, columns)
    tree = spanning_tree_mask(rng, n_nodes, edges)
    keep = tree | (rng.random(len(edges)) >= 0.1)
    modes = rng.choice(np.array(["pipe;road", "pipe", "road"]), len(edges), p=[0.7, 0.15, 0.15])
    modes = np.where(tree, "pipe;road", modes)
    edges, modes = edges[keep], modes[keep]
    straight = np.hypot(*(xy[edges[:, 0]] - xy[edges[:, 1]]).T)
    length = np.maximum(np.round(straight * rng.uniform(1.0, 1.15, len(edges)), 3), 0.001)
    frame = pd.DataFrame(
        {"from": edges[:, 0], "to": edges[:, 1], "length_km": length, "modes": modes}
    )
    return xy, frame


def make_ids(prefix: str, n: int) -> np.ndarray:
    """``prefix`` plus a zero-padded number: ``make_ids("E", 3) -> E1, E2, E3``; 12 -> E01..E12.

    >>> make_ids("S", 12)[[0, -1]].tolist()
    ['S01', 'S12']
    """
    width = len(str(n))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


# ---------------------------------------------------------------------------------------------
# Tables of a generated park
# ---------------------------------------------------------------------------------------------


def enterprise_names(rng: np.random.Generator, sectors: np.ndarray) -> np.ndarray:
    """Plausible firm names (``Hengli Dyeing``), numbered where a name repeats."""
    prefixes = np.array(NAME_PREFIXES, dtype=object)[
        rng.integers(0, len(NAME_PREFIXES), len(sectors))
    ]
    words = pd.Series(sectors).map(SECTOR_WORDS).to_numpy(dtype=object)
    names = pd.Series(prefixes + " " + words)
    repeat = names.groupby(names).cumcount().to_numpy()
    suffix = np.where(repeat > 0, " " + (repeat + 1).astype(str).astype(object), "")
    return (names.to_numpy(dtype=object) + suffix).astype(object)


def draw_demands(
    rng: np.random.Generator, figures: ServiceFigures, n: int, spread: float | None = None
) -> np.ndarray:
    """``n`` lognormal demands around the service's typical demand, clipped and rounded."""
    sigma = figures.demand_spread if spread is None else spread
    values = figures.typical_demand * np.exp(rng.normal(0.0, sigma, n))
    low, high = figures.demand_range
    return np.round(np.clip(values, low, high), figures.demand_decimals)


def demand_rows(
    enterprise_ids: np.ndarray, services: Sequence[str], amounts: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Demands table rows for enterprises (``amounts[service]`` is NaN where not demanded)."""
    frames = []
    for service in services:
        wanted = ~np.isnan(amounts[service])
        demand = amounts[service][wanted]
        capex, om, lifetime = own_unit(service, demand)
        frames.append(
            pd.DataFrame(
                {
                    "order": np.flatnonzero(wanted),
                    "enterprise": enterprise_ids[wanted],
                    "service": service,
                    "demand_per_day": demand,
                    "standalone_capex_cny": np.round(capex, -3),
                    "standalone_lifetime_years": lifetime,
                    "standalone_om_cny_per_year": np.round(om, -2),
                    "self_treatment_allowed": pd.NA,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True).sort_values("order", kind="stable")
    return frame.drop(columns="order").reset_index(drop=True)


def cod_rows(rng: np.random.Generator, demands: pd.DataFrame) -> pd.DataFrame:
    """COD of each sewage and dyeing demand, uniform in :data:`COD_RANGE`, to 10 mg/L."""
    rows = demands[demands["service"].isin(list(COD_RANGE))]
    low = rows["service"].map({s: r[0] for s, r in COD_RANGE.items()}).to_numpy(float)
    high = rows["service"].map({s: r[1] for s, r in COD_RANGE.items()}).to_numpy(float)
    return pd.DataFrame(
        {
            "enterprise": rows["enterprise"].to_numpy(),
            "service": rows["service"].to_numpy(),
            "pollutant": "COD",
            "concentration_mg_per_l": np.round(rng.uniform(low, high), -1),
        }
    )


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


def _tier_frame(
    sites: np.ndarray,
    service: np.ndarray,
    step: np.ndarray,
    capacity: np.ndarray,
    site_factor: np.ndarray,
) -> pd.DataFrame:
    figures = [FIGURES[s] for s in service]
    capex = np.array([float(facility_capex(q, f)) for q, f in zip(capacity, figures, strict=True)])
    capex = np.round(capex * site_factor, -3)
    return pd.DataFrame(
        {
            "site": sites,
            "service": service,
            "tier": np.array(TIER_NAMES, dtype=object)[step],
            "capacity_per_day": capacity,
            "capex_cny": capex,
            "lifetime_years": [float(f.lifetime) for f in figures],
            "fixed_om_cny_per_year": np.round(capex * [f.fixed_om_share for f in figures], -2),
            "variable_cost_cny_per_unit": [f.variable_cost for f in figures],
            "area_m2": np.round(capacity * [f.area_per_unit for f in figures], 0),
            "existing": False,
        }
    )


def service_settings(
    name: str, k_nearest: int | None = 10, max_distance_km: float | None = None
) -> dict[str, Any]:
    """The ``services.<name>`` block from :data:`FIGURES` (dyeing sends effluent on to sewage)."""
    figures = FIGURES[name]
    settings: dict[str, Any] = {
        "unit": figures.unit,
        "operating_days_per_year": float(figures.days),
        "conveyance": figures.conveyance,
        "transport_cny_per_unit_km": figures.transport,
        "connection_capex_cny_per_km": float(figures.connection_per_km),
        "connection_lifetime_years": 30.0,
        "max_distance_km": figures.max_distance_km if max_distance_km is None else max_distance_km,
        "k_nearest": k_nearest,
        "self_treatment_allowed": True,
    }
    if name == "dyeing_pretreatment":
        settings["outputs"] = [effluent_output(to_sewage=True)]
    return settings


def effluent_output(to_sewage: bool, sink_price: float | None = MUNICIPAL_SEWER_CNY_PER_M3) -> dict:
    """The effluent stream of dyeing pretreatment: 95% of the inflow, to a sewage plant and/or
    the municipal sewer at ``sink_price``."""
    return {
        "name": "effluent",
        "ratio": 0.95,
        "to": "sewage" if to_sewage else None,
        "sink_price_cny_per_unit": sink_price,
        "transport_cny_per_unit_km": DYEING.transport,
    }


def cod_discharge(demands: pd.DataFrame, concentrations: pd.DataFrame, how: str) -> float:
    """Park COD discharge (t/year) if every demand is treated ``how`` ('shared' or 'self')."""
    rows = concentrations.merge(demands, on=["enterprise", "service"])
    days = rows["service"].map({s: f.days for s, f in FIGURES.items()})
    removal = rows["service"].map({s: r[how] for s, r in COD_REMOVAL.items()})
    load = days * rows["demand_per_day"] * rows["concentration_mg_per_l"] * 1e-6
    return float((load * (1.0 - removal)).sum())


def cod_settings(services: Sequence[str], cap: float | None) -> dict[str, Any]:
    """The ``pollutants.COD`` block: removal for the services that carry COD, and the cap."""
    removal = {s: dict(COD_REMOVAL[s]) for s in services if s in COD_REMOVAL}
    return {"COD": {"cap_t_per_year": cap, "removal": removal}}


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


# ---------------------------------------------------------------------------------------------
# Shipped examples
# ---------------------------------------------------------------------------------------------

#: Seeds of the shipped examples (change one and rewrite the folder with python -m).
EXAMPLE_SEEDS = {"textile-park": 4287, "spraying-zone": 23, "mixed-park": 3}


def build_example(name: str) -> Scenario:
    """The shipped example scenario ``name`` (``textile-park``, ``spraying-zone``, ``mixed-park``),
    exactly as written in ``scenarios/<name>/`` (a test checks they agree).

    >>> build_example("spraying-zone").settings["policy"]["subsidy_rate_by_service"]
    {'spraying': 0.23}
    """
    builders: dict[str, Callable[[], Scenario]] = {
        "textile-park": textile_park,
        "spraying-zone": spraying_zone,
        "mixed-park": mixed_park,
    }
    if name not in builders:
        raise ValueError(f"unknown example {name!r}; the examples are {', '.join(EXAMPLES)}")
    return builders[name]()


def write_example(name: str, folder: str | Path) -> Path:
    """Write example ``name`` into ``folder`` (``scenario.yaml`` and its CSV tables), keeping any
    other file there (the hand-written ``README.md``) and removing tables it no longer has."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.") as work:
        written = save_scenario(build_example(name), Path(work) / name)
        fresh = {p.name for p in written.iterdir()}
        for stale in folder.glob("*.csv"):
            if stale.name not in fresh:
                stale.unlink()
        for file in written.iterdir():
            shutil.copyfile(file, folder / file.name)
    return folder


def _sites_frame(rows: Sequence[tuple], lon0: float, lat0: float) -> pd.DataFrame:
    """Sites from (id, name, x_km, y_km, area_m2, services) around (lon0, lat0)."""
    ids, names, x, y, area, services = zip(*rows, strict=True)
    lonlat = to_lonlat(np.column_stack([x, y]).astype(float), lon0, lat0)
    return pd.DataFrame(
        {
            "id": ids,
            "name": names,
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "node": pd.NA,
            "area_m2": area,
            "status": "optional",
            "services": services,
        }
    )


def ladder_tiers(
    site: str, service: str, capacities: Sequence[float], site_factor: float = 1.0
) -> pd.DataFrame:
    """Tiers of one (site, service) with the given capacities, costed by :func:`facility_capex`.

    >>> ladder_tiers("S1", "sewage", [5_000, 10_000])[["tier", "capex_cny"]].values.tolist()
    [['small', 19664000.0], ['medium', 34000000.0]]
    """
    n = len(capacities)
    return _tier_frame(
        np.full(n, site, dtype=object),
        np.full(n, service, dtype=object),
        np.arange(n),
        np.asarray(capacities, dtype=float),
        np.full(n, site_factor),
    )


def _enterprise_frame(
    rng: np.random.Generator, points: np.ndarray, sectors: np.ndarray, lon0: float, lat0: float
) -> pd.DataFrame:
    lonlat = to_lonlat(points, lon0, lat0)
    return pd.DataFrame(
        {
            "id": make_ids("E", len(points)),
            "name": enterprise_names(rng, sectors),
            "sector": sectors,
            "lon": lonlat[:, 0],
            "lat": lonlat[:, 1],
            "node": pd.NA,
        }
    )


# -- textile-park -------------------------------------------------------------------------------

#: COD cap of textile-park, t/year: about 30% of the way from the discharge of the plan without a
#: cap (884 t) to the least possible (555 t), so that it changes the plan (calibrated with the
#: solver; see the scenario's README).
TEXTILE_COD_CAP = 780.0
TEXTILE_CENTRE = (120.62, 31.2)


def textile_park() -> Scenario:
    """40 printing-and-dyeing SMEs, four candidate pretreatment sites, three sewage-plant sites
    (one an existing park plant), the municipal sewer as the alternative for pretreated effluent,
    and a binding COD cap. Public-welfare water projects: 6% discount rate."""
    rng = np.random.default_rng(EXAMPLE_SEEDS["textile-park"])
    lon0, lat0 = TEXTILE_CENTRE
    n = 40
    points = clustered_points(rng, n, 4.0, 3.0)
    sectors = np.where(rng.random(n) < 0.75, "dyeing", "printing").astype(object)
    enterprises = _enterprise_frame(rng, points, sectors, lon0, lat0)
    dyeing = np.round(np.clip(350 * np.exp(rng.normal(0, 0.6, n)), 80, 1500), -1)
    domestic = np.round(rng.uniform(10, 60, n), 0)
    amounts = {"sewage": domestic, "dyeing_pretreatment": dyeing}
    demands = demand_rows(enterprises["id"].to_numpy(), ["sewage", "dyeing_pretreatment"], amounts)
    sites = _sites_frame(
        [
            ("S1", "North-west plot", -1.2, 0.9, 30_000.0, "dyeing_pretreatment"),
            ("S2", "North-east plot", 1.1, 1.0, 30_000.0, "dyeing_pretreatment"),
            ("S3", "South-west plot", -1.0, -0.9, 30_000.0, "dyeing_pretreatment"),
            ("S4", "Canal-side plot", 0.9, -0.8, 22_000.0, "dyeing_pretreatment;sewage"),
            ("S5", "Park sewage plant", 2.4, -0.2, 40_000.0, "sewage"),
            ("S6", "South plot", 0.0, -1.9, 40_000.0, "sewage"),
        ],
        lon0,
        lat0,
    )
    tiers = pd.concat(
        [
            ladder_tiers("S1", "dyeing_pretreatment", [3_000, 6_000, 12_000], 1.0),
            ladder_tiers("S2", "dyeing_pretreatment", [3_000, 6_000, 12_000], 1.08),
            ladder_tiers("S3", "dyeing_pretreatment", [3_000, 6_000, 12_000], 0.95),
            ladder_tiers("S4", "dyeing_pretreatment", [3_000, 6_000, 12_000], 1.05),
            ladder_tiers("S4", "sewage", [5_000, 10_000, 20_000], 1.05),
            _existing_plant("S5", "sewage", 12_000),
            ladder_tiers("S6", "sewage", [5_000, 10_000, 20_000], 1.0),
        ],
        ignore_index=True,
    )
    settings = {
        "name": "textile-park",
        "description": (
            "A printing-and-dyeing park in southern Suzhou (synthetic): 40 SMEs, central "
            "pretreatment at one of four sites, effluent to the existing park plant, a new plant "
            "or the municipal sewer, under a binding COD cap. Figures: see README.md."
        ),
        "currency": "CNY",
        "cost_year": COST_YEAR,
        "discount_rate": 0.06,
        "detour_factor": 1.3,
        "services": {
            "dyeing_pretreatment": service_settings("dyeing_pretreatment", None, 6.0),
            "sewage": service_settings("sewage", None, 6.0),
        },
        "pollutants": cod_settings(["sewage", "dyeing_pretreatment"], TEXTILE_COD_CAP),
        "policy": {"subsidy_rate": 0.0},
        "solver": {"time_limit_s": 120.0},
    }
    variants = {
        "no-cod-cap": {
            "description": "No COD cap: what the park would do on cost alone.",
            "overrides": {"pollutants.COD.cap_t_per_year": None},
        },
        "no-municipal-sewer": {
            "description": "The municipal sewer takes no pretreated effluent: the park must treat it.",
            "overrides": {
                "services.dyeing_pretreatment.outputs": [effluent_output(True, None)],
            },
        },
        "subsidy-40": {
            "description": "40% of the capex of shared facilities subsidised.",
            "overrides": {"policy.subsidy_rate": 0.4},
        },
    }
    tables = {
        "enterprises": enterprises,
        "demands": demands,
        "concentrations": cod_rows(rng, demands),
        "sites": sites,
        "tiers": tiers,
    }
    return scenario_from_tables(settings, tables, variants)


def _existing_plant(site: str, service: str, capacity: float) -> pd.DataFrame:
    """An existing plant: its capex is what it would cost new (sunk, not charged)."""
    frame = ladder_tiers(site, service, [capacity])
    frame["tier"] = "existing"
    frame["existing"] = True
    return frame


# -- spraying-zone ------------------------------------------------------------------------------

SPRAYING_CENTRE = (120.52, 31.38)


def spraying_zone() -> Scenario:
    """60 spraying SMEs across a town's industrial clusters (10 x 8 km), five candidate spraying
    centres, parts hauled by road, the provincial 23% capex subsidy."""
    rng = np.random.default_rng(EXAMPLE_SEEDS["spraying-zone"])
    lon0, lat0 = SPRAYING_CENTRE
    n = 60
    points = clustered_points(rng, n, 10.0, 8.0)
    kinds = np.array(["machinery", "furniture", "hardware", "spraying"], dtype=object)
    sectors = kinds[rng.integers(0, len(kinds), n)]
    enterprises = _enterprise_frame(rng, points, sectors, lon0, lat0)
    amounts = {"spraying": np.round(np.clip(1.5 * np.exp(rng.normal(0, 0.6, n)), 0.3, 6.0), 1)}
    demands = demand_rows(enterprises["id"].to_numpy(), ["spraying"], amounts)
    sites = _sites_frame(
        [
            ("C1", "North industrial park", -2.5, 2.5, 30_000.0, "spraying"),
            ("C2", "East logistics plot", 3.5, 1.0, 30_000.0, "spraying"),
            ("C3", "Town centre plot", 0.0, 0.0, 20_000.0, "spraying"),
            ("C4", "South-west plot", -3.0, -2.5, 30_000.0, "spraying"),
            ("C5", "South-east plot", 2.5, -2.8, 45_000.0, "spraying"),
        ],
        lon0,
        lat0,
    )
    tiers = pd.concat(
        [
            ladder_tiers("C1", "spraying", [20, 40, 80], 1.0),
            ladder_tiers("C2", "spraying", [20, 40, 80], 0.97),
            ladder_tiers("C3", "spraying", [20, 40], 1.12),
            ladder_tiers("C4", "spraying", [20, 40, 80], 1.0),
            ladder_tiers("C5", "spraying", [40, 70, 100, 130], 0.93),
        ],
        ignore_index=True,
    )
    spraying = service_settings("spraying", None, 15.0)
    settings = {
        "name": "spraying-zone",
        "description": (
            "Spraying SMEs of a Suzhou town (synthetic): 60 firms with their own booths today, "
            "five candidate shared spraying centres, parts hauled by road, 23% capex subsidy "
            "(a provincial case). Figures: see README.md."
        ),
        "currency": "CNY",
        "cost_year": COST_YEAR,
        "discount_rate": 0.08,
        "detour_factor": 1.3,
        "services": {"spraying": spraying},
        "policy": {"subsidy_rate": 0.0, "subsidy_rate_by_service": {"spraying": 0.23}},
        "solver": {"time_limit_s": 120.0},
    }
    variants = {
        "no-subsidy": {
            "description": "No capex subsidy.",
            "overrides": {"policy.subsidy_rate_by_service.spraying": 0.0},
        },
        "subsidy-40": {
            "description": "40% capex subsidy for spraying centres.",
            "overrides": {"policy.subsidy_rate_by_service.spraying": 0.4},
        },
        "no-c5": {
            "description": "Plot C5 is not available.",
            "overrides": {"sites[C5].status": "forbidden"},
        },
    }
    tables = {"enterprises": enterprises, "demands": demands, "sites": sites, "tiers": tiers}
    return scenario_from_tables(settings, tables, variants)


# -- mixed-park ---------------------------------------------------------------------------------

#: COD caps of mixed-park, t/year (calibrated with the solver; see the scenario's README): the
#: base cap leaves the cost-optimal plan a little headroom; strict-cod forces more connections.
MIXED_COD_CAP = 600.0
MIXED_STRICT_COD_CAP = 420.0


def mixed_park() -> Scenario:
    """150 SMEs with sewage, spraying and dyeing demands on a park street network (pipes and
    roads), 15 candidate sites, one an existing sewage plant; subsidy and COD-cap variants."""
    park = generate_park(150, 15, seed=EXAMPLE_SEEDS["mixed-park"])
    tables = dict(park.tables)
    tables["enterprises"] = _some_snapped(tables["enterprises"])
    tables["tiers"] = _with_existing_sewage_plant(tables["tiers"], tables["sites"])
    settings = dict(park.settings)
    for service in settings["services"].values():
        service["k_nearest"] = 5
    settings.update(
        name="mixed-park",
        description=(
            "A mixed industrial park near Suzhou (synthetic): 150 SMEs needing sewage treatment, "
            "spraying and dyeing pretreatment, 15 candidate sites on the park's streets and "
            "sewers, one existing park sewage plant, a COD cap. Figures: see README.md."
        ),
        pollutants=cod_settings(list(settings["services"]), MIXED_COD_CAP),
        solver={"time_limit_s": 120.0},
    )
    variants = {
        "no-subsidy": {
            "description": "No capex subsidy (as the base; for side-by-side runs).",
            "overrides": {"policy.subsidy_rate": 0.0},
        },
        "subsidy-23": {
            "description": "23% capex subsidy on every shared facility (the provincial case).",
            "overrides": {"policy.subsidy_rate": 0.23},
        },
        "subsidy-40": {
            "description": "40% capex subsidy on every shared facility.",
            "overrides": {"policy.subsidy_rate": 0.4},
        },
        "strict-cod": {
            "description": "A tighter COD cap that forces more SMEs onto shared treatment.",
            "overrides": {"pollutants.COD.cap_t_per_year": MIXED_STRICT_COD_CAP},
        },
    }
    return scenario_from_tables(settings, tables, variants)


def _some_snapped(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Leave the node of every tenth enterprise empty, so it is snapped to the nearest node."""
    out = enterprises.copy()
    out.loc[out.index[9::10], "node"] = pd.NA
    return out


def _with_existing_sewage_plant(tiers: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Replace the sewage tiers of the sewage host nearest the park centre by an existing plant
    the size of its medium tier."""
    sewage = tiers[tiers["service"] == "sewage"]
    hosts = sites[sites["id"].isin(sewage["site"])]
    distance = np.hypot(
        hosts["lon"].astype(float) - PARK_LON, hosts["lat"].astype(float) - PARK_LAT
    )
    site = str(hosts["id"].iloc[int(np.argmin(distance.to_numpy()))])
    medium = sewage[(sewage["site"] == site) & (sewage["tier"] == "medium")]
    plant = _existing_plant(site, "sewage", float(medium["capacity_per_day"].iloc[0]))
    kept = tiers[~((tiers["site"] == site) & (tiers["service"] == "sewage"))]
    return pd.concat([kept, plant], ignore_index=True)


if __name__ == "__main__":  # pragma: no cover - rewrites the shipped examples
    root = Path(__file__).resolve().parent.parent / "scenarios"
    for example in EXAMPLES:
        print(f"wrote {write_example(example, root / example).name}")
