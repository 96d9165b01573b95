"""Simplified Chinese of the settings' descriptions (:attr:`optimizer.schema.Setting.description`,
``scenario.yaml``), each keyed by its English as the schema declares it (the tables' and columns'
are in :mod:`.schema_descriptions`), and the words of a setting's and a column's help text in the
app (the description, the setting's path or the column's name, its unit, what it allows).

Data stays as it is in Chinese: keys and paths (``policy.subsidy_rate``, ``_cny``), values a
planner writes (``highs``, ``'auto'``), files (``docs/model.md``), units as declared (``m3``).
"""

from __future__ import annotations

#: A setting's description: English as declared -> Simplified Chinese.
SETTING_DESCRIPTIONS: dict[str, str] = {
    # general
    "Scenario name.": "情景名称。",
    "What the scenario represents and where its figures come from.": (
        "该情景代表什么，以及其中数据的来源。"
    ),
    "Currency of every amount (columns and settings ending in _cny).": (
        "所有金额的货币（以 _cny 结尾的列和设置）。"
    ),
    "Price year of every amount.": "所有金额的价格年份。",
    "Real discount rate for annuities (0.08 commercial, 0.06 public-welfare water projects).": (
        "计算年金所用的实际折现率（商业项目取 0.08，公益性水务项目取 0.06）。"
    ),
    "Great-circle distance times this factor when there is no network.": (
        "没有管网时，距离取大圆距离乘以此系数。"
    ),
    # services
    "Unit of the service's quantities (m3, t, ...).": "该服务数量的计量单位（如 m3、t）。",
    "Days a year the service runs.": "该服务每年运行的天数。",
    "How a stream reaches a facility.": "待处理的废水或废物送达设施的方式。",
    "Cost of moving one unit one km (pumping, haulage).": (
        "将一个单位输送一公里的费用（泵送、运输）。"
    ),
    "Capital cost of an enterprise's connection (branch pipe) per km.": (
        "企业接入（支管）每公里的资本支出。"
    ),
    "Lifetime of a connection.": "接入设施的寿命。",
    "Farthest an enterprise may be from its facility; null: no limit.": (
        "企业与其设施之间的最远距离；留空：不限。"
    ),
    "Keep only the k nearest sites of each enterprise; null: all within reach.": (
        "每家企业只保留最近的 k 个站点；留空：保留可达范围内的全部站点。"
    ),
    "May enterprises keep treating on their own (overridable per demand)?": (
        "是否允许企业继续自行处理（可在每项需求中单独设定）？"
    ),
    "What leaves a facility of this service: a list of streams (name, ratio, to, "
    "sink_price_cny_per_unit, transport_cny_per_unit_km).": (
        "从该服务的设施流出的物流：物流的列表（name、ratio、to、sink_price_cny_per_unit、"
        "transport_cny_per_unit_km）。"
    ),
    "Stream name (effluent, sludge).": "物流名称（如出水、污泥）。",
    "Stream per unit of the facility's load.": "设施每处理一个单位负荷产生的物流量。",
    "Downstream service that takes the stream; null: only the external sink.": (
        "接收该物流的下游服务；留空：只送往外部受纳。"
    ),
    "Price of sending the stream to the external sink (municipal sewer, disposal); null: no "
    "sink.": "将该物流送往外部受纳（市政污水管网、处置单位）的价格；留空：没有外部受纳。",
    "Cost of moving one unit of the stream one km to a downstream facility.": (
        "将一个单位的该物流向下游设施输送一公里的费用。"
    ),
    "Whether what a facility of the service does not remove leaves with this stream (its "
    "effluent; at most one stream per service); a service with none discharges it at its own "
    "outfall.": (
        "该服务的设施未去除的污染物是否随此物流流出（即其出水；每项服务至多一条）；"
        "没有这样一条物流的服务在自身排口排放。"
    ),
    "Whether what the service removes counts as environmental capacity freed (a tail-water "
    "wetland polishing treated effluent); the plan reports it.": (
        "该服务去除的污染物是否计为腾出的环境容量（如对处理后出水进行深度净化的尾水湿地）；"
        "方案会报告这部分容量。"
    ),
    # pollutants
    "Park-wide yearly discharge cap; null: no cap.": "全园区每年的排放总量上限；留空：不设上限。",
    "Cap on what the service's facilities discharge (at their outfalls or through their stream's "
    "external sink): an outfall's permit; null: no cap.": (
        "该服务各设施排放量的上限（经其排口或经其物流的外部受纳排放）：即排口的排污许可；"
        "留空：不设上限。"
    ),
    "Share removed by a shared facility of the service.": "该服务的共享设施去除的比例。",
    "Share removed by an enterprise's own treatment.": "企业自行处理去除的比例。",
    # policy
    "Share of shared-facility capex (annuity) that is subsidised.": (
        "共享设施资本支出（年金）中获得补贴的比例。"
    ),
    "Subsidy rate for one service, overriding policy.subsidy_rate.": (
        "单项服务的补贴比例，优先于 policy.subsidy_rate。"
    ),
    "Most subsidy paid a year; null: no limit.": "每年最多支付的补贴；留空：不限。",
    "Most capex of new shared facilities; null: no limit.": (
        "新建共享设施资本支出的上限；留空：不限。"
    ),
    "Most facilities of a service.": "一项服务最多可建的设施数量。",
    # solver
    "Solver: highs (default), another HiGHS route, or a MIP solver Pyomo runs by name (installed "
    "separately).": (
        "求解器：highs（默认）、其他 HiGHS 路线，或由 Pyomo 按名称调用的混合整数规划求解器（需另行安装）。"
    ),
    "The whole wait of a solve (prepare, build, solve, read the plan, share costs): the solver "
    "stops when it is up, with the best plan.": (
        "一次求解的全部等待时间（准备、建模、求解、读取方案、分摊成本）：时间一到，求解器即停止，"
        "给出已找到的最好方案。"
    ),
    "Stop when the relative gap is at most this.": "相对容差不超过此值时停止。",
    "Solver threads (not written: the cores this process may use; a batch gives each worker "
    "one). With 2 or more, large models run the heuristic first plan beside HiGHS's search "
    "instead of before it (docs/model.md).": (
        "求解器线程数（未填写时：本进程可用的处理器核数；批量运行时每个工作进程一个）。"
        "线程数为 2 或以上时，大型模型的启发式初始方案与 HiGHS 的搜索同时运行，"
        "而不是先于它运行（见 docs/model.md）。"
    ),
    "Random seed of the solver.": "求解器的随机种子。",
    "Each demand goes to one place (else it may be split).": "每项需求只送往一处（否则可以拆分）。",
    "Add assign <= open for every pair: a tighter bound, a larger model. 'auto' adds it to models "
    "with more than 20,000 pairs, and to those of at most 2,500 whose median demand is at most 4% "
    "of the smallest tier it could go to: where it pays (docs/model.md).": (
        "对每一对企业与站点加入“分配 ≤ 开设”约束：界更紧，模型更大。'auto' 对超过 20,000 对的模型加入，"
        "也对不超过 2,500 对、且需求中位数不超过其可去的最小规模档 4% 的模型加入："
        "即在值得的地方加入（见 docs/model.md）。"
    ),
}

#: The app's help text of a setting's field and of a column's header: message id -> (English,
#: Chinese). ``{description}`` is the declaration's, in the language shown.
SCHEMA_HELP: dict[str, tuple[str, str]] = {
    "help.setting": (
        "{description} Setting: {path}.{unit} Allowed: {allowed}.{default}",
        "{description}设置项：{path}。{unit}允许值：{allowed}。{default}",
    ),
    "help.column": (
        "{description}{unit} Allowed: {allowed}.{empty}",
        "{description}{unit}允许值：{allowed}。{empty}",
    ),
    "help.unit": (" Unit: {unit}.", "单位：{unit}。"),
    "help.default": (" Default: {default}.", "默认值：{default}。"),
    # a default that is true or false ({default} above, Python's words in English)
    "help.bool.True": ("True", "是"),
    "help.bool.False": ("False", "否"),
    "help.or_empty": ("{allowed}; or empty (null)", "{allowed}；或留空"),
    "help.required": (" Required.", "必填。"),
    "help.empty": (" Empty: {default}.", "留空时：{default}。"),
    "help.exists_in_table": (
        "{allowed}; must exist in {name}",
        "{allowed}；须为 {name} 表中已有的编号",
    ),
    "help.exists_in_settings": (
        "{allowed}; must exist in {name}",
        "{allowed}；须为设置中 {name} 下已声明的名称",
    ),
}
