"""Shared treatment facility cost optimiser for industrial parks.

The recipe: ``load_scenario`` -> ``check`` -> ``prepare`` -> ``build_model`` -> ``solve`` ->
``extract_plan`` -> ``allocate`` -> ``export``; :func:`optimise` chains them.

The names below are loaded on first use (PEP 562), so that ``import optimizer`` (and the command
line, which imports it first) costs nothing until a name is used: importing them all at once
brings pandas, scipy, networkx and highspy in, about 1-2 s on this project's machines.

>>> import optimizer
>>> optimizer.Plan.__name__
'Plan'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .batch import BatchResult, run_batch
    from .pipeline import optimise, solve_options
    from .plan import Plan
    from .problems import Problem, ScenarioError
    from .scenario import Scenario, load_scenario, save_scenario, scenario_from_tables
    from .solvers.types import SolveOptions

#: Each public name and the module that owns it.
_HOMES = {
    "BatchResult": ".batch",
    "run_batch": ".batch",
    "optimise": ".pipeline",
    "solve_options": ".pipeline",
    "Plan": ".plan",
    "Problem": ".problems",
    "ScenarioError": ".problems",
    "Scenario": ".scenario",
    "load_scenario": ".scenario",
    "save_scenario": ".scenario",
    "scenario_from_tables": ".scenario",
    "SolveOptions": ".solvers.types",
}


def _version() -> str:
    """The installed package's version, read when first asked for (only ``--version`` needs it)."""
    # lazy: importlib.metadata (and the email package it loads) took 0.02-0.2 s here
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("shared-facility-optimizer")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0.0.0"


def __getattr__(name: str) -> Any:
    """A public name, imported from its home module the first time it is asked for (and
    ``__version__``, read from the installed package's metadata)."""
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'optimizer' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "BatchResult",
    "Plan",
    "Problem",
    "Scenario",
    "ScenarioError",
    "SolveOptions",
    "__version__",
    "load_scenario",
    "optimise",
    "run_batch",
    "save_scenario",
    "scenario_from_tables",
    "solve_options",
]
