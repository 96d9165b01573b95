"""What one column of a plan table is (:class:`Column`), how each kind of number looks
(:data:`KIND_FORMATS`), and the unit column of a table mixing services (:data:`UNIT`); the plan
tables' columns themselves are declared in :mod:`optimizer.plan_columns`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

#: The unit of a quantity per day in the unit of the row's service (capacity, load, demand).
PER_SERVICE_DAY = "service unit/day"


@dataclass(frozen=True)
class Column:
    """One column of a plan table.

    Attributes
    ----------
    name
        The column's name in the plan's table (and in the CSV export).
    title
        What it is, in plain words.
    unit
        Its unit, ``{currency}`` standing for the scenario's currency; empty for none.
    kind
        Its number format (a key of :data:`KIND_FORMATS`, or ``text`` / ``bool``).
    note
        A few words more (what a code means, when the column is true); the exports put it in the
        header, the app in the column's tooltip.
    dtype
        The pandas dtype of the column, for the tables :mod:`optimizer.allocation` builds (None for
        the tables the solver's extraction builds in :mod:`optimizer.plan`, which sets its own).
    """

    name: str
    title: str
    unit: str = ""
    kind: str = "text"
    note: str = ""
    dtype: str | None = None

    def unit_in(self, currency: str) -> str:
        """The unit with the currency filled in.

        >>> Column("saving", "Saving", "{currency}/year", "money").unit_in("EUR")
        'EUR/year'
        """
        return self.unit.replace("{currency}", currency)

    def title_with_unit(self, currency: str) -> str:
        """The title, then the unit in brackets (the app's column titles).

        >>> Column("distance_km", "Network distance", "km", "km").title_with_unit("CNY")
        'Network distance (km)'
        """
        unit = self.unit_in(currency)
        return f"{self.title} ({unit})" if unit else self.title

    def header(self, currency: str) -> str:
        """The title with its unit and note in brackets (the headers of the xlsx and HTML exports).

        >>> Column("to_site", "To site", note="or sink").header("CNY")
        'To site (or sink)'
        """
        return self.title_with_unit(currency) + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class NumberFormat:
    """How one kind of number looks: in a spreadsheet cell and in the app's tables."""

    excel: str
    #: A format of Streamlit's number columns (a printf pattern, or a name such as ``localized``).
    app: str


#: How each kind of number looks, in a spreadsheet cell and in the app
#: (:func:`optimizer.words.format_value` writes it as text): ``money`` thousands separators, no
#: decimals (in the app two, as the KPI tiles show amounts to the cent), ``km`` 2 decimals,
#: ``qty`` 1, ``tonnes`` 3, ``fraction`` 0.25 shown as 25.0%, ``points`` 25.0 shown as 25.0%,
#: ``int``, ``deg`` (coordinates), ``number`` anything else; ``text`` and ``bool`` as they are.
KIND_FORMATS: dict[str, NumberFormat] = {
    "money": NumberFormat("#,##0", "%,.2f"),
    "km": NumberFormat("0.00", "%.2f"),
    "qty": NumberFormat("#,##0.0", "%,.1f"),
    "tonnes": NumberFormat("#,##0.000", "%.3f"),
    "fraction": NumberFormat("0.0%", "percent"),
    "points": NumberFormat('0.0"%"', "%.1f"),
    "int": NumberFormat("#,##0", "%d"),
    "deg": NumberFormat("0.000000", "%.6f"),
    "number": NumberFormat("#,##0.00##", "localized"),
}


#: The column a table mixing services carries after ``service``: the unit of each row's service
#: per day (``m3/day``, ``t/day``), the unit of its per-day quantities (a header cannot say one).
UNIT = Column("unit", "Unit")


def per_service_unit(column: Column) -> bool:
    """Is the column a quantity per day in the unit of the row's service?

    >>> per_service_unit(Column("load_per_day", "Load", PER_SERVICE_DAY, "qty"))
    True
    """
    return column.unit == PER_SERVICE_DAY


def with_service_units(frame: pd.DataFrame, units: Mapping[str, str]) -> pd.DataFrame:
    """The frame with :data:`UNIT` after ``service``: ``units`` gives each service's unit (``m3``),
    the column says it per day (``m3/day``).

    >>> frame = pd.DataFrame({"service": ["sewage", "spraying"], "capacity_per_day": [500.0, 8.0]})
    >>> with_service_units(frame, {"sewage": "m3", "spraying": "t"})["unit"].tolist()
    ['m3/day', 't/day']
    """
    per_day = {name: f"{unit}/day" for name, unit in units.items()}
    out = frame.copy()
    at = list(out.columns).index("service") + 1
    out.insert(at, UNIT.name, out["service"].astype(str).map(per_day))
    return out
