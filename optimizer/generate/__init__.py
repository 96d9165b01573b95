"""Synthetic parks of any size, and the shipped example scenarios, from one set of cost figures.

:func:`generate_park` makes a valid park of any size (a perturbed street grid with sewers and
roads, enterprises in industrial clusters, candidate sites with two to four tiers per service), the
same for the same seed. :func:`build_example` makes the scenarios shipped in ``scenarios/``
(``textile-park``, ``spraying-zone``, ``mixed-park``) from the same figures, so the shipped files
can be checked against it and rewritten with ``python -m optimizer.generate``.

The modules: ``figures`` (the cost and pollution figures, and where they come from), ``costs``
(cost curves), ``geometry`` (points, coordinates, the street network), ``tables`` (table rows of
any park), ``draws`` (the random draws of a generated park), ``settings`` (``scenario.yaml``
blocks), ``park`` (:func:`generate_park`), ``example_tables`` (pieces of the hand-placed
examples), ``textile``, ``spraying`` and ``mixed`` (one shipped example each), ``examples``
(:func:`build_example`, :func:`write_example`) and ``__main__`` (``python -m optimizer.generate``).
Everything is imported from ``optimizer.generate``.
"""

from __future__ import annotations

from .costs import (
    facility_capex,
    has_own_unit,
    own_dyeing_unit,
    own_sewage_unit,
    own_spray_booths,
    own_unit,
    round_significant,
)
from .draws import TIER_LADDER, choose_services, draw_demands, sectors_for, tier_rows
from .example_tables import EXAMPLE_SEEDS, ladder_tiers
from .examples import EXAMPLES, build_example, write_example
from .figures import (
    COD_RANGE,
    COD_REMOVAL,
    COST_YEAR,
    DYEING,
    FIGURES,
    MUNICIPAL_SEWER_CNY_PER_M3,
    REFIT_SHARE,
    SCALE_EXPONENT,
    SERVICES,
    SEWAGE,
    SPRAYING,
    ServiceFigures,
)
from .geometry import (
    ENTERPRISES_PER_KM2,
    KM_PER_DEGREE_LAT,
    KM_PER_DEGREE_LON_EQUATOR,
    PARK_LAT,
    PARK_LON,
    clustered_points,
    grid_edges,
    jittered_grid,
    make_ids,
    park_extent,
    spanning_tree_mask,
    street_network,
    to_lonlat,
)
from .mixed import MIXED_COD_CAP, MIXED_STRICT_COD_CAP, mixed_park
from .park import (
    DEMAND_PROBABILITY,
    GENERATED_CAP_SHARE,
    HOST_PROBABILITY,
    TIER_SCALE,
    generate_park,
)
from .settings import cod_discharge, cod_settings, effluent_output, service_settings
from .spraying import SPRAYING_CENTRE, spraying_zone
from .tables import NAME_PREFIXES, SECTOR_WORDS, TIER_NAMES, cod_rows, demand_rows, enterprise_names
from .textile import TEXTILE_CENTRE, TEXTILE_COD_CAP, textile_park

__all__ = [
    "COD_RANGE",
    "COD_REMOVAL",
    "COST_YEAR",
    "DEMAND_PROBABILITY",
    "DYEING",
    "ENTERPRISES_PER_KM2",
    "EXAMPLES",
    "EXAMPLE_SEEDS",
    "FIGURES",
    "GENERATED_CAP_SHARE",
    "HOST_PROBABILITY",
    "KM_PER_DEGREE_LAT",
    "KM_PER_DEGREE_LON_EQUATOR",
    "MIXED_COD_CAP",
    "MIXED_STRICT_COD_CAP",
    "MUNICIPAL_SEWER_CNY_PER_M3",
    "NAME_PREFIXES",
    "PARK_LAT",
    "PARK_LON",
    "REFIT_SHARE",
    "SCALE_EXPONENT",
    "SECTOR_WORDS",
    "SERVICES",
    "SEWAGE",
    "SPRAYING",
    "SPRAYING_CENTRE",
    "TEXTILE_CENTRE",
    "TEXTILE_COD_CAP",
    "TIER_LADDER",
    "TIER_NAMES",
    "TIER_SCALE",
    "ServiceFigures",
    "build_example",
    "choose_services",
    "clustered_points",
    "cod_discharge",
    "cod_rows",
    "cod_settings",
    "demand_rows",
    "draw_demands",
    "effluent_output",
    "enterprise_names",
    "facility_capex",
    "generate_park",
    "grid_edges",
    "has_own_unit",
    "jittered_grid",
    "ladder_tiers",
    "make_ids",
    "mixed_park",
    "own_dyeing_unit",
    "own_sewage_unit",
    "own_spray_booths",
    "own_unit",
    "park_extent",
    "round_significant",
    "sectors_for",
    "service_settings",
    "spanning_tree_mask",
    "spraying_zone",
    "street_network",
    "textile_park",
    "tier_rows",
    "to_lonlat",
    "write_example",
]
