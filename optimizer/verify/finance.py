"""Green loans in a plan, checked without a solver: each loan row of ``plan.financing`` is a
decision (a loan of the scenario financing part of an open new facility it may finance), within
the facility's capex less its grant (at the full subsidy rate) and within the loan's quota; what the loans save a year is
recomputed from the prepared savings (:mod:`optimizer.finance`)."""

from __future__ import annotations

import numpy as np

from ..finance import GREEN_LOAN, loan_limits
from ..plan import Plan
from ..prepare import ModelData
from ..schema.tables import ID_SEPARATOR
from .decisions import Decisions, ids, positions
from .findings import Findings


def loan_savings_of(
    plan: Plan, data: ModelData, decisions: Decisions, found: Findings
) -> np.ndarray:
    """The yearly saving of each tier from the plan's green loans, noting every loan row that is
    not a decision the scenario allows and every limit the loans break."""
    savings = np.zeros(len(data.tiers))
    financing, finance = plan.financing, data.finance
    if financing.empty or "kind" not in financing:
        return savings
    loans = financing[financing["kind"] == GREEN_LOAN].reset_index(drop=True)
    if loans.empty:
        return savings
    tier = positions(loans, data.tiers, ["site", "service", "tier"])
    where = ids(loans, ["site", "service", "source"])
    options = finance.options if finance is not None else None
    option_of = {}
    if finance is not None and options is not None:
        names = finance.loans["loan"].to_numpy()
        pairs = zip(options["tier"].to_numpy(), options["loan"].to_numpy(), strict=True)
        option_of = {(int(t), str(names[k])): o for o, (t, k) in enumerate(pairs)}
    amounts = np.zeros(0 if options is None else len(options))
    for i, row in enumerate(loans.itertuples(index=False)):
        o = option_of.get((int(tier[i]), str(row.source)))
        if tier[i] < 0 or o is None or not decisions.opened[tier[i]]:
            found.rule(
                "green loan",
                where[i],
                note="no loan of that id that saves something may finance this open new facility",
            )
            continue
        amounts[o] += float(row.financed_cny)
    if finance is None or options is None:
        return savings
    _limits(data, amounts, found)
    return finance.savings(amounts, len(data.tiers))


def _limits(data: ModelData, amounts: np.ndarray, found: Findings) -> None:
    """Loans within each facility's capex less its grant at the full subsidy rate, and each
    loan within its quota."""
    finance, tiers = data.finance, data.tiers
    assert finance is not None
    options = finance.options
    limits = loan_limits(tiers)
    per_tier = np.bincount(options["tier"], weights=amounts, minlength=len(tiers))
    for t in np.flatnonzero(per_tier > 0):
        place = f"{tiers['site'].iat[t]}{ID_SEPARATOR}{tiers['service'].iat[t]}"
        found.limit("loans within capex", place, limits[t], per_tier[t], data.currency)
    per_loan = np.bincount(options["loan"], weights=amounts, minlength=len(finance.loans))
    quotas = finance.loans["quota_cny"].to_numpy(dtype=float)
    for k in np.flatnonzero(~np.isnan(quotas) & (per_loan > 0)):
        loan = str(finance.loans["loan"].iat[k])
        found.limit("loan quota", loan, quotas[k], per_loan[k], data.currency)
