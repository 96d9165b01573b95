"""The Scenario value: one park's settings and tables with any variant applied, the settings with
their defaults filled in (:func:`resolved_settings`), and the hash of its resolved inputs."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import pandas as pd

from .. import schema
from ..coerce import coerce_table
from ..overrides import Override, apply_overrides, variant_overrides
from ..problems import Problem

#: The settings file of a scenario folder, and the settings sheet of a scenario workbook.
SETTINGS_FILE = "scenario.yaml"
SETTINGS_SHEET = "settings"


@dataclass(frozen=True, eq=False)
class Scenario:
    """One park's scenario, with any variant already applied.

    Attributes
    ----------
    settings
        The settings as written (``scenario.yaml`` without ``variants``); :attr:`config` fills in
        the defaults.
    tables
        Every declared table (empty when the scenario has none), typed by :mod:`optimizer.schema`.
    variants
        The named variants the scenario declares.
    variant
        The variant (or ``a,b`` combination) applied, if any.
    overrides
        Every override applied (from the variant, a sweep or an edit), in order.
    settings_lines
        Where each setting is written (the line of ``scenario.yaml``, or the row of the settings
        sheet), by dotted path (``services.sewage.unit``); empty for settings made in memory.
    """

    settings: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    variants: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None
    overrides: tuple[Override, ...] = ()
    source: str | None = None
    source_kind: str | None = None
    load_problems: tuple[Problem, ...] = ()
    settings_lines: Mapping[str, int] = field(default_factory=dict)

    # -- views ------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.settings.get("name") or "unnamed")

    @property
    def label(self) -> str:
        """Name and variant, as shown in plans and batch ids (``mixed-park[subsidy-40]``)."""
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    @cached_property
    def config(self) -> dict[str, Any]:
        """The settings with every default filled in (services and their outputs included)."""
        return resolved_settings(self.settings)

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        return self.config["services"]

    @property
    def pollutants(self) -> dict[str, dict[str, Any]]:
        return self.config["pollutants"]

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def source_label(self, table: str) -> str:
        """Where a table came from, as named in messages: ``enterprises.csv`` or ``sheet enterprises``."""
        if self.source_kind == "xlsx":
            return f"sheet {table}"
        return f"{table}.csv"

    @property
    def settings_label(self) -> str:
        return f"sheet {SETTINGS_SHEET}" if self.source_kind == "xlsx" else SETTINGS_FILE

    # -- changes ------------------------------------------------------------------------------
    def with_overrides(
        self, overrides: Mapping[str, Any] | Sequence[Override], origin: str = "override"
    ) -> Scenario:
        """A new scenario with overrides applied on top of this one (this one is left alone)."""
        if isinstance(overrides, Mapping):
            overrides = [Override(str(k), v, origin) for k, v in overrides.items()]
        every = (*self.overrides, *overrides)
        # Re-check the earlier overrides too, so a sweep that sets what the variant set is refused.
        _check_conflicts(self, every)
        settings, tables = apply_overrides(
            self.settings, self.tables, overrides, self.config, self.settings_label
        )
        return replace(self, settings=settings, tables=tables, overrides=every)

    def with_variant(self, variant: str | None) -> Scenario:
        """A new scenario with the named variant (or ``a,b`` combination) applied."""
        if not variant:
            return self
        applied = self.with_overrides(
            variant_overrides(self.variants, variant, self.settings_label)
        )
        names = ",".join(filter(None, [self.variant, variant]))
        return replace(applied, variant=names)

    def with_table(self, name: str, frame: pd.DataFrame) -> Scenario:
        """A new scenario with one table replaced (coerced to its declaration)."""
        typed, problems = coerce_table(
            frame.astype("object"), schema.TABLES[name], self.source_label(name)
        )
        kept = tuple(p for p in self.load_problems if p.source != self.source_label(name))
        return replace(
            self, tables={**self.tables, name: typed}, load_problems=kept + tuple(problems)
        )

    def with_settings(self, settings: Mapping[str, Any]) -> Scenario:
        """A new scenario with these settings (no longer at the lines they were read from)."""
        return replace(self, settings=copy.deepcopy(dict(settings)), settings_lines={})

    # -- identity -----------------------------------------------------------------------------
    def input_hash(self) -> str:
        """SHA-256 of the resolved inputs (settings with defaults, every table; not the name or
        description), so that two scenarios that would give the same plan hash the same."""
        digest = hashlib.sha256()
        config = {k: v for k, v in self.config.items() if k not in ("name", "description")}
        digest.update(json.dumps(_as_floats(config), sort_keys=True, default=str).encode())
        for name in schema.TABLE_ORDER:
            digest.update(name.encode())
            digest.update(self.tables[name].to_csv(index=False).encode())
        return digest.hexdigest()


def _as_floats(value: Any) -> Any:
    """Numbers as floats, so that ``0`` and ``0.0`` in the settings hash the same."""
    if isinstance(value, dict):
        return {k: _as_floats(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_floats(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def resolved_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Settings with defaults filled in, without ``variants``.

    Groups of the wrong shape (``services`` written as a list, ``solver:`` left empty) resolve to
    their defaults here; :func:`optimizer.checks.check` reports them.

    >>> resolved_settings({"solver": None, "services": ["sewage"]})["solver"]["seed"]
    0
    """
    out = schema.defaults()
    for key, value in settings.items():
        if key in schema.STRUCTURE_KEYS:
            continue
        if isinstance(out.get(key), dict):
            if isinstance(value, dict):
                out[key] = {**out[key], **copy.deepcopy(value)}
        else:
            out[key] = copy.deepcopy(value)
    out["services"] = {
        str(name): _resolved_service(service)
        for name, service in _mapping(out.get("services")).items()
    }
    out["pollutants"] = {
        str(k): (v if isinstance(v, dict) else {})
        for k, v in _mapping(out.get("pollutants")).items()
    }
    policy = out["policy"] = _mapping(out.get("policy"))
    for group in ("subsidy_rate_by_service", "max_facilities"):
        policy[group] = _mapping(policy.get(group))
    return out


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _resolved_service(service: Any) -> dict[str, Any]:
    merged = {**schema.service_defaults(), **_mapping(service)}
    outputs = merged.get("outputs")
    merged["outputs"] = [
        {**schema.output_defaults(), **_mapping(o)}
        for o in (outputs if isinstance(outputs, list) else [])
    ]
    return merged


def _check_conflicts(scenario: Scenario, overrides: Sequence[Override]) -> None:
    # Applying all of them to empty copies raises with both origins named on any overlap.
    apply_overrides({}, scenario.tables, overrides, scenario.config, scenario.settings_label)
