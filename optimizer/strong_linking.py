"""When ``solver.strong_linking`` adds ``assign <= open`` for every pair: the ``auto`` rule.

Without the rows a plant's tier is linked to its load only through its capacity row
(``treated <= capacity x open``), so the LP relaxation may open a sliver of a plant for each
demand: ``open = demand / capacity``. The rows close that hole, by far the most where demands are
small beside the plants they would fill, at the price of one row per pair: a slower LP, which
costs more than it gains on a park of a few large mills, and on a mid-sized park whose root LP
the search cannot afford to make heavier (the heuristic first plan of a large model,
:mod:`optimizer.solvers.warmstart`, solves small sub-problems instead, where the rows pay
again). docs/model.md ("Strong linking") has the figures the thresholds come from.
"""

from __future__ import annotations

import pandas as pd

#: Models with more assignment pairs than this are "large": strong linking (``auto``) and the
#: heuristic first plan (:mod:`optimizer.solvers.warmstart`) are used on them; docs/model.md has
#: the figures.
LARGE_MODEL_PAIRS = 20_000
#: ``auto`` adds the rows when the median pair's demand is at most this share of the smallest tier
#: its facility offers (mixed-park 2.5 %: 1 node instead of 15; textile-park 5.8 %: twice the
#: iterations with them).
SMALL_DEMAND_SHARE = 0.04
#: ... on models of at most this many pairs (generated 150 x 15 and 300 x 20, 1,537 and 2,371
#: pairs: faster with the rows; 600 x 30, 4,649 pairs: twice the CPU to a 1 % gap; 1,000 x 50:
#: the root LP with them took the whole time limit).
SHARE_RULE_PAIRS = 2_500


def demand_share(pairs: pd.DataFrame, tiers: pd.DataFrame) -> float:
    """The median over pairs of the pair's demand over the smallest tier of its facility (the
    capacity the model uses, ``max_load_per_day``); 1.0 for a model without pairs.

    >>> tiers = pd.DataFrame(
    ...     {"site": ["A", "A"], "service": ["s", "s"], "max_load_per_day": [100.0, 400.0]}
    ... )
    >>> pairs = pd.DataFrame(
    ...     {"site": ["A"] * 3, "service": ["s"] * 3, "demand_per_day": [1.0, 2.0, 30.0]}
    ... )
    >>> demand_share(pairs, tiers)
    0.02
    """
    if pairs.empty:
        return 1.0
    facility = ["site", "service"]
    smallest = tiers.groupby(facility)["max_load_per_day"].min().rename("smallest")
    capacity = pairs.join(smallest, on=facility)["smallest"]
    return float((pairs["demand_per_day"] / capacity).median())


def linking_figures(pairs: pd.DataFrame, tiers: pd.DataFrame) -> dict[str, float]:
    """What the ``auto`` rule reads: the pairs and the median demand share (in %)."""
    return {"pairs": len(pairs), "median demand share %": 100 * demand_share(pairs, tiers)}


def uses_strong_linking(setting: str, pairs: pd.DataFrame, tiers: pd.DataFrame) -> bool:
    """Whether ``solver.strong_linking`` adds the rows to a model with these pairs and tiers:
    ``always``, ``never``, or (``auto``) above :data:`LARGE_MODEL_PAIRS` pairs, or up to
    :data:`SHARE_RULE_PAIRS` pairs when the median demand is at most :data:`SMALL_DEMAND_SHARE`
    of its smallest tier (:func:`demand_share`).

    >>> tiers = pd.DataFrame({"site": ["A"], "service": ["s"], "max_load_per_day": [100.0]})
    >>> small = pd.DataFrame(
    ...     {"site": ["A"] * 3, "service": ["s"] * 3, "demand_per_day": [1.0, 2.0, 30.0]}
    ... )
    >>> uses_strong_linking("auto", small, tiers), uses_strong_linking("never", small, tiers)
    (True, False)
    >>> large = small.assign(demand_per_day=[10.0, 20.0, 30.0])
    >>> uses_strong_linking("auto", large, tiers), uses_strong_linking("always", large, tiers)
    (False, True)
    """
    if setting != "auto":
        return setting == "always"
    if len(pairs) > LARGE_MODEL_PAIRS:
        return True
    return len(pairs) <= SHARE_RULE_PAIRS and demand_share(pairs, tiers) <= SMALL_DEMAND_SHARE
