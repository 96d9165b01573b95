"""Messages of the batches (:mod:`optimizer.batch`): a batch spec file's keys and values, the
sweeps (``KEY=V1,V2``, or ``sweeps:`` in a spec) and their keys and values, the solver options of
the cases, and the arguments of a batch that cannot work together.

The English of each is what the batch wrote before the catalogue, byte for byte. The keys, the
file's name, the values as written and the forms to write (``KEY=VALUE,VALUE,...``,
``SPEC.yaml``, ``none``) are fields, shown as they are; so are the words of a library or of the
system (why a file cannot be read), which the Chinese says are theirs."""

from __future__ import annotations

BATCH: dict[str, tuple[str, str]] = {
    # a batch spec file (optimizer.batch.spec)
    "batch.spec.readable": ("a readable YAML batch spec", "可读取的 YAML 批量运行说明文件"),
    "batch.spec.system_says": ("{error}", "系统的原话：{error}"),
    "batch.spec.scenarios": (
        "a list of scenario folders or .xlsx files",
        "情景文件夹或 .xlsx 文件的列表",
    ),
    "batch.spec.variants": ("{all}, or a list of variant names", "{all}，或变体名称的列表"),
    "batch.spec.sweeps": (
        "a mapping of override keys to lists of values",
        "覆盖键到取值列表的映射",
    ),
    "batch.spec.solver": ("a mapping such as {example}", "形如 {example} 的映射"),
    "batch.spec.allocation": ("one of {rules} or {none}", "{rules} 之一，或 {none}"),
    "batch.spec.count": ("a whole number of at least 1", "至少为 1 的整数"),
    "batch.spec.keys": ("one of the keys {keys}", "以下键之一：{keys}"),
    "batch.spec.unknown_key": ("an unknown key", "未知的键"),
    # the solver options of the cases (optimizer.batch.options)
    "batch.option.unknown": (
        "unknown solver option {name}; expected one of {names}",
        "未知的求解器选项 {name}；应为以下之一：{names}",
    ),
    "batch.option.unknown_some": (
        "unknown solver option {name}; expected some of {names}",
        "未知的求解器选项 {name}；应为以下选项中的若干项：{names}",
    ),
    "batch.option.numbers": ("numbers in {names} and {last}", "{names} 和 {last} 中的数字"),
    "batch.option.unusable": (
        "settings that cannot be used ({error})",
        "无法使用的设置（程序的原话：{error}）",
    ),
    # sweeps (optimizer.batch.sweeps, cases)
    "batch.sweep": (
        "sweep {key}: {found}; expected {expected}",
        "扫描 {key}：{found}；应为 {expected}",
    ),
    "batch.sweep.no_value": ("no value", "没有值"),
    "batch.sweep.values": (
        "one or more values separated by commas",
        "一个或多个以逗号分隔的值",
    ),
    "batch.sweep.value": ("the value {value}", "值 {value}"),
    "batch.sweep.unreadable": (
        "cannot read the sweep {text}: write {form}",
        "无法读取扫描 {text}：请写作 {form}",
    ),
    "batch.sweep.twice": (
        "the sweep key {key} is given twice; give its values once",
        "扫描键 {key} 给出了两次：其取值只需给出一次",
    ),
    "batch.sweep.in_scenario": (
        "sweep {key}: {found} in {given}; expected {expected}",
        "扫描 {key}：在 {given} 中{found}；应为 {expected}",
    ),
    "batch.case_id_twice": (
        "two cases would have the id {id}: a sweep lists the same value twice (e.g. 1 and 1.0)",
        "两个算例将有同一个编号 {id}：某个扫描把同一个值列了两次（例如 1 和 1.0）",
    ),
    # the arguments of a batch (optimizer.batch.arguments)
    "batch.args.spec_or_scenarios": (
        "give one {spec}, or scenario folders and workbooks, not both",
        "请给出一个 {spec}，或者若干情景文件夹和工作簿，不要两者都给",
    ),
    "batch.args.out": ("say where to write the results", "请指明结果写到哪里"),
    "batch.args.dask_both": (
        "give either a {dask} scheduler or a local {dask} cluster, not both",
        "请给出 {dask} 调度器或本地 {dask} 集群之一，不要两者都给",
    ),
    "batch.args.workers": (
        "workers must be at least 1, got {workers}",
        "工作进程数至少为 1，给出的是 {workers}",
    ),
    "batch.args.dask_workers": (
        "a local {dask} cluster needs at least 1 worker, got {workers}",
        "本地 {dask} 集群至少需要 1 个工作进程，给出的是 {workers}",
    ),
    "batch.args.plot": (
        "a sensitivity plot needs exactly one swept parameter, got {sweeps}",
        "敏感性图恰好需要一个扫描参数，给出的是 {sweeps}",
    ),
}
