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
    "scenario.h.save": ("Save and download", "保存与下载"),
    "scenario.overwrite": ("Overwrite if a scenario of that name exists", "若已有同名情景则覆盖"),
    "scenario.save": ("Save", "保存"),
    "scenario.download": ("Download as .xlsx", "下载为 .xlsx"),
    "settings.h": ("Settings", "设置"),
    "settings.yaml_tab": ("All settings as YAML", "全部设置（YAML）"),
    "settings.apply_yaml": ("Apply YAML", "应用 YAML"),
    # the Solve page
    "solve.go": ("Solve", "求解"),
    "solve.cancel": ("Cancel", "取消"),
    "solve.see_results": ("See the results", "查看结果"),
    # the Results page
    "results.open_file": ("Open a plan file (.json)", "打开方案文件（.json）"),
    "results.open_plan": ("Open plan", "打开方案"),
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
    "Scenarios folder": "情景库文件夹",
    "Upload .xlsx workbook": "上传 .xlsx 工作簿",
    "Upload zipped scenario folder": "上传压缩的情景文件夹（.zip）",
}
