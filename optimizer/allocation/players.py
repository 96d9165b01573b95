"""Who plays each facility's game: its members and the upstream facilities sending it streams.

One row per (facility, player) with the player's load and its alternative ``alpha``, the most its
share may be before leaving pays (see :mod:`optimizer.allocation.facility`):

- an enterprise (``kind`` ``enterprise``), one per shared assignment row: its stand-alone cost
  (times its share of the demand) minus its own transport and connection to the facility, or
  infinite when it may not treat on its own (``self_treatment_allowed`` false);
- an upstream facility (``kind`` ``facility``, player ``site/service``): the cost of sending the
  stream to the external sink (``flow x sink price x operating days``) minus its transport of the
  stream to the facility, or infinite when the stream has no sink.

That is ``leave_cost``, what leaving costs; ``alternative`` is the same where leaving alone is a
plan the park could carry out under its pollutant caps (park-wide, outfalls, the enterprise's own:
:mod:`optimizer.allocation.leaving`), infinite where it is not (:func:`with_feasible_ways_out`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..plan import SELF, SINK, UNSERVED, Plan
from ..prepare import ModelData, operating_days
from ..scenario import Scenario
from ..words.alone import NOT_ALLOWED
from .leaving import LeaveLimits, leave_limits


def member_players(plan: Plan, data: ModelData) -> pd.DataFrame:
    """Enterprise players: one per shared assignment row, with load and alternative."""
    rows = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    rows = rows.merge(data.demands[["enterprise", "service", "self_allowed"]], how="left")
    alone = rows["standalone_cost"] * rows["share"] - rows["transport_cost"]
    alone = alone - rows["connection_cost"]
    return pd.DataFrame(
        {
            "site": rows["site"],
            "service": rows["service"],
            "player": rows["enterprise"],
            "kind": "enterprise",
            "from_site": "",
            "from_service": "",
            "load_per_day": rows["demand_per_day"].astype(float),
            "alternative": alone.where(rows["self_allowed"].fillna(True).astype(bool), np.inf),
        }
    )


def upstream_players(plan: Plan, data: ModelData, scenario: Scenario) -> pd.DataFrame:
    """Upstream facilities as players of the facilities their streams go to."""
    links = plan.flows[plan.flows["to_site"] != SINK]
    prices = data.outputs.set_index(["service", "output"])["sink_price"]
    price = pd.to_numeric(
        pd.Series([prices.get(k) for k in zip(links["service"], links["output"], strict=True)]),
        errors="coerce",
    ).to_numpy(dtype=float)
    days = links["service"].map(operating_days(scenario)).to_numpy(dtype=float)
    sink = links["flow_per_day"].to_numpy(dtype=float) * np.nan_to_num(price) * days
    alternative = np.where(np.isnan(price), np.inf, sink - links["annual_cost"].to_numpy(float))
    frame = pd.DataFrame(
        {
            "site": links["to_site"].to_numpy(),
            "service": links["to_service"].to_numpy(),
            "from_site": links["site"].to_numpy(),
            "from_service": links["service"].to_numpy(),
            "load_per_day": _received(links),
            "alternative": alternative,
        }
    )
    key = ["site", "service", "from_site", "from_service"]
    frame = frame.groupby(key, as_index=False, sort=True)[["load_per_day", "alternative"]].sum()
    frame["player"] = frame["from_site"] + "/" + frame["from_service"]
    frame["kind"] = "facility"
    return frame


def _received(links: pd.DataFrame) -> np.ndarray:
    """The load each stream puts on its receiving facility (units/d over the receiver's days;
    plans saved before days were reconciled along streams carry only the flow)."""
    column = "received_per_day" if "received_per_day" in links else "flow_per_day"
    return links[column].to_numpy(dtype=float)


def plan_players(
    plan: Plan, data: ModelData, scenario: Scenario
) -> tuple[pd.DataFrame, LeaveLimits]:
    """Every player of every facility of the plan (the members, then the upstream facilities),
    with ``leave_cost`` and ``alternative``, and what each one's leaving does to the caps."""
    players = pd.concat(
        [member_players(plan, data), upstream_players(plan, data, scenario)], ignore_index=True
    )
    limits = leave_limits(plan, data, players)
    return with_feasible_ways_out(players, limits), limits


def with_feasible_ways_out(players: pd.DataFrame, limits: LeaveLimits) -> pd.DataFrame:
    """``leave_cost`` the players' cost of leaving; ``alternative`` that cost where leaving alone
    keeps the park within its caps, else infinite (the player has no way out on its own);
    ``alone_unavailable`` why an enterprise may not treat alone (:data:`NOT_ALLOWED`, or the cap
    rows its treating alone would break, as :attr:`LeaveLimits.names`; empty when it may)."""
    cost = players["alternative"].to_numpy(dtype=float)
    alone = limits.feasible(limits.added)
    broken = limits.added > limits.room
    why = [
        NOT_ALLOWED
        if np.isinf(c)
        else ", ".join(n for n, b in zip(limits.names, row, strict=True) if b)
        for c, row in zip(cost, broken, strict=True)
    ]
    enterprise = (players["kind"] == "enterprise").to_numpy()
    return players.assign(
        leave_cost=cost,
        alternative=np.where(alone, cost, np.inf),
        alone_unavailable=np.where(enterprise, why, ""),
    )
