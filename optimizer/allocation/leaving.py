r"""What leaving a shared facility does to the park's pollutant caps.

A player's way out (an enterprise treating alone, an upstream facility sending its stream to the
external sink) is a plan only if the park still meets its caps: the park-wide caps, the caps on
what a service's facilities discharge (outfalls) and each enterprise's own cap
(``enterprise_caps``). A group's stand-alone cost must be the cost of a plan it could actually
carry out, so leaving counts only when it is feasible, the rest of the park keeping its plan.

Loads are flow-proportional (:mod:`optimizer.pollution`), so what a group's leaving changes is the
sum of what each member's leaving changes: for every cap row r (a pollutant park-wide, a
pollutant at a service's outfalls, an enterprise's cap on a pollutant) a player e adds
:math:`\Delta_{e,r}` t/year, and a group S may leave only when

.. math::

    \sum_{e \in S} \Delta_{e,r} \le room_r \quad \text{for every } r,

``room`` being the plan's headroom under the cap (the ledger's ``headroom_t_per_year``; for an
enterprise cap, the cap less what the enterprise already treats alone). For a member e of facility
f with load :math:`\ell = share \times L_{e,q}`: treating alone discharges
:math:`\ell (1 - r^{self})` itself (park-wide and under its own cap) and takes away from every
outfall downstream of f what its load reached there, :math:`\ell D_{f,\sigma,q}`, with
:math:`D_{f,\sigma,q}` the share of a tonne received at f that leaves the park at the outfalls of
service σ (f removing its rate, the rest following f's carrying stream in proportion to its flows).
For an upstream facility u sending f a carrying stream of load :math:`\ell`: the stream leaves at
u's outfall instead, adding :math:`\ell` there and taking away :math:`\ell D_{f,\sigma,q}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..plan import SELF, SINK, Plan
from ..pollution import Pollution, cap_row_name, enterprise_cap_key
from ..prepare import ModelData

#: Relative slack on a cap's room (of the cap, at least 1e-9 t/year): rounding is not a breach.
ROOM_SLACK = 1e-6
#: Relative margin by which a row's room must exceed the most a group adds to count as never
#: binding (so that a group's sum, added up in another order, cannot round past it).
_SUM_SLACK = 1e-9


@dataclass(frozen=True)
class LeaveLimits:
    """The cap rows leaving may break: their names, their room (t/year, with its slack) and, per
    player (rows of the players table, in its order), what its leaving adds to each."""

    names: tuple[str, ...]
    room: np.ndarray
    added: np.ndarray  # (players, rows)

    def feasible(self, added: np.ndarray) -> np.ndarray:
        """Whether each row of summed additions (groups x rows) stays within every room."""
        added = np.atleast_2d(added)
        return np.all(added <= self.room, axis=1) if self.names else np.ones(len(added), bool)

    def subset(self, rows: np.ndarray) -> LeaveLimits:
        """The limits for some players (positions in the players table), with only the cap rows
        some group of them could break: a row's room above what all of them together would add
        (the sum of the positive additions, the most any group adds) never binds, and a game
        without a row that binds needs no cap-aware search for its leaving groups."""
        added = self.added[rows]
        most = np.clip(added, 0.0, None).sum(axis=0)
        binding = most + _SUM_SLACK * np.maximum(1.0, np.abs(self.room)) > self.room
        return LeaveLimits(
            tuple(n for n, b in zip(self.names, binding, strict=True) if b),
            self.room[binding],
            added[:, binding],
        )


def no_limits(players: int) -> LeaveLimits:
    """No cap row: every way out is a plan (a scenario without caps)."""
    return LeaveLimits((), np.zeros(0), np.zeros((players, 0)))


def leave_limits(plan: Plan, data: ModelData, players: pd.DataFrame) -> LeaveLimits:
    """The cap rows and what each player's leaving adds to them (none without caps, or for a plan
    without its pollutant ledger)."""
    pollution = data.pollution
    ledger = plan.pollutants
    if pollution is None or not pollution.pollutants or ledger is None or ledger.empty:
        return no_limits(len(players))
    names, room = _cap_rows(plan, data, pollution)
    if not names:
        return no_limits(len(players))
    column = {name: i for i, name in enumerate(names)}
    carrying = _carrying_streams(plan, pollution)
    passing = _pass_through(plan, pollution, carrying)
    demand_row = {
        key: i
        for i, key in enumerate(
            zip(data.demands["enterprise"], data.demands["service"], strict=True)
        )
    }
    rows = plan.assignments
    keys = zip(rows["enterprise"], rows["service"], rows["site"], strict=True)
    share = dict(zip(keys, rows["share"], strict=True))
    received = _received(ledger, pollution)
    pollutants = pollution.pollutants
    added = np.zeros((len(players), len(names)))
    for i, row in enumerate(players.itertuples(index=False)):
        f = (str(row.site), str(row.service))
        amounts: dict[tuple, np.ndarray] = {}
        if row.kind == "enterprise":
            d = demand_row[(row.player, row.service)]
            load = pollution.demand_load[d] * float(share[(row.player, row.service, row.site)])
            own = load * (1.0 - pollution.self_removal[d])
            for q, name in enumerate(pollutants):
                amounts[("enterprise", enterprise_cap_key(row.player, name))] = own[q]
        else:
            u = (str(row.from_site), str(row.from_service))
            load = own = _stream_load(carrying, pollution, received, u, f)
            for q, name in enumerate(pollutants):
                amounts[("outfall", u[1], name)] = own[q]
        for q, name in enumerate(pollutants):
            amounts[("park", name)] = own[q]
        for service, part in passing.get(f, {}).items():
            for q, name in enumerate(pollutants):
                amounts[("park", name)] = amounts[("park", name)] - load[q] * part[q]
                key = ("outfall", service, name)
                amounts[key] = amounts.get(key, 0.0) - load[q] * part[q]
        for key, amount in amounts.items():
            if key in column:
                added[i, column[key]] += float(amount)
    return LeaveLimits(tuple(map(_name, names)), np.asarray(room, dtype=float), added)


def _name(key: tuple) -> str:
    return cap_row_name(*(str(k) for k in key))


def _cap_rows(plan: Plan, data: ModelData, pollution: Pollution) -> tuple[list[tuple], list]:
    """The cap rows (park-wide, outfall, enterprise) and their room with its slack."""
    names, room = [], []
    for q, name in enumerate(pollution.pollutants):
        cap = float(pollution.park_caps[q])
        if np.isfinite(cap):
            out = plan.pollutants[
                (plan.pollutants["kind"] == "park") & (plan.pollutants["pollutant"] == name)
            ]["discharge_t_per_year"]
            names.append(("park", name))
            room.append(cap - float(out.sum()) + _slack(cap))
        for service, caps in sorted(pollution.outfall_caps.items()):
            if np.isfinite(caps[q]):
                rows = plan.pollutants[
                    (plan.pollutants["kind"] == "outfall cap")
                    & (plan.pollutants["pollutant"] == name)
                    & (plan.pollutants["service"] == service)
                ]["discharge_t_per_year"]
                names.append(("outfall", service, name))
                room.append(float(caps[q]) - float(rows.sum()) + _slack(float(caps[q])))
    if pollution.enterprise_caps:
        alone = plan.assignments[plan.assignments["site"] == SELF]
        shares = alone.groupby(["enterprise", "service"])["share"].sum()
        keys = zip(data.demands["enterprise"], data.demands["service"], strict=True)
        self_share = np.array([float(shares.get(k, 0.0)) for k in keys])
        discharge = pollution.demand_load * (1.0 - pollution.self_removal) * self_share[:, None]
        enterprise = data.demands["enterprise"].astype(str).to_numpy()
        for who, pollutant, cap in pollution.enterprise_caps:
            q = pollution.pollutants.index(pollutant)
            names.append(("enterprise", enterprise_cap_key(who, pollutant)))
            room.append(cap - float(discharge[enterprise == who, q].sum()) + _slack(cap))
    return names, room


def _slack(cap: float) -> float:
    return ROOM_SLACK * max(abs(cap), 1e-3)


def _received(ledger: pd.DataFrame, pollution: Pollution) -> dict[tuple[str, str], np.ndarray]:
    """t/year each facility received per pollutant (the ledger's facility rows)."""
    rows = ledger[ledger["kind"] == "facility"]
    out: dict[tuple[str, str], np.ndarray] = {}
    for row in rows.itertuples(index=False):
        key = (str(row.site), str(row.service))
        out.setdefault(key, np.zeros(len(pollution.pollutants)))
        out[key][pollution.pollutants.index(row.pollutant)] += float(row.received_t_per_year)
    return out


#: Per facility (site, service): the rows of ``plan.flows`` of its carrying stream.
Carrying = dict[tuple[str, str], pd.DataFrame]


def _carrying_streams(plan: Plan, pollution: Pollution) -> Carrying:
    """The rows of ``plan.flows`` of each facility's carrying stream (flows above 0), grouped
    once (a facility without any has no entry)."""
    flows = plan.flows
    carrier = flows["service"].map(pollution.carrier)
    mine = flows[(flows["output"] == carrier) & (flows["flow_per_day"] > 0)]
    return {
        (str(site), str(service)): rows
        for (site, service), rows in mine.groupby(["site", "service"], sort=False)
    }


def _stream_load(
    carrying: Carrying,
    pollution: Pollution,
    received: dict[tuple[str, str], np.ndarray],
    u: tuple[str, str],
    f: tuple[str, str],
) -> np.ndarray:
    """t/year per pollutant that u's streams carry to f (0 for a stream that carries none)."""
    k = len(pollution.pollutants)
    rows = carrying.get(u)
    if rows is None:
        return np.zeros(k)
    total = float(rows["flow_per_day"].sum())
    if total <= 0:
        return np.zeros(k)
    to_f = (rows["to_site"] == f[0]) & (rows["to_service"] == f[1])
    fraction = float(rows.loc[to_f, "flow_per_day"].sum()) / total
    kept = received.get(u, np.zeros(k)) * (1.0 - pollution.removal[u[1]])
    return kept * fraction


def _pass_through(
    plan: Plan, pollution: Pollution, carrying: Carrying
) -> dict[tuple[str, str], dict[str, np.ndarray]]:
    """Per open facility f and service σ: the share of a tonne (per pollutant) received at f that
    leaves the park at the outfalls (or external sinks) of σ's facilities."""
    keys = list(zip(plan.facilities["site"], plan.facilities["service"], strict=True))
    out: dict[tuple[str, str], dict[str, np.ndarray]] = {}

    def of(f: tuple[str, str], seen: frozenset) -> dict[str, np.ndarray]:
        if f in out:
            return out[f]
        if f in seen:
            raise ValueError("the plan's streams between facilities form a loop")
        keep = 1.0 - pollution.removal[f[1]]
        rows = carrying.get(f)
        total = 0.0 if rows is None else float(rows["flow_per_day"].sum())
        result: dict[str, np.ndarray] = {}
        if total <= 0:
            result[f[1]] = keep.copy()
        else:
            for row in rows.itertuples(index=False):
                part = keep * float(row.flow_per_day) / total
                if row.to_site == SINK:
                    result[f[1]] = result.get(f[1], 0.0) + part
                    continue
                for s, share in of((str(row.to_site), str(row.to_service)), seen | {f}).items():
                    result[s] = result.get(s, 0.0) + part * share
        out[f] = result
        return result

    for f in keys:
        of(f, frozenset())
    return out
