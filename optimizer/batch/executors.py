"""Executors: solve the tasks in this process, on a local process pool, or on a Dask cluster.

Each yields an :class:`Outcome` per task as it finishes; a worker that dies fails its own case,
not the batch (the local pool is :mod:`optimizer.batch.pool`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from .pool import Pool, lost
from .result import CaseProgress
from .work import Outcome, Task, solve_case

#: Told where a running case's solve stands (see :class:`CaseProgress`).
OnProgress = Callable[[CaseProgress], None]


class BatchError(RuntimeError):
    """The batch cannot run at all (no Dask, an unreachable scheduler); cases never raise it."""


def default_workers() -> int:
    """min(2, the CPUs this process may use)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def run_in_process(
    tasks: Sequence[Task], on_progress: OnProgress | None = None
) -> Iterator[Outcome]:
    """Solve one case after the other in this process (``workers=1``: breakpoints work)."""
    for task in tasks:
        yield solve_case(task, on_progress)


def run_in_pool(
    tasks: Sequence[Task], workers: int, on_progress: OnProgress | None = None
) -> Iterator[Outcome]:
    """Solve in a local process pool (:class:`optimizer.batch.pool.Pool`): a worker that dies
    fails its own case only and a new worker takes its place; no worker outlives the batch.
    ``on_progress`` is told where each running case stands, as its worker reports it."""
    yield from Pool(min(workers, len(tasks)), on_progress=on_progress).run(tasks)


def run_on_dask(
    tasks: Sequence[Task], scheduler: str | None = None, local_workers: int | None = None
) -> Iterator[Outcome]:
    """Solve on a Dask cluster: an existing scheduler, or a local cluster of ``local_workers``
    single-threaded worker processes (a case on Dask reports when it ends, not while it runs)."""
    try:
        # lazy: dask.distributed is the optional extra [dist]; importing it costs about 0.23 s
        from distributed import Client, LocalCluster
        from distributed import as_completed as dask_completed
    except ImportError:
        raise BatchError(
            "running on Dask needs dask.distributed: pip install 'shared-facility-optimizer[dist]'"
        ) from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(
                n_workers=local_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                # its workers' own logs (a heartbeat that fails while the cluster closes prints a
                # traceback, seen under load): a case's failure reaches the user as its outcome
                silence_logs=logging.CRITICAL,
            )
            client = Client(cluster)
    except OSError as error:
        if cluster is not None:
            cluster.close()
        raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
    try:
        yield from _dask_outcomes(client, dask_completed, tasks)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _dask_outcomes(client: Any, as_completed: Callable, tasks: Sequence[Task]) -> Iterator[Outcome]:
    futures = {client.submit(solve_case, task, pure=False): task for task in tasks}
    try:
        for future in as_completed(list(futures)):
            try:
                yield future.result()
            except Exception as error:  # e.g. the package is missing on a worker
                outcome = lost(futures[future], f"{type(error).__name__}: {error}")
                hint = " (is the same optimizer version installed on every Dask worker?)"
                yield replace(outcome, message=outcome.message + hint)
    finally:
        client.cancel(list(futures))


def _executor(
    tasks: Sequence[Task],
    workers: int,
    scheduler: str | None,
    dask_local: int | None,
    on_progress: OnProgress | None = None,
) -> Iterator[Outcome]:
    """The outcomes of the tasks from the executor chosen (a generator: closing it stops the
    executor's workers)."""
    if not tasks:
        return
    if scheduler or dask_local:
        yield from run_on_dask(tasks, scheduler, dask_local)
    elif workers <= 1 or len(tasks) == 1:
        yield from run_in_process(tasks, on_progress)
    else:
        yield from run_in_pool(tasks, workers, on_progress)
