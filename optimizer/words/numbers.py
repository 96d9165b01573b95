"""Numbers as people read them: money, percentages, counts; a missing value is ``-`` (or empty
in a cell), a zero never carries a sign."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from .catalogue import tr

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def number(value: Any) -> float | None:
    """A value as a float, or None when it holds no number (None, NaN, a bool, words).

    >>> number(3), number("0.5"), number(float("inf"))
    (3.0, 0.5, inf)
    >>> number(float("nan")), number(True), number("x"), number(None)
    (None, None, None, None)
    """
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return None if math.isnan(value) else value


def without_minus_zero(text: str) -> str:
    """A formatted number without the sign of a zero (``-0.00`` is ``0.00``).

    >>> without_minus_zero("-0.00"), without_minus_zero("-0.0%"), without_minus_zero("-0.01")
    ('0.00', '0.0%', '-0.01')
    """
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]
    return text


def money(value: Any, currency: str = "", digits: int = 2, signed: bool = False) -> str:
    """An amount with thousands separators (and its unit), or ``-`` when there is no finite
    number; ``signed`` shows ``+`` before a change that is not negative.

    >>> money(506679.749, "CNY/year"), money(None), money(float("inf"))
    ('506,679.75 CNY/year', '-', '-')
    >>> money(-0.0, digits=0), money(-1234.5, digits=0), money(-36666.8, signed=True)
    ('0', '-1,234', '-36,666.80')
    >>> money(0.0, signed=True), money(12.5, signed=True)
    ('+0.00', '+12.50')
    """
    amount = number(value)
    if amount is None or math.isinf(amount):
        return "-"
    text = without_minus_zero(f"{amount:,.{digits}f}")
    if signed and not text.startswith("-"):
        text = "+" + text
    return text + (f" {currency}" if currency else "")


def percent(fraction: Any, digits: int = 3) -> str:
    """A fraction as a percentage, or ``-`` when there is no finite number.

    >>> percent(0.0123), percent(0.5, 1), percent(None), percent(float("nan"))
    ('1.230%', '50.0%', '-', '-')
    """
    value = number(fraction)
    if value is None or math.isinf(value):
        return "-"
    return f"{value:.{digits}%}"


def points(value: Any, digits: int = 1) -> str:
    """A number that is a percentage already (``saving_pct``): ``30.8%``, or ``-``.

    >>> points(30.77), points(None)
    ('30.8%', '-')
    """
    shown = number(value)
    if shown is None or math.isinf(shown):
        return "-"
    return f"{shown:.{digits}f}%"


def is_missing(value: Any) -> bool:
    """None, pandas NA or a float NaN.

    >>> is_missing(float("nan")), is_missing(pd.NA), is_missing(0.0)
    (True, True, False)
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


#: Kinds shown in words (money without decimals, percentages with one).
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
        return tr("bool.yes") if value else tr("bool.no")
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


def figure(value: Any, kind: str = "number", unit: str = "", signed: bool = False) -> str:
    """A figure in a line of text, by its kind (those of :func:`format_value`): an amount to the
    cent with its unit, a count as a whole number, a percentage with one decimal; ``signed``: a
    change, ``+`` before one that is not negative. ``-`` when there is no finite number.

    >>> figure(1234.5, "money", "EUR/year"), figure(-100.0, "money", "CNY/year", signed=True)
    ('1,234.50 EUR/year', '-100.00 CNY/year')
    >>> (
    ...     figure(3.0, "int", "SMEs"),
    ...     figure(-1.0, "int", signed=True),
    ...     figure(0.0, "int", signed=True),
    ... )
    ('3 SMEs', '-1', '+0')
    >>> figure(2.54, "points", "%", signed=True), figure(None, "money", "CNY"), figure("a", "text")
    ('+2.5%', '-', 'a')
    """
    if kind == "money":
        return money(value, unit, signed=signed)
    amount = number(value)
    if amount is None or math.isinf(amount):
        return "-" if kind != "text" or is_missing(value) else str(value)
    text = format_value(amount, "int" if kind == "text" and amount.is_integer() else kind)
    if signed and not text.startswith("-"):
        text = "+" + text
    shown_unit = "" if kind in ("points", "fraction") else unit
    return text + (f" {shown_unit}" if shown_unit else "")
