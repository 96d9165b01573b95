"""From raw settings and text tables to a Scenario, the step every reader ends with (and
:func:`scenario_from_tables` in memory); and what every writer writes of a scenario.

Cells that do not parse become missing and are kept as problems (``Scenario.load_problems``), so
:func:`optimizer.checks.check` can list everything wrong at once; only what prevents reading at
all (broken YAML, settings that are not a mapping) raises :class:`ScenarioError`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from .. import schema
from ..coerce import coerce_table, empty_table
from ..problems import Problem, ScenarioError
from ..words.expectations import kind_of
from ..words.said import Described, said
from .value import Scenario
from .yaml_reader import load_yaml_lines


def parse_settings(text: str, source: str) -> dict[str, Any]:
    """Parse scenario.yaml text strictly (:func:`load_yaml`); a problem names its line."""
    return read_settings(text, source)[0]


def read_settings(text: str, source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """:func:`parse_settings`, and the line of each key (dotted: ``services.sewage.unit``)."""
    settings, lines = load_yaml_lines(text, source)
    if settings is None:
        settings = {}
    if not isinstance(settings, dict):
        raise ScenarioError(
            [
                Problem(
                    source,
                    None,
                    said("read.settings_mapping", example="name: ..., services: ..."),
                    found=kind_of(settings),
                )
            ]
        )
    return settings, lines


def split_variants(settings: dict[str, Any], source: str) -> tuple[dict, dict]:
    """The settings without ``variants``, and the variants (a mapping, or the problem raised)."""
    variants = settings.pop("variants", None) or {}
    if isinstance(variants, dict):
        return settings, {str(name): definition for name, definition in variants.items()}
    raise ScenarioError(
        [
            Problem(
                source,
                "variants",
                said("read.variants_mapping"),
                found=kind_of(variants),
            )
        ]
    )


def from_raw(
    settings: dict,
    variants: dict,
    raw: Mapping[str, pd.DataFrame | None],
    source: str | None,
    kind: str,
    unreadable: Sequence[Problem] = (),
    lines: Mapping[str, int] | None = None,
) -> Scenario:
    """Coerce raw tables; ``unreadable`` are tables that could not be read (reported instead of
    "no such file"); ``lines`` are where each setting is written (line or settings-sheet row)."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = list(unreadable)
    skip = {p.source for p in unreadable}
    for name, declared in schema.TABLES.items():
        label = f"sheet {name}" if kind == "xlsx" else f"{name}.csv"
        frame = raw.get(name)
        if frame is None:
            if declared.required and label not in skip:
                problems.append(
                    Problem(
                        label,
                        None,
                        said("read.table", name=name, description=Described(declared.description)),
                        found=said("read.no_such_sheet" if kind == "xlsx" else "read.no_such_file"),
                    )
                )
            tables[name] = empty_table(declared)
            continue
        tables[name], found = coerce_table(frame, declared, label)
        problems.extend(found)
        if not len(frame) and not declared.required and kind != "memory":
            problems.append(_no_rows(declared, label))
    return Scenario(
        settings=settings,
        tables=tables,
        variants=variants,
        source=source,
        source_kind=kind,
        load_problems=tuple(problems),
        settings_lines=dict(lines or {}),
    )


def _no_rows(declared: schema.Table, label: str) -> Problem:
    """An optional table written with a header and no rows: refused rather than read as absent
    (distances or concentrations that were meant to be there would silently not apply).

    (A required table with no rows is an error of the checks, wherever the table came from.)
    """
    return Problem(
        label,
        None,
        said("read.rows_or_none", description=Described(declared.description), label=label),
        found=said("read.header_only"),
    )


def scenario_from_tables(
    settings: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    variants: Mapping[str, Any] | None = None,
) -> Scenario:
    """Build a scenario in memory (tests, benchmarks, the app). Missing tables are empty.

    Raises :class:`ScenarioError` if any cell does not parse.
    """
    settings = copy.deepcopy(dict(settings))
    extra_variants = settings.pop("variants", None) or {}
    raw = {
        name: (tables[name].astype("object") if name in tables else None)
        for name in schema.TABLE_ORDER
    }
    scenario = from_raw(settings, {**extra_variants, **(variants or {})}, raw, None, "memory")
    errors = [p for p in scenario.load_problems if p.is_error and p.line is not None]
    if errors:
        raise ScenarioError(errors)
    return replace(
        scenario,
        source_kind=None,
        load_problems=tuple(p for p in scenario.load_problems if p not in errors),
    )


def saved_settings(scenario: Scenario) -> dict[str, Any]:
    """The settings to write: with the variants, unless a variant or overrides are applied."""
    settings = copy.deepcopy(scenario.settings)
    if scenario.variants and not scenario.overrides:
        settings["variants"] = copy.deepcopy(scenario.variants)
    return settings


def tables_to_write(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The tables to write: every required one, and the optional ones that have rows."""
    return {
        name: frame
        for name, frame in scenario.tables.items()
        if schema.TABLES[name].required or len(frame)
    }
