"""The solver's threads default to the cores this process may use (its CPU affinity), a written
``solver.threads`` wins, and a batch gives each case one thread (its workers run side by side)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from optimizer import SolveOptions, load_scenario, optimise, solve_options
from optimizer.batch.options import case_options


def test_threads_default_to_the_cores_this_process_may_use(tiny_path):
    scenario = load_scenario(tiny_path)
    assert solve_options(scenario).threads == len(os.sched_getaffinity(0))
    assert SolveOptions().threads == len(os.sched_getaffinity(0))


def test_a_process_pinned_to_one_core_gets_one_thread(tiny_path):
    probe = (
        "import os\n"
        "os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n"
        "from optimizer import load_scenario, solve_options\n"
        f"print(solve_options(load_scenario({str(tiny_path)!r})).threads)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"


def test_written_threads_win_and_a_batch_case_gets_one(tiny_path):
    settings_file = tiny_path / "scenario.yaml"
    settings = yaml.safe_load(settings_file.read_text(encoding="utf-8"))
    settings.setdefault("solver", {})["threads"] = 3
    settings_file.write_text(yaml.safe_dump(settings), encoding="utf-8")
    scenario = load_scenario(tiny_path)
    assert solve_options(scenario).threads == 3
    assert case_options(scenario, None).threads == 1
    assert case_options(scenario, {"threads": 2}).threads == 2


@pytest.mark.parametrize("route", ["highs", "highs-standard-form", "highs-appsi", "highs-pyomo"])
def test_solves_with_other_thread_counts_in_one_process(tiny_path, route):
    """HiGHS sizes a thread's task scheduler on its first run; a later run with another thread
    count must still solve (it ended in status "error" when the default became 2)."""
    scenario = load_scenario(tiny_path)
    statuses = [
        optimise(
            scenario, solve_options(scenario, threads=n, solver=route), allocation=None
        ).solver["status"]
        for n in (1, 2, 1)
    ]
    assert statuses == ["optimal"] * 3
