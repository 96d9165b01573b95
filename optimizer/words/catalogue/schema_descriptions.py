"""Simplified Chinese of the scenario tables' and their columns' descriptions
(:attr:`optimizer.schema.Table.description`, :attr:`optimizer.schema.Column.description`), each
keyed by its English as the schema declares it (the settings' are in
:mod:`.setting_descriptions`).

The data a description names stays as it is in Chinese: the files (``scenario.yaml``), the keys
and values a planner writes (``discount_rate``, ``required``, ``'*'``), units as declared
(``m3``); ``tests/test_languages.py`` checks that every declared description has its Chinese.
"""

from __future__ import annotations

#: A table's or a column's description: English as declared -> Simplified Chinese.
TABLE_DESCRIPTIONS: dict[str, str] = {
    # enterprises
    "The SMEs of the park, one row each.": "园区内的中小企业，每家一行。",
    "Enterprise id, unique.": "企业编号，不可重复。",
    "Name shown in plans and maps.": "在方案和地图中显示的名称。",
    "Industry (dyeing, spraying, machinery, ...); colours the map.": (
        "所属行业（如印染、喷涂、机械等）；地图按行业着色。"
    ),
    "Longitude (WGS84).": "经度（WGS84 坐标）。",
    "Latitude (WGS84).": "纬度（WGS84 坐标）。",
    "Network node the enterprise connects at; empty: the nearest node (the snapping distance is "
    "reported).": "企业接入管网的节点；留空：在最近的节点接入（并报告与该节点的距离）。",
    # demands
    "What each enterprise needs treated, per service, and what treating it alone would cost.": (
        "每家企业按服务分列的待处理量，以及企业自行处理所需的成本。"
    ),
    "Enterprise id.": "企业编号。",
    "Service name (declared in scenario.yaml).": "服务名称（在 scenario.yaml 中声明）。",
    "Quantity to treat per operating day; 0: nothing to treat (the demand is left out of the "
    "model).": "每个运行日的待处理量；0：无需处理（该需求不进入模型）。",
    "Capital cost of the enterprise's own treatment unit.": "企业自建处理设施的资本支出。",
    "Lifetime of that unit (annuity).": "该设施的寿命（用于计算年金）。",
    "Yearly operation and maintenance of the own unit, including its discharge fees.": (
        "自建处理设施每年的运行维护费用，含排污费。"
    ),
    "May this enterprise keep treating on its own? Empty: the service's setting.": (
        "是否允许该企业继续自行处理？留空：按该服务的设置。"
    ),
    # concentrations
    "Pollutant concentrations of an enterprise's untreated stream (for pollutant caps).": (
        "企业未经处理的废水或废物中的污染物浓度（用于污染物排放上限）。"
    ),
    "Service name.": "服务名称。",
    "Pollutant name (declared in scenario.yaml).": "污染物名称（在 scenario.yaml 中声明）。",
    "Concentration before treatment; for a service not measured in m3 it is grams per service "
    "unit.": "处理前的浓度；不以 m3 计量的服务，填每个服务单位所含的克数。",
    # enterprise_caps
    "Per-enterprise pollutant caps (an enterprise's discharge permit): what the enterprise itself "
    "discharges, treating alone after its own removal; what it sends to a shared facility counts "
    "at that facility's outfall.": (
        "逐家企业的污染物排放上限（企业的排污许可）：限定企业自行处理、经自身去除后自己排放的量；"
        "送往共享设施的部分计入该设施的排口。"
    ),
    "Most the enterprise may discharge itself.": "企业自身最多可排放的量。",
    # sites
    "Candidate sites for shared facilities.": "共享设施的候选站点。",
    "Site id, unique.": "站点编号，不可重复。",
    "Network node of the site; empty: the nearest node.": "站点所在的管网节点；留空：取最近的节点。",
    "Land available for facilities; empty: no limit.": "可供设施使用的土地面积；留空：不限。",
    "required: must host at least one facility; forbidden: may host none.": (
        "required：至少须建一座设施；forbidden：不得建任何设施。"
    ),
    "Services the site may host; empty: any service that has tiers there.": (
        "该站点可承接的服务；留空：在该站点设有规模档的任何服务。"
    ),
    # tiers
    "Facility sizes that may be built: per site (or '*' for every site) and service.": (
        "可建设施的规模：按站点（'*' 表示所有站点）和服务分列。"
    ),
    "Site id, or '*' for every site that may host the service.": (
        "站点编号，或 '*'，表示可承接该服务的所有站点。"
    ),
    "Tier name (small, medium, ...).": "规模档名称（如小型、中型等）。",
    "Treatment capacity.": "处理能力。",
    "Investment; ignored (sunk) for an existing facility.": "投资额；现有设施不计（属沉没成本）。",
    "Economic lifetime (annuity).": "经济寿命（用于计算年金）。",
    "Fixed operation and maintenance.": "固定运行维护费用。",
    "Cost per unit treated; negative for net revenue (e.g. steam sales).": (
        "每处理一个单位的成本；有净收入（如出售蒸汽）时为负值。"
    ),
    "Land the facility occupies.": "设施占用的土地面积。",
    "Already built: open at no capex.": "已建成：开设时不计资本支出。",
    # nodes, edges, distances
    "Junctions of the park network (pipes, roads).": "园区管网（管道、道路）的节点。",
    "Node id, unique.": "节点编号，不可重复。",
    "Links of the park network.": "园区管网中连接两个节点的边。",
    "Node id.": "节点编号。",
    "Length.": "长度。",
    "Conveyance modes that may use the edge.": "可经由该边的输送方式。",
    "Explicit distances, e.g. from a GIS study. When this table is given, the pairs it lists are "
    "the only ones within reach and the network is not used for them.": (
        "直接给定的距离，例如来自地理信息系统的测算。给出此表时，只有表中所列的企业与站点配对在可达范围内，"
        "这些配对的距离也不再按管网计算。"
    ),
    "Site id.": "站点编号。",
    "Distance.": "距离。",
    # loans
    "Green loans that may finance the capex of new shared facilities, besides own funds (at the "
    "discount rate) and the subsidy (a grant).": (
        "可为新建共享设施的资本支出提供融资的绿色贷款；此外还有自有资金（按折现率计）和补贴（无偿拨款）。"
    ),
    "Loan id, unique (a green-loan programme, a bank's credit line).": (
        "贷款编号，不可重复（一项绿色贷款计划，或一家银行的授信额度）。"
    ),
    "Yearly interest rate, stated as discount_rate is (both real, or both nominal).": (
        "年利率，口径与 discount_rate 相同（同为实际利率，或同为名义利率）。"
    ),
    "Years over which the loan is repaid in equal yearly payments.": "按年等额还款的还款年数。",
    "Most capex the loan may finance, over the whole park; empty: no limit.": (
        "该贷款在全园区最多可融资的资本支出；留空：不限。"
    ),
    "Services whose facilities the loan may finance; empty: every service.": (
        "该贷款可为哪些服务的设施融资；留空：所有服务。"
    ),
}
