"""A scenario workbook: a ``settings`` sheet (one row per setting: dotted key and YAML value) and
one sheet per table, read and written so that it converts to a folder and back without loss."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .. import schema
from ..problems import Problem, ScenarioError
from .assemble import from_raw, saved_settings, split_variants, tables_to_write, yaml_problem
from .value import SETTINGS_SHEET, Scenario


def read_workbook(path: Path) -> Scenario:
    """Read a scenario workbook; a damaged file or no ``settings`` sheet raises."""
    try:
        sheets = pd.read_excel(
            path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl"
        )
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ScenarioError(
            [
                Problem(
                    path.name,
                    None,
                    "an .xlsx workbook",
                    found=f"a file that cannot be read ({error})",
                )
            ]
        ) from None
    if SETTINGS_SHEET not in sheets:
        raise ScenarioError(
            [
                Problem(
                    path.name,
                    None,
                    f"a sheet named {SETTINGS_SHEET!r}",
                    found="sheets " + ", ".join(sheets),
                )
            ]
        )
    settings = settings_from_rows(sheets[SETTINGS_SHEET], f"sheet {SETTINGS_SHEET}")
    settings, variants = split_variants(settings, f"sheet {SETTINGS_SHEET}")
    raw = {name: sheets.get(name) for name in schema.TABLE_ORDER}
    return from_raw(settings, variants, raw, str(path), "xlsx")


def settings_to_rows(settings: Mapping[str, Any]) -> pd.DataFrame:
    """Flatten settings to (key, value) rows; mappings are descended, lists and variants kept whole.

    >>> settings_to_rows({"name": "x", "policy": {"subsidy_rate": 0.2}}).values.tolist()
    [['name', 'x'], ['policy.subsidy_rate', '0.2']]
    """
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any, depth: int) -> None:
        whole = prefix.startswith("variants.") and depth >= 2
        if isinstance(value, dict) and value and not whole:
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner, depth + 1)
        else:
            rows.append((prefix, _yaml_value(value)))

    walk("", dict(settings), 0)
    return pd.DataFrame(rows, columns=["key", "value"])


def _yaml_value(value: Any) -> str:
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=10**6, sort_keys=False
    ).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def settings_from_rows(rows: pd.DataFrame, source: str) -> dict[str, Any]:
    """Inverse of :func:`settings_to_rows`; a value that is not YAML names its row."""
    if not {"key", "value"} <= set(rows.columns):
        raise ScenarioError(
            [
                Problem(
                    source,
                    None,
                    "two columns named key and value",
                    found="columns " + ", ".join(map(str, rows.columns)),
                )
            ]
        )
    settings: dict[str, Any] = {}
    problems = []
    for position, (key, text) in enumerate(zip(rows["key"], rows["value"], strict=True)):
        key = str(key).strip()
        if not key:
            continue
        try:
            value = yaml.safe_load(str(text)) if str(text).strip() else None
        except yaml.YAMLError as error:
            problems.append(
                replace(yaml_problem(source, error), line=position + 2, row_id=key, column="value")
            )
            continue
        node = settings
        *parents, leaf = _split_setting_key(key)
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    if problems:
        raise ScenarioError(problems)
    return settings


def _split_setting_key(key: str) -> list[str]:
    if key.startswith("variants."):
        return ["variants", key[len("variants.") :]]
    return key.split(".")


def write_workbook(scenario: Scenario, file: Path) -> None:
    """Write the settings sheet and a sheet per table: bold frozen headers, readable widths."""
    # lazy: openpyxl adds about 0.06 s to every start; only writing a workbook needs it
    from openpyxl.styles import Font

    with pd.ExcelWriter(file, engine="openpyxl") as writer:
        settings_to_rows(saved_settings(scenario)).to_excel(
            writer, sheet_name=SETTINGS_SHEET, index=False
        )
        for name, frame in tables_to_write(scenario).items():
            _excel_ready(frame).to_excel(writer, sheet_name=name, index=False)
        for sheet in writer.book.worksheets:
            _keep_text(sheet)
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in column[:200])
                sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)


def _keep_text(sheet: Any) -> None:
    """Write text that looks like a formula (``=SUM(A1)``) or an error (``#N/A``) as text.

    openpyxl turns such strings into formula or error cells, which read back empty.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                cell.data_type = "s"


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain Python values (no pandas NA), so that openpyxl writes typed cells and blanks.

    openpyxl writes numbers with 16 significant digits; the rare float that needs 17 (``0.1 +
    0.2``) or is ``-0.0`` is written as text instead, which reads back exactly.
    """
    out = frame.astype(object).where(frame.notna(), None)
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column].dtype):
            out[column] = [_exact_number(v) for v in out[column]]
    return out


def _exact_number(value: Any) -> Any:
    """``value``, or its shortest exact text when 16 significant digits would change it.

    >>> _exact_number(0.5), _exact_number(0.1 + 0.2), _exact_number(None)
    (0.5, '0.30000000000000004', None)
    """
    if value is None or repr(float(f"{value:.16g}")) == repr(value):
        return value
    return repr(float(value))
