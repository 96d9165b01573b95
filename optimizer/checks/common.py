"""Small helpers shared by the checks.

Numbers and lists for messages, and a table view that points a problem at a row (its id and CSV
line).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from ..coerce import row_ids
from ..problems import Problem
from ..scenario import Scenario
from ..words.expectations import listing

#: How many ids a message lists before it says "and N more".
SHOWN = 6


def _num(value: float) -> str:
    """A number for messages: thousands separated, at most two decimals, or four significant digits.

    >>> _num(1040444.375), _num(420.0), _num(0.000123), _num(12.345)
    ('1,040,444.38', '420', '0.000123', '12.35')
    """
    value = float(value)
    if value == 0 or abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:.4g}"


def _listing(items: Iterable[Any], limit: int = SHOWN) -> str:
    """Up to ``limit`` items joined by commas, then how many more.

    >>> _listing(["a", "b", "c"], 2)
    'a, b and 1 more'
    """
    return listing([str(i) for i in items], limit)


def _nonempty_dict(value: Any) -> bool:
    return isinstance(value, dict) and bool(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _member(values: pd.Series, allowed: set) -> np.ndarray:
    """Which values are in ``allowed`` (missing ones are not), as a boolean array.

    A set lookup per value: much faster than ``Series.isin`` on arrow-backed strings.

    >>> _member(pd.Series(["a", None, "c"], dtype="string"), {"a", "b"}).tolist()
    [True, False, False]
    """
    return np.fromiter(
        (v in allowed for v in values.to_numpy(dtype=object, na_value=None)),
        dtype=bool,
        count=len(values),
    )


@dataclass(frozen=True)
class _View:
    """A table with what messages need: its label, row ids and CSV lines."""

    name: str
    frame: pd.DataFrame
    label: str

    @cached_property
    def ids(self) -> list[str]:
        return row_ids(self.frame, schema.TABLES[self.name])

    def problem(self, position: int, column: str | None, expected: str, **kwargs: Any) -> Problem:
        """A problem at one row (``position`` counts from 0; the CSV line is position + 2)."""
        return Problem(
            self.label,
            column,
            expected,
            row_id=self.ids[position],
            line=position + 2,
            **kwargs,
        )


def _view(scenario: Scenario, name: str) -> _View:
    frame = scenario.tables[name].reset_index(drop=True)
    return _View(name, frame, scenario.source_label(name))


def _unit(scenario: Scenario, service: str) -> str:
    unit = scenario.services.get(service, {}).get("unit")
    return f"{unit}/d" if isinstance(unit, str) and unit else "units/d"
