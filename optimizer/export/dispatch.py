"""The entry points: the format names, file names, :func:`export_plan` and :func:`export_all`,
and :func:`read_plan`, which reads the canonical JSON form back.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..files import atomic_target
from ..origin import file_stem
from ..plan import Plan
from .csv_folder import _write_csv_folder
from .geojson import geojson_text
from .html_report import plan_html
from .xlsx import _write_xlsx

FORMATS = ("json", "xlsx", "csv", "geojson", "html")

#: File suffix of each format; ``csv`` is a folder.
SUFFIXES = {"json": ".json", "xlsx": ".xlsx", "csv": "-csv", "geojson": ".geojson", "html": ".html"}


class PlanFileError(ValueError):
    """A file that should hold a plan cannot be read as one (the message names the file)."""


def default_name(plan: Plan, fmt: str) -> str:
    """File (or folder) name of a format for a plan: its label made safe for file systems, or
    for a plan of an edited scenario ``<scenario>-edited-<version>`` (:func:`optimizer.origin.file_stem`).

    >>> import pandas as pd
    >>> from optimizer.plan import Plan
    >>> p = Plan(
    ...     *(pd.DataFrame(),) * 4, kpis={}, solver={}, provenance={"label": "park[subsidy-40]"}
    ... )
    >>> default_name(p, "xlsx"), default_name(p, "csv")
    ('park_subsidy-40.xlsx', 'park_subsidy-40-csv')
    """
    stem = re.sub(r"[^\w.-]+", "_", file_stem(plan.provenance)).strip("_.") or "plan"
    return stem + SUFFIXES[fmt]


def _check_format(fmt: str) -> str:
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def export_plan(plan: Plan, fmt: str, out: str | os.PathLike) -> Path:
    """Write a plan in one format; return the path written.

    Parameters
    ----------
    plan
        The plan.
    fmt
        One of :data:`FORMATS`.
    out
        The file to write (a folder for ``csv``). An existing folder gets a file (or, for
        ``csv``, a folder) named after the plan's label inside it; only an earlier CSV export
        (a folder with ``provenance.json``) is replaced.

    The write is atomic: a failure leaves any existing file at ``out`` as it was.
    """
    fmt = _check_format(fmt)
    target = Path(out)
    earlier_csv = fmt == "csv" and (target / "provenance.json").is_file()
    if target.is_dir() and not earlier_csv:  # a folder to write into, never to replace
        target = target / default_name(plan, fmt)
    if fmt == "csv" and target.is_file():
        raise ValueError(f"{target.name} is a file; a CSV export is a folder, choose another name")
    writers: dict[str, Callable[[Plan, Path], None]] = {
        "json": lambda p, f: f.write_text(p.to_json(), encoding="utf-8"),
        "xlsx": _write_xlsx,
        "csv": _write_csv_folder,
        "geojson": lambda p, f: f.write_text(geojson_text(p), encoding="utf-8"),
        "html": lambda p, f: f.write_text(plan_html(p), encoding="utf-8"),
    }
    with atomic_target(target, folder=fmt == "csv") as temporary:
        writers[fmt](plan, temporary)
    return target


def export_all(
    plan: Plan, out_dir: str | os.PathLike, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write a plan in several formats into a folder, named after the plan's label."""
    checked = [_check_format(f) for f in formats]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [export_plan(plan, f, out_dir / default_name(plan, f)) for f in checked]


def read_plan(path: str | os.PathLike) -> Plan:
    """Read a plan JSON written by :func:`export_plan` (or :meth:`Plan.to_json`).

    Raises
    ------
    PlanFileError
        The file cannot be read, is not JSON, or is not a plan (the message names the file).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlanFileError(f"{path.name}: cannot be read as a plan JSON ({error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"{path.name} line {error.lineno}: not valid JSON ({error.msg}); expected a plan "
            "written by 'optimizer export' or 'optimizer solve'"
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(f"{path.name}: found a JSON {type(data).__name__}, expected a plan")
    try:
        return Plan.from_dict(data)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise PlanFileError(f"{path.name}: not a readable plan ({error})") from None
