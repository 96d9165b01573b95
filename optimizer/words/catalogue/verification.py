"""The words of a plan's verification differences (:mod:`optimizer.words.verification`): what
each rule says, the kind of a difference, and the sentence of one difference. The verdict's own
line and badge are in :mod:`optimizer.words.catalogue.report`.
"""

from __future__ import annotations

#: Each rule a verification checks (``verify.rule.<rule>``, the rule's name with ``_`` for its
#: spaces and dashes), as a reader would say it.
RULES: dict[str, tuple[str, str]] = {
    "verify.rule.input_hash": ("the plan was solved from these inputs", "方案由这些输入求解"),
    "verify.rule.input": (
        "the scenario's inputs are those the plan was solved from",
        "情景的输入正是方案求解时所用的输入",
    ),
    "verify.rule.demand_exists": (
        "every demand the plan serves is in the scenario",
        "方案处理的每项需求都在情景中",
    ),
    "verify.rule.demand_met": ("every demand is met once, in full", "每项需求恰好被完整满足一次"),
    "verify.rule.reach": (
        "an SME connects only to a site within the service's reach",
        "中小企业只接入该服务可达范围内的站点",
    ),
    "verify.rule.self_treatment_allowed": (
        "only SMEs allowed to treat alone do",
        "只有允许自行处理的中小企业才自行处理",
    ),
    "verify.rule.single_sourcing": ("each demand goes to one place", "每项需求只去往一处"),
    "verify.rule.tier_offered": (
        "a facility is a tier the site offers",
        "设施是该站点提供的规模档",
    ),
    "verify.rule.one_tier_per_facility": (
        "at most one tier per site and service",
        "每个站点每项服务至多一个规模档",
    ),
    "verify.rule.existing_facility_kept": ("existing facilities stay open", "已有设施保持开放"),
    "verify.rule.open_facility": (
        "SMEs and streams go to open facilities",
        "中小企业和物流只去往开放的设施",
    ),
    "verify.rule.capacity": (
        "a facility's load within its tier's capacity",
        "设施负荷不超过其规模档的处理能力",
    ),
    "verify.rule.streams": (
        "what leaves a facility goes downstream or to the sink",
        "离开设施的物流去往下游或最终去向",
    ),
    "verify.rule.stream_route": (
        "streams follow routes the scenario has",
        "物流沿情景中已有的路线输送",
    ),
    "verify.rule.site_area": ("the facilities fit the site's area", "设施能容纳在站点面积内"),
    "verify.rule.required_site": ("required sites host a facility", "必选站点设有设施"),
    "verify.rule.forbidden_site": ("forbidden sites host none", "禁用站点不设设施"),
    "verify.rule.facilities_per_service": (
        "no more facilities of a service than allowed",
        "每项服务的设施数量不超过允许值",
    ),
    "verify.rule.capital_budget": (
        "new capex within the capital budget",
        "新增资本支出不超过资本预算",
    ),
    "verify.rule.pollutant_cap": (
        "park-wide discharge within the pollutant's cap",
        "全园区排放不超过该污染物的上限",
    ),
    "verify.rule.enterprise_cap": (
        "what an enterprise discharges itself (treating alone) within its own cap",
        "企业自身（自行处理时）的排放不超过其自身上限",
    ),
    "verify.rule.subsidy_rate": (
        "a facility's subsidy within its service's rate of its annuity",
        "设施的补贴不超过其服务补贴比例乘以年金",
    ),
    "verify.rule.subsidy_budget": (
        "the subsidies within the yearly subsidy budget",
        "补贴总额不超过每年的补贴预算",
    ),
    "verify.rule.green_loan": (
        "a green loan of the scenario finances an open new facility it may finance",
        "绿色贷款只为其可资助的、开放的新建设施融资",
    ),
    "verify.rule.loans_within_capex": (
        "green loans finance at most a facility's capex less its grant",
        "绿色贷款至多资助设施资本支出减去其补助后的部分",
    ),
    "verify.rule.loan_quota": (
        "a green loan within its quota over the park",
        "绿色贷款在全园区不超过其额度",
    ),
}

VERIFICATION: dict[str, tuple[str, str]] = {
    **RULES,
    "verify.kind.input": ("inputs differ", "输入不同"),
    "verify.kind.rule": ("rule broken", "违反规则"),
    "verify.kind.figure": ("figure differs", "数据不符"),
    "verify.difference.input": ("{kind}: {note}", "{kind}：{note}"),
    "verify.difference.head": ("{kind}: {what} at {where}", "{kind}：{what}，位于 {where}"),
    "verify.difference.head_rule": (
        "{kind}: {what} ({rule}) at {where}",
        "{kind}：{what}（{rule}），位于 {where}",
    ),
    "verify.difference.values": (
        "{head}: expected {expected}, found {found}",
        "{head}：应为 {expected}，实为 {found}",
    ),
    "verify.difference.at_most": (
        "{head}: expected at most {expected}, found {found}",
        "{head}：应至多为 {expected}，实为 {found}",
    ),
    "verify.difference.note": ("{text}; {note}", "{text}；{note}"),
    "verify.above_limit": ("above the limit", "超出上限"),
}
