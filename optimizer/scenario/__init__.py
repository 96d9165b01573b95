"""The Scenario: settings and tables of one park, read from and written to a folder or a workbook.

A scenario folder holds ``scenario.yaml`` and one CSV file per table; the same scenario as one
``.xlsx`` workbook has a ``settings`` sheet (one row per setting: dotted key and YAML value) and a
sheet per table. Both read into the same :class:`Scenario` and convert both ways without loss.

Cells that do not parse become missing and are kept as problems (``Scenario.load_problems``), so
:func:`optimizer.checks.check` can list everything wrong at once. Only what prevents reading at all
(no such path, broken or refused YAML, an unknown variant) raises :class:`ScenarioError` here.

The package, one job per module:

* ``value``: the :class:`Scenario` value, its resolved settings and its input hash;
* ``assemble``: raw settings and text tables to a Scenario (and :func:`scenario_from_tables`);
* ``yaml_reader``: the one strict way YAML is read (duplicate keys, nesting, aliases, sizes);
* ``folder`` and ``workbook``: one per way of storing a scenario (``sheets``: a workbook's
  sheets read within limits);
* ``storage``: :func:`load_scenario` and :func:`save_scenario`, choosing by the path.
"""

from __future__ import annotations

from .assemble import parse_settings, scenario_from_tables
from .folder import SCENARIO_FILES, is_scenario_file
from .storage import load_scenario, save_scenario
from .value import SETTINGS_FILE, SETTINGS_SHEET, Scenario, resolved_settings
from .yaml_reader import load_yaml

__all__ = [
    "SCENARIO_FILES",
    "SETTINGS_FILE",
    "SETTINGS_SHEET",
    "Scenario",
    "is_scenario_file",
    "load_scenario",
    "load_yaml",
    "parse_settings",
    "resolved_settings",
    "save_scenario",
    "scenario_from_tables",
]
