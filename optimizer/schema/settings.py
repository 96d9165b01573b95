"""The settings of ``scenario.yaml``: one declaration per setting (:data:`SETTINGS`) and the
defaults they give (a concrete dotted path is matched in :mod:`.paths`).

Amounts are in the scenario's ``currency`` (``CNY`` in every shipped scenario) at its
``cost_year``; a setting's path is dotted, with ``<service>`` and ``<pollutant>`` standing for any
declared name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .declaration import Declaration
from .limits import (
    MAX_AMOUNT,
    MAX_DISTANCE_KM,
    MAX_LIFETIME_YEARS,
    MAX_SEED,
    MAX_THREADS,
    MAX_TIME_LIMIT_S,
    MIN_LIFETIME_YEARS,
)

SettingType = Literal["str", "float", "int", "bool", "list"]


@dataclass(frozen=True)
class Setting(Declaration):
    """A setting of ``scenario.yaml``. ``path`` is dotted; ``<service>`` and ``<pollutant>`` stand
    for any declared name (``services.<service>.unit``)."""

    path: str
    type: SettingType
    description: str
    nullable: bool = False

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]


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
        maximum=MAX_AMOUNT,
    ),
    Setting(
        "services.<service>.connection_capex_cny_per_km",
        "float",
        "Capital cost of an enterprise's connection (branch pipe) per km.",
        unit="CNY/km",
        default=0.0,
        minimum=0,
        maximum=MAX_AMOUNT,
    ),
    Setting(
        "services.<service>.connection_lifetime_years",
        "float",
        "Lifetime of a connection.",
        unit="year",
        default=30.0,
        minimum=MIN_LIFETIME_YEARS,
        maximum=MAX_LIFETIME_YEARS,
    ),
    Setting(
        "services.<service>.max_distance_km",
        "float",
        "Farthest an enterprise may be from its facility; null: no limit.",
        unit="km",
        positive=True,
        maximum=MAX_DISTANCE_KM,
        nullable=True,
    ),
    Setting(
        "services.<service>.k_nearest",
        "int",
        "Keep only the k nearest sites of each enterprise; null: all within reach.",
        positive=True,
        maximum=1_000_000,
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
        maximum=1000,
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
        minimum=-MAX_AMOUNT,
        maximum=MAX_AMOUNT,
        nullable=True,
    ),
    Setting(
        "services.<service>.outputs[].transport_cny_per_unit_km",
        "float",
        "Cost of moving one unit of the stream one km to a downstream facility.",
        unit="CNY/(unit km)",
        default=0.0,
        minimum=0,
        maximum=MAX_AMOUNT,
    ),
    Setting(
        "services.<service>.outputs[].carries_pollutants",
        "bool",
        "Whether what a facility of the service does not remove leaves with this stream (its "
        "effluent; at most one stream per service); a service with none discharges it at its "
        "own outfall.",
        default=True,
    ),
    Setting(
        "services.<service>.frees_capacity",
        "bool",
        "Whether what the service removes counts as environmental capacity freed (a tail-water "
        "wetland polishing treated effluent); the plan reports it.",
        default=False,
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
        maximum=MAX_AMOUNT,
        nullable=True,
    ),
    Setting(
        "policy.capital_budget_cny",
        "float",
        "Most capex of new shared facilities; null: no limit.",
        unit="CNY",
        minimum=0,
        maximum=MAX_AMOUNT,
        nullable=True,
    ),
    Setting(
        "policy.max_facilities.<service>",
        "int",
        "Most facilities of a service.",
        minimum=0,
        maximum=1_000_000,
    ),
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
        maximum=MAX_TIME_LIMIT_S,
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
        maximum=MAX_THREADS,
    ),
    Setting(
        "solver.seed", "int", "Random seed of the solver.", default=0, minimum=0, maximum=MAX_SEED
    ),
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
