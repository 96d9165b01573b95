"""The words of near-optimal alternatives: the criteria they are ranked by, the labels a search
gives its plans, what a change of the open set reads like, why a search ended, and the sentences
a planner reads first; in the current language (the command line's: English), texts in
``optimizer/words/catalogue/explore_tables.py``."""

from __future__ import annotations

from collections.abc import Iterable

from .catalogue import MESSAGES, tr, tr_n
from .numbers import money, points
from .said import Said, said, spoken

#: Ranking criteria: name -> (words, ranked highest first?). The name is the ``--rank-by`` value
#: and the ``rank_by`` of :func:`optimizer.alternatives.optimise_alternatives`; the words in the
#: current language are the catalogue's ``explore.rank.<name>``.
RANK_CRITERIA: dict[str, tuple[str, bool]] = {
    name: (MESSAGES[f"explore.rank.{name}"][0], descending)
    for name, descending in (
        ("cost", False),
        ("leavers", False),
        ("worst-saving", True),
        ("spread", False),
        ("facilities", False),
        ("capex", False),
    )
}


def least_cost_label() -> str:
    """The label of the least-cost plan among its alternatives.

    >>> least_cost_label()
    'least cost'
    """
    return tr("alternatives.least_cost")


def alternative_label(k: int) -> str:
    """The label of the ``k``-th alternative by cost (1 the cheapest after the least-cost plan).

    >>> alternative_label(3)
    'alternative 3'
    """
    return tr("alternatives.label", k=k)


def plan_labels(count: int) -> tuple[str, ...]:
    """The labels of a search for ``count`` alternatives: the least-cost plan's, then each
    alternative's by cost. Once given to a plan a label is its data (docs/languages.md).

    >>> plan_labels(2)
    ('least cost', 'alternative 1', 'alternative 2')
    """
    return (least_cost_label(), *(alternative_label(k) for k in range(1, count + 1)))


def whatif_label(plan: str) -> str:
    """The label of a what-if's plan, re-solved from the plan labelled ``plan``.

    >>> whatif_label("tiny")
    'tiny what-if'
    """
    return tr("whatif.label", plan=plan)


def open_set_changes(opened: Iterable[tuple[str, str]], closed: Iterable[tuple[str, str]]) -> str:
    """The facilities an alternative opens and closes against the least-cost plan (sites and
    services as the scenario names them).

    >>> open_set_changes([("S06", "sewage")], [("S07", "sewage"), ("S02", "spraying")])
    '+S06 sewage; -S02 spraying, -S07 sewage'
    >>> open_set_changes([], [])
    'same facilities'
    """
    comma = tr("list.sep")
    plus = comma.join(f"+{site} {service}" for site, service in sorted(opened))
    minus = comma.join(f"-{site} {service}" for site, service in sorted(closed))
    changed = tr("list.semicolon").join(part for part in (plus, minus) if part)
    return changed or tr("alternatives.same")


def asked_for(count: int) -> Said:
    """Why a search ended that found the alternatives asked for."""
    return said("alternatives.asked_for", count=count)


def none_within(within_pct: float) -> Said:
    """Why a search ended that found no other plan within the slack (in %)."""
    return said("alternatives.none_within", within=points(within_pct))


def solver_stopped(status: str) -> Said:
    """Why a search ended whose solver stopped otherwise (``status``: the solver's)."""
    return said("alternatives.solver_stopped", status=status)


def alternatives_headline(
    found: int, within_pct: float, least_cost: float, currency: str, stopped: str
) -> str:
    """What a planner reads first: how many alternatives, within what, and why the search ended
    (``stopped``, said in the current language when it is a :class:`~optimizer.words.said.Said`).

    >>> alternatives_headline(2, 2.0, 1000.0, "EUR", "no other plan is within 2.0%")
    '2 alternatives within 2.0% of the least cost (1,000.00 EUR/year); no other plan is within 2.0%.'
    """
    cost = money(least_cost, tr("progress.per_year", currency=currency))
    head = tr_n("alternatives.headline", found, within=points(within_pct), cost=cost)
    if not stopped:
        return tr("alternatives.headline.end", head=head)
    return tr("alternatives.headline.stopped", head=head, stopped=spoken(stopped))


def ranked_by_sentence(criterion: str) -> str:
    """
    >>> ranked_by_sentence("spread")
    "Ranked by the spread of connected SMEs' savings, narrowest first."
    """
    return tr("explore.alt.ranked", criterion=tr(f"explore.rank.{criterion}"))


def distance_note() -> str:
    """What the distance of an alternative is, as the downloaded table's notes say it."""
    return tr("alternatives.distance")


def alternatives_title(label: str) -> str:
    """The title of the ranked table's file, of the scenario labelled ``label``.

    >>> alternatives_title("tiny")
    'Alternatives of tiny'
    """
    return tr("alternatives.title", label=label)


def place_words(place: str) -> str:
    """A ``site/service`` place of the leave-one-out table in the current language: treated
    alone (``self``) or not at all (``unserved``) in words, a site as the scenario names it.

    >>> place_words("self/sewage"), place_words("S1/sewage, unserved/spraying")
    ('self/sewage', 'S1/sewage, unserved/spraying')
    """
    words = {"self": tr("loo.self"), "unserved": tr("loo.unserved")}
    parts = []
    for one in str(place).split(", ") if place else []:
        site, slash, service = one.partition("/")
        parts.append(f"{words.get(site, site)}{slash}{service}")
    return ", ".join(parts) if parts else str(place)


#: The distance note in English (the command line prints it).
DISTANCE_NOTE = MESSAGES["alternatives.distance"][0]
