"""Loading and saving a scenario by its path: a folder, or an ``.xlsx`` workbook.

Only what prevents reading at all (no such path, broken YAML, an unknown variant) raises
:class:`ScenarioError`; problems of single cells are in ``Scenario.load_problems``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..files import atomic_folder, atomic_target
from ..problems import Problem, ScenarioError
from ..words.said import said
from .folder import is_scenario_file, read_folder, write_folder
from .value import SETTINGS_FILE, Scenario
from .workbook import read_workbook, write_workbook


def load_scenario(path: str | os.PathLike, variant: str | None = None) -> Scenario:
    """Read a scenario folder or ``.xlsx`` workbook, and apply a variant if one is named.

    Raises
    ------
    ScenarioError
        When the path is not a scenario, the YAML cannot be read, or the variant is unknown or
        conflicts. Cell-level problems do not raise: they are in ``load_problems``.
    """
    path = Path(path)
    if path.is_dir():
        scenario = read_folder(path)
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        scenario = read_workbook(path)
    else:
        found = said("read.not_xlsx" if path.exists() else "read.nothing_there")
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    None,
                    said("read.not_scenario", file=SETTINGS_FILE),
                    found=found,
                )
            ]
        )
    return scenario.with_variant(variant)


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> Path:
    """Write the scenario to a folder, or to a workbook when ``path`` ends in ``.xlsx``.

    The write is atomic: everything goes to a temporary file or folder beside the target, which
    then replaces it, so a failed save leaves what was there intact. Over an existing folder only
    the scenario's files (:func:`~optimizer.scenario.folder.is_scenario_file`) are replaced:
    anything else in it (a README, notes) is carried into the new folder. A scenario with a
    variant or overrides applied is written as a new base scenario (its variants are not written
    again).
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        with atomic_target(path) as temporary:
            write_workbook(scenario, temporary)
    else:
        with atomic_folder(path, owned=is_scenario_file) as temporary:
            write_folder(scenario, temporary)
    return path
