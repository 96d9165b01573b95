r"""Per-enterprise pollutant caps (the ``enterprise_caps`` table): the rows both builders add,
worked out once here as arrays (as :mod:`optimizer.solvers.chain` does for the chain's rows).

An enterprise's discharge permit (排污许可) binds what the enterprise itself discharges to the
environment. In the model that is the load of its demands it treats alone, after its own removal:

.. math::

    \sum_{d \in D(e)} (1 - r^{self}_{d,q})\,L_{d,q}\,self\_treat_d \le cap_{e,q}

(the family ``enterprise_cap``, a row per cap), with :math:`L_{d,q}` the t/year demand :math:`d` brings (:class:`~optimizer.pollution.Pollution`)
and :math:`self\_treat_d` the share it treats alone. The model has no path that sends a demand
untreated past the park's treatment, so nothing else counts. What the enterprise sends to a shared
facility is that facility's discharge, counted at the facility's outfall under the park-wide and
outfall caps, not under the enterprise's. So a cap below what the enterprise discharges treating
alone makes it connect. The row is linear (one coefficient per demand that may self-treat); a
demand that may not self-treat discharges nothing itself. The elastic model relaxes it with the
slack ``enterprise_excess`` (t/year above the cap), keyed by the table's row id
``<enterprise>/<pollutant>``
(:func:`~optimizer.pollution.enterprise_cap_key`).
"""

from __future__ import annotations

import numpy as np

from ..pollution import enterprise_cap_key
from ..prepare import ModelData
from .chain import Rows, _entry

#: The rows' family and the slack of the elastic model.
FAMILY, SLACK = "enterprise_cap", "enterprise_excess"


def alone_discharge(data: ModelData) -> np.ndarray:
    """t/year each demand (rows of ``data.demands``) discharges per pollutant when treated alone
    (0 where it may not self-treat), shape (demands, pollutants)."""
    pollution = data.pollution
    assert pollution is not None
    allowed = data.demands["self_allowed"].to_numpy(dtype=bool)[:, None]
    return np.where(allowed, pollution.demand_load * (1.0 - pollution.self_removal), 0.0)


def enterprise_cap_rows(data: ModelData) -> list[Rows]:
    """The ``enterprise_cap`` family (empty when no cap can bind: a cap whose enterprise has no
    load of that pollutant it may treat alone is always met, and has no row)."""
    pollution = data.pollution
    if pollution is None or not pollution.enterprise_caps:
        return []
    alone = alone_discharge(data)
    enterprise = data.demands["enterprise"].astype(str).to_numpy()
    keys, rows, demands, values, limits = [], [], [], [], []
    for name, pollutant, cap in pollution.enterprise_caps:
        q = pollution.pollutants.index(pollutant)
        mine = np.flatnonzero((enterprise == name) & (alone[:, q] > 0))
        if not len(mine):
            continue
        rows.append(np.full(len(mine), len(keys)))
        demands.append(mine)
        values.append(alone[mine, q])
        keys.append(enterprise_cap_key(name, pollutant))
        limits.append(cap)
    if not keys:
        return []
    entries = [
        _entry("self_treat", np.concatenate(rows), np.concatenate(demands), np.concatenate(values))
    ]
    n = len(keys)
    return [Rows(FAMILY, keys, entries, np.full(n, -np.inf), np.array(limits), slack=SLACK)]
