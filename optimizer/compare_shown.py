"""A comparison's tables as a reviewer reads them, in the current language: the words in their
cells (a facility ``opened``, an SME that ``pays more``, a demand treated at ``self``, a ``row
changed`` in the ``tiers`` table, a KPI's name and unit) said in the language of the page or the
file showing them.

The tables of :class:`optimizer.compare.Comparison` are data, in English in every language (the
xlsx and the JSON write them as they are); the app's Compare page and the comparison's HTML and
Markdown files show them through :func:`shown_table`. In English a table is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from . import schema
from .compare import Comparison
from .compare_inputs import column_title
from .words import is_missing, kpi_label
from .words.catalogue import MESSAGES, scenario_table_title, term, tr
from .words.language import ENGLISH, current_language

#: The words of the tables' cells, by their English (the value a table holds): message ids.
CELL_WORDS: dict[str, str] = {
    english: key
    for key, (english, _) in MESSAGES.items()
    if key.startswith("compare.cell.") and "{" not in english
}

#: The separator of a split demand's destinations (``S1 60% + self 40%``).
SPLIT = " + "


def cell_word(value: Any) -> Any:
    """A cell's word in the current language; any other value (data: ids, names, numbers) as it
    is.

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     cell_word("pays more"), cell_word("self"), cell_word("S1"), cell_word(2.5)
    ('付得更多', '自行处理', 'S1', 2.5)
    """
    if isinstance(value, str) and value in CELL_WORDS:
        return tr(CELL_WORDS[value])
    return value


def destination_words(value: Any) -> Any:
    """Where a demand is treated, in the current language: a site id as it is, ``self``,
    ``unserved`` and ``(none)`` in words, a split part by part.

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     destination_words("S1 60% + self 40%"), destination_words("(none)")
    ('S1 60% + 自行处理 40%', '（无）')
    """
    if not isinstance(value, str) or SPLIT not in value:
        return cell_word(value)
    parts = []
    for part in value.split(SPLIT):
        where, _, share = part.rpartition(" ")
        parts.append(f"{cell_word(where)} {share}" if where else cell_word(part))
    return SPLIT.join(parts)


def per_day_words(unit: Any) -> Any:
    """A facility's unit per day (``m3/day``) in the current language.

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     per_day_words("m3/day")
    'm3/日'
    """
    if isinstance(unit, str) and unit.endswith("/day"):
        return tr("compare.cell.per_day", unit=unit.removesuffix("/day"))
    return unit


def _changed_table(name: Any) -> Any:
    if is_missing(name) or not str(name):
        return name
    return cell_word(name) if name == "settings" else scenario_table_title(str(name))


def row_words(table: str, text: Any) -> Any:
    """A row added or removed, as an input difference holds it (``id=E4, name=Xinhua Plating``),
    with each column under its title in the current language (a table not declared as it is).

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     row_words("enterprises", "id=E4, name=Xinhua, Ltd, node=D")
    '编号=E4，名称=Xinhua, Ltd，节点=D'
    """
    declared = schema.TABLES.get(table)
    if not isinstance(text, str) or declared is None:
        return text
    names = declared.column_names
    alternatives = "|".join(re.escape(name) for name in names)
    parts = []
    for part in re.split(rf", (?=(?:{alternatives})=)", text):
        name, sep, value = part.partition("=")
        parts.append(f"{column_title(table, name)}={value}" if sep and name in names else part)
    return tr("list.clauses").join(parts)


def _input_rows(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    whole = frame["change"].isin(("row added", "row removed")) if "change" in frame else None
    for name in ("old", "new"):
        if whole is not None and name in out and "table" in out:
            out[name] = [
                row_words(str(t), v) if w else v
                for t, v, w in zip(frame["table"], frame[name], whole, strict=True)
            ]
    if "column" in out:
        out["column"] = [
            column_title(str(t), str(c)) if isinstance(c, str) and c else c
            for t, c in zip(frame["table"], frame["column"], strict=True)
        ]
    for name, words in (("change", cell_word), ("table", _changed_table)):
        if name in out:
            out[name] = [words(v) for v in frame[name]]
    return out


def _kpi_rows(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The KPI table with each KPI's name and unit in the current language."""
    out = frame.copy()
    plans = list(frame.columns[3:])
    labels, units = [], []
    for i, key in enumerate(frame["key"]):
        value = next((v for v in (frame[p].iloc[i] for p in plans) if v is not None), None)
        label = kpi_label(str(key), value)
        labels.append(label.label)
        units.append(term(label.unit).replace("{cur}", currency))  # a cost part's too
    out["kpi"], out["unit"] = labels, units
    return out


#: The columns whose cells hold words, by table: how each is said.
_WORDED: dict[str, dict[str, Callable[[Any], Any]]] = {
    "facilities": {"change": cell_word, "unit": per_day_words},
    "reassignments": {"from": destination_words, "to": destination_words},
    "sme_costs": {"outcome": cell_word, "basis_before": cell_word, "basis_after": cell_word},
}


def shown_table(
    comparison: Comparison, table: str, frame: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The comparison's ``table`` (or ``frame``, rows of it) with the words of its cells in the
    current language; the table itself in English."""
    frame = comparison.tables()[table] if frame is None else frame
    if current_language() == ENGLISH:
        return frame
    if table == "kpis":
        return _kpi_rows(frame, comparison.currency)
    if table == "input_changes":
        return _input_rows(frame)
    out = frame.copy()
    words: Mapping[str, Callable[[Any], Any]] = _WORDED.get(table, {})
    for name, say in words.items():
        if name in out:
            out[name] = [say(v) for v in frame[name]]
    return out


def points_change(value: str) -> str:
    """A change of a percentage in percentage points (``+1.2 pp``), in the current language.

    >>> points_change("+1.2")
    '+1.2 pp'
    """
    return tr("compare.cell.points", value=value)
