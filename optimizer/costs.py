"""Annuities and unit helpers: every cost in the model is a yearly amount in the scenario's currency.

Annuities follow the capital recovery factor ``CRF(r, L) = r (1+r)^L / ((1+r)^L - 1)``, which is
``1 / L`` at ``r = 0``. A green loan's yearly saving against own funds is :func:`loan_savings`.
A subsidy budget is shared among open facilities by one stated rule
(:func:`budget_shares`), which the plan's extraction and its verification both apply.
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


def loan_savings(rate: float, lifetimes: np.ndarray, loan_rate: float, tenor: float) -> np.ndarray:
    """What each unit of capex financed by a loan saves a year against own funds, per lifetime.

    Own funds cost the discount rate ``r``: capex ``I`` with lifetime ``L`` costs ``I CRF(r, L)``
    a year. A loan at ``r_k`` over ``n`` years is repaid by ``I CRF(r_k, n)`` a year for ``n``
    years, worth ``I CRF(r_k, n) / CRF(r, n)`` today at the discount rate; spread over the
    lifetime like own funds, that is ``I CRF(r, L) CRF(r_k, n) / CRF(r, n)`` a year. The saving
    per unit financed is ``CRF(r, L) (1 - CRF(r_k, n) / CRF(r, n))``: above 0 exactly when the
    loan's rate is below the discount rate, whatever the tenor (a longer one saves more); with
    ``n = L`` the loan's annuity ``CRF(r_k, L)`` simply replaces ``CRF(r, L)``.

    A 20-year plant at 8%: a 20-year loan at 3.5% saves ``CRF(8%, 20) - CRF(3.5%, 20)`` =
    0.101852 - 0.070361 = 0.031491 a year per unit; a 5-year loan at 3.5% saves less, 0.011783;
    a loan at 9% saves less than nothing.

    >>> [round(s, 6) for s in loan_savings(0.08, np.array([20.0]), 0.035, 20.0).tolist()]
    [0.031491]
    >>> round(float(loan_savings(0.08, np.array([20.0]), 0.035, 5.0)[0]), 6)
    0.011783
    >>> bool(loan_savings(0.08, np.array([20.0]), 0.09, 20.0)[0] < 0)
    True
    """
    own = annuities(rate, lifetimes)
    repaid = annuity(loan_rate, tenor) / annuity(rate, tenor)
    return own * (1.0 - repaid)


def standalone_annual_cost(
    capex: pd.Series, lifetime: pd.Series, om: pd.Series, rate: float
) -> np.ndarray:
    """Yearly cost of an enterprise treating on its own: capex annuity plus O&M.

    >>> standalone_annual_cost(pd.Series([1000.0]), pd.Series([4.0]), pd.Series([50.0]), 0.0)
    array([300.])
    """
    return np.asarray(capex, dtype=float) * annuities(rate, lifetime) + np.asarray(om, dtype=float)


def budget_shares(paid: float, annuities: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """A subsidy budget shared by one stated rule, not by the solver's indifference.

    With a budget the solver says how much subsidy is paid in all; any split of it among the open
    facilities costs the same, so the model does not say who gets it. The rule: one rate ``r``
    for every eligible facility (an annuity and a service rate above 0), capped at its service's
    rate: ``subsidy_t = min(r, rate_t) x annuity_t``, with ``r`` such that they add up to
    ``paid``; ``r = paid / eligible annuities`` when no cap binds.

    Two plants of annuity 100 at a rate of 0.5 (at most 50 each) and a budget of 60: ``r = 60 /
    200 = 0.3``, 30 each. With rates of 0.5 and 0.2 and 60 to share: ``r = 60 / 200 = 0.3`` is
    above the second's 0.2, so it gets 20 and the first ``r = 40 / 100 = 0.4``, i.e. 40.

    >>> budget_shares(60.0, np.array([100.0, 100.0]), np.array([0.5, 0.5])).tolist()
    [30.0, 30.0]
    >>> budget_shares(60.0, np.array([100.0, 100.0, 0.0]), np.array([0.5, 0.2, 0.5])).tolist()
    [40.0, 20.0, 0.0]
    """
    eligible = np.flatnonzero((annuities > 0) & (rates > 0))
    shares = np.zeros(len(annuities))
    if paid <= 0 or not len(eligible):
        return shares
    left, room = paid, float(annuities[eligible].sum())
    rate = left / room
    for t in eligible[np.argsort(rates[eligible], kind="stable")]:
        rate = left / room
        if rate <= rates[t] or room <= annuities[t]:
            break
        left, room = left - rates[t] * annuities[t], room - annuities[t]
    shares[eligible] = np.minimum(rate, rates[eligible]) * annuities[eligible]
    return shares
