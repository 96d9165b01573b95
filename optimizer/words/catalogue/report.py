"""Messages of the plan's words and the HTML report: statuses, the verdict, cards, headings."""

from __future__ import annotations

REPORT: dict[str, tuple[str, str]] = {
    # lists
    "list.sep": (", ", "、"),
    "list.clauses": (", ", "，"),
    "list.semicolon": ("; ", "；"),
    "list.and": (" and ", "及"),
    "list.and_more": (" and {count} more", "等另外 {count} 家"),
    "bool.yes": ("yes", "是"),
    "bool.no": ("no", "否"),
    "unit.per_year": ("{cur}/year", "{cur}/年"),
    "amount.per_year": ("{amount} {cur}/year", "{amount} {cur}/年"),
    "pct.brackets": (" ({pct})", "（{pct}）"),
    # labels
    "label.cost_part_kpi": ("Cost: {part}", "成本：{part}"),
    "kpi.facilities_of": ("Facilities: {service}", "设施：{service}"),
    "kpi.capacity_freed": (
        "Environmental capacity freed (wetlands): {name}",
        "腾出的环境容量（湿地）：{name}",
    ),
    "kpi.loan_financed": ("Capex financed by loan {loan}", "由贷款 {loan} 融资的资本支出"),
    # the solver's status
    "status.line.lp": ("optimal", "最优"),
    "status.line.within": ("optimal within gap {gap}", "在容差 {gap} 内最优"),
    "status.line.time": (
        "time limit reached, best plan within gap {gap}",
        "达到时间上限，所得方案在容差 {gap} 以内",
    ),
    "status.line.nobound": (
        "time limit reached, no bound on how good the plan is",
        "达到时间上限，无法界定方案的优劣",
    ),
    "status.sentence.optimal": ("optimal (proven)", "最优（已证明）"),
    "status.sentence.lp": ("optimal (linear programme)", "最优（线性规划）"),
    "status.sentence.within": (
        "optimal within the gap limit: at most {gap} above the best bound",
        "在容差限值内最优：至多比最优下界高 {gap}",
    ),
    "status.sentence.time": (
        "stopped at the time limit; the plan is within {gap} of the best bound",
        "在时间上限处停止；方案与最优下界的差距在 {gap} 以内",
    ),
    "status.sentence.nobound": (
        "stopped at the time limit; no bound on how far the plan is from the best",
        "在时间上限处停止；无法界定方案距最优有多远",
    ),
    "status.brief.within": ("within gap", "容差内最优"),
    "status.brief.time": ("time limit", "达到时间上限"),
    "status.gap": ("gap {gap}", "差距 {gap}"),
    # the verdict
    "verdict.checked_all": (
        "(every group checked exactly, at {where})",
        "（已精确检验每一个企业组合，{where}）",
    ),
    "verdict.where_one": ("the one facility", "涉及唯一一座设施"),
    "verdict.where_all": ("all {count} facilities", "涉及全部 {count} 座设施"),
    "verdict.checked_partly": (
        "(every group checked exactly at {checked} of {shared} facilities only; at {others}, only "
        "whether each member pays more than alone, as time ran out)",
        "（仅在 {shared} 座设施中的 {checked} 座精确检验了每一个企业组合；因时间用尽，{others}只检验了"
        "每个成员是否比自行处理付得更多）",
    ),
    "verdict.others_one": ("the one other", "其余一座"),
    "verdict.others_many": ("the other {count}", "其余 {count} 座"),
    "verdict.pays_more.one": ("{count} pays more than alone", "{count} 家比自行处理付得更多"),
    "verdict.pays_more.many": ("{count} pay more than alone", "{count} 家比自行处理付得更多"),
    "verdict.at": (" at {place}", "（在 {place}）"),
    "verdict.one_saves": (
        "{member}{at} would pay {saves} less on its own",
        "{member}{at}自行处理可少付 {saves}",
    ),
    "verdict.group_saves": (
        "a group of {size}{at} ({named}) would together pay {saves} less on their own",
        "由 {size} 家企业组成的组合{at}（{named}）自行处理合计可少付 {saves}",
    ),
    "verdict.remedy_not_worked": (
        "whether another split keeps every one in was not worked out",
        "未计算是否有其他分摊方案能留住所有成员",
    ),
    "verdict.remedy_free_partly": (
        "at the facilities checked exactly, another split of each facility's cost keeps every "
        "one in, with no subsidy",
        "在已精确检验的设施中，另一种设施成本分摊方案无需补贴即可留住所有成员",
    ),
    "verdict.remedy_free": (
        "another split of each facility's cost keeps every one in, with no subsidy",
        "另一种设施成本分摊方案无需补贴即可留住所有成员",
    ),
    "verdict.facilities_at": ("{count} facilities: {where}", "{count} 座设施：{where}"),
    "verdict.facility_count.one": ("{count} facility", "{count} 座设施"),
    "verdict.facility_count.many": ("{count} facilities", "{count} 座设施"),
    "verdict.remedy_subsidy": (
        "no split of the cost keeps every one in at {at}; the smallest subsidy that lets one do "
        "so is {subsidy}",
        "在 {at}，任何成本分摊方案都无法留住所有成员；使之可行的最小补贴为 {subsidy}",
    ),
    "verdict.partly_suffix": (" (at the facilities checked exactly)", "（仅计已精确检验的设施）"),
    "verdict.not_worked": ("not worked out (no cost allocation)", "未计算（未进行成本分摊）"),
    "verdict.tail": (" {note}", "{note}"),
    "verdict.none_found_partly": (
        "none found under {rule} cost sharing: no member pays more than alone, and no group would "
        "do better on its own where every group was checked{tail}",
        "按 {rule} 成本分摊未发现：没有成员比自行处理付得更多，在已检验每个组合的设施中也没有组合"
        "自行处理会更划算{tail}",
    ),
    "verdict.none": (
        "none under {rule} cost sharing: no member pays more than alone and no group would do "
        "better on its own{tail}",
        "按 {rule} 成本分摊无企业退出：没有成员比自行处理付得更多，也没有组合自行处理会更划算{tail}",
    ),
    "verdict.reasons_unknown": (
        "each would pay more than alone, or is in a group that would do better on its own",
        "每家企业或比自行处理付得更多，或所在组合自行处理更划算",
    ),
    "verdict.count_line": (
        "{count} under {rule} cost sharing: {reasons}; {remedy}{tail}",
        "按 {rule} 成本分摊有 {count} 家：{reasons}；{remedy}{tail}",
    ),
    "verdict.sentence": ("{subject}: {line}.", "{subject}：{line}。"),
    "verdict.warning": (
        "{sentence} The statement below marks them.",
        "{sentence}下方的费用明细标出了这些企业。",
    ),
    "verdict.card_title": ("Cost sharing ({rule})", "成本分摊（{rule}）"),
    "verdict.would_leave.one": ("{count} SME would leave", "{count} 家中小企业会退出"),
    "verdict.would_leave.many": ("{count} SMEs would leave", "{count} 家中小企业会退出"),
    "verdict.nobody": ("nobody would leave", "无企业会退出"),
    "verdict.nobody_partly": ("no SME pays more than alone", "没有中小企业比自行处理付得更多"),
    "outcome.more.one": ("{count} SME pays more", "{count} 家中小企业付得更多"),
    "outcome.more.many": ("{count} SMEs pay more", "{count} 家中小企业付得更多"),
    "outcome.more.none": ("no SME pays more", "没有中小企业付得更多"),
    "outcome.less.one": ("{count} pays less", "{count} 家付得更少"),
    "outcome.less.many": ("{count} pay less", "{count} 家付得更少"),
    "outcome.less.none": ("none pays less", "没有企业付得更少"),
    "outcome.same.one": ("{count} pays the same", "{count} 家费用不变"),
    "outcome.same.many": ("{count} pay the same", "{count} 家费用不变"),
    "outcome.new.one": ("{count} is new", "{count} 家为新增"),
    "outcome.new.many": ("{count} are new", "{count} 家为新增"),
    "outcome.gone.one": ("{count} is gone (not in this plan)", "{count} 家已不在（本方案中没有）"),
    "outcome.gone.many": (
        "{count} are gone (not in this plan)",
        "{count} 家已不在（本方案中没有）",
    ),
    # a plan's verification
    "verify.inputs_differ": ("the inputs differ", "输入不同"),
    "verify.rules.one": ("{count} rule broken", "{count} 条规则被违反"),
    "verify.rules.many": ("{count} rules broken", "{count} 条规则被违反"),
    "verify.figures.one": ("{count} figure differs", "{count} 项数据不符"),
    "verify.figures.many": ("{count} figures differ", "{count} 项数据不符"),
    "verify.ok": (
        "verified: same inputs, feasible, every figure exact ({checked} checks)",
        "已核验：输入相同、方案可行、每项数据准确（{checked} 项检查）",
    ),
    "verify.not_ok": (
        "not verified: {parts} ({checked} checks)",
        "未通过核验：{parts}（{checked} 项检查）",
    ),
    "verify.badge_none": ("not yet verified", "尚未核验"),
    "verify.badge_ok": ("verified", "已核验"),
    "verify.badge_not": ("not verified", "未通过核验"),
    # what changed in the inputs
    "change.empty": ("(empty)", "（空）"),
    "change.row": (
        "{table} {key}: {column} {old} → {new}",
        "{table} {key}：{column} {old} → {new}",
    ),
    "change.added": ("{table}: added {key} ({new})", "{table}：新增 {key}（{new}）"),
    "change.removed": ("{table}: removed {key}", "{table}：删除 {key}"),
    "change.setting_added": ("setting {key}: set to {new}", "设置 {key}：设为 {new}"),
    "change.setting_removed": (
        "setting {key}: removed (was {old})",
        "设置 {key}：已删除（原为 {old}）",
    ),
    "change.scenarios": ("different scenarios: {old} vs {new}", "不同的情景：{old} 与 {new}"),
    "change.setting": ("setting {key}: {old} → {new}", "设置 {key}：{old} → {new}"),
    # what a plan was solved from
    "edit.one": ("{count} edit", "{count} 处修改"),
    "edit.many": ("{count} edits", "{count} 处修改"),
    "source.from": ("from {source} {where}", "来自{source} {where}"),
    # the HTML report
    "report.card.saving_detail": (
        "{pct} of {alone} {cur}/year",
        "占全部自行处理 {alone} {cur}/年 的 {pct}",
    ),
    "report.card.smes": ("SMEs connected", "接入的中小企业"),
    "report.card.smes_value": ("{connected} of {total}", "{connected}/{total} 家"),
    "report.card.smes_detail": (
        "{alone} demands treated alone, {unmet} unmet",
        "{alone} 项需求自行处理，{unmet} 项未满足",
    ),
    "report.card.facilities": ("Facilities", "设施"),
    "report.card.none_open": ("none open", "未开设"),
    "report.card.solver": ("Solver", "求解器"),
    "report.card.subsidy": ("Subsidy", "补贴"),
    "report.h.map": ("Map", "地图"),
    "report.map_caption": (
        "Enterprises, candidate sites and assignments (straight lines; costs use network "
        "distances).",
        "企业、候选站点及分配关系（图中为直线；成本按管网距离计算）。",
    ),
    "report.h.annual_cost": ("Annual cost", "年化成本"),
    "report.h.search": ("The search", "求解过程"),
    "report.search_caption": (
        "The best plan found and the best bound proven as the solver ran: the gap between them "
        "is how far the plan may be from the best possible.",
        "求解过程中找到的最优方案与已证明的最优下界：二者之差即方案与最优可能方案之间的最大差距。",
    ),
    "report.subtitle.scenario": ("Scenario {name}", "情景 {name}"),
    "report.subtitle.variant": (", variant {variant}", "，变体 {variant}"),
    "report.subtitle.edits": (
        ", with {edits} (listed under Edits)",
        "，含 {edits}（见“修改”一节）",
    ),
    "report.subtitle.source": (", {source}", "，{source}"),
    "report.subtitle.amounts": (
        " · amounts in {cur} at {year} prices",
        " · 金额单位 {cur}，按 {year} 年价格计",
    ),
    "report.subtitle.created": (" · created {created}", " · 生成于 {created}"),
    "report.title": ("Shared facility plan: {label}", "共享设施规划方案：{label}"),
    "report.h.facilities": ("Facilities", "设施"),
    "report.h.sme_pays": ("What each SME pays", "各中小企业的费用"),
    "report.h.sharing": ("Cost sharing by facility", "各设施的成本分摊"),
    "report.h.flows": ("Onward streams", "后续输送（出水、污泥）"),
    "report.h.pollutants": ("Pollutant discharges", "污染物排放"),
    "report.h.financing": ("Financing of new facilities", "新建设施的融资"),
    "report.h.edits": ("Edits", "修改"),
    "report.edits_intro": (
        "Made to the scenario since it was opened, before the solve:",
        "打开情景后、求解前对情景所做的修改：",
    ),
    "report.h.summary": ("Summary figures", "汇总数据"),
    "report.h.provenance": ("Solver and provenance", "求解器与来源"),
    "report.page_title": ("Plan {label}", "方案 {label}"),
    "report.no_statement": (
        "No cost allocation was run for this plan: the per-SME costs are transport, connection "
        "and self-treatment only; they exclude each SME's share of the shared facilities' cost.",
        "本方案未进行成本分摊：各中小企业的费用仅含运输、接入和自行处理费用，不含其应分摊的共享"
        "设施成本。",
    ),
    "table.empty": ("None.", "无。"),
    # the report's figures
    "fig.sme_connected": ("SME connected", "已接入的中小企业"),
    "fig.sme_partly": ("SME partly connected", "部分接入的中小企业"),
    "fig.sme_alone": ("SME treats alone", "自行处理的中小企业"),
    "fig.unused": ("site left unused", "未使用的站点"),
    "fig.lon": ("longitude (°)", "经度（°）"),
    "fig.lat": ("latitude (°)", "纬度（°）"),
    "fig.map_title": ("{label}: facilities and assignments", "{label}：设施与分配"),
    "fig.per_year": ("{cur} per year", "{cur}/年"),
    "fig.costs_title": ("Annual cost by part", "年化成本构成"),
    "fig.best": ("best plan", "最优方案"),
    "fig.bound": ("bound", "下界"),
    "fig.seconds": ("seconds of the solve", "求解时间（秒）"),
    "fig.search_title": ("The search: best plan and bound", "求解过程：最优方案与下界"),
}
