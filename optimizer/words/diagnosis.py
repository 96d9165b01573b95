"""The words of the infeasibility diagnosis (:mod:`optimizer.diagnosis`): what each rule family
would have to become for a plan to exist, in the scenario's units and currency.

Each function returns ``(expected, found)`` for a :class:`~optimizer.problems.Problem` whose
source, key and row the diagnosis names.

>>> raise_to("capital budget", 1_000_000, 1_000_000, "CNY", digits=0)
('a capital budget of at least 2,000,000 CNY (1,000,000 CNY more)', 'a capital budget of 1,000,000 CNY')
>>> ANY_ONE.format(n=2)
'; any one of these 2 changes is enough on its own'
"""

from __future__ import annotations

import math

from .catalogue import term, tr
from .numbers import money

#: Appended to what is expected of each of several rules when any one of them alone would do.
ANY_ONE = "; any one of these {n} changes is enough on its own"

#: Appended when the rules listed must all change together (no one of them alone is enough).
TOGETHER = "; together with the other {n} changes listed (no one of them alone is enough)"


def raise_to(
    rule: str, current: float, excess: float, unit: str, digits: int | None = None
) -> tuple[str, str]:
    """A limit that must rise by ``excess``: the new limit and by how much, and the current one
    (``digits``: decimals shown; by default enough for two significant digits of ``excess``).

    >>> raise_to("cap", 0.03, 0.02, "t/year")[0]
    'a cap of at least 0.050 t/year (0.020 t/year more)'
    """
    if digits is None:
        digits = max(0, 1 - math.floor(math.log10(excess))) if excess > 0 else 2
    return (
        f"a {rule} of at least {money(current + excess, unit, digits)} "
        f"({money(excess, unit, digits)} more)",
        f"a {rule} of {money(current, unit, digits)}",
    )


def enterprise_cap(enterprise: str, pollutant: str, cap: float, excess: float) -> tuple[str, str]:
    """An enterprise's own cap (``enterprise_caps``) that must rise by ``excess`` t/year, or the
    enterprise connect instead.

    >>> enterprise_cap("E1", "COD", 0.03, 0.02)[1]
    'a cap of 0.030 t/year on what E1 discharges itself'
    """
    digits = max(0, 1 - math.floor(math.log10(excess))) if excess > 0 else 2
    unit = term("t/year")
    needed, more = money(cap + excess, unit, digits), money(excess, unit, digits)
    return (
        tr(
            "caps.enterprise.raise",
            enterprise=enterprise,
            pollutant=pollutant,
            needed=needed,
            more=more,
        ),
        tr("caps.enterprise.current", enterprise=enterprise, cap=money(cap, unit, digits)),
    )


def facility_count(service: str, current: int, excess: float) -> tuple[str, str]:
    """A maximum number of facilities that must rise by the whole number above ``excess``."""
    more = max(1, math.ceil(excess - 1e-6))
    word = "facility" if more == 1 else "facilities"
    return (
        f"a maximum of at least {current + more} {service} facilities ({more} more {word})",
        f"a maximum of {current}, but the demand in reach needs more {service} facilities",
    )


def required_site_empty() -> tuple[str, str]:
    """A required site where no facility can be placed under the other rules."""
    return (
        "status optional (or tiers, area and demand in reach that let a facility be placed)",
        "required, but no facility could be placed there",
    )


def unserved(share: float, demand: float, unit: str, where: str, self_note: str) -> tuple[str, str]:
    """A demand that no facility in reach can take and that may not self-treat."""
    return (
        "a facility with room for it, or self-treatment allowed",
        f"{share:.0%} of {demand:g} {unit}/d left unserved ({where}{self_note})",
    )


def unexplained(why: str) -> tuple[str, str]:
    """No rule family's relaxation explains the infeasibility."""
    return (
        "a scenario with at least one feasible plan (check site areas, existing tiers and output "
        "streams that have neither a downstream facility in reach nor a sink)",
        f"an infeasible scenario; {why}",
    )
