"""Messages of the app's Map page (:mod:`optimizer.ui.pages.map`, :mod:`optimizer.ui.map_edits`,
:mod:`optimizer.ui.map_points`, :mod:`optimizer.ui.map_panel`, :mod:`optimizer.ui.placement`,
:mod:`optimizer.ui.scenario_map`): the map's tooltips, what a click on the map does, the panels of
the site and of the enterprise clicked, moving and deleting them, and the form that places a new
candidate site or enterprise."""

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
        "Longitude and latitude start at the map's centre ({lon}, {lat}), or where a click "
        "lands when a click on the map gives the new point's place. The row is added at the "
        "bottom of the {table} table, checked as the grid checks it, and refused with the "
        "reason when it is not valid (nothing typed is lost).",
        "经度和纬度从地图中心（{lon}, {lat}）开始；选择“确定新点位的位置”后，则取地图上点击之处。该行添加到{table}表的末尾，按表格的规则检查；"
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
    # what a click on the map does
    "map.click": ("A click on the map", "点击地图"),
    "map.click.pick": ("picks a site or an enterprise", "选择站点或企业"),
    "map.click.place": ("gives the new point's place", "确定新点位的位置"),
    "map.click.move": ("moves {what} {id} there", "将{what} {id} 移到该处"),
    "map.click.help": (
        "To place or move a point, the map gets a grid of invisible dots over the park, "
        "{pitch} m apart, each knowing its longitude and latitude: a click lands on the dot "
        "under it, within {pitch} m of the spot. For an exact place, type the coordinates in "
        "the form (or in the table's grid on the Scenario page).",
        "放置或移动点位时，地图上覆盖一层间距 {pitch} 米的不可见网格点，每个点带有自己的经纬度：点击落在其下方的网格点上，"
        "与点击处相距不超过 {pitch} 米。如需精确位置，请在表单（或情景页面的表格）中输入坐标。",
    ),
    "map.click.tip": ("here: {lon}, {lat}", "此处：{lon}, {lat}"),
    "map.click.placed": (
        "The new point's place: {lon}, {lat}. Fill in the form and add it.",
        "新点位的位置：{lon}, {lat}。请填写表单并添加。",
    ),
    "map.moved": (
        "Moved {what} {id} to {lon}, {lat} ({edits} not saved).",
        "已将{what} {id} 移到 {lon}, {lat}（{edits}未保存）。",
    ),
    "map.moved.node": (
        "It now connects at the nearest node of its new place (its node {node} was emptied).",
        "现在它在新位置的最近节点接入（原节点 {node} 已清空）。",
    ),
    "map.moved.node_table": (
        "Its node {node} was emptied; its distances come from the distances table, not the "
        "network.",
        "其节点 {node} 已清空；其距离来自距离表，而不是管网。",
    ),
    "map.moved.kept_node": (
        "It still connects at node {node}, so its distances over the network do not change.",
        "它仍在节点 {node} 接入，因此其管网距离不变。",
    ),
    "map.moved.distances.one": (
        "Its typed distance (distances table) was recomputed from the new place: great-circle "
        "distance x detour factor {detour}.",
        "其在距离表中的 1 个距离已按新位置重新计算：大圆距离 × 绕行系数 {detour}。",
    ),
    "map.moved.distances.many": (
        "Its {count} typed distances (distances table) were recomputed from the new place: "
        "great-circle distance x detour factor {detour}.",
        "其在距离表中的 {count} 个距离已按新位置重新计算：大圆距离 × 绕行系数 {detour}。",
    ),
    "map.moved.distances_kept.one": (
        "Its typed distance (distances table) stays as it was: the plan uses it, not the new "
        "place.",
        "其在距离表中的 1 个距离保持原样：方案使用该距离，而不是新位置。",
    ),
    "map.moved.distances_kept.many": (
        "Its {count} typed distances (distances table) stay as they were: the plan uses them, "
        "not the new place.",
        "其在距离表中的 {count} 个距离保持原样：方案使用这些距离，而不是新位置。",
    ),
    "map.moved.unplaced.one": (
        "1 typed distance stays as it was: its other end has no coordinates.",
        "1 个距离保持原样：其另一端没有坐标。",
    ),
    "map.moved.unplaced.many": (
        "{count} typed distances stay as they were: their other ends have no coordinates.",
        "{count} 个距离保持原样：其另一端没有坐标。",
    ),
    "map.move.distances.one": (
        "On a move, its typed distance (distances table)",
        "移动时，其在距离表中的 1 个距离",
    ),
    "map.move.distances.many": (
        "On a move, its {count} typed distances (distances table)",
        "移动时，其在距离表中的 {count} 个距离",
    ),
    "map.move.distances.recompute": ("are recomputed from the new place", "按新位置重新计算"),
    "map.move.distances.keep": ("stay as typed", "保持原样"),
    "map.move.distances_help.one": (
        "The distances table gives {id} a distance to one point: that pair is the only one "
        "within its reach, at the distance typed (the map and the network are not used for "
        "it). Recomputed, it becomes the great-circle distance from the new place to the "
        "other end times the detour factor ({detour}); kept, the plan goes on using the "
        "distance typed for the old place.",
        "距离表为 {id} 给出到 1 个点的距离：只有这一配对可达，且按表中距离计算（不使用地图和管网）。"
        "重新计算时，该距离变为新位置到另一端的大圆距离乘以绕行系数（{detour}）；保持原样时，方案继续使用为旧位置输入的距离。",
    ),
    "map.move.distances_help.many": (
        "The distances table gives {id} distances to {count} points: those pairs are the only "
        "ones within its reach, at the distances typed (the map and the network are not used "
        "for them). Recomputed, each becomes the great-circle distance from the new place to "
        "the other end times the detour factor ({detour}); kept, the plan goes on using the "
        "distances typed for the old place.",
        "距离表为 {id} 给出到 {count} 个点的距离：只有这些配对可达，且按表中距离计算（不使用地图和管网）。"
        "重新计算时，每个距离变为新位置到另一端的大圆距离乘以绕行系数（{detour}）；保持原样时，方案继续使用为旧位置输入的距离。",
    ),
    "map.move.reconnect": (
        "Connect at the nearest node of the new place",
        "在新位置的最近节点接入",
    ),
    "map.move.reconnect_help": (
        "{id} connects at node {node}, wherever it is drawn. Ticked, a move empties its node "
        "cell, so it connects at the node nearest to its new place.",
        "{id} 无论画在何处都在节点 {node} 接入。勾选后，移动时清空其节点，使其在新位置的最近节点接入。",
    ),
    # the enterprise clicked
    "map.firm.pick": ("Enterprise", "企业"),
    "map.firm.pick_help": (
        "Click an enterprise on the map (or pick it here) to see its demands and what treating "
        "alone costs it, set its demands, move it or delete it.",
        "在地图上点击一个企业（或在此选择），查看其需求量和自行处理的成本，修改需求量、移动或删除它。",
    ),
    "map.firm.h": ("Enterprise {id} {name}", "企业 {id} {name}"),
    "map.firm.sector": ("Sector: {sector}; connects at {node}", "行业：{sector}；接入点：{node}"),
    "map.firm.nearest": ("the nearest node", "最近节点"),
    "map.firm.demands_h": ("Demands, and treating alone", "需求量与自行处理"),
    "map.firm.no_demand": ("no demand in the demands table", "需求表中没有其需求"),
    "map.firm.alone": (
        "{service}: {per_day} {unit}/d; alone: capex {capex} {currency}, {lifetime} years, "
        "O&M {om} {currency}/year: {yearly} {currency} a year in all{allowed}",
        "{service}：{per_day} {unit}/天；自行处理：投资 {capex} {currency}，{lifetime} 年，"
        "运维 {om} {currency}/年：合计每年 {yearly} {currency}{allowed}",
    ),
    "map.firm.alone_no": (" (may not treat alone)", "（不得自行处理）"),
    "map.firm.demand": ("{service} demand ({unit}/d)", "{service}需求量（{unit}/天）"),
    "map.firm.demand_help": (
        "The demand per day, written into the demands table as an edit of its grid on the "
        "Scenario page is, and checked the same way.",
        "日需求量，写入需求表，与在情景页面表格中的编辑相同，并以同样方式检查。",
    ),
    "map.firm.set": (
        "{id}'s {service} demand is now {per_day} {unit}/d ({edits} not saved).",
        "{id} 的{service}需求量现为 {per_day} {unit}/天（{edits}未保存）。",
    ),
    # deleting a point
    "map.delete.what": (
        "Deleting {id} removes it and the rows that refer to it: {rows}.",
        "删除 {id} 将一并删除引用它的行：{rows}。",
    ),
    "map.delete.alone": (
        "Deleting {id} removes its row; no other row refers to it.",
        "删除 {id} 只删除其本行；没有其他行引用它。",
    ),
    "map.delete.variants.one": (
        "A variant names {id}: {keys}. Deleted, {id} leaves that key naming no row, an error "
        "that stops solving and saving until the key is removed from the variant in "
        "{settings} (the app does not edit variants).",
        "有变体指向 {id}：{keys}。删除 {id} 后，该键不再指向任何行，这是一个错误：在从 {settings} "
        "的变体中删去该键之前，无法求解和保存（本应用不编辑变体）。",
    ),
    "map.delete.variants.many": (
        "Variants name {id}: {keys}. Deleted, {id} leaves these {count} keys naming no row, "
        "errors that stop solving and saving until the keys are removed from the variants in "
        "{settings} (the app does not edit variants).",
        "有变体指向 {id}：{keys}。删除 {id} 后，这 {count} 个键不再指向任何行，这些是错误：在从 "
        "{settings} 的变体中删去这些键之前，无法求解和保存（本应用不编辑变体）。",
    ),
    "map.delete.rows": ("{count} of {table}", "{table} {count} 行"),
    "map.delete.go": ("Delete {id}", "删除 {id}"),
    "map.deleted": (
        "Deleted {what} {id}, with {rows} ({edits} not saved).",
        "已删除{what} {id}，连同{rows}（{edits}未保存）。",
    ),
    "map.deleted.alone": (
        "Deleted {what} {id} ({edits} not saved).",
        "已删除{what} {id}（{edits}未保存）。",
    ),
    "map.what.sites": ("site", "站点"),
    "map.what.enterprises": ("enterprise", "企业"),
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
