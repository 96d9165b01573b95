"""The plan's decisions read against the prepared scenario, and the rules they must keep.

The decisions are what a plan chooses: the tiers it opens (``facilities``), who sends what share
where (``assignments``) and the streams between facilities (``flows``). They are matched to the
rows of :class:`~optimizer.prepare.ModelData` (what exists, and what it costs); everything else a
plan says, its loads and costs, is recomputed from them (:mod:`optimizer.verify.figures`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..plan import SELF, SINK, UNSERVED, Plan
from ..prepare import ModelData
from ..scenario import Scenario
from ..schema.tables import ID_SEPARATOR
from .findings import Findings

#: A share this close to 0 or 1 is 0 or 1 (a binary decision read from a solver).
SHARE_TOLERANCE = 1e-6


def positions(frame: pd.DataFrame, keys: pd.DataFrame, on: list[str]) -> np.ndarray:
    """Row of ``keys`` holding each row of ``frame`` (matched on ``on``, as text); -1 if none.

    >>> keys = pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})
    >>> positions(pd.DataFrame({"a": ["y", "x"], "b": [2, 2]}), keys, ["a", "b"]).tolist()
    [1, -1]
    """
    if frame.empty:
        return np.zeros(0, dtype=np.int64)
    if keys.empty:
        return np.full(len(frame), -1, dtype=np.int64)
    index = pd.MultiIndex.from_frame(keys[on].astype(str))
    return index.get_indexer(pd.MultiIndex.from_frame(frame[on].astype(str))).astype(np.int64)


def ids(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """Row ids as messages show them: the key columns joined (``S03/sewage``)."""
    if frame.empty:
        return []
    text = frame[columns[0]].astype(str)
    for column in columns[1:]:
        text = text + ID_SEPARATOR + frame[column].astype(str)
    return text.tolist()


def assignment_ids(frame: pd.DataFrame) -> list[str]:
    """``E007/sewage -> S03``."""
    return [
        f"{d} -> {s}"
        for d, s in zip(ids(frame, ["enterprise", "service"]), frame["site"], strict=True)
    ]


@dataclass(frozen=True)
class Decisions:
    """The plan's decisions as rows of the model data.

    Attributes
    ----------
    facilities
        The plan's facility rows whose tier exists, with ``row`` (of ``data.tiers``).
    opened
        Whether each row of ``data.tiers`` is open.
    shared
        The plan's assignments to sites that are candidate pairs, with ``row`` (of
        ``data.pairs``) and ``demand`` (of ``data.demands``).
    self_share, unmet
        Per row of ``data.demands``: the share treated alone, the share left unserved.
    flows, sinks
        The plan's streams to facilities (``row`` of ``data.flows``) and to the sink (``row`` of
        ``data.sinks``) that exist.
    loads
        Per row of ``data.tiers``: what its members and upstream facilities send (units/d).
    """

    facilities: pd.DataFrame
    opened: np.ndarray
    shared: pd.DataFrame
    self_share: np.ndarray
    unmet: np.ndarray
    flows: pd.DataFrame
    sinks: pd.DataFrame
    loads: np.ndarray


def quantity_unit(scenario: Scenario, service: str) -> str:
    """``m3/d``: the service's unit per day."""
    return f"{scenario.services.get(service, {}).get('unit', 'unit')}/d"


def read_decisions(plan: Plan, data: ModelData, scenario: Scenario, found: Findings) -> Decisions:
    """Match the plan's decisions to the model data, noting every one that does not exist."""
    facilities = _facilities(plan.facilities, data, found)
    opened = np.zeros(len(data.tiers), dtype=bool)
    opened[facilities["row"].to_numpy()] = True
    shared, self_share, unmet = _assignments(plan.assignments, data, scenario, found)
    flows, sinks = _streams(plan.flows, data, found)
    open_facilities = data.tiers.loc[opened, ["site", "service"]]
    tier_of = pd.Series(np.flatnonzero(opened), index=pd.MultiIndex.from_frame(open_facilities))
    loads = np.zeros(len(data.tiers))
    sent = shared.groupby(["site", "service"])["sent"].sum()
    # a stream's receiving plant takes its volume over its own days (flow x load_factor)
    factor = data.flows["load_factor"].to_numpy(dtype=float)[flows["row"].to_numpy()]
    flows_in = flows.assign(received=flows["flow_per_day"].to_numpy(dtype=float) * factor)
    received = flows_in.groupby(["to_site", "to_service"])["received"].sum()
    for label, amounts in (("assigned to", sent), ("a stream into", received)):
        for (site, service), amount in amounts.items():
            if (site, service) in tier_of.index:
                loads[tier_of[(site, service)]] += amount
            else:
                found.rule(
                    "open facility",
                    f"{site}{ID_SEPARATOR}{service}",
                    note=f"{label} a facility the plan does not open",
                )
    return Decisions(facilities, opened, shared, self_share, unmet, flows, sinks, loads)


def _facilities(frame: pd.DataFrame, data: ModelData, found: Findings) -> pd.DataFrame:
    rows = positions(frame, data.tiers, ["site", "service", "tier"])
    where = ids(frame, ["site", "service"])
    status = dict(zip(data.sites["site"], data.sites["status"], strict=True))
    found.count("tier offered", len(frame))
    for i in np.flatnonzero(rows < 0):
        site, tier = str(frame["site"].iloc[i]), str(frame["tier"].iloc[i])
        if status.get(site) == "forbidden":
            found.rule("forbidden site", where[i], note=f"site {site} may host no facility")
        elif site not in status:
            found.rule("tier offered", where[i], note=f"there is no site {site}")
        else:
            found.rule("tier offered", where[i], note=f"site {site} offers no tier {tier!r}")
    for i in np.flatnonzero(frame.duplicated(["site", "service"]).to_numpy()):
        found.rule("one tier per facility", where[i], 1, None, note="the facility is listed twice")
    known = frame[rows >= 0].assign(row=rows[rows >= 0]).drop_duplicates(["site", "service"])
    existing = data.tiers["existing"].to_numpy(dtype=bool)
    kept = np.zeros(len(data.tiers), dtype=bool)
    kept[known["row"].to_numpy()] = True
    found.count("existing facility kept", int(existing.sum()))
    for t in np.flatnonzero(existing & ~kept):
        tier = data.tiers.iloc[t]
        found.rule(
            "existing facility kept",
            f"{tier['site']}{ID_SEPARATOR}{tier['service']}",
            note="an existing facility stays open, and the plan leaves it out",
        )
    return known.reset_index(drop=True)


def _assignments(
    frame: pd.DataFrame, data: ModelData, scenario: Scenario, found: Findings
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    demands, n = data.demands, len(data.demands)
    site = frame["site"].astype(str)
    alone, unserved = frame[site == SELF], frame[site == UNSERVED]
    shared = frame[~site.isin([SELF, UNSERVED])]
    rows = positions(shared, data.pairs, ["enterprise", "service", "site"])
    demand_of = positions(shared, demands, ["enterprise", "service"])
    where = assignment_ids(shared)
    found.count("reach", len(shared))
    for i in np.flatnonzero(rows < 0):
        service = str(shared["service"].iloc[i])
        if demand_of[i] < 0:
            found.rule("demand exists", where[i], note="the scenario has no such demand")
        else:
            found.rule("reach", where[i], note=_reach_words(scenario, service))
    shared = shared[rows >= 0].assign(row=rows[rows >= 0], demand=demand_of[rows >= 0])
    shares = shared["share"].to_numpy(dtype=float)
    shared = shared.assign(sent=data.pairs["demand_per_day"].to_numpy()[shared["row"]] * shares)
    self_share = _per_demand(alone, demands, "share", found)
    unmet = _per_demand(unserved, demands, "unmet_share", found)
    allowed = demands["self_allowed"].to_numpy(dtype=bool)
    found.count("self-treatment allowed", int((self_share > 0).sum()))
    for d in np.flatnonzero((self_share > SHARE_TOLERANCE) & ~allowed):
        found.rule("self-treatment allowed", ids(demands.iloc[[d]], ["enterprise", "service"])[0])
    total = np.bincount(shared["demand"], weights=shares, minlength=n) + self_share + unmet
    where = ids(demands, ["enterprise", "service"])
    found.count("demand met", n)
    for d in np.flatnonzero(np.abs(total - 1.0) > SHARE_TOLERANCE):
        found.rule("demand met", where[d], 1.0, float(total[d]), note="shares of the demand")
    for d in np.flatnonzero(unmet > SHARE_TOLERANCE):
        found.rule("demand met", where[d], 0.0, float(unmet[d]), note="share left unserved")
    if data.single_sourcing:
        split = (shares > SHARE_TOLERANCE) & (shares < 1 - SHARE_TOLERANCE)
        found.count("single sourcing", len(shares))
        for i in np.flatnonzero(split):
            found.rule(
                "single sourcing", assignment_ids(shared.iloc[[i]])[0], 1.0, float(shares[i])
            )
    return shared.reset_index(drop=True), self_share, unmet


def _reach_words(scenario: Scenario, service: str) -> str:
    settings = scenario.services.get(service, {})
    limits = []
    if settings.get("max_distance_km") is not None:
        limits.append(f"at most {float(settings['max_distance_km']):g} km")
    if settings.get("k_nearest") is not None:
        limits.append(f"among the {int(settings['k_nearest'])} nearest sites")
    reach = f" ({', '.join(limits)})" if limits else ""
    return f"the site is not within the reach of {service}{reach}, or not connected"


def _per_demand(
    frame: pd.DataFrame, demands: pd.DataFrame, column: str, found: Findings
) -> np.ndarray:
    rows = positions(frame, demands, ["enterprise", "service"])
    where = ids(frame, ["enterprise", "service"])
    for i in np.flatnonzero(rows < 0):
        found.rule("demand exists", where[i], note="the scenario has no such demand")
    values = frame[column].to_numpy(dtype=float)
    return np.bincount(rows[rows >= 0], weights=values[rows >= 0], minlength=len(demands))


def _streams(
    frame: pd.DataFrame, data: ModelData, found: Findings
) -> tuple[pd.DataFrame, pd.DataFrame]:
    to_sink = frame["to_site"].astype(str) == SINK
    routes = frame[~to_sink]
    sinks = frame[to_sink]
    keys = ["site", "service", "output", "to_site", "to_service"]
    flow_rows = positions(routes, data.flows, keys)
    sink_rows = positions(sinks, data.sinks, ["site", "service", "output"])
    found.count("stream route", len(frame))
    for part, rows, columns in ((routes, flow_rows, keys), (sinks, sink_rows, keys[:3])):
        for where in np.array(ids(part, columns), dtype=object)[rows < 0]:
            found.rule("stream route", where, note="no such stream in the scenario")
    return (
        routes[flow_rows >= 0].assign(row=flow_rows[flow_rows >= 0]).reset_index(drop=True),
        sinks[sink_rows >= 0].assign(row=sink_rows[sink_rows >= 0]).reset_index(drop=True),
    )
