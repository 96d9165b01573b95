"""Green finance in the reference model: how much of each new tier's capex each green loan
finances (``financed``), within the tier's capex less its grant (``loan_within_capex``) and each
loan's quota over the park (``loan_quota``); the rows are worked out once for both builders
(:func:`optimizer.solvers.formulation.loan_rows`), the savings in :mod:`optimizer.finance`."""

from __future__ import annotations

import pyomo.environ as pyo

from .formulation import loan_rows
from .pyomo_terms import PyomoModel, linear


def add_green_finance(built: PyomoModel) -> None:
    """Loans finance part of the capex of open new tiers, within the capex less the grant."""
    m, data = built.model, built.data
    rows = loan_rows(data)
    if rows is None or data.finance is None:
        return
    options = data.finance.options
    m.FINANCED = pyo.RangeSet(0, len(options) - 1)
    m.financed = pyo.Var(
        m.FINANCED, domain=pyo.NonNegativeReals, doc="capex of a tier financed by a loan"
    )
    of_tier = {
        int(t): [int(o) for o in group] for t, group in options.groupby("tier").indices.items()
    }
    tiers = [int(t) for t in rows.tiers]

    def loan_within_capex(m, i):
        t = tiers[i]
        coefficients = [1.0] * len(of_tier[t]) + [-float(rows.per_open[i])]
        variables = [m.financed[o] for o in of_tier[t]] + [m.open[t]]
        return linear(coefficients, variables) <= 0

    m.loan_within_capex = pyo.Constraint(
        range(len(tiers)), rule=loan_within_capex, doc="loans within the capex less the grant"
    )
    if not len(rows.quota_loans):
        return
    of_loan = options.groupby("loan").indices

    def loan_quota(m, i):
        chosen = [int(o) for o in of_loan[int(rows.quota_loans[i])]]
        expression = linear([1.0] * len(chosen), [m.financed[o] for o in chosen])
        return expression <= float(rows.quotas[i])

    m.loan_quota = pyo.Constraint(
        range(len(rows.quota_loans)), rule=loan_quota, doc="a loan's quota over the park"
    )


def financed_terms(built: PyomoModel) -> tuple[list[float], list]:
    """The objective's terms of green finance: minus the yearly saving per unit financed."""
    m, finance = built.model, built.data.finance
    if not hasattr(m, "financed") or finance is None:
        return [], []
    saving = finance.options["saving"].to_numpy(dtype=float)
    return [-float(s) for s in saving], [m.financed[o] for o in m.FINANCED]
