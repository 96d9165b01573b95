"""Messages of the Scenario page's table editors (the read-only columns a grid adds: the unit of
each row's service, the row's problems; the header help that names the file's column; the page's
notes about the tables and their problems) and of the choices the Solve page offers (the
cost-allocation rules)."""

from __future__ import annotations

APP_WORDS: dict[str, tuple[str, str]] = {
    "grid.unit_word": ("unit", "单位"),
    "grid.unit_help": (
        "The unit of the row's service (services.<name>.unit in the settings): the columns "
        "headed 'unit' are in it.",
        "该行服务在设置中声明的单位：表头写“单位”的列以它计量。",
    ),
    "grid.problems": ("Problems", "问题"),
    "grid.problems_help": (
        "What is wrong in the row: the column, the value found and what is expected. The mark "
        "goes when the row is fixed.",
        "该行的问题：列、发现的值和期望的值。修正该行后标记消失。",
    ),
    "grid.column_help": ("Column {name} in the file. {help}", "文件中的列 {name}。{help}"),
    "grid.as_text": (
        "Shown as text: a cell does not read as {what}; what was written is kept until it is "
        "fixed.",
        "以文本显示：有单元格无法读作{what}；在修正前保留原文。",
    ),
    "grid.what.number": ("a number", "数字"),
    "grid.what.bool": ("yes or no", "是或否"),
    "grid.caption": (
        "{description} Id: {key}.{optional} Hover a column's header for its name in the file, "
        "its unit and allowed values; add rows at the bottom, delete them by selecting rows.",
        "{description} 编号：{key}。{optional}将鼠标停在列标题上可查看其在文件中的列名、单位和允许值；"
        "在底部添加行，选中行即可删除。",
    ),
    "grid.optional": (" Optional table.", "可选表。"),
    # a table's tab on the Scenario page ({title}: the table and its rows, "demands (4)")
    "grid.tab_errors.one": ("{title}: 1 error", "{title}：1 个错误"),
    "grid.tab_errors.many": ("{title}: {count} errors", "{title}：{count} 个错误"),
    "grid.errors.one": (
        "1 error: solving and saving are disabled until it is fixed. It is listed below, and "
        "again in its table's tab, where its row is marked.",
        "1 个错误：修正前无法求解和保存。错误列在下方，并在其表格的标签页中再次列出，所在行已标记。",
    ),
    "grid.errors.many": (
        "{count} errors: solving and saving are disabled until they are fixed. Each is listed "
        "below, and a table's errors again in its tab, where their rows are marked.",
        "{count} 个错误：修正前无法求解和保存。每个错误列在下方，表格的错误在其标签页中再次列出，所在行已标记。",
    ),
    # the Solve page's cost-allocation rules (the option is the rule's key)
    "solve.rule.stable": (
        "stable (SCRB, moved the least into a split that keeps every group in)",
        "稳定分摊（从可分离成本剩余收益法出发，调整最少，使每个群体都愿意留下）",
    ),
    "solve.rule.proportional": ("proportional to load", "按负荷比例分摊"),
    "solve.rule.scrb": ("SCRB (separable cost, remaining benefit)", "可分离成本剩余收益法"),
    "solve.rule.shapley": ("Shapley value", "Shapley 值"),
    "solve.rule.none": ("none (no SME statement)", "不分摊（无中小企业费用清单）"),
    # the Scenario page's opening and settings
    "scenario.none_yet": ("No scenarios in {folder}/ yet.", "{folder}/ 中还没有情景。"),
    "scenario.upload.xlsx": (
        "Upload an .xlsx workbook (at most {mb} MB)",
        "上传 .xlsx 工作簿（不超过 {mb} 兆字节）",
    ),
    "scenario.upload.zip": (
        "Upload a .zip of a scenario folder (at most {mb} MB)",
        "上传情景文件夹的 .zip 压缩包（不超过 {mb} 兆字节）",
    ),
    "settings.not_set": ("(not set)", "（未设置）"),
    "settings.nothing_here": (
        "Nothing declared here; add it in the YAML tab.",
        "此处尚无声明；请在 YAML 标签页中添加。",
    ),
    "settings.yaml_label": (
        "scenario.yaml (without variants)",
        "情景的全部设置，YAML 格式（不含变体）",
    ),
    "settings.yaml_applied": ("Settings applied from YAML.", "已按 YAML 应用设置。"),
    # the Results and Compare pages
    "results.solved_with": (
        "Solved with {edits} to the scenario as opened",
        "求解时相对打开的情景有 {edits}",
    ),
    "results.what_differs": ("What differs ({count})", "差异（{count}）"),
    "results.no_statement": (
        "This plan has no SME statement (it was solved without cost allocation).",
        "该方案没有中小企业费用清单（求解时未做成本分摊）。",
    ),
    "results.order": ("Order", "排序"),
    "results.sort.0": ("Largest saving first", "节省最多的在前"),
    "results.sort.1": ("Smallest saving first", "节省最少的在前"),
    "results.sort.2": ("Highest cost first", "成本最高的在前"),
    "results.sort.3": ("By enterprise", "按企业"),
    "results.rows_shown": (
        "{shown} of {rows} rows; amounts in {cur}/year.",
        "共 {rows} 行，显示 {shown} 行；金额单位 {cur}/年。",
    ),
    "results.sme": ("SME", "中小企业"),
    "results.no_facility": (
        "No shared facility is open: every SME treats on its own.",
        "没有开放的共享设施：每家中小企业都自行处理。",
    ),
    "compare.against": ("{plan} against {reference}", "{plan} 对比 {reference}"),
    "compare.map_with": ("Compare the reference's map with", "将基准方案的地图与以下方案比较"),
    "compare.maps_open": (
        "Open to draw the two plans' maps side by side",
        "展开以并排绘制两个方案的地图",
    ),
    "compare.needs_two": (
        "A comparison needs two plans: solve the scenario twice (say, with another variant or "
        "subsidy rate), or add plan files above.",
        "比较需要两个方案：将情景求解两次（例如换一个变体或补贴比例），或在上方添加方案文件。",
    ),
}
