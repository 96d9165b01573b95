"""Batch spec files: a batch written in YAML (see docs/batch.md), every problem reported at once."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..allocation import RULES
from ..pipeline import DEFAULT_RULE
from ..problems import Problem, ScenarioError
from ..scenario import parse_settings
from ..scenario.yaml_reader import too_large
from ..schema.limits import MAX_SETTINGS_BYTES
from .options import options_from
from .sweeps import Sweep, SweepError, make_sweep


@dataclass(frozen=True)
class BatchSpec:
    """A batch as written in a YAML spec file (paths resolved against the file's folder).

    Fields left out are None; the command line fills them or uses the defaults.
    """

    scenarios: tuple[Path, ...]
    variants: str | tuple[str, ...] | None = None
    sweeps: tuple[Sweep, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    allocation: str | None = DEFAULT_RULE
    out: Path | None = None
    workers: int | None = None
    scheduler: str | None = None
    dask_local: int | None = None
    plot: bool = False


SPEC_KEYS = (
    "scenarios",
    "variants",
    "sweeps",
    "solver",
    "allocation",
    "out",
    "workers",
    "scheduler",
    "dask_local",
    "plot",
)


def _spec_paths(value: Any, folder: Path) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise ValueError("a list of scenario folders or .xlsx files")
    return tuple(folder / v for v in items)


def _spec_variants(value: Any) -> str | tuple[str, ...] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError("'all', or a list of variant names")


def _spec_sweeps(value: Any) -> tuple[Sweep, ...]:
    if not isinstance(value, dict):
        raise ValueError("a mapping of override keys to lists of values")
    return tuple(make_sweep(str(k), v) for k, v in value.items())


def _spec_solver(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("a mapping such as {time_limit_s: 60, mip_gap: 0.01}")
    return options_from(value)


def _spec_allocation(value: Any) -> str | None:
    if value is None or str(value) == "none":
        return None
    if value not in RULES:
        raise ValueError(f"one of {', '.join(RULES)} or none")
    return str(value)


def _spec_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("a whole number of at least 1")
    return value


def _spec_text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError("a text")
    return value


def _spec_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def _each_sweep(value: Mapping[Any, Any]) -> tuple[tuple[Sweep, ...], list[tuple]]:
    """The sweeps of a spec, and a problem for each that cannot run (named by its key)."""
    sweeps, wrong = [], []
    for key, values in value.items():
        try:
            sweeps.append(make_sweep(str(key), values))
        except SweepError as error:
            wrong.append((f"sweeps.{key}", values, error.expected, error.found))
    return tuple(sweeps), wrong


def _spec_fields(data: Mapping[str, Any], folder: Path) -> tuple[dict[str, Any], list[tuple]]:
    readers: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "scenarios": ("scenarios", lambda v: _spec_paths(v, folder)),
        "variants": ("variants", _spec_variants),
        "sweeps": ("sweeps", _spec_sweeps),
        "solver": ("options", _spec_solver),
        "allocation": ("allocation", _spec_allocation),
        "out": ("out", lambda v: folder / _spec_text(v)),
        "workers": ("workers", _spec_count),
        "scheduler": ("scheduler", _spec_text),
        "dask_local": ("dask_local", _spec_count),
        "plot": ("plot", _spec_bool),
    }
    values: dict[str, Any] = {}
    wrong: list[tuple] = []
    for key, value in data.items():
        if key not in readers:
            wrong.append((key, value, f"one of the keys {', '.join(SPEC_KEYS)}", "an unknown key"))
            continue
        name, reader = readers[key]
        if key == "sweeps" and isinstance(value, dict):
            values[name], bad = _each_sweep(value)
            wrong += bad
            continue
        try:
            values[name] = reader(value)
        except ValueError as error:
            wrong.append((key, value, str(error), None))
    return values, wrong


def load_spec(path: str | os.PathLike) -> BatchSpec:
    """Read a batch spec file (YAML; see docs/batch.md).

    Raises
    ------
    ScenarioError
        Every problem of the file at once, each naming the file and the key.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SETTINGS_BYTES:
            raise ScenarioError([too_large(path.name, size)])
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(
            [Problem(path.name, None, "a readable YAML batch spec", found=str(error))]
        ) from None
    data = parse_settings(text, path.name)
    values, wrong = _spec_fields(data, path.parent)
    problems = [
        Problem(path.name, key, expected, value=None if found else _shown(value), found=found)
        for key, value, expected, found in wrong
    ]
    if "scenarios" not in data:
        problems.append(
            Problem(
                path.name, "scenarios", "a list of scenario folders or .xlsx files", found="nothing"
            )
        )
    if problems:
        raise ScenarioError(problems)
    return BatchSpec(**values)


def _shown(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else yaml.safe_dump(value).strip()
