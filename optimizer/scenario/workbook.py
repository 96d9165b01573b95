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
from ..schema.limits import MAX_SETTING_CELL_CHARS
from ..words.numbers import FORMULA_STARTS
from ..words.said import said
from .assemble import from_raw, saved_settings, split_variants, tables_to_write
from .sheets import read_sheets
from .value import SETTINGS_SHEET, Scenario
from .yaml_reader import load_yaml


def read_workbook(path: Path) -> Scenario:
    """Read a scenario workbook; a damaged file or no ``settings`` sheet raises."""
    sheets = read_sheets(path, [SETTINGS_SHEET, *schema.TABLE_ORDER])
    rows = sheets.frames.get(SETTINGS_SHEET)
    if rows is None:
        refused = [p for p in sheets.problems if p.source == f"sheet {SETTINGS_SHEET}"]
        raise ScenarioError(
            refused
            or [
                Problem(
                    path.name,
                    None,
                    said("read.sheet_named", name=repr(SETTINGS_SHEET)),
                    found=said("read.sheets", names=", ".join(sheets.names)),
                )
            ]
        )
    settings, lines = settings_and_rows(rows, f"sheet {SETTINGS_SHEET}")
    settings, variants = split_variants(settings, f"sheet {SETTINGS_SHEET}")
    raw = {name: sheets.frames.get(name) for name in schema.TABLE_ORDER}
    unreadable = [*sheets.problems, *_stray_sheets(sheets.names)]
    return from_raw(settings, variants, raw, str(path), "xlsx", unreadable, lines)


def _stray_sheets(names: list[str]) -> list[Problem]:
    """A sheet whose name is close to a table's but is none: most likely a misspelt table."""
    problems = []
    for name in names:
        if name == SETTINGS_SHEET or name in schema.TABLES:
            continue
        near = schema.closest(name, [SETTINGS_SHEET, *schema.TABLE_ORDER])
        if near:
            problems.append(
                Problem(
                    f"sheet {name}",
                    None,
                    said(
                        "read.stray_sheet",
                        near=near[0],
                        sheets=", ".join([SETTINGS_SHEET, *schema.TABLE_ORDER]),
                    ),
                    found=said("read.sheet_not_read"),
                    severity="warning",
                )
            )
    return problems


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
    return settings_and_rows(rows, source)[0]


def settings_and_rows(rows: pd.DataFrame, source: str) -> tuple[dict[str, Any], dict[str, int]]:
    """:func:`settings_from_rows`, and the row of each setting (by dotted key).

    A key written on two rows, a key that is both a value and a group (``policy`` and
    ``policy.subsidy_rate``), a value without a key and a value cell too long to be a setting are
    errors naming their rows, all at once.
    """
    if not {"key", "value"} <= set(rows.columns):
        raise ScenarioError(
            [
                Problem(
                    source,
                    None,
                    said("read.key_and_value", key="key", value="value"),
                    found=said("read.columns", names=", ".join(map(str, rows.columns))),
                )
            ]
        )
    settings: dict[str, Any] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for position, (key, text) in enumerate(zip(rows["key"], rows["value"], strict=True)):
        line, key, text = position + 2, str(key).strip(), str(text)
        if not key:
            if text.strip():
                problems.append(
                    Problem(
                        source,
                        "key",
                        said("read.key_for_value"),
                        line=line,
                        found=said("read.no_key"),
                    )
                )
            continue
        problem = _cell_problem(source, line, key, text) or _place(
            source, settings, lines, key, line
        )
        if problem is not None:
            problems.append(problem)
            continue
        try:
            value = load_yaml(text, source) if text.strip() else None
        except ScenarioError as error:
            problems += [replace(p, line=line, row_id=key, column="value") for p in error.problems]
            continue
        node = settings
        *parents, leaf = _split_setting_key(key)
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
        lines[key] = line
    if problems:
        raise ScenarioError(problems)
    return settings, lines


def _cell_problem(source: str, line: int, key: str, text: str) -> Problem | None:
    if len(text) <= MAX_SETTING_CELL_CHARS:
        return None
    return Problem(
        source,
        "value",
        said("read.value_at_most", limit=f"{MAX_SETTING_CELL_CHARS:,}"),
        row_id=key,
        line=line,
        found=said("read.characters", count=f"{len(text):,}"),
    )


def _place(
    source: str, settings: dict, lines: dict[str, int], key: str, line: int
) -> Problem | None:
    """Why ``key`` cannot be placed among the settings read so far (None when it can)."""
    parts = _split_setting_key(key)
    node: Any = settings
    for depth, part in enumerate(parts[:-1]):
        child = node.get(part)
        if child is None:
            return None
        group = ".".join(parts[: depth + 1])
        if not isinstance(child, dict):
            return _collision(source, key, line, group, lines.get(group))
        node = child
    if parts[-1] not in node:
        return None
    inner = next((k for k in lines if k.startswith(key + ".")), None)
    if inner is not None:
        return _collision(source, inner, lines[inner], key, line)
    owner = next((k for k in _prefixes(key) if k in lines), key)
    return Problem(
        source,
        "key",
        said("read.setting_once"),
        row_id=key,
        line=line,
        found=said("read.key_again_as", key=repr(key), row=lines.get(owner), owner=repr(owner))
        if owner != key
        else said("read.row_key_again", key=repr(key), row=lines.get(key)),
    )


def _prefixes(key: str) -> list[str]:
    """``a.b.c`` -> ``a.b.c``, ``a.b``, ``a``."""
    parts = key.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _collision(source: str, key: str, line: int, group: str, group_line: int | None) -> Problem:
    return Problem(
        source,
        "key",
        said("read.value_or_keys", group=repr(group), key=repr(key)),
        row_id=key,
        line=line,
        found=said("read.value_on_row", group=repr(group), row=group_line)
        if group_line
        else said("read.twice", group=repr(group)),
    )


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

    openpyxl turns such strings into formula or error cells, which read back empty; and text
    starting like a formula gets Excel's quote prefix, so that it stays text when edited.
    """
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "e") and isinstance(cell.value, str):
                cell.data_type = "s"
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True


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
