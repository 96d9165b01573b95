"""Messages of the app's Explore page (:mod:`optimizer.ui.pages.explore`): near-optimal
alternatives of the working scenario and what-ifs on a plan of the session."""

from __future__ import annotations

EXPLORE: dict[str, tuple[str, str]] = {
    "app.page.explore": ("Explore", "探索"),
    # near-optimal alternatives
    "explore.h.alternatives": ("Near-optimal alternatives", "近似最优的备选方案"),
    "explore.alt.intro": (
        "Plans of {title} within a cost slack of the least-cost plan that open other "
        "facilities, each a full plan, ranked by the criterion chosen. The search runs in a "
        "solver process of its own: this page says where it stands, can cancel it and stays "
        "usable meanwhile (a few seconds for a small park; more alternatives take longer).",
        "{title} 中成本不超过最低成本方案一定幅度、但开启其他设施的方案，每个都是完整方案，并按所选"
        "依据排序。搜索在独立的求解进程中运行：本页面显示其进度，可以取消，期间页面仍可使用（小型园区"
        "需要几秒钟；备选方案越多，耗时越长）。",
    ),
    "explore.within": ("Within (% above the least cost)", "成本上浮上限（高于最低成本的 %）"),
    "explore.count": ("Alternatives to find", "要寻找的备选方案数"),
    "explore.rank": ("Rank by", "排序依据"),
    "explore.rank.cost": ("total annual cost, lowest first", "年化总成本，从低到高"),
    "explore.rank.leavers": ("SMEs who would leave, fewest first", "会退出的中小企业，从少到多"),
    "explore.rank.worst-saving": (
        "the worst-off connected SME's saving, highest first",
        "接入企业中最少的节省，从高到低",
    ),
    "explore.rank.spread": (
        "the spread of connected SMEs' savings, narrowest first",
        "接入企业节省的差距，从小到大",
    ),
    "explore.rank.facilities": ("number of facilities, fewest first", "设施数量，从少到多"),
    "explore.rank.capex": ("new capital expenditure, lowest first", "新增资本支出，从低到高"),
    "explore.alt.go": ("Find alternatives", "寻找备选方案"),
    "explore.errors": (
        "The scenario has errors: fix them on the Scenario page first.",
        "情景有错误：请先在情景页面修正。",
    ),
    "explore.alt.headline.one": (
        "{count} alternative within {within} of the least cost ({cost} {cur}/year).",
        "在最低成本（{cost} {cur}/年）的 {within} 以内找到 {count} 个备选方案。",
    ),
    "explore.alt.headline.many": (
        "{count} alternatives within {within} of the least cost ({cost} {cur}/year).",
        "在最低成本（{cost} {cur}/年）的 {within} 以内找到 {count} 个备选方案。",
    ),
    "explore.alt.stopped_count": (
        "The search stopped at the number asked for: there may be more.",
        "搜索在达到所要求的数量时停止：可能还有更多。",
    ),
    "explore.alt.stopped_none": (
        "No other plan is within {within}.",
        "没有其他方案在 {within} 以内。",
    ),
    "explore.alt.stopped_solver": (
        "The search stopped: {reason}.",
        "搜索已停止：{reason}。",
    ),
    "explore.alt.ranked": ("Ranked by {criterion}.", "排序依据：{criterion}。"),
    "explore.alt.distance": (
        "Facilities changed: the (site, service) facilities opened or closed against the "
        "least-cost plan (the Hamming distance between their open sets); another tier at the same "
        "site is not another facility.",
        "变更的设施：与最低成本方案相比开启或关闭的（站点，服务）设施数（两者开启集合之间的汉明距离）；"
        "同一站点换用其他规模档不算另一设施。",
    ),
    "explore.alt.stale": (
        "These alternatives were found for an earlier version of the scenario: find them again "
        "for the scenario as it is now.",
        "这些备选方案是针对情景的早先版本找到的：请针对当前情景重新寻找。",
    ),
    "explore.alt.pick": ("Plan on the map", "地图上显示的方案"),
    "explore.alt.picked": (
        "{plan}: {cost} {cur}/year, {distance} facilities changed against the least-cost plan.",
        "{plan}：{cost} {cur}/年，与最低成本方案相比变更 {distance} 个设施。",
    ),
    "explore.keep": (
        "Keep it as a plan of this session (for Results and Compare)",
        "将其保留为本次会话的方案（用于结果和比较页面）",
    ),
    "explore.kept": (
        "Kept as {name}: Results and Compare show it.",
        "已保留为 {name}：结果和比较页面可查看。",
    ),
    "explore.infeasible": (
        "No plan meets every rule. Relaxing the rules shows why:",
        "没有满足全部规则的方案。放宽规则后的原因如下：",
    ),
    "explore.invalid": (
        "The scenario or the changes cannot be used:",
        "情景或这些变更无法使用：",
    ),
    # what-if
    "explore.h.whatif": ("What if", "假设分析"),
    "explore.whatif.intro": (
        "Re-solve a plan of this session from its own inputs with enterprises leaving or a "
        "demand scaled, started from the plan, and compare the new plan with it.",
        "以本次会话中某方案自身的输入，在企业退出或需求缩放后从该方案出发重新求解，并与原方案比较。",
    ),
    "explore.whatif.none": (
        "A what-if starts from a plan: solve the scenario first.",
        "假设分析从一个方案开始：请先求解情景。",
    ),
    "explore.whatif.plan": ("Plan", "方案"),
    "explore.whatif.leave": ("Enterprises that leave", "退出的企业"),
    "explore.whatif.scale": ("Demand to scale", "要缩放的需求"),
    "explore.whatif.no_scale": ("none", "无"),
    "explore.whatif.factor": ("Factor", "倍数"),
    "explore.whatif.factor_help": (
        "The demand is multiplied by this (0: nothing left to treat).",
        "需求乘以此倍数（0：不再有需要处理的量）。",
    ),
    "explore.whatif.go": ("Re-solve the what-if", "重新求解假设情形"),
    "explore.whatif.pick": (
        "Pick an enterprise that leaves or a demand to scale first.",
        "请先选择退出的企业或要缩放的需求。",
    ),
    "explore.whatif.what": ("What-if on {plan}: {changes}.", "基于 {plan} 的假设：{changes}。"),
    "explore.whatif.leaves": ("{who} leaves", "{who} 退出"),
    "explore.whatif.scaled": ("demand of {demand} times {factor}", "{demand} 的需求乘以 {factor}"),
    "explore.whatif.total": (
        "Total annual cost: {before} to {after} {cur}/year ({delta}).",
        "年化总成本：从 {before} 到 {after} {cur}/年（{delta}）。",
    ),
    "explore.whatif.stale": (
        "This what-if was solved from another plan or other changes than those picked now: "
        "re-solve it to see theirs.",
        "此假设分析基于另一个方案或与当前所选不同的变更：请重新求解以查看当前选择的结果。",
    ),
    "explore.whatif.joins": ("the rows of {file} join", "{file} 中的行加入"),
    "explore.whatif.join": (
        "Enterprises that join: rows to add, from files (at most {mb} each)",
        "加入的企业：要添加的行，来自文件（每个文件不超过 {mb}）",
    ),
    "explore.whatif.join_help": (
        "As {command} takes them: a YAML file of table names to lists of rows, a .csv file "
        "named after its table ({example}), or an .xlsx workbook with a sheet per table. Each "
        "row is checked like a row of its table.",
        "与命令行 {command} 相同：以表名对应行列表的 YAML 文件、以表名命名的 .csv 文件（{example}），"
        "或每张表一个工作表的 .xlsx 工作簿。每一行都按其所属表的规则检查。",
    ),
    "explore.whatif.join_refused": (
        "The rows to add cannot be used:",
        "要添加的行无法使用：",
    ),
    # a job in a solver process of its own
    "explore.job.queued": (
        "Waiting for a solver process: {seconds} s",
        "正在等待求解进程：{seconds} 秒",
    ),
    "explore.job.least_cost": (
        "Solving the least-cost plan, {seconds} s:",
        "正在求解最低成本方案，{seconds} 秒：",
    ),
    "explore.job.search": (
        "Searching: {done} of {total} alternatives found, {seconds} s:",
        "正在搜索：已找到 {done}/{total} 个备选方案，{seconds} 秒：",
    ),
    "explore.job.plans": (
        "Making the full plans: {done} of {total} done, {seconds} s",
        "正在生成完整方案：已完成 {done}/{total}，{seconds} 秒",
    ),
    "explore.job.resolve": (
        "Re-solving the what-if, {seconds} s:",
        "正在重新求解假设情形，{seconds} 秒：",
    ),
    "explore.job.leavers": (
        "Re-solving without each SME: {done} of {total} SMEs done, {seconds} s",
        "正在逐个去除中小企业后重新求解：已完成 {done}/{total} 家，{seconds} 秒",
    ),
    "explore.job.no_plan": ("no plan yet", "尚无方案"),
    "explore.job.best": ("best plan {amount} {cur}/year", "最优方案 {amount} {cur}/年"),
    "explore.job.bound": ("bound {amount} {cur}/year", "界 {amount} {cur}/年"),
    "explore.job.gap": ("gap {gap}", "间隙 {gap}"),
    "explore.job.cancel": ("Cancel", "取消"),
    "explore.job.cancelled": (
        "Cancelled: its solver process was stopped; nothing was kept from it.",
        "已取消：其求解进程已停止，未保留任何结果。",
    ),
    "explore.job.other": (
        "Another search of this page is running: it can be followed and cancelled where it was "
        "started.",
        "本页面的另一项搜索正在运行：可在启动它的位置查看进度或取消。",
    ),
    "explore.job.failed": ("It could not be done: {message}", "无法完成：{message}"),
    # leave-one-out
    "explore.h.loo": ("Leave-one-out", "逐一退出分析"),
    "explore.loo.intro.one": (
        "For each member of each shared facility of {plan}: the park's total and what the other "
        "members pay if it leaves; {count} SME shares a facility, one re-solve each, one after "
        "the other in a solver process of its own.",
        "针对 {plan} 中每个共享设施的每个成员：若其退出，园区总成本及其他成员的支付；共有 {count} "
        "家中小企业共享设施，每家重新求解一次，在独立的求解进程中依次进行。",
    ),
    "explore.loo.intro.many": (
        "For each member of each shared facility of {plan}: the park's total and what the other "
        "members pay if it leaves; {count} SMEs share a facility, one re-solve each, one after "
        "the other in a solver process of its own.",
        "针对 {plan} 中每个共享设施的每个成员：若其退出，园区总成本及其他成员的支付；共有 {count} "
        "家中小企业共享设施，每家重新求解一次，在独立的求解进程中依次进行。",
    ),
    "explore.loo.go": ("Re-solve without each SME", "逐个去除中小企业后重新求解"),
    "explore.loo.nobody": (
        "No SME shares a facility in this plan.",
        "此方案中没有共享设施的中小企业。",
    ),
    "explore.loo.summary.one": (
        "{count} SME re-solved: the park's total changes by {low} to {high} {cur}/year.",
        "已重新求解 {count} 家中小企业：园区总成本变化 {low} 至 {high} {cur}/年。",
    ),
    "explore.loo.summary.many": (
        "{count} SMEs re-solved: the park's total changes by {low} to {high} {cur}/year.",
        "已重新求解 {count} 家中小企业：园区总成本变化 {low} 至 {high} {cur}/年。",
    ),
    "explore.loo.other": (
        "This report is of {plan}, not of the plan picked: re-solve it to see that plan's.",
        "此报告针对 {plan}，而非当前所选方案：请重新求解以查看所选方案的报告。",
    ),
}
