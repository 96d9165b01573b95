"""Messages of the Explore page's tables and files, as the command line writes them and the app
shows them: the plans' labels an alternatives search and a what-if make, what an alternative
opens and closes, why a search ended, the notes and titles of the alternatives' and the
leave-one-out's files, the leave-one-out table's places; and the upload errors of the app
(:mod:`optimizer.ui.uploads`) with a plan file that does not read
(:func:`optimizer.export.read_plan`)."""

from __future__ import annotations

EXPLORE_TABLES: dict[str, tuple[str, str]] = {
    # the labels a search makes: the plans' data once made (docs/languages.md)
    "alternatives.least_cost": ("least cost", "最低成本"),
    "alternatives.label": ("alternative {k}", "备选方案 {k}"),
    "whatif.label": ("{plan} what-if", "{plan} 假设分析"),
    # the ranked table and its file
    "alternatives.same": ("same facilities", "设施不变"),
    "alternatives.title": ("Alternatives of {label}", "{label} 的备选方案"),
    "alternatives.headline.one": (
        "{count} alternative within {within} of the least cost ({cost})",
        "在最低成本（{cost}）的 {within} 以内找到 {count} 个备选方案",
    ),
    "alternatives.headline.many": (
        "{count} alternatives within {within} of the least cost ({cost})",
        "在最低成本（{cost}）的 {within} 以内找到 {count} 个备选方案",
    ),
    "alternatives.headline.end": ("{head}.", "{head}。"),
    "alternatives.headline.stopped": ("{head}; {stopped}.", "{head}；{stopped}。"),
    "alternatives.asked_for": ("asked for {count}", "已达到所要求的 {count} 个"),
    "alternatives.none_within": (
        "no other plan is within {within}",
        "没有其他方案在 {within} 以内",
    ),
    "alternatives.solver_stopped": (
        "the solver stopped ({status}) before finding another",
        "求解器在找到下一个方案之前停止（{status}）",
    ),
    "alternatives.distance": (
        "Distance: the number of (site, service) facilities opened or closed against the "
        "least-cost plan (the Hamming distance between their open sets); a different tier at the "
        "same site is not a different facility.",
        "距离：与最低成本方案相比开启或关闭的（站点，服务）设施数（两者开启集合之间的汉明距离）；"
        "同一站点换用其他规模档不算另一设施。",
    ),
    # the leave-one-out report
    "loo.title": ("Leave-one-out of {label}", "{label} 的逐一退出分析"),
    "loo.notes": (
        "A row per member of a shared facility that leaves and each other member of that "
        "facility: the park's total and what the other member pays, before and after the plan "
        "is solved again without the leaver; amounts in {currency}/year.",
        "每行对应共享设施中退出的一个成员及该设施的另一个成员：在去除退出者重新求解方案之前和之后，"
        "园区总成本及该另一成员的支付；金额单位为 {currency}/年。",
    ),
    "loo.self": ("self", "自行处理"),
    "loo.unserved": ("unserved", "未处理"),
    # uploads (the file's name first, as the command line names a file)
    "upload.too_big": (
        "{name} is {size} ({count} bytes); uploads may be at most {limit}",
        "{name} 为 {size}（{count} 字节）；上传文件最大为 {limit}",
    ),
    "upload.bytes": ("{count} bytes", "{count} 字节"),
    "upload.unopenable": (
        "{name} cannot be opened as {what} ({error})",
        "{name} 无法作为{what}打开（{error}）",
    ),
    "upload.what.zip": ("a zip archive", " .zip 压缩包"),
    "upload.what.xlsx": ("an .xlsx workbook", " .xlsx 工作簿"),
    "upload.too_many": (
        "{name} holds {count} entries; an upload may hold at most {limit}",
        "{name} 含有 {count} 个条目；上传文件最多可含 {limit} 个",
    ),
    "upload.entry_refused": ("{name}: entry refused, {problem}", "{name}：条目被拒绝，{problem}"),
    "upload.entry.absolute": ("its path {path} is absolute", "其路径 {path} 是绝对路径"),
    "upload.entry.climbs": (
        "its path {path} climbs out of the folder with '..'",
        "其路径 {path} 用 '..' 跳出了所在文件夹",
    ),
    "upload.entry.nul": ("its path {path} holds a NUL character", "其路径 {path} 含有空字符"),
    "upload.entry.link": ("{path} is a symbolic link", "{path} 是符号链接"),
    "upload.entry.special": (
        "{path} is neither a file nor a folder",
        "{path} 既不是文件也不是文件夹",
    ),
    "upload.unpacks_to": (
        "{name} unpacks to {size}; an upload may unpack to at most {limit}",
        "{name} 解压后为 {size}；上传文件解压后最大为 {limit}",
    ),
    "upload.unpacks_more": (
        "{name} unpacks to more than {limit}; an upload may not unpack to more",
        "{name} 解压后超过 {limit}；上传文件解压后不得超过此大小",
    ),
    "upload.outside": (
        "{name}: entry {entry} would be written outside",
        "{name}：条目 {entry} 会被写到文件夹之外",
    ),
    "upload.twice": ("{name}: entry {entry} appears twice", "{name}：条目 {entry} 出现了两次"),
    "upload.entry_unreadable": (
        "{name}: entry {entry} cannot be read ({error})",
        "{name}：条目 {entry} 无法读取（{error}）",
    ),
    "upload.no_settings": (
        "{name} holds no {file} (at its top or in one folder); expected a zipped scenario folder "
        "with scenario.yaml and the tables as CSV files",
        "{name} 中没有 {file}（既不在顶层，也不在唯一的文件夹中）；应为含 {file} 及 CSV 格式各表的"
        "情景文件夹压缩包",
    ),
    "upload.several": (
        "{name} holds several scenarios ({folders}); upload one at a time",
        "{name} 含有多个情景（{folders}）；请一次上传一个",
    ),
    "upload.found_suffix": ("a {suffix}", " {suffix} 文件"),
    "upload.found_bare": ("a file without suffix", "无后缀的文件"),
    "upload.scenario_kind": (
        "{name}: expected an .xlsx workbook or a .zip of a scenario folder, found {found}",
        "{name}：应为 .xlsx 工作簿或情景文件夹的 .zip 压缩包，发现的是{found}",
    ),
    "upload.plan_kind": (
        "{name}: expected a plan as a .json file (as downloaded from the Results page)",
        "{name}：应为 .json 格式的方案文件（即从结果页面下载的文件）",
    ),
    "upload.join_kind": (
        "{name}: expected a join file ({suffixes}), found {found}",
        "{name}：应为加入企业的文件（{suffixes}），发现的是{found}",
    ),
    # a plan file that does not read
    "plan_file.unreadable": (
        "{file}: cannot be read as a plan JSON ({error})",
        "{file}：无法作为 .json 方案文件读取（{error}）",
    ),
    "plan_file.not_json": (
        "{file} line {line}: not valid JSON ({error}); expected a plan written by {export} or "
        "{solve}",
        "{file} 第 {line} 行：不是有效的 .json 内容（{error}）；应为 {export} 或 {solve} 写出的方案",
    ),
    "plan_file.not_object": (
        "{file}: found a JSON {kind}, expected a plan",
        "{file}：发现的 .json 内容是 {kind}，应为方案",
    ),
    "plan_file.not_plan": (
        "{file}: not a readable plan ({error})",
        "{file}：不是可读取的方案（{error}）",
    ),
    "plan_file.format": (
        "not a plan file (its {key} is not {value})",
        "不是方案文件（其 {key} 不是 {value}）",
    ),
}
