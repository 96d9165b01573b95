"""The words of a why-not: the decision asked about, what forcing it costs, and the rule that
stands in the way (capacity, reach, budget, the number of facilities, the site)."""

from __future__ import annotations

from .numbers import money

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
