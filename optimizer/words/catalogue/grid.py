"""Messages of the Scenario page's table editors: the read-only columns a grid adds (the unit of
each row's service, the row's problems), the header help that names the file's column, and the
page's notes about the tables and their problems."""

from __future__ import annotations

GRID: dict[str, tuple[str, str]] = {
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
}
