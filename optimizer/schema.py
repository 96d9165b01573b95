"""One declaration per column and per setting.

Everything that reads, checks, edits or documents scenario data starts here: the loader coerces
cells to the declared types, :mod:`optimizer.checks` tests the declared ranges and references, the
app builds its table editors from the declarations, and ``docs/scenario-format.md`` is generated
from them (:func:`format_reference`).

Amounts carry their currency and unit in the column name (``capex_cny``, ``length_km``).  Amounts
are in the scenario's ``currency`` (``CNY`` in every shipped scenario) at its ``cost_year``.
Quantities of a service are in that service's own ``unit`` (m3 of sewage, t of sludge, ...), so
the quantity columns say ``per_day`` and the unit comes from ``services.<name>.unit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ColumnType = Literal["str", "float", "int", "bool"]

#: pandas dtype used for each declared type (nullable, so an empty optional cell stays <NA>).
PANDAS_DTYPES: dict[str, str] = {
    "str": "string",
    "float": "Float64",
    "int": "Int64",
    "bool": "boolean",
}

#: Value written in ``tiers.site`` for a tier offered at every site that may host the service.
ALL_SITES = "*"

#: Separator of the parts of a composite row id (``E1/sewage``) and of list cells (``pipe;road``).
ID_SEPARATOR = "/"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """A table column: its type, unit, whether it is required, its default and its allowed range.

    ``minimum``/``maximum`` are inclusive bounds; ``positive`` demands a value strictly above zero.
    ``references`` names what the value must exist in: a table (``"nodes"``), ``"services"`` or
    ``"pollutants"`` (declared in ``scenario.yaml``).
    """

    name: str
    type: ColumnType
    description: str
    unit: str = ""
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()
    references: str | None = None
    list_of: tuple[str, ...] = ()

    @property
    def dtype(self) -> str:
        return PANDAS_DTYPES[self.type]

    def expectation(self) -> str:
        """Say in words what a valid value looks like (used in error messages and the docs).

        >>> LAT = Column("lat", "float", "latitude", minimum=-90, maximum=90)
        >>> LAT.expectation()
        'a number from -90 to 90'
        >>> Column("n", "int", "count", positive=True).expectation()
        'a whole number above 0'
        """
        noun = {
            "str": "text",
            "float": "a number",
            "int": "a whole number",
            "bool": "true or false",
        }[self.type]
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.list_of:
            return f"a list of {', '.join(self.list_of)} separated by '{LIST_SEPARATOR}'"
        if self.positive:
            return f"{noun} above 0" + (f" and at most {self.maximum:g}" if self.maximum else "")
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"{noun} of at least {self.minimum:g}"
        if self.maximum is not None:
            return f"{noun} of at most {self.maximum:g}"
        return noun


@dataclass(frozen=True)
class Table:
    """A scenario table: its columns, the columns that form a row's id, and whether it must exist."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = True

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    @property
    def dtypes(self) -> dict[str, str]:
        return {column.name: column.dtype for column in self.columns}


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
                    "Quantity to treat per operating day.",
                    unit="service unit/d",
                    required=True,
                    positive=True,
                ),
                Column(
                    "standalone_capex_cny",
                    "float",
                    "Capital cost of the enterprise's own treatment unit.",
                    unit="CNY",
                    default=0.0,
                    minimum=0,
                ),
                Column(
                    "standalone_lifetime_years",
                    "float",
                    "Lifetime of that unit (annuity).",
                    unit="year",
                    default=15.0,
                    positive=True,
                ),
                Column(
                    "standalone_om_cny_per_year",
                    "float",
                    "Yearly operation and maintenance "
                    "of the own unit, including its discharge fees.",
                    unit="CNY/year",
                    default=0.0,
                    minimum=0,
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
                Column(
                    "enterprise", "str", "Enterprise id.", required=True, references="enterprises"
                ),
                Column("service", "str", "Service name.", required=True, references="services"),
                Column(
                    "pollutant",
                    "str",
                    "Pollutant name (declared in scenario.yaml).",
                    required=True,
                    references="pollutants",
                ),
                Column(
                    "concentration_mg_per_l",
                    "float",
                    "Concentration before treatment; for a "
                    "service not measured in m3 it is grams per service unit.",
                    unit="mg/L",
                    required=True,
                    minimum=0,
                ),
            ),
            key=("enterprise", "service", "pollutant"),
            required=False,
        ),
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
                ),
                Column(
                    "capex_cny",
                    "float",
                    "Investment; ignored (sunk) for an existing facility.",
                    unit="CNY",
                    required=True,
                    minimum=0,
                ),
                Column(
                    "lifetime_years",
                    "float",
                    "Economic lifetime (annuity).",
                    unit="year",
                    required=True,
                    positive=True,
                ),
                Column(
                    "fixed_om_cny_per_year",
                    "float",
                    "Fixed operation and maintenance.",
                    unit="CNY/year",
                    default=0.0,
                    minimum=0,
                ),
                Column(
                    "variable_cost_cny_per_unit",
                    "float",
                    "Cost per unit treated; negative for net revenue (e.g. steam sales).",
                    unit="CNY/service unit",
                    default=0.0,
                ),
                Column(
                    "area_m2",
                    "float",
                    "Land the facility occupies.",
                    unit="m2",
                    default=0.0,
                    minimum=0,
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
                Column("length_km", "float", "Length.", unit="km", required=True, positive=True),
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
                Column("distance_km", "float", "Distance.", unit="km", required=True, minimum=0),
            ),
            key=("enterprise", "site"),
            required=False,
        ),
    )
}

#: The order tables are written in (and shown in the app).
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)


# ---------------------------------------------------------------------------------------------
# Settings (scenario.yaml)
# ---------------------------------------------------------------------------------------------

SettingType = Literal["str", "float", "int", "bool", "list"]


@dataclass(frozen=True)
class Setting:
    """A setting of ``scenario.yaml``. ``path`` is dotted; ``<service>`` and ``<pollutant>`` stand
    for any declared name (``services.<service>.unit``)."""

    path: str
    type: SettingType
    description: str
    unit: str = ""
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()
    nullable: bool = False

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def expectation(self) -> str:
        """Say in words what a valid value looks like.

        >>> Setting("discount_rate", "float", "", minimum=0, maximum=0.5).expectation()
        'a number from 0 to 0.5'
        """
        return Column(
            self.name,
            "str" if self.type == "list" else self.type,
            "",
            minimum=self.minimum,
            maximum=self.maximum,
            positive=self.positive,
            choices=self.choices,
        ).expectation()


SETTINGS: tuple[Setting, ...] = (
    Setting("name", "str", "Scenario name.", required=True),
    Setting(
        "description",
        "str",
        "What the scenario represents and where its figures come from.",
        default="",
    ),
    Setting(
        "currency",
        "str",
        "Currency of every amount (columns and settings ending in _cny).",
        default="CNY",
    ),
    Setting(
        "cost_year", "int", "Price year of every amount.", required=True, minimum=1900, maximum=2200
    ),
    Setting(
        "discount_rate",
        "float",
        "Real discount rate for annuities (0.08 commercial, 0.06 public-welfare water projects).",
        default=0.08,
        minimum=0,
        maximum=0.5,
    ),
    Setting(
        "detour_factor",
        "float",
        "Great-circle distance times this factor when there is no network.",
        default=1.3,
        minimum=1,
        maximum=5,
    ),
    # services
    Setting(
        "services.<service>.unit",
        "str",
        "Unit of the service's quantities (m3, t, ...).",
        required=True,
    ),
    Setting(
        "services.<service>.operating_days_per_year",
        "float",
        "Days a year the service runs.",
        unit="d/year",
        default=330.0,
        positive=True,
        maximum=366,
    ),
    Setting(
        "services.<service>.conveyance",
        "str",
        "How a stream reaches a facility.",
        required=True,
        choices=("pipe", "road"),
    ),
    Setting(
        "services.<service>.transport_cny_per_unit_km",
        "float",
        "Cost of moving one unit one km (pumping, haulage).",
        unit="CNY/(unit km)",
        default=0.0,
        minimum=0,
    ),
    Setting(
        "services.<service>.connection_capex_cny_per_km",
        "float",
        "Capital cost of an enterprise's connection (branch pipe) per km.",
        unit="CNY/km",
        default=0.0,
        minimum=0,
    ),
    Setting(
        "services.<service>.connection_lifetime_years",
        "float",
        "Lifetime of a connection.",
        unit="year",
        default=30.0,
        positive=True,
    ),
    Setting(
        "services.<service>.max_distance_km",
        "float",
        "Farthest an enterprise may be from its facility; null: no limit.",
        unit="km",
        positive=True,
        nullable=True,
    ),
    Setting(
        "services.<service>.k_nearest",
        "int",
        "Keep only the k nearest sites of each enterprise; null: all within reach.",
        positive=True,
        nullable=True,
    ),
    Setting(
        "services.<service>.self_treatment_allowed",
        "bool",
        "May enterprises keep treating on their own (overridable per demand)?",
        default=True,
    ),
    Setting(
        "services.<service>.outputs",
        "list",
        "What leaves a facility of this service: a list "
        "of streams (name, ratio, to, sink_price_cny_per_unit, transport_cny_per_unit_km).",
        default=[],
    ),
    Setting(
        "services.<service>.outputs[].name", "str", "Stream name (effluent, sludge).", required=True
    ),
    Setting(
        "services.<service>.outputs[].ratio",
        "float",
        "Stream per unit of the facility's load.",
        unit="unit out/unit in",
        required=True,
        positive=True,
    ),
    Setting(
        "services.<service>.outputs[].to",
        "str",
        "Downstream service that takes the stream; null: only the external sink.",
        nullable=True,
    ),
    Setting(
        "services.<service>.outputs[].sink_price_cny_per_unit",
        "float",
        "Price of sending "
        "the stream to the external sink (municipal sewer, disposal); null: no sink.",
        unit="CNY/unit out",
        nullable=True,
    ),
    Setting(
        "services.<service>.outputs[].transport_cny_per_unit_km",
        "float",
        "Cost of moving one unit of the stream one km to a downstream facility.",
        unit="CNY/(unit km)",
        default=0.0,
        minimum=0,
    ),
    # pollutants
    Setting(
        "pollutants.<pollutant>.cap_t_per_year",
        "float",
        "Park-wide yearly discharge cap; null: no cap.",
        unit="t/year",
        minimum=0,
        nullable=True,
    ),
    Setting(
        "pollutants.<pollutant>.removal.<service>.shared",
        "float",
        "Share removed by a shared facility of the service.",
        required=True,
        minimum=0,
        maximum=1,
    ),
    Setting(
        "pollutants.<pollutant>.removal.<service>.self",
        "float",
        "Share removed by an enterprise's own treatment.",
        required=True,
        minimum=0,
        maximum=1,
    ),
    # policy
    Setting(
        "policy.subsidy_rate",
        "float",
        "Share of shared-facility capex (annuity) that is subsidised.",
        default=0.0,
        minimum=0,
        maximum=1,
    ),
    Setting(
        "policy.subsidy_rate_by_service.<service>",
        "float",
        "Subsidy rate for one service, overriding policy.subsidy_rate.",
        minimum=0,
        maximum=1,
    ),
    Setting(
        "policy.subsidy_budget_cny_per_year",
        "float",
        "Most subsidy paid a year; null: no limit.",
        unit="CNY/year",
        minimum=0,
        nullable=True,
    ),
    Setting(
        "policy.capital_budget_cny",
        "float",
        "Most capex of new shared facilities; null: no limit.",
        unit="CNY",
        minimum=0,
        nullable=True,
    ),
    Setting("policy.max_facilities.<service>", "int", "Most facilities of a service.", minimum=0),
    # solver
    Setting(
        "solver.name", "str", "Solver: highs (default) or any Pyomo solver name.", default="highs"
    ),
    Setting(
        "solver.time_limit_s",
        "float",
        "Stop after this many seconds with the best plan.",
        unit="s",
        default=300.0,
        positive=True,
    ),
    Setting(
        "solver.mip_gap",
        "float",
        "Stop when the relative gap is at most this.",
        default=1e-4,
        minimum=0,
        maximum=1,
    ),
    Setting(
        "solver.threads",
        "int",
        "Solver threads. With 2 or more, large models run the heuristic first plan beside HiGHS's "
        "search instead of before it (docs/model.md).",
        default=1,
        positive=True,
    ),
    Setting("solver.seed", "int", "Random seed of the solver.", default=0, minimum=0),
    Setting(
        "solver.single_sourcing",
        "bool",
        "Each demand goes to one place (else it may be split).",
        default=True,
    ),
    Setting(
        "solver.strong_linking",
        "str",
        "Add assign <= open for every pair: a tighter bound, a larger model. 'auto' adds it to "
        "models with more than 20,000 pairs, where it pays (docs/model.md).",
        default="auto",
        choices=("auto", "always", "never"),
    ),
)

#: Top-level keys of scenario.yaml that are not settings of the model.
STRUCTURE_KEYS: tuple[str, ...] = ("variants",)


def setting(path: str) -> Setting:
    """Return the declaration matching a concrete dotted path (names replaced by placeholders).

    >>> setting("services.sewage.unit").path
    'services.<service>.unit'
    >>> setting("pollutants.COD.removal.sewage.shared").name
    'shared'
    """
    parts = path.split(".")
    for declared in SETTINGS:
        pattern = declared.path.split(".")
        if len(pattern) == len(parts) and all(
            p == q or (p.startswith("<") and p.endswith(">"))
            for p, q in zip(pattern, parts, strict=True)
        ):
            return declared
    raise KeyError(path)


def defaults() -> dict[str, Any]:
    """Top-level defaults of the settings without placeholders (``discount_rate``, ``solver.*``)."""
    out: dict[str, Any] = {}
    for declared in SETTINGS:
        if "<" in declared.path or "[" in declared.path or declared.default is None:
            continue
        node = out
        *parents, leaf = declared.path.split(".")
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = declared.default
    return out


def service_defaults() -> dict[str, Any]:
    """Defaults of a service's settings."""
    prefix = "services.<service>."
    return {
        s.path[len(prefix) :]: s.default
        for s in SETTINGS
        if s.path.startswith(prefix) and "." not in s.path[len(prefix) :] and s.default is not None
    }


def output_defaults() -> dict[str, Any]:
    """Defaults of an output stream's settings."""
    prefix = "services.<service>.outputs[]."
    return {
        s.path[len(prefix) :]: s.default
        for s in SETTINGS
        if s.path.startswith(prefix) and s.default is not None
    }


def format_reference() -> str:
    """The scenario-format reference (Markdown), written to ``docs/scenario-format.md``."""
    lines = [
        "# Scenario format",
        "",
        "<!-- Generated from optimizer/schema.py by `python -m optimizer.schema`; do not edit. -->",
        "",
        "A scenario is a folder with `scenario.yaml` and one CSV file per table, or one `.xlsx`",
        "workbook with a `settings` sheet (columns `key` and `value`: one row per setting, the key",
        "dotted as in `policy.subsidy_rate`, the value in YAML) and one sheet per table.",
        "Amounts are in the scenario's `currency` at its `cost_year`; quantities of a service are in",
        "its own `unit`. Empty cells take the default. A row's id is its key columns joined by `/`.",
        "",
        "## Tables",
        "",
    ]
    for table in TABLES.values():
        need = "required" if table.required else "optional"
        lines += [
            f"### `{table.name}` ({need}; id: {' + '.join(table.key)})",
            "",
            table.description,
            "",
            "| column | type | unit | required | default | allowed | description |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for c in table.columns:
            default = "" if c.default is None else f"`{c.default}`"
            allowed = c.expectation()
            if c.references:
                allowed += f"; must exist in {c.references}"
            lines.append(
                f"| `{c.name}` | {c.type} | {c.unit} | {'yes' if c.required else ''} | "
                f"{default} | {allowed} | {c.description} |"
            )
        lines.append("")
    lines += [
        "## Settings (`scenario.yaml`)",
        "",
        "| setting | type | unit | required | default | allowed | description |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        default = "" if s.default is None else f"`{s.default}`"
        allowed = s.expectation() + ("; or null" if s.nullable else "")
        lines.append(
            f"| `{s.path}` | {s.type} | {s.unit} | {'yes' if s.required else ''} | "
            f"{default} | {allowed} | {s.description} |"
        )
    lines += ["", VARIANTS_HELP]
    return "\n".join(lines) + "\n"


VARIANTS_HELP = """## Variants and overrides

`variants` in `scenario.yaml` names partial overrides of the base scenario:

```yaml
variants:
  subsidy-40:
    description: 40% capex subsidy
    overrides:
      policy.subsidy_rate: 0.4
  dear-capex:
    overrides:
      tiers[service=sewage].capex_cny*: 1.2   # multiply a column (rows where service is sewage)
      sites[S3].status: forbidden             # set one cell of the row whose id is S3
  dear-and-subsidised:
    combine: [subsidy-40, dear-capex]         # a variant may combine others
    overrides: {}
```

An override key is a dotted settings path (`policy.subsidy_rate`), or `table.column` for a whole
column, optionally narrowed to rows by `[row id]` or `[column=value]`. A trailing `*` multiplies
instead of setting. Select a variant with `--variant NAME`; several with `--variant a,b`. Two
variants that set the same key (or a column and a cell of it) in one combination are an error
naming both. Batch sweeps use the same keys: `--sweep policy.subsidy_rate=0,0.2,0.4`.
"""


if __name__ == "__main__":  # pragma: no cover - regenerates the docs page
    import pathlib

    target = pathlib.Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"
    target.write_text(format_reference(), encoding="utf-8")
    print(f"wrote {target.name}")
