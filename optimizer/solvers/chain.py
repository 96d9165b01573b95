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
tonne of :math:`q` that enters the park. The families are returned as :class:`Rows` whose entries
name the reference model's variables by name and index, so both builders add the very same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..prepare import ModelData
from .formulation import Index

#: Variables this module adds: name -> (integer, what one column is).
NEW_COLUMNS = {
    "carried": (False, "t/year of a pollutant on a stream to a facility"),
    "sink_load": (False, "t/year of a pollutant on a stream to the external sink"),
    "route_flow": (True, "a carrying stream goes to this facility"),
    "route_sink": (True, "a carrying stream goes to the external sink"),
}


@dataclass(frozen=True)
class Rows:
    """A family of rows: ``entries`` are (variable name, row, variable index, coefficient) arrays,
    the index being the reference model's (pair, demand, flow or sink row; a column's position
    for the variables of :data:`NEW_COLUMNS`)."""

    name: str
    keys: list
    entries: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]
    lower: np.ndarray
    upper: np.ndarray
    slack: str | None = None


@dataclass(frozen=True)
class Chain:
    """The new columns (name -> count and upper bound) and the row families."""

    columns: dict[str, tuple[int, np.ndarray]] = field(default_factory=dict)
    rows: list[Rows] = field(default_factory=list)


def _entry(name: str, rows, keys, values) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
    """One entry of a row family, without its zero coefficients (neither builder writes them)."""
    rows = np.asarray(rows, dtype=np.int64)
    values = np.broadcast_to(np.asarray(values, dtype=float), rows.shape)
    keys = np.broadcast_to(np.asarray(keys, dtype=np.int64), rows.shape)
    kept = values != 0
    return name, rows[kept], np.array(keys[kept]), np.array(values[kept])


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


def chain_rows(data: ModelData, index: Index) -> Chain:
    """The columns and rows of the chain (empty when :func:`tracks_chain` is false)."""
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
    q_of = np.arange(nq)
    carried = np.arange(len(flows))[:, None] * nq + q_of  # column positions, (flow, pollutant)
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
    target = index.flow_target[flows]
    residual.append(
        ("carried", (target[:, None] * nq + q_of).ravel(), carried.ravel(), keep[target].ravel())
    )

    # load passed on, per facility with a carrying output
    carrier_of_facility = np.full(n_fac, -1)
    carrier_outputs = np.flatnonzero(carrying)
    carrier_of_facility[outputs["facility"].to_numpy()[carrier_outputs]] = carrier_outputs
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
        _entry("carried", (row_of[flow_fac][:, None] * nq + q_of).ravel(), carried.ravel(), 1.0)
    )
    entries.append(
        _entry("sink_load", (row_of[sink_fac][:, None] * nq + q_of).ravel(), sink_load.ravel(), 1.0)
    )
    n = len(passing) * nq
    keys = [(int(fac), int(capped[q])) for fac in passing for q in range(nq)]
    rows.append(Rows("load_passed", keys, entries, np.zeros(n), np.zeros(n)))

    rows += _concentrations(data, index, keep, capped, (flows, flow_fac, carried))
    rows += _concentrations(data, index, keep, capped, (sinks, sink_fac, sink_load), to_sink=True)
    routing = _routing(data, index, flows, sinks, flow_fac, sink_fac, carried, sink_load, total)
    rows += routing
    rows += _caps(data, index, residual, carrier_of_facility, sinks, sink_fac, sink_load)
    columns = {
        "carried": (carried.size, np.full(carried.size, np.inf)),
        "sink_load": (sink_load.size, np.full(sink_load.size, np.inf)),
    }
    if routing:
        columns["route_flow"] = (len(flows), np.ones(len(flows)))
        columns["route_sink"] = (len(sinks), np.ones(len(sinks)))
    return Chain(columns, rows)


def stream_concentrations(
    data: ModelData, index: Index, keep: np.ndarray, capped: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The least and the most t/year of each capped pollutant a unit/d of each facility output's
    stream can carry: its facility's least and most load per unit/d received (its members' and,
    along the chain, its inflows'), times the share kept, over the stream's ratio. Where the
    chain loops, the most is infinite (no bound)."""
    pollution = data.pollution
    n_fac, nq = keep.shape
    high, low = np.zeros((n_fac, nq)), np.full((n_fac, nq), np.inf)
    p = np.flatnonzero(index.pair_facility >= 0)
    per_unit = pollution.demand_load[index.pair_demand[p]][:, capped] / np.maximum(
        data.pairs["demand_per_day"].to_numpy(float)[p, None], 1e-12
    )
    np.maximum.at(high, index.pair_facility[p], per_unit)
    np.minimum.at(low, index.pair_facility[p], per_unit)
    outputs = index.facility_outputs
    ratio = outputs["ratio"].to_numpy(float)[:, None] if len(outputs) else np.zeros((0, 1))
    facility = outputs["facility"].to_numpy() if len(outputs) else np.zeros(0, dtype=int)
    x = np.flatnonzero((index.flow_source >= 0) & (index.flow_target >= 0))
    factor = data.flows["load_factor"].to_numpy(float)[x, None]
    source, target = index.flow_source[x], index.flow_target[x]
    for _ in range(len(data.outputs) + 2):
        before = high.copy(), low.copy()
        out_high = keep[facility] * high[facility] / ratio
        out_low = keep[facility] * low[facility] / ratio
        np.maximum.at(high, target, out_high[source] / factor)
        np.minimum.at(low, target, out_low[source] / factor)
        if np.array_equal(before[0], high) and np.array_equal(before[1], low):
            break
    else:
        high[:] = np.inf
    out_high = keep[facility] * high[facility] / ratio
    out_low = np.nan_to_num(keep[facility] * low[facility] / ratio, posinf=0.0)
    return out_low, out_high


def _concentrations(data, index, keep, capped, streams, to_sink=False) -> list[Rows]:
    """Loads on each carrying stream within the least and most its volume can carry."""
    rows, _, columns = streams
    if not len(rows):
        return []
    low, high = stream_concentrations(data, index, keep, capped)
    output = (index.sink_output if to_sink else index.flow_source)[rows]
    volume, load = ("to_sink", "sink_load") if to_sink else ("flow", "carried")
    stream = np.repeat(rows, len(capped))
    pollutant = np.tile(capped, len(rows))
    out = []
    for name, bound, lower, upper in (
        ("load_within_concentration", high[output].ravel(), -np.inf, 0.0),
        ("load_above_concentration", low[output].ravel(), 0.0, np.inf),
    ):
        kept = np.flatnonzero(np.isfinite(bound) & ((bound > 0) | (upper == 0.0)))
        n = len(kept)
        entries = [
            _entry(load, np.arange(n), columns.ravel()[kept], 1.0),
            _entry(volume, np.arange(n), stream[kept], -bound[kept]),
        ]
        keys = [
            (volume, int(r), int(q)) for r, q in zip(stream[kept], pollutant[kept], strict=True)
        ]
        out.append(Rows(f"{name}_{volume}", keys, entries, np.full(n, lower), np.full(n, upper)))
    return out


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


def _caps(data, index, residual, carrier_of_facility, sinks, sink_fac, sink_load):
    """The park-wide caps and the outfall caps on what reaches the environment."""
    pollution = data.pollution
    capped = pollution.capped
    nq = len(capped)
    services = index.facilities["service"].to_numpy()
    out = []

    def discharge(facility_ok: np.ndarray, with_alone: bool, row_of_q: np.ndarray) -> list:
        entries = []
        for name, r, k, v in residual:
            fac, q = r // nq, r % nq
            mine = (carrier_of_facility[fac] < 0) & facility_ok[fac] & (row_of_q[q] >= 0)
            entries.append(_entry(name, row_of_q[q[mine]], k[mine], v[mine]))
        mine = facility_ok[sink_fac] if len(sinks) else np.zeros(0, dtype=bool)
        for q in range(nq):
            if row_of_q[q] >= 0 and mine.any():
                entries.append(
                    _entry(
                        "sink_load", np.full(int(mine.sum()), row_of_q[q]), sink_load[mine, q], 1.0
                    )
                )
        if with_alone:
            allowed = np.flatnonzero(data.demands["self_allowed"].to_numpy())
            for q in range(nq):
                if row_of_q[q] < 0:
                    continue
                alone = pollution.demand_load[allowed, capped[q]] * (
                    1.0 - pollution.self_removal[allowed, capped[q]]
                )
                entries.append(
                    _entry("self_treat", np.full(len(allowed), row_of_q[q]), allowed, alone)
                )
        return entries

    park = pollution.park_caps[capped]
    has = np.flatnonzero(np.isfinite(park))
    if len(has):
        row_of_q = np.full(nq, -1)
        row_of_q[has] = np.arange(len(has))
        every = np.ones(len(services), dtype=bool)
        out.append(
            Rows(
                "pollutant_cap",
                [pollution.pollutants[capped[q]] for q in has],
                discharge(every, True, row_of_q),
                np.full(len(has), -np.inf),
                park[has],
                slack="cap_excess",
            )
        )
    keys, entries, limits = [], [], []
    for service, caps in sorted(pollution.outfall_caps.items()):
        for q in np.flatnonzero(np.isfinite(caps[capped])):
            row_of_q = np.full(nq, -1)
            row_of_q[q] = len(keys)
            entries += discharge(services == service, False, row_of_q)
            keys.append(f"{pollution.pollutants[capped[q]]}.outfall_cap_t_per_year.{service}")
            limits.append(caps[capped[q]])
    if keys:
        out.append(
            Rows(
                "outfall_cap",
                keys,
                entries,
                np.full(len(keys), -np.inf),
                np.array(limits),
                slack="outfall_excess",
            )
        )
    return out
