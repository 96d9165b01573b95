"""Whether one value fits its declaration: its type, its choices and its range.

The checks of ``scenario.yaml``, the overrides of variants and the values of batch sweeps all ask
here, so that a value is refused the same way wherever it is written.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .declaration import Declaration, Setting


def is_number(value: Any) -> bool:
    """An int or a float, not a bool.

    >>> is_number(1), is_number(2.5), is_number(True), is_number("3")
    (True, True, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_finite(value: Any) -> bool:
    """False for inf, nan and integers too large for a float (``10**400`` in YAML).

    >>> is_finite(1e308), is_finite(float("inf")), is_finite(10**400)
    (True, False, False)
    """
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def in_range(value: float, declared: Declaration) -> bool:
    """Whether a number is within the declared bounds (``positive``, ``minimum``, ``maximum``)."""
    if not is_finite(value):
        return False
    if declared.positive and value <= 0:
        return False
    if declared.minimum is not None and value < declared.minimum:
        return False
    return declared.maximum is None or value <= declared.maximum


_KINDS: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str) or is_number(v),
    "float": lambda v: is_number(v) and is_finite(v),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**63,
    "bool": lambda v: isinstance(v, bool),
    "list": lambda v: isinstance(v, list),
}


def setting_value_problem(declared: Setting, value: Any) -> str | None:
    """What is wrong with a setting's value, as the expectation to print; None when it is fine.

    >>> from optimizer.schema import setting
    >>> setting_value_problem(setting("solver.time_limit_s"), "10s")
    'a number above 0 and at most 2592000'
    >>> setting_value_problem(setting("policy.subsidy_rate"), 0.3) is None
    True
    """
    expected = declared.expectation() + ("; or null" if declared.nullable else "")
    if value is None:
        return None if declared.nullable else expected
    if not _KINDS[declared.type](value):
        return "a list" if declared.type == "list" else expected
    if declared.choices and str(value) not in declared.choices:
        return expected
    if is_number(value) and not in_range(float(value), declared):
        return expected
    return None
