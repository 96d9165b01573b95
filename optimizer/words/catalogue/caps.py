"""Messages of the per-enterprise pollutant caps (the ``enterprise_caps`` table): the scenario
check's warning, the diagnosis of an infeasible cap and the plan's ledger rows."""

from __future__ import annotations

CAPS: dict[str, tuple[str, str]] = {
    "caps.enterprise.no_load": (
        "concentrations of {pollutant} for {enterprise} in {concentrations} (without them the "
        "cap constrains nothing), or no such row",
        "在 {concentrations} 中给出 {enterprise} 的 {pollutant} 浓度（否则该上限不起任何约束），"
        "或删除此行",
    ),
    "caps.enterprise.no_load.found": (
        "a cap and no concentration of {pollutant} for {enterprise}",
        "有上限，但没有 {enterprise} 的 {pollutant} 浓度",
    ),
    "caps.enterprise.out_of_reach": (
        "a cap of at least {least} {unit}, what {enterprise} discharges treating alone the "
        "demands that reach no site ({services}), after its own removal: raise the cap, raise "
        "{setting}, or bring a site within reach",
        "上限至少为 {least} {unit}，即 {enterprise} 自行处理无站点可达的需求（{services}）"
        "经自身去除后的排放量：请提高上限、提高 {setting}，或使某一站点可达",
    ),
    "caps.enterprise.out_of_reach.found": ("a cap of {cap} {unit}", "上限为 {cap} {unit}"),
    "caps.enterprise.raise": (
        "a cap on the {pollutant} that {enterprise} discharges itself of at least {needed} "
        "({more} more), or a shared facility it can connect to (what it sends there counts at "
        "that facility's outfall)",
        "{enterprise} 自身排放的 {pollutant} 上限至少为 {needed}（需增加 {more}），"
        "或提供其可接入的共享设施（送往共享设施的部分计入该设施的排口）",
    ),
    "caps.enterprise.current": (
        "a cap of {cap} on what {enterprise} discharges itself",
        "{enterprise} 自身排放上限为 {cap}",
    ),
    "caps.enterprise.ledger": ("{enterprise} itself", "{enterprise} 自身排放"),
}
