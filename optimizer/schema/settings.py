"""The settings of ``scenario.yaml``: one declaration per setting (:data:`SETTINGS`; the
``solver.*`` ones in :mod:`.solver_settings`) and the defaults they give (a concrete dotted path is matched in :mod:`.paths`).

Amounts are in the scenario's ``currency`` (``CNY`` in every shipped scenario) at its
``cost_year``; a setting's path is dotted, with ``<service>`` and ``<pollutant>`` standing for any
declared name.
"""

from __future__ import annotations

from typing import Any

from .declaration import FRACTION, Setting
from .limits import MAX_AMOUNT, MAX_DISTANCE_KM, MAX_LIFETIME_YEARS, MIN_LIFETIME_YEARS
from .solver_settings import SOLVER_SETTINGS

SETTINGS: tuple[Setting, ...] = (
    Setting("name", "str", "Scenario name.", required=True, title="Scenario name"),
    Setting(
        "description",
        "str",
        "What the scenario represents and where its figures come from.",
        default="",
        title="Description",
    ),
    Setting(
        "currency",
        "str",
        "Currency of every amount (columns and settings ending in _cny).",
        default="CNY",
        title="Currency",
    ),
    Setting(
        "cost_year",
        "int",
        "Price year of every amount.",
        required=True,
        minimum=1900,
        maximum=2200,
        title="Price year",
    ),
    Setting(
        "discount_rate",
        "float",
        "Real discount rate for annuities (0.08 commercial, 0.06 public-welfare water projects).",
        default=0.08,
        minimum=0,
        maximum=0.5,
        title="Discount rate (real)",
        unit=FRACTION,
    ),
    Setting(
        "detour_factor",
        "float",
        "Great-circle distance times this factor when there is no network.",
        default=1.3,
        minimum=1,
        maximum=5,
        title="Detour factor without a network",
        unit="x",
    ),
    # services
    Setting(
        "services.<service>.unit",
        "str",
        "Unit of the service's quantities (m3, t, ...).",
        required=True,
        title="Unit of quantities",
    ),
    Setting(
        "services.<service>.operating_days_per_year",
        "float",
        "Days a year the service runs.",
        unit="d/year",
        default=330.0,
        positive=True,
        maximum=366,
        title="Operating days",
    ),
    Setting(
        "services.<service>.conveyance",
        "str",
        "How a stream reaches a facility.",
        required=True,
        choices=("pipe", "road"),
        title="Conveyance",
    ),
    Setting(
        "services.<service>.transport_cny_per_unit_km",
        "float",
        "Cost of moving one unit one km (pumping, haulage).",
        unit="{currency}/({unit} km)",
        default=0.0,
        minimum=0,
        maximum=MAX_AMOUNT,
        title="Transport cost",
    ),
    Setting(
        "services.<service>.connection_capex_cny_per_km",
        "float",
        "Capital cost of an enterprise's connection (branch pipe) per km.",
        unit="{currency}/km",
        default=0.0,
        minimum=0,
        maximum=MAX_AMOUNT,
        title="Connection capex",
    ),
    Setting(
        "services.<service>.connection_lifetime_years",
        "float",
        "Lifetime of a connection.",
        unit="year",
        default=30.0,
        minimum=MIN_LIFETIME_YEARS,
        maximum=MAX_LIFETIME_YEARS,
        title="Connection lifetime",
    ),
    Setting(
        "services.<service>.max_distance_km",
        "float",
        "Farthest an enterprise may be from its facility; null: no limit.",
        unit="km",
        positive=True,
        maximum=MAX_DISTANCE_KM,
        nullable=True,
        title="Farthest distance to a facility",
    ),
    Setting(
        "services.<service>.k_nearest",
        "int",
        "Keep only the k nearest sites of each enterprise; null: all within reach.",
        positive=True,
        maximum=1_000_000,
        nullable=True,
        title="Nearest sites kept",
        unit="sites",
    ),
    Setting(
        "services.<service>.self_treatment_allowed",
        "bool",
        "May enterprises keep treating on their own (overridable per demand)?",
        default=True,
        title="Enterprises may treat alone",
    ),
    Setting(
        "services.<service>.outputs",
        "list",
        "What leaves a facility of this service: a list "
        "of streams (name, ratio, to, sink_price_cny_per_unit, transport_cny_per_unit_km).",
        default=[],
        title="Onward streams",
    ),
    Setting(
        "services.<service>.outputs[].name",
        "str",
        "Stream name (effluent, sludge).",
        required=True,
        title="Stream",
    ),
    Setting(
        "services.<service>.outputs[].ratio",
        "float",
        "Stream per unit of the facility's load.",
        unit="stream unit/{unit}",
        required=True,
        positive=True,
        maximum=1000,
        title="Stream per unit treated",
    ),
    Setting(
        "services.<service>.outputs[].to",
        "str",
        "Downstream service that takes the stream; null: only the external sink.",
        nullable=True,
        title="Taken on by service",
    ),
    Setting(
        "services.<service>.outputs[].sink_price_cny_per_unit",
        "float",
        "Price of sending "
        "the stream to the external sink (municipal sewer, disposal); null: no sink.",
        unit="{currency}/stream unit",
        minimum=-MAX_AMOUNT,
        maximum=MAX_AMOUNT,
        nullable=True,
        title="Price of the external sink",
    ),
    Setting(
        "services.<service>.outputs[].transport_cny_per_unit_km",
        "float",
        "Cost of moving one unit of the stream one km to a downstream facility.",
        unit="{currency}/(stream unit km)",
        default=0.0,
        minimum=0,
        maximum=MAX_AMOUNT,
        title="Stream transport cost",
    ),
    Setting(
        "services.<service>.outputs[].carries_pollutants",
        "bool",
        "Whether what a facility of the service does not remove leaves with this stream (its "
        "effluent; at most one stream per service); a service with none discharges it at its "
        "own outfall.",
        default=True,
        title="Stream carries the pollutants left",
    ),
    Setting(
        "services.<service>.frees_capacity",
        "bool",
        "Whether what the service removes counts as environmental capacity freed (a tail-water "
        "wetland polishing treated effluent); the plan reports it.",
        default=False,
        title="Removal frees environmental capacity",
    ),
    # pollutants
    Setting(
        "pollutants.<pollutant>.cap_t_per_year",
        "float",
        "Park-wide yearly discharge cap; null: no cap.",
        unit="t/year",
        minimum=0,
        maximum=1e9,
        nullable=True,
        title="Park-wide discharge cap",
    ),
    Setting(
        "pollutants.<pollutant>.outfall_cap_t_per_year.<service>",
        "float",
        "Cap on what the service's facilities discharge (at their outfalls or through their "
        "stream's external sink): an outfall's permit; null: no cap.",
        unit="t/year",
        minimum=0,
        maximum=1e9,
        nullable=True,
        title="Outfall discharge cap of {service}",
    ),
    Setting(
        "pollutants.<pollutant>.removal.<service>.shared",
        "float",
        "Share removed by a shared facility of the service.",
        required=True,
        minimum=0,
        maximum=1,
        title="Removed by a shared {service} facility",
        unit=FRACTION,
    ),
    Setting(
        "pollutants.<pollutant>.removal.<service>.self",
        "float",
        "Share removed by an enterprise's own treatment.",
        required=True,
        minimum=0,
        maximum=1,
        title="Removed by an enterprise's own {service} treatment",
        unit=FRACTION,
    ),
    # policy
    Setting(
        "policy.subsidy_rate",
        "float",
        "Share of shared-facility capex (annuity) that is subsidised.",
        default=0.0,
        minimum=0,
        maximum=1,
        title="Subsidy rate (every service)",
        unit=FRACTION,
    ),
    Setting(
        "policy.subsidy_rate_by_service.<service>",
        "float",
        "Subsidy rate for one service, overriding policy.subsidy_rate.",
        minimum=0,
        maximum=1,
        title="Subsidy rate for {service}",
        unit=FRACTION,
    ),
    Setting(
        "policy.subsidy_budget_cny_per_year",
        "float",
        "Most subsidy paid a year; null: no limit.",
        unit="{currency}/year",
        minimum=0,
        maximum=MAX_AMOUNT,
        nullable=True,
        title="Subsidy budget",
    ),
    Setting(
        "policy.capital_budget_cny",
        "float",
        "Most capex of new shared facilities; null: no limit.",
        unit="{currency}",
        minimum=0,
        maximum=MAX_AMOUNT,
        nullable=True,
        title="Capital budget",
    ),
    Setting(
        "policy.max_facilities.<service>",
        "int",
        "Most facilities of a service.",
        minimum=0,
        maximum=1_000_000,
        title="Most {service} facilities",
        unit="facilities",
    ),
    *SOLVER_SETTINGS,
)

#: Every setting by its declared path.
SETTINGS_BY_PATH: dict[str, Setting] = {s.path: s for s in SETTINGS}

#: Top-level keys of scenario.yaml that are not settings of the model.
STRUCTURE_KEYS: tuple[str, ...] = ("variants",)

#: What a variant under ``variants`` may say: what it is, what it changes, whom it combines.
VARIANT_KEYS: tuple[str, ...] = ("description", "overrides", "combine")


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
