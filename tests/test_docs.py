"""The scenario-format reference is generated from the declarations and never goes stale."""

from __future__ import annotations

from pathlib import Path

from optimizer.schema import SETTINGS, TABLES, format_reference

DOC = Path(__file__).resolve().parent.parent / "docs" / "scenario-format.md"


def test_scenario_format_page_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == format_reference(), (
        "docs/scenario-format.md is stale: regenerate it with `python -m optimizer.schema`"
    )


def test_every_column_and_setting_is_documented():
    text = format_reference()
    for table in TABLES.values():
        assert f"### `{table.name}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text
    for declared in SETTINGS:
        assert f"| `{declared.path}` |" in text
