"""Exact pollutant loads of a solved plan, and the rule that keeps a capped plan's loads on its
streams.

The model's rows (:mod:`optimizer.solvers.chain`) let a facility's carrying stream share its load
among its destinations freely: a relaxation of the physical rule (the load goes where the volume
goes, in proportion). The exact loads follow from the solved flows alone: what each facility
receives solves ``(I - T diag(1 - r)) received = members`` per pollutant, ``T[g, f]`` being the
share of facility f's carrying stream sent to g (:func:`exact_loads`). When those exact loads meet
every cap, the plan is optimal for the physical rule too (its cost does not depend on the loads,
and every plan of the physical rule is one of the relaxation). When they do not,
:func:`follow_loads` solves again with every carrying stream sent to one destination
(``Pollution.one_destination``: binaries in the model, the loads then exact), in the time left.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..pollution import received_along_chain
from ..prepare import ModelData
from .chain import tracks_chain
from .formulation import Index
from .types import Solution

#: Flows below this (units/d) are solver noise.
FLOW_NOISE = 1e-6

#: The entry of a solution's values saying its carrying streams were sent to one destination.
ONE_DESTINATION = "one_destination"


def value_arrays(
    data: ModelData, values: Mapping[str, Mapping[Any, float]]
) -> dict[str, np.ndarray]:
    """The solution's values that carry loads, as arrays by row of ``data`` (0 where absent)."""
    sizes = {"assign": len(data.pairs), "self_treat": len(data.demands)}
    sizes |= {"unmet": len(data.demands), "flow": len(data.flows), "to_sink": len(data.sinks)}
    out = {}
    for name, n in sizes.items():
        array = np.zeros(n)
        for key, value in values.get(name, {}).items():
            array[key] = value
        out[name] = np.where(np.abs(array) < 1e-9, 0.0, array)
    return out


@dataclass(frozen=True)
class ExactLoads:
    """Per facility (rows of ``Index.facilities``) and pollutant (``Pollution.pollutants``):
    ``received`` t/year, ``keep`` the share not removed, ``outlet`` the share of the rest that
    leaves the park there (its outfall, or its stream's external sink); ``carrier_output`` the
    facility's carrying stream (row of ``Index.facility_outputs``, -1 for none)."""

    received: np.ndarray
    keep: np.ndarray
    outlet: np.ndarray
    carrier_output: np.ndarray

    @property
    def removed(self) -> np.ndarray:
        return self.received * (1.0 - self.keep)

    @property
    def discharged(self) -> np.ndarray:
        return self.received * self.keep * self.outlet[:, None]

    @property
    def passed_on(self) -> np.ndarray:
        return self.received * self.keep - self.discharged


def exact_loads(data: ModelData, index: Index, arrays: Mapping[str, np.ndarray]) -> ExactLoads:
    """The loads that follow from the solved volumes (see the module's docstring)."""
    pollution = data.pollution
    assert pollution is not None
    facilities, outputs = index.facilities, index.facility_outputs
    n_fac, nq = len(facilities), len(pollution.pollutants)
    members = np.zeros((n_fac, nq))
    used = index.pair_facility >= 0
    np.add.at(
        members,
        index.pair_facility[used],
        arrays["assign"][used, None] * pollution.demand_load[index.pair_demand[used]],
    )
    keep = 1.0 - np.array([pollution.removal[s] for s in facilities["service"]]).reshape(n_fac, nq)
    transfer, outlet = np.zeros((n_fac, n_fac)), np.ones(n_fac)
    carrier_output = np.full(n_fac, -1)
    flow, sink = arrays["flow"], arrays["to_sink"]
    for o in range(len(outputs)):
        f, service, output = outputs.loc[o, ["facility", "service", "output"]]
        if pollution.carrier.get(service) != output:
            continue
        carrier_output[f] = o
        flows, sinks = index.flows_out_of[o], index.sinks_of[o]
        total = float(flow[flows].sum() + sink[sinks].sum())
        if total <= 0:
            continue
        for x in flows:
            transfer[index.flow_target[x], f] += flow[x] / total
        outlet[f] = float(sink[sinks].sum()) / total
    return ExactLoads(received_along_chain(members, keep, transfer), keep, outlet, carrier_output)


def alone_loads(data: ModelData, arrays: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """t/year per demand and pollutant brought to, and removed by, enterprises treating alone."""
    pollution = data.pollution
    assert pollution is not None
    alone = pollution.demand_load * arrays["self_treat"][:, None]
    return alone, alone * pollution.self_removal


def cap_excess(data: ModelData, index: Index, arrays: Mapping[str, np.ndarray]) -> float:
    """The largest excess over a cap (t/year) of the exact loads; 0 when every cap holds."""
    pollution = data.pollution
    assert pollution is not None
    loads = exact_loads(data, index, arrays)
    alone, removed_alone = alone_loads(data, arrays)
    park = loads.discharged.sum(axis=0) + (alone - removed_alone).sum(axis=0)
    excess = np.nan_to_num(park - pollution.park_caps, nan=0.0)
    services = index.facilities["service"].to_numpy()
    for service, caps in pollution.outfall_caps.items():
        mine = loads.discharged[services == service].sum(axis=0)
        excess = np.maximum(excess, np.nan_to_num(mine - caps, nan=0.0))
    tolerance = 1e-6 * np.maximum(np.nan_to_num(pollution.park_caps, nan=1.0), 1.0)
    return float(np.max(excess - tolerance, initial=0.0))


def follow_loads(
    data: ModelData,
    solution: Solution,
    solve: Callable[[ModelData, float], Solution],
    time_limit_s: float,
) -> Solution:
    """The solution, or the one of the rule that keeps loads on their streams (see the module's
    docstring): ``solve(data, seconds)`` solves again within the time left. Its values say
    whether the streams were sent to one destination (:data:`ONE_DESTINATION`)."""
    pollution = data.pollution
    if pollution is None or not solution.report.has_solution:
        return solution
    index = Index.of(data)
    if not tracks_chain(data, index):
        return solution
    if cap_excess(data, index, value_arrays(data, solution.values)) <= 0:
        return solution
    first = solution.report.seconds
    kept = replace(data, pollution=replace(pollution, one_destination=True))
    again = solve(kept, max(time_limit_s - first, 1.0))
    report = replace(again.report, seconds=again.report.seconds + first)
    return Solution(report, {**again.values, ONE_DESTINATION: {0: 1.0}})
