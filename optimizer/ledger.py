"""The pollutant ledger of a plan: per pollutant, where each tonne enters, where it is removed and
where the rest goes (the plan's ``pollutants`` table; columns in :mod:`optimizer.plan_columns`).

Worked out exactly from the solved flows, the way the model counts (:mod:`optimizer.pollution`):
what a facility receives is its members' loads plus the loads on the streams sent to it; it removes
its service's rate; the rest leaves with its carrying stream, shared among that stream's
destinations in proportion to their flows (the model sends a carrying stream to one destination
where a cap sees it), or at its own outfall. The loads a facility receives solve one linear system
per pollutant, ``(I - T diag(1 - r)) in = members``, with ``T`` the shares of each facility's rest
sent to each other facility, so any order of facilities (and any chain) balances.

Rows, first the park's total per pollutant (``kind`` ``park``: what entered, was removed and was
discharged, against the park-wide cap), then enterprises treating alone, each facility that
received some, each outfall cap (``outfall cap``: what the service's facilities discharged
against it) and each enterprise's own cap (``enterprise cap``: what the enterprise treated alone,
removed and discharged itself, against its row of ``enterprise_caps``). Every row balances: received = removed + passed on + discharged.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .prepare import ModelData
from .solvers.formulation import Index
from .solvers.loads import alone_loads, exact_loads
from .words import LEDGER_WORDS
from .words.catalogue import tr

#: Tonnes below this are solver noise.
TONNE_TOLERANCE = 1e-9

COLUMNS = (
    "pollutant",
    "kind",
    "place",
    "site",
    "service",
    "received_t_per_year",
    "removed_t_per_year",
    "passed_on_t_per_year",
    "discharge_t_per_year",
    "discharged_to",
    "cap_t_per_year",
    "headroom_t_per_year",
)
_NUMBERS = [c for c in COLUMNS if c.endswith("_t_per_year")]


def empty_ledger() -> pd.DataFrame:
    return pd.DataFrame(columns=list(COLUMNS)).astype(dict.fromkeys(_NUMBERS, float))


def pollutant_ledger(data: ModelData, values: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """The ledger from the solution's values as arrays by row of ``data``
    (:func:`~optimizer.solvers.loads.value_arrays`)."""
    pollution = data.pollution
    if pollution is None or not pollution.pollutants:
        return empty_ledger()
    index = Index.of(data)
    facilities = index.facilities
    loads = exact_loads(data, index, values)
    alone, alone_removed = alone_loads(data, values)
    entered = pollution.demand_load * (1.0 - values["unmet"])[:, None]
    services = facilities["service"].to_numpy()
    outputs = index.facility_outputs["output"].to_numpy() if len(index.facility_outputs) else []
    rows = []
    for q, name in enumerate(pollution.pollutants):
        cap = float(pollution.park_caps[q])
        out = float(loads.discharged[:, q].sum() + (alone[:, q] - alone_removed[:, q]).sum())
        rows.append(
            _row(name, "park", LEDGER_WORDS["park"], "", "", float(entered[:, q].sum()))
            | {
                "removed_t_per_year": float(loads.removed[:, q].sum() + alone_removed[:, q].sum()),
                "discharge_t_per_year": out,
                "discharged_to": LEDGER_WORDS["environment"],
                "cap_t_per_year": cap,
                "headroom_t_per_year": cap - out,
            }
        )
        if alone[:, q].sum() > TONNE_TOLERANCE:
            rows.append(
                _row(
                    name, "treating alone", LEDGER_WORDS["alone"], "", "", float(alone[:, q].sum())
                )
                | {
                    "removed_t_per_year": float(alone_removed[:, q].sum()),
                    "discharge_t_per_year": float((alone[:, q] - alone_removed[:, q]).sum()),
                    "discharged_to": LEDGER_WORDS["own outlets"],
                }
            )
        for f in np.flatnonzero(loads.received[:, q] > TONNE_TOLERANCE):
            site, service = str(facilities.loc[f, "site"]), str(services[f])
            o = loads.carrier_output[f]
            where = (
                LEDGER_WORDS["outfall"] if o < 0 else LEDGER_WORDS["sink"].format(output=outputs[o])
            )
            discharged = float(loads.discharged[f, q])
            rows.append(
                _row(
                    name,
                    "facility",
                    f"{site} {service}",
                    site,
                    service,
                    float(loads.received[f, q]),
                )
                | {
                    "removed_t_per_year": float(loads.removed[f, q]),
                    "passed_on_t_per_year": float(loads.passed_on[f, q]),
                    "discharge_t_per_year": discharged,
                    "discharged_to": where if discharged > TONNE_TOLERANCE else "",
                }
            )
        for service, caps in sorted(pollution.outfall_caps.items()):
            if np.isfinite(caps[q]):
                mine = float(loads.discharged[services == service, q].sum())
                place = LEDGER_WORDS["outfalls"].format(service=service)
                rows.append(
                    _row(name, "outfall cap", place, "", service, mine)
                    | {
                        "discharge_t_per_year": mine,
                        "cap_t_per_year": float(caps[q]),
                        "headroom_t_per_year": float(caps[q]) - mine,
                    }
                )
    rows += _enterprise_rows(data, alone, alone_removed)
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(dict.fromkeys(_NUMBERS, float))


def _enterprise_rows(data: ModelData, alone: np.ndarray, removed: np.ndarray) -> list[dict]:
    """A row per cap of ``enterprise_caps``: what the enterprise treated alone, removed and
    discharged itself (what it sent to a shared facility counts at that facility's outfall)."""
    pollution = data.pollution
    enterprise = data.demands["enterprise"].astype(str).to_numpy()
    rows = []
    for name, pollutant, cap in pollution.enterprise_caps:  # type: ignore[union-attr]
        mine, q = enterprise == name, pollution.pollutants.index(pollutant)  # type: ignore[union-attr]
        received, gone = float(alone[mine, q].sum()), float(removed[mine, q].sum())
        place = tr("caps.enterprise.ledger", enterprise=name)
        rows.append(
            _row(pollutant, "enterprise cap", place, "", "", received)
            | {
                "removed_t_per_year": gone,
                "discharge_t_per_year": received - gone,
                "discharged_to": LEDGER_WORDS["own outlets"] if received > gone else "",
                "cap_t_per_year": cap,
                "headroom_t_per_year": cap - (received - gone),
            }
        )
    return rows


def _row(pollutant: str, kind: str, place: str, site: str, service: str, received: float) -> dict:
    return {
        "pollutant": pollutant,
        "kind": kind,
        "place": place,
        "site": site,
        "service": service,
        "received_t_per_year": received,
        "removed_t_per_year": 0.0,
        "passed_on_t_per_year": 0.0,
        "discharge_t_per_year": 0.0,
        "discharged_to": "",
        "cap_t_per_year": np.nan,
        "headroom_t_per_year": np.nan,
    }


def capacity_freed(ledger: pd.DataFrame, data: ModelData) -> dict[str, float]:
    """Tonnes a year removed by services that free environmental capacity (tail-water wetlands),
    per pollutant; empty when the scenario has none."""
    pollution = data.pollution
    if pollution is None or not pollution.frees_capacity or ledger.empty:
        return {}
    rows = ledger[(ledger["kind"] == "facility") & ledger["service"].isin(pollution.frees_capacity)]
    totals = rows.groupby("pollutant")["removed_t_per_year"].sum()
    return {str(p): float(totals.get(p, 0.0)) for p in pollution.pollutants}
