"""Pollutant loads for the model: what each demand brings, what each service removes, which stream
carries what a facility does not remove, and the caps (park-wide, per service's outfalls and per
enterprise).

Loads are flow-proportional and yearly: a demand of ``q`` units/d at concentration ``c`` mg/L
brings ``q x operating days x c x 1e-6`` t/year of the pollutant to wherever it is treated. A
shared facility removes its service's ``shared`` rate of everything it receives (its members'
loads and the streams sent to it); the rest leaves with the service's stream that carries
pollutants (its effluent) or, when it has none, at the facility's own outfall. An enterprise that
treats alone removes its ``self`` rate and discharges the rest. What reaches an outfall or an
external sink is the discharge. Plain numpy and pandas, like :mod:`optimizer.prepare`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .costs import TONNES_PER_M3_MG_PER_L
from .scenario import Scenario
from .schema import ID_SEPARATOR


@dataclass(frozen=True, eq=False)
class Pollution:
    """The prepared pollutant data (arrays by pollutant in the order of :attr:`pollutants`).

    Attributes
    ----------
    pollutants
        Pollutants with concentrations, sorted.
    demand_load
        t/year each demand (row of ``ModelData.demands``) brings, shape (demands, pollutants).
    self_removal
        Share an enterprise treating alone removes, shape (demands, pollutants).
    removal
        Share a shared facility of each service removes, by service (arrays by pollutant).
    carrier
        The output stream of each service that carries what is not removed (None: its outfall).
    frees_capacity
        Services whose removal counts as environmental capacity freed (tail-water wetlands).
    park_caps
        Park-wide caps (t/year), NaN where none.
    outfall_caps
        Caps on what a service's facilities discharge, by service (NaN where none).
    enterprise_caps
        Caps on what an enterprise itself discharges (treating alone), as (enterprise, pollutant,
        t/year), for the pollutants with concentrations (the ``enterprise_caps`` table).
    one_destination
        Whether every facility's carrying stream must go to one destination (set by the solver
        layer when the loads of a plan with split streams broke a cap:
        :mod:`optimizer.solvers.loads`).
    """

    pollutants: tuple[str, ...]
    demand_load: np.ndarray
    self_removal: np.ndarray
    removal: dict[str, np.ndarray]
    carrier: dict[str, str | None]
    frees_capacity: frozenset[str] = frozenset()
    park_caps: np.ndarray = field(default_factory=lambda: np.zeros(0))
    outfall_caps: dict[str, np.ndarray] = field(default_factory=dict)
    enterprise_caps: tuple[tuple[str, str, float], ...] = ()
    one_destination: bool = False

    @property
    def has_outfall_caps(self) -> bool:
        return any(np.isfinite(c).any() for c in self.outfall_caps.values())

    def enterprise_cap(self, key: str) -> float:
        """The cap (t/year) of the ``enterprise_caps`` row id ``key`` (:func:`enterprise_cap_key`)."""
        for name, pollutant, cap in self.enterprise_caps:
            if enterprise_cap_key(name, pollutant) == key:
                return cap
        raise KeyError(key)

    @property
    def capped(self) -> np.ndarray:
        """Positions of the pollutants under any cap (park-wide or an outfall's)."""
        any_cap = np.isfinite(self.park_caps)
        for caps in self.outfall_caps.values():
            any_cap |= np.isfinite(caps)
        return np.flatnonzero(any_cap)


def enterprise_cap_key(enterprise: str, pollutant: str) -> str:
    """The row id of a cap in the ``enterprise_caps`` table (and its elastic slack's key).

    >>> enterprise_cap_key("E1", "COD")
    'E1/COD'
    """
    return f"{enterprise}{ID_SEPARATOR}{pollutant}"


def carrier_outputs(scenario: Scenario) -> dict[str, str | None]:
    """The stream of each service that carries what its facilities do not remove.

    >>> from optimizer.scenario import load_scenario
    >>> carrier_outputs(load_scenario("scenarios/textile-park"))
    {'dyeing_pretreatment': 'effluent', 'sewage': None}
    """
    out: dict[str, str | None] = {}
    for name, settings in scenario.services.items():
        carrying = [o["name"] for o in settings["outputs"] if o.get("carries_pollutants", True)]
        out[name] = str(carrying[0]) if carrying else None
    return out


def pollution_of(scenario: Scenario, demands: pd.DataFrame, days: dict[str, float]) -> Pollution:
    """The pollutant data of a checked scenario, for the prepared ``demands``."""
    table = scenario.tables["concentrations"]
    measured = set(table["pollutant"].dropna().astype(str)) if len(table) else set()
    pollutants = tuple(sorted(p for p in scenario.pollutants if p in measured))
    n, k = len(demands), len(pollutants)
    load, self_removal = np.zeros((n, k)), np.zeros((n, k))
    removal = {s: np.zeros(k) for s in scenario.services}
    if k:
        rows = table.merge(
            demands[["enterprise", "service"]].reset_index(names="_row"),
            on=["enterprise", "service"],
        )
        rows = rows[rows["pollutant"].isin(pollutants)]
        col = rows["pollutant"].map({p: i for i, p in enumerate(pollutants)}).to_numpy(int)
        row = rows["_row"].to_numpy(int)
        demand = demands["demand_per_day"].to_numpy(float)[row]
        day = demands["service"].map(days).to_numpy(float)[row]
        conc = rows["concentration_mg_per_l"].to_numpy(float)
        np.add.at(load, (row, col), demand * day * conc * TONNES_PER_M3_MG_PER_L)
    for q, name in enumerate(pollutants):
        for service, rates in (scenario.pollutants[name].get("removal") or {}).items():
            if service in removal:
                removal[service][q] = float(rates.get("shared", 0.0))
                own = demands["service"].to_numpy() == service
                self_removal[own, q] = float(rates.get("self", 0.0))
    settings = [scenario.pollutants[p] for p in pollutants]
    park = [s.get("cap_t_per_year") for s in settings]
    outfalls = {
        service: np.array(
            [_cap((s.get("outfall_cap_t_per_year") or {}).get(service)) for s in settings]
        )
        for service in scenario.services
    }
    return Pollution(
        pollutants=pollutants,
        demand_load=load,
        self_removal=self_removal,
        removal=removal,
        carrier=carrier_outputs(scenario),
        frees_capacity=frozenset(
            s for s, v in scenario.services.items() if v.get("frees_capacity", False)
        ),
        park_caps=np.array([_cap(c) for c in park], dtype=float),
        outfall_caps={s: c for s, c in outfalls.items() if np.isfinite(c).any()},
        enterprise_caps=_enterprise_caps(scenario, pollutants),
    )


def _enterprise_caps(
    scenario: Scenario, pollutants: tuple[str, ...]
) -> tuple[tuple[str, str, float], ...]:
    """The rows of the ``enterprise_caps`` table on a pollutant with concentrations, sorted."""
    table = scenario.tables.get("enterprise_caps")
    if table is None or table.empty:
        return ()
    rows = zip(table["enterprise"], table["pollutant"], table["cap_t_per_year"], strict=True)
    return tuple(sorted((str(e), str(q), float(c)) for e, q, c in rows if str(q) in pollutants))


def cap_row_name(kind: str, *parts: str) -> str:
    """The name of a cap row, as the allocation and the plan's KPIs say which caps treating alone
    would break: ``park/<pollutant>``, ``outfall/<service>/<pollutant>``,
    ``enterprise/<enterprise>/<pollutant>`` (:mod:`optimizer.words.alone` says it in words).

    >>> cap_row_name("enterprise", enterprise_cap_key("E1", "COD"))
    'enterprise/E1/COD'
    """
    return "/".join((kind, *parts))


def all_alone_breaks(pollution: Pollution | None, enterprise: np.ndarray) -> list[str]:
    """The caps that every demand (rows of ``ModelData.demands``, enterprises ``enterprise``)
    treated alone would break: park-wide caps and the enterprises' own (what is treated alone
    reaches no outfall). Demands that may not treat alone are left to the caller.

    Two demands of E1 of 0.1 t each, removing half alone: 0.1 t discharged, over a park cap of
    0.06 and within E1's own cap of 0.2:

    >>> p = Pollution(
    ...     ("COD",),
    ...     np.array([[0.1], [0.1]]),
    ...     np.full((2, 1), 0.5),
    ...     {},
    ...     {},
    ...     park_caps=np.array([0.06]),
    ...     enterprise_caps=(("E1", "COD", 0.2),),
    ... )
    >>> all_alone_breaks(p, np.array(["E1", "E1"]))
    ['park/COD']
    """
    if pollution is None or not pollution.pollutants:
        return []
    alone = pollution.demand_load * (1.0 - pollution.self_removal)
    broken = []
    for q, name in enumerate(pollution.pollutants):
        cap = float(pollution.park_caps[q]) if len(pollution.park_caps) else np.nan
        if np.isfinite(cap) and alone[:, q].sum() > cap * (1.0 + 1e-9) + 1e-12:
            broken.append(cap_row_name("park", name))
    for who, pollutant, cap in pollution.enterprise_caps:
        q = pollution.pollutants.index(pollutant)
        if alone[enterprise == who, q].sum() > cap * (1.0 + 1e-9) + 1e-12:
            broken.append(cap_row_name("enterprise", enterprise_cap_key(who, pollutant)))
    return broken


def received_along_chain(members: np.ndarray, keep: np.ndarray, transfer: np.ndarray) -> np.ndarray:
    """t/year each facility receives per pollutant, its members' ``members`` (facilities x
    pollutants) plus what the streams bring: ``transfer[g, f]`` the share of facility f's carrying
    stream sent to g, ``keep`` the share each facility does not remove. Solves
    ``(I - T diag(keep)) received = members`` per pollutant, so any chain balances.

    >>> received_along_chain(
    ...     np.array([[10.0], [0.0]]), np.array([[0.3], [0.1]]), np.array([[0.0, 0.0], [1.0, 0.0]])
    ... ).ravel().tolist()
    [10.0, 3.0]
    """
    n = len(members)
    received = np.zeros(members.shape)
    for q in range(members.shape[1]):
        received[:, q] = np.linalg.solve(np.eye(n) - transfer * keep[None, :, q], members[:, q])
    return received


def _cap(value: object) -> float:
    return np.nan if value is None else float(value)
