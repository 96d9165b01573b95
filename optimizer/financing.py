"""The plan's financing (``plan.financing``): per new open facility, how much of its capex each
source finances (the grant, that is the subsidy; each green loan; own funds, the rest) and what
each costs and saves a year against financing the same amount by own funds.

Own funds cost the capex annuity at the discount rate; the grant's part costs nothing (its saving
is the facility's subsidy); a loan's part costs the annuity less :func:`optimizer.costs.loan_savings`
per unit. A facility's ``finance_saving`` is what its loans save: the model's objective counts it
(:mod:`optimizer.finance`), and cost sharing passes it to the facility's members.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .finance import GRANT, GREEN_LOAN, OWN_FUNDS
from .plan_columns import column_dtypes
from .prepare import ModelData

__all__ = [
    "GRANT",
    "GREEN_LOAN",
    "OWN_FUNDS",
    "finance_savings",
    "financed_amounts",
    "financing_kpis",
    "financing_table",
]

#: Amounts below this (in the currency) are solver noise.
AMOUNT_TOLERANCE = 1e-6


def financed_amounts(data: ModelData, values: dict) -> np.ndarray:
    """The capex each (tier, loan) option of ``data.finance`` finances, from solution values."""
    finance = data.finance
    n = 0 if finance is None else len(finance.options)
    amounts = np.zeros(n)
    for key, value in (values.get("financed") or {}).items():
        amounts[int(key)] = value
    return np.where(amounts > AMOUNT_TOLERANCE, amounts, 0.0)


def finance_savings(data: ModelData, amounts: np.ndarray) -> np.ndarray:
    """The yearly saving of each tier (row of ``data.tiers``) from what loans finance of it."""
    if data.finance is None:
        return np.zeros(len(data.tiers))
    return data.finance.savings(amounts, len(data.tiers))


def financing_table(
    data: ModelData, opened: np.ndarray, subsidy: np.ndarray, amounts: np.ndarray
) -> pd.DataFrame:
    """The plan's financing rows: per open new tier with capex, the grant, each loan that
    finances some of it and own funds (empty when the scenario has no loans).

    ``opened``: whether each tier is open; ``subsidy``: each tier's yearly subsidy in the plan;
    ``amounts``: :func:`financed_amounts`.
    """
    dtypes = column_dtypes("financing")
    finance = data.finance
    if finance is None:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    tiers = data.tiers
    capex = tiers["capex_cny"].to_numpy(dtype=float)
    annuity = tiers["annual_capex"].to_numpy(dtype=float)
    crf = np.divide(annuity, capex, np.zeros(len(capex)), where=capex > 0)
    options = finance.options
    loans = finance.loans
    rows = []
    for t in np.flatnonzero(opened & (capex > 0) & ~tiers["existing"].to_numpy(dtype=bool)):
        place = {"site": tiers["site"].iat[t], "service": tiers["service"].iat[t]}
        place["tier"] = tiers["tier"].iat[t]
        grant = float(subsidy[t] / crf[t]) if crf[t] > 0 else 0.0
        own = capex[t] - grant
        if grant > AMOUNT_TOLERANCE:
            rows.append({**place, "source": GRANT, "kind": GRANT, "financed_cny": grant})
            rows[-1].update(annual_cost=0.0, annual_saving=float(subsidy[t]))
        for o in np.flatnonzero((options["tier"].to_numpy() == t) & (amounts > 0)):
            loan = loans.iloc[int(options["loan"].iat[o])]
            saving = float(options["saving"].iat[o] * amounts[o])
            rows.append({**place, "source": loan["loan"], "kind": GREEN_LOAN})
            rows[-1].update(interest_rate=loan["interest_rate"], tenor_years=loan["tenor_years"])
            rows[-1].update(financed_cny=float(amounts[o]), annual_saving=saving)
            rows[-1]["annual_cost"] = float(amounts[o] * crf[t]) - saving
            own -= float(amounts[o])
        rows.append({**place, "source": OWN_FUNDS, "kind": OWN_FUNDS, "financed_cny": own})
        rows[-1].update(interest_rate=finance.discount_rate, annual_saving=0.0)
        rows[-1].update(tenor_years=tiers["lifetime_years"].iat[t], annual_cost=own * crf[t])
    frame = pd.DataFrame(rows, columns=list(dtypes))
    frame["share"] = frame["financed_cny"] / frame.groupby(["site", "service"])[
        "financed_cny"
    ].transform("sum")
    return frame.astype(dtypes)


def financing_kpis(financing: pd.DataFrame) -> dict:
    """The plan's KPIs of green finance: capex financed by each loan and what loans save a year
    (none without loans)."""
    loans = financing[financing["kind"] == GREEN_LOAN]
    if financing.empty:
        return {}
    by_loan = loans.groupby("source")["financed_cny"].sum()
    return {
        "green_loans_cny": float(loans["financed_cny"].sum()),
        "green_loans_saving": float(loans["annual_saving"].sum()),
        "loan_financed_cny": {str(k): float(v) for k, v in by_loan.items()},
    }
