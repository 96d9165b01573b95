"""The scenario's tables: one declaration per column (type, unit, range, references) and the
tables they form (:data:`TABLES`), with the conventions of table cells (ids, lists, ``*``).

Amounts carry their currency and unit in the column name (``capex_cny``, ``length_km``).
Quantities of a service are in that service's own ``unit`` (m3 of sewage, t of sludge, ...), so
the quantity columns say ``per_day`` and the unit comes from ``services.<name>.unit``.
"""

from __future__ import annotations

from .columns import (
    ALL_SITES,
    ID_SEPARATOR,
    LIST_SEPARATOR,
    PANDAS_DTYPES,
    Column,
    ColumnType,
    Table,
)
from .declaration import FRACTION
from .enterprise_caps import ENTERPRISE, ENTERPRISE_CAPS, POLLUTANT
from .limits import (
    MAX_AMOUNT,
    MAX_AREA_M2,
    MAX_CONCENTRATION_MG_PER_L,
    MAX_DISTANCE_KM,
    MAX_EXPLICIT_DISTANCE_KM,
    MAX_LIFETIME_YEARS,
    MAX_QUANTITY_PER_DAY,
    MIN_LIFETIME_YEARS,
)

__all__ = [
    "ALL_SITES",
    "ID_SEPARATOR",
    "LIST_SEPARATOR",
    "PANDAS_DTYPES",
    "TABLES",
    "TABLE_ORDER",
    "Column",
    "ColumnType",
    "Table",
]


def _id(description: str) -> Column:
    return Column("id", "str", description, required=True)


_LON = Column(
    "lon", "float", "Longitude (WGS84).", unit="degree", required=True, minimum=-180, maximum=180
)
_LAT = Column(
    "lat", "float", "Latitude (WGS84).", unit="degree", required=True, minimum=-90, maximum=90
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "enterprises",
            "The SMEs of the park, one row each.",
            (
                _id("Enterprise id, unique."),
                Column("name", "str", "Name shown in plans and maps."),
                Column(
                    "sector", "str", "Industry (dyeing, spraying, machinery, ...); colours the map."
                ),
                _LON,
                _LAT,
                Column(
                    "node",
                    "str",
                    "Network node the enterprise connects at; empty: the nearest "
                    "node (the snapping distance is reported).",
                    references="nodes",
                ),
            ),
            key=("id",),
        ),
        Table(
            "demands",
            "What each enterprise needs treated, per service, and what treating it alone would cost.",
            (
                Column(
                    "enterprise", "str", "Enterprise id.", required=True, references="enterprises"
                ),
                Column(
                    "service",
                    "str",
                    "Service name (declared in scenario.yaml).",
                    required=True,
                    references="services",
                ),
                Column(
                    "demand_per_day",
                    "float",
                    "Quantity to treat per operating day; 0: nothing to treat (the demand is "
                    "left out of the model).",
                    unit="service unit/d",
                    required=True,
                    minimum=0,
                    maximum=MAX_QUANTITY_PER_DAY,
                ),
                Column(
                    "standalone_capex_cny",
                    "float",
                    "Capital cost of the enterprise's own treatment unit.",
                    unit="{currency}",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "standalone_lifetime_years",
                    "float",
                    "Lifetime of that unit (annuity).",
                    unit="year",
                    default=15.0,
                    minimum=MIN_LIFETIME_YEARS,
                    maximum=MAX_LIFETIME_YEARS,
                ),
                Column(
                    "standalone_om_cny_per_year",
                    "float",
                    "Yearly operation and maintenance "
                    "of the own unit, including its discharge fees.",
                    unit="{currency}/year",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "self_treatment_allowed",
                    "bool",
                    "May this enterprise keep treating on its own? Empty: the service's setting.",
                ),
            ),
            key=("enterprise", "service"),
        ),
        Table(
            "concentrations",
            "Pollutant concentrations of an enterprise's untreated stream (for pollutant caps).",
            (
                ENTERPRISE,
                Column("service", "str", "Service name.", required=True, references="services"),
                POLLUTANT,
                Column(
                    "concentration_mg_per_l",
                    "float",
                    "Concentration before treatment; for a "
                    "service not measured in m3 it is grams per service unit.",
                    unit="mg/L",
                    required=True,
                    minimum=0,
                    maximum=MAX_CONCENTRATION_MG_PER_L,
                ),
            ),
            key=("enterprise", "service", "pollutant"),
            required=False,
        ),
        ENTERPRISE_CAPS,
        Table(
            "sites",
            "Candidate sites for shared facilities.",
            (
                _id("Site id, unique."),
                Column("name", "str", "Name shown in plans and maps."),
                _LON,
                _LAT,
                Column(
                    "node",
                    "str",
                    "Network node of the site; empty: the nearest node.",
                    references="nodes",
                ),
                Column(
                    "area_m2",
                    "float",
                    "Land available for facilities; empty: no limit.",
                    unit="m2",
                    positive=True,
                    maximum=MAX_AREA_M2,
                ),
                Column(
                    "status",
                    "str",
                    "required: must host at least one facility; forbidden: may host none.",
                    default="optional",
                    choices=("required", "optional", "forbidden"),
                ),
                Column(
                    "services",
                    "str",
                    "Services the site may host; empty: any service that has tiers there.",
                    list_of=("services",),
                    references="services",
                ),
            ),
            key=("id",),
        ),
        Table(
            "tiers",
            "Facility sizes that may be built: per site (or '*' for every site) and service.",
            (
                Column(
                    "site",
                    "str",
                    "Site id, or '*' for every site that may host the service.",
                    required=True,
                    references="sites",
                ),
                Column("service", "str", "Service name.", required=True, references="services"),
                Column("tier", "str", "Tier name (small, medium, ...).", required=True),
                Column(
                    "capacity_per_day",
                    "float",
                    "Treatment capacity.",
                    unit="service unit/d",
                    required=True,
                    positive=True,
                    maximum=MAX_QUANTITY_PER_DAY,
                ),
                Column(
                    "capex_cny",
                    "float",
                    "Investment; ignored (sunk) for an existing facility.",
                    unit="{currency}",
                    required=True,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "lifetime_years",
                    "float",
                    "Economic lifetime (annuity).",
                    unit="year",
                    required=True,
                    minimum=MIN_LIFETIME_YEARS,
                    maximum=MAX_LIFETIME_YEARS,
                ),
                Column(
                    "fixed_om_cny_per_year",
                    "float",
                    "Fixed operation and maintenance.",
                    unit="{currency}/year",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "variable_cost_cny_per_unit",
                    "float",
                    "Cost per unit treated; negative for net revenue (e.g. steam sales).",
                    unit="{currency}/service unit",
                    default=0.0,
                    minimum=-MAX_AMOUNT,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "area_m2",
                    "float",
                    "Land the facility occupies.",
                    unit="m2",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AREA_M2,
                ),
                Column("existing", "bool", "Already built: open at no capex.", default=False),
            ),
            key=("site", "service", "tier"),
        ),
        Table(
            "nodes",
            "Junctions of the park network (pipes, roads).",
            (_id("Node id, unique."), _LON, _LAT),
            key=("id",),
            required=False,
        ),
        Table(
            "edges",
            "Links of the park network.",
            (
                Column("from_node", "str", "Node id.", required=True, references="nodes"),
                Column("to_node", "str", "Node id.", required=True, references="nodes"),
                Column(
                    "length_km",
                    "float",
                    "Length.",
                    unit="km",
                    required=True,
                    positive=True,
                    maximum=MAX_DISTANCE_KM,
                ),
                Column(
                    "modes",
                    "str",
                    "Conveyance modes that may use the edge.",
                    default="pipe;road",
                    list_of=("pipe", "road"),
                ),
            ),
            key=("from_node", "to_node"),
            required=False,
        ),
        Table(
            "distances",
            "Explicit distances, e.g. from a GIS study. When this table is given, the pairs it "
            "lists are the only ones within reach and the network is not used for them.",
            (
                Column(
                    "enterprise", "str", "Enterprise id.", required=True, references="enterprises"
                ),
                Column("site", "str", "Site id.", required=True, references="sites"),
                Column(
                    "distance_km",
                    "float",
                    "Distance.",
                    unit="km",
                    required=True,
                    minimum=0,
                    maximum=MAX_EXPLICIT_DISTANCE_KM,
                ),
            ),
            key=("enterprise", "site"),
            required=False,
        ),
        Table(
            "loans",
            "Green loans that may finance the capex of new shared facilities, besides own funds "
            "(at the discount rate) and the subsidy (a grant).",
            (
                _id("Loan id, unique (a green-loan programme, a bank's credit line)."),
                Column(
                    "interest_rate",
                    "float",
                    "Yearly interest rate, stated as discount_rate is (both real, or both nominal).",
                    unit=FRACTION,
                    required=True,
                    minimum=0,
                    maximum=0.5,
                ),
                Column(
                    "tenor_years",
                    "float",
                    "Years over which the loan is repaid in equal yearly payments.",
                    unit="year",
                    required=True,
                    minimum=MIN_LIFETIME_YEARS,
                    maximum=MAX_LIFETIME_YEARS,
                ),
                Column(
                    "quota_cny",
                    "float",
                    "Most capex the loan may finance, over the whole park; empty: no limit.",
                    unit="{currency}",
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "services",
                    "str",
                    "Services whose facilities the loan may finance; empty: every service.",
                    list_of=("services",),
                    references="services",
                ),
            ),
            key=("id",),
            required=False,
        ),
    )
}

#: The order tables are written in (and shown in the app).
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)
