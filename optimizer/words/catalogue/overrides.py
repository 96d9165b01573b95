"""Messages of the variants and the what-ifs (:mod:`optimizer.overrides.variants`,
:mod:`optimizer.overrides.whatif`): a variant of the wrong shape, an unknown or circular one, a
what-if's enterprise, factor or join file that does not fit, and the closest names offered.

The English of each is what they wrote before the catalogue, byte for byte; the keys of the
scenario (``overrides``, ``combine``) and the values as written are fields, shown as they are."""

from __future__ import annotations

OVERRIDES: dict[str, tuple[str, str]] = {
    # a variant's shape and names
    "variant.mapping": (
        "a mapping with {overrides} (and {others})",
        "含 {overrides} 的映射（以及 {others}）",
    ),
    "variant.a_kind": ("a {kind}", "{kind}"),
    "variant.one_of_keys": ("{advice}one of {keys}", "{advice}以下之一：{keys}"),
    "variant.unknown_key": ("an unknown key of a variant", "变体的未知键"),
    "variant.overrides_mapping": (
        "a mapping of override keys to values ({example})",
        "覆盖键到值的映射（{example}）",
    ),
    "variant.names_list": ("a list of variant names ({example})", "变体名称的列表（{example}）"),
    "variant.text": ("a text", "一段文本"),
    "variant.names": ("variant names", "变体名称"),
    "variant.declared": (
        "{advice}a variant declared under {key} ({known})",
        "{advice}在 {key} 下声明的变体（{known}）",
    ),
    "variant.none_declared": ("there are none", "一个也没有"),
    "variant.unknown": ("unknown variant {name}", "未知的变体 {name}"),
    "variant.no_cycle": ("variants that do not combine themselves", "不组合自身的变体"),
    "variant.key_trouble": ("{key}: {trouble}", "{key}：{trouble}"),
    "variant.one_change": (
        "one change per setting or cell in a combination: drop {key} from {other} or {origin} "
        "(never a silent last-wins)",
        "组合中每项设置或每个单元格只改一次：请从 {other} 或 {origin} 中去掉 {key}"
        "（绝不悄悄以后者为准）",
    ),
    "variant.set_by_both": (
        "{key} set by both {other} and {origin}",
        "{key} 同时被 {other} 和 {origin} 设置",
    ),
    # an override key that does not parse (optimizer.overrides.keys.parse_key)
    "key.unreadable": ("cannot read the override key {key}", "无法读取覆盖键 {key}"),
    "key.named": ("override key {key}: {trouble}", "覆盖键 {key}：{trouble}"),
    "key.table_forms": (
        "a table override reads {column}, {row_column}, {drop} (to drop rows) or {add} "
        "(to add rows)",
        "表的覆盖键写作 {column}、{row_column}、{drop}（删除行）或 {add}（添加行）",
    ),
    "key.selector_not_table": (
        "[...] selects rows of a table, and {head} is not one of {tables}",
        "[...] 用于选择表中的行，而 {head} 不是以下表之一：{tables}",
    ),
    "key.valid": ("a valid override key", "有效的覆盖键"),
    # an override key the schema does not declare (optimizer.overrides.keys.key_trouble)
    "key.no_column": ("table {table} has no column {column}", "表 {table} 没有列 {column}"),
    "key.a_column": (
        "{advice}a column of {table} ({columns})",
        "{advice}{table} 的列之一（{columns}）",
    ),
    "key.not_a_number": ("{name} is not a number", "{name} 不是数字"),
    "key.numeric_column": ("a numeric column to multiply", "可相乘的数值列"),
    "key.numeric_setting": ("a numeric setting to multiply", "可相乘的数值设置"),
    "key.one_setting": (
        "{label} is one setting, with nothing under it",
        "{label} 是单项设置，其下没有其他设置",
    ),
    "key.itself": ("the key {label} itself", "键 {label} 本身"),
    "key.table_column_or": (
        "{tables} (a table column), or {expected}",
        "{tables}（表的列），或{expected}",
    ),
    "key.undeclared": (
        "{label} is not a declared setting or table column",
        "{label} 既不是已声明的设置，也不是表的列",
    ),
    "key.finite_factor": ("a finite number (a factor)", "有限的数字（系数）"),
    "key.drop_word": (
        "the word {drop} (to remove the rows the selector matches)",
        "单词 {drop}（删除选择器匹配的行）",
    ),
    "key.rows": (
        "a row (a mapping of {table} columns to values), or a list of rows",
        "一行（{table} 的列到值的映射），或由多行组成的列表",
    ),
    "key.not_a_column": (
        "columns of {table}: {column} is not one",
        "{table} 的列：{column} 不是其中之一",
    ),
    "key.not_a_column_advice": (
        "columns of {table}: {column} is not one ({advice})",
        "{table} 的列：{column} 不是其中之一（{advice}）",
    ),
    # applying overrides (optimizer.overrides.apply)
    "apply.undeclared.service": ("no service {name} is declared", "没有声明服务 {name}"),
    "apply.undeclared.pollutant": ("no pollutant {name} is declared", "没有声明污染物 {name}"),
    "apply.declared_under": (
        "a pollutant declared under {group} ({names})",
        "在 {group} 下声明的污染物（{names}）",
    ),
    "apply.not_group": ("{part} is not a group of settings", "{part} 不是设置组"),
    "apply.path": ("a path to a setting", "通往某项设置的路径"),
    "apply.multiply": ("cannot multiply {current} by {factor}", "无法将 {current} 乘以 {factor}"),
    "apply.numeric_setting": (
        "a numeric setting and a finite numeric factor",
        "数值设置与有限的数值系数",
    ),
    "apply.numeric_column": (
        "a numeric column and a finite numeric factor",
        "数值列与有限的数值系数",
    ),
    "apply.for_group": ("{value} for a group", "给设置组的 {value}"),
    "apply.group": ("a group of settings (a mapping)", "设置组（映射）"),
    "apply.would_be": ("{name} would be {value}", "{name} 将为 {value}"),
    "apply.would_be_in": (
        "{name} would be {value} in row {row}",
        "{name} 在行 {row} 中将为 {value}",
    ),
    "apply.valid_selector": ("a valid selector", "有效的行选择器"),
    "apply.for_rows": ("{value} for rows of {table}", "给 {table} 行的 {value}"),
    "apply.not_valid": ("{value} is not valid for {name}", "{value} 不是 {name} 的有效值"),
    # what-ifs (optimizer.overrides.whatif)
    "whatif.enterprise": ("{advice}an enterprise with a demand", "{advice}有需求的企业"),
    "whatif.no_demand": ("no demand of {name}", "没有 {name} 的需求"),
    "whatif.factor": (
        "{one} or {other} with a factor of 0 or more ({example})",
        "{one} 或 {other}，系数为 0 或更大（{example}）",
    ),
    "whatif.tables_mapping": (
        "a mapping of table names to lists of rows",
        "表名到行列表的映射",
    ),
    "whatif.table": ("{advice}a table ({tables})", "{advice}一个表（{tables}）"),
    "whatif.unknown_table": ("an unknown table", "未知的表"),
}
