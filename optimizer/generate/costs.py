"""Cost curves from the figures: shared plants by capacity^0.79, and an enterprise's own unit
(new, or a refit of the one it has)."""

from __future__ import annotations

import numpy as np

from .figures import (
    DYEING,
    MUNICIPAL_SEWER_CNY_PER_M3,
    REFIT_SHARE,
    SCALE_EXPONENT,
    SEWAGE,
    SPRAYING,
    ServiceFigures,
)


def facility_capex(capacity: np.ndarray | float, figures: ServiceFigures) -> np.ndarray:
    """Capex of a shared plant: the reference plant's cost scaled by capacity^0.79.

    >>> round(float(facility_capex(10_000, SEWAGE)) / 1e6, 1)  # 3,400 CNY per m3/d
    34.0
    >>> round(float(facility_capex(2_000, SEWAGE)) / 2_000)  # smaller plants cost more per m3/d
    4767
    """
    ratio = np.asarray(capacity, dtype=float) / figures.ref_capacity
    return figures.ref_unit_capex * figures.ref_capacity * ratio**SCALE_EXPONENT


def own_sewage_unit(demand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Capex and yearly O&M of a small packaged sewage unit of ``demand`` m3/d.

    Capex is 22,000 CNY per m3/d at 20 m3/d (15,000-30,000 for packaged units), scaled by
    capacity^0.79; O&M is 1.3 CNY/m3 plus 12,000 CNY a year of monitoring (assumed).

    >>> capex, om = own_sewage_unit(np.array([20.0]))
    >>> capex.round(-3).tolist(), om.round().tolist()
    ([440000.0], [20580.0])
    """
    demand = np.asarray(demand, dtype=float)
    capex = 22_000 * 20 * (demand / 20) ** SCALE_EXPONENT
    return capex, 1.3 * SEWAGE.days * demand + 12_000


def own_dyeing_unit(
    demand: np.ndarray, existing: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Capex and yearly O&M of an on-site dyeing-wastewater plant meeting 200 mg/L COD.

    New: 18,000 CNY per m3/d at 200 m3/d (within 15,000-30,000), scaled by capacity^0.79, and
    3.0 CNY/m3 to run (assumed) plus the 1.75 CNY/m3 sewer charge and 30,000 CNY a year. An
    ``existing`` plant needs only a refit (:data:`REFIT_SHARE` of the new capex) and, run in
    and at the scale of the firms that built one, 1.6 CNY/m3 (assumed).

    >>> capex, om = own_dyeing_unit(np.array([200.0, 200.0]), np.array([False, True]))
    >>> capex.round(-3).tolist(), om.round().tolist()
    ([3600000.0, 360000.0], [343500.0, 251100.0])
    """
    demand = np.asarray(demand, dtype=float)
    existing = np.zeros(demand.shape, bool) if existing is None else np.asarray(existing, bool)
    capex = 18_000 * 200 * (demand / 200) ** SCALE_EXPONENT
    running = np.where(existing, 1.6, 3.0) + MUNICIPAL_SEWER_CNY_PER_M3
    capex = np.where(existing, REFIT_SHARE, 1.0) * capex
    return capex, running * DYEING.days * demand + 30_000


def own_spray_booths(
    demand: np.ndarray, existing: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Capex and yearly O&M of enough on-site booths (2.5 t/d each, assumed) for ``demand`` t/d.

    Each booth with VOC treatment costs 0.8 M CNY new (:data:`REFIT_SHARE` of that to refit an
    ``existing`` one) and 100,000 CNY a year (activated carbon, monitoring; assumed), plus
    150 CNY per t sprayed (assumed).

    >>> capex, om = own_spray_booths(np.array([1.0, 3.0, 1.0]), np.array([False, False, True]))
    >>> capex.tolist(), om.tolist()
    ([800000.0, 1600000.0, 80000.0], [145000.0, 335000.0, 145000.0])
    """
    demand = np.asarray(demand, dtype=float)
    existing = np.zeros(demand.shape, bool) if existing is None else np.asarray(existing, bool)
    booths = np.ceil(demand / 2.5)
    capex = np.where(existing, REFIT_SHARE, 1.0) * 800_000 * booths
    return capex, 100_000 * booths + 150 * SPRAYING.days * demand


def own_unit(service: str, demand: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Capex, yearly O&M and lifetime of an enterprise's own unit for ``service``.

    The largest 30% of dyeing and spraying demands already have their own unit
    (:func:`has_own_unit`), so they only pay a refit to keep treating alone.
    """
    if service == "sewage":
        return (*own_sewage_unit(demand), 15.0)
    if service == "dyeing_pretreatment":
        return (*own_dyeing_unit(demand, has_own_unit(demand)), 15.0)
    return (*own_spray_booths(demand, has_own_unit(demand)), 10.0)


def has_own_unit(demand: np.ndarray, share: float = 0.3) -> np.ndarray:
    """Whether each demand is among the largest ``share``: firms that built their own treatment
    (dyeing pretreatment to 200 mg/L, a booth with VOC treatment) before the park offered any.

    >>> has_own_unit(np.array([100.0, 900.0, 300.0, 200.0])).tolist()
    [False, True, False, False]
    """
    demand = np.asarray(demand, dtype=float)
    chosen = np.zeros(len(demand), bool)
    order = np.argsort(-demand, kind="stable")
    chosen[order[: round(share * len(demand))]] = True
    return chosen


def round_significant(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """Round to ``digits`` significant digits.

    >>> round_significant(np.array([1234.0, 0.04567])).tolist()
    [1200.0, 0.046]
    """
    values = np.asarray(values, dtype=float)
    scale = 10.0 ** (np.floor(np.log10(np.abs(values))) - (digits - 1))
    return np.round(values / scale) * scale
