"""The shipped example ``textile-park``: printing-and-dyeing SMEs under a binding COD cap."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import Scenario, scenario_from_tables
from .example_tables import (
    EXAMPLE_SEEDS,
    _enterprise_frame,
    _existing_plant,
    _sites_frame,
    ladder_tiers,
)
from .figures import COST_YEAR
from .geometry import clustered_points
from .settings import cod_settings, effluent_output, service_settings
from .tables import cod_rows, demand_rows

#: COD cap of textile-park, t/year: about 30% of the way from the discharge of the plan without a
#: cap (884 t) to the least possible (555 t), so that it changes the plan (calibrated with the
#: solver; see the scenario's README).
TEXTILE_COD_CAP = 780.0
TEXTILE_CENTRE = (120.62, 31.2)


def textile_park() -> Scenario:
    """40 printing-and-dyeing SMEs, four candidate pretreatment sites, three sewage-plant sites
    (one an existing park plant), the municipal sewer as the alternative for pretreated effluent,
    and a binding COD cap. Public-welfare water projects: 6% discount rate."""
    rng = np.random.default_rng(EXAMPLE_SEEDS["textile-park"])
    lon0, lat0 = TEXTILE_CENTRE
    n = 40
    points = clustered_points(rng, n, 4.0, 3.0)
    sectors = np.where(rng.random(n) < 0.75, "dyeing", "printing").astype(object)
    enterprises = _enterprise_frame(rng, points, sectors, lon0, lat0)
    dyeing = np.round(np.clip(350 * np.exp(rng.normal(0, 0.6, n)), 80, 1500), -1)
    domestic = np.round(rng.uniform(10, 60, n), 0)
    amounts = {"sewage": domestic, "dyeing_pretreatment": dyeing}
    demands = demand_rows(enterprises["id"].to_numpy(), ["sewage", "dyeing_pretreatment"], amounts)
    sites = _sites_frame(
        [
            ("S1", "North-west plot", -1.2, 0.9, 30_000.0, "dyeing_pretreatment"),
            ("S2", "North-east plot", 1.1, 1.0, 30_000.0, "dyeing_pretreatment"),
            ("S3", "South-west plot", -1.0, -0.9, 30_000.0, "dyeing_pretreatment"),
            ("S4", "Canal-side plot", 0.9, -0.8, 22_000.0, "dyeing_pretreatment;sewage"),
            ("S5", "Park sewage plant", 2.4, -0.2, 40_000.0, "sewage"),
            ("S6", "South plot", 0.0, -1.9, 40_000.0, "sewage"),
        ],
        lon0,
        lat0,
    )
    tiers = pd.concat(
        [
            ladder_tiers("S1", "dyeing_pretreatment", [3_000, 6_000, 12_000], 1.0),
            ladder_tiers("S2", "dyeing_pretreatment", [3_000, 6_000, 12_000], 1.08),
            ladder_tiers("S3", "dyeing_pretreatment", [3_000, 6_000, 12_000], 0.95),
            ladder_tiers("S4", "dyeing_pretreatment", [3_000, 6_000, 12_000], 1.05),
            ladder_tiers("S4", "sewage", [5_000, 10_000, 20_000], 1.05),
            _existing_plant("S5", "sewage", 12_000),
            ladder_tiers("S6", "sewage", [5_000, 10_000, 20_000], 1.0),
        ],
        ignore_index=True,
    )
    settings = {
        "name": "textile-park",
        "description": (
            "A printing-and-dyeing park in southern Suzhou (synthetic): 40 SMEs, central "
            "pretreatment at one of four sites, effluent to the existing park plant, a new plant "
            "or the municipal sewer, under a binding COD cap. Figures: see README.md."
        ),
        "currency": "CNY",
        "cost_year": COST_YEAR,
        "discount_rate": 0.06,
        "detour_factor": 1.3,
        "services": {
            "dyeing_pretreatment": service_settings("dyeing_pretreatment", None, 6.0),
            "sewage": service_settings("sewage", None, 6.0),
        },
        "pollutants": cod_settings(["sewage", "dyeing_pretreatment"], TEXTILE_COD_CAP),
        "policy": {"subsidy_rate": 0.0},
        "solver": {"time_limit_s": 120.0},
    }
    variants = {
        "no-cod-cap": {
            "description": "No COD cap: what the park would do on cost alone.",
            "overrides": {"pollutants.COD.cap_t_per_year": None},
        },
        "no-municipal-sewer": {
            "description": "The municipal sewer takes no pretreated effluent: the park must treat it.",
            "overrides": {
                "services.dyeing_pretreatment.outputs": [effluent_output(True, None)],
            },
        },
        "subsidy-40": {
            "description": "40% of the capex of shared facilities subsidised.",
            "overrides": {"policy.subsidy_rate": 0.4},
        },
    }
    tables = {
        "enterprises": enterprises,
        "demands": demands,
        "concentrations": cod_rows(rng, demands),
        "sites": sites,
        "tiers": tiers,
    }
    return scenario_from_tables(settings, tables, variants)
