"""Gating: where errors were found, so that checks needing clean inputs are skipped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import schema
from ..problems import Problem
from ..scenario import Scenario

_NETWORK_TABLES = ("enterprises", "sites", "nodes", "edges", "distances")


@dataclass(frozen=True)
class _Gate:
    """Where errors were found, so that checks needing clean inputs can be skipped."""

    sources: frozenset[str]
    settings: tuple[str, ...]
    labels: Mapping[str, str]
    settings_label: str

    @classmethod
    def of(cls, scenario: Scenario, problems: Iterable[Problem]) -> _Gate:
        errors = [p for p in problems if p.is_error]
        label = scenario.settings_label
        return cls(
            sources=frozenset(p.source for p in errors if p.source != label),
            settings=tuple(str(p.column or "") for p in errors if p.source == label),
            labels={name: scenario.source_label(name) for name in schema.TABLES},
            settings_label=label,
        )

    def clean(self, tables: Iterable[str], settings: Iterable[str] = ()) -> bool:
        if any(self.labels[t] in self.sources for t in tables):
            return False
        prefixes = tuple(settings)
        return not any(
            path == prefix
            or path.startswith(prefix + ".")
            or path.startswith(prefix + "[")
            or not path
            for path in self.settings
            for prefix in prefixes
        )

    @property
    def reach_ok(self) -> bool:
        return self.clean((*_NETWORK_TABLES, "demands", "tiers"), ("services", "detour_factor"))
