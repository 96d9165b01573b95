"""The words of a why-not: the decision asked about, what forcing it costs, and the rule that
stands in the way (capacity, reach, budget, the number of facilities, the site, its area, the
pollutant caps), each rule named with the setting or column that states it."""

from __future__ import annotations

from .numbers import money
from .verification import shown

#: The kinds of reason a why-not gives, in words (the ``kind`` of a reason).
REASON_KINDS = {
    "capacity": "capacity",
    "reach": "distance (reach)",
    "facility": "no open facility",
    "budget": "capital budget",
    "max_facilities": "facilities per service",
    "site": "site",
    "area": "site area",
    "cap": "pollutant cap",
    "cost": "cost only",
}


def decision_words(kind: str, enterprise: str, site: str, service: str) -> str:
    """
    >>> decision_words("open", "", "S06", "sewage")
    'opening a sewage facility at S06'
    >>> decision_words("connect", "E007", "", "sewage"), decision_words("connect", "E7", "S1", "x")
    ("connecting E007's sewage to a shared facility", "connecting E7's x to S1")
    """
    if kind == "open":
        return f"opening a {service} facility at {site}"
    return f"connecting {enterprise}'s {service} to {site or 'a shared facility'}"


def cost_sentence(decision: str, delta: float, currency: str) -> str:
    """
    >>> cost_sentence("opening a sewage facility at S06", 1234.5, "EUR")
    'Opening a sewage facility at S06 costs 1,234.50 EUR/year more than the plan.'
    >>> cost_sentence("connecting E1's sewage to A", 0.0, "CNY")
    "Connecting E1's sewage to A costs nothing more than the plan (0.00 CNY/year)."
    """
    head = decision[:1].upper() + decision[1:]
    per_year = f"{currency}/year"
    if abs(delta) < 0.005:
        return f"{head} costs nothing more than the plan ({money(0.0, per_year)})."
    if delta < 0:
        return (
            f"{head} saves {money(-delta, per_year)} against the plan (the plan was not optimal)."
        )
    return f"{head} costs {money(delta, per_year)} more than the plan."


def already_sentence(decision: str) -> str:
    """
    >>> already_sentence("opening a sewage facility at S06")
    'The plan already does this: opening a sewage facility at S06.'
    """
    return f"The plan already does this: {decision}."


def impossible_sentence(decision: str) -> str:
    """
    >>> impossible_sentence("opening a sewage facility at S06")
    'Opening a sewage facility at S06 is impossible:'
    """
    return f"{decision[:1].upper() + decision[1:]} is impossible:"


#: The setting or column of each rule family (``{where}``: the site, pollutant or service).
_SETTINGS = {
    "capital_budget": ("the capital budget", "policy.capital_budget_cny"),
    "max_facilities": ("the most facilities of a service", "policy.max_facilities.<service>"),
    "site_area": ("the site's area", "sites.area_m2"),
    "pollutant_cap": ("the pollutant caps", "pollutants.<pollutant>.cap_t_per_year"),
    "outfall_cap": (
        "the outfall caps",
        "pollutants.<pollutant>.outfall_cap_t_per_year.<service>",
    ),
}


def family_setting(family: str, rule: str, where: str = "") -> str:
    """A rule family in words with the setting that states it, for one site, pollutant or
    service (``where``) when given.

    >>> family_setting("site_area", "site area", "A")
    'the area of site A (sites.area_m2, row A)'
    >>> family_setting("pollutant_cap", "pollutant cap", "COD")
    'the COD cap (pollutants.COD.cap_t_per_year)'
    >>> family_setting("outfall_cap", "outfall cap", "COD/sewage")
    'the COD cap at the outfalls of sewage (pollutants.COD.outfall_cap_t_per_year.sewage)'
    >>> family_setting("capital_budget", "capital budget", "plan")
    'the capital budget (policy.capital_budget_cny)'
    """
    words, setting = _SETTINGS.get(family, (f"the rule {rule}", family))
    if not where or where == "plan":
        return f"{words} ({setting})"
    if family == "site_area":
        return f"the area of site {where} ({setting}, row {where})"
    if family == "pollutant_cap":
        return f"the {where} cap ({setting.replace('<pollutant>', where)})"
    if family == "outfall_cap":
        pollutant, _, service = where.partition("/")
        named = setting.replace("<pollutant>", pollutant).replace("<service>", service)
        return f"the {pollutant} cap at the outfalls of {service} ({named})"
    if family == "max_facilities":
        return f"the most {where} facilities ({setting.replace('<service>', where)})"
    return f"{words} ({setting})"


#: What a freed plan would do beyond each rule, in words.
_BEYOND = {
    "site_area": "use",
    "pollutant_cap": "discharge",
    "outfall_cap": "discharge",
    "capital_budget": "spend",
    "max_facilities": "open",
}


def freed_rule_sentence(
    family: str,
    rule: str,
    where: str,
    limit: float | None,
    found: float | None,
    unit: str,
    saving: float,
    currency: str,
) -> str:
    """A rule that binds in the forced plan: its limit, what the plan would do without it, and
    what that would save.

    >>> freed_rule_sentence("site_area", "site area", "A", 500, 800, "m2", 10, "EUR")
    'site area binds: the area of site A (sites.area_m2, row A) allows at most 500 m2; set free, the forced plan would use 800 m2 there and cost 10.00 EUR/year less.'
    >>> freed_rule_sentence("capital_budget", "capital budget", "", None, None, "", 5, "CNY")
    'capital budget binds: the capital budget (policy.capital_budget_cny); set free, the forced plan would cost 5.00 CNY/year less.'
    """
    head = f"{rule} binds: {family_setting(family, rule, where)}"
    saved = f"cost {money(saving, f'{currency}/year')} less"
    if limit is None or found is None:
        return f"{head}; set free, the forced plan would {saved}."
    there = " there" if family == "site_area" else ""
    return (
        f"{head} allows at most {shown(limit, unit, currency)}; set free, the forced plan would "
        f"{_BEYOND.get(family, 'reach')} {shown(found, unit, currency)}{there} and {saved}."
    )


def capacity_sentence(
    service: str,
    site: str,
    tier: str,
    capacity: float,
    treats: float,
    enterprise: str,
    demand: float,
    unit: str,
    then: str,
) -> str:
    """
    >>> capacity_sentence("sewage", "A", "small", 100, 90, "E2", 30, "m3", "others move")
    "capacity: the sewage plant at A (tier small, 100 m3/d) already treats 90 m3/d, so E2's 30 m3/d does not fit; others move."
    """
    return (
        f"capacity: the {service} plant at {site} (tier {tier}, {capacity:g} {unit}/d) already "
        f"treats {treats:g} {unit}/d, so {enterprise}'s {demand:g} {unit}/d does not fit; {then}."
    )


def no_open_facility_sentence(
    enterprise: str, service: str, site: str, tier: str, chosen: bool = False
) -> str:
    """No plant the SME may join is open in the plan (``chosen``: the site asked for is not).

    >>> no_open_facility_sentence("E1", "sewage", "B", "t")
    'no sewage facility within reach of E1 is open in the plan: B has to open (tier t).'
    >>> no_open_facility_sentence("E1", "sewage", "B", "t", chosen=True)
    'the sewage facility at B is not open in the plan: it has to open (tier t).'
    """
    if chosen:
        return f"the {service} facility at {site} is not open in the plan: it has to open (tier {tier})."
    return (
        f"no {service} facility within reach of {enterprise} is open in the plan: {site} has "
        f"to open (tier {tier})."
    )
