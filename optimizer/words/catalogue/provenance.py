"""The words of a plan's "Solver and provenance" list in the HTML report
(:mod:`optimizer.words.provenance`): each item's label, by the item's key (``prov.<key>``; a
group of items, such as the versions of the packages, names each with ``{name}``), and the words
of a few values.
"""

from __future__ import annotations

PROVENANCE: dict[str, tuple[str, str]] = {
    # the solver's report
    "prov.solver.status_words": ("Solver status", "求解器状态"),
    "prov.solver.solver": ("Solver", "求解器"),
    "prov.solver.version": ("Solver version", "求解器版本"),
    "prov.solver.status": ("Status", "状态"),
    "prov.solver.termination": ("Why the solver stopped", "求解器停止的原因"),
    "prov.solver.objective": ("Objective (total annual cost)", "目标值（年化总成本）"),
    "prov.solver.bound": ("Best bound", "最优下界"),
    "prov.solver.gap": ("Relative gap to the best bound", "与最优下界的相对差距"),
    "prov.solver.seconds": ("Solve time", "求解用时"),
    "prov.solver.handover_seconds": (
        "Time to build and hand over the model",
        "建模与交给求解器的用时",
    ),
    "prov.solver.has_solution": ("A plan was found", "找到了方案"),
    "prov.solver.is_mip": ("Integer model (MIP)", "整数模型（混合整数规划）"),
    "prov.solver.start": ("First plan handed to the solver", "交给求解器的初始方案"),
    "prov.solver.time_limit_s": ("Time the solver was given", "给求解器的时间"),
    "prov.solver.history": ("Points recorded of the search's progress", "记录的搜索进展点数"),
    "prov.solver.stopped_at_deadline": ("Stopped at the deadline", "在截止时间停止"),
    "prov.solver.resolved": (
        "Solved again with one destination per stream",
        "按每股物流单一去向重新求解",
    ),
    "prov.solver.reserve": ("Time kept for a re-solve", "为重新求解预留的时间"),
    # the network
    "prov.provenance.network.distances": ("Distances", "距离"),
    "prov.provenance.network.snapped": ("Points snapped to the network", "吸附到管网的点数"),
    "prov.provenance.network.max_snap_km": ("Longest snap to the network", "最长吸附距离"),
    "prov.provenance.network.mean_snap_km": ("Mean snap to the network", "平均吸附距离"),
    "prov.distances.network": ("shortest paths on the park network", "园区管网上的最短路径"),
    "prov.distances.table": ("explicit (distances table)", "明确给定（距离表）"),
    "prov.distances.crow": (
        "great-circle x {detour} (no network)",
        "大圆距离 × {detour}（无管网）",
    ),
    # what the plan was solved from
    "prov.provenance.scenario": ("Scenario", "情景"),
    "prov.provenance.variant": ("Variant", "变体"),
    "prov.provenance.label": ("Plan", "方案"),
    "prov.provenance.source.kind": ("Source", "来源"),
    "prov.provenance.source.where": ("Opened from", "打开自"),
    "prov.provenance.source.version": ("Version of the source opened", "所打开来源的版本"),
    "prov.provenance.edits": ("Edits made in the app", "在应用中所做的修改"),
    "prov.provenance.overrides": ("Overrides", "覆盖设置"),
    "prov.each.provenance.overrides": ("Override {name}", "覆盖设置 {name}"),
    "prov.provenance.input_hash": ("Fingerprint of the inputs (SHA-256)", "输入的指纹（哈希值）"),
    "prov.provenance.currency": ("Currency", "币种"),
    "prov.provenance.cost_year": ("Cost year (price level)", "成本年份（价格水平）"),
    "prov.each.provenance.versions": ("Version of {name}", "{name} 的版本"),
    "prov.provenance.streams_to_one_destination": (
        "Each stream sent to one destination",
        "每股物流只送往一个去向",
    ),
    "prov.provenance.created": ("Made at (UTC)", "生成时间（协调世界时）"),
    # the solve's options
    "prov.provenance.options.solver": ("Solver asked for", "指定的求解器"),
    "prov.provenance.options.time_limit_s": ("Time limit", "时间上限"),
    "prov.provenance.options.mip_gap": ("Gap limit", "差距上限"),
    "prov.provenance.options.threads": ("Threads", "线程数"),
    "prov.provenance.options.seed": ("Solver's random seed", "求解器的随机种子"),
    "prov.provenance.options.relax": ("Solved relaxed (no integers)", "松弛求解（无整数约束）"),
    "prov.provenance.options.verbose": ("Solver's log shown", "显示求解器日志"),
    "prov.provenance.options.heuristic": ("Heuristic first plan", "启发式初始方案"),
    "prov.provenance.options.warm_start": ("Started from an earlier plan", "从此前的方案开始"),
    "prov.each.provenance.options": ("Solve option {name}", "求解选项 {name}"),
    # the model's size and the time each step took
    "prov.each.provenance.sizes": ("Model size: {name}", "模型规模：{name}"),
    "prov.each.provenance.timings_s": ("Time: {name}", "用时：{name}"),
    "prov.step.check": ("checking the scenario", "检查情景"),
    "prov.step.prepare": ("preparing the model data", "准备模型数据"),
    "prov.step.solve": ("solving", "求解"),
    "prov.step.build_and_handover": ("building and handing over the model", "建模并交给求解器"),
    "prov.step.extract": ("reading the plan", "读取方案"),
    "prov.step.allocate": ("sharing the costs", "分摊成本"),
    "prov.size.demands": ("demands", "需求"),
    "prov.size.pairs": ("enterprise-site pairs", "企业与站点的配对"),
    "prov.size.tiers": ("tiers offered", "可选规模档"),
    "prov.size.flows": ("onward streams", "后续物流"),
    "prov.size.sinks": ("sinks", "最终去向"),
    # cost sharing
    "prov.allocation.rule": ("Cost-sharing rule", "成本分摊规则"),
    "prov.allocation.seed": ("Random seed of the sampling", "抽样的随机种子"),
    "prov.allocation.samples": ("Samples drawn", "抽样次数"),
    "prov.allocation.unallocated_cost": (
        "Cost of facilities with no one to share it",
        "无人分摊的设施成本",
    ),
    # values
    "prov.none": ("none", "无"),
    "prov.seconds": ("{value} s", "{value} 秒"),
}
