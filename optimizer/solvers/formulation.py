"""What both builders of the formulation share, so that neither imports the other: how the frames
of :class:`~optimizer.prepare.ModelData` point at each other (:class:`Index`, :class:`Groups`,
:func:`row_positions`), the demand that must be shared (:func:`must_share`), and the yearly fixed
cost of a tier with the subsidy folded in (:func:`tier_fixed_costs`), the rows of green finance
(:func:`loan_rows`), and the weights of the
elastic model's slacks (:data:`ELASTIC_SLACKS`, :func:`elastic_slacks`, :func:`penalty_weight`,
:func:`slack_scale`).

The builders are :mod:`optimizer.solvers.pyomo_model` (the reference, whose docstring states the
formulation) and :mod:`optimizer.solvers.matrix` (the default route's sparse arrays); this module
is plain numpy and pandas, so the default route never loads Pyomo.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..finance import loan_limits
from ..prepare import ModelData


@dataclass(frozen=True)
class Groups:
    """Row positions of one frame grouped by the rows of another (``members[i]`` for group ``i``)."""

    members: list[list[int]]

    @classmethod
    def of(cls, group_ids: np.ndarray, n_groups: int) -> Groups:
        order = np.argsort(group_ids, kind="stable")
        bounds = np.searchsorted(group_ids[order], np.arange(n_groups + 1))
        return cls([order[bounds[i] : bounds[i + 1]].tolist() for i in range(n_groups)])

    def __getitem__(self, i: int) -> list[int]:
        return self.members[i]


def row_positions(frame: pd.DataFrame, keys: pd.DataFrame, on: Sequence[str]) -> np.ndarray:
    """Position in ``keys`` of each row of ``frame`` (matched on the columns ``on``); -1 if none.

    >>> keys = pd.DataFrame({"site": ["A", "B"]})
    >>> row_positions(pd.DataFrame({"site": ["B", "C", "A"]}), keys, ["site"]).tolist()
    [1, -1, 0]
    """
    lookup = keys[list(on)].reset_index(drop=True).reset_index(names="_position")
    matched = frame[list(on)].merge(lookup, on=list(on), how="left")["_position"]
    return matched.fillna(-1).to_numpy(dtype=np.int64)


@dataclass(frozen=True)
class Index:
    """How the frames of ModelData point at each other (row positions), computed once; the groups
    (which pairs serve a demand, which tiers a facility has...) are computed on first use."""

    facilities: pd.DataFrame
    n_demands: int
    n_sites: int
    tier_facility: np.ndarray
    tier_site: np.ndarray
    pair_demand: np.ndarray
    pair_facility: np.ndarray
    facility_outputs: pd.DataFrame
    flow_source: np.ndarray
    flow_target: np.ndarray
    sink_output: np.ndarray
    discharge_demand: np.ndarray

    @classmethod
    def of(cls, data: ModelData) -> Index:
        facilities = data.facilities
        facility_outputs = facilities.reset_index(names="facility").merge(
            data.outputs[["service", "output", "ratio"]], on="service"
        )
        on = ["site", "service", "output"]
        targets = data.flows[["to_site", "to_service"]].set_axis(["site", "service"], axis=1)
        return cls(
            facilities=facilities,
            n_demands=len(data.demands),
            n_sites=len(data.sites),
            tier_facility=row_positions(data.tiers, facilities, ["site", "service"]),
            tier_site=row_positions(data.tiers, data.sites, ["site"]),
            pair_demand=row_positions(data.pairs, data.demands, ["enterprise", "service"]),
            pair_facility=row_positions(data.pairs, facilities, ["site", "service"]),
            facility_outputs=facility_outputs,
            flow_source=row_positions(data.flows, facility_outputs, on),
            flow_target=row_positions(targets, facilities, ["site", "service"]),
            sink_output=row_positions(data.sinks, facility_outputs, on),
            discharge_demand=row_positions(
                data.discharges, data.demands, ["enterprise", "service"]
            ),
        )

    @cached_property
    def pairs_of_demand(self) -> Groups:
        return Groups.of(self.pair_demand, self.n_demands)

    @cached_property
    def tiers_of_facility(self) -> Groups:
        return Groups.of(self.tier_facility, len(self.facilities))

    @cached_property
    def pairs_of_facility(self) -> Groups:
        return Groups.of(self.pair_facility, len(self.facilities))

    @cached_property
    def flows_into(self) -> Groups:
        return Groups.of(self.flow_target, len(self.facilities))

    @cached_property
    def flows_out_of(self) -> Groups:
        """The flows leaving each facility output (row of :attr:`facility_outputs`)."""
        return Groups.of(self.flow_source, len(self.facility_outputs))

    @cached_property
    def sinks_of(self) -> Groups:
        """The sink rows of each facility output (row of :attr:`facility_outputs`)."""
        return Groups.of(self.sink_output, len(self.facility_outputs))

    @cached_property
    def tiers_of_site(self) -> Groups:
        return Groups.of(self.tier_site, self.n_sites)


def must_share(data: ModelData) -> dict[str, float]:
    """Demand per service that may not self-treat (units/d): open capacity must cover it."""
    demands = data.demands[~data.demands["self_allowed"]]
    totals = demands.groupby("service")["demand_per_day"].sum()
    return {str(s): float(q) for s, q in totals.items() if q > 0}


def folded_subsidy(data: ModelData) -> np.ndarray:
    """The yearly subsidy each tier gets when it is open, where it is folded into the tier's fixed
    cost: without a subsidy budget every open tier gets its service's rate times its annuity
    (``max_subsidy``, worked out in :mod:`optimizer.prepare`); with one, 0 (the subsidy is then a
    variable of the model, within the budget)."""
    if data.subsidy_budget is not None:
        return np.zeros(len(data.tiers))
    return data.tiers["max_subsidy"].to_numpy()


def tier_fixed_costs(data: ModelData) -> np.ndarray:
    """The yearly fixed cost of each tier when open: capex annuity plus fixed O&M, minus the
    :func:`folded_subsidy`."""
    tiers = data.tiers
    return tiers["annual_capex"].to_numpy() + tiers["fixed_om"].to_numpy() - folded_subsidy(data)


@dataclass(frozen=True)
class LoanRows:
    """The rows of green finance (:mod:`optimizer.finance`), as both builders write them.

    ``loan_within_capex``, one row per tier in :attr:`tiers`: what loans finance of the tier,
    ``sum_k financed[t,k]``, at most :attr:`per_open` times ``open[t]``: its capex less the
    grant at its service's full subsidy rate (with a subsidy budget too, so that any split of the
    budget leaves the grant and the loans within the capex). ``loan_quota``, one row per loan in
    :attr:`quota_loans`: what it finances over the park within its quota.
    """

    tiers: np.ndarray
    per_open: np.ndarray
    quota_loans: np.ndarray
    quotas: np.ndarray


def loan_rows(data: ModelData) -> LoanRows | None:
    """The green-finance rows of ``data`` (None when no loan may finance a tier)."""
    finance = data.finance
    if finance is None or finance.options.empty:
        return None
    tiers = finance.tiers()
    quota_loans = finance.quota_loans()
    quotas = finance.loans["quota_cny"].to_numpy(dtype=float)[quota_loans]
    return LoanRows(tiers, loan_limits(data.tiers)[tiers], quota_loans, quotas)


#: The slack of each rule family the elastic model can relax, one variable name per family: the
#: demand left unmet (share of a demand), site area above the site's (m2), required sites left
#: empty, pollutant discharge above the park-wide cap, above an outfall's cap and above an
#: enterprise's own cap (t/year), facilities above the maximum per service and new capex above the capital budget. Both builders
#: name the slack columns so.
ELASTIC_SLACKS = (
    "unmet",
    "area_excess",
    "required_shortfall",
    "cap_excess",
    "outfall_excess",
    "enterprise_excess",
    "facilities_excess",
    "budget_excess",
)


def elastic_slacks(elastic: bool | Collection[str]) -> frozenset[str]:
    """The slacks a model is built with: ``True`` all of :data:`ELASTIC_SLACKS`, ``False`` none,
    or the ones named.

    >>> sorted(elastic_slacks(["cap_excess"])), len(elastic_slacks(True)), elastic_slacks(False)
    (['cap_excess'], 8, frozenset())
    """
    if elastic is True:
        return frozenset(ELASTIC_SLACKS)
    if elastic is False:
        return frozenset()
    unknown = set(elastic) - set(ELASTIC_SLACKS)
    if unknown:
        raise ValueError(f"unknown elastic slacks {sorted(unknown)}; expected {ELASTIC_SLACKS}")
    return frozenset(elastic)


def penalty_weight(data: ModelData) -> float:
    """Penalty per unit of slack in the elastic model: far above any cost the plan could have."""
    scale = (
        data.demands["standalone_cost"].sum()
        + (data.tiers["annual_capex"] + data.tiers["fixed_om"]).sum()
    )
    return 1000.0 * max(float(scale), 1.0)


def slack_scale(data: ModelData, slack: str, key: object) -> float:
    """What one unit of an elastic slack is weighed against (its penalty is
    :func:`penalty_weight` over this): slacks in their own units are weighed relative to the
    rule's size, so a 10% cap excess costs the same whatever the pollutant."""
    if slack == "cap_excess":
        return max(data.caps[key], 1.0)
    if slack == "outfall_excess" and data.pollution is not None:
        pollutant, _, service = str(key).partition(".outfall_cap_t_per_year.")
        position = data.pollution.pollutants.index(pollutant)
        return max(float(data.pollution.outfall_caps[service][position]), 1.0)
    if slack == "enterprise_excess" and data.pollution is not None:
        return max(data.pollution.enterprise_cap(str(key)), 1.0)
    if slack == "budget_excess":
        return max(data.capital_budget or 1.0, 1.0)
    if slack == "area_excess":
        return max(float(data.sites["area_m2"].iloc[key]), 1.0)
    return 1.0
