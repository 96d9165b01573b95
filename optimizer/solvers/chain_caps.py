r"""The discharge rows of :mod:`optimizer.solvers.chain` (``pollutant_cap``, ``outfall_cap``),
written with the chain's equalities substituted in.

What reaches the environment under a cap is, as in :mod:`optimizer.solvers.chain`,

.. math:: D_q = \sum_{f \in F^{out}} (1 - r_{f,q}) R_{f,q} + \sum_{k} m_k\,sink\_load_{k,q}
          + \sum_d (1 - r^{self}_{d,q}) L_{d,q}\,self\_treat_d

with :math:`R_{f,q}` what facility :math:`f` receives (its members' loads and its inflows),
:math:`F^{out}` the facilities without a carrying stream whose outfall the cap counts, and
:math:`m_k` 1 when the cap counts the sink of stream :math:`k`. Written so, the row holds a term per
pair and per stream.

The row is rewritten by adding multiples of equalities every plan satisfies, so it admits exactly
the same plans, and its LP relaxation is the same, too:

- :math:`\lambda_f` times each ``load_passed`` row (:math:`\sum carried + \sum sink\_load =
  (1 - r_f) R_f`), where :math:`\lambda_f` is what a tonne leaving :math:`f` discharges when it
  goes where most of :math:`f`'s streams go (to a sewage plant: its :math:`1 - r`). A tonne
  received at :math:`f` then counts :math:`\delta_f = (1 - r_f)\lambda_f` (at a facility
  without a carrying stream, :math:`1 - r_f` or 0), a load :math:`carried_{g}` from :math:`f` to
  :math:`t` counts :math:`\delta_t - \lambda_f` (0 for the usual destination) and a load to a sink
  :math:`m_k - \lambda_f`;
- :math:`\mu_d` times each ``demand_met`` row (:math:`\sum_p assign_p + self\_treat_d
  [+ unmet_d] = 1`), :math:`\mu_d` the most common :math:`\delta_{f(p)} L_{d,q}` of its pairs:
  the pairs' terms vanish, and the row's bound falls by :math:`\sum_d \mu_d`.

On ``mixed-park`` the COD cap row goes from 1,047 terms (996 pairs, 43 stream loads, 8 sink loads)
to 165 (157 self-treatments, 8 sink loads), as the row was before the chain. HiGHS's search is
not measurably shorter for it (docs/model.md, "mixed-park to proven optimality": the spread
over seeds is wider than the change), but every LP of it is smaller.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..prepare import ModelData
from .chain_streams import Rows, entry
from .formulation import Index


@dataclass(frozen=True)
class Streams:
    """What the discharge rows need of the chain: per facility, the share ``keep`` (facility x
    capped pollutant) it does not remove and whether it ``passes_on`` its residual; per pair
    its load ``pair_load`` (pair x capped pollutant); per load column of the streams to
    facilities (``carried``: group x pollutant positions) its source and target facility; per
    carrying sink stream (``sink_load``) its source facility."""

    keep: np.ndarray
    pair_load: np.ndarray
    passes_on: np.ndarray
    group_source: np.ndarray
    group_target: np.ndarray
    carried: np.ndarray
    sink_source: np.ndarray
    sink_load: np.ndarray


def most_common(keys: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Per key ``0..n-1``, its most common value (the smallest of the most common; NaN for a key
    without values).

    >>> most_common(np.array([0, 0, 0, 2, 2]), np.array([0.1, 0.3, 0.1, 0.5, 0.2]), 3).tolist()
    [0.1, nan, 0.2]
    """
    out = np.full(n, np.nan)
    if not len(keys):
        return out
    pairs, counts = np.unique(np.column_stack([keys, values]), axis=0, return_counts=True)
    order = np.lexsort((pairs[:, 1], -counts, pairs[:, 0]))
    key = pairs[order, 0].astype(np.int64)
    first = np.concatenate([[True], key[1:] != key[:-1]])
    out[key[first]] = pairs[order, 1][first]
    return out


def _outlet_values(s: Streams, counted: np.ndarray, q: int) -> tuple[np.ndarray, np.ndarray]:
    """:math:`\\lambda_f` (per facility, 0 where it passes nothing on) and :math:`\\delta_f`,
    worked out from the facilities that pass nothing on up the chain (any values are exact:
    where the chain loops, the last pass's)."""
    n = len(s.keep)
    keep = s.keep[:, q]
    sink_value = counted[s.sink_source].astype(float)
    to_sink = most_common(s.sink_source, sink_value, n)
    lam = np.zeros(n)
    for _ in range(n + 1):
        delta = np.where(s.passes_on, keep * lam, keep * counted)
        usual = most_common(s.group_source, delta[s.group_target], n)
        usual = np.nan_to_num(np.where(np.isnan(usual), to_sink, usual))
        usual = np.where(s.passes_on, usual, 0.0)
        if np.array_equal(usual, lam):
            break
        lam = usual
    return lam, np.where(s.passes_on, keep * lam, keep * counted)


def discharge(
    data: ModelData,
    index: Index,
    s: Streams,
    counted: np.ndarray,
    q: int,
    row: int,
    alone: np.ndarray | None,
    unmet: bool,
) -> tuple[list, float]:
    """The entries of one discharge row (pollutant ``q``, facilities ``counted`` at their
    outfalls and sinks; ``alone``: t/year each demand discharges treating alone, when the row
    counts it), and the constant taken from its bound."""
    lam, delta = _outlet_values(s, counted, q)
    p = np.flatnonzero(index.pair_facility >= 0)
    demand = index.pair_demand[p]
    per_pair = s.pair_load[p, q] * delta[index.pair_facility[p]]
    mu = np.nan_to_num(most_common(demand, per_pair, index.n_demands))
    allowed = np.flatnonzero(data.demands["self_allowed"].to_numpy())
    own = alone[allowed] if alone is not None else 0.0
    group = np.arange(len(s.group_source))
    sinks = np.arange(len(s.sink_source))
    entries = [
        entry("assign", np.full(len(p), row), p, per_pair - mu[demand]),
        entry(
            "carried",
            np.full(len(group), row),
            s.carried[group, q],
            delta[s.group_target] - lam[s.group_source],
        ),
        entry(
            "sink_load",
            np.full(len(sinks), row),
            s.sink_load[sinks, q],
            counted[s.sink_source].astype(float) - lam[s.sink_source],
        ),
        entry("self_treat", np.full(len(allowed), row), allowed, own - mu[allowed]),
    ]
    if unmet:
        demands = np.arange(index.n_demands)
        entries.append(entry("unmet", np.full(len(demands), row), demands, -mu))
    return entries, float(mu.sum())


def cap_rows(data: ModelData, index: Index, s: Streams, unmet: bool) -> list[Rows]:
    """The park-wide caps and the outfall caps on what reaches the environment; ``unmet``: the
    model has the elastic ``unmet`` slack in its ``demand_met`` rows."""
    pollution = data.pollution
    capped = pollution.capped
    services = index.facilities["service"].to_numpy()
    out = []
    park = pollution.park_caps[capped]
    keys, entries, limits = [], [], []
    every = np.ones(len(services), dtype=bool)
    for q in np.flatnonzero(np.isfinite(park)):
        alone = pollution.demand_load[:, capped[q]] * (1.0 - pollution.self_removal[:, capped[q]])
        row, constant = discharge(data, index, s, every, q, len(keys), alone, unmet)
        entries += row
        keys.append(pollution.pollutants[capped[q]])
        limits.append(park[q] - constant)
    if keys:
        n = len(keys)
        out.append(
            Rows(
                "pollutant_cap", keys, entries, np.full(n, -np.inf), np.array(limits), "cap_excess"
            )
        )
    keys, entries, limits = [], [], []
    for service, caps in sorted(pollution.outfall_caps.items()):
        for q in np.flatnonzero(np.isfinite(caps[capped])):
            row, constant = discharge(
                data, index, s, services == service, q, len(keys), None, unmet
            )
            entries += row
            keys.append(f"{pollution.pollutants[capped[q]]}.outfall_cap_t_per_year.{service}")
            limits.append(caps[capped[q]] - constant)
    if keys:
        n = len(keys)
        out.append(
            Rows(
                "outfall_cap",
                keys,
                entries,
                np.full(n, -np.inf),
                np.array(limits),
                "outfall_excess",
            )
        )
    return out
