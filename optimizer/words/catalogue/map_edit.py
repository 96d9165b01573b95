"""Messages of the app's Map page (:mod:`optimizer.ui.pages.map`, :mod:`optimizer.ui.map_edits`,
:mod:`optimizer.ui.scenario_map`): the map's tooltips, the panel of the site clicked on the map
and the form that places a new candidate site or enterprise."""

from __future__ import annotations

MAP_EDIT: dict[str, tuple[str, str]] = {
    # tooltips
    "map.tip.enterprise": (
        "{id} {name}\nsector: {sector}\ndemand per day: {demands}",
        "{id} {name}\n行业：{sector}\n日需求量：{demands}",
    ),
    "map.tip.none": ("none", "无"),
    "map.tip.site": (
        "site {id} {name}\nstatus: {status}\nservices: {services}\narea: {area} m2\n{tiers}",
        "站点 {id} {name}\n状态：{status}\n服务：{services}\n面积：{area} m2\n{tiers}",
    ),
    "map.tip.any_service": ("any with tiers", "有规模可建的任何服务"),
    "map.tip.node": ("node {id}", "节点 {id}"),
    "map.tip.edge": ("edge {a} - {b}\n{km} km, {modes}", "管网边 {a} - {b}\n{km} km，{modes}"),
    # a site's tiers, in its tooltip and in the panel
    "map.tiers": ("tiers:", "可建规模："),
    "map.tier": (
        "{service} {tier}: {capacity} {unit}/d, capex {capex} {currency}{existing}",
        "{service} {tier}：{capacity} {unit}/天，投资 {capex} {currency}{existing}",
    ),
    "map.tier.existing": (", existing (open at no capex)", "，已建（开启无需投资）"),
    "map.no_tiers": ("no tier on offer here", "此处没有可建规模"),
    # the statuses, as the panel offers them (the sites table keeps the keys)
    "map.status.required": ("required", "必须建设"),
    "map.status.optional": ("optional", "可选"),
    "map.status.forbidden": ("forbidden", "禁止建设"),
    # the panel of the site clicked
    "map.panel.h": ("Site on the map", "地图上的站点"),
    "map.panel.hint": (
        "Click a candidate site on the map to see its tiers and set its status.",
        "在地图上点击一个候选站点，查看其可建规模并设定状态。",
    ),
    "map.pick": ("Site", "站点"),
    "map.pick.none": ("(none)", "（无）"),
    "map.pick.help": (
        "Click a candidate site on the map (or pick it here) to see its tiers and set its "
        "status. Clicking it again, or an empty spot, lets it go.",
        "在地图上点击一个候选站点（或在此选择），查看其可建规模并设定状态。再次点击该站点或点击空白处即取消选择。",
    ),
    "map.site.h": ("Site {id} {name}", "站点 {id} {name}"),
    "map.site.services": ("Services: {services}", "服务：{services}"),
    "map.site.tiers_h": ("Tiers on offer", "可建规模"),
    "map.site.status": ("Status", "状态"),
    "map.site.status_help": (
        "required: must host at least one facility; optional: the optimiser decides; "
        "forbidden: may host none. The change is written into the sites table, as an edit in "
        "its grid on the Scenario page is, and checked the same way.",
        "必须建设：至少建一个设施；可选：由优化器决定；禁止建设：不得建设施。修改写入站点表，与在情景页面表格中的编辑相同，"
        "并以同样方式检查。",
    ),
    "map.site.set": (
        "Site {id} is now {status} ({edits} not saved).",
        "站点 {id} 现为{status}（{edits}未保存）。",
    ),
    # placing a new point
    "map.place.h": ("Place a new point", "放置新点位"),
    "map.place.what": ("New", "新增"),
    "map.place.sites": ("candidate site", "候选站点"),
    "map.place.enterprises": ("enterprise", "企业"),
    "map.place.intro": (
        "Longitude and latitude start at the map's centre ({lon}, {lat}). The row is added at "
        "the bottom of the {table} table, checked as the grid checks it, and refused with the "
        "reason when it is not valid (nothing typed is lost).",
        "经度和纬度从地图中心（{lon}, {lat}）开始。该行添加到{table}表的末尾，按表格的规则检查；"
        "无效时拒绝并说明原因（已输入的内容不会丢失）。",
    ),
    "map.place.empty": ("(empty)", "（空）"),
    "map.place.go": ("Add to the map", "添加到地图"),
    "map.place.refused": (
        "Not added: the new row of {table} is not valid.",
        "未添加：{table}表的新行无效。",
    ),
    "map.place.added": (
        "Added {what} {id} at {lon}, {lat} ({edits} not saved).",
        "已在 {lon}, {lat} 添加{what} {id}（{edits}未保存）。",
    ),
    # the page
    "map.unlocated": (
        "{count} enterprise(s) or site(s) have no valid coordinates and are not drawn; the "
        "Scenario page lists them.",
        "{count} 个企业或站点没有有效坐标，未在地图上绘制；情景页面列出了它们。",
    ),
    "map.errors": (
        "The scenario has errors now: solving and saving are disabled until they are fixed.",
        "情景现在有错误：修正之前无法求解和保存。",
    ),
}
