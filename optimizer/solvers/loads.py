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
(``Pollution.one_destination``: binaries in the model, the loads then exact), in the time left:
:data:`RESOLVE_SHARE` of the limit is kept for it whenever a scenario may need it
(:func:`may_resolve`; on the default route only while the best plan may still need it,
:mod:`optimizer.solvers.reserve`), and it starts from the first plan's assignments
(:func:`one_destination_start`), so that a short re-solve is not a re-solve from scratch. The progress and the solver's report say that it happened and why
(:func:`resolve_reason`, in the catalogue's words).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..pollution import received_along_chain
from ..prepare import ModelData
from ..words import format_value
from ..words.said import Said, Service, said
from .chain import tracks_chain
from .formulation import Index
from .types import ProgressCallback, Solution, SolveOptions, SolveProgress

#: Flows below this (units/d) are solver noise.
FLOW_NOISE = 1e-6

#: The entry of a solution's values saying its carrying streams were sent to one destination.
ONE_DESTINATION = "one_destination"

#: Share of the time limit kept for the re-solve with one destination per stream when a scenario
#: may need it (:func:`may_resolve`). Without it the re-solve had what the first solve left (at
#: least 1 s, past the deadline) and, from scratch, found 63.4 M where the first plan was 39.4 M
#: (a generated park of 150 SMEs, 10 s); from the first plan's start it is never worse than that
#: start, so a small share is enough.
RESOLVE_SHARE = 0.1

#: At most this many seconds are kept for the re-solve, whatever the limit: the reserve is lost
#: whenever no re-solve is needed, and a long search (the 5,000-SME park's 300 s) needs its time.
RESOLVE_MOST_S = 15.0


#: The values of a solution that carry loads (:func:`value_arrays`).
LOAD_VALUES = ("assign", "self_treat", "unmet", "flow", "to_sink")


def value_arrays(
    data: ModelData, values: Mapping[str, Mapping[Any, float]]
) -> dict[str, np.ndarray]:
    """The solution's values that carry loads, as arrays by row of ``data`` (0 where absent)."""
    sizes = {"assign": len(data.pairs), "self_treat": len(data.demands)}
    sizes |= {"unmet": len(data.demands), "flow": len(data.flows), "to_sink": len(data.sinks)}
    out = {}
    for name in LOAD_VALUES:
        n = sizes[name]
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


@dataclass(frozen=True)
class BrokenCap:
    """The cap the exact loads break most: its pollutant, the service whose outfalls it caps
    (None: the park's cap) and the excess (t/year, beyond the tolerance)."""

    pollutant: str
    service: str | None
    excess: float


def broken_cap(data: ModelData, index: Index, arrays: Mapping[str, np.ndarray]) -> BrokenCap | None:
    """The cap the exact loads break most (None when every cap holds)."""
    pollution = data.pollution
    assert pollution is not None
    loads = exact_loads(data, index, arrays)
    alone, removed_alone = alone_loads(data, arrays)
    park = loads.discharged.sum(axis=0) + (alone - removed_alone).sum(axis=0)
    tolerance = 1e-6 * np.maximum(np.nan_to_num(pollution.park_caps, nan=1.0), 1.0)
    excesses = [(np.nan_to_num(park - pollution.park_caps, nan=0.0) - tolerance, None)]
    services = index.facilities["service"].to_numpy()
    for service, caps in pollution.outfall_caps.items():
        mine = loads.discharged[services == service].sum(axis=0)
        excesses.append((np.nan_to_num(mine - caps, nan=0.0) - tolerance, service))
    worst, service = max(excesses, key=lambda pair: float(np.max(pair[0], initial=0.0)))
    if float(np.max(worst, initial=0.0)) <= 0:
        return None
    q = int(np.argmax(worst))
    return BrokenCap(pollution.pollutants[q], service, float(worst[q]))


def cap_excess(data: ModelData, index: Index, arrays: Mapping[str, np.ndarray]) -> float:
    """The largest excess over a cap (t/year) of the exact loads; 0 when every cap holds."""
    broken = broken_cap(data, index, arrays)
    return 0.0 if broken is None else broken.excess


def resolve_reason(broken: BrokenCap) -> Said:
    """Why the plan was solved again: English, and said in the language shown wherever it is
    shown (:func:`optimizer.words.said.spoken`: it crosses from the app's solve pool).

    >>> resolve_reason(BrokenCap("COD", None, 85.545))  # doctest: +NORMALIZE_WHITESPACE
    "the best plan's loads, followed along its streams, break the park's COD cap by 85.545
    t/year: solved again with each stream to one destination"
    """
    return said("loads.resolved", **cap_words(broken))


def cap_words(broken: BrokenCap) -> dict[str, Any]:
    """The cap broken and by how much (t/year): the ``cap`` (a :class:`Said`, worded when
    shown) and ``excess`` of the catalogue's messages about it."""
    if broken.service is None:
        cap = said("loads.cap.park", pollutant=broken.pollutant)
    else:
        cap = said("loads.cap.outfall", pollutant=broken.pollutant, service=Service(broken.service))
    return {"cap": cap, "excess": format_value(broken.excess, "tonnes")}


def first_pass(data: ModelData, options: SolveOptions) -> SolveOptions:
    """The options of a first solve that keeps the reserve whatever its plan (the Pyomo routes,
    the why-nots, the search for alternatives): the limit less :func:`reserve_s` when ``data``
    may need a re-solve. The default route keeps it only while it may be needed
    (:mod:`optimizer.solvers.reserve`)."""
    if not may_resolve(data):
        return options
    limit = options.time_limit_s
    return replace(options, time_limit_s=limit - reserve_s(limit))


def reserve_s(limit: float) -> float:
    """Seconds of the limit kept for a re-solve: :data:`RESOLVE_SHARE`, at most
    :data:`RESOLVE_MOST_S`.

    >>> round(reserve_s(60.0), 1), round(reserve_s(300.0), 1)
    (6.0, 15.0)
    """
    return min(limit * RESOLVE_SHARE, RESOLVE_MOST_S)


def may_resolve(data: ModelData) -> bool:
    """Whether a plan of ``data`` may have to be solved again (:func:`follow_loads`): its chain
    is tracked for a cap and its streams may still split."""
    pollution = data.pollution
    if pollution is None or pollution.one_destination:
        return False
    return tracks_chain(data, Index.of(data))


#: The values of a plan of the relaxation kept in the start of the re-solve (who is treated where).
START_VALUES = ("assign", "self_treat", "unmet")


def one_destination_start(values: Mapping[str, Mapping[Any, float]]) -> dict[str, dict[Any, float]]:
    """A start for the model with one destination per stream, from a plan of the relaxation: who
    is treated where, as in that plan; the tiers and the routing are left for HiGHS to complete
    (a partial start: HiGHS fixes what is given and solves for the rest).

    Not more: with its streams each sent wholly to one destination, the first plan's open tiers
    are often too small for what one destination then receives (on the generated park of 150
    SMEs whose first plan broke the cap, fixing the tiers too left no plan, and sending each
    stream to the destination that broke the caps least did not help); with the assignments
    alone HiGHS completed a plan of 40.1 M in under 3 s, where from scratch it had 63.4 M after
    10 s."""
    return {name: dict(values[name]) for name in START_VALUES if name in values}


def follow_loads(
    data: ModelData,
    solution: Solution,
    solve: Callable[[ModelData, Mapping[str, Mapping[Any, float]], str], Solution],
    on_progress: ProgressCallback | None = None,
) -> Solution:
    """The solution, or the one of the rule that keeps loads on their streams (see the module's
    docstring): ``solve(data, start, why)`` solves again, from ``start``, within the time left. Its
    values say whether the streams were sent to one destination (:data:`ONE_DESTINATION`), its
    report why (``resolved``); ``on_progress`` is told at once, so that what the first solve
    showed is not taken for the final plan's figures."""
    pollution = data.pollution
    if pollution is None or not solution.report.has_solution or not may_resolve(data):
        return solution
    index = Index.of(data)
    broken = broken_cap(data, index, value_arrays(data, solution.values))
    if broken is None:
        return solution
    why = resolve_reason(broken)
    first = solution.report.seconds
    if on_progress is not None:
        on_progress(SolveProgress(first, None, None, note=why))
    start = one_destination_start(solution.values)
    kept = replace(data, pollution=replace(pollution, one_destination=True))
    again = solve(kept, start, why)
    seconds = again.report.seconds + first
    report = replace(again.report, seconds=seconds, resolved=why, reserve=solution.report.reserve)
    return Solution(report, {**again.values, ONE_DESTINATION: {0: 1.0}})
