"""Shared fixtures: fresh copies of the shipped scenarios on disk, and small editors for them.

``tiny_path`` is a copy of ``scenarios/tiny`` in ``tmp_path``; ``tiny`` wraps it in a
:class:`ScenarioFolder` that edits one CSV cell or one ``scenario.yaml`` key at a time, the way a
planner would, and reads the result back with the real loader and checks.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from optimizer.checks import check
from optimizer.problems import Problem
from optimizer.scenario import Scenario, load_scenario
from optimizer.schema import ID_SEPARATOR, TABLES

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"

#: Pass as a value to :meth:`ScenarioFolder.set_setting` to delete the key.
DELETE = object()


class ScenarioFolder:
    """A scenario folder on disk that tests edit cell by cell and key by key."""

    #: Pass as a value to :meth:`set_setting` to delete the key.
    DELETE = DELETE

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- tables -----------------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """The raw text of a table (every cell a string, empty cells '')."""
        return pd.read_csv(self.path / f"{name}.csv", dtype=str, keep_default_na=False)

    def write_table(self, name: str, frame: pd.DataFrame) -> None:
        frame.to_csv(self.path / f"{name}.csv", index=False, lineterminator="\n")

    def position(self, name: str, row: int | str) -> int:
        """Row position of ``row`` (a position, or a row id such as ``E1`` or ``E1/sewage``)."""
        if isinstance(row, int):
            return row
        frame = self.table(name)
        ids = frame[list(TABLES[name].key)].agg(ID_SEPARATOR.join, axis=1)
        matches = [i for i, value in enumerate(ids) if value == row or value.startswith(row + "/")]
        assert matches, f"no row {row!r} in {name}.csv"
        return matches[0]

    def set_cell(self, name: str, row: int | str, column: str, value: Any) -> int:
        """Set one cell (as text); return the CSV line of the row."""
        frame = self.table(name)
        position = self.position(name, row)
        if column not in frame.columns:
            frame[column] = ""
        frame.loc[position, column] = "" if value is None else str(value)
        self.write_table(name, frame)
        return position + 2

    def add_row(self, name: str, **cells: Any) -> int:
        """Append a row (missing cells empty); return its CSV line."""
        frame = self.table(name) if (self.path / f"{name}.csv").exists() else pd.DataFrame()
        row = {c: "" for c in frame.columns}
        row.update({k: "" if v is None else str(v) for k, v in cells.items()})
        frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True).fillna("")
        self.write_table(name, frame)
        return len(frame) + 1

    def drop_column(self, name: str, column: str) -> None:
        self.write_table(name, self.table(name).drop(columns=[column]))

    # -- settings ---------------------------------------------------------------------------
    @property
    def yaml_path(self) -> Path:
        return self.path / "scenario.yaml"

    def settings(self) -> dict[str, Any]:
        return yaml.safe_load(self.yaml_path.read_text(encoding="utf-8"))

    def write_settings(self, settings: dict[str, Any]) -> None:
        self.yaml_path.write_text(
            yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )

    def set_setting(self, dotted: str, value: Any) -> None:
        """Set (or with :data:`DELETE`, remove) one dotted key of scenario.yaml."""
        settings = self.settings()
        node = settings
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if value is DELETE:
            node.pop(leaf, None)
        else:
            node[leaf] = value
        self.write_settings(settings)

    # -- reading back -----------------------------------------------------------------------
    def load(self, variant: str | None = None) -> Scenario:
        return load_scenario(self.path, variant)

    def check(self, variant: str | None = None) -> list[Problem]:
        return check(self.load(variant))


def matching(problems: list[Problem], **fields: Any) -> list[Problem]:
    """The problems whose attributes equal ``fields`` (``text=`` matches inside the message)."""
    text = fields.pop("text", None)
    return [
        p
        for p in problems
        if all(getattr(p, k) == v for k, v in fields.items()) and (text is None or text in str(p))
    ]


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    """A fresh copy of ``scenarios/tiny`` that the test may change."""
    target = tmp_path / "tiny"
    shutil.copytree(SCENARIOS / "tiny", target)
    return target


@pytest.fixture
def tiny(tiny_path: Path) -> ScenarioFolder:
    """The copy of ``scenarios/tiny`` wrapped in an editor."""
    return ScenarioFolder(tiny_path)


@pytest.fixture
def find():
    """:func:`matching`, as a fixture so test modules need not import conftest."""
    return matching
