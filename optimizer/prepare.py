"""From a checked Scenario to the model's data: index sets that exist and the yearly cost of each.

Everything here is pandas and networkx; no Pyomo object is made. The model
(:mod:`optimizer.solvers`) then declares its components over exactly these rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .costs import TONNES_PER_M3_MG_PER_L, annuities, annuity, standalone_annual_cost
from .finance import Finance, finance_of, subsidy_rates
from .network.candidates import candidate_pairs
from .network.distances import site_distances
from .pollution import Pollution, pollution_of
from .scenario import Scenario
from .strong_linking import uses_strong_linking
from .supply import site_tiers


@dataclass(frozen=True, eq=False)
class ModelData:
    """The prepared instance. Every frame has a RangeIndex; row order is deterministic.

    Attributes
    ----------
    demands
        enterprise, service, demand_per_day, annual_units, standalone_cost, self_allowed.
    pairs
        enterprise, service, site, distance_km, demand_per_day, transport_cost, connection_cost,
        cost (= transport + connection, yearly, for the whole demand).
    tiers
        site, service, tier, capacity_per_day, capex_cny, lifetime_years, annual_capex, fixed_om,
        unit_cost (variable cost per unit/d of load, yearly), area_m2, existing, max_subsidy,
        max_load_per_day (the capacity, or less when less demand is in reach: :func:`max_loads`).
    outputs
        service, output, ratio, to, sink_price, transport (one row per output stream).
    flows
        site, service, output, to_site, to_service, distance_km, unit_cost (yearly per unit/d),
        load_factor (the receiving facility's load per unit/d of the stream: the upstream
        service's operating days over the receiving service's, :func:`stream_load_factor`).
    sinks
        site, service, output, unit_cost (yearly per unit/d).
    sites
        site, area_m2, status, lon, lat.
    discharges
        enterprise, service, pollutant, shared_t, self_t (t/year if shared / if self-treated).
    pollution
        Pollutant loads along the chain and the caps (:class:`~optimizer.pollution.Pollution`).
    finance
        The green loans and the new tiers each may finance (:class:`~optimizer.finance.Finance`).
    """

    label: str
    currency: str
    demands: pd.DataFrame
    pairs: pd.DataFrame
    tiers: pd.DataFrame
    outputs: pd.DataFrame
    flows: pd.DataFrame
    sinks: pd.DataFrame
    sites: pd.DataFrame
    discharges: pd.DataFrame
    caps: dict[str, float] = field(default_factory=dict)
    subsidy_budget: float | None = None
    capital_budget: float | None = None
    max_facilities: dict[str, int] = field(default_factory=dict)
    single_sourcing: bool = True
    strong_linking: bool = False
    pollution: Pollution | None = None
    finance: Finance | None = None

    @property
    def facilities(self) -> pd.DataFrame:
        """The (site, service) pairs that have tiers."""
        return self.tiers[["site", "service"]].drop_duplicates().reset_index(drop=True)

    def sizes(self) -> dict[str, int]:
        """Counts of the index sets (for reports and benchmarks)."""
        return {
            "demands": len(self.demands),
            "pairs": len(self.pairs),
            "tiers": len(self.tiers),
            "flows": len(self.flows),
            "sinks": len(self.sinks),
        }


def prepare(scenario: Scenario) -> ModelData:
    """Compute index sets and costs. The scenario must have passed :func:`optimizer.checks.check`."""
    config = scenario.config
    rate = float(config["discount_rate"])
    tiers = _tiers(scenario, rate)
    demands = _demands(scenario, rate)
    policy = config["policy"]
    solver = config["solver"]
    pairs = _pairs(scenario, demands, tiers, rate)
    flows = _flows(scenario, tiers)
    tiers["max_load_per_day"] = max_loads(tiers, pairs, flows)
    return ModelData(
        label=scenario.label,
        currency=str(config.get("currency", "CNY")),
        demands=demands,
        pairs=pairs,
        tiers=tiers,
        outputs=_outputs(scenario),
        flows=flows,
        sinks=_sinks(scenario, tiers),
        sites=_sites(scenario),
        discharges=_discharges(scenario),
        caps={
            name: float(p["cap_t_per_year"])
            for name, p in scenario.pollutants.items()
            if p.get("cap_t_per_year") is not None
        },
        subsidy_budget=_optional_float(policy.get("subsidy_budget_cny_per_year")),
        capital_budget=_optional_float(policy.get("capital_budget_cny")),
        max_facilities={str(s): int(n) for s, n in (policy.get("max_facilities") or {}).items()},
        single_sourcing=bool(solver["single_sourcing"]),
        strong_linking=uses_strong_linking(solver["strong_linking"], pairs, tiers),
        pollution=pollution_of(scenario, demands, operating_days(scenario)),
        finance=finance_of(scenario, tiers, rate),
    )


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)


def operating_days(scenario: Scenario) -> dict[str, float]:
    return {s: float(v["operating_days_per_year"]) for s, v in scenario.services.items()}


def _demands(scenario: Scenario, rate: float) -> pd.DataFrame:
    """One row per demand to treat: a demand of 0 (an enterprise that has left, or has nothing to
    treat of a service) is left out, with its pairs and discharges."""
    table = scenario.tables["demands"]
    table = table[table["demand_per_day"].astype(float) > 0].reset_index(drop=True)
    days = table["service"].map(operating_days(scenario)).astype(float)
    default_self = table["service"].map(
        {s: bool(v["self_treatment_allowed"]) for s, v in scenario.services.items()}
    )
    self_allowed = (
        table["self_treatment_allowed"]
        .astype("object")
        .where(table["self_treatment_allowed"].notna(), default_self)
    )
    demand = table["demand_per_day"].astype(float)
    return pd.DataFrame(
        {
            "enterprise": table["enterprise"].astype(str),
            "service": table["service"].astype(str),
            "demand_per_day": demand,
            "annual_units": demand * days,
            "standalone_cost": standalone_annual_cost(
                table["standalone_capex_cny"].astype(float),
                table["standalone_lifetime_years"].astype(float),
                table["standalone_om_cny_per_year"].astype(float),
                rate,
            ),
            "self_allowed": self_allowed.astype(bool),
        }
    ).reset_index(drop=True)


def _tiers(scenario: Scenario, rate: float) -> pd.DataFrame:
    tiers = site_tiers(scenario)
    days = tiers["service"].map(operating_days(scenario)).astype(float)
    existing = tiers["existing"].fillna(False).astype(bool).to_numpy()
    capex = tiers["capex_cny"].astype(float).where(~existing, 0.0)
    annual_capex = capex * annuities(rate, tiers["lifetime_years"].astype(float))
    subsidy = tiers["service"].map(subsidy_rates(scenario)).astype(float)
    return pd.DataFrame(
        {
            "site": tiers["site"].astype(str),
            "service": tiers["service"].astype(str),
            "tier": tiers["tier"].astype(str),
            "capacity_per_day": tiers["capacity_per_day"].astype(float),
            "capex_cny": capex,
            "lifetime_years": tiers["lifetime_years"].astype(float),
            "annual_capex": annual_capex,
            "fixed_om": tiers["fixed_om_cny_per_year"].astype(float),
            "unit_cost": tiers["variable_cost_cny_per_unit"].astype(float) * days,
            "area_m2": tiers["area_m2"].astype(float),
            "existing": existing,
            "max_subsidy": subsidy * annual_capex,
        }
    ).reset_index(drop=True)


def max_loads(tiers: pd.DataFrame, pairs: pd.DataFrame, flows: pd.DataFrame) -> np.ndarray:
    """The most each tier can ever treat (units/d): its capacity, or all the demand within reach of
    its facility when that is less. Facilities that receive effluent keep their capacity.

    Used as the tier's capacity in the model: the plans do not change, but a large tier in a
    sparse corner no longer opens for a sliver of its fixed cost in the LP relaxation.

    >>> tiers = pd.DataFrame(
    ...     {
    ...         "site": ["A", "A", "B"],
    ...         "service": ["s", "s", "s"],
    ...         "capacity_per_day": [100.0, 500.0, 100.0],
    ...     }
    ... )
    >>> pairs = pd.DataFrame(
    ...     {"site": ["A", "A"], "service": ["s", "s"], "demand_per_day": [40.0, 80.0]}
    ... )
    >>> flows = pd.DataFrame({"to_site": ["B"], "to_service": ["s"]})
    >>> max_loads(tiers, pairs, flows).tolist()
    [100.0, 120.0, 100.0]
    """
    keys = ["site", "service"]
    in_reach = pairs.groupby(keys)["demand_per_day"].sum()
    facility = pd.MultiIndex.from_frame(tiers[keys])
    reachable = in_reach.reindex(facility, fill_value=0.0).to_numpy(dtype=float)
    receiving = pd.MultiIndex.from_frame(
        flows[["to_site", "to_service"]].set_axis(keys, axis=1).astype(str)
    )
    capacity = tiers["capacity_per_day"].to_numpy(dtype=float)
    return np.where(facility.isin(receiving), capacity, np.minimum(capacity, reachable))


def _pairs(
    scenario: Scenario, demands: pd.DataFrame, tiers: pd.DataFrame, rate: float
) -> pd.DataFrame:
    hosts = tiers[["site", "service"]].drop_duplicates()
    pairs = candidate_pairs(scenario, hosts=hosts)
    pairs = pairs.merge(
        demands[["enterprise", "service", "demand_per_day", "annual_units"]],
        on=["enterprise", "service"],
        how="inner",
    )
    services = scenario.services
    # astype: the map of an empty column keeps its string type (no pair in reach at all)
    per_unit_km = (
        pairs["service"]
        .map({s: float(v["transport_cny_per_unit_km"]) for s, v in services.items()})
        .astype(float)
    )
    per_km = (
        pairs["service"]
        .map(
            {
                s: float(v["connection_capex_cny_per_km"])
                * annuity(rate, float(v["connection_lifetime_years"]))
                for s, v in services.items()
            }
        )
        .astype(float)
    )
    distance = pairs["distance_km"].astype(float)
    pairs["transport_cost"] = per_unit_km * distance * pairs["annual_units"]
    pairs["connection_cost"] = per_km * distance
    pairs["cost"] = pairs["transport_cost"] + pairs["connection_cost"]
    columns = ["enterprise", "service", "site", "distance_km", "demand_per_day"]
    columns += ["transport_cost", "connection_cost", "cost"]
    return pairs[columns].reset_index(drop=True)


def _outputs(scenario: Scenario) -> pd.DataFrame:
    rows = [
        {
            "service": service,
            "output": str(out["name"]),
            "ratio": float(out["ratio"]),
            "to": out.get("to"),
            "sink_price": _optional_float(out.get("sink_price_cny_per_unit")),
            "transport": float(out.get("transport_cny_per_unit_km") or 0.0),
        }
        for service, settings in scenario.services.items()
        for out in settings["outputs"]
    ]
    columns = ["service", "output", "ratio", "to", "sink_price", "transport"]
    return pd.DataFrame(rows, columns=columns)


def _flows(scenario: Scenario, tiers: pd.DataFrame) -> pd.DataFrame:
    outputs = _outputs(scenario)
    outputs = outputs[outputs["to"].notna()]
    columns = ["site", "service", "output", "to_site", "to_service", "distance_km", "unit_cost"]
    columns.append("load_factor")
    if outputs.empty:
        return pd.DataFrame(columns=columns)
    facilities = tiers[["site", "service"]].drop_duplicates()
    days = operating_days(scenario)
    frames = []
    for row in outputs.itertuples(index=False):
        downstream = scenario.services[row.to]
        distances = site_distances(
            scenario, downstream["conveyance"], downstream.get("max_distance_km")
        )
        sources = facilities[facilities["service"] == row.service]
        targets = facilities[facilities["service"] == row.to].rename(
            columns={"site": "to_site", "service": "to_service"}
        )
        pairs = sources.merge(distances, left_on="site", right_on="from_site").merge(
            targets, on="to_site"
        )
        pairs["output"] = row.output
        pairs["unit_cost"] = row.transport * pairs["distance_km"].astype(float) * days[row.service]
        pairs["load_factor"] = stream_load_factor(days[row.service], days[row.to])
        frames.append(pairs[columns])
    return pd.concat(frames, ignore_index=True)


def stream_load_factor(upstream_days: float, downstream_days: float) -> float:
    """The receiving facility's load (units/d, over its own operating days) per unit/d of a stream.

    The rule for yearly volumes along a stream: a stream of ``x`` units/d carries ``x`` times the
    **upstream** facility's operating days a year (its transport and sink charges are on that
    volume); the receiving facility treats that same yearly volume over its own days, so its load
    is ``x x upstream days / downstream days`` units/d, and its variable cost (per unit/d of load,
    a year, at its own days) is paid on exactly the volume that left upstream.

    A pretreatment plant running 300 days sends 95 m3/d to a sewage plant running 360 days: the
    stream is 95 x 300 = 28,500 m3 a year, the sewage plant's load 28,500 / 360 = 79.2 m3/d.

    >>> round(stream_load_factor(300.0, 360.0) * 95.0, 1), stream_load_factor(330.0, 330.0)
    (79.2, 1.0)
    """
    return float(upstream_days) / float(downstream_days)


def _sinks(scenario: Scenario, tiers: pd.DataFrame) -> pd.DataFrame:
    outputs = _outputs(scenario)
    outputs = outputs[outputs["sink_price"].notna()]
    facilities = tiers[["site", "service"]].drop_duplicates()
    sinks = facilities.merge(outputs, on="service")
    days = sinks["service"].map(operating_days(scenario)).astype(float)
    sinks["unit_cost"] = sinks["sink_price"].astype(float) * days
    return sinks[["site", "service", "output", "unit_cost"]].reset_index(drop=True)


def _sites(scenario: Scenario) -> pd.DataFrame:
    sites = scenario.tables["sites"]
    return pd.DataFrame(
        {
            "site": sites["id"].astype(str),
            "area_m2": sites["area_m2"].astype(float),
            "status": sites["status"].fillna("optional").astype(str),
            "lon": sites["lon"].astype(float),
            "lat": sites["lat"].astype(float),
        }
    )


def _discharges(scenario: Scenario) -> pd.DataFrame:
    columns = ["enterprise", "service", "pollutant", "shared_t", "self_t"]
    table = scenario.tables["concentrations"]
    if table.empty or not scenario.pollutants:
        return pd.DataFrame(columns=columns)
    demands = scenario.tables["demands"][["enterprise", "service", "demand_per_day"]]
    rows = table.merge(demands, on=["enterprise", "service"], how="inner")
    days = rows["service"].map(operating_days(scenario)).astype(float)
    base = (
        rows["demand_per_day"].astype(float)
        * days
        * rows["concentration_mg_per_l"].astype(float)
        * TONNES_PER_M3_MG_PER_L
    )
    removal = {
        (p, s, how): float(r.get(how, 0.0))
        for p, settings in scenario.pollutants.items()
        for s, r in (settings.get("removal") or {}).items()
        for how in ("shared", "self")
    }
    keys = list(zip(rows["pollutant"], rows["service"], strict=True))
    shared = np.array([removal.get((p, s, "shared"), 0.0) for p, s in keys])
    alone = np.array([removal.get((p, s, "self"), 0.0) for p, s in keys])
    return pd.DataFrame(
        {
            "enterprise": rows["enterprise"].astype(str),
            "service": rows["service"].astype(str),
            "pollutant": rows["pollutant"].astype(str),
            "shared_t": base.to_numpy() * (1.0 - shared),
            "self_t": base.to_numpy() * (1.0 - alone),
        }
    )
