"""Messages of the infeasibility diagnosis (:mod:`optimizer.words.diagnosis`): what each rule
would have to become for a plan to exist. The English is what the diagnosis said before, byte
for byte."""

from __future__ import annotations

DIAGNOSIS: dict[str, tuple[str, str]] = {
    "diagnosis.any_one": (
        "{expected}; any one of these {n} changes is enough on its own",
        "{expected}；这 {n} 项改动中任意一项单独即可",
    ),
    "diagnosis.together": (
        "{expected}; together with the other {n} changes listed (no one of them alone is enough)",
        "{expected}；需与所列其他 {n} 项改动一起（任何一项单独都不够）",
    ),
    "diagnosis.amount": ("{amount} {unit}", "{amount} {unit}"),
    "diagnosis.raise": (
        "a {rule} of at least {least} ({more} more)",
        "{rule}至少为 {least}（需增加 {more}）",
    ),
    "diagnosis.current": ("a {rule} of {current}", "{rule}为 {current}"),
    "diagnosis.rule.area": ("site area", "站点面积"),
    "diagnosis.rule.budget": ("capital budget", "资本预算"),
    "diagnosis.rule.cap": ("cap on {pollutant} discharge", "{pollutant} 排放上限"),
    "diagnosis.rule.outfall": (
        "cap on {pollutant} discharged at the {service} outfalls",
        "{service} 排口的 {pollutant} 排放上限",
    ),
    "diagnosis.facilities.one": (
        "a maximum of at least {least} {service} facilities ({more} more facility)",
        "{service} 设施数上限至少为 {least}（需增加 {more} 个）",
    ),
    "diagnosis.facilities.many": (
        "a maximum of at least {least} {service} facilities ({more} more facilities)",
        "{service} 设施数上限至少为 {least}（需增加 {more} 个）",
    ),
    "diagnosis.facilities.current": (
        "a maximum of {current}, but the demand in reach needs more {service} facilities",
        "上限为 {current}，但可达范围内的需求需要更多 {service} 设施",
    ),
    "diagnosis.required": (
        "status optional (or tiers, area and demand in reach that let a facility be placed)",
        "状态改为可选（或提供能让设施落地的规模档、面积和可达需求）",
    ),
    "diagnosis.required.found": (
        "required, but no facility could be placed there",
        "必选，但该处无法设置任何设施",
    ),
    "diagnosis.unserved": (
        "a facility with room for it, or self-treatment allowed",
        "有余量接纳它的设施，或允许自行处理",
    ),
    "diagnosis.unserved.found": (
        "{share} of {demand} {unit}/d left unserved ({where})",
        "{demand} {unit}/日中有 {share} 未得到处理（{where}）",
    ),
    "diagnosis.unserved.found_no_self": (
        "{share} of {demand} {unit}/d left unserved ({where}; self-treatment is not allowed)",
        "{demand} {unit}/日中有 {share} 未得到处理（{where}；不允许自行处理）",
    ),
    "diagnosis.in_reach": ("sites in reach: {sites}", "可达站点：{sites}"),
    "diagnosis.no_reach": ("no site in reach", "没有可达站点"),
    "diagnosis.unexplained": (
        "a scenario with at least one feasible plan (check site areas, existing tiers and output "
        "streams that have neither a downstream facility in reach nor a sink)",
        "至少有一个可行方案的情景（请检查站点面积、现有规模档，以及既无可达下游设施也无去处的"
        "输出物流）",
    ),
    "diagnosis.unexplained.found": ("an infeasible scenario; {why}", "不可行的情景；{why}"),
    "diagnosis.why.failed": ("the elastic re-solve also failed", "放宽规则后的重新求解也失败了"),
    "diagnosis.why.none": ("no rule needed to be relaxed", "没有任何规则需要放宽"),
}
