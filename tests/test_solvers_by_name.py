"""Any solver by name says honestly how its search ended: GLPK and CBC, the real binaries, on a
normal solve (optimal, gap 0, the bound) and stopped by a time limit (the time limit, the gap
and the bound it reached), through the command line as a user runs it, with nothing of Pyomo's
own logging on the screen.

``.ci/run`` installs both (``glpk-utils``, ``coinor-cbc``); elsewhere a test of a missing solver
is skipped with that reason, and under CI it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from optimizer.generate import generate_park
from optimizer.scenario import save_scenario

ROOT = Path(__file__).resolve().parent.parent
SOLVERS = {"glpk": "glpsol", "cbc": "cbc"}


def needs(solver: str) -> None:
    if shutil.which(SOLVERS[solver]):
        return
    why = f"{SOLVERS[solver]} is not installed (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def solve(path: Path, solver: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "solve", str(path), "--solver", solver, *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    seen = done.stdout + done.stderr
    assert "Traceback" not in seen, seen
    assert "WARNING" not in seen and "ERROR:" not in seen, seen  # nothing of Pyomo's logging
    return done


def money_after(label: str, text: str) -> float:
    found = re.search(rf"{label}[^\d-]*([\d,]+\.\d+)", text)
    assert found, text
    return float(found.group(1).replace(",", ""))


@pytest.fixture(scope="module")
def hard_park(tmp_path_factory) -> Path:
    """120 SMEs, 12 sites: GLPK and CBC are far from proving it within a few seconds (HiGHS
    proves 27,461,683.49 CNY/year in about 10 s)."""
    return save_scenario(generate_park(120, 12, seed=3), tmp_path_factory.mktemp("park") / "p")


@pytest.mark.parametrize("solver", sorted(SOLVERS))
def test_a_normal_solve_is_optimal_with_its_bound(solver):
    needs(solver)
    done = solve(ROOT / "scenarios" / "tiny", solver)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "status: optimal\n" in done.stdout
    assert "gap: 0.000% (bound 506,679.75)" in done.stdout
    assert f"solver: {solver} " in done.stdout


@pytest.mark.parametrize("solver", sorted(SOLVERS))
def test_a_solve_stopped_by_its_time_limit_says_so(solver, hard_park):
    """Stopped after 3 s, the solver's plan is kept and said to be a time-limit plan, with the
    gap to the bound it proved (a bound at or below the optimum, the plan at or above it)."""
    needs(solver)
    done = solve(hard_park, solver, "--time-limit", "3", "--allocation", "none")
    out = done.stdout
    if done.returncode != 0:  # no plan yet within 3 s: said as a time limit, not an error
        assert "stopped with status 'time limit'" in out + done.stderr, out + done.stderr
        return
    assert "status: time limit reached, best plan within gap" in out, out
    assert "error" not in out
    bound = money_after("bound", out)
    cost = money_after("total annual cost:", out)
    assert bound <= 27_461_683.49 * (1 + 1e-9) <= cost * (1 + 1e-9)
    gap = float(re.search(r"gap: ([\d.]+)%", out).group(1)) / 100
    assert gap == pytest.approx((cost - bound) / cost, abs=1e-4)


def test_glpk_stopped_at_its_gap_is_optimal_within_the_gap():
    """textile-park with the scenario's gap (1e-4): GLPK stops at the gap ("feasible" in Pyomo's
    words, with no bound); the status says optimal within that gap, with the bound of its log."""
    needs("glpk")
    done = solve(ROOT / "scenarios" / "textile-park", "glpk", "--allocation", "none")
    assert done.returncode == 0
    assert re.search(r"status: optimal( within gap [\d.]+%)?\n", done.stdout), done.stdout
    assert "(bound -)" not in done.stdout
    bound = money_after("bound", done.stdout)
    cost = money_after("total annual cost:", done.stdout)
    assert bound <= cost and (cost - bound) / cost <= 1e-4
