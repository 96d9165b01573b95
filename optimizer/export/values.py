"""Values for people and for files: missing values and formatted numbers.

:func:`format_value` is how every export shows a cell (money and percentages in the words of
:mod:`optimizer.words`); ``_cell`` and ``_jsonable`` turn values into what openpyxl and JSON
accept.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..plan import Plan
from ..words import money, percent, points, without_minus_zero

#: Kinds shown by :mod:`optimizer.words` (money without decimals, percentages with one).
_WORDS: dict[str, Callable[[float], str]] = {
    "money": lambda n: money(n, digits=0),
    "fraction": lambda n: percent(n, 1),
    "points": lambda n: points(n, 1),
}
_PYTHON_FORMATS = {
    "km": "{:,.2f}",
    "qty": "{:,.1f}",
    "tonnes": "{:,.3f}",
    "int": "{:,.0f}",
    "deg": "{:.5f}",
    "number": "{:,.6g}",
    "text": "{:,.6g}",
}


def is_missing(value: Any) -> bool:
    """None, pandas NA or a float NaN.

    >>> is_missing(float("nan")), is_missing(pd.NA), is_missing(0.0)
    (True, True, False)
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def format_value(value: Any, kind: str = "text") -> str:
    """A cell as a reviewer reads it.

    >>> (
    ...     format_value(506679.75, "money"),
    ...     format_value(0.5, "fraction"),
    ...     format_value(30.77, "points"),
    ... )
    ('506,680', '50.0%', '30.8%')
    >>> format_value(-0.2, "money"), format_value(True), format_value(None, "km")
    ('0', 'yes', '')
    >>> format_value(2024), format_value(1500000.0), format_value(0.1 + 0.2)
    ('2024', '1500000', '0.30000000000000004')
    """
    if is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, str) or not isinstance(value, numbers.Real):
        return str(value)
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    if kind == "text":  # exact: inputs and provenance are shown as they are
        return str(int(number)) if number.is_integer() and abs(number) < 1e16 else repr(number)
    if kind in _WORDS:
        return without_minus_zero(_WORDS[kind](number))
    return without_minus_zero(_PYTHON_FORMATS.get(kind, "{:,.6g}").format(number))


def currency_of(plan: Plan) -> str:
    return str(plan.provenance.get("currency") or "CNY")


def _cell(value: Any) -> Any:
    if is_missing(value):
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        value = float(value)
        return value if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _jsonable(value: Any) -> Any:
    """Plain JSON values: NaN/NA/inf become null, numpy numbers become Python numbers."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, pd.DataFrame):
        return value.to_dict(orient="records")
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    return value
