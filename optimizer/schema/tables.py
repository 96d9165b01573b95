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
from .enterprise_caps import ENTERPRISE, ENTERPRISE_CAPS, POLLUTANT, SERVICE
from .limits import (
    MAX_AMOUNT,
    MAX_AREA_M2,
    MAX_CONCENTRATION_MG_PER_L,
    MAX_LIFETIME_YEARS,
    MAX_QUANTITY_PER_DAY,
    MIN_LIFETIME_YEARS,
)
from .loan_table import LOANS
from .network_tables import DISTANCES, EDGES, LAT, LON, NODES, id_column

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


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "enterprises",
            "The SMEs of the park, one row each.",
            (
                id_column("Enterprise id, unique."),
                Column("name", "str", "Name shown in plans and maps.", title="Name"),
                Column(
                    "sector",
                    "str",
                    "Industry (dyeing, spraying, machinery, ...); colours the map.",
                    title="Sector",
                ),
                LON,
                LAT,
                Column(
                    "node",
                    "str",
                    "Network node the enterprise connects at; empty: the nearest "
                    "node (the snapping distance is reported).",
                    title="Node",
                    references="nodes",
                ),
            ),
            key=("id",),
        ),
        Table(
            "demands",
            "What each enterprise needs treated, per service, and what treating it alone would cost.",
            (
                ENTERPRISE,
                Column(
                    "service",
                    "str",
                    "Service name (declared in scenario.yaml).",
                    title="Service",
                    required=True,
                    references="services",
                ),
                Column(
                    "demand_per_day",
                    "float",
                    "Quantity to treat per operating day; 0: nothing to treat (the demand is "
                    "left out of the model).",
                    title="Demand per day",
                    unit="{unit}/d",
                    required=True,
                    minimum=0,
                    maximum=MAX_QUANTITY_PER_DAY,
                ),
                Column(
                    "standalone_capex_cny",
                    "float",
                    "Capital cost of the enterprise's own treatment unit.",
                    title="Own unit's capex",
                    unit="{currency}",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "standalone_lifetime_years",
                    "float",
                    "Lifetime of that unit (annuity).",
                    title="Own unit's lifetime",
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
                    title="Own unit's O&M",
                    unit="{currency}/year",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "self_treatment_allowed",
                    "bool",
                    "May this enterprise keep treating on its own? Empty: the service's setting.",
                    title="May treat alone",
                ),
            ),
            key=("enterprise", "service"),
        ),
        Table(
            "concentrations",
            "Pollutant concentrations of an enterprise's untreated stream (for pollutant caps).",
            (
                ENTERPRISE,
                SERVICE,
                POLLUTANT,
                Column(
                    "concentration_mg_per_l",
                    "float",
                    "Concentration before treatment; for a "
                    "service not measured in m3 it is grams per service unit.",
                    title="Concentration",
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
                id_column("Site id, unique."),
                Column("name", "str", "Name shown in plans and maps.", title="Name"),
                LON,
                LAT,
                Column(
                    "node",
                    "str",
                    "Network node of the site; empty: the nearest node.",
                    title="Node",
                    references="nodes",
                ),
                Column(
                    "area_m2",
                    "float",
                    "Land available for facilities; empty: no limit.",
                    title="Land available",
                    unit="m2",
                    positive=True,
                    maximum=MAX_AREA_M2,
                ),
                Column(
                    "status",
                    "str",
                    "required: must host at least one facility; forbidden: may host none.",
                    title="Status",
                    default="optional",
                    choices=("required", "optional", "forbidden"),
                ),
                Column(
                    "services",
                    "str",
                    "Services the site may host; empty: any service that has tiers there.",
                    title="Services hosted",
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
                    title="Site",
                    required=True,
                    references="sites",
                ),
                SERVICE,
                Column(
                    "tier", "str", "Tier name (small, medium, ...).", title="Tier", required=True
                ),
                Column(
                    "capacity_per_day",
                    "float",
                    "Treatment capacity.",
                    title="Capacity per day",
                    unit="{unit}/d",
                    required=True,
                    positive=True,
                    maximum=MAX_QUANTITY_PER_DAY,
                ),
                Column(
                    "capex_cny",
                    "float",
                    "Investment; ignored (sunk) for an existing facility.",
                    title="Capex",
                    unit="{currency}",
                    required=True,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "lifetime_years",
                    "float",
                    "Economic lifetime (annuity).",
                    title="Lifetime",
                    unit="year",
                    required=True,
                    minimum=MIN_LIFETIME_YEARS,
                    maximum=MAX_LIFETIME_YEARS,
                ),
                Column(
                    "fixed_om_cny_per_year",
                    "float",
                    "Fixed operation and maintenance.",
                    title="Fixed O&M",
                    unit="{currency}/year",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "variable_cost_cny_per_unit",
                    "float",
                    "Cost per unit treated; negative for net revenue (e.g. steam sales).",
                    title="Variable cost",
                    unit="{currency}/{unit}",
                    default=0.0,
                    minimum=-MAX_AMOUNT,
                    maximum=MAX_AMOUNT,
                ),
                Column(
                    "area_m2",
                    "float",
                    "Land the facility occupies.",
                    title="Land needed",
                    unit="m2",
                    default=0.0,
                    minimum=0,
                    maximum=MAX_AREA_M2,
                ),
                Column(
                    "existing",
                    "bool",
                    "Already built: open at no capex.",
                    title="Existing",
                    default=False,
                ),
            ),
            key=("site", "service", "tier"),
        ),
        NODES,
        EDGES,
        DISTANCES,
        LOANS,
    )
}

#: The order tables are written in (and shown in the app).
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)
