"""Annuities and unit helpers: every cost in the model is a yearly amount in the scenario's currency.

Annuities follow the capital recovery factor ``CRF(r, L) = r (1+r)^L / ((1+r)^L - 1)``, which is
``1 / L`` at ``r = 0``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: t per (m3 x mg/L): 1 mg/L = 1 g/m3 = 1e-6 t/m3.
TONNES_PER_M3_MG_PER_L = 1e-6


def annuity(rate: float, years: float) -> float:
    """Capital recovery factor: the yearly payment that repays 1 over ``years`` at ``rate``.

    >>> round(annuity(0.08, 20), 6)
    0.101852
    >>> annuity(0.0, 4)
    0.25
    >>> round(annuity(0.06, 30) * 1_350_000, 2)  # a 1.35 M CNY pipe over 30 years at 6%
    98076.03
    """
    if years <= 0:
        raise ValueError(f"an annuity needs a lifetime above 0 years, got {years}")
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def annuities(rate: float, years: pd.Series | np.ndarray) -> np.ndarray:
    """:func:`annuity` of each lifetime in ``years`` (vectorised).

    >>> annuities(0.0, np.array([2.0, 4.0])).tolist()
    [0.5, 0.25]
    """
    years = np.asarray(years, dtype=float)
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def standalone_annual_cost(
    capex: pd.Series, lifetime: pd.Series, om: pd.Series, rate: float
) -> np.ndarray:
    """Yearly cost of an enterprise treating on its own: capex annuity plus O&M.

    >>> standalone_annual_cost(pd.Series([1000.0]), pd.Series([4.0]), pd.Series([50.0]), 0.0)
    array([300.])
    """
    return np.asarray(capex, dtype=float) * annuities(rate, lifetime) + np.asarray(om, dtype=float)
