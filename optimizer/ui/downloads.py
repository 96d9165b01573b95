"""Bytes of the files the app offers for download (no Streamlit here).

Each file is written by the library (:func:`optimizer.export.export_plan`,
:func:`optimizer.export.comparison.write_comparison`, :func:`optimizer.save_scenario`) into a temporary
folder and read back, so the app offers exactly what the command line writes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..compare import Comparison
from ..export import default_name, export_plan
from ..export.alternatives import write_alternatives
from ..export.comparison import write_comparison
from ..export.leave_one_out import write_leave_one_out
from ..export.sme_html import sme_file_name, write_sme_html
from ..plan import Plan
from ..scenario import Scenario, save_scenario
from ..words.alternatives import (
    alternatives_headline,
    alternatives_title,
    distance_note,
    ranked_by_sentence,
)
from ..words.language import ENGLISH, language_of, using_language

if TYPE_CHECKING:  # the type only: the alternatives module loads the solver layer
    from ..alternatives import Alternatives

#: Plan formats offered on the Results page, with their button text (a message id of
#: :mod:`optimizer.words.catalogue`) and MIME type.
PLAN_DOWNLOADS: dict[str, tuple[str, str]] = {
    "json": ("download.json", "application/json"),
    "xlsx": (
        "download.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "geojson": ("download.geojson", "application/geo+json"),
    "html": ("download.html", "text/html"),
}

#: Comparison formats offered on the Compare page.
COMPARISON_DOWNLOADS: dict[str, tuple[str, str]] = {
    ".xlsx": PLAN_DOWNLOADS["xlsx"],
    ".html": PLAN_DOWNLOADS["html"],
}


def plan_file_name(plan: Plan, fmt: str) -> str:
    """The download's file name: the plan's label made safe (``park_subsidy-40.xlsx``)."""
    return default_name(plan, fmt)


def plan_bytes(plan: Plan, fmt: str, language: str | None = None) -> bytes:
    """A plan exported in one of :data:`PLAN_DOWNLOADS`' formats (the report in ``language``)."""
    with tempfile.TemporaryDirectory(prefix="optimizer-download-") as folder:
        path = export_plan(plan, fmt, Path(folder) / plan_file_name(plan, fmt), language)
        return path.read_bytes()


def sme_page_bytes(plan: Plan, enterprise: str, language: str | None = None) -> bytes:
    """One SME's printable page, as ``optimizer statement --html`` writes it."""
    with tempfile.TemporaryDirectory(prefix="optimizer-download-") as folder:
        file = Path(folder) / sme_file_name(enterprise)
        return write_sme_html(plan, file, [enterprise], language).read_bytes()


def comparison_bytes(comparison: Comparison, suffix: str, language: str | None = None) -> bytes:
    """A comparison written as ``.xlsx`` or ``.html``, as ``optimizer compare --out`` writes it
    (the HTML in ``language``, the xlsx in English)."""
    with tempfile.TemporaryDirectory(prefix="optimizer-download-") as folder:
        path = write_comparison(comparison, Path(folder) / f"comparison{suffix}", language)
        return path.read_bytes()


def alternatives_notes(found: Alternatives) -> list[str]:
    """The notes above the downloaded table, as ``optimizer alternatives`` prints them (in the
    current language)."""
    headline = alternatives_headline(
        len(found.plans) - 1,
        100 * found.within,
        found.least_cost.total_cost,
        found.currency,
        found.stopped,
    )
    return [headline, ranked_by_sentence(found.rank_by), distance_note()]


def alternatives_bytes(
    table: pd.DataFrame,
    suffix: str,
    title: str,
    notes: Sequence[str],
    currency: str,
    language: str | None = None,
) -> bytes:
    """The ranked alternatives written as ``.xlsx`` or ``.html``, as ``optimizer alternatives
    --out`` writes them, headed in ``language`` (default English, as the command line does)."""
    with (
        using_language(language),
        tempfile.TemporaryDirectory(prefix="optimizer-download-") as folder,
    ):
        path = write_alternatives(
            table, Path(folder) / f"alternatives{suffix}", title, notes, currency
        )
        return path.read_bytes()


def report_language(suffix: str, language: str | None) -> str:
    """The language a table's download is in: the report (HTML) in ``language``, the workbook in
    English (a data file, read back and used in formulas: docs/languages.md).

    >>> report_language(".html", "zh"), report_language(".xlsx", "zh")
    ('zh-Hans', 'en')
    """
    return language_of(language) if suffix in (".html", ".htm") else ENGLISH


def alternatives_download(
    found: Alternatives, suffix: str, label: str, language: str | None = None
) -> bytes:
    """The ranked alternatives of the scenario labelled ``label`` as a download: its title, notes
    and words in :func:`report_language` (in English the command line's file, byte for byte)."""
    with using_language(report_language(suffix, language)) as chosen:
        title, notes = alternatives_title(label), alternatives_notes(found)
        table = found.worded_table()
    return alternatives_bytes(table, suffix, title, notes, found.currency, chosen)


def leave_one_out_bytes(
    frame: pd.DataFrame, suffix: str, label: str, currency: str, language: str | None = None
) -> bytes:
    """The leave-one-out report of the plan labelled ``label`` written as ``.xlsx`` or ``.html``,
    as ``optimizer whatif --leave-one-out --out`` writes it, in :func:`report_language` (in
    English the command line's file, byte for byte)."""
    with (
        using_language(report_language(suffix, language)),
        tempfile.TemporaryDirectory(prefix="optimizer-download-") as folder,
    ):
        path = write_leave_one_out(frame, Path(folder) / f"leave-one-out{suffix}", label, currency)
        return path.read_bytes()


def scenario_file_name(scenario: Scenario, edited: bool = False) -> str:
    """The workbook download's file name: the scenario's label made safe (``mixed-park.xlsx``),
    and ``-edited`` when it has unsaved edits (``mixed-park-edited.xlsx``)."""
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in scenario.label)
    return f"{stem.strip('._') or 'scenario'}{'-edited' if edited else ''}.xlsx"


def scenario_bytes(scenario: Scenario) -> bytes:
    """The scenario as an .xlsx workbook."""
    with tempfile.TemporaryDirectory(prefix="optimizer-download-") as folder:
        path = save_scenario(scenario, Path(folder) / "scenario.xlsx")
        return path.read_bytes()
