"""What one column of a plan table is (:class:`Column`) and how each kind of number looks
(:data:`KIND_FORMATS`); the plan tables' columns themselves are declared in
:mod:`optimizer.plan_columns`."""

from __future__ import annotations

from dataclasses import dataclass


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
