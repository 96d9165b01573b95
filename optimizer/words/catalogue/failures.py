"""Messages of a solve or a job that gave no plan: the solver stopping without one, the solve
pool's process ending without an answer or being ended, a job that could not be started, read
back or sent (:mod:`optimizer.ui.worker`, :mod:`optimizer.ui.outcomes`, :mod:`optimizer.pipeline`,
:func:`optimizer.batch.pool.ended_how`). The English is what they said before, byte for byte."""

from __future__ import annotations

FAILURES: dict[str, tuple[str, str]] = {
    # how a process ended without an answer
    "failure.killed_by": ("killed by {signal}", "被信号 {signal} 终止"),
    "failure.killed_by_signal": ("killed by signal {number}", "被 {number} 号信号终止"),
    "failure.exit_code": ("exit code {code}", "退出码 {code}"),
    "failure.no_answer": ("no answer", "没有应答"),
    # the solve pool
    "failure.overdue": (
        "The solve was ended: it was still running {ran} s after it started, against a time "
        "limit of {limit} s (the solver did not stop by itself). The other solves went on; solve "
        "again, or try a shorter time limit or another solver route.",
        "求解已被终止：开始后 {ran} 秒仍在运行，而时间上限为 {limit} 秒（求解器没有自行停止）。"
        "其他求解照常进行；请重新求解，或缩短时间上限，或换用另一求解路线。",
    ),
    "failure.died": (
        "The solve failed: its solver process ended without an answer ({how}). The other solves "
        "went on; solve again (if it happens again, the machine may lack the memory for this "
        "scenario).",
        "求解失败：求解进程未给出结果就结束了（{how}）。其他求解照常进行；请重新求解"
        "（若再次发生，本机内存可能不足以求解此情景）。",
    ),
    "failure.not_started": (
        "The solve could not be started: {kind}: {error}",
        "求解无法启动：{kind}：{error}",
    ),
    "failure.unreadable": (
        "The solve's result could not be read: {kind}: {error}",
        "无法读取求解结果：{kind}：{error}",
    ),
    "failure.unsent": (
        "The result could not be sent back: {kind}: {error}",
        "无法传回结果：{kind}：{error}",
    ),
    "failure.crashed": ("The solve failed: {kind}: {error}", "求解失败：{kind}：{error}"),
    # the solver ended without a plan (optimizer.pipeline)
    "failure.time_used": (
        "the time limit ({limit} s) was used up before the solver started (checking and "
        "preparing the scenario took {spent} s), so it stopped without finding any plan; allow "
        "more time ({flag})",
        "求解器启动前时间上限（{limit} 秒）已用完（检查和准备情景用了 {spent} 秒），"
        "因此未找到任何方案就停止了；请放宽时间上限（{flag}）",
    ),
    "failure.no_plan": (
        "{solver} stopped with status '{status}' after {seconds} s without finding any plan; "
        "allow more time ({time_flag}) or a larger gap ({gap_flag})",
        "{solver} 在 {seconds} 秒后以状态 '{status}' 停止，未找到任何方案；"
        "请放宽时间上限（{time_flag}）或放宽最优间隙（{gap_flag}）",
    ),
}
