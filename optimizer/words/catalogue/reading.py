"""Messages of the scenario readers (:mod:`optimizer.scenario`): a file or a path that is not a
scenario, a file in no encoding read, a CSV that does not read as a table, a workbook or a sheet
that cannot be read or is over a limit, a table or the settings missing, the YAML's syntax and
the strict reader's refusals, the settings sheet's rows, and the rows files of a what-if's
joining enterprises.

The English of each is what the readers wrote before the catalogue, byte for byte. The words of
a library (PyYAML's syntax error, the codec's reason a byte is not UTF-8, openpyxl's or pandas'
reason a sheet or a file does not read) are kept as they are, quoted: the Chinese says whose words
they are (``YAML 解析器的原话：...``), so that the English left in a Chinese sentence reads as a
quotation rather than as a text not translated, and stays what a maintainer can search for. The names of
formats and of Excel's menus (``UTF-8``, ``GB18030/GBK``, ``'CSV UTF-8'``) are kept as they are
in Chinese, as Chinese Excel shows them."""

from __future__ import annotations

READING: dict[str, tuple[str, str]] = {
    # what a value was, when a mapping was expected (a YAML document or its variants)
    "read.type.list": ("list", "列表"),
    "read.type.str": ("str", "文本"),
    "read.type.int": ("int", "整数"),
    "read.type.float": ("float", "数字"),
    "read.type.bool": ("bool", "布尔值"),
    "read.type.dict": ("dict", "映射"),
    # a path that is not a scenario (optimizer.scenario.storage, folder)
    "read.not_scenario": (
        "a scenario folder (with {file}) or an .xlsx workbook",
        "情景文件夹（含 {file}）或 .xlsx 工作簿",
    ),
    "read.not_xlsx": ("a file that is not .xlsx", "不是 .xlsx 的文件"),
    "read.nothing_there": ("nothing at that path", "该路径下什么也没有"),
    "read.settings_file": ("a file {file} in the folder", "文件夹中的 {file} 文件"),
    "read.no_such_file": ("no such file", "没有此文件"),
    "read.no_such_sheet": ("no such sheet", "没有此工作表"),
    # the settings and the tables (optimizer.scenario.assemble)
    "read.settings_mapping": (
        "a mapping of settings ({example})",
        "由各项设置组成的映射（{example}）",
    ),
    "read.variants_mapping": (
        "a mapping of variant names to overrides",
        "变体名称到其覆盖设置的映射",
    ),
    "read.table": ("the {name} table ({description})", "{name} 表（{description}）"),
    "read.rows_or_none": (
        "rows ({description}), or no {label} at all",
        "若干行（{description}），或者根本没有 {label}",
    ),
    "read.header_only": ("a header only", "只有表头"),
    # encodings (optimizer.scenario.encodings)
    "read.encodings": (
        "text in UTF-8 (Excel's 'CSV UTF-8', with or without its mark) or in GB18030/GBK "
        "(Chinese Excel's 'CSV'): save the file as 'CSV UTF-8'",
        "UTF-8 编码的文本（Excel 的 'CSV UTF-8'，带或不带字节顺序标记）或 GB18030/GBK 编码的文本"
        "（中文 Excel 的 'CSV'）：请将文件另存为 'CSV UTF-8'",
    ),
    "read.not_text": (
        "bytes that are neither UTF-8 nor GB18030 ({reason})",
        "既不是 UTF-8 也不是 GB18030 的字节（{reason}）",
    ),
    "read.utf8_stops": (
        "UTF-8 stops at byte {byte}: {reason}",
        "UTF-8 解码在第 {byte} 个字节处停止（解码器的原话：{reason}）",
    ),
    "read.no_reason": ("no reason given", "未给出原因"),
    # a CSV table (optimizer.scenario.folder)
    "read.stray_file": (
        "a table named after its declaration: did you mean {near}.csv? (tables: {tables})",
        "以所声明的表命名的文件：是否应为 {near}.csv？（表：{tables}）",
    ),
    "read.file_not_read": ("a file that is not read", "不会被读取的文件"),
    "read.commas": (
        "cells separated by commas (','), with '.' in decimals: save the table as "
        "'CSV UTF-8 (comma delimited)'",
        "以逗号（','）分隔的单元格，小数点为 '.'：请将表另存为 'CSV UTF-8（逗号分隔）'",
    ),
    "read.no_comma": ("a header with no comma ({header})", "没有逗号的表头（{header}）"),
    "read.comma_table": ("a comma-separated table", "以逗号分隔的表"),
    "read.unreadable_file": (
        "a file that cannot be read ({error})",
        "无法读取的文件（读取它的程序库的原话：{error}）",
    ),
    "read.library_says": ("{error}", "读取它的程序库的原话：{error}"),
    "read.cells_at_most": (
        "at most {width} cells a line, one per column of the header",
        "每行至多 {width} 个单元格，与表头的列一一对应",
    ),
    "read.cells": ("{count} cells", "{count} 个单元格"),
    "read.cells_as_header": (
        "as many cells a line as the header has",
        "每行的单元格数与表头的列数相同",
    ),
    "read.more": ("more", "更多"),
    # a workbook and its sheets (optimizer.scenario.sheets, workbook)
    "read.workbook": ("an .xlsx workbook", "一个 .xlsx 工作簿"),
    "read.readable_sheet": ("a readable sheet", "可读取的工作表"),
    "read.parts_at_most": (
        "parts of at most {limit} bytes unpacked",
        "解压后每个部分至多 {limit} 字节",
    ),
    "read.part_unpacks": ("{part} unpacking to {size} bytes", "{part} 解压后为 {size} 字节"),
    "read.rows_at_most": ("at most {limit} rows", "至多 {limit} 行"),
    "read.more_rows": ("more rows", "更多行"),
    "read.columns_at_most": ("at most {limit} columns", "至多 {limit} 列"),
    "read.cell_in_column": ("a cell in column {column}", "第 {column} 列中的单元格"),
    "read.sheet_named": ("a sheet named {name}", "名为 {name} 的工作表"),
    "read.sheets": ("sheets {names}", "工作表 {names}"),
    "read.stray_sheet": (
        "a sheet named after its table: did you mean {near}? (sheets read: {sheets})",
        "以其表命名的工作表：是否应为 {near}？（读取的工作表：{sheets}）",
    ),
    "read.sheet_not_read": ("a sheet that is not read", "不会被读取的工作表"),
    "read.key_and_value": ("two columns named {key} and {value}", "名为 {key} 和 {value} 的两列"),
    "read.columns": ("columns {names}", "列 {names}"),
    "read.key_for_value": ("a key for every value", "每个值都有它的键"),
    "read.no_key": ("no key", "没有键"),
    "read.value_at_most": (
        "a value of at most {limit} characters",
        "至多 {limit} 个字符的值",
    ),
    "read.characters": ("{count} characters", "{count} 个字符"),
    "read.setting_once": ("each setting on one row", "每项设置只写在一行"),
    "read.key_again_as": (
        "{key} again (first on row {row}, as {owner})",
        "再次出现 {key}（首次在第 {row} 行，作为 {owner}）",
    ),
    "read.row_key_again": (
        "the key {key} again (first on row {row})",
        "再次出现键 {key}（首次在第 {row} 行）",
    ),
    "read.value_or_keys": (
        "either {group} as one value or keys under it ({key}), not both",
        "{group} 要么是一个值，要么其下写有键（{key}），不能两者兼有",
    ),
    "read.value_on_row": ("{group} as a value on row {row}", "第 {row} 行上作为值的 {group}"),
    "read.twice": ("{group} twice", "{group} 出现两次"),
    # YAML (optimizer.scenario.yaml_reader)
    "read.yaml_depth": (
        "at most {depth} levels of nested mappings and lists",
        "映射和列表至多嵌套 {depth} 层",
    ),
    "read.yaml_depth_expanded": (
        "at most {depth} levels of nested mappings and lists, aliases expanded",
        "展开别名后，映射和列表至多嵌套 {depth} 层",
    ),
    "read.deeper": ("deeper nesting", "更深的嵌套"),
    "read.key_once": ("each key once in a mapping", "映射中每个键只出现一次"),
    "read.line_key_again": (
        "the key {key} again (first on line {line})",
        "再次出现键 {key}（首次在第 {line} 行）",
    ),
    "read.alias_before": (
        "aliases ({alias}) to values written before them",
        "别名（{alias}）指向在它之前写下的值",
    ),
    "read.alias_inside": ("an alias inside itself", "指向自身内部的别名"),
    "read.values_at_most": (
        "at most {limit} values once aliases ({alias}) are expanded",
        "展开别名（{alias}）后至多 {limit} 个值",
    ),
    "read.aliases_expand": ("aliases that expand to more", "展开后超出此数的别名"),
    "read.printable": ("YAML text of printable characters", "由可打印字符组成的 YAML 文本"),
    "read.control_character": ("the control character {character}", "控制字符 {character}"),
    "read.valid_yaml": ("valid YAML", "有效的 YAML"),
    "read.syntax_error": ("a syntax error ({what})", "语法错误（YAML 解析器的原话：{what}）"),
    "read.less_deep": ("YAML nested less deeply", "嵌套更浅的 YAML"),
    "read.too_deep": ("nesting too deep to read", "嵌套太深，无法读取"),
    "read.settings_bytes": ("at most {limit} bytes of settings", "至多 {limit} 字节的设置"),
    "read.bytes": ("{size} bytes", "{size} 字节"),
    # the rows file of a what-if's joining enterprises (optimizer.scenario.rows_file)
    "read.rows_files": (
        "a .yaml, .csv or .xlsx file, or a folder of CSV files named after their tables",
        "一个 .yaml、.csv 或 .xlsx 文件，或一个存放以其表命名的 CSV 文件的文件夹",
    ),
    "read.no_csv": ("no CSV file", "没有 CSV 文件"),
    "read.suffix_file": ("a {suffix} file", "{suffix} 文件"),
    "read.bare_file": ("a bare file", "没有后缀的文件"),
    "read.csv_named": (
        "a CSV file named after its table: {advice}(tables: {tables})",
        "以其表命名的 CSV 文件：{advice}（表：{tables}）",
    ),
    "read.sheet_named_table": (
        "a sheet named after its table: {advice}(tables: {tables})",
        "以其表命名的工作表：{advice}（表：{tables}）",
    ),
    "read.did_you_mean": ("did you mean {near}? ", "是否应为 {near}？"),
    "read.not_a_table": ("{name}, not a table", "{name}，不是表"),
    "read.row_under_header": ("at least one row under the header", "表头下至少一行"),
    "read.sheet_after_table": ("a sheet named after a table", "以某个表命名的工作表"),
    "read.none": ("none", "没有"),
}
