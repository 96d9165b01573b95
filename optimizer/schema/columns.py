"""What a table column and a table of a scenario are (:class:`Column`, :class:`Table`), and the
conventions of table cells (pandas dtypes, ids, lists, ``*``); the tables themselves are declared
in :mod:`.tables`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .declaration import Declaration

ColumnType = Literal["str", "float", "int", "bool"]

#: pandas dtype used for each declared type (nullable, so an empty optional cell stays <NA>).
PANDAS_DTYPES: dict[str, str] = {
    "str": "string",
    "float": "Float64",
    "int": "Int64",
    "bool": "boolean",
}

#: Value written in ``tiers.site`` for a tier offered at every site that may host the service.
ALL_SITES = "*"

#: Separator of the parts of a composite row id (``E1/sewage``) and of list cells (``pipe;road``).
ID_SEPARATOR = "/"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column(Declaration):
    """A table column: its type, title, unit, whether it is required, its default and its range.

    ``minimum``/``maximum`` are inclusive bounds; ``positive`` demands a value strictly above zero.
    ``references`` names what the value must exist in: a table (``"nodes"``), ``"services"`` or
    ``"pollutants"`` (declared in ``scenario.yaml``). ``title`` is what the column is in a few
    words (the app's grid headers, the reference; its Chinese in the catalogue, keyed by it);
    :attr:`unit` may say ``{currency}`` (the scenario's) and ``{unit}`` (the unit of the row's
    service, ``services.<name>.unit``: m3 for sewage, t for sludge).
    """

    name: str
    type: ColumnType
    description: str
    references: str | None = None
    list_of: tuple[str, ...] = ()
    title: str = ""

    @property
    def dtype(self) -> str:
        return PANDAS_DTYPES[self.type]

    @property
    def per_service_unit(self) -> bool:
        """Is the column's unit the unit of the row's service (``{unit}/d``)?

        >>> from optimizer.schema import TABLES
        >>> TABLES["tiers"].column("capacity_per_day").per_service_unit
        True
        """
        return "{unit}" in self.unit

    def unit_in(self, currency: str = "<currency>", unit: str = "<unit>") -> str:
        """The unit with the scenario's currency and the service's unit filled in.

        >>> Column("capex_cny", "float", "capital cost", unit="{currency}").unit_in("EUR")
        'EUR'
        >>> Column("q", "float", "quantity", unit="{unit}/d").unit_in("CNY", "t")
        't/d'
        """
        return self.unit.format(currency=currency, unit=unit)

    def label(self, currency: str, unit: str = "<unit>") -> str:
        """The title and the unit in brackets, as the app heads the column.

        >>> from optimizer.schema import TABLES
        >>> TABLES["demands"].column("demand_per_day").label("CNY", "m3")
        'Demand per day (m3/d)'
        """
        shown = self.unit_in(currency, unit)
        return f"{self.title} ({shown})" if shown else self.title

    def expectation(self) -> str:
        """Say in words what a valid value looks like (used in error messages and the docs).

        >>> LAT = Column("lat", "float", "latitude", minimum=-90, maximum=90)
        >>> LAT.expectation()
        'a number from -90 to 90'
        >>> Column("n", "int", "count", positive=True).expectation()
        'a whole number above 0'
        """
        if self.list_of and not self.choices:
            return f"a list of {', '.join(self.list_of)} separated by '{LIST_SEPARATOR}'"
        return super().expectation()


@dataclass(frozen=True)
class Table:
    """A scenario table: its columns, the columns that form a row's id, and whether it must exist."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = True

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.required)

    @property
    def dtypes(self) -> dict[str, str]:
        return {column.name: column.dtype for column in self.columns}
