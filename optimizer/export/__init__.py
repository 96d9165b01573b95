"""Plan exports for reviewers: JSON, xlsx, CSV, GeoJSON and a self-contained HTML report.

* ``json``: :meth:`Plan.to_json`, the canonical form, loadable again with :func:`read_plan`.
* ``xlsx``: a workbook for people (sheets ``Summary``, ``Facilities``, ``SME statement``, ``Flows``,
  ``Pollutants``, ``Solver and provenance``, plus ``Assignments`` when a statement exists); headers in
  plain words with units, number formats, frozen header row and autofilter. :func:`sheet_columns`
  maps each header back to the plan's column, so a sheet reads back to the plan's table.
* ``csv``: a folder with one CSV per table (machine column names), ``summary.csv`` (KPIs) and
  ``provenance.json`` (provenance, solver report, column types: :func:`read_csv_tables`).
* ``geojson``: RFC 7946 (WGS84, ``[lon, lat]``): open facilities, unused candidate sites,
  enterprises and a straight line from each connected enterprise to its site; every feature has a
  ``kind`` property.
* ``html``: one file with inline CSS and inline SVG figures, no scripts and no links: it opens offline.

Every export is written to a temporary file (or folder) beside the target, which then replaces it,
so a failed export leaves what was there intact; :func:`write_outputs` writes ``plan.json`` and
other formats as one set that replaces the earlier set in one step. User text reaches the xlsx
and the CSVs as text, never as a formula (:mod:`optimizer.export.values`). ``docs/exports.md``
describes each format.

The package, one job per module:

* ``columns``: each plan column's header and number kind (from :mod:`optimizer.plan_columns`)
  and the sheet of each table;
* ``values``: cells as openpyxl and JSON take them (how people read a value is
  :func:`optimizer.words.format_value`; a plan's KPIs and per-enterprise costs are
  :mod:`optimizer.plan_views`);
* ``summary``: the plan's KPIs and provenance as labelled items;
* ``xlsx``, ``csv_folder``, ``geojson``, ``html_blocks`` and ``html_report``: one per format;
* ``dispatch``: :func:`export_plan`, :func:`export_all`, :func:`write_outputs`, :func:`read_plan`
  and file names (:func:`file_stem`);
* ``comparison``: a plan comparison as Markdown, HTML or xlsx (:mod:`optimizer.compare` computes
  it), imported from ``optimizer.export.comparison``.
"""

from __future__ import annotations

from .columns import Field, allocation_facilities, sheet_columns, sheet_tables
from .csv_folder import PLAN_TABLES, read_csv_tables
from .dispatch import (
    FORMATS,
    PLAN_JSON,
    SUFFIXES,
    PlanFileError,
    default_name,
    export_all,
    export_plan,
    file_stem,
    read_plan,
    write_outputs,
)
from .geojson import geojson_text, plan_geojson
from .html_blocks import CSS, esc, html_page, html_table
from .html_report import kpi_cards, plan_html
from .summary import NO_STATEMENT_NOTE, provenance_items, summary_items
from .xlsx import NUMBER_FORMATS, frame_sheet

__all__ = [
    "CSS",
    "FORMATS",
    "NO_STATEMENT_NOTE",
    "NUMBER_FORMATS",
    "PLAN_JSON",
    "PLAN_TABLES",
    "SUFFIXES",
    "Field",
    "PlanFileError",
    "allocation_facilities",
    "default_name",
    "esc",
    "export_all",
    "export_plan",
    "file_stem",
    "frame_sheet",
    "geojson_text",
    "html_page",
    "html_table",
    "kpi_cards",
    "plan_geojson",
    "plan_html",
    "provenance_items",
    "read_csv_tables",
    "read_plan",
    "sheet_columns",
    "sheet_tables",
    "summary_items",
    "write_outputs",
]
