"""Shared treatment facility cost optimiser for industrial parks.

The recipe: ``load_scenario`` -> ``check`` -> ``prepare`` -> ``build_model`` -> ``solve`` ->
``extract_plan`` -> ``allocate`` -> ``export``; :func:`optimise` chains them.
"""

from importlib.metadata import PackageNotFoundError, version

from .batch import BatchResult, run_batch
from .pipeline import optimise, solve_options
from .plan import Plan
from .problems import Problem, ScenarioError
from .scenario import Scenario, load_scenario, save_scenario, scenario_from_tables
from .solvers.types import SolveOptions

try:
    __version__ = version("shared-facility-optimizer")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

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
