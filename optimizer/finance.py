"""Green finance for the model: which loans may finance the capex of which new tiers, what each
unit of currency financed saves a year, and how much of a tier's capex loans may take.

Three sources finance a new shared facility's capex ``I``: the subsidy (a grant of the
service's rate ``sigma`` of it), green loans (the ``loans`` table: a rate, a tenor, a park-wide
quota) and own funds (the rest, at the scenario's discount rate: the capex annuity). The model
chooses how much of each tier's capex each loan finances, ``financed[t,k] >= 0``, within
``(1 - sigma) I_t`` for the tier (:func:`loan_limits`) and the loan's quota over the park; every unit financed lowers the yearly cost by
:func:`optimizer.costs.loan_savings`. Plain numpy and pandas, like :mod:`optimizer.prepare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .costs import loan_savings
from .scenario import Scenario
from .supply import allowed_services

#: A saving per unit financed at or below this is none: the loan is not offered to the tier.
NO_SAVING = 1e-12
#: The kinds of financing source, as ``plan.financing.kind`` writes them.
OWN_FUNDS, GRANT, GREEN_LOAN = "own funds", "grant", "green loan"


@dataclass(frozen=True, eq=False)
class Finance:
    """The prepared loans and the (tier, loan) pairs on offer.

    Attributes
    ----------
    loans
        loan (id), interest_rate, tenor_years, quota_cny (NaN: no quota), one row per loan.
    options
        tier (row of ``ModelData.tiers``), loan (row of :attr:`loans`), saving (yearly, per unit
        of currency financed): one row per new tier and loan that may finance it and saves
        something.
    discount_rate
        The scenario's discount rate: what own funds cost.
    """

    loans: pd.DataFrame
    options: pd.DataFrame
    discount_rate: float

    def tiers(self) -> np.ndarray:
        """The tiers loans may finance, sorted (one ``loan_within_capex`` row each)."""
        return np.unique(self.options["tier"].to_numpy(dtype=np.int64))

    def savings(self, amounts: np.ndarray, n_tiers: int) -> np.ndarray:
        """The yearly saving of each of ``n_tiers`` tiers when each option finances ``amounts``."""
        savings = np.zeros(n_tiers)
        if len(amounts):
            saving = self.options["saving"].to_numpy(dtype=float) * amounts
            np.add.at(savings, self.options["tier"].to_numpy(), saving)
        return savings

    def quota_loans(self) -> np.ndarray:
        """The loans with a quota that some tier may use, sorted (one ``loan_quota`` row each)."""
        used = np.unique(self.options["loan"].to_numpy(dtype=np.int64))
        quota = self.loans["quota_cny"].to_numpy(dtype=float)
        return used[~np.isnan(quota[used])]


def loan_limits(tiers: pd.DataFrame) -> np.ndarray:
    """The most green loans may finance of each tier's capex (``ModelData.tiers``): its capex
    less the grant at its service's full subsidy rate. With a subsidy budget the grant may be
    less, but the limit stays, so that any split of the budget keeps grant and loans within the
    capex.

    >>> tiers = pd.DataFrame(
    ...     {
    ...         "capex_cny": [1000.0, 80.0],
    ...         "annual_capex": [1100.0, 0.0],
    ...         "max_subsidy": [550.0, 0.0],
    ...     }
    ... )
    >>> loan_limits(tiers).tolist()
    [500.0, 80.0]
    """
    capex = tiers["capex_cny"].to_numpy(dtype=float)
    annuity = tiers["annual_capex"].to_numpy(dtype=float)
    grant = tiers["max_subsidy"].to_numpy(dtype=float)
    share = np.divide(grant, annuity, np.zeros(len(capex)), where=annuity > 0)
    return capex * (1.0 - share)


def subsidy_rates(scenario: Scenario) -> dict[str, float]:
    """Subsidy rate per service (``policy.subsidy_rate_by_service`` over ``policy.subsidy_rate``):
    the share of a new shared facility's capex (its annuity) that the grant pays."""
    policy = scenario.config["policy"]
    base = float(policy.get("subsidy_rate") or 0.0)
    by_service = policy.get("subsidy_rate_by_service") or {}
    return {s: float(by_service.get(s, base)) for s in scenario.services}


def finance_of(scenario: Scenario, tiers: pd.DataFrame, rate: float) -> Finance | None:
    """The loans of the scenario and the new tiers each may finance (None without loans).

    ``tiers`` is ``ModelData.tiers`` (``service``, ``capex_cny``, ``lifetime_years``,
    ``existing``); ``rate`` the discount rate.
    """
    table = scenario.tables.get("loans")
    if table is None or table.empty:
        return None
    loans = pd.DataFrame(
        {
            "loan": table["id"].astype(str),
            "interest_rate": table["interest_rate"].astype(float),
            "tenor_years": table["tenor_years"].astype(float),
            "quota_cny": table["quota_cny"].astype("Float64").astype(float),
        }
    ).reset_index(drop=True)
    capex = tiers["capex_cny"].to_numpy(dtype=float)
    new = np.flatnonzero((capex > 0) & ~tiers["existing"].to_numpy(dtype=bool))
    lifetimes = tiers["lifetime_years"].to_numpy(dtype=float)
    services = tiers["service"].to_numpy()
    every = list(scenario.services)
    frames = []
    for k, row in enumerate(table.itertuples(index=False)):
        allowed = allowed_services(row.services, every)
        eligible = new[np.isin(services[new], allowed)]
        saving = loan_savings(rate, lifetimes[eligible], float(row.interest_rate), row.tenor_years)
        keep = saving > NO_SAVING
        frames.append(
            pd.DataFrame(
                {
                    "tier": eligible[keep],
                    "loan": k,
                    "saving": saving[keep],
                }
            )
        )
    options = pd.concat(frames, ignore_index=True).sort_values(["tier", "loan"], kind="stable")
    options = options.reset_index(drop=True).astype({"tier": "int64", "loan": "int64"})
    return Finance(loans, options, float(rate))
