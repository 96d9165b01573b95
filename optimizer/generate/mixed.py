"""The shipped example ``mixed-park``: a generated park of 150 SMEs on a street network, with an
existing sewage plant."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import Scenario, scenario_from_tables
from .example_tables import EXAMPLE_SEEDS, _existing_plant
from .geometry import PARK_LAT, PARK_LON
from .park import generate_park
from .settings import cod_settings

#: COD caps of mixed-park, t/year (calibrated with the solver; see the scenario's README): the
#: base cap leaves the cost-optimal plan a little headroom; strict-cod forces more connections.
MIXED_COD_CAP = 600.0
MIXED_STRICT_COD_CAP = 420.0


def mixed_park() -> Scenario:
    """150 SMEs with sewage, spraying and dyeing demands on a park street network (pipes and
    roads), 15 candidate sites, one an existing sewage plant; subsidy and COD-cap variants."""
    park = generate_park(150, 15, seed=EXAMPLE_SEEDS["mixed-park"])
    tables = dict(park.tables)
    tables["enterprises"] = _some_snapped(tables["enterprises"])
    tables["tiers"] = _with_existing_sewage_plant(tables["tiers"], tables["sites"])
    settings = dict(park.settings)
    for service in settings["services"].values():
        service["k_nearest"] = 5
    settings.update(
        name="mixed-park",
        description=(
            "A mixed industrial park near Suzhou (synthetic): 150 SMEs needing sewage treatment, "
            "spraying and dyeing pretreatment, 15 candidate sites on the park's streets and "
            "sewers, one existing park sewage plant, a COD cap. Figures: see README.md."
        ),
        pollutants=cod_settings(list(settings["services"]), MIXED_COD_CAP),
        # strong linking's ``auto`` gives this park of many small SMEs per plant the assign <=
        # open rows, which close its search at the root (docs/model.md, "Strong linking")
        solver={"time_limit_s": 120.0},
    )
    variants = {
        "no-subsidy": {
            "description": "No capex subsidy (as the base; for side-by-side runs).",
            "overrides": {"policy.subsidy_rate": 0.0},
        },
        "subsidy-23": {
            "description": "23% capex subsidy on every shared facility (the provincial case).",
            "overrides": {"policy.subsidy_rate": 0.23},
        },
        "subsidy-40": {
            "description": "40% capex subsidy on every shared facility.",
            "overrides": {"policy.subsidy_rate": 0.4},
        },
        "strict-cod": {
            "description": "A tighter COD cap that forces more SMEs onto shared treatment.",
            "overrides": {"pollutants.COD.cap_t_per_year": MIXED_STRICT_COD_CAP},
        },
    }
    return scenario_from_tables(settings, tables, variants)


def _some_snapped(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Leave the node of every tenth enterprise empty, so it is snapped to the nearest node."""
    out = enterprises.copy()
    out.loc[out.index[9::10], "node"] = pd.NA
    return out


def _with_existing_sewage_plant(tiers: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Replace the sewage tiers of the sewage host nearest the park centre by an existing plant
    the size of its medium tier."""
    sewage = tiers[tiers["service"] == "sewage"]
    hosts = sites[sites["id"].isin(sewage["site"])]
    distance = np.hypot(
        hosts["lon"].astype(float) - PARK_LON, hosts["lat"].astype(float) - PARK_LAT
    )
    site = str(hosts["id"].iloc[int(np.argmin(distance.to_numpy()))])
    medium = sewage[(sewage["site"] == site) & (sewage["tier"] == "medium")]
    plant = _existing_plant(site, "sewage", float(medium["capacity_per_day"].iloc[0]))
    kept = tiers[~((tiers["site"] == site) & (tiers["service"] == "sewage"))]
    return pd.concat([kept, plant], ignore_index=True)
