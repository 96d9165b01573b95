"""Messages of the app's chrome: its name, the navigation and page titles, the sidebar, the
buttons, the downloads and the KPI cards (:mod:`optimizer.ui`)."""

from __future__ import annotations

CHROME: dict[str, tuple[str, str]] = {
    "app.title": ("Shared facility optimiser", "共享设施优化"),
    "app.language": ("Language", "语言"),
    "app.page.scenario": ("Scenario", "情景"),
    "app.page.map": ("Map", "地图"),
    "app.page.solve": ("Solve", "求解"),
    "app.page.results": ("Results", "结果"),
    "app.page.compare": ("Compare", "比较"),
    # the sidebar
    "app.no_scenario": ("No scenario open.", "尚未打开情景。"),
    "app.scenario_status": (
        "Scenario: **{title}** ({unsaved}{status})",
        "情景：**{title}**（{unsaved}{status}）",
    ),
    "app.unsaved": ("unsaved, ", "未保存，"),
    "app.ready": ("ready to solve", "可以求解"),
    "app.errors": ("{count} error(s)", "{count} 个错误"),
    "app.plans": ("Plans this session: {count}", "本次会话的方案：{count}"),
    "app.solving": ("Solving {label}: {seconds} s", "正在求解 {label}：{seconds} 秒"),
    # the Scenario page
    "scenario.open": ("Open a scenario", "打开情景"),
    "scenario.from": ("From", "来源"),
    "scenario.pick": ("Scenario", "情景"),
    "scenario.open_button": ("Open", "打开"),
    "scenario.open_upload": ("Open upload", "打开上传的文件"),
    "scenario.start": (
        "Open a scenario from the scenarios folder, or upload one, to start.",
        "请从情景文件夹打开一个情景，或上传一个情景，即可开始。",
    ),
    "scenario.h.tables": ("Tables", "表格"),
    "scenario.goal_open": ("open {where}", "打开 {where}"),
    "scenario.goal_variant": (
        "start again from the variant {variant}",
        "从变体 {variant} 重新开始",
    ),
    "scenario.drop_warning": (
        "{label} has {edits} not saved. To {goal} they would be dropped: save them first (Save "
        "as, at the bottom of the page), or drop them.",
        "{label} 有 {edits}尚未保存。若要{goal}，这些修改将被丢弃：请先保存（页面底部的“另存为”），"
        "或丢弃它们。",
    ),
    "scenario.drop": ("Drop the edits and {goal}", "丢弃修改并{goal}"),
    "scenario.keep": ("Keep editing", "继续编辑"),
    "scenario.unsaved": (
        "**{edits} not saved** since it was opened from {where}: plans solved now are labelled "
        "{title}. Save as (below) keeps them.",
        "自从 {where} 打开以来有 **{edits}尚未保存**：现在求解的方案将标为 {title}。“另存为”（下方）"
        "可保留这些修改。",
    ),
    "scenario.the_edits": ("The {edits}", "修改明细（{edits}）"),
    "scenario.from_where": ("From {where}. {description}", "来自 {where}。{description}"),
    "scenario.base": ("(base scenario)", "（基准情景）"),
    "scenario.variant": ("Variant", "变体"),
    "scenario.variant_help": (
        "Picking a variant starts again from the scenario as opened with the variant's overrides "
        "applied; unsaved edits are dropped (the page asks first).",
        "选择变体后，将从打开时的情景重新开始并套用该变体的覆盖值；未保存的修改会被丢弃（页面会先询问）。",
    ),
    "scenario.no_problems": (
        "No problems found: the scenario is ready to solve.",
        "未发现问题：情景可以求解。",
    ),
    "scenario.h.save": ("Save and download", "保存与下载"),
    "scenario.overwrite": ("Overwrite if a scenario of that name exists", "若已有同名情景则覆盖"),
    "scenario.save": ("Save", "保存"),
    "scenario.download": ("Download as .xlsx", "下载为 .xlsx"),
    "scenario.save_as": ("Save as (a folder in {folder}/)", "另存为（{folder}/ 中的文件夹）"),
    "scenario.save_help": (
        "The scenario's name setting becomes this name. Saving is atomic: a failed save leaves "
        "what was there intact.",
        "情景的名称设置随之改为此名称。保存是原子操作：保存失败时，原有内容保持不变。",
    ),
    "scenario.fix_first": ("Fix the errors first.", "请先修正错误。"),
    "scenario.saved": ("Saved as {where}.", "已另存为 {where}。"),
    "scenario.not_saved": ("Not saved: {error}", "未保存：{error}"),
    "scenario.disk_refused": (
        "Not saved: the disk refused the write ({error}); what was saved before is intact.",
        "未保存：磁盘拒绝写入（{error}）；此前保存的内容完好无损。",
    ),
    "settings.h": ("Settings", "设置"),
    "settings.yaml_tab": ("All settings as YAML", "全部设置（YAML）"),
    "settings.apply_yaml": ("Apply YAML", "应用 YAML"),
    # the Solve page
    "solve.go": ("Solve", "求解"),
    "solve.scenario": ("Scenario: {title}", "情景：{title}"),
    "solve.time": ("Time limit (s)", "时间上限（秒）"),
    "solve.time_help": (
        "Stop after this many seconds with the best plan found and its gap.",
        "到达此秒数即停止，给出已找到的最佳方案及其差距。",
    ),
    "solve.gap": ("Relative gap", "相对差距"),
    "solve.gap_help": (
        "Stop when the plan is proven within this share of the best bound (0: optimal).",
        "当方案被证明与最优界的差距在此比例以内时停止（0：最优）。",
    ),
    "solve.route": ("Solver route", "求解路线"),
    "solve.route_help": (
        "{highs}: the fast matrix route (default). The others go through {pyomo}'s model.",
        "{highs}：快速的矩阵路线（默认）。其余路线经由 {pyomo} 模型求解。",
    ),
    "solve.single": ("Single-sourcing", "单一去向"),
    "solve.single_help": (
        "Each demand goes to one place; off: a demand may be split between facilities.",
        "每项需求只去一处；关闭时，一项需求可分给多个设施。",
    ),
    "solve.rule": ("Cost allocation", "成本分摊"),
    "solve.rule_help": (
        "How each facility's cost is split among its member SMEs.",
        "每个设施的成本如何在其成员中小企业之间分摊。",
    ),
    "solve.bad_options": (
        "Time limit: expected a number of seconds above 0; gap: a number from 0 to 1.",
        "时间上限：应为大于 0 的秒数；差距：应为 0 到 1 之间的数。",
    ),
    "solve.solved": (
        "Solved {label} in {seconds} s ({status}). Total annual cost: {total} {cur}/year; "
        "saving {saving} {cur}/year ({pct}) on every SME treating alone.",
        "已求解 {label}，用时 {seconds} 秒（{status}）。年总成本：{total} {cur}/年；"
        "比各中小企业自行处理节省 {saving} {cur}/年（{pct}）。",
    ),
    "solve.cancel": ("Cancel", "取消"),
    "solve.see_results": ("See the results", "查看结果"),
    # the Results page
    "results.open_file": ("Open a plan file (.json)", "打开方案文件（.json）"),
    "results.open_plan": ("Open plan", "打开方案"),
    "results.upload": (
        "A plan downloaded earlier as JSON (at most {mb} MB)",
        "此前下载的方案文件（.json，最大 {mb} 兆字节）",
    ),
    "results.opened": (
        "Opened {name}: it is the plan shown below.",
        "已打开 {name}：下方显示的就是该方案。",
    ),
    "results.only_leaving": ("Only SMEs that would leave", "只看会退出的中小企业"),
    "results.only_shared": ("Only SMEs sharing a facility", "只看共用设施的中小企业"),
    "results.plan": ("Plan", "方案"),
    "results.kpi.total": ("Total cost ({cur}/year)", "总成本（{cur}/年）"),
    "results.kpi.saving": ("Saving ({cur}/year)", "节省（{cur}/年）"),
    "results.kpi.saving_help": (
        "Against every SME treating alone: {amount} {cur}/year.",
        "相对全部中小企业自行处理：{amount} {cur}/年。",
    ),
    "results.h.facilities": ("Open facilities", "开设的设施"),
    "results.h.sme_page": ("One SME's page", "单个中小企业的费用页"),
    "results.sme_download": (
        "This SME's page (.html, printable)",
        "该企业的费用页（.html，可打印）",
    ),
    "results.no_plans": (
        "No plans yet: solve the scenario on the Solve page, or open a plan file above.",
        "尚无方案：请在“求解”页求解情景，或在上方打开方案文件。",
    ),
    "results.services": ("Services", "服务"),
    "results.caption": (
        "Solver: {status}{seconds}. Scenario {label}{source}, input hash {hash}.",
        "求解器：{status}{seconds}。情景 {label}{source}，输入哈希 {hash}。",
    ),
    "results.seconds": (", {seconds} s", "，{seconds} 秒"),
    "results.source": (", {source}", "，{source}"),
    "results.alone_legend": (
        "Grey: SMEs treating everything alone; black ring: at least one service alone.",
        "灰色：全部自行处理的中小企业；黑圈：至少一项服务自行处理。",
    ),
    "chart.title": ("Yearly cost by part ({unit})", "年化成本构成（{unit}）"),
    "chart.part": ("part", "构成"),
    # the Map page
    "map.caption": (
        "{title}: enterprises coloured by sector and sized by demand, candidate sites by status, "
        "the park's network in grey. Hover for details.",
        "{title}：企业按行业着色、按需求量定大小，候选站点按状态着色，园区管网为灰色。悬停查看详情。",
    ),
    "map.sectors": ("Sectors", "行业"),
    "map.status": ("Site status", "站点状态"),
    # the Compare page
    "compare.h.smes": ("Who pays more, who pays less", "谁付得更多，谁付得更少"),
    "compare.smes_order": (
        "The table of what each SME pays (below) lists those who pay more first, largest change "
        "first.",
        "下方的各中小企业费用表先列出付得更多的企业，变化最大的在前。",
    ),
    "compare.h.kpis": ("KPIs", "关键指标"),
    "compare.h.maps": ("Maps", "地图"),
    "compare.upload": (
        "Add plans downloaded earlier as JSON (at most {mb} MB each)",
        "添加此前下载的方案文件（.json，每个最大 {mb} 兆字节）",
    ),
    "compare.plans": (
        "Plans to compare (the first is the reference)",
        "要比较的方案（第一个为基准）",
    ),
    "compare.pick_two": ("Pick at least two plans.", "请至少选择两个方案。"),
    # downloads
    "download.h": ("Download", "下载"),
    "download.json": ("Plan (.json)", "方案（.json）"),
    "download.xlsx": ("Workbook (.xlsx)", "工作簿（.xlsx）"),
    "download.geojson": ("Map data (.geojson)", "地图数据（.geojson）"),
    "download.html": ("Report (.html)", "报告（.html）"),
    # shared pieces
    "views.no_scenario": (
        "No scenario is open yet: open one on the Scenario page.",
        "尚未打开情景：请在“情景”页打开一个。",
    ),
    "views.open_scenario": ("Open a scenario", "打开情景"),
    "views.basemap": ("Online basemap", "在线底图"),
    "views.unit_help": ("The unit of the row's service.", "该行服务的单位。"),
    "views.per_day": ("{title} (per day)", "{title}（每日）"),
    "views.per_day_help": (
        "In the unit of the row's service (the Unit column).",
        "按该行服务的单位计（见“单位”列）。",
    ),
}

#: The Chinese of names the app declares in English (the Scenario page's sources).
CHROME_TERMS: dict[str, str] = {
    # the Map page's counts
    "Enterprises": "企业",
    "Candidate sites": "候选站点",
    "Nodes": "节点",
    "Edges": "管网边",
    # the Compare page's tiles and sections
    "SMEs paying more": "付得更多的中小企业",
    "SMEs paying less": "付得更少的中小企业",
    "SMEs paying the same": "费用不变的中小企业",
    "Facilities opened, closed or resized": "开设、关闭或调整规模的设施",
    "No facility changed.": "没有设施发生变化。",
    "Reassigned SMEs": "改变处理地点的中小企业",
    "No SME changed where it treats.": "没有中小企业改变处理地点。",
    "What each SME pays, before and after (those paying more first)": (
        "各中小企业前后的费用（付得更多的在前）"
    ),
    "No SME cost to compare.": "没有可比较的中小企业费用。",
    "Input differences": "输入差异",
    "The plans were solved from the same inputs.": "这些方案由相同的输入求解。",
    "Scenarios folder": "情景库文件夹",
    "Upload .xlsx workbook": "上传 .xlsx 工作簿",
    "Upload zipped scenario folder": "上传压缩的情景文件夹（.zip）",
}
