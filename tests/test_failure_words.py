"""What a planner reads when a solve gives no plan, in the app's language: the solver stopping
without one, the solve pool's process killed or ended past its deadline. The message is made of
catalogue messages (:mod:`optimizer.words.said`) in the process that ran the solve and said in
the page's language where it is shown; in English it reads as before, byte for byte.

Real processes (:class:`optimizer.ui.worker.SolvePool`), as ``tests/test_solve_pool.py``.
"""

from __future__ import annotations

import os
import pickle
import signal

import pytest
from test_solve_pool import DEADLINE_S, park, searching, submit, wait_until  # noqa: F401

from optimizer.pipeline import solve_options
from optimizer.ui import worker
from optimizer.ui.outcomes import solve_outcome
from optimizer.words.language import using_language
from optimizer.words.said import spoken

pytestmark = pytest.mark.slow


def test_a_time_limit_used_up_before_the_solver_started_is_said_in_chinese(park):  # noqa: F811
    outcome = solve_outcome(park, solve_options(park, threads=1, time_limit_s=0.001))
    assert outcome.kind == "solver"
    english = str(outcome.message)
    assert english.startswith("the time limit (0.001 s) was used up before the solver started")
    back = pickle.loads(pickle.dumps(outcome))  # as the pool's process sends it
    with using_language("zh"):
        chinese = spoken(back.message)
    assert chinese.startswith("求解器启动前时间上限（0.001 秒）已用完"), chinese
    assert "--time-limit" in chinese and "used up" not in chinese
    assert spoken(back.message) == english


def test_a_killed_solve_is_said_in_chinese(park):  # noqa: F811
    pool = worker.SolvePool(workers=1)
    try:
        killed = submit(pool, park, limit=60)
        wait_until(lambda: searching(killed) or killed.done, [killed])
        assert not killed.done
        os.kill(killed.pid, signal.SIGKILL)
        ended = killed.future.result(timeout=DEADLINE_S)
    finally:
        pool.shutdown()
    assert ended.kind == "failed" and "killed by SIGKILL" in ended.message  # English, as before
    with using_language("zh"):
        died = spoken(ended.message)
    assert died.startswith("求解失败：求解进程未给出结果就结束了（被信号 SIGKILL 终止）"), died


def test_a_solve_past_its_deadline_is_said_in_chinese(park):  # noqa: F811
    pool = worker.SolvePool(workers=1, overrun=(0.0, 3.0))
    try:
        overdue = submit(pool, park, limit=60).future.result(timeout=DEADLINE_S)
    finally:
        pool.shutdown()
    assert overdue.kind == "failed"
    assert "still running 3 s after it started, against a time limit of 60 s" in overdue.message
    with using_language("zh"):
        late = spoken(overdue.message)
    assert late.startswith("求解已被终止：开始后 3 秒仍在运行，而时间上限为 60 秒"), late
