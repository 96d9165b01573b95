"""The words of near-optimal alternatives: the criteria they are ranked by, what a change of the
open set reads like, and the sentences a planner reads first."""

from __future__ import annotations

from collections.abc import Iterable

from .numbers import money, points

#: Ranking criteria: name -> (words, ranked highest first?). The name is the ``--rank-by`` value
#: and the ``rank_by`` of :func:`optimizer.alternatives.optimise_alternatives`.
RANK_CRITERIA: dict[str, tuple[str, bool]] = {
    "cost": ("total annual cost, lowest first", False),
    "leavers": ("SMEs who would leave, fewest first", False),
    "worst-saving": ("the worst-off connected SME's saving, highest first", True),
    "spread": ("the spread of connected SMEs' savings, narrowest first", False),
    "facilities": ("number of facilities, fewest first", False),
    "capex": ("new capital expenditure, lowest first", False),
}

#: The label of the least-cost plan among its alternatives.
LEAST_COST = "least cost"


def alternative_label(k: int) -> str:
    """The label of the ``k``-th alternative by cost (1 the cheapest after the least-cost plan).

    >>> alternative_label(3)
    'alternative 3'
    """
    return f"alternative {k}"


def open_set_changes(opened: Iterable[tuple[str, str]], closed: Iterable[tuple[str, str]]) -> str:
    """The facilities an alternative opens and closes against the least-cost plan.

    >>> open_set_changes([("S06", "sewage")], [("S07", "sewage"), ("S02", "spraying")])
    '+S06 sewage; -S02 spraying, -S07 sewage'
    """
    plus = ", ".join(f"+{site} {service}" for site, service in sorted(opened))
    minus = ", ".join(f"-{site} {service}" for site, service in sorted(closed))
    return "; ".join(part for part in (plus, minus) if part) or "same facilities"


def alternatives_headline(
    found: int, within_pct: float, least_cost: float, currency: str, stopped: str
) -> str:
    """What a planner reads first: how many alternatives, within what, and why the search ended.

    >>> alternatives_headline(2, 2.0, 1000.0, "EUR", "no other plan is within 2.0%")
    '2 alternatives within 2.0% of the least cost (1,000.00 EUR/year); no other plan is within 2.0%.'
    """
    plural = "" if found == 1 else "s"
    head = (
        f"{found} alternative{plural} within {points(within_pct)} of the least cost "
        f"({money(least_cost, currency + '/year')})"
    )
    return f"{head}; {stopped}." if stopped else f"{head}."


def ranked_by_sentence(criterion: str) -> str:
    """
    >>> ranked_by_sentence("spread")
    "Ranked by the spread of connected SMEs' savings, narrowest first."
    """
    return f"Ranked by {RANK_CRITERIA[criterion][0]}."


DISTANCE_NOTE = (
    "Distance: the number of (site, service) facilities opened or closed against the least-cost "
    "plan (the Hamming distance between their open sets); a different tier at the same site is "
    "not a different facility."
)
