"""Messages of the Solve page's notes (a scenario with errors, no feasible plan, a solve waiting,
cancelled or failed), the running solve's progress line (the command line's and the app's,
:mod:`optimizer.words.progress`) and the maps' online basemap switch and notes
(:func:`optimizer.ui.views.basemap_toggle`)."""

from __future__ import annotations

APP_NOTES: dict[str, tuple[str, str]] = {
    # the Solve page, when the scenario has errors
    "solve.errors.one": (
        "The scenario has {count} error: fix it on the Scenario page before solving.",
        "情景有 {count} 个错误：请先在情景页修正，再求解。",
    ),
    "solve.errors.many": (
        "The scenario has {count} errors: fix them on the Scenario page before solving.",
        "情景有 {count} 个错误：请先在情景页修正，再求解。",
    ),
    "solve.fix_link": ("Fix on the Scenario page", "到情景页修正"),
    "solve.fix_first": ("Fix the scenario's errors first.", "请先修正情景中的错误。"),
    # why a solve gave no plan
    "solve.infeasible": (
        "No plan meets every rule of the scenario. Relaxing the rules shows why:",
        "没有方案能满足情景的全部规则。放宽规则后可见原因：",
    ),
    "solve.invalid": ("The scenario has errors:", "情景有错误："),
    # the running solve's bar
    "solve.limit": ("(time limit {seconds} s)", "（时间上限 {seconds} 秒）"),
    "solve.waiting": (
        "Waiting for a solver process for {label}: {seconds} s {limit}",
        "{label} 正在等待求解进程：{seconds} 秒{limit}",
    ),
    "solve.progress": ("{label}: {line} {limit}", "{label}：{line}{limit}"),
    # a cancelled or failed solve (the details of a failure are the solver's or the process's)
    "solve.cancelled": ("The solve was cancelled.", "求解已取消。"),
    "solve.cancelled.queued": (
        "The solve was cancelled before it started.",
        "求解在开始前已取消。",
    ),
    "solve.cancelled.running": (
        "The running solve was stopped; the other solves go on.",
        "正在运行的求解已停止；其他求解继续进行。",
    ),
    "solve.cancelled.done": ("The solve had already finished.", "求解已经完成。"),
    "solve.cancelled.shut_down": (
        "The solve was stopped: the app's solver processes were shut down. Solve again.",
        "求解已停止：应用的求解进程已关闭。请重新求解。",
    ),
    "solve.failed": ("{message}", "求解没有得到方案：{message}"),
    # the progress line (optimizer.words.progress)
    "progress.head": ("solving, {seconds} s", "求解中，{seconds} 秒"),
    "progress.colon": (": ", "："),
    "progress.semicolon": ("; ", "；"),
    "progress.comma": (", ", "，"),
    "progress.preparing": ("preparing the model", "正在建立模型"),
    "progress.no_plan": ("no plan yet", "尚无方案"),
    "progress.best": ("best plan {amount}", "当前最优方案 {amount}"),
    "progress.bound": ("bound {amount}", "下界 {amount}"),
    "progress.gap": ("gap {gap}", "差距 {gap}"),
    "progress.per_year": ("{currency}/year", "{currency}/年"),
    # the maps' online basemap
    "views.basemap_help": (
        "Draw the map over an online basemap from {host} (needs the internet). Off: the park is "
        "drawn as the outline of its points and nothing is fetched.",
        "在来自 {host} 的在线底图上绘制地图（需要联网）。关闭时，园区以其各点的外轮廓绘制，"
        "不从任何地方获取内容。",
    ),
    "views.basemap_unreachable": (
        "The online basemap could not be loaded from {host}: {problem}, tried from the computer "
        "running the app. Without a network the map shows the park's outline and no streets; "
        "switch the basemap off to stop trying.",
        "无法从 {host} 加载在线底图：{problem}（从运行本应用的计算机尝试）。没有网络时，"
        "地图只显示园区轮廓，没有街道；关闭在线底图即可停止尝试。",
    ),
    "views.basemap_from": (
        "Basemap from {host}, loaded by your browser over the internet{credit}.",
        "底图来自 {host}，由您的浏览器通过互联网加载{credit}。",
    ),
}
