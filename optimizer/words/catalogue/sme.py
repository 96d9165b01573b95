"""Messages of the SME's page (:mod:`optimizer.words.sme_page`, the printable page)."""

from __future__ import annotations

SME: dict[str, tuple[str, str]] = {
    "sme.title": (
        "{enterprise}{name}: what you pay for treatment",
        "{enterprise}{name}：您的处理费用",
    ),
    "sme.heading.self": ("{service}: treated on your own", "{service}：自行处理"),
    "sme.heading.unserved": ("{service}: not treated in this plan", "{service}：本方案中未处理"),
    "sme.heading.shared": (
        "{service}: shared facility at {where}",
        "{service}：位于 {where} 的共享设施",
    ),
    "sme.where": ("{facility} ({name})", "{facility}（{name}）"),
    "sme.part_of_demand": (" ({pct} of it)", "（其中 {pct}）"),
    "sme.shared_with": (", shared with {parts}", "，与{parts}共用"),
    "sme.other_smes.one": ("{count} other SME", "其他 {count} 家中小企业"),
    "sme.other_smes.many": ("{count} other SMEs", "其他 {count} 家中小企业"),
    "sme.upstream.one": (
        "{count} upstream facility sending it its stream",
        "向其输送物流的 {count} 座上游设施",
    ),
    "sme.upstream.many": (
        "{count} upstream facilities sending it their streams",
        "向其输送物流的 {count} 座上游设施",
    ),
    "sme.load": (", {load} {unit}/day,", "（{load} {unit}/日）"),
    "sme.place": (
        "Your {service}{part}{load} goes to the {service} facility at {where}, tier {tier}"
        "{sharers}. It is {km} km from you along the park network.",
        "您的{service}需求{part}{load}送往位于 {where} 的{service}设施（规模档 {tier}）{sharers}。"
        "沿园区管网距您 {km} 公里。",
    ),
    "sme.onward": (
        ", which includes what the facility pays to send its own streams on",
        "，其中包括该设施向下游输送自身物流的费用",
    ),
    "sme.why": (
        "your share of the facility's cost under {rule} cost sharing{onward}",
        "按 {rule} 成本分摊您应承担的设施成本份额{onward}",
    ),
    "sme.pay_all": (
        "You pay {total} for it, all of it {why}.",
        "您为此支付 {total}，全部为{why}。",
    ),
    "sme.part_share": ("{amount} is {why}", "{amount} 为{why}"),
    "sme.part_transport": ("{amount} is transport", "{amount} 为运输费"),
    "sme.part_connection": (
        "{amount} is your connection (its yearly cost)",
        "{amount} 为您的接入费（年化成本）",
    ),
    "sme.list_last": ("; and ", "；"),
    "sme.pay_parts": ("You pay {total} for it: {listed}.", "您为此支付 {total}：{listed}。"),
    "sme.alone": ("Treating it on your own would cost {amount}", "自行处理需 {amount}"),
    "sme.alone_save": (
        "{alone}, so you save {saving}{pct}.",
        "{alone}，因此您节省 {saving}{pct}。",
    ),
    "sme.alone_more": (
        "{alone}, so you pay {amount} more than alone.",
        "{alone}，因此您比自行处理多付 {amount}。",
    ),
    "sme.alone_same": (
        "{alone}: the same, so you save nothing.",
        "{alone}：费用相同，因此没有节省。",
    ),
    "sme.at_their": (
        "by building their own facility at {facility} or treating alone",
        "（通过在 {facility} 自建设施或各自处理）",
    ),
    "sme.at_your": (
        "by building your own facility at {facility} or treating alone",
        "（通过在 {facility} 自建设施或各自处理）",
    ),
    "sme.you_alone": ("you would pay {gain} less treating on your own", "您自行处理可少付 {gain}"),
    "sme.others.one": ("{count} other", "其他 {count} 家"),
    "sme.others.many": ("{count} others", "其他 {count} 家"),
    "sme.you_and": (
        "you and {others} ({named}) would together pay {gain} less {at}",
        "您与{others}（{named}）{at}合计可少付 {gain}",
    ),
    "sme.one_gains": (
        "{member} would pay {gain} less treating on its own",
        "{member} 自行处理可少付 {gain}",
    ),
    "sme.group_gains": (
        "a group of {size} ({named}) would together pay {gain} less {at}",
        "由 {size} 家企业组成的组合（{named}）{at}合计可少付 {gain}",
    ),
    "sme.checked": ("every group of its members checked exactly", "已精确检验其成员的每一个组合"),
    "sme.not_checked": (
        "not every group of its members could be checked",
        "未能检验其成员的每一个组合",
    ),
    "sme.unchecked": (
        "Under {rule} cost sharing you pay no more than alone; whether a group of members would "
        "do better on its own was not checked (time ran out before this facility's exact checks).",
        "按 {rule} 成本分摊，您支付的费用不高于自行处理；由于该设施的精确检验完成前时间已用尽，"
        "未检验成员组合自行处理是否更划算。",
    ),
    "sme.stable": (
        "The split is stable for your group: under {rule} cost sharing no member pays more than "
        "alone and no group of members would do better on its own ({checked}).",
        "对您所在的组合而言分摊方案是稳定的：按 {rule} 成本分摊，没有成员比自行处理付得更多，也没有"
        "成员组合自行处理会更划算（{checked}）。",
    ),
    "sme.leave_over": (
        "You would leave: you pay {amount} more than treating on your own.",
        "您会退出：您比自行处理多付 {amount}。",
    ),
    "sme.leave_gain": ("You would leave: {gain} ({checked}).", "您会退出：{gain}（{checked}）。"),
    "sme.unstable": (
        "The split is not stable for your group: {gain}, and would leave ({checked}).",
        "对您所在的组合而言分摊方案不稳定：{gain}，因此会退出（{checked}）。",
    ),
    "sme.stay": (
        "You yourself would stay: you pay no more than alone and are not in that group.",
        "您本身会留下：您支付的费用不高于自行处理，且不在该组合中。",
    ),
    "sme.core_empty": (
        "No split of this facility's cost keeps every member in: the smallest subsidy that lets "
        "one do so is {subsidy} for the facility, and with it your share would be {share}.",
        "该设施的任何成本分摊方案都无法留住所有成员：使之可行的最小补贴为该设施 {subsidy}，届时"
        "您的份额为 {share}。",
    ),
    "sme.other_split": (
        "Another split of the facility's cost keeps every member in, with no subsidy: in it your "
        "share would be {share}.",
        "另一种设施成本分摊方案无需补贴即可留住所有成员：在该方案中您的份额为 {share}。",
    ),
    "sme.self": (
        "In this plan you treat your {service}{part} on your own: {total}, what it costs alone, "
        "so there is no saving and no facility cost to share.",
        "本方案中您自行处理{service}需求{part}：{total}，即自行处理的费用，因此没有节省，也没有设施成本"
        "需要分摊。",
    ),
    "sme.unserved": (
        "Your {service}{part} is not treated in this plan: it is a diagnosis of a scenario no "
        "plan can meet, and no facility takes this demand.",
        "本方案中您的{service}需求{part}未得到处理：这是对一个任何方案都无法满足的情景的诊断，没有设施"
        "承接这项需求。",
    ),
    "sme.headline_saving": ("a saving of {amount}{pct}", "节省 {amount}{pct}"),
    "sme.headline_more": ("{amount} more than alone", "比自行处理多 {amount}"),
    "sme.headline_none": ("no saving", "没有节省"),
    "sme.headline": (
        "In plan {plan} you pay {total} for the treatment of your wastes, against {alone} if you "
        "treated everything on your own: {against}.",
        "在方案 {plan} 中，您为废物处理支付 {total}，若全部自行处理则需 {alone}：{against}。",
    ),
    "sme.no_shared": (
        "No shared facility takes any of your services in this plan.",
        "本方案中没有共享设施承接您的任何服务。",
    ),
    "sme.would_leave": (
        "Under {rule} cost sharing you would leave the facility at {facilities}: the section "
        "below says why.",
        "按 {rule} 成本分摊，您会退出位于 {facilities} 的设施：原因见下文。",
    ),
    "sme.would_stay": (
        "Under {rule} cost sharing you would stay in every shared facility you use",
        "按 {rule} 成本分摊，您会留在所使用的每座共享设施中",
    ),
    "sme.stay_unstable": (
        ", but the split is not stable at {facilities}: some members would leave.",
        "，但 {facilities} 的分摊方案不稳定：部分成员会退出。",
    ),
    "sme.stay_end": (".", "。"),
    # the printable page
    "sme.sub": (
        "Plan {label}, {rule} cost sharing · amounts in {cur} a year at {year} prices · created "
        "{created}",
        "方案 {label}，{rule} 成本分摊 · 金额单位 {cur}/年，按 {year} 年价格计 · 生成于 {created}",
    ),
    "sme.card.pay": ("You pay", "您支付"),
    "sme.card.alone": ("On your own", "自行处理"),
    "sme.card.saving": ("Your saving", "您节省"),
    "sme.page_title_one": ("What {enterprise} pays: {label}", "{enterprise} 的费用：{label}"),
    "sme.page_title_all": ("What each SME pays: {label}", "各中小企业的费用：{label}"),
}
