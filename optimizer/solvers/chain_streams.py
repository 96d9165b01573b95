r"""The loads on the carrying streams of :mod:`optimizer.solvers.chain`: which streams share one
load column, and the rows that keep each load within what its volume can carry.

**Streams that share a load.** A facility's carrying stream may go to several facilities of one
service that send nothing on (a dyeing plant's effluent to any of the park's sewage plants). What
happens to the load downstream is then the same whichever of them receives it: the same share
removed (the service's rate), the rest discharged under the same caps (park-wide, and the
service's outfall cap). Only the sum of their loads matters, so they share one column
:math:`carried_{g,q}` per group :math:`g` (source output, receiving service) and pollutant, with
the group's volume :math:`\sum_{x \in g} flow_x` in its concentration rows:

.. math:: \underline{c}_{o,q} \sum_{x \in g} flow_x \le carried_{g,q} \le \bar c_{o,q}
          \sum_{x \in g} flow_x

This is exact: a group's load satisfies these two rows if and only if it splits into per-stream
loads within :math:`[\underline{c}\,flow_x, \bar c\,flow_x]` (the bounds of one output are the
same on each of its streams), so the model's optimum and its LP relaxation are the same as with a
column per stream, with fewer rows (``mixed-park``: 43 streams to 8 groups, 111 chain rows to
41). A stream to a facility that sends its effluent on keeps its own column (what that facility passes
on depends on which facility receives the load), and so does every stream when the model sends
each to one destination (the ``route_load`` rows bind each stream's own load).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..prepare import ModelData
from .formulation import Index


@dataclass(frozen=True)
class Rows:
    """A family of rows: ``entries`` are (variable name, row, variable index, coefficient) arrays,
    the index being the reference model's (pair, demand, flow or sink row; a column's position
    for the variables of :data:`~optimizer.solvers.chain.NEW_COLUMNS`)."""

    name: str
    keys: list
    entries: list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]
    lower: np.ndarray
    upper: np.ndarray
    slack: str | None = None


def entry(name: str, rows, keys, values) -> tuple[str, np.ndarray, np.ndarray, np.ndarray]:
    """One entry of a row family, without its zero coefficients (neither builder writes them)."""
    rows = np.asarray(rows, dtype=np.int64)
    values = np.broadcast_to(np.asarray(values, dtype=float), rows.shape)
    keys = np.broadcast_to(np.asarray(keys, dtype=np.int64), rows.shape)
    kept = values != 0
    return name, rows[kept], np.array(keys[kept]), np.array(values[kept])


def flow_groups(
    data: ModelData, index: Index, flows: np.ndarray, passes_on: np.ndarray
) -> np.ndarray:
    """The load column (group) of each carrying flow (rows ``flows`` of ``data.flows``): one per
    source output and receiving service, for flows to facilities that pass nothing on
    (``passes_on`` false); a column of its own otherwise, or when the model sends every stream
    to one destination. Groups are numbered in the order of their first flow.

    >>> import types
    >>> index = types.SimpleNamespace(
    ...     flow_source=np.array([0, 0, 0, 1]),
    ...     flow_target=np.array([2, 3, 4, 2]),
    ...     facilities={"service": np.array(["dye", "dye", "sewage", "sewage", "dye"])},
    ... )
    >>> data = types.SimpleNamespace(pollution=types.SimpleNamespace(one_destination=False))
    >>> passes_on = np.array([True, True, False, False, True])
    >>> flow_groups(data, index, np.arange(4), passes_on).tolist()
    [0, 0, 1, 2]
    """
    if not len(flows):
        return np.zeros(0, dtype=np.int64)
    target = index.flow_target[flows]
    if data.pollution.one_destination:
        return np.arange(len(flows))
    services = np.asarray(index.facilities["service"])
    own = passes_on[target]
    keys = [
        ("own", int(i)) if own[i] else (int(index.flow_source[x]), str(services[target[i]]))
        for i, x in enumerate(flows.tolist())
    ]
    numbers: dict = {}
    return np.array([numbers.setdefault(key, len(numbers)) for key in keys], dtype=np.int64)


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


def concentration_rows(data, index, keep, capped, streams, to_sink=False) -> list[Rows]:
    """Each load column within the least and most its streams' volume can carry. ``streams``:
    the stream rows (of ``data.flows`` or ``data.sinks``), the load column (group) of each, and
    the columns' positions (group x pollutant)."""
    rows, group, columns = streams
    if not len(rows):
        return []
    low, high = stream_concentrations(data, index, keep, capped)
    output = (index.sink_output if to_sink else index.flow_source)[rows]
    n_groups, nq = columns.shape
    first = np.zeros(n_groups, dtype=np.int64)
    first[group[::-1]] = np.arange(len(rows))[::-1]  # the first stream of each group
    volume, load = ("to_sink", "sink_load") if to_sink else ("flow", "carried")
    out = []
    for name, bounds, lower, upper in (
        ("load_within_concentration", high, -np.inf, 0.0),
        ("load_above_concentration", low, 0.0, np.inf),
    ):
        bound = bounds[output[first]]  # (group, pollutant): the same for every stream of a group
        wanted = np.isfinite(bound) & ((bound > 0) | (upper == 0.0))
        row_of = np.full((n_groups, nq), -1)
        row_of[wanted] = np.arange(int(wanted.sum()))
        g, q = np.nonzero(wanted)
        stream_rows = row_of[group]  # (stream, pollutant)
        s, sq = np.nonzero(stream_rows >= 0)
        entries = [
            entry(load, row_of[g, q], columns[g, q], 1.0),
            entry(volume, stream_rows[s, sq], rows[s], -bound[group[s], sq]),
        ]
        keys = [(volume, int(rows[first[i]]), int(capped[j])) for i, j in zip(g, q, strict=True)]
        n = len(keys)
        out.append(Rows(f"{name}_{volume}", keys, entries, np.full(n, lower), np.full(n, upper)))
    return out
