"""One declaration per column and per setting.

Everything that reads, checks, edits or documents scenario data starts here: the loader coerces
cells to the declared types, :mod:`optimizer.checks` tests the declared ranges and references, the
app builds its table editors from the declarations, and ``docs/scenario-format.md`` is generated
from them (:func:`format_reference`).

The package, one job per module:

* ``declaration``: what a declared value may be (unit, required, default, range, choices) in words;
* ``tables``: the columns and tables (:data:`TABLES`) and the conventions of table cells;
* ``settings``: the settings of ``scenario.yaml`` (:data:`SETTINGS`) and their defaults;
* ``reference``: the Markdown reference of both (``python -m optimizer.schema`` writes it).
"""

from __future__ import annotations

from .reference import VARIANTS_HELP, format_reference
from .settings import (
    SETTINGS,
    STRUCTURE_KEYS,
    Setting,
    SettingType,
    defaults,
    output_defaults,
    service_defaults,
    setting,
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

__all__ = [
    "ALL_SITES",
    "ID_SEPARATOR",
    "LIST_SEPARATOR",
    "PANDAS_DTYPES",
    "SETTINGS",
    "STRUCTURE_KEYS",
    "TABLES",
    "TABLE_ORDER",
    "VARIANTS_HELP",
    "Column",
    "ColumnType",
    "Setting",
    "SettingType",
    "Table",
    "defaults",
    "format_reference",
    "output_defaults",
    "service_defaults",
    "setting",
]
