"""The batch on Dask: an existing scheduler (``--scheduler``) and a local Dask cluster started
from Python give the same summary as solving in this process, and resume the same way.

The mixed-park batch on a local Dask cluster against the same batch on the process pool is in
``test_batch.py`` (``test_mixed_park_batch_on_dask_gives_the_same_summary``), where it reuses the
pool run instead of solving the 15 cases once more."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import distributed
import pandas as pd
import pytest

from optimizer import run_batch


def comparable(summary: pd.DataFrame) -> pd.DataFrame:
    """A summary without its timings (the one column that differs from run to run)."""
    return summary.drop(columns=["seconds"]).reset_index(drop=True)


def read_summary(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "summary.csv", dtype={"message": "str"})
    return frame.assign(message=frame["message"].fillna(""))


def batch_process(*args: object) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "optimizer.cli", "batch", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


@pytest.mark.slow
def test_an_existing_scheduler_takes_the_cases(tiny_path, tmp_path):
    """A scheduler and two workers started here (as ``dask scheduler`` and ``dask worker`` would
    be on a cluster); the command sends its cases there with ``--scheduler``."""
    sweep = "policy.subsidy_rate=0,0.2,0.4"
    local = run_batch(tiny_path, sweeps=[sweep], out=tmp_path / "local", workers=1)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        done = batch_process(
            tiny_path, "--sweep", sweep, "--out", tmp_path / "remote", "--scheduler",
            cluster.scheduler_address,
        )  # fmt: skip
    finally:
        cluster.close()
    assert done.returncode == 0, done.stderr
    assert local.ok
    pd.testing.assert_frame_equal(
        comparable(read_summary(tmp_path / "remote")), comparable(read_summary(tmp_path / "local"))
    )


@pytest.mark.slow
def test_local_dask_cluster_from_python_resumes_like_the_pool(tiny_path, tmp_path):
    sweep = {"policy.subsidy_rate": [0, 0.4]}
    first = run_batch(tiny_path, sweeps=sweep, out=tmp_path / "o", dask_local=2)
    assert (first.counts.done, first.ok) == (2, True)
    again = run_batch(tiny_path, sweeps=sweep, out=tmp_path / "o", dask_local=2)
    assert again.counts.skipped == 2  # nothing left to send: no cluster is started
    pd.testing.assert_frame_equal(again.summary, first.summary)
