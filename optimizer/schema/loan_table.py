"""The ``loans`` table: green loans that may finance the capex of new shared facilities."""

from __future__ import annotations

from .columns import Column, Table
from .declaration import FRACTION
from .limits import MAX_AMOUNT, MAX_LIFETIME_YEARS, MIN_LIFETIME_YEARS
from .network_tables import id_column

__all__ = ["LOANS"]

LOANS = Table(
    "loans",
    "Green loans that may finance the capex of new shared facilities, besides own funds "
    "(at the discount rate) and the subsidy (a grant).",
    (
        id_column("Loan id, unique (a green-loan programme, a bank's credit line)."),
        Column(
            "interest_rate",
            "float",
            "Yearly interest rate, stated as discount_rate is (both real, or both nominal).",
            title="Interest rate",
            unit=FRACTION,
            required=True,
            minimum=0,
            maximum=0.5,
        ),
        Column(
            "tenor_years",
            "float",
            "Years over which the loan is repaid in equal yearly payments.",
            title="Tenor",
            unit="year",
            required=True,
            minimum=MIN_LIFETIME_YEARS,
            maximum=MAX_LIFETIME_YEARS,
        ),
        Column(
            "quota_cny",
            "float",
            "Most capex the loan may finance, over the whole park; empty: no limit.",
            title="Quota",
            unit="{currency}",
            minimum=0,
            maximum=MAX_AMOUNT,
        ),
        Column(
            "services",
            "str",
            "Services whose facilities the loan may finance; empty: every service.",
            title="Services financed",
            list_of=("services",),
            references="services",
        ),
    ),
    key=("id",),
    required=False,
)
