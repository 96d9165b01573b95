"""The entry points: the format names, file names, :func:`export_plan` and :func:`export_all`,
and :func:`read_plan`, which reads the canonical JSON form back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..files import OutputPathError, atomic_folder, atomic_target
from ..origin import plan_stem
from ..plan import Plan
from ..words.language import ENGLISH, current_language, using_language
from ..words.said import Said, said
from .csv_folder import _write_csv_folder
from .geojson import geojson_text
from .html_report import plan_html
from .xlsx import _write_xlsx

FORMATS = ("json", "xlsx", "csv", "geojson", "html")

#: File suffix of each format; ``csv`` is a folder.
SUFFIXES = {"json": ".json", "xlsx": ".xlsx", "csv": "-csv", "geojson": ".geojson", "html": ".html"}
#: The plan's own file in a folder of outputs (``optimizer solve --out``).
PLAN_JSON = "plan.json"


class PlanFileError(ValueError):
    """A file that should hold a plan cannot be read as one (the message names the file)."""


#: Longest file-name stem made from a label, in bytes of UTF-8 (file systems allow 255 for the
#: whole name; the rest is left for the suffix and a temporary's prefix).
MAX_STEM_BYTES = 120
#: Names Windows reserves for devices, in any case and with any suffix.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))}
_RESERVED |= {f"LPT{i}" for i in range(10)}


def file_stem(label: str) -> str:
    """A label made into a file name that is safe on every system: letters, digits (of any
    script), ``_``, ``.`` and ``-``; no leading dot or dash; not a Windows device name; at most
    :data:`MAX_STEM_BYTES` bytes (a longer one is cut and ends with a hash of the whole label).

    >>> (
    ...     file_stem("park[subsidy-40]"),
    ...     file_stem("../../etc/passwd"),
    ...     file_stem("nul"),
    ...     file_stem(""),
    ... )
    ('park_subsidy-40', 'etc_passwd', '_nul', 'plan')
    >>> len(file_stem("纺织园" * 200).encode()) <= MAX_STEM_BYTES
    True
    """
    stem = re.sub(r"[^\w.-]+", "_", str(label)).strip("_.- ") or "plan"
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    if len(stem.encode()) > MAX_STEM_BYTES:
        digest = hashlib.sha256(str(label).encode()).hexdigest()[:10]
        cut = stem.encode()[: MAX_STEM_BYTES - 11].decode(errors="ignore").rstrip("_.- ")
        stem = f"{cut}-{digest}"
    return stem


def default_name(plan: Plan, fmt: str) -> str:
    """File (or folder) name of a format for a plan: its label made safe (:func:`file_stem`), or
    for a plan of an edited scenario ``<scenario>-edited-<version>`` (:func:`optimizer.origin.plan_stem`).

    >>> import pandas as pd
    >>> from optimizer.plan import Plan
    >>> p = Plan(
    ...     *(pd.DataFrame(),) * 4, kpis={}, solver={}, provenance={"label": "park[subsidy-40]"}
    ... )
    >>> default_name(p, "xlsx"), default_name(p, "csv")
    ('park_subsidy-40.xlsx', 'park_subsidy-40-csv')
    """
    return file_stem(plan_stem(plan.provenance)) + SUFFIXES[fmt]


def _check_format(fmt: str) -> str:
    fmt = str(fmt).lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def _write_json(plan: Plan, file: Path) -> None:
    file.write_text(plan.to_json(), encoding="utf-8")


def _write_geojson(plan: Plan, file: Path) -> None:
    file.write_text(geojson_text(plan), encoding="utf-8")


def _write_html(plan: Plan, file: Path) -> None:
    file.write_text(plan_html(plan), encoding="utf-8")


_WRITERS: dict[str, Callable[[Plan, Path], None]] = {
    "json": _write_json,
    "xlsx": _write_xlsx,
    "csv": _write_csv_folder,
    "geojson": _write_geojson,
    "html": _write_html,
}


def _write(fmt: str, plan: Plan, file: Path, language: str | None) -> None:
    """Write one format: the HTML report in ``language`` (None: the current one), the data
    files (JSON, xlsx, CSV, GeoJSON) in English, as they are read back and used in formulas."""
    with using_language((language or current_language()) if fmt == "html" else ENGLISH):
        _WRITERS[fmt](plan, file)


def export_plan(plan: Plan, fmt: str, out: str | os.PathLike, language: str | None = None) -> Path:
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
    language
        The HTML report's language (``en`` or ``zh-Hans``; None: the current one); the data
        formats are written in English.

    The write is atomic: a failure leaves any existing file at ``out`` as it was.

    Raises
    ------
    OutputPathError
        A CSV export (a folder) to a path that is a file.
    """
    fmt = _check_format(fmt)
    target = Path(out)
    earlier_csv = fmt == "csv" and (target / "provenance.json").is_file()
    if target.is_dir() and not earlier_csv:  # a folder to write into, never to replace
        target = target / default_name(plan, fmt)
    if fmt == "csv" and target.is_file():
        raise OutputPathError(f"{target} is a file; a CSV export is a folder: choose another name")
    with atomic_target(target, folder=fmt == "csv") as temporary:
        _write(fmt, plan, temporary, language)
    return target


def export_all(
    plan: Plan, out_dir: str | os.PathLike, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write a plan in several formats into a folder, named after the plan's label."""
    checked = [_check_format(f) for f in formats]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return [export_plan(plan, f, out_dir / default_name(plan, f)) for f in checked]


def write_outputs(
    plan: Plan,
    folder: str | os.PathLike,
    formats: Sequence[str] = (),
    language: str | None = None,
) -> list[Path]:
    """``folder/plan.json`` and the other formats (named after the plan's label), as one set
    (the HTML report in ``language``, see :func:`export_plan`).

    The set is written into a folder beside ``folder`` which then replaces it in one step, so
    that a failure or a kill at any moment leaves the earlier set whole or the new set whole,
    never a new ``plan.json`` beside an old workbook. The earlier set (``plan.json`` and the
    files named after its plan's label) goes; any other file in the folder stays.

    Raises
    ------
    OutputPathError
        ``folder`` is a file, or the current folder (or holds it): replacing it would pull the
        folder from under the shell.
    """
    checked = [_check_format(f) for f in formats]
    folder = Path(folder)
    here = Path.cwd().resolve()
    if folder.resolve() == here or folder.resolve() in here.parents:
        raise OutputPathError(
            f"{folder} is the current folder (or holds it); the plan's files are written as one "
            f"set that replaces the folder: give a folder of its own, e.g. {folder / 'plan'}"
        )
    others = [f for f in dict.fromkeys(checked) if f != "json"]  # plan.json is the JSON
    names = [PLAN_JSON, *(default_name(plan, f) for f in others)]
    earlier = _earlier_outputs(folder)
    with atomic_folder(folder, owned=earlier.__contains__) as staging:
        _write_json(plan, staging / PLAN_JSON)
        for fmt, name in zip(others, names[1:], strict=True):
            if fmt == "csv":
                (staging / name).mkdir()
            _write(fmt, plan, staging / name, language)
    return [folder / name for name in names]


def _earlier_outputs(folder: Path) -> set[str]:
    """The names of the set an earlier :func:`write_outputs` left in ``folder``."""
    names = {PLAN_JSON}
    try:
        data = json.loads((folder / PLAN_JSON).read_text(encoding="utf-8"))
        stem = file_stem(plan_stem(data["provenance"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return names
    return names | {stem + suffix for suffix in SUFFIXES.values()}


def read_plan(path: str | os.PathLike) -> Plan:
    """Read a plan JSON written by :func:`export_plan` (or :meth:`Plan.to_json`).

    Raises
    ------
    PlanFileError
        The file cannot be read, is not JSON, or is not a plan (the message names the file; a
        :class:`~optimizer.words.said.Said`, in the language shown wherever it is shown).
    """
    path = Path(path)
    if path.is_dir():
        inside = path / PLAN_JSON
        hint = f": did you mean {inside}?" if inside.is_file() else ""
        raise PlanFileError(f"{path} is a folder; expected a plan file (PLAN.json){hint}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PlanFileError(
            said("plan_file.unreadable", file=path.name, error=str(error))
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            said(
                "plan_file.not_json",
                file=path.name,
                line=error.lineno,
                error=error.msg,
                export="'optimizer export'",
                solve="'optimizer solve'",
            )
        ) from None
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise PlanFileError(said("plan_file.not_object", file=path.name, kind=kind))
    try:
        return Plan.from_dict(data)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        reason = error.args[0] if error.args and isinstance(error.args[0], Said) else str(error)
        raise PlanFileError(said("plan_file.not_plan", file=path.name, error=reason)) from None
