"""Messages of the problems found in a scenario's data: where a problem is (a file or sheet, its
line or row, the row's id, the column), what was found and what was expected, the expectations a
declared column or setting states (:func:`optimizer.words.expectations.expectation`), and the
headings of the app's problem lists (:func:`optimizer.ui.views.show_problems`).

The English of each is what the checks wrote before the catalogue, byte for byte (a problem keeps
its message id and fields, :mod:`optimizer.words.said`, and is said in a language when shown)."""

from __future__ import annotations

PROBLEMS: dict[str, tuple[str, str]] = {
    # where a problem is, and the sentence around it (optimizer.words.problem_text)
    "problem.sheet": ("sheet {name}", "工作表 {name}"),
    "problem.scenario": ("scenario", "情景"),
    "problem.line": ("{source} line {line}", "{source} 第 {line} 行"),
    "problem.row": ("{source} row {line}", "{source} 第 {line} 行"),
    "problem.id": ("{where} (id {row_id})", "{where}（编号 {row_id}）"),
    "problem.column": ("{where}, column {column}", "{where}，列 {column}"),
    "problem.key": ("{where}, {column}", "{where}，{column}"),
    "problem.text": (
        "{where}: found {found}, expected {expected}",
        "{where}：发现 {found}，应为 {expected}",
    ),
    "problem.detail": ("found {found}, expected {expected}", "发现 {found}，应为 {expected}"),
    "problem.in_column": ("{column}: {detail}", "{column}：{detail}"),
    "problem.nothing": ("nothing", "空值"),
    "problem.warning": ("warning", "警告"),
    "problem.error": ("error", "错误"),
    "problem.settings": ("settings", "设置"),
    # the summary of a scenario that cannot be used (ScenarioError)
    "problem.summary.one": ("{count} problem in the scenario", "情景中有 {count} 个问题"),
    "problem.summary.many": ("{count} problems in the scenario", "情景中有 {count} 个问题"),
    "problem.colon": (":", "："),
    # the headings of the app's lists of problems
    "problems.errors.one": ("{count} error{context}", "{count} 个错误{context}"),
    "problems.errors.many": ("{count} errors{context}", "{count} 个错误{context}"),
    "problems.warnings": ("{count} warning(s)", "{count} 个警告"),
    "problems.more": (
        "... and {count} more (all in the table below)",
        "……另有 {count} 个（全部见下表）",
    ),
    "problems.more_warnings": ("... and {count} more", "……另有 {count} 个"),
    "problems.table": ("All {count} problems as a table", "全部 {count} 个问题（表格）"),
    "problems.not_applied": (" (the change is not applied)", "（此更改未应用）"),
    "problems.in": (" in {name}", "（{name}）"),
    # the problems table's headers (optimizer.ui.editors.problems_frame)
    "problems.col.severity": ("severity", "级别"),
    "problems.col.where": ("where", "位置"),
    "problems.col.row": ("row", "行"),
    "problems.col.id": ("id", "编号"),
    "problems.col.column": ("column", "列"),
    "problems.col.problem": ("problem", "问题"),
    # lists in problems (optimizer.checks.common._listing)
    "problem.listing.more": ("{items} and {count} more", "{items} 等另外 {count} 项"),
    # what a declared value may be (optimizer.words.expectations)
    "expect.noun.str": ("text", "文本"),
    "expect.noun.list": ("text", "文本"),
    "expect.noun.float": ("a number", "数字"),
    "expect.noun.int": ("a whole number", "整数"),
    "expect.noun.bool": ("true or false", "是或否"),
    "expect.one_of": ("one of {choices}", "以下之一：{choices}"),
    "expect.above_zero": ("{noun} above 0", "大于 0 的{noun}"),
    "expect.above_zero_at_most": (
        "{noun} above 0 and at most {maximum}",
        "大于 0 且不超过 {maximum} 的{noun}",
    ),
    "expect.range": ("{noun} from {minimum} to {maximum}", "{minimum} 到 {maximum} 之间的{noun}"),
    "expect.at_least": ("{noun} of at least {minimum}", "不小于 {minimum} 的{noun}"),
    "expect.at_most": ("{noun} of at most {maximum}", "不超过 {maximum} 的{noun}"),
    "expect.list_of": (
        "a list of {items} separated by '{separator}'",
        "以 '{separator}' 分隔的列表，取值为 {items}",
    ),
    "expect.or_null": ("{expected}; or null", "{expected}；或留空"),
    "expect.a_list": ("a list", "列表"),
    # the cells and columns of a table (optimizer.coerce, optimizer.checks.tables)
    "problem.no_column": ("no such column", "没有此列"),
    "problem.column_named": (
        "a column named '{name}' ({description})",
        "名为 '{name}' 的列（{description}）",
    ),
    "problem.unknown_column": ("an unknown column", "未声明的列"),
    "problem.declared_columns": (
        "one of the declared columns of {table} ({columns})",
        "{table} 表已声明的列之一（{columns}）",
    ),
    "problem.did_you_mean": ("did you mean {names}?", "是否应为 {names}？"),
    "problem.advice_then": ("{advice} ", "{advice}"),
    "problem.advised": ("{advice} {expected}", "{advice}{expected}"),
    "problem.or": ("{names} or {last}", "{names} 或 {last}"),
    "problem.twice": (
        "the column {name} twice (columns {first} and {second})",
        "列 {name} 出现两次（第 {first} 列和第 {second} 列）",
    ),
    "problem.once": ("each column once in the header", "表头中每列只出现一次"),
    "problem.unnamed": (
        "cells in column {position}, which has no name ({text})",
        "第 {position} 列有内容但没有列名（{text}）",
    ),
    "problem.name_every_column": (
        "a name in the header above every column that holds cells",
        "表头中有内容的每一列都有列名",
    ),
    "problem.no_rows": ("no rows", "没有任何行"),
    "problem.at_least_one_row": ("at least one row ({description})", "至少一行（{description}）"),
    "problem.empty_cell": ("an empty cell", "空单元格"),
    # references between tables (optimizer.checks.references)
    "problem.id_of": ("an id of {source}", "{source} 中的编号"),
    "problem.declared_service": ("a service declared in {source}", "{source} 中声明的服务"),
    "problem.declared_pollutant": ("a pollutant declared in {source}", "{source} 中声明的污染物"),
    "problem.every_site": (" or '{all}' for every site", "，或用 '{all}' 表示所有站点"),
    "problem.known": ("{what}{extra} ({names})", "{what}{extra}（{names}）"),
    "problem.known.none": ("{what}{extra} (there are none)", "{what}{extra}（目前没有）"),
    "problem.list_each": (
        "a '{separator}'-separated list, each {known}",
        "以 '{separator}' 分隔的列表，每项为{known}",
    ),
    "problem.unknown_items": ("{cell} (unknown {names})", "{cell}（未知：{names}）"),
    "problem.empty_list": ("{cell} (an empty list)", "{cell}（空列表）"),
    "problem.unique_id": (
        "a unique id: line {line} has the same {key}; remove or merge one of the rows",
        "唯一的编号：第 {line} 行的 {key} 与此相同；请删除或合并其中一行",
    ),
    "problem.duplicate_id": ("the duplicate id {row_id}", "重复的编号 {row_id}"),
    # scenario.yaml (optimizer.checks.settings)
    "problem.unknown_setting": ("an unknown setting", "未知的设置"),
    "problem.no_setting": ("no such setting", "缺少此设置"),
    "problem.required_setting": ("{expected} ({description})", "{expected}（{description}）"),
    "problem.no_service": ("no service", "没有任何服务"),
    "problem.services_expected": (
        "at least one service ({example})",
        "至少一项服务（{example}）",
    ),
    "problem.group": (
        "a group of settings (a mapping of names to values)",
        "一组设置（名称到取值的映射）",
    ),
    "problem.name_letters": (
        "a {what} name of letters, digits, '_' and '-' only",
        "只含字母、数字、'_' 和 '-' 的{what}名称",
    ),
    "problem.bad_name": ("the {what} name {name}", "{what}名称 {name}"),
    "problem.kind.service": ("service", "服务"),
    "problem.kind.pollutant": ("pollutant", "污染物"),
    "problem.service_declared": (
        "a service declared under {group} ({names})",
        "在 {group} 下声明的服务（{names}）",
    ),
    "problem.unknown_service": ("the unknown service {name}", "未知的服务 {name}"),
    "problem.settings_of": ("the settings of {where}: {names}", "{where}的设置（{names}）"),
    "problem.top_level": ("the top level", "顶层"),
    "problem.none": ("none", "无"),
    "problem.setting_advice": (
        "{advice} ({listing}; see {doc})",
        "{advice}（{listing}；见 {doc}）",
    ),
    "problem.setting_one_of": ("one of {listing} (see {doc})", "{listing}中的一项（见 {doc}）"),
    # the checks across rows (optimizer.checks.consistency, positions, snapping, required_sites,
    # pollutant_caps, budget)
    "problem.other_node": (
        "a node other than {column} (an edge links two different nodes)",
        "不同于 {column} 的节点（一条边连接两个不同的节点）",
    ),
    "problem.self_loop": ("a self-loop at node {node}", "节点 {node} 上的自环"),
    "problem.demand_row": (
        "an (enterprise, service) that has a row in {demands}; this concentration is ignored",
        "在 {demands} 中有对应行的（企业，服务）；此浓度将被忽略",
    ),
    "problem.no_demand": (
        "no demand of {service} by {enterprise}",
        "{enterprise} 没有 {service} 需求",
    ),
    "problem.site_may_host": (
        "a service that site {site} may host ({names}, its services cell in {sites}); the tier "
        "is ignored",
        "站点 {site} 可承接的服务（{names}，见 {sites} 中该站点的服务单元格）；此规模档将被忽略",
    ),
    "problem.site_area": (
        "at most the area of site {site} ({area} m2); the tier can never be built there",
        "不超过站点 {site} 的面积（{area} m2）；否则此规模档永远无法在该处建设",
    ),
    "problem.cap_needs_concentrations": (
        "concentrations of {pollutant} in {concentrations} (without them the cap constrains "
        "nothing), or no cap (null)",
        "在 {concentrations} 中给出 {pollutant} 的浓度（否则该上限不起任何约束），或不设上限",
    ),
    "problem.cap_no_concentration": (
        "a cap and no concentration of {pollutant}",
        "有 {pollutant} 上限，但没有其浓度",
    ),
    "problem.one_side": (
        "longitudes on one side of the antimeridian, as in any one park: check their signs",
        "经度位于对向子午线的同一侧（同一园区内理应如此）：请检查其正负号",
    ),
    "problem.longitudes": ("longitudes from {low} to {high}", "经度从 {low} 到 {high}"),
    "problem.near_park": (
        "a position within {km} km of the rest of the park (a lost sign or digit, or a missing "
        "position?)",
        "距园区其余部分 {km} km 以内的位置（是否丢了正负号或某位数字，或缺少位置？）",
    ),
    "problem.gulf_of_guinea": (
        "the position (0, 0), in the Gulf of Guinea",
        "位置 (0, 0)，位于几内亚湾",
    ),
    "problem.far_from_park": (
        "({x}, {y}), {km} km from the middle of the park",
        "({x}, {y})，距园区中心 {km} km",
    ),
    "problem.node_within": (
        "a node within {km} km (check lon/lat, name the node, or add nodes and edges nearer)",
        "{km} km 以内的节点（请检查经纬度、指定节点，或在更近处添加节点和边）",
    ),
    "problem.nearest_node": (
        "no node given; the nearest is {node}, {km} km away (added to every distance)",
        "未指定节点；最近的是 {node}，相距 {km} km（计入每段距离）",
    ),
    "problem.no_tier_offered": ("no tier offered at the site", "该站点没有提供任何规模档"),
    "problem.add_tier": ("add a tier for {site}", "为 {site} 添加规模档"),
    "problem.no_tier_fits": (
        "no tier that fits: the smallest needs {smallest} m2, the site has {area} m2",
        "没有放得下的规模档：最小的需要 {smallest} m2，站点只有 {area} m2",
    ),
    "problem.raise_area": (
        "raise area_m2 of {site} to at least {smallest}, add a smaller tier",
        "将 {site} 的面积提高到至少 {smallest}，或添加更小的规模档",
    ),
    "problem.required_site": (
        "a required site that can host a facility: {fix} in {tiers}, or make the site optional",
        "能承接设施的必选站点：在 {tiers} 中{fix}，或将该站点改为可选",
    ),
    "problem.no_existing_at_forbidden": (
        "no existing facility at site {site}, which is forbidden in {sites}: make the site "
        "optional or required, or set existing to false",
        "站点 {site} 在 {sites} 中为禁用，不能有现有设施：请将该站点改为可选或必选，或取消“现有”",
    ),
    "problem.existing_at_forbidden": (
        "an existing facility at a forbidden site",
        "禁用站点上有现有设施",
    ),
    "problem.limits_allow": (
        "limits that allow at least {count} facilities, one per required site ({sites}): raise "
        "policy.max_facilities or make some sites optional",
        "允许至少 {count} 个设施的上限（每个必选站点一个：{sites}）：请提高设施数上限，"
        "或将部分站点改为可选",
    ),
    "problem.at_most_facilities.one": (
        "at most {allowed} facility in total for {count} required sites",
        "总共最多 {allowed} 个设施，而必选站点有 {count} 个",
    ),
    "problem.at_most_facilities.many": (
        "at most {allowed} facilities in total for {count} required sites",
        "总共最多 {allowed} 个设施，而必选站点有 {count} 个",
    ),
    "problem.cap_at_least": (
        "a cap of at least {least} t/year, the discharge left when every demand gets its best "
        "treatment: raise the cap, raise {removal}, or cut the largest contributors ({who})",
        "上限至少为 {least} 吨/年，即每项需求都得到最佳处理后剩余的排放量：请提高上限、"
        "提高 {removal}，或削减最大的排放来源（{who}）",
    ),
    "problem.cap_of": ("a cap of {cap} t/year", "上限为 {cap} 吨/年"),
    "problem.contributor": (
        "{enterprise} ({service}) {amount} t/year",
        "{enterprise}（{service}）{amount} 吨/年",
    ),
    "problem.budget_at_least": (
        "at least {least} {currency}, {why} ({detail}): raise the budget, allow "
        "self-treatment, or add cheaper or existing tiers",
        "至少为 {least} {currency}，即{why}（{detail}）：请提高预算、允许自行处理，或添加更便宜的或现有的规模档",
    ),
    "problem.budget_services": (
        "the cheapest new facility of each service that must be shared",
        "每项必须共享的服务中最便宜的新设施",
    ),
    "problem.budget_sites": (
        "the cheapest tier at each required site",
        "每个必选站点最便宜的规模档",
    ),
    "problem.budget_of": ("a budget of {budget} {currency}", "预算为 {budget} {currency}"),
    # supply and reach (optimizer.checks.reach, optimizer.checks.capacity)
    "problem.or_else": ("{first}, or {then}", "{first}，或{then}"),
    "problem.fixes": ("{fixes}", "{fixes}"),
    "problem.raise_distance": (
        "raise {key} (now {km} km)",
        "提高 {key}（当前为 {km} km）",
    ),
    "problem.raise_nearest": ("raise {key} (now {count})", "提高 {key}（当前为 {count}）"),
    "problem.more_pairs": ("list more pairs in {distances}", "在 {distances} 中列出更多配对"),
    "problem.unhosted": (
        "a service that some site hosts: add a tier of {service} in {tiers} at a site that "
        "allows it",
        "有站点承接的服务：在 {tiers} 中为允许它的站点添加 {service} 的规模档",
    ),
    "problem.unhosted.shared": (
        "a service that some site hosts: add a tier of {service} in {tiers} at a site that "
        "allows it, or allow self-treatment for {names}",
        "有站点承接的服务：在 {tiers} 中为允许它的站点添加 {service} 的规模档，"
        "或允许 {names} 自行处理",
    ),
    "problem.unhosted.alone": (
        "a service that some site hosts: add a tier of {service} in {tiers} at a site that "
        "allows it; meanwhile every enterprise treats it on its own",
        "有站点承接的服务：在 {tiers} 中为允许它的站点添加 {service} 的规模档；"
        "在此之前每家企业自行处理",
    ),
    "problem.no_host": (
        "no site hosts {service} (demanded by {names})",
        "没有站点承接 {service}（需求方：{names}）",
    ),
    "problem.allow_self_column": (
        "allow self-treatment for {enterprise} ({column})",
        "允许 {enterprise} 自行处理（{column}）",
    ),
    "problem.nearer_site": (
        "add a site that hosts {service} nearer to {enterprise}",
        "在离 {enterprise} 更近处添加承接 {service} 的站点",
    ),
    "problem.site_in_reach": (
        "a site hosting {service} within reach, or self-treatment allowed: {fixes}",
        "可达范围内有承接 {service} 的站点，或允许自行处理：{fixes}",
    ),
    "problem.out_of_reach": (
        "no site hosting {service} within reach of {enterprise}{nearest}, and self-treatment is "
        "not allowed",
        "{enterprise} 的可达范围内没有承接 {service} 的站点{nearest}，且不允许自行处理",
    ),
    "problem.unreachable": (
        " (no site hosting it can be reached at all)",
        "（承接它的站点全都无法到达）",
    ),
    "problem.nearest_site": (
        " (the nearest, {site}, is {km} km away)",
        "（最近的 {site} 相距 {km} km）",
    ),
    "problem.allow_self": ("allow self-treatment for {enterprise}", "允许 {enterprise} 自行处理"),
    "problem.add_tier_within": (
        "add a tier of at least {least} {unit} of {service} at a site within reach ({sites})",
        "在可达站点（{sites}）添加至少 {least} {unit} 的 {service} 规模档",
    ),
    "problem.split": (
        "set {key}: {value} so that it may be split",
        "将 {key} 设为 {value}，使其可以拆分",
    ),
    "problem.largest_tier": ("the largest tier", "最大的规模档"),
    "problem.all_tiers": ("all the tiers together", "全部规模档合计"),
    "problem.too_large": (
        "at most {limit} {unit}, {what} that fits at the reachable sites ({sites}): {fixes}",
        "不超过 {limit} {unit}，即可达站点（{sites}）能容纳的{what}：{fixes}",
    ),
    "problem.shared_demand": (
        "{demand} {unit} of {service} that must be shared by {enterprise}",
        "{enterprise} 必须共享处理的 {demand} {unit} {service}",
    ),
    "problem.allows": (" ({key} allows {most})", "（{key} 允许 {most} 个）"),
    "problem.short_of_capacity": (
        "at most {have} {unit}, the largest tier that fits at each reachable site{limit} "
        "({sites}): add or enlarge tiers of {service}, allow self-treatment for some of {names}, "
        "or bring more sites within reach",
        "不超过 {have} {unit}，即每个可达站点能容纳的最大规模档{limit}（{sites}）："
        "请添加或扩大 {service} 的规模档，允许 {names} 中的部分企业自行处理，或使更多站点可达",
    ),
    "problem.must_be_shared": (
        "{need} {unit} of {service} that must be shared",
        "必须共享处理的 {need} {unit} {service}",
    ),
    # loans and output streams (optimizer.checks.loans, optimizer.checks.settings)
    "problem.rate_below": (
        "a rate below the discount rate ({rate}), or the loan saves nothing against own funds and "
        "no facility takes it",
        "低于折现率（{rate}）的利率，否则该贷款相比自有资金毫无节省，不会有设施采用",
    ),
    "problem.output_stream": (
        "an output stream: {example}",
        "一项输出物流：{example}",
    ),
    "problem.downstream": (
        "a downstream service ({to}) or a sink price ({sink})",
        "下游服务（{to}）或去处价格（{sink}）",
    ),
    "problem.neither": ("neither", "两者都没有"),
    "problem.never_back": (
        "output streams that never flow back to where they came from; end the chain at a sink",
        "输出物流不能流回其来源；请让物流链终止于一个去处",
    ),
    "problem.cycle": ("the cycle {cycle}", "循环 {cycle}"),
    # variant keys that name rows (optimizer.overrides.named_rows)
    "problem.variant_no_row": (
        "'{key}': no row of {table} matches {rows}",
        "'{key}'：{table} 中没有与 {rows} 相符的行",
    ),
    "problem.variant_no_ref": (
        "'{key}': the row it adds names {column} {id}, and {table} has no row {id}",
        "'{key}'：其添加的行在 {column} 中指向 {id}，而 {table} 中没有 {id} 这一行",
    ),
    "problem.variant_row": (
        "a key that names a row of {table} (a row deleted or renamed: remove the key from the "
        "variant, or give the row back)",
        "指向 {table} 中现有行的键（若该行已删除或改名：请从变体中删去此键，或恢复该行）",
    ),
}
