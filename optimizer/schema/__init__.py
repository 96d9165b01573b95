"""One declaration per column and per setting.

Everything that reads, checks, edits or documents scenario data starts here: the loader coerces
cells to the declared types, :mod:`optimizer.checks` tests the declared ranges and references, the
app builds its table editors from the declarations, and ``docs/scenario-format.md`` is generated
from them (:func:`format_reference`).

The package, one job per module:

* ``declaration``: what a declared value may be (unit, required, default, range, choices) in words;
* ``columns``: what a column (its title and unit) and a table are, and the conventions of cells;
* ``tables``: the tables (:data:`TABLES`), with ``enterprise_caps``, ``network_tables`` (nodes,
  edges, distances) and ``loan_table``;
* ``settings``: the settings of ``scenario.yaml`` (:data:`SETTINGS`) and their defaults;
* ``paths``: which declaration a settings path matches, and the declared names closest to a
  misspelt one;
* ``values``: whether a value fits its declaration (type, choices, range);
* ``limits``: the sizes a scenario may not pass (files, YAML nesting and aliases, workbook sheets)
  and the bounds of physical quantities;
* ``reference``: the Markdown reference of both (``python -m optimizer.schema`` writes it).
"""

from __future__ import annotations

from . import limits
from .declaration import Setting, SettingType
from .paths import closest, declared_leaf, is_group, name_kind, setting
from .reference import VARIANTS_HELP, format_reference
from .settings import (
    SETTINGS,
    SETTINGS_BY_PATH,
    STRUCTURE_KEYS,
    VARIANT_KEYS,
    defaults,
    output_defaults,
    service_defaults,
)
from .tables import (
    ALL_SITES,
    ID_SEPARATOR,
    LIST_SEPARATOR,
    PANDAS_DTYPES,
    TABLE_ORDER,
    TABLES,
    Column,
    ColumnType,
    Table,
)
from .values import in_range, is_finite, is_number, setting_value_problem

__all__ = [
    "ALL_SITES",
    "ID_SEPARATOR",
    "LIST_SEPARATOR",
    "PANDAS_DTYPES",
    "SETTINGS",
    "SETTINGS_BY_PATH",
    "STRUCTURE_KEYS",
    "TABLES",
    "TABLE_ORDER",
    "VARIANTS_HELP",
    "VARIANT_KEYS",
    "Column",
    "ColumnType",
    "Setting",
    "SettingType",
    "Table",
    "closest",
    "declared_leaf",
    "defaults",
    "format_reference",
    "in_range",
    "is_finite",
    "is_group",
    "is_number",
    "limits",
    "name_kind",
    "output_defaults",
    "service_defaults",
    "setting",
    "setting_value_problem",
]
