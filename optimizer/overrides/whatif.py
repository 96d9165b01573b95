"""What-ifs as ordinary overrides: an enterprise leaves (:func:`leave`: its demands and
concentrations dropped), joins (:func:`join`: rows added to the tables) or changes a demand
(:func:`scale`: ``demand_per_day`` multiplied; a factor of 0 leaves nothing to treat).

Each returns a mapping of override keys to values, so that a what-if can equally be written in a
variant (``demands[enterprise=E012]: drop``), a sweep or the app's edits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..coerce import advice_then
from ..problems import Problem, ScenarioError
from ..schema import TABLES, closest
from ..words.said import said
from .keys import ADD_ROWS, DROP_ROWS

#: The tables whose rows belong to an enterprise and leave with it.
OWN_ROWS = ("demands", "concentrations")


def leave(tables: Mapping[str, pd.DataFrame], enterprise: str) -> dict[str, Any]:
    """The overrides by which ``enterprise`` leaves: its demand and concentration rows dropped.

    >>> tables = {"demands": pd.DataFrame({"enterprise": ["E1", "E2"], "service": ["s", "s"]})}
    >>> leave(tables, "E2")
    {'demands[enterprise=E2]': 'drop'}
    """
    out = {}
    for name in OWN_ROWS:
        frame = tables.get(name)
        if (
            frame is not None
            and len(frame)
            and (frame["enterprise"].astype(str) == enterprise).any()
        ):
            out[f"{name}[enterprise={enterprise}]"] = DROP_ROWS
    if not out:
        known = sorted(set(tables["demands"]["enterprise"].astype(str)))
        advice = advice_then(closest(enterprise, known))
        raise ScenarioError(
            [
                Problem(
                    "what-if",
                    "--leave",
                    said("whatif.enterprise", advice=advice),
                    value=enterprise,
                    found=said("whatif.no_demand", name=repr(enterprise)),
                )
            ]
        )
    return out


def scale(text: str) -> dict[str, float]:
    """``E040:sewage=2`` (one service) or ``E040=0.5`` (every service) as the override that
    multiplies the demand.

    >>> scale("E040:sewage=2")
    {'demands[enterprise=E040,service=sewage].demand_per_day*': 2.0}
    >>> scale("E7=0")
    {'demands[enterprise=E7].demand_per_day*': 0.0}
    """
    who, sep, factor = text.partition("=")
    enterprise, _, service = who.partition(":")
    try:
        value = float(factor)
    except ValueError:
        value = None
    if not sep or not enterprise.strip() or value is None or value < 0 or value != value:
        raise ScenarioError(
            [
                Problem(
                    "what-if",
                    "--scale",
                    said(
                        "whatif.factor",
                        one="ENTERPRISE:SERVICE=FACTOR",
                        other="ENTERPRISE=FACTOR",
                        example="E040:sewage=2",
                    ),
                    value=text,
                )
            ]
        )
    selector = f"enterprise={enterprise.strip()}"
    if service.strip():
        selector += f",service={service.strip()}"
    return {f"demands[{selector}].demand_per_day*": value}


def join(rows: Mapping[str, Any], source: str = "join file") -> dict[str, Any]:
    """The overrides adding rows to tables (``{"enterprises": [...], "demands": [...]}``); a key
    that is not a table is an error naming the closest ones.

    >>> join({"enterprises": [{"id": "E9", "lon": 120.0, "lat": 31.0}]})
    {'enterprises[+]': [{'id': 'E9', 'lon': 120.0, 'lat': 31.0}]}
    """
    problems = []
    if not isinstance(rows, Mapping) or not rows:
        problems.append(Problem(source, None, said("whatif.tables_mapping")))
        raise ScenarioError(problems)
    for name in rows:
        if str(name) not in TABLES:
            advice = advice_then(closest(str(name), TABLES))
            problems.append(
                Problem(
                    source,
                    str(name),
                    said("whatif.table", advice=advice, tables=", ".join(TABLES)),
                    found=said("whatif.unknown_table"),
                )
            )
    if problems:
        raise ScenarioError(problems)
    return {f"{name}[{ADD_ROWS}]": value for name, value in rows.items()}
