"""The pollutants of a plan recomputed from its decisions, the way the model counts them
(:mod:`optimizer.pollution`): each facility receives its members' loads and what the streams sent
to it carry, removes its service's rate, and the rest leaves with its carrying stream (shared
among that stream's destinations in proportion to their flows) or at its own outfall; an
enterprise treating alone removes its own rate. A pollutant is counted where it leaves the park;
an enterprise's own cap counts what it discharges treating alone (:func:`enterprise_discharges`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..pollution import enterprise_cap_key, received_along_chain
from ..prepare import ModelData
from .decisions import Decisions


@dataclass(frozen=True)
class PlanPollutants:
    """t/year per pollutant (in the order of ``Pollution.pollutants``): ``park`` discharged by the
    whole park, ``outfalls`` discharged by each service's facilities (by service)."""

    pollutants: tuple[str, ...]
    park: np.ndarray
    outfalls: dict[str, np.ndarray]


def plan_pollutants(data: ModelData, decisions: Decisions) -> PlanPollutants | None:
    """What the plan discharges, or None when the scenario has no pollutant loads."""
    pollution = data.pollution
    if pollution is None or not pollution.pollutants:
        return None
    facilities = data.facilities.reset_index(drop=True)
    n, nq = len(facilities), len(pollution.pollutants)
    keys = zip(facilities["site"], facilities["service"], strict=True)
    place = {key: f for f, key in enumerate(keys)}
    members = np.zeros((n, nq))
    shared = decisions.shared
    for site, service, demand, share in zip(
        shared["site"], shared["service"], shared["demand"], shared["share"], strict=True
    ):
        members[place[(site, service)]] += float(share) * pollution.demand_load[int(demand)]
    services = facilities["service"].astype(str).to_numpy()
    keep = 1.0 - np.array([pollution.removal[s] for s in services]).reshape(n, nq)
    transfer, outlet = np.zeros((n, n)), np.ones(n)
    streams = pd.concat([decisions.flows, decisions.sinks], ignore_index=True)
    for f, (site, service) in enumerate(zip(facilities["site"], services, strict=True)):
        carrier = pollution.carrier.get(service)
        if carrier is None or streams.empty:
            continue
        mine = streams[
            (streams["site"] == site)
            & (streams["service"] == service)
            & (streams["output"] == carrier)
        ]
        total = float(mine["flow_per_day"].sum())
        if total <= 0:
            continue
        for row in mine.itertuples(index=False):
            if (row.to_site, row.to_service) in place:  # else the external sink
                transfer[place[(row.to_site, row.to_service)], f] += row.flow_per_day / total
        outlet[f] = 1.0 - transfer[:, f].sum()
    received = received_along_chain(members, keep, transfer)
    discharged = received * keep * outlet[:, None]
    alone = pollution.demand_load * decisions.self_share[:, None]
    park = discharged.sum(axis=0) + (alone * (1.0 - pollution.self_removal)).sum(axis=0)
    outfalls = {s: discharged[services == s].sum(axis=0) for s in pollution.outfall_caps}
    return PlanPollutants(pollution.pollutants, park, outfalls)


def enterprise_discharges(data: ModelData, decisions: Decisions) -> dict[str, tuple[float, float]]:
    """t/year each enterprise under a cap of ``enterprise_caps`` discharges itself (its demands'
    load it treats alone, after its own removal) and the cap, by the cap's row id."""
    pollution = data.pollution
    if pollution is None or not pollution.enterprise_caps:
        return {}
    alone = pollution.demand_load * (1.0 - pollution.self_removal) * decisions.self_share[:, None]
    enterprise = data.demands["enterprise"].astype(str).to_numpy()
    out = {}
    for name, pollutant, cap in pollution.enterprise_caps:
        discharge = alone[enterprise == name, pollution.pollutants.index(pollutant)].sum()
        out[enterprise_cap_key(name, pollutant)] = (float(discharge), cap)
    return out
