"""Whether one setting's value fits its declaration: type, choices and range."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import schema
from .common import _is_number


def _setting_value_problem(declared: schema.Setting, value: Any) -> str | None:
    """What is wrong with a setting's value, as the expectation to print; None when it is fine."""
    expected = declared.expectation() + ("; or null" if declared.nullable else "")
    if value is None:
        return None if declared.nullable else expected
    kinds: dict[str, Callable[[Any], bool]] = {
        "str": lambda v: isinstance(v, str) or _is_number(v),
        "float": lambda v: _is_number(v) and _finite(v),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63,
        "bool": lambda v: isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
    }
    if not kinds[declared.type](value):
        return "a list" if declared.type == "list" else expected
    if declared.choices and str(value) not in declared.choices:
        return expected
    if _is_number(value) and not _in_range(float(value), declared):
        return expected
    return None


def _finite(value: float) -> bool:
    """False for inf, nan and integers too large for a float (``10**400`` in YAML)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _in_range(value: float, declared: schema.Setting | schema.Column) -> bool:
    if declared.positive and value <= 0:
        return False
    if declared.minimum is not None and value < declared.minimum:
        return False
    return declared.maximum is None or value <= declared.maximum
