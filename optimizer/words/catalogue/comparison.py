"""The words of a plan comparison (:mod:`optimizer.compare`): its notes and headlines, the words
in its tables' cells, and the headings and lines of its HTML and Markdown files.

A cell's English is the value the comparison's tables hold (``opened``, ``pays more``,
``self``), as the xlsx and JSON keep it; the page and the reports show it in the current
language (:mod:`optimizer.compare_shown`).
"""

from __future__ import annotations

COMPARISON: dict[str, tuple[str, str]] = {
    # the notes a reviewer reads first (optimizer.compare_notes)
    "compare.note.reference": (
        "Reference plan: {reference} (solver: {status}).",
        "基准方案：{reference}（求解器：{status}）。",
    ),
    "compare.note.scenarios": (
        "{plan}: different scenarios: {a} vs {b}.",
        "{plan}：情景不同：{a} 与 {b}。",
    ),
    "compare.note.solver": ("{plan}: solver {status}.", "{plan}：求解器状态为{status}。"),
    "compare.note.basis": (
        "{plan}: one plan has an SME statement (with facility shares) and the other not; "
        "per-SME cost changes mix the two bases (see the columns Cost basis before and after).",
        "{plan}：一个方案有中小企业费用明细（含设施分摊），另一个没有；各中小企业的费用变化混合了"
        "两种口径（见“之前的费用口径”和“之后的费用口径”两列）。",
    ),
    "compare.note.units": (
        "{plan}: {service} is in {theirs}, the reference's in {ours}; its capacities and loads "
        "before are in {ours}/day, after in {theirs}/day (the Unit column gives {ours}/day).",
        "{plan}：{service} 的单位为 {theirs}，基准方案的为 {ours}；其之前的处理能力和负荷按 "
        "{ours}/日计，之后的按 {theirs}/日计（“单位”列给出 {ours}/日）。",
    ),
    "compare.note.currency": (
        "{plan}: amounts are in {currency}, the reference's in {reference_currency}; the deltas "
        "do not convert currencies.",
        "{plan}：金额单位为 {currency}，基准方案的为 {reference_currency}；变化量未做币种换算。",
    ),
    # the first line of an input comparison (optimizer.compare_inputs.input_headline)
    "compare.headline.scenarios": ("different scenarios: {a} vs {b}", "情景不同：{a} 与 {b}"),
    "compare.headline.identical": (
        "same scenario ({scenario}) and identical inputs",
        "同一情景（{scenario}），输入完全相同",
    ),
    "compare.headline.differ": (
        "same scenario ({scenario}): {settings} and {rows} differ",
        "同一情景（{scenario}）：{settings}和 {rows}不同",
    ),
    "compare.settings.one": ("{count} setting", "{count} 项设置"),
    "compare.settings.many": ("{count} settings", "{count} 项设置"),
    "compare.rows.one": ("{count} table row", "{count} 个表格行"),
    "compare.rows.many": ("{count} table rows", "{count} 个表格行"),
    # how many SMEs pay more, less, the same (optimizer.compare_notes.sme_headline)
    "compare.sme_headline": (
        "{plan} against {reference}: {outcomes}.",
        "{plan} 对比 {reference}：{outcomes}。",
    ),
    "compare.others": ("{count} {outcome}", "{outcome} {count} 家"),
    # the words in the tables' cells (optimizer.compare_shown)
    "compare.cell.opened": ("opened", "开设"),
    "compare.cell.closed": ("closed", "关闭"),
    "compare.cell.resized": ("resized", "调整规模"),
    "compare.cell.pays_more": ("pays more", "付得更多"),
    "compare.cell.pays_less": ("pays less", "付得更少"),
    "compare.cell.new": ("new", "新增"),
    "compare.cell.gone": ("gone", "已不在"),
    "compare.cell.same": ("same", "不变"),
    "compare.cell.statement": ("statement", "费用明细"),
    "compare.cell.own_costs": (
        "own costs only (no facility shares)",
        "仅自身费用（不含设施分摊）",
    ),
    "compare.cell.self": ("self", "自行处理"),
    "compare.cell.unserved": ("unserved", "未处理"),
    "compare.cell.none": ("(none)", "（无）"),
    "compare.cell.row_changed": ("row changed", "行已修改"),
    "compare.cell.row_added": ("row added", "行已新增"),
    "compare.cell.row_removed": ("row removed", "行已删除"),
    "compare.cell.setting_changed": ("setting changed", "设置已修改"),
    "compare.cell.setting_added": ("setting added", "设置已新增"),
    "compare.cell.setting_removed": ("setting removed", "设置已删除"),
    "compare.cell.different_scenarios": ("different scenarios", "情景不同"),
    "compare.cell.settings": ("settings", "设置"),
    "compare.cell.per_day": ("{unit}/day", "{unit}/日"),
    "compare.cell.points": ("{value} pp", "{value} 个百分点"),
    # the comparison's HTML and Markdown files (optimizer.export.comparison)
    "compare.file.title": ("Plan comparison: {plans}", "方案比较：{plans}"),
    "compare.file.vs": (" vs ", " 对比 "),
    "compare.file.reference": ("Reference: {reference}", "基准方案：{reference}"),
    "compare.file.reference_compared": (
        "Reference: **{reference}**; compared: {compared}.",
        "基准方案：**{reference}**；比较的方案：{compared}。",
    ),
    "compare.file.section": ("{plan} vs {reference}", "{plan} 对比 {reference}"),
    "compare.file.none": ("None.", "无。"),
    "compare.file.h.sme_counts": ("Who pays more, who pays less", "谁付得更多，谁付得更少"),
    "compare.file.h.kpis": ("Key figures", "关键指标"),
    "compare.file.h.facilities": (
        "Facilities opened, closed or resized",
        "开设、关闭或调整规模的设施",
    ),
    "compare.file.h.reassignments": ("Enterprises reassigned", "改变处理地点的企业"),
    "compare.file.h.sme_costs": (
        "Per-SME cost changes (those who pay more first, largest change first)",
        "各中小企业的费用变化（付得更多的在前，变化最大的在前）",
    ),
    "compare.file.h.input_changes": ("Input differences", "输入差异"),
}
