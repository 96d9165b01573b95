"""Every figure of a plan recomputed from its decisions and the prepared scenario: the facilities'
loads and costs, the assignments' distances and costs, the streams' costs, the discharges, the
KPIs and what the SME statement adds up to. The costs are those of :mod:`optimizer.prepare` (the
yearly cost of each tier, pair and stream) and :mod:`optimizer.costs` (the subsidy budget's
rule), applied to the plan's choices; nothing of the solver's is read."""

from __future__ import annotations

import numpy as np

from ..costs import budget_shares
from ..plan import SELF, UNSERVED, Plan
from ..prepare import ModelData
from ..scenario import Scenario
from ..schema.tables import ID_SEPARATOR
from .decisions import Decisions, assignment_ids, ids, positions, quantity_unit
from .finance import loan_savings_of
from .findings import Findings
from .pollutants import enterprise_discharges, plan_pollutants
from .rules import pollutant_discharges


def expected_subsidies(data: ModelData, opened: np.ndarray) -> np.ndarray:
    """The yearly subsidy of each tier with these tiers open: its service's rate times its
    annuity, or, with a budget, as much of it as the budget allows, shared by one rate."""
    cap = data.tiers["max_subsidy"].to_numpy(dtype=float) * opened
    if data.subsidy_budget is None:
        return cap
    annuity = data.tiers["annual_capex"].to_numpy(dtype=float) * opened
    rates = np.divide(cap, annuity, np.zeros(len(cap)), where=annuity > 0)
    return budget_shares(min(float(data.subsidy_budget), float(cap.sum())), annuity, rates)


def check_figures(
    plan: Plan, data: ModelData, scenario: Scenario, decisions: Decisions, found: Findings
) -> None:
    """Note every figure of the plan that is not what its decisions cost."""
    per_year = f"{data.currency}/year"
    subsidy = expected_subsidies(data, decisions.opened)
    saving = loan_savings_of(plan, data, decisions, found)
    costs = _facility_figures(data, scenario, decisions, (subsidy, saving), found, per_year)
    costs.update(_assignment_figures(plan, data, scenario, found, per_year))
    costs["onward_streams"] = _stream_figures(data, decisions, found, per_year)
    _pollutant_figures(plan, data, decisions, found)
    _kpi_figures(plan, data, decisions, costs, found, per_year)


def _facility_figures(data, scenario, decisions, reliefs, found, per_year) -> dict[str, float]:
    """``reliefs``: each tier's yearly subsidy and what green loans save it."""
    (subsidy, saving), tiers, frame = reliefs, data.tiers, decisions.facilities
    t = frame["row"].to_numpy()
    where = ids(frame, ["site", "service"])
    load = decisions.loads[t]
    _quantities(found, "facilities.load_per_day", scenario, frame, where, load, "load_per_day")
    variable = tiers["unit_cost"].to_numpy()[t] * load
    annual = tiers["annual_capex"].to_numpy()[t] + tiers["fixed_om"].to_numpy()[t]
    expected = {
        "capex_cny": (tiers["capex_cny"].to_numpy()[t], data.currency),
        "annual_capex": (tiers["annual_capex"].to_numpy()[t], per_year),
        "fixed_om": (tiers["fixed_om"].to_numpy()[t], per_year),
        "variable_cost": (variable, per_year),
        "subsidy": (subsidy[t], per_year),
        "annual_cost": (annual + variable - subsidy[t] - saving[t], per_year),
    }
    if "finance_saving" in frame:
        expected["finance_saving"] = (saving[t], per_year)
    for column, (values, unit) in expected.items():
        found.figures(f"facilities.{column}", where, values, frame[column], unit, money=True)
    capacity = tiers["capacity_per_day"].to_numpy()[t]
    found.figures("facilities.capacity_per_day", where, capacity, frame["capacity_per_day"])
    found.figures("facilities.utilisation", where, load / capacity, frame["utilisation"])
    members = decisions.shared.groupby(["site", "service"])["enterprise"].nunique()
    counted = [members.get((s, v), 0) for s, v in zip(frame["site"], frame["service"], strict=True)]
    found.figures("facilities.members", where, counted, frame["members"])
    opened = decisions.opened
    return {
        "capex_annuity": float(tiers["annual_capex"].to_numpy()[opened].sum()),
        "fixed_om": float(tiers["fixed_om"].to_numpy()[opened].sum()),
        "variable_treatment": float(
            (tiers["unit_cost"].to_numpy() * decisions.loads)[opened].sum()
        ),
        "subsidy": -float(subsidy.sum()),
        **({"green_loans": -float(saving.sum())} if data.finance is not None else {}),
    }


def _quantities(found, what, scenario, frame, where, expected, column) -> None:
    """Compare a column of quantities service by service (each in its own unit per day)."""
    services = frame["service"].astype(str).to_numpy()
    places = np.array(where, dtype=object)
    for service in sorted(set(services)):
        rows = services == service
        found.figures(
            what,
            places[rows].tolist(),
            np.asarray(expected)[rows],
            frame[column].to_numpy(dtype=float)[rows],
            quantity_unit(scenario, service),
        )


def _assignment_figures(plan, data, scenario, found, per_year) -> dict[str, float]:
    frame = plan.assignments
    demand = positions(frame, data.demands, ["enterprise", "service"])
    pair = positions(frame, data.pairs, ["enterprise", "service", "site"])
    site = frame["site"].astype(str).to_numpy()
    alone, unserved = site == SELF, site == UNSERVED
    known = (demand >= 0) & (alone | unserved | (pair >= 0))
    frame, demand, pair = frame[known], demand[known], pair[known]
    alone, shared = alone[known], ~(alone[known] | unserved[known])
    share = frame["share"].to_numpy(dtype=float)
    pairs, demands = data.pairs, data.demands

    def of_pair(column: str) -> np.ndarray:
        values = pairs[column].to_numpy(dtype=float)
        return np.where(shared, values[np.where(shared, pair, 0)] if len(values) else 0.0, 0.0)

    standalone = demands["standalone_cost"].to_numpy(dtype=float)[demand]
    expected = {
        "transport_cost": of_pair("transport_cost") * share,
        "connection_cost": of_pair("connection_cost") * share,
        "self_cost": np.where(alone, standalone * share, 0.0),
    }
    expected["annual_cost"] = sum(expected.values())
    expected["standalone_cost"] = standalone
    where = assignment_ids(frame)
    for column, values in expected.items():
        found.figures(f"assignments.{column}", where, values, frame[column], per_year, money=True)
    found.figures(
        "assignments.distance_km", where, of_pair("distance_km"), frame["distance_km"], "km"
    )
    quantity = demands["demand_per_day"].to_numpy(dtype=float)[demand] * np.where(
        unserved[known], 0.0, share
    )
    _quantities(
        found, "assignments.demand_per_day", scenario, frame, where, quantity, "demand_per_day"
    )
    return {
        "transport": float(expected["transport_cost"].sum()),
        "connection": float(expected["connection_cost"].sum()),
        "self_treatment": float(expected["self_cost"].sum()),
    }


def _stream_figures(data, decisions, found, per_year) -> float:
    total = 0.0
    for frame, table in ((decisions.flows, data.flows), (decisions.sinks, data.sinks)):
        if frame.empty:
            continue
        rows = frame["row"].to_numpy()
        cost = table["unit_cost"].to_numpy(dtype=float)[rows] * frame["flow_per_day"].to_numpy()
        where = ids(frame, ["site", "service", "output", "to_site"])
        found.figures("flows.annual_cost", where, cost, frame["annual_cost"], per_year, money=True)
        if "distance_km" in table:
            distance = table["distance_km"].to_numpy(dtype=float)[rows]
            found.figures("flows.distance_km", where, distance, frame["distance_km"], "km")
        total += float(cost.sum())
    return total


def _pollutant_figures(plan, data, decisions, found) -> None:
    """The ledger's park rows (discharge and cap per pollutant), outfall-cap rows and
    enterprise-cap rows."""
    discharges = pollutant_discharges(data, decisions)
    table = plan.pollutants
    park = table[table["kind"] == "park"] if "kind" in table else table
    listed = set(park["pollutant"].astype(str)) if not park.empty else set()
    for pollutant in sorted(set(discharges) - listed):
        found.figure(
            "pollutants.discharge_t_per_year",
            pollutant,
            discharges[pollutant][0],
            float("nan"),
            "t/year",
        )
    for row in park.itertuples(index=False):
        discharge, cap = discharges.get(str(row.pollutant), (0.0, float("nan")))
        found.figure(
            "pollutants.discharge_t_per_year",
            str(row.pollutant),
            discharge,
            row.discharge_t_per_year,
            "t/year",
        )
        found.figure(
            "pollutants.cap_t_per_year", str(row.pollutant), cap, row.cap_t_per_year, "t/year"
        )
    counted = plan_pollutants(data, decisions)
    if counted is None or table.empty or "kind" not in table:
        return
    for row in table[table["kind"] == "outfall cap"].itertuples(index=False):
        q, service = str(row.pollutant), str(row.service)
        if q in counted.pollutants and service in counted.outfalls:
            expected = float(counted.outfalls[service][counted.pollutants.index(q)])
            where = f"{q}{ID_SEPARATOR}{service}"
            found.figure(
                "pollutants.discharge_t_per_year",
                where,
                expected,
                row.discharge_t_per_year,
                "t/year",
            )
    _enterprise_cap_figures(table, data, decisions, found)


def _enterprise_cap_figures(table, data, decisions, found) -> None:
    """The ledger's enterprise-cap rows, in the order of the caps (sorted by enterprise and
    pollutant): what each enterprise discharges itself, and its cap."""
    expected = enterprise_discharges(data, decisions)
    rows = table[table["kind"] == "enterprise cap"]
    found.figure("pollutants.enterprise caps", "plan", len(expected), len(rows))
    for (key, (discharge, cap)), row in zip(expected.items(), rows.itertuples(), strict=False):
        what = "pollutants.discharge_t_per_year"
        found.figure(what, key, discharge, row.discharge_t_per_year, "t/year")
        found.figure("pollutants.cap_t_per_year", key, cap, row.cap_t_per_year, "t/year")


def _kpi_figures(plan, data, decisions, costs, found, per_year) -> None:
    kpis = plan.kpis
    breakdown = kpis.get("cost_breakdown") or {}
    for part, value in costs.items():
        found.figure(
            f"kpis.cost_breakdown.{part}",
            "plan",
            value,
            _number(breakdown.get(part)),
            per_year,
            money=True,
        )
    total = float(sum(costs.values()))
    baseline = float(data.demands["standalone_cost"].sum())
    tiers, opened = data.tiers, decisions.opened
    new = opened & ~tiers["existing"].to_numpy(dtype=bool)
    shared = decisions.shared
    site = plan.assignments["site"].astype(str)
    money = {
        "total_annual_cost": (total, per_year),
        "all_self_cost": (baseline, per_year),
        "saving": (baseline - total, per_year),
        "capex_new_cny": (float(tiers["capex_cny"].to_numpy()[new].sum()), data.currency),
        "subsidy_total": (-costs["subsidy"], per_year),
    }
    for key, (value, unit) in money.items():
        found.figure(f"kpis.{key}", "plan", value, _number(kpis.get(key)), unit, money=True)
    pct = (baseline - total) / baseline * 100 if baseline else 0.0
    found.figure("kpis.saving_pct", "plan", pct, _number(kpis.get("saving_pct")), "%")
    counts = {
        "facilities": int(opened.sum()),
        "facilities_new": int(new.sum()),
        "smes": int(data.demands["enterprise"].nunique()),
        "smes_connected": int(shared["enterprise"].nunique()),
        "demands": len(data.demands),
        "demands_shared": len(shared[["enterprise", "service"]].drop_duplicates()),
        "demands_self": int((decisions.self_share > 0).sum()),
        "demands_unserved": int((site == UNSERVED).sum()),
    }
    for key, value in counts.items():
        found.figure(f"kpis.{key}", "plan", value, _number(kpis.get(key)))
    _statement_figures(plan, data, total, found, per_year)


def _statement_figures(plan, data, total, found, per_year) -> None:
    """What each SME pays adds up to the plan's cost (less what is left unallocated), each pays its
    stand-alone cost less its saving, and the stand-alone costs are the scenario's."""
    statement = plan.statement
    if statement.empty or "total_cny_per_year" not in statement:
        return
    unallocated = _number(plan.allocation.get("unallocated_cost")) or 0.0
    paid = float(statement["total_cny_per_year"].sum()) + (
        unallocated if unallocated == unallocated else 0.0
    )
    found.figure("statement.total_cny_per_year", "all SMEs", total, paid, per_year, money=True)
    demand = positions(statement, data.demands, ["enterprise", "service"])
    known = statement[demand >= 0]
    where = ids(known, ["enterprise", "service"])
    standalone = data.demands["standalone_cost"].to_numpy(dtype=float)[demand[demand >= 0]]
    if "alone_unavailable" in known:  # no option it has (the setting, or the caps): left empty
        closed = known["alone_unavailable"].fillna("").astype(str).to_numpy() != ""
        standalone = np.where(closed, np.nan, standalone)
    found.figures(
        "statement.standalone_cny_per_year",
        where,
        standalone,
        known["standalone_cny_per_year"],
        per_year,
        money=True,
    )
    saving = known["standalone_cny_per_year"] - known["total_cny_per_year"]
    found.figures(
        "statement.saving_cny_per_year",
        where,
        saving,
        known["saving_cny_per_year"],
        per_year,
        money=True,
    )


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
