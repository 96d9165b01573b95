"""The columns of the Scenario page's table editors, from the declarations in
:mod:`optimizer.schema`: the ``st.data_editor`` column configuration (the column's title and unit
in the header, its name in the file, unit and range in the header's help, choices as a select
box, booleans as check boxes, defaults for new rows) and the read-only columns a grid adds (the
unit of each row's service where the table mixes units, the row's problems). Plain values: the
configuration is a dict Streamlit reads; nothing is drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from streamlit import column_config as cc

from .. import schema
from ..coerce import expected
from ..plan_views import currency_in
from ..scenario import Scenario
from ..words.catalogue import scenario_description, term, tr
from ..words.expectations import default_words
from ..words.said import spoken

#: The read-only columns a grid may add: the unit of each row's service, the row's problems.
UNIT = "unit"
PROBLEMS = "problems"
SHOWN_ONLY = (UNIT, PROBLEMS)


def column_help(column: schema.Column, currency: str, unit: str = "") -> str:
    """The help text of a column's header, in the current language: its name in the file,
    description, unit (in ``currency`` and the service's ``unit``), allowed values.

    >>> from optimizer.schema import TABLES
    >>> column_help(TABLES["tiers"].column("capacity_per_day"), "CNY", "m3")
    'Column capacity_per_day in the file. Treatment capacity. Unit: m3/d. Allowed: a number \
above 0 and at most 1e9. Required.'
    """
    allowed = spoken(expected(column))
    if column.references:
        among = "table" if column.references in schema.TABLES else "settings"
        allowed = tr(f"help.exists_in_{among}", allowed=allowed, name=column.references)
    if column.required:
        empty = tr("help.required")
    elif column.default is not None:
        empty = tr("help.empty", default=default_words(column.default))
    else:
        empty = ""
    described = scenario_description(column.description)
    if not described.endswith("。"):
        described = described.rstrip(".") + "."  # one full stop, whatever the declaration ends with
    text = tr(
        "help.column",
        description=described,
        unit=tr("help.unit", unit=_unit_shown(column, currency, unit)) if column.unit else "",
        allowed=allowed,
        empty=empty,
    )
    return tr("grid.column_help", name=column.name, help=text)


def _unit_shown(column: schema.Column, currency: str, unit: str) -> str:
    """A column's unit in the current language, in ``currency`` and the service's ``unit``
    (empty: the word for a unit, where the table mixes units)."""
    return term(column.unit).format(currency=currency, unit=unit or tr("grid.unit_word"))


def column_label(column: schema.Column, currency: str, unit: str = "") -> str:
    """Header text: the column's title and its unit (in the current language), in ``currency``
    and, for a quantity of a service, the service's ``unit`` (empty: the table mixes units, and
    the grid's unit column gives each row's).

    >>> from optimizer.schema import TABLES
    >>> column_label(TABLES["tiers"].column("capex_cny"), "EUR")
    'Capex (EUR)'
    >>> tiers = TABLES["tiers"]
    >>> (
    ...     column_label(tiers.column("capacity_per_day"), "CNY", "t"),
    ...     column_label(tiers.column("variable_cost_cny_per_unit"), "CNY"),
    ... )
    ('Capacity per day (t/d)', 'Variable cost (CNY/unit)')
    """
    title, shown = term(column.title), _unit_shown(column, currency, unit)
    return f"{title} ({shown})" if shown else title


def is_amount(column: schema.Column) -> bool:
    """Does the column hold an amount of money (shown with thousands separators)?

    >>> from optimizer.schema import TABLES
    >>> is_amount(TABLES["tiers"].column("capex_cny")), is_amount(TABLES["sites"].column("lon"))
    (True, False)
    """
    return "cny" in column.name.split("_")


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def column_config_for(
    column: schema.Column,
    options: Sequence[str],
    currency: str,
    unit: str = "",
    as_text: bool = False,
) -> Any:
    """The ``st.data_editor`` configuration of one column (amounts in ``currency``, quantities
    in the service's ``unit``). ``options`` are the names a reference may take (declared
    services or pollutants): a select box. ``as_text``: the column shows as text, since a cell
    of it does not read as its type (the text as written stays in view until it is fixed)."""
    common = {
        "label": column_label(column, currency, unit),
        "help": column_help(column, currency, unit),
    }
    if as_text:
        what = tr("grid.what.bool" if column.type == "bool" else "grid.what.number")
        common["help"] += " " + tr("grid.as_text", what=what)
        return cc.TextColumn(**common)
    if column.type == "bool":
        if column.default is None:  # empty means "the service's setting": yes, no or empty
            return cc.SelectboxColumn(options=[True, False], format_func=_yes_no, **common)
        return cc.CheckboxColumn(default=bool(column.default), **common)
    if column.choices or options:
        choices = list(column.choices or options)
        return cc.SelectboxColumn(options=choices, default=column.default, **common)
    if column.type in ("float", "int"):
        return cc.NumberColumn(
            min_value=column.minimum,
            max_value=column.maximum,
            step=1 if column.type == "int" else None,
            default=column.default,
            format="localized" if is_amount(column) else None,
            **common,
        )
    return cc.TextColumn(default=column.default, **common)


def reference_options(scenario: Scenario | None, column: schema.Column) -> list[str]:
    """Declared names a column refers to: services or pollutants (empty for tables: ids are
    typed, so that a new enterprise can be referred to before it has a row)."""
    if scenario is None or column.list_of:
        return []
    if column.references == "services":
        return sorted(scenario.services)
    if column.references == "pollutants":
        return sorted(scenario.pollutants)
    return []


def service_units(scenario: Scenario | None) -> dict[str, str]:
    """The unit of each declared service (``services.<name>.unit``)."""
    services = scenario.config.get("services", {}) if scenario is not None else {}
    return {
        str(name): str((declared or {}).get("unit") or "")
        for name, declared in services.items()
        if isinstance(declared, Mapping)
    }


def table_unit(scenario: Scenario | None, table: str) -> str:
    """The one unit of the services a table's rows name (every declared service for a table
    without rows), or "" when they differ: then each row's unit is in the grid's unit column.

    >>> from optimizer.scenario import load_scenario
    >>> table_unit(load_scenario("scenarios/tiny"), "tiers")
    'm3'
    >>> table_unit(load_scenario("scenarios/mixed-park"), "demands")
    ''
    """
    units = service_units(scenario)
    if scenario is None or "service" not in schema.TABLES[table].column_names:
        return ""
    named = scenario.tables[table]["service"].dropna().astype(str).unique().tolist()
    found = {units.get(name, "") for name in (named or units)}
    return found.pop() if len(found) == 1 else ""


def column_config(
    table: str, scenario: Scenario | None = None, shown: pd.DataFrame | None = None
) -> dict[str, Any]:
    """The ``column_config`` of a table's editor, one entry per declared column, and one per
    read-only column of ``shown`` (the frame :func:`editor_frame` made): the unit of each row's
    service, the row's problems. A declared number column that ``shown`` holds as text (a cell
    did not read as a number) is a text column."""
    currency = currency_in(scenario.config if scenario is not None else {})
    unit = table_unit(scenario, table)
    config: dict[str, Any] = {}
    if shown is not None and PROBLEMS in shown.columns:
        config[PROBLEMS] = cc.TextColumn(
            tr("grid.problems"), help=tr("grid.problems_help"), disabled=True, width="large"
        )
    for column in schema.TABLES[table].columns:
        as_text = (
            shown is not None
            and column.type != "str"
            and column.name in shown.columns
            and shown[column.name].dtype == object
        )
        config[column.name] = column_config_for(
            column, reference_options(scenario, column), currency, unit, as_text
        )
        if column.name == "service" and shown is not None and UNIT in shown.columns:
            config[UNIT] = cc.TextColumn(term("Unit"), help=tr("grid.unit_help"), disabled=True)
    return config
