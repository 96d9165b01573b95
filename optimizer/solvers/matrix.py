"""The default route's builder: the formulation of :mod:`optimizer.solvers.pyomo_model`, assembled
as sparse blocks with numpy.

:mod:`optimizer.solvers.pyomo_model` is the reference (the formulation in its docstring, one
``add_*`` per rule, any Pyomo solver). This module builds the same rows and columns — one ``add_*``
per rule again, same names — straight from :class:`~optimizer.prepare.ModelData` arrays, without a
Python object per variable or term, as a ``highspy.HighsLp``. What both builders share is in
:mod:`optimizer.solvers.formulation`; nothing here loads Pyomo. The tests solve feature cases and
random parks both ways (same optimum) and compare the rows and columns of each family. Solving is
:mod:`optimizer.solvers.matrix_route`'s: the heuristics re-solve pieces of one :class:`MatrixModel`.
The elastic model (penalised slacks, see :mod:`optimizer.solvers.pyomo_model`) is built here too,
with the same slack names.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from ..prepare import ModelData
from .chain import tracks_chain
from .formulation import Index, elastic_slacks, loan_rows, must_share, tier_fixed_costs
from .matrix_chain import add_pollutant_chain
from .matrix_model import INF, MatrixModel


def _members(group_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(group, member) pairs of a grouping given as the group id of each member (-1 = none)."""
    members = np.flatnonzero(group_ids >= 0)
    return group_ids[members], members


def build_matrix(data: ModelData, elastic: bool | Collection[str] = False) -> MatrixModel:
    """Assemble the reference formulation (see :mod:`optimizer.solvers.pyomo_model`) as matrices;
    ``elastic``: the slacks to add, as in :func:`~optimizer.solvers.pyomo_model.build_model`."""
    m = MatrixModel(data, Index.of(data), slacks=elastic_slacks(elastic))
    add_assignment(m)
    add_tiers(m)
    add_capacity(m)
    add_output_chain(m)
    add_strong_linking(m)
    add_capacity_cover(m)
    add_site_rules(m)
    add_max_facilities(m)
    add_pollutant_caps(m)
    add_pollutant_chain(m)
    add_capital_budget(m)
    add_subsidy(m)
    add_green_finance(m)
    return m


def add_assignment(m: MatrixModel) -> None:
    data = m.data
    n_demands = len(data.demands)
    m.add_columns(
        "assign",
        np.arange(len(data.pairs)),
        data.pairs["cost"].to_numpy(),
        0.0,
        1.0,
        integer=data.single_sourcing,
    )
    self_rows = np.flatnonzero(data.demands["self_allowed"].to_numpy())
    m.add_columns(
        "self_treat",
        self_rows,
        data.demands["standalone_cost"].to_numpy()[self_rows],
        0.0,
        1.0,
        integer=True,
    )
    demand, pair = _members(m.index.pair_demand)
    entries = [
        (demand, m.column("assign", pair), 1.0),
        (self_rows, m.column("self_treat", np.arange(len(self_rows))), 1.0),
        *m.slack("unmet", np.arange(n_demands), 1.0),
    ]
    m.add_rows("demand_met", n_demands, entries, 1.0, 1.0)


def add_tiers(m: MatrixModel) -> None:
    data, index = m.data, m.index
    n_tiers = len(data.tiers)
    existing = data.tiers["existing"].to_numpy(dtype=float)  # existing tiers: lower bound 1
    m.add_columns("open", np.arange(n_tiers), tier_fixed_costs(data), existing, 1.0, integer=True)
    counts = np.bincount(index.tier_facility, minlength=len(index.facilities))
    several = np.flatnonzero(counts > 1)
    row_of = np.full(len(index.facilities), -1)
    row_of[several] = np.arange(len(several))
    rows = row_of[index.tier_facility]
    keep = rows >= 0
    entries = [(rows[keep], m.column("open", np.flatnonzero(keep)), 1.0)]
    m.add_rows("one_tier", len(several), entries, -INF, 1.0)


def add_capacity(m: MatrixModel) -> None:
    data, index = m.data, m.index
    n_tiers = len(data.tiers)
    tiers = np.arange(n_tiers)
    m.add_columns("treated", tiers, data.tiers["unit_cost"].to_numpy(), 0.0, INF, integer=False)
    entries = [
        (tiers, m.column("treated", tiers), 1.0),
        (tiers, m.column("open", tiers), -data.tiers["max_load_per_day"].to_numpy()),
    ]
    m.add_rows("tier_capacity", n_tiers, entries, -INF, 0.0)
    n_flows = len(data.flows)
    flow_cost = data.flows["unit_cost"].to_numpy(dtype=float) if n_flows else np.zeros(0)
    m.add_columns("flow", np.arange(n_flows), flow_cost, 0.0, INF, integer=False)
    facility, pair = _members(index.pair_facility)
    target, flow = _members(index.flow_target)
    entries = [
        (index.tier_facility, m.column("treated", tiers), 1.0),
        (facility, m.column("assign", pair), -data.pairs["demand_per_day"].to_numpy()[pair]),
        (target, m.column("flow", flow), -data.flows["load_factor"].to_numpy(float)[flow]),
    ]
    m.add_rows("load_balance", len(index.facilities), entries, 0.0, 0.0)


def add_output_chain(m: MatrixModel) -> None:
    data, index = m.data, m.index
    outputs = index.facility_outputs
    if outputs.empty:
        return
    n_sinks = len(data.sinks)
    sink_cost = data.sinks["unit_cost"].to_numpy(dtype=float) if n_sinks else np.zeros(0)
    m.add_columns("to_sink", np.arange(n_sinks), sink_cost, 0.0, INF, integer=False)
    # rows: one per facility output; treated of every tier of the facility times the ratio
    output_of_facility = outputs["facility"].to_numpy()
    ratio = outputs["ratio"].to_numpy()
    tier_rows = [
        (np.full(len(t), o), m.column("treated", t), ratio[o])
        for o, t in enumerate(index.tiers_of_facility[f] for f in output_of_facility)
    ]
    source, flow = _members(index.flow_source)
    sink_output, sink = _members(index.sink_output)
    entries = [
        *tier_rows,
        (source, m.column("flow", flow), -1.0),
        (sink_output, m.column("to_sink", sink), -1.0),
    ]
    m.add_rows("output_balance", len(outputs), entries, 0.0, 0.0)


def add_strong_linking(m: MatrixModel) -> None:
    data, index = m.data, m.index
    if not data.strong_linking:
        return
    pairs = np.arange(len(data.pairs))
    # each pair row holds -1 for every tier of its facility: join pairs and tiers on the facility
    tier_order = np.argsort(index.tier_facility, kind="stable")
    counts = np.bincount(index.tier_facility, minlength=len(index.facilities))
    starts = np.concatenate([[0], np.cumsum(counts)])
    per_pair = counts[index.pair_facility]
    pair_rows = np.repeat(pairs, per_pair)
    offsets = np.arange(per_pair.sum()) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    tier_cols = tier_order[np.repeat(starts[index.pair_facility], per_pair) + offsets]
    entries = [
        (pairs, m.column("assign", pairs), 1.0),
        (pair_rows, m.column("open", tier_cols), -1.0),
    ]
    m.add_rows("assign_only_if_open", len(pairs), entries, -INF, 0.0)


def add_capacity_cover(m: MatrixModel) -> None:
    needed = must_share(m.data)
    if not needed or m.slacks:  # implied by the capacity rows; it would make slacks no use
        return
    services = sorted(needed)
    service = m.data.tiers["service"].to_numpy()
    capacity = m.data.tiers["max_load_per_day"].to_numpy()
    entries = []
    for row, name in enumerate(services):
        tiers = np.flatnonzero(service == name)
        entries.append((np.full(len(tiers), row), m.column("open", tiers), capacity[tiers]))
    minimum = np.array([needed[s] for s in services])
    m.add_rows("capacity_cover", len(services), entries, minimum, INF)


def add_site_rules(m: MatrixModel) -> None:
    data = m.data
    sites = data.sites.reset_index(drop=True)
    tier_site = m.index.tier_site
    area = data.tiers["area_m2"].to_numpy()
    limits = sites["area_m2"].to_numpy(dtype=float)
    used = np.bincount(tier_site, weights=area, minlength=len(sites))
    limited = np.flatnonzero(~np.isnan(limits) & (used > limits))
    row_of = np.full(len(sites), -1)
    row_of[limited] = np.arange(len(limited))
    rows = row_of[tier_site]
    keep = np.flatnonzero(rows >= 0)
    m.add_rows(
        "site_area",
        len(limited),
        [
            (rows[keep], m.column("open", keep), area[keep]),
            *m.slack("area_excess", limited, -1.0),
        ],
        -INF,
        limits[limited],
    )
    required = np.flatnonzero(sites["status"].to_numpy() == "required")
    row_of = np.full(len(sites), -1)
    row_of[required] = np.arange(len(required))
    rows = row_of[tier_site]
    keep = np.flatnonzero(rows >= 0)
    entries = [
        (rows[keep], m.column("open", keep), 1.0),
        *m.slack("required_shortfall", required, 1.0),
    ]
    m.add_rows("required_site", len(required), entries, 1.0, INF)


def add_max_facilities(m: MatrixModel) -> None:
    data = m.data
    services = sorted(data.max_facilities)
    if not services:
        return
    service = data.tiers["service"].to_numpy()
    entries = []
    for row, name in enumerate(services):
        tiers = np.flatnonzero(service == name)
        entries.append((np.full(len(tiers), row), m.column("open", tiers), 1.0))
    entries += m.slack("facilities_excess", services, -1.0)
    limits = np.array([data.max_facilities[s] for s in services], dtype=float)
    m.add_rows("max_facilities", len(services), entries, -INF, limits)


def add_pollutant_caps(m: MatrixModel) -> None:
    data, index = m.data, m.index
    if not data.caps or data.discharges.empty or tracks_chain(data, index):
        return
    pollutants = sorted(data.caps)
    self_rows = m.blocks["self_treat"].keys
    self_position = np.full(len(data.demands), -1)
    self_position[self_rows] = np.arange(len(self_rows))
    discharges = data.discharges
    shared = discharges["shared_t"].to_numpy()
    alone = discharges["self_t"].to_numpy()
    row = np.array([pollutants.index(p) if p in data.caps else -1 for p in discharges["pollutant"]])
    position = self_position[index.discharge_demand]
    keep = np.flatnonzero((row >= 0) & (position >= 0))
    constant = np.bincount(row[row >= 0], weights=shared[row >= 0], minlength=len(pollutants))
    caps = np.array([data.caps[p] for p in pollutants], dtype=float)
    entries = [(row[keep], m.column("self_treat", position[keep]), alone[keep] - shared[keep])]
    entries += m.slack("cap_excess", pollutants, -1.0)
    m.add_rows("pollutant_cap", len(pollutants), entries, -INF, caps - constant)


def add_capital_budget(m: MatrixModel) -> None:
    data = m.data
    if data.capital_budget is None:
        return
    capex = data.tiers["capex_cny"].to_numpy()
    new = np.flatnonzero((capex > 0) & ~data.tiers["existing"].to_numpy())
    entries = [
        (np.zeros(len(new)), m.column("open", new), capex[new]),
        *m.slack("budget_excess", [0], -1.0),
    ]
    m.add_rows("capital_budget", 1, entries, -INF, data.capital_budget)


def add_subsidy(m: MatrixModel) -> None:
    data = m.data
    if data.subsidy_budget is None:
        return
    cap = data.tiers["max_subsidy"].to_numpy()
    subsidised = np.flatnonzero(cap > 0)
    if not len(subsidised):
        return
    m.add_columns("subsidy", subsidised, -1.0, 0.0, INF, integer=False)
    k = np.arange(len(subsidised))
    entries = [
        (k, m.column("subsidy", k), 1.0),
        (k, m.column("open", subsidised), -cap[subsidised]),
    ]
    m.add_rows("subsidy_within_rate", len(subsidised), entries, -INF, 0.0)
    entries = [(np.zeros(len(k)), m.column("subsidy", k), 1.0)]
    m.add_rows("subsidy_budget", 1, entries, -INF, data.subsidy_budget)


def _positions(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``values`` is in the sorted ``keys``, and whether it is there at all."""
    keys, values = np.asarray(keys, dtype=np.int64), np.asarray(values, dtype=np.int64)
    positions = np.minimum(np.searchsorted(keys, values), max(len(keys) - 1, 0))
    found = keys[positions] == values if len(keys) else np.zeros(len(values), dtype=bool)
    return positions, found


def add_green_finance(m: MatrixModel) -> None:
    data = m.data
    rows = loan_rows(data)
    if rows is None or data.finance is None:
        return
    options = data.finance.options
    n = len(options)
    m.add_columns("financed", np.arange(n), -options["saving"].to_numpy(), 0.0, INF, integer=False)
    tier_row, _ = _positions(rows.tiers, options["tier"].to_numpy())
    k = np.arange(len(rows.tiers))
    entries = [
        (tier_row, m.column("financed", np.arange(n)), 1.0),
        (k, m.column("open", rows.tiers), -rows.per_open),
    ]
    m.add_rows("loan_within_capex", len(rows.tiers), entries, -INF, 0.0)
    if not len(rows.quota_loans):
        return
    loan_row, found = _positions(rows.quota_loans, options["loan"].to_numpy())
    entries = [(loan_row[found], m.column("financed", np.flatnonzero(found)), 1.0)]
    m.add_rows("loan_quota", len(rows.quota_loans), entries, -INF, rows.quotas)
