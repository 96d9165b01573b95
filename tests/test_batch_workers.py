"""Nothing lost in a batch: a worker process that dies (for real: it exits, or gets SIGKILL) fails
its own case only and a new worker goes on with the others; a rerun that fails keeps the plans
saved before; Ctrl+C and kill leave no worker running and a summary that matches the case
folders."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pandas as pd
import psutil
import pytest

from optimizer import load_scenario, optimise, run_batch, solve_options
from optimizer.batch import BatchEvent, Task, run_in_pool
from optimizer.generate import generate_park
from optimizer.scenario import save_scenario

RATES = [0.0, 0.1, 0.2, 0.3]
SWEEP = {"policy.subsidy_rate": RATES}


class DiesWhenRead:
    """A case that ends the worker process reading it (``os._exit(3)``, as a crash would)."""

    def __reduce__(self):
        return (os._exit, (3,))


class KilledWhenRead:
    """A case whose worker process gets SIGKILL (as from the out-of-memory killer)."""

    def __reduce__(self):
        return (signal.raise_signal, (signal.SIGKILL,))


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _pool_workers() -> list[psutil.Process]:
    """The pool's worker processes: the children of this process's fork server."""
    return [g for c in psutil.Process().children() for g in c.children()]


def test_a_dying_worker_fails_its_own_case_and_a_new_worker_solves_the_rest(tiny):
    scenario = load_scenario(tiny.path)
    options = solve_options(scenario, threads=1)
    good = [Task(f"good-{i}", scenario, options, None) for i in range(4)]
    tasks = [
        Task("dies", DiesWhenRead(), options, None),  # type: ignore[arg-type]
        good[0],
        Task("killed", KilledWhenRead(), options, None),  # type: ignore[arg-type]
        *good[1:],
    ]
    outcomes, workers = {}, set()
    for outcome in run_in_pool(tasks, workers=2):
        outcomes[outcome.case_id] = outcome
        workers |= {p.pid for p in _pool_workers()}
    assert sorted(outcomes) == sorted(t.case_id for t in tasks)
    assert outcomes["dies"].status == "failed"
    assert "the worker solving this case stopped (exit code 3)" in outcomes["dies"].message
    assert "(killed by SIGKILL)" in outcomes["killed"].message
    cost = optimise(scenario, options, allocation=None).total_cost
    for task in good:
        assert outcomes[task.case_id].plan is not None, outcomes[task.case_id].message
        assert outcomes[task.case_id].plan.total_cost == pytest.approx(cost, rel=1e-9)
    # two of the workers died and the four other cases were still solved: by new workers
    assert workers and all(_gone(pid) for pid in workers)  # none is left once the batch is done


def test_a_worker_killed_from_outside_fails_one_case_and_keeps_its_saved_plan(tiny, tmp_path):
    out = tmp_path / "runs"
    first = run_batch(tiny.path, sweeps=SWEEP, out=out, workers=1, allocation=None)
    assert first.counts.done == len(RATES)
    saved = {p.parent.name: p.read_bytes() for p in out.glob("*/plan.json")}
    killed: list[int] = []

    def kill_a_worker(event: BatchEvent) -> None:
        if event.kind == "done" and not killed:
            victim = _pool_workers()[0]
            killed.append(victim.pid)
            victim.send_signal(signal.SIGKILL)

    result = run_batch(
        tiny.path,
        sweeps=SWEEP,
        out=out,
        workers=2,
        force=True,
        allocation=None,
        progress=kill_a_worker,
    )
    assert killed
    assert result.counts.failed <= 1  # only the case the killed worker was solving, if any
    assert result.counts.done + result.counts.failed == len(RATES)
    for row in result.summary.itertuples():
        if row.status == "failed":
            assert "(killed by SIGKILL)" in row.message
            assert row.message.endswith("is from an earlier run and was kept)")
            assert (out / row.case / "plan.json").read_bytes() == saved[row.case]
            assert (out / row.case / "error.json").is_file()
        else:
            assert not (out / row.case / "error.json").exists()


def test_a_failing_rerun_keeps_every_saved_plan(tiny, tmp_path):
    out = tmp_path / "runs"
    run_batch(tiny.path, sweeps=SWEEP, out=out, workers=1, allocation=None)
    saved = {p.parent.name: p.read_bytes() for p in out.glob("*/plan.json")}
    assert len(saved) == len(RATES)
    failed = run_batch(
        tiny.path,
        sweeps=SWEEP,
        out=out,
        workers=1,
        force=True,
        allocation=None,
        options={"time_limit_s": "soon"},  # every case fails before it is solved
    )
    assert failed.counts.failed == len(RATES)
    assert {p.parent.name: p.read_bytes() for p in out.glob("*/plan.json")} == saved
    for case in saved:
        error = json.loads((out / case / "error.json").read_text(encoding="utf-8"))
        assert error["earlier_plan"] == "plan.json"
    summary = pd.read_csv(out / "summary.csv")
    assert summary["message"].str.endswith("is from an earlier run and was kept)").all()
    again = run_batch(tiny.path, sweeps=SWEEP, out=out, workers=1, allocation=None)
    assert again.counts.skipped == len(RATES)  # the kept plans are the current ones again
    assert list(out.glob("*/error.json")) == []


# ---------------------------------------------------------------------------------------------
# Ctrl+C and kill: a real `optimizer batch` process with two workers busy on long cases


@pytest.fixture(scope="module")
def slow_park(tmp_path_factory) -> Path:
    """A park whose solve runs to its time limit (60 s): the workers are busy when stopped."""
    path = tmp_path_factory.mktemp("parks") / "slow"
    save_scenario(generate_park(400, 60, seed=1), path)
    return path


def _session(pid: int) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == pid and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (ProcessLookupError, PermissionError, psutil.NoSuchProcess):
            continue
    return found


def _stop_while_busy(command: list[str], how: str) -> tuple[int, str]:
    """Run the batch, wait for its two quick cases, stop it while both workers are busy, and
    check that no process of it is left; return its exit code and error output."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,
    ) as batch:  # fmt: skip
        try:
            done = 0
            while done < 2:  # the two tiny cases; then both workers take a slow case
                line = batch.stdout.readline()
                assert line, batch.stderr.read()
                done += " done tiny--" in line
            time.sleep(0.5)
            if how == "ctrl-c":  # a terminal sends SIGINT to every process of the command
                os.killpg(batch.pid, signal.SIGINT)
            else:
                batch.send_signal(signal.SIGTERM if how == "kill" else signal.SIGKILL)
            batch.wait(timeout=20)
            deadline = time.monotonic() + 3.0
            while _session(batch.pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert _session(batch.pid) == []  # no worker left solving
            return batch.returncode, batch.stderr.read()
        finally:
            if batch.poll() is None:
                batch.kill()
            for process in _session(batch.pid):
                process.kill()


@pytest.mark.slow
@pytest.mark.parametrize("how", ["ctrl-c", "kill", "kill -9"], ids=["ctrl-c", "sigterm", "sigkill"])
def test_stopping_a_batch_leaves_no_worker_and_a_summary_that_matches_the_folders(
    tiny_path, slow_park, tmp_path, how
):
    out = tmp_path / "runs"
    command = [sys.executable, "-m", "optimizer.cli", "batch", str(tiny_path), str(slow_park)]
    command += ["--sweep", "policy.subsidy_rate=0,0.1", "--workers", "2", "--out", str(out)]
    command += ["--time-limit", "60", "--gap", "0", "--allocation", "none"]
    code, errors = _stop_while_busy(command, how)
    if how != "kill -9":
        assert code == 1
        assert "interrupted; the cases finished so far are in" in errors
    with_plans = sorted(p.parent.name for p in out.glob("*/plan.json"))
    assert with_plans == [
        "tiny--base--policy.subsidy_rate=0",
        "tiny--base--policy.subsidy_rate=0.1",
    ]
    assert sorted(pd.read_csv(out / "summary.csv")["case"]) == with_plans
    if how != "kill -9":  # (kill -9 leaves no moment to write the workbook)
        sheet = openpyxl.load_workbook(out / "summary.xlsx")["Summary"]
        assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == with_plans
