"""The Scenario: settings and tables of one park, read from and written to a folder or a workbook.

A scenario folder holds ``scenario.yaml`` and one CSV file per table; the same scenario as one
``.xlsx`` workbook has a ``settings`` sheet (one row per setting: dotted key and YAML value) and a
sheet per table. Both read into the same :class:`Scenario` and convert both ways without loss.

Cells that do not parse become missing and are kept as problems (``Scenario.load_problems``), so
:func:`optimizer.checks.check` can list everything wrong at once. Only what prevents reading at all
(no such path, broken YAML, an unknown variant) raises :class:`ScenarioError` here.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from . import schema
from .coerce import coerce_table, empty_table
from .files import atomic_target
from .overrides import Override, apply_overrides, variant_overrides
from .problems import Problem, ScenarioError

SETTINGS_FILE = "scenario.yaml"
SETTINGS_SHEET = "settings"


@dataclass(frozen=True, eq=False)
class Scenario:
    """One park's scenario, with any variant already applied.

    Attributes
    ----------
    settings
        The settings as written (``scenario.yaml`` without ``variants``); :attr:`config` fills in
        the defaults.
    tables
        Every declared table (empty when the scenario has none), typed by :mod:`optimizer.schema`.
    variants
        The named variants the scenario declares.
    variant
        The variant (or ``a,b`` combination) applied, if any.
    overrides
        Every override applied (from the variant, a sweep or an edit), in order.
    """

    settings: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    variants: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None
    overrides: tuple[Override, ...] = ()
    source: str | None = None
    source_kind: str | None = None
    load_problems: tuple[Problem, ...] = ()

    # -- views ------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.settings.get("name") or "unnamed")

    @property
    def label(self) -> str:
        """Name and variant, as shown in plans and batch ids (``mixed-park[subsidy-40]``)."""
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    @cached_property
    def config(self) -> dict[str, Any]:
        """The settings with every default filled in (services and their outputs included)."""
        return resolved_settings(self.settings)

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        return self.config["services"]

    @property
    def pollutants(self) -> dict[str, dict[str, Any]]:
        return self.config["pollutants"]

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def source_label(self, table: str) -> str:
        """Where a table came from, as named in messages: ``enterprises.csv`` or ``sheet enterprises``."""
        if self.source_kind == "xlsx":
            return f"sheet {table}"
        return f"{table}.csv"

    @property
    def settings_label(self) -> str:
        return f"sheet {SETTINGS_SHEET}" if self.source_kind == "xlsx" else SETTINGS_FILE

    # -- changes ------------------------------------------------------------------------------
    def with_overrides(
        self, overrides: Mapping[str, Any] | Sequence[Override], origin: str = "override"
    ) -> Scenario:
        """A new scenario with overrides applied on top of this one (this one is left alone)."""
        if isinstance(overrides, Mapping):
            overrides = [Override(str(k), v, origin) for k, v in overrides.items()]
        every = (*self.overrides, *overrides)
        # Re-check the earlier overrides too, so a sweep that sets what the variant set is refused.
        _check_conflicts(self, every)
        settings, tables = apply_overrides(self.settings, self.tables, overrides, self.config)
        return replace(self, settings=settings, tables=tables, overrides=every)

    def with_variant(self, variant: str | None) -> Scenario:
        """A new scenario with the named variant (or ``a,b`` combination) applied."""
        if not variant:
            return self
        applied = self.with_overrides(variant_overrides(self.variants, variant))
        names = ",".join(filter(None, [self.variant, variant]))
        return replace(applied, variant=names)

    def with_table(self, name: str, frame: pd.DataFrame) -> Scenario:
        """A new scenario with one table replaced (coerced to its declaration)."""
        typed, problems = coerce_table(
            frame.astype("object"), schema.TABLES[name], self.source_label(name)
        )
        kept = tuple(p for p in self.load_problems if p.source != self.source_label(name))
        return replace(
            self, tables={**self.tables, name: typed}, load_problems=kept + tuple(problems)
        )

    def with_settings(self, settings: Mapping[str, Any]) -> Scenario:
        return replace(self, settings=copy.deepcopy(dict(settings)))

    # -- identity -----------------------------------------------------------------------------
    def input_hash(self) -> str:
        """SHA-256 of the resolved inputs (settings with defaults, every table; not the name or
        description), so that two scenarios that would give the same plan hash the same."""
        digest = hashlib.sha256()
        config = {k: v for k, v in self.config.items() if k not in ("name", "description")}
        digest.update(json.dumps(_as_floats(config), sort_keys=True, default=str).encode())
        for name in schema.TABLE_ORDER:
            digest.update(name.encode())
            digest.update(self.tables[name].to_csv(index=False).encode())
        return digest.hexdigest()


def _as_floats(value: Any) -> Any:
    """Numbers as floats, so that ``0`` and ``0.0`` in the settings hash the same."""
    if isinstance(value, dict):
        return {k: _as_floats(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_as_floats(v) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def resolved_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Settings with defaults filled in, without ``variants``.

    Groups of the wrong shape (``services`` written as a list, ``solver:`` left empty) resolve to
    their defaults here; :func:`optimizer.checks.check` reports them.

    >>> resolved_settings({"solver": None, "services": ["sewage"]})["solver"]["threads"]
    1
    """
    out = schema.defaults()
    for key, value in settings.items():
        if key in schema.STRUCTURE_KEYS:
            continue
        if isinstance(out.get(key), dict):
            if isinstance(value, dict):
                out[key] = {**out[key], **copy.deepcopy(value)}
        else:
            out[key] = copy.deepcopy(value)
    out["services"] = {
        str(name): _resolved_service(service)
        for name, service in _mapping(out.get("services")).items()
    }
    out["pollutants"] = {
        str(k): (v if isinstance(v, dict) else {})
        for k, v in _mapping(out.get("pollutants")).items()
    }
    policy = out["policy"] = _mapping(out.get("policy"))
    for group in ("subsidy_rate_by_service", "max_facilities"):
        policy[group] = _mapping(policy.get(group))
    return out


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _resolved_service(service: Any) -> dict[str, Any]:
    merged = {**schema.service_defaults(), **_mapping(service)}
    outputs = merged.get("outputs")
    merged["outputs"] = [
        {**schema.output_defaults(), **_mapping(o)}
        for o in (outputs if isinstance(outputs, list) else [])
    ]
    return merged


def _check_conflicts(scenario: Scenario, overrides: Sequence[Override]) -> None:
    # Applying all of them to empty copies raises with both origins named on any overlap.
    apply_overrides({}, scenario.tables, overrides, scenario.config)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


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
        scenario = _read_folder(path)
    elif path.is_file() and path.suffix.lower() == ".xlsx":
        scenario = _read_workbook(path)
    else:
        found = "a file that is not .xlsx" if path.exists() else "nothing at that path"
        raise ScenarioError(
            [
                Problem(
                    str(path),
                    None,
                    "a scenario folder (with scenario.yaml) or an .xlsx workbook",
                    found=found,
                )
            ]
        )
    return scenario.with_variant(variant)


def _yaml_problem(source: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    what = getattr(error, "problem", None) or str(error)
    return Problem(source, None, "valid YAML", line=line, found=f"a syntax error ({what})")


def parse_settings(text: str, source: str) -> dict[str, Any]:
    """Parse scenario.yaml text with safe loading; a syntax error names its line."""
    try:
        settings = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ScenarioError([_yaml_problem(source, error)]) from None
    if settings is None:
        settings = {}
    if not isinstance(settings, dict):
        raise ScenarioError(
            [
                Problem(
                    source,
                    None,
                    "a mapping of settings (name: ..., services: ...)",
                    found=type(settings).__name__,
                )
            ]
        )
    return settings


def _split_settings(settings: dict[str, Any], source: str) -> tuple[dict, dict]:
    variants = settings.pop("variants", None) or {}
    if not isinstance(variants, dict):
        raise ScenarioError(
            [
                Problem(
                    source,
                    "variants",
                    "a mapping of variant names to overrides",
                    found=type(variants).__name__,
                )
            ]
        )
    return settings, variants


def _read_folder(folder: Path) -> Scenario:
    settings_path = folder / SETTINGS_FILE
    if not settings_path.is_file():
        raise ScenarioError(
            [
                Problem(
                    str(folder), None, f"a file {SETTINGS_FILE} in the folder", found="no such file"
                )
            ]
        )
    try:
        text = settings_path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            [Problem(SETTINGS_FILE, None, "UTF-8 text", found=f"other bytes ({error.reason})")]
        ) from None
    settings, variants = _split_settings(parse_settings(text, SETTINGS_FILE), SETTINGS_FILE)
    raw: dict[str, pd.DataFrame | None] = {}
    unreadable: list[Problem] = []
    for name in schema.TABLE_ORDER:
        file = folder / f"{name}.csv"
        read = _read_csv(file) if file.is_file() else None
        if isinstance(read, Problem):
            unreadable.append(read)
            read = None
        raw[name] = read
    return _from_raw(settings, variants, raw, str(folder), "folder", unreadable)


def _read_csv(file: Path) -> pd.DataFrame | Problem:
    """The table as text cells, or the problem that prevents reading it."""
    try:
        with warnings.catch_warnings():
            # a line with more cells than the header: pandas would drop or shift cells
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                file,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
                encoding="utf-8-sig",
                index_col=False,
            )
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except pd.errors.ParserWarning:
        return _ragged_line(file)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        return Problem(
            file.name,
            None,
            "a comma-separated UTF-8 table",
            found=f"a file that cannot be read ({error})",
        )


def _ragged_line(file: Path) -> Problem:
    """The first line of a CSV file with more cells than its header."""
    with file.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        width = len(next(rows, []))
        for row in rows:
            if len(row) > width:
                return Problem(
                    file.name,
                    None,
                    f"at most {width} cells a line, one per column of the header",
                    line=rows.line_num,
                    found=f"{len(row)} cells",
                )
    return Problem(file.name, None, "as many cells a line as the header has", found="more")


def _read_workbook(path: Path) -> Scenario:
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
    settings, variants = _split_settings(settings, f"sheet {SETTINGS_SHEET}")
    raw = {name: sheets.get(name) for name in schema.TABLE_ORDER}
    return _from_raw(settings, variants, raw, str(path), "xlsx")


def _from_raw(
    settings: dict,
    variants: dict,
    raw: Mapping[str, pd.DataFrame | None],
    source: str | None,
    kind: str,
    unreadable: Sequence[Problem] = (),
) -> Scenario:
    """Coerce raw tables; ``unreadable`` are tables that could not be read (reported instead of
    "no such file")."""
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = list(unreadable)
    skip = {p.source for p in unreadable}
    for name, declared in schema.TABLES.items():
        label = f"sheet {name}" if kind == "xlsx" else f"{name}.csv"
        frame = raw.get(name)
        if frame is None:
            if declared.required and label not in skip:
                problems.append(
                    Problem(
                        label,
                        None,
                        f"the {name} table ({declared.description})",
                        found="no such " + ("sheet" if kind == "xlsx" else "file"),
                    )
                )
            tables[name] = empty_table(declared)
            continue
        tables[name], found = coerce_table(frame, declared, label)
        problems.extend(found)
    return Scenario(
        settings=settings,
        tables=tables,
        variants=variants,
        source=source,
        source_kind=kind,
        load_problems=tuple(problems),
    )


def scenario_from_tables(
    settings: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame],
    variants: Mapping[str, Any] | None = None,
) -> Scenario:
    """Build a scenario in memory (tests, benchmarks, the app). Missing tables are empty.

    Raises :class:`ScenarioError` if any cell does not parse.
    """
    settings = copy.deepcopy(dict(settings))
    extra_variants = settings.pop("variants", None) or {}
    raw = {
        name: (tables[name].astype("object") if name in tables else None)
        for name in schema.TABLE_ORDER
    }
    scenario = _from_raw(settings, {**extra_variants, **(variants or {})}, raw, None, "memory")
    errors = [p for p in scenario.load_problems if p.is_error and p.line is not None]
    if errors:
        raise ScenarioError(errors)
    return replace(
        scenario,
        source_kind=None,
        load_problems=tuple(p for p in scenario.load_problems if p not in errors),
    )


# ---------------------------------------------------------------------------------------------
# Settings sheet: one row per setting, dotted key and a YAML value
# ---------------------------------------------------------------------------------------------


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
                replace(_yaml_problem(source, error), line=position + 2, row_id=key, column="value")
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


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _saved_settings(scenario: Scenario) -> dict[str, Any]:
    settings = copy.deepcopy(scenario.settings)
    if scenario.variants and not scenario.overrides:
        settings["variants"] = copy.deepcopy(scenario.variants)
    return settings


def _tables_to_write(scenario: Scenario) -> dict[str, pd.DataFrame]:
    return {
        name: frame
        for name, frame in scenario.tables.items()
        if schema.TABLES[name].required or len(frame)
    }


def save_scenario(scenario: Scenario, path: str | os.PathLike) -> Path:
    """Write the scenario to a folder, or to a workbook when ``path`` ends in ``.xlsx``.

    The write is atomic: everything goes to a temporary file or folder beside the target, which
    then replaces it, so a failed save leaves what was there intact. A scenario with a variant or
    overrides applied is written as a new base scenario (its variants are not written again).
    """
    path = Path(path)
    is_workbook = path.suffix.lower() == ".xlsx"
    with atomic_target(path, folder=not is_workbook) as temporary:
        if is_workbook:
            _write_workbook(scenario, temporary)
        else:
            _write_folder(scenario, temporary)
    return path


def _write_folder(scenario: Scenario, folder: Path) -> None:
    text = yaml.safe_dump(_saved_settings(scenario), sort_keys=False, allow_unicode=True, width=100)
    (folder / SETTINGS_FILE).write_text(text, encoding="utf-8")
    for name, frame in _tables_to_write(scenario).items():
        frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def _write_workbook(scenario: Scenario, file: Path) -> None:
    from openpyxl.styles import Font

    with pd.ExcelWriter(file, engine="openpyxl") as writer:
        settings_to_rows(_saved_settings(scenario)).to_excel(
            writer, sheet_name=SETTINGS_SHEET, index=False
        )
        for name, frame in _tables_to_write(scenario).items():
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
