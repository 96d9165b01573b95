"""Messages of a running solve and its report: a plan solved again with one destination per
stream because the first plan's loads, followed along its streams, broke a cap
(:func:`optimizer.solvers.loads.follow_loads`); what became of the time kept for it
(:mod:`optimizer.solvers.reserve`); a solve or a search stopped by its one deadline
(:class:`optimizer.solvers.highs.Deadline`)."""

from __future__ import annotations

SOLVING: dict[str, tuple[str, str]] = {
    "loads.resolved": (
        "the best plan's loads, followed along its streams, break the {cap} by {excess} t/year: "
        "solved again with each stream to one destination",
        "沿水流逐段追踪后，当前最优方案的负荷超出{cap} {excess} 吨/年：已改为每股水流只去一个"
        "去处并重新求解",
    ),
    "loads.cap.park": ("park's {pollutant} cap", "园区 {pollutant} 总量上限"),
    "loads.cap.outfall": (
        "{pollutant} cap of the {service} outfalls",
        "{service}排口的 {pollutant} 上限",
    ),
    "solve.stopped_at_deadline": (
        "stopped at the time limit (the solve's deadline): the plan is the best found by then",
        "已到时间上限（本次求解的截止时间）而停止：方案为此前找到的最优方案",
    ),
    "reserve.not_needed": (
        "the time kept for a re-solve was not needed: at {seconds} s the best plan met every cap, "
        "so the search had the whole time limit",
        "为重新求解预留的时间未被使用：第 {seconds} 秒时当前最优方案满足所有上限，搜索因此可用满全部"
        "时间上限",
    ),
    "reserve.no_plan": (
        "there was no plan yet at {seconds} s to solve again, so the time kept for a re-solve "
        "went to the search",
        "第 {seconds} 秒时尚无可重新求解的方案，为重新求解预留的时间改用于搜索",
    ),
    "reserve.kept": (
        "the search stopped at {seconds} s to keep time for a re-solve: the best plan then broke "
        "the {cap} by {excess} t/year",
        "搜索在第 {seconds} 秒停止，为重新求解留出时间：当时的最优方案超出{cap} {excess} 吨/年",
    ),
    "reserve.late": (
        "a plan found after {seconds} s breaks the {cap} by {excess} t/year, with no time left to "
        "solve again: the plan is the best found whose loads meet every cap",
        "第 {seconds} 秒之后找到的方案超出{cap} {excess} 吨/年，已无时间重新求解：方案为所找到的"
        "负荷满足所有上限的最优方案",
    ),
    "solve.label.resolved": ("solved again", "重新求解"),
    "solve.label.reserve": ("time for a re-solve", "重新求解的预留时间"),
    "solve.label.deadline": ("deadline", "截止时间"),
    "alternatives.stopped_at_deadline": (
        "the time limit of {seconds} s ended the search",
        "已到 {seconds} 秒的时间上限，搜索结束",
    ),
}
