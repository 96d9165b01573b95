"""Messages of a stand-alone option that is not open to an SME: the scenario does not allow it,
or treating alone would break a pollutant cap (:mod:`optimizer.allocation.leaving`)."""

from __future__ import annotations

ALONE: dict[str, tuple[str, str]] = {
    "alone.unavailable": (
        "Treating it on your own is not open to you: {why}.",
        "您不能自行处理：{why}。",
    ),
    "alone.why.not_allowed": (
        "the scenario does not allow treating {service} alone",
        "场景不允许自行处理{service}",
    ),
    "alone.why.caps": (
        "treating it alone would break {caps}, the rest of the park keeping its plan",
        "在园区其余部分方案不变的情况下，自行处理将突破{caps}",
    ),
    "alone.and": (" and ", "和"),
    "alone.cap.park": ("the park-wide {pollutant} cap", "园区{pollutant}总量上限"),
    "alone.cap.outfall": (
        "the {pollutant} cap at the {service} outfalls",
        "{service}排口的{pollutant}上限",
    ),
    "alone.cap.enterprise": ("your own {pollutant} cap", "您自身的{pollutant}排放上限"),
    "alone.cap.enterprise_of": (
        "the own {pollutant} cap of {enterprise}",
        "{enterprise}自身的{pollutant}排放上限",
    ),
    "alone.all.unavailable": (
        " (not a plan the park could take: {why})",
        "（并非园区可采用的方案：{why}）",
    ),
    "alone.all.not_allowed": (
        "some services may not be treated alone",
        "部分服务不允许自行处理",
    ),
    "alone.all.caps": ("treating alone would break {caps}", "自行处理将突破{caps}"),
    "alone.headline": (
        "In plan {plan} you pay {total} for the treatment of your wastes; treating everything on "
        "your own is not open to you (why, below).",
        "在方案 {plan} 中，您为废物处理支付 {total}；您不能全部自行处理（原因见下文）。",
    ),
}
