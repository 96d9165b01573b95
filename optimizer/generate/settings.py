"""The ``scenario.yaml`` blocks from the figures (``services.<name>``, dyeing effluent,
``pollutants.COD``), and the park's COD discharge that a cap is set from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from .figures import COD_REMOVAL, DYEING, FIGURES, MUNICIPAL_SEWER_CNY_PER_M3


def service_settings(
    name: str, k_nearest: int | None = 10, max_distance_km: float | None = None
) -> dict[str, Any]:
    """The ``services.<name>`` block from :data:`FIGURES` (dyeing sends effluent on to sewage)."""
    figures = FIGURES[name]
    settings: dict[str, Any] = {
        "unit": figures.unit,
        "operating_days_per_year": float(figures.days),
        "conveyance": figures.conveyance,
        "transport_cny_per_unit_km": figures.transport,
        "connection_capex_cny_per_km": float(figures.connection_per_km),
        "connection_lifetime_years": 30.0,
        "max_distance_km": figures.max_distance_km if max_distance_km is None else max_distance_km,
        "k_nearest": k_nearest,
        "self_treatment_allowed": True,
    }
    if name == "dyeing_pretreatment":
        settings["outputs"] = [effluent_output(to_sewage=True)]
    return settings


def effluent_output(to_sewage: bool, sink_price: float | None = MUNICIPAL_SEWER_CNY_PER_M3) -> dict:
    """The effluent stream of dyeing pretreatment: 95% of the inflow, to a sewage plant and/or
    the municipal sewer at ``sink_price``."""
    return {
        "name": "effluent",
        "ratio": 0.95,
        "to": "sewage" if to_sewage else None,
        "sink_price_cny_per_unit": sink_price,
        "transport_cny_per_unit_km": DYEING.transport,
    }


def stage_removal(service: str, how: str, with_sewage: bool = True) -> float:
    """COD a demand of ``service`` loses before it leaves the park when treated ``how``: shared
    dyeing wastewater is pretreated, then treated again at a park sewage plant when the park has
    sewage plants (``with_sewage``)."""
    rate = COD_REMOVAL[service][how]
    if how == "shared" and service == "dyeing_pretreatment" and with_sewage:
        return 1.0 - (1.0 - rate) * (1.0 - COD_REMOVAL["sewage"]["shared"])
    return rate


def cod_discharge(demands: pd.DataFrame, concentrations: pd.DataFrame, how: str) -> float:
    """Park COD discharge (t/year) if every demand is treated ``how`` ('shared' or 'self')."""
    rows = concentrations.merge(demands, on=["enterprise", "service"])
    days = rows["service"].map({s: f.days for s, f in FIGURES.items()})
    with_sewage = bool((demands["service"] == "sewage").any())
    removal = rows["service"].map({s: stage_removal(s, how, with_sewage) for s in COD_REMOVAL})
    load = days * rows["demand_per_day"] * rows["concentration_mg_per_l"] * 1e-6
    return float((load * (1.0 - removal)).sum())


def cod_settings(services: Sequence[str], cap: float | None) -> dict[str, Any]:
    """The ``pollutants.COD`` block: removal for the services that carry COD, and the cap."""
    removal = {s: dict(COD_REMOVAL[s]) for s in services if s in COD_REMOVAL}
    return {"COD": {"cap_t_per_year": cap, "removal": removal}}
