"""Rows of the tables of a park, generated or hand-placed: firm names, demands and what treating
alone costs, COD concentrations, and tiers costed by the cost curve."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .costs import facility_capex, own_unit
from .figures import COD_RANGE, FIGURES

TIER_NAMES = ("small", "medium", "large", "xlarge")
SECTOR_WORDS = {
    "dyeing": "Dyeing",
    "printing": "Printing & Dyeing",
    "spraying": "Coating",
    "machinery": "Machinery",
    "furniture": "Furniture",
    "hardware": "Hardware",
    "electronics": "Electronics",
    "food": "Foods",
    "plastics": "Plastics",
}
NAME_PREFIXES = (
    "Hengli", "Dongfang", "Jinyuan", "Xinhua", "Tianhong", "Huaxin", "Yongsheng", "Ruifeng",
    "Baolong", "Kaida", "Shenghong", "Meiya", "Jiali", "Hongda", "Fuxing", "Zhongxin", "Lianfa",
    "Tongyuan", "Qiangsheng", "Wanfeng", "Dingxin", "Haitian", "Changjiang", "Suxing", "Wuyue",
    "Taihu", "Mingzhu", "Jinhai", "Huatai", "Shunda", "Yida", "Guanghua", "Xiangyu", "Baixin",
    "Chenguang", "Rongsheng", "Anda", "Lixin", "Boyuan", "Kangli",
)  # fmt: skip


def enterprise_names(rng: np.random.Generator, sectors: np.ndarray) -> np.ndarray:
    """Plausible firm names (``Hengli Dyeing``), numbered where a name repeats."""
    prefixes = np.array(NAME_PREFIXES, dtype=object)[
        rng.integers(0, len(NAME_PREFIXES), len(sectors))
    ]
    words = pd.Series(sectors).map(SECTOR_WORDS).to_numpy(dtype=object)
    names = pd.Series(prefixes + " " + words)
    repeat = names.groupby(names).cumcount().to_numpy()
    suffix = np.where(repeat > 0, " " + (repeat + 1).astype(str).astype(object), "")
    return (names.to_numpy(dtype=object) + suffix).astype(object)


def demand_rows(
    enterprise_ids: np.ndarray, services: Sequence[str], amounts: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Demands table rows for enterprises (``amounts[service]`` is NaN where not demanded)."""
    frames = []
    for service in services:
        wanted = ~np.isnan(amounts[service])
        demand = amounts[service][wanted]
        capex, om, lifetime = own_unit(service, demand)
        frames.append(
            pd.DataFrame(
                {
                    "order": np.flatnonzero(wanted),
                    "enterprise": enterprise_ids[wanted],
                    "service": service,
                    "demand_per_day": demand,
                    "standalone_capex_cny": np.round(capex, -3),
                    "standalone_lifetime_years": lifetime,
                    "standalone_om_cny_per_year": np.round(om, -2),
                    "self_treatment_allowed": pd.NA,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True).sort_values("order", kind="stable")
    return frame.drop(columns="order").reset_index(drop=True)


def cod_rows(rng: np.random.Generator, demands: pd.DataFrame) -> pd.DataFrame:
    """COD of each sewage and dyeing demand, uniform in :data:`COD_RANGE`, to 10 mg/L."""
    rows = demands[demands["service"].isin(list(COD_RANGE))]
    low = rows["service"].map({s: r[0] for s, r in COD_RANGE.items()}).to_numpy(float)
    high = rows["service"].map({s: r[1] for s, r in COD_RANGE.items()}).to_numpy(float)
    return pd.DataFrame(
        {
            "enterprise": rows["enterprise"].to_numpy(),
            "service": rows["service"].to_numpy(),
            "pollutant": "COD",
            "concentration_mg_per_l": np.round(rng.uniform(low, high), -1),
        }
    )


def _tier_frame(
    sites: np.ndarray,
    service: np.ndarray,
    step: np.ndarray,
    capacity: np.ndarray,
    site_factor: np.ndarray,
) -> pd.DataFrame:
    figures = [FIGURES[s] for s in service]
    capex = np.array([float(facility_capex(q, f)) for q, f in zip(capacity, figures, strict=True)])
    capex = np.round(capex * site_factor, -3)
    return pd.DataFrame(
        {
            "site": sites,
            "service": service,
            "tier": np.array(TIER_NAMES, dtype=object)[step],
            "capacity_per_day": capacity,
            "capex_cny": capex,
            "lifetime_years": [float(f.lifetime) for f in figures],
            "fixed_om_cny_per_year": np.round(capex * [f.fixed_om_share for f in figures], -2),
            "variable_cost_cny_per_unit": [f.variable_cost for f in figures],
            "area_m2": np.round(capacity * [f.area_per_unit for f in figures], 0),
            "existing": False,
        }
    )
