"""Who plays each facility's game: its members and the upstream facilities sending it streams.

One row per (facility, player) with the player's load and its alternative ``alpha``, the most its
share may be before leaving pays (see :mod:`optimizer.allocation.facility`):

- an enterprise (``kind`` ``enterprise``), one per shared assignment row: its stand-alone cost
  (times its share of the demand) minus its own transport and connection to the facility, or
  infinite when it may not treat on its own (not allowed to, or its own pollutant cap,
  ``enterprise_caps``, would be broken: :func:`~optimizer.pollution.cap_forbids_alone`);
- an upstream facility (``kind`` ``facility``, player ``site/service``): the cost of sending the
  stream to the external sink (``flow x sink price x operating days``) minus its transport of the
  stream to the facility, or infinite when the stream has no sink.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..plan import SELF, SINK, UNSERVED, Plan
from ..pollution import cap_forbids_alone
from ..prepare import ModelData, operating_days
from ..scenario import Scenario


def member_players(plan: Plan, data: ModelData) -> pd.DataFrame:
    """Enterprise players: one per shared assignment row, with load and alternative."""
    rows = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    rows = rows.merge(_may_treat_alone(plan, data), how="left")
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


def _may_treat_alone(plan: Plan, data: ModelData) -> pd.DataFrame:
    """Per demand (enterprise, service): whether it may treat alone (``self_allowed``), allowed
    and within its enterprise's own caps given what the plan treats alone."""
    demands = data.demands[["enterprise", "service", "self_allowed"]].copy()
    if data.pollution is None or not data.pollution.enterprise_caps:
        return demands
    alone = plan.assignments[plan.assignments["site"] == SELF]
    share = alone.groupby(["enterprise", "service"])["share"].sum()
    keys = zip(demands["enterprise"], demands["service"], strict=True)
    shares = np.array([float(share.get(key, 0.0)) for key in keys])
    enterprise = demands["enterprise"].astype(str).to_numpy()
    forbidden = cap_forbids_alone(data.pollution, enterprise, shares)
    demands["self_allowed"] = demands["self_allowed"].to_numpy(dtype=bool) & ~forbidden
    return demands


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


def plan_players(plan: Plan, data: ModelData, scenario: Scenario) -> pd.DataFrame:
    """Every player of every facility of the plan: the members, then the upstream facilities."""
    return pd.concat(
        [member_players(plan, data), upstream_players(plan, data, scenario)], ignore_index=True
    )
