"""The shipped example ``spraying-zone``: spraying SMEs and shared spraying centres by road."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import Scenario, scenario_from_tables
from .example_tables import EXAMPLE_SEEDS, _enterprise_frame, _sites_frame, ladder_tiers
from .figures import COST_YEAR
from .geometry import clustered_points
from .settings import service_settings
from .tables import demand_rows

SPRAYING_CENTRE = (120.52, 31.38)


def spraying_zone() -> Scenario:
    """60 spraying SMEs across a town's industrial clusters (10 x 8 km), five candidate spraying
    centres, parts hauled by road, the provincial 23% capex subsidy."""
    rng = np.random.default_rng(EXAMPLE_SEEDS["spraying-zone"])
    lon0, lat0 = SPRAYING_CENTRE
    n = 60
    points = clustered_points(rng, n, 10.0, 8.0)
    kinds = np.array(["machinery", "furniture", "hardware", "spraying"], dtype=object)
    sectors = kinds[rng.integers(0, len(kinds), n)]
    enterprises = _enterprise_frame(rng, points, sectors, lon0, lat0)
    amounts = {"spraying": np.round(np.clip(1.5 * np.exp(rng.normal(0, 0.6, n)), 0.3, 6.0), 1)}
    demands = demand_rows(enterprises["id"].to_numpy(), ["spraying"], amounts)
    sites = _sites_frame(
        [
            ("C1", "North industrial park", -2.5, 2.5, 30_000.0, "spraying"),
            ("C2", "East logistics plot", 3.5, 1.0, 30_000.0, "spraying"),
            ("C3", "Town centre plot", 0.0, 0.0, 20_000.0, "spraying"),
            ("C4", "South-west plot", -3.0, -2.5, 30_000.0, "spraying"),
            ("C5", "South-east plot", 2.5, -2.8, 45_000.0, "spraying"),
        ],
        lon0,
        lat0,
    )
    tiers = pd.concat(
        [
            ladder_tiers("C1", "spraying", [20, 40, 80], 1.0),
            ladder_tiers("C2", "spraying", [20, 40, 80], 0.97),
            ladder_tiers("C3", "spraying", [20, 40], 1.12),
            ladder_tiers("C4", "spraying", [20, 40, 80], 1.0),
            ladder_tiers("C5", "spraying", [40, 70, 100, 130], 0.93),
        ],
        ignore_index=True,
    )
    spraying = service_settings("spraying", None, 15.0)
    settings = {
        "name": "spraying-zone",
        "description": (
            "Spraying SMEs of a Suzhou town (synthetic): 60 firms with their own booths today, "
            "five candidate shared spraying centres, parts hauled by road, 23% capex subsidy "
            "(a provincial case). Figures: see README.md."
        ),
        "currency": "CNY",
        "cost_year": COST_YEAR,
        "discount_rate": 0.08,
        "detour_factor": 1.3,
        "services": {"spraying": spraying},
        "policy": {"subsidy_rate": 0.0, "subsidy_rate_by_service": {"spraying": 0.23}},
        "solver": {"time_limit_s": 120.0},
    }
    variants = {
        "no-subsidy": {
            "description": "No capex subsidy.",
            "overrides": {"policy.subsidy_rate_by_service.spraying": 0.0},
        },
        "subsidy-40": {
            "description": "40% capex subsidy for spraying centres.",
            "overrides": {"policy.subsidy_rate_by_service.spraying": 0.4},
        },
        "no-c5": {
            "description": "Plot C5 is not available.",
            "overrides": {"sites[C5].status": "forbidden"},
        },
    }
    tables = {"enterprises": enterprises, "demands": demands, "sites": sites, "tiers": tiers}
    return scenario_from_tables(settings, tables, variants)
