"""The words of the infeasibility diagnosis (:mod:`optimizer.diagnosis`): what each rule family
would have to become for a plan to exist, in the scenario's units and currency.

Each function returns ``(expected, found)`` for a :class:`~optimizer.problems.Problem` whose
source, key and row the diagnosis names, made of catalogue messages (:mod:`.said`): English
now, said in the planner's language where they are shown.

>>> raise_to(said("diagnosis.rule.budget"), 1_000_000, 1_000_000, "CNY", digits=0)
('a capital budget of at least 2,000,000 CNY (1,000,000 CNY more)', 'a capital budget of 1,000,000 CNY')
>>> joined("a", ANY_ONE, 2)
'a; any one of these 2 changes is enough on its own'
"""

from __future__ import annotations

import math

from .numbers import money
from .said import Said, Termed, said

#: What is appended to what is expected of each of several rules when any one of them alone
#: would do, and when the rules listed must all change together (no one of them alone is enough).
ANY_ONE, TOGETHER = "diagnosis.any_one", "diagnosis.together"


def joined(expected: str, note: str, n: int) -> Said:
    """What is expected of one of several rules, with how they combine (:data:`ANY_ONE`, or
    :data:`TOGETHER` with the ``n`` others)."""
    return said(note, expected=expected, n=n)


def amount(value: float, unit: str, digits: int) -> str:
    """An amount and its unit (the unit said in the planner's language).

    >>> amount(1234.5, "t/year", 1), amount(2.0, "", 0)
    ('1,234.5 t/year', '2')
    """
    text = money(value, "", digits)
    if not unit or text == "-":
        return text
    return said("diagnosis.amount", amount=text, unit=Termed(unit))


def raise_to(
    rule: str, current: float, excess: float, unit: str, digits: int | None = None
) -> tuple[str, str]:
    """A limit that must rise by ``excess``: the new limit and by how much, and the current one
    (``digits``: decimals shown; by default enough for two significant digits of ``excess``).

    >>> raise_to(said("diagnosis.rule.area"), 0.03, 0.02, "m2")[0]
    'a site area of at least 0.050 m2 (0.020 m2 more)'
    """
    if digits is None:
        digits = max(0, 1 - math.floor(math.log10(excess))) if excess > 0 else 2
    return (
        said(
            "diagnosis.raise",
            rule=rule,
            least=amount(current + excess, unit, digits),
            more=amount(excess, unit, digits),
        ),
        said("diagnosis.current", rule=rule, current=amount(current, unit, digits)),
    )


def enterprise_cap(enterprise: str, pollutant: str, cap: float, excess: float) -> tuple[str, str]:
    """An enterprise's own cap (``enterprise_caps``) that must rise by ``excess`` t/year, or the
    enterprise connect instead.

    >>> enterprise_cap("E1", "COD", 0.03, 0.02)[1]
    'a cap of 0.030 t/year on what E1 discharges itself'
    """
    digits = max(0, 1 - math.floor(math.log10(excess))) if excess > 0 else 2
    return (
        said(
            "caps.enterprise.raise",
            enterprise=enterprise,
            pollutant=pollutant,
            needed=amount(cap + excess, "t/year", digits),
            more=amount(excess, "t/year", digits),
        ),
        said(
            "caps.enterprise.current",
            enterprise=enterprise,
            cap=amount(cap, "t/year", digits),
        ),
    )


def facility_count(service: str, current: int, excess: float) -> tuple[str, str]:
    """A maximum number of facilities that must rise by the whole number above ``excess``."""
    more = max(1, math.ceil(excess - 1e-6))
    plural = "one" if more == 1 else "many"
    return (
        said(f"diagnosis.facilities.{plural}", least=current + more, service=service, more=more),
        said("diagnosis.facilities.current", current=current, service=service),
    )


def required_site_empty() -> tuple[str, str]:
    """A required site where no facility can be placed under the other rules."""
    return said("diagnosis.required"), said("diagnosis.required.found")


def unserved(
    share: float, demand: float, unit: str, sites: list[str], self_allowed: bool
) -> tuple[str, str]:
    """A demand that no facility in reach can take and that may not self-treat."""
    where = (
        said("diagnosis.in_reach", sites=", ".join(sites)) if sites else said("diagnosis.no_reach")
    )
    return (
        said("diagnosis.unserved"),
        said(
            "diagnosis.unserved.found" if self_allowed else "diagnosis.unserved.found_no_self",
            share=f"{share:.0%}",
            demand=f"{demand:g}",
            unit=unit,
            where=where,
        ),
    )


def unexplained(why: str) -> tuple[str, str]:
    """No rule family's relaxation explains the infeasibility (``why``: a message id)."""
    return said("diagnosis.unexplained"), said("diagnosis.unexplained.found", why=said(why))
