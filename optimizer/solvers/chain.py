r"""Pollutants along the chain: the rows both builders add, worked out once here as arrays.

Where a cap must see what happens downstream (a pollutant under a park-wide or an outfall cap, in a
park whose facilities send effluent on), each carrying stream gets its load per pollutant:

- :math:`carried_{x,q} \ge 0` (t/year of :math:`q` on flow :math:`x`), :math:`sink\_load_{k,q}
  \ge 0` (on the stream :math:`k` to the external sink);
- load passed on (``load_passed``, per facility :math:`f` with a carrying stream :math:`o` and
  pollutant): :math:`\sum_{x \in X(o)} carried_{x,q} + \sum_{k \in K(o)} sink\_load_{k,q} =
  (1 - r_{s(f),q}) \big(\sum_{p \in P(f)} L_{p,q}\,assign_p + \sum_{x \to f} carried_{x,q}\big)`,
  with :math:`L_{p,q}` the t/year the pair's demand brings and :math:`r` the service's rate;
- one destination (``one_destination``), only when ``Pollution.one_destination`` says so (see
  :mod:`optimizer.solvers.loads`): a carrying stream goes to one of its destinations, :math:`\sum_k route_{o,k} \le 1`, :math:`flow_x \le M_o\,route_x`,
  :math:`carried_{x,q} \le \bar L_q\,route_x` (``route_volume``, ``route_load``; the same for the
  sink), so the load goes where the volume goes (loads stay flow-proportional without products);
- discharge: what facilities without a carrying stream leave at their outfall,
  :math:`(1 - r)(\dots)` as above, plus every :math:`sink\_load`, plus what enterprises treating
  alone discharge, :math:`(1 - r^{self}_{d,q}) L_{d,q}\,self\_treat_d`; within the park-wide cap
  (``pollutant_cap``, which then replaces the simple row of the reference model) and within each
  outfall cap (``outfall_cap``: the same sum over one service's facilities).

:math:`M_o` is the stream's ratio times the largest load of its facility, :math:`\bar L_q` every
tonne of :math:`q` that enters the park.

Two exact simplifications keep the rows few (the same plans, the same LP relaxation; see each
module): streams from one facility to facilities of one service that send nothing on share one
load column (:mod:`optimizer.solvers.chain_streams`), and the discharge rows are written with the
``load_passed`` and ``demand_met`` equalities substituted in, so that they hold self-treatments
and loads to sinks rather than a term per pair and stream (:mod:`optimizer.solvers.chain_caps`). The families are returned as :class:`Rows` whose entries
name the reference model's variables by name and index, so both builders add the very same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..prepare import ModelData
from .chain_caps import Streams, cap_rows
from .chain_streams import Rows, concentration_rows, flow_groups
from .chain_streams import entry as _entry
from .formulation import Index

#: Variables this module adds: name -> (integer, what one column is).
NEW_COLUMNS = {
    "carried": (False, "t/year of a pollutant on streams from a facility to one service's"),
    "sink_load": (False, "t/year of a pollutant on a stream to the external sink"),
    "route_flow": (True, "a carrying stream goes to this facility"),
    "route_sink": (True, "a carrying stream goes to the external sink"),
}


@dataclass(frozen=True)
class Chain:
    """The new columns (name -> count and upper bound) and the row families."""

    columns: dict[str, tuple[int, np.ndarray]] = field(default_factory=dict)
    rows: list[Rows] = field(default_factory=list)


def tracks_chain(data: ModelData, index: Index) -> bool:
    """Whether caps need the chain's rows: a capped pollutant, and an outfall cap or a facility
    stream that carries pollutants on."""
    pollution = data.pollution
    if pollution is None or not len(pollution.capped):
        return False
    if pollution.has_outfall_caps:
        return True
    carrying = _carrying(data, index)
    flows = carrying[index.flow_source[index.flow_source >= 0]]
    sinks = carrying[index.sink_output[index.sink_output >= 0]]
    return bool(flows.any() or sinks.any())


def _carrying(data: ModelData, index: Index) -> np.ndarray:
    outputs = index.facility_outputs
    if outputs.empty:
        return np.zeros(0, dtype=bool)
    carrier = data.pollution.carrier  # type: ignore[union-attr]
    wanted = outputs["service"].map(lambda s: carrier.get(s))
    return (outputs["output"] == wanted).to_numpy(dtype=bool)


def chain_rows(data: ModelData, index: Index, unmet: bool = False) -> Chain:
    """The columns and rows of the chain (empty when :func:`tracks_chain` is false); ``unmet``:
    the model has the elastic ``unmet`` slack (the discharge rows then count it)."""
    if not tracks_chain(data, index):
        return Chain()
    pollution = data.pollution
    assert pollution is not None
    capped = pollution.capped
    nq = len(capped)
    services = index.facilities["service"].to_numpy()
    n_fac = len(services)
    keep = 1.0 - np.array([pollution.removal[s][capped] for s in services]).reshape(n_fac, nq)
    pair_load = pollution.demand_load[index.pair_demand][:, capped]
    total = np.maximum(pollution.demand_load[:, capped].sum(axis=0), 1e-9)
    carrying = _carrying(data, index)
    outputs = index.facility_outputs
    flows = np.flatnonzero(
        (index.flow_source >= 0) & carrying[np.maximum(index.flow_source, 0)]
        if len(carrying)
        else np.zeros(len(data.flows), dtype=bool)
    )
    sinks = np.flatnonzero(
        (index.sink_output >= 0) & carrying[np.maximum(index.sink_output, 0)]
        if len(carrying)
        else np.zeros(len(data.sinks), dtype=bool)
    )
    carrier_of_facility = np.full(n_fac, -1)
    carrier_outputs = np.flatnonzero(carrying)
    carrier_of_facility[outputs["facility"].to_numpy()[carrier_outputs]] = carrier_outputs
    group = flow_groups(data, index, flows, carrier_of_facility >= 0)
    n_groups = int(group.max()) + 1 if len(group) else 0
    first = np.zeros(n_groups, dtype=np.int64)
    first[group[::-1]] = np.arange(len(flows))[::-1]  # the first flow of each group
    q_of = np.arange(nq)
    carried = np.arange(n_groups)[:, None] * nq + q_of  # column positions, (group, pollutant)
    sink_load = np.arange(len(sinks))[:, None] * nq + q_of
    rows: list[Rows] = []

    # residual of each facility (row f, pollutant q), as entries with row = f * nq + q
    residual = []
    pair_facility = index.pair_facility
    p = np.flatnonzero(pair_facility >= 0)
    f = pair_facility[p]
    residual.append(
        (
            "assign",
            (f[:, None] * nq + q_of).ravel(),
            np.repeat(p, nq),
            (keep[f] * pair_load[p]).ravel(),
        )
    )
    target = index.flow_target[flows[first]]  # a group's stands for all its (same service)
    residual.append(
        ("carried", (target[:, None] * nq + q_of).ravel(), carried.ravel(), keep[target].ravel())
    )

    # load passed on, per facility with a carrying output
    passing = np.flatnonzero(carrier_of_facility >= 0)
    row_of = np.full(n_fac, -1)
    row_of[passing] = np.arange(len(passing))
    entries = []
    for name, r, k, v in residual:
        fac, q = r // nq, r % nq
        mine = row_of[fac] >= 0
        entries.append(_entry(name, row_of[fac[mine]] * nq + q[mine], k[mine], -v[mine]))
    flow_fac = outputs["facility"].to_numpy()[index.flow_source[flows]] if len(flows) else flows
    sink_fac = outputs["facility"].to_numpy()[index.sink_output[sinks]] if len(sinks) else sinks
    entries.append(
        _entry(
            "carried", (row_of[flow_fac[first]][:, None] * nq + q_of).ravel(), carried.ravel(), 1.0
        )
    )
    entries.append(
        _entry("sink_load", (row_of[sink_fac][:, None] * nq + q_of).ravel(), sink_load.ravel(), 1.0)
    )
    n = len(passing) * nq
    keys = [(int(fac), int(capped[q])) for fac in passing for q in range(nq)]
    rows.append(Rows("load_passed", keys, entries, np.zeros(n), np.zeros(n)))

    rows += concentration_rows(data, index, keep, capped, (flows, group, carried))
    own = (sinks, np.arange(len(sinks)), sink_load)
    rows += concentration_rows(data, index, keep, capped, own, to_sink=True)
    routing = _routing(data, index, flows, sinks, flow_fac, sink_fac, carried, sink_load, total)
    rows += routing
    passes_on = carrier_of_facility >= 0
    streams = Streams(
        keep, pair_load, passes_on, flow_fac[first], target, carried, sink_fac, sink_load
    )
    rows += cap_rows(data, index, streams, unmet)
    columns = {
        "carried": (carried.size, np.full(carried.size, np.inf)),
        "sink_load": (sink_load.size, np.full(sink_load.size, np.inf)),
    }
    if routing:
        columns["route_flow"] = (len(flows), np.ones(len(flows)))
        columns["route_sink"] = (len(sinks), np.ones(len(sinks)))
    return Chain(columns, rows)


def _routing(data, index, flows, sinks, flow_fac, sink_fac, carried, sink_load, total):
    """One destination for every carrying stream with two or more, when the model must
    (``one_destination`` of :class:`~optimizer.pollution.Pollution`)."""
    source = np.concatenate([index.flow_source[flows], index.sink_output[sinks]])
    counts = np.bincount(source, minlength=len(index.facility_outputs)) if len(source) else []
    if not data.pollution.one_destination:
        return []
    several = np.flatnonzero(np.asarray(counts) >= 2)
    if not len(several):
        return []
    nq = carried.shape[1]
    row_of = np.full(len(index.facility_outputs), -1)
    row_of[several] = np.arange(len(several))
    flow_rows, sink_rows = row_of[index.flow_source[flows]], row_of[index.sink_output[sinks]]
    fx, sx = np.flatnonzero(flow_rows >= 0), np.flatnonzero(sink_rows >= 0)
    one = Rows(
        "one_destination",
        [int(o) for o in several],
        [
            _entry("route_flow", flow_rows[fx], fx, 1.0),
            _entry("route_sink", sink_rows[sx], sx, 1.0),
        ],
        np.full(len(several), -np.inf),
        np.ones(len(several)),
    )
    ratio = index.facility_outputs["ratio"].to_numpy(float)
    largest = np.zeros(len(index.facilities))
    np.maximum.at(largest, index.tier_facility, data.tiers["max_load_per_day"].to_numpy(float))
    big_flow = ratio[index.flow_source[flows]] * largest[flow_fac]
    big_sink = ratio[index.sink_output[sinks]] * largest[sink_fac]
    n_f, n_s = len(fx), len(sx)
    volume = Rows(
        "route_volume",
        [("flow", int(flows[i])) for i in fx] + [("sink", int(sinks[i])) for i in sx],
        [
            _entry("flow", np.arange(n_f), flows[fx], 1.0),
            _entry("route_flow", np.arange(n_f), fx, -big_flow[fx]),
            _entry("to_sink", n_f + np.arange(n_s), sinks[sx], 1.0),
            _entry("route_sink", n_f + np.arange(n_s), sx, -big_sink[sx]),
        ],
        np.full(n_f + n_s, -np.inf),
        np.zeros(n_f + n_s),
    )
    q_of = np.arange(nq)
    load_rows = lambda i: (np.asarray(i)[:, None] * nq + q_of).ravel()  # noqa: E731
    load = Rows(
        "route_load",
        [("flow", int(flows[i]), q) for i in fx for q in range(nq)]
        + [("sink", int(sinks[i]), q) for i in sx for q in range(nq)],
        [
            _entry("carried", load_rows(np.arange(n_f)), carried[fx].ravel(), 1.0),
            _entry(
                "route_flow", load_rows(np.arange(n_f)), np.repeat(fx, nq), -np.tile(total, n_f)
            ),
            _entry("sink_load", load_rows(n_f + np.arange(n_s)), sink_load[sx].ravel(), 1.0),
            _entry(
                "route_sink",
                load_rows(n_f + np.arange(n_s)),
                np.repeat(sx, nq),
                -np.tile(total, n_s),
            ),
        ],
        np.full((n_f + n_s) * nq, -np.inf),
        np.zeros((n_f + n_s) * nq),
    )
    return [one, volume, load]
