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
from ..words.said import message_of, said
from .options import options_from
from .sweeps import ALL, Sweep, SweepError, make_sweep


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
        raise ValueError(said("batch.spec.scenarios"))
    return tuple(folder / v for v in items)


def _spec_variants(value: Any) -> str | tuple[str, ...] | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(said("batch.spec.variants", all=repr(ALL)))


def _spec_sweeps(value: Any) -> tuple[Sweep, ...]:
    if not isinstance(value, dict):
        raise ValueError(said("batch.spec.sweeps"))
    return tuple(make_sweep(str(k), v) for k, v in value.items())


def _spec_solver(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(said("batch.spec.solver", example="{time_limit_s: 60, mip_gap: 0.01}"))
    return options_from(value)


def _spec_allocation(value: Any) -> str | None:
    if value is None or str(value) == "none":
        return None
    if value not in RULES:
        raise ValueError(said("batch.spec.allocation", rules=", ".join(RULES), none="none"))
    return str(value)


def _spec_count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(said("batch.spec.count"))
    return value


def _spec_text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(said("variant.text"))
    return value


def _spec_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(said("expect.noun.bool"))
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
            expected = said("batch.spec.keys", keys=", ".join(SPEC_KEYS))
            wrong.append((key, value, expected, said("batch.spec.unknown_key")))
            continue
        name, reader = readers[key]
        if key == "sweeps" and isinstance(value, dict):
            values[name], bad = _each_sweep(value)
            wrong += bad
            continue
        try:
            values[name] = reader(value)
        except ValueError as error:
            wrong.append((key, value, message_of(error), None))
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
            [
                Problem(
                    path.name,
                    None,
                    said("batch.spec.readable"),
                    found=said("batch.spec.system_says", error=str(error)),
                )
            ]
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
                path.name,
                "scenarios",
                said("batch.spec.scenarios"),
                found=said("problem.nothing"),
            )
        )
    if problems:
        raise ScenarioError(problems)
    return BatchSpec(**values)


def _shown(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else yaml.safe_dump(value).strip()
