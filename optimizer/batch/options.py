"""Solver options of the cases: overrides checked before any case runs, one HiGHS thread each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from ..pipeline import solve_options
from ..problems import Problem, ScenarioError
from ..scenario import Scenario
from ..solvers.types import SolveOptions
from ..words.said import said

_SOLVER_KEYS = {
    "name": "solver",
    "solver": "solver",
    "time_limit_s": "time_limit_s",
    "mip_gap": "mip_gap",
    "threads": "threads",
    "seed": "seed",
}


def case_options(
    scenario: Scenario, options: SolveOptions | Mapping[str, Any] | None
) -> SolveOptions:
    """The solver options of a case: ``options`` as given, or the scenario's own solver settings
    with the given overrides; one HiGHS thread unless ``threads`` is given (workers run side by
    side)."""
    if isinstance(options, SolveOptions):
        return options
    overrides = {"threads": 1, **{k: v for k, v in (options or {}).items() if v is not None}}
    try:
        return solve_options(scenario, **overrides)
    except (TypeError, ValueError) as error:
        names = "solver.time_limit_s, mip_gap, threads"
        expected = said("batch.option.numbers", names=names, last="seed")
        found = said("batch.option.unusable", error=str(error))
        raise ScenarioError(
            [Problem(scenario.settings_label, "solver", expected, found=found)]
        ) from None


def check_options(options: SolveOptions | Mapping[str, Any] | None) -> None:
    """Refuse option names that :class:`SolveOptions` does not have (before any case runs).

    >>> check_options({"mip_gap": 0.01})
    >>> check_options({"gap": 0.01})
    Traceback (most recent call last):
    ValueError: unknown solver option 'gap'; expected some of heuristic, mip_gap, relax, seed, solver, threads, time_limit_s, verbose
    """
    if options is None or isinstance(options, SolveOptions):
        return
    known = {f.name for f in fields(SolveOptions)} - {"warm_start", "on_progress"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValueError(
            said(
                "batch.option.unknown_some",
                name=repr(unknown[0]),
                names=", ".join(sorted(known)),
            )
        )


def options_from(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Solver overrides from ``solver:`` settings (names as in scenario.yaml: ``name``,
    ``time_limit_s``, ``mip_gap``, ``threads``, ``seed``).

    >>> options_from({"name": "highs", "mip_gap": 0.01})
    {'solver': 'highs', 'mip_gap': 0.01}
    """
    unknown = sorted(set(settings) - set(_SOLVER_KEYS))
    if unknown:
        raise ValueError(
            said(
                "batch.option.unknown", name=repr(unknown[0]), names=", ".join(sorted(_SOLVER_KEYS))
            )
        )
    return {_SOLVER_KEYS[k]: v for k, v in settings.items()}
