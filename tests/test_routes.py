"""The solver routes agree: the fast matrix route against the Pyomo reference, and Pyomo's own
HiGHS interfaces on the shipped tiny scenario."""

from __future__ import annotations

import pytest

from optimizer import load_scenario
from optimizer.generate import generate_park
from optimizer.pipeline import optimise, solve_options
from optimizer.prepare import prepare
from optimizer.solvers.matrix_route import solve_matrix
from optimizer.solvers.pyomo_model import build_model
from optimizer.solvers.pyomo_routes import solve
from optimizer.solvers.types import ROUTES, SolveOptions, SolverError

TINY_OPTIMUM = 506_679.74889333587  # worked out in scenarios/tiny/README.md


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_solves_tiny(route, tiny_path):
    scenario = load_scenario(tiny_path)
    plan = optimise(scenario, solve_options(scenario, solver=route))
    assert plan.total_cost == pytest.approx(TINY_OPTIMUM, rel=1e-9)
    assert plan.solver["status"] == "optimal"
    assert plan.solver["solver"] == route


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matrix_route_matches_reference_on_random_parks(seed):
    """Same LP relaxation and same MIP optimum on small generated parks (all three services,
    effluent chains, caps)."""
    data = prepare(generate_park(40, 5, seed=seed))
    options = SolveOptions(mip_gap=0.0, time_limit_s=120)
    for relax in (True, False):
        fast = solve_matrix(data, SolveOptions(mip_gap=0.0, time_limit_s=120, relax=relax))
        reference = solve(
            build_model(data), SolveOptions(mip_gap=0.0, time_limit_s=120, relax=relax)
        )
        assert fast.report.status == reference.report.status == "optimal"
        assert fast.report.objective == pytest.approx(reference.report.objective, rel=1e-7)
    assert options.solver == "highs"


def test_unknown_solver_is_a_clear_error(tiny_path):
    scenario = load_scenario(tiny_path)
    with pytest.raises(SolverError, match="not installed"):
        optimise(scenario, solve_options(scenario, solver="no-such-solver"))


def test_time_limit_without_incumbent_is_a_clear_error():
    """A tiny time limit on a park HiGHS cannot solve at once: no plan, a SolverError that says
    what to do, not a crash."""
    scenario = generate_park(400, 20, seed=5)
    with pytest.raises(SolverError, match=r"without finding any plan"):
        optimise(scenario, solve_options(scenario, time_limit_s=0.001))


def test_unknown_solver_on_the_command_line_prints_no_traceback(tiny_path):
    """Pyomo logs a traceback when asked for a solver it does not know; the user sees only ours."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(tiny_path), "--solver", "nosuch"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2  # refused as a usage error before anything is read
    assert "Traceback" not in result.stdout + result.stderr
    assert "unknown solver 'nosuch'" in result.stderr and "--solver" in result.stderr


def test_input_hash_does_not_tell_0_from_0_0(tiny_path):
    scenario = load_scenario(tiny_path)
    as_int = scenario.with_overrides({"policy.subsidy_rate": 0})
    as_float = scenario.with_overrides({"policy.subsidy_rate": 0.0})
    assert as_int.input_hash() == as_float.input_hash()
    assert as_int.input_hash() != scenario.with_overrides({"policy.subsidy_rate": 0.1}).input_hash()
