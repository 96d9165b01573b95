"""The scenarios folder the app opens from and saves to (no Streamlit here).

The folder is ``scenarios/`` beside ``app.py``, or the folder named by the environment variable
:data:`SCENARIOS_ENV` (tests point it at a temporary folder). "Save as" writes a scenario folder
there atomically (written beside the target, then renamed); a name that is taken is only
overwritten when the caller says so, only when it is a scenario folder (one with
``scenario.yaml``: a folder of other files is never replaced, as ``optimizer convert`` refuses),
and then only the scenario's own files are replaced (a README or notes in the folder stay); a
name taken by another session between the check and the write is refused too, never silently
replaced.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path

from ..files import atomic_folder
from ..scenario import SETTINGS_FILE, Scenario, is_scenario_file, save_scenario

#: Environment variable naming the scenarios folder.
SCENARIOS_ENV = "OPTIMIZER_SCENARIOS_DIR"

#: What a scenario name (its folder's name) may look like: Latin letters, digits and Chinese
#: characters (the CJK unified ideographs), then also ``_``, ``.`` and ``-``.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff_.-]{0,63}$")


class SaveRefused(Exception):
    """The scenario was not saved; the message says why and what to do."""


@dataclass(frozen=True)
class StoredScenario:
    """A scenario in the scenarios folder: its name and path (a folder or an ``.xlsx`` file)."""

    name: str
    path: Path


def default_scenarios_dir() -> Path:
    """``scenarios/`` beside ``app.py`` (the repository's root)."""
    return Path(__file__).resolve().parent.parent.parent / "scenarios"


def scenarios_dir() -> Path:
    """The scenarios folder: :data:`SCENARIOS_ENV` if set, else :func:`default_scenarios_dir`."""
    configured = os.environ.get(SCENARIOS_ENV, "").strip()
    return Path(configured).expanduser() if configured else default_scenarios_dir()


def list_scenarios(folder: Path | None = None) -> list[StoredScenario]:
    """Scenario folders (with ``scenario.yaml``) and ``.xlsx`` workbooks in the folder, by name.

    Hidden entries (``.name``, such as a save in progress) are skipped.
    """
    folder = scenarios_dir() if folder is None else folder
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        folder_scenario = path.is_dir() and (path / SETTINGS_FILE).is_file()
        workbook = path.is_file() and path.suffix.lower() == ".xlsx"
        if folder_scenario or workbook:
            found.append(StoredScenario(path.name, path))
    return found


def name_problem(name: str) -> str | None:
    """Why a name cannot be used for a saved scenario, or None.

    >>> name_problem("textile-park-v2") is None, name_problem("纺织园-二期") is None
    (True, True)
    >>> name_problem("../etc")
    "found '../etc'; expected letters, digits, Chinese characters, '-', '_' or '.', starting with a letter, digit or Chinese character, at most 64 characters"
    """
    if NAME_PATTERN.match(name) and ".." not in name:
        return None
    return (
        f"found {name!r}; expected letters, digits, Chinese characters, '-', '_' or '.', starting "
        "with a letter, digit or Chinese character, at most 64 characters"
    )


def target_of(name: str, folder: Path | None = None) -> Path:
    """Where a scenario saved under ``name`` goes (a folder in the scenarios folder)."""
    problem = name_problem(name)
    if problem:
        raise SaveRefused(f"scenario name: {problem}")
    return (scenarios_dir() if folder is None else folder) / name


def exists(name: str, folder: Path | None = None) -> bool:
    """Is the name taken (as a folder or a file)?"""
    target = target_of(name, folder)
    return target.exists() or target.with_name(name + ".xlsx").exists()


def renamed(scenario: Scenario, name: str) -> Scenario:
    """The scenario with its ``name`` setting set to ``name`` (this one is left alone)."""
    settings = deepcopy(scenario.settings)
    settings["name"] = name
    return scenario.with_settings(settings)


def save_as(scenario: Scenario, name: str, overwrite: bool, folder: Path | None = None) -> Path:
    """Save a scenario as the folder ``name`` in the scenarios folder; return its path.

    The scenario's ``name`` setting becomes ``name``. A new name is written into a temporary
    folder and renamed into place, which fails if another session created the name meanwhile; an
    existing name is replaced only with ``overwrite`` and only if it is a scenario folder (with
    ``scenario.yaml``): its scenario files (:func:`~optimizer.scenario.is_scenario_file`) are
    replaced in one step and any other file in it stays.

    Raises
    ------
    SaveRefused
        The name is not allowed, it is taken and ``overwrite`` is false, or it is taken by
        something that is not a scenario folder.
    OSError
        The disk refused the write; what was saved before is intact.
    """
    target = target_of(name, folder)
    scenario = renamed(scenario, name)
    if exists(name, target.parent):
        if not overwrite:
            raise SaveRefused(
                f"a scenario named {name!r} already exists; tick 'Overwrite' to replace it, "
                "or choose another name"
            )
        if not (target / SETTINGS_FILE).is_file():
            raise SaveRefused(
                f"{name!r} exists and is not a scenario folder (it has no {SETTINGS_FILE}), so it "
                "is not replaced; choose another name"
            )
        return _save_over(scenario, target)
    return _save_new(scenario, target)


def _save_over(scenario: Scenario, target: Path) -> Path:
    """Replace the scenario files of the folder ``target`` in one step; other files stay."""
    with atomic_folder(target, owned=is_scenario_file) as staging:
        save_scenario(scenario, staging)
    return target


def _save_new(scenario: Scenario, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        written = save_scenario(scenario, staging / target.name)
        try:
            # rename(2) onto an existing, non-empty folder fails: another session saved first.
            os.rename(written, target)
        except OSError:
            if target.exists():
                raise SaveRefused(
                    f"another session saved a scenario named {target.name!r} just now; tick "
                    "'Overwrite' to replace it, or choose another name"
                ) from None
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
