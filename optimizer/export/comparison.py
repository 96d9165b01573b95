"""A plan comparison (:class:`optimizer.compare.Comparison`) for a reviewer: Markdown, one
self-contained HTML page, or an xlsx workbook with a sheet per table and the notes.

:func:`write_comparison` picks the format by the file's suffix and writes atomically. The HTML
and Markdown are in the language asked (English by default; their words in
:mod:`optimizer.words.catalogue.comparison`, the tables' cells said by
:mod:`optimizer.compare_shown`); the xlsx is a data file and stays in English.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..compare import Comparison
from ..compare_inputs import is_number
from ..compare_shown import points_change, shown_table
from ..files import atomic_target, write_text
from ..plan_columns import kpi_comparison_titles
from ..plan_views import kpi_item
from ..words import format_value
from ..words.catalogue import term, tr
from ..words.language import ENGLISH, current_language, using_language
from ..words.said import spoken
from .columns import Field, sheet_columns
from .html_blocks import esc, html_page, html_table
from .values import text_not_formulas
from .xlsx import NUMBER_FORMATS, frame_sheet


def _title(table: str) -> str:
    """A table's heading in the reports, in the current language."""
    return tr(f"compare.file.h.{table}")


_SHEETS = {
    "sme_counts": "SMEs",
    "kpis": "KPIs",
    "facilities": "Facilities",
    "reassignments": "Reassignments",
    "sme_costs": "SME costs",
    "input_changes": "Input changes",
}


def _columns(comparison: Comparison, table: str) -> list[Field]:
    """The columns of a comparison table under their declared titles (``plan_columns``)."""
    frame = comparison.tables()[table]
    return sheet_columns(frame, f"comparison_{table}", comparison.currency)


def _kpi_display(comparison: Comparison) -> pd.DataFrame:
    """The KPI table as text, each value formatted by its KPI's kind (delta % in percent)."""
    frame = comparison.kpis
    shown = shown_table(comparison, "kpis")[["kpi", "unit"]].copy()
    for column in frame.columns[3:]:
        texts = []
        for key, value in zip(frame["key"], frame[column], strict=True):
            texts.append(_kpi_text(key, value, str(column)))
        shown[column] = texts
    return shown


def _kpi_text(key: str, value: Any, column: str) -> str:
    """A KPI cell as text; a change of a percentage is in percentage points (pp)."""
    if column.startswith("delta % "):
        return format_value(value, "points")
    kind = kpi_item(key, value).kind
    if kind == "points" and column.startswith("delta ") and is_number(value):
        return points_change(f"{value:+.1f}")
    if kind == "text" and is_number(value):
        kind = "number"
    return format_value(value, kind)


def _input_columns(rows: pd.DataFrame, comparison: Comparison) -> list[Field]:
    return sheet_columns(rows, "comparison_input_changes", comparison.currency)


def _kpi_columns(frame: pd.DataFrame, comparison: Comparison, kind: str = "number") -> list[Field]:
    """Columns of the KPI table under their titles; the plans' values and changes are ``kind``
    (``number``: text already formatted, right-aligned; ``text``: the xlsx sheet formats each
    row by its KPI)."""
    declared = {
        f.column: f
        for f in sheet_columns(frame, "comparison_kpis", comparison.currency)
        if f.column in ("key", "kpi", "unit")
    }
    titles = kpi_comparison_titles(comparison.labels, term)
    return [
        declared.get(str(c)) or Field(str(c), titles.get(str(c), str(c)), kind)
        for c in frame.columns
    ]


def _markdown_table(frame: pd.DataFrame, columns: Sequence[Field]) -> list[str]:
    if frame.empty:
        return [tr("compare.file.none"), ""]

    def cell(value: Any, kind: str) -> str:
        return format_value(value, kind).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(f.header for f in columns) + " |",
        "| " + " | ".join("---:" if f.kind != "text" else "---" for f in columns) + " |",
    ]
    for row in frame[[f.column for f in columns]].itertuples(index=False, name=None):
        lines.append(
            "| " + " | ".join(cell(v, f.kind) for v, f in zip(row, columns, strict=True)) + " |"
        )
    return [*lines, ""]


def _input_sections(comparison: Comparison) -> list[tuple[str | None, str, pd.DataFrame]]:
    """(subheading, first line, rows) per later plan."""
    many = len(comparison.labels) > 2
    out = []
    for name, headline in zip(comparison.labels[1:], comparison.headlines, strict=True):
        rows = comparison.input_changes[comparison.input_changes["plan"] == name]
        heading = tr("compare.file.section", plan=name, reference=comparison.reference)
        out.append((heading if many else None, spoken(headline), rows))
    return out


def _plans_title(comparison: Comparison) -> str:
    return tr("compare.file.title", plans=tr("compare.file.vs").join(comparison.labels))


def comparison_markdown(comparison: Comparison, language: str | None = None) -> str:
    """The comparison as Markdown for a reviewer, in ``language`` (None: the current one)."""
    with using_language(language or current_language()):
        return _markdown(comparison)


def _markdown(comparison: Comparison) -> str:
    compared = tr("list.sep").join(comparison.labels[1:])
    kpis = _kpi_display(comparison)
    lines = [
        f"# {_plans_title(comparison)}",
        "",
        tr("compare.file.reference_compared", reference=comparison.reference, compared=compared),
        "",
        *[f"- {spoken(note)}" for note in comparison.notes],
        "",
        f"## {_title('sme_counts')}",
        "",
        *[spoken(line) for line in comparison.sme_headlines],
        "",
        *_markdown_table(comparison.sme_counts, _columns(comparison, "sme_counts")),
        f"## {_title('kpis')}",
        "",
        *_markdown_table(kpis, _kpi_columns(kpis, comparison)),
    ]
    for table in ("facilities", "reassignments", "sme_costs"):
        frame = shown_table(comparison, table)
        lines += [f"## {_title(table)}", "", *_markdown_table(frame, _columns(comparison, table))]
    lines += [f"## {_title('input_changes')}", ""]
    for heading, headline, rows in _input_sections(comparison):
        if heading:
            lines += [f"### {heading}", ""]
        lines += [headline, ""]
        rows = shown_table(comparison, "input_changes", rows.drop(columns="plan"))
        lines += _markdown_table(rows, _input_columns(rows, comparison))
    return "\n".join(lines).rstrip() + "\n"


def comparison_html(comparison: Comparison, language: str | None = None) -> str:
    """The comparison as one self-contained HTML page, in ``language`` (None: the current one;
    ``<html lang>`` is its tag)."""
    with using_language(language or current_language()) as chosen:
        return _html(comparison, chosen)


def _html(comparison: Comparison, language: str) -> str:
    title = _plans_title(comparison)
    kpis = _kpi_display(comparison)
    none = tr("compare.file.none")
    body = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="sub">{esc(tr("compare.file.reference", reference=comparison.reference))}</p>',
        "<ul>" + "".join(f"<li>{esc(spoken(n))}</li>" for n in comparison.notes) + "</ul>",
        f"<h2>{esc(_title('sme_counts'))}</h2>",
        *[f"<p><strong>{esc(spoken(line))}</strong></p>" for line in comparison.sme_headlines],
        html_table(comparison.sme_counts, _columns(comparison, "sme_counts"), none),
        f"<h2>{esc(_title('kpis'))}</h2>",
        html_table(kpis, _kpi_columns(kpis, comparison), none),
    ]
    for table in ("facilities", "reassignments", "sme_costs"):
        frame = shown_table(comparison, table)
        body += [
            f"<h2>{esc(_title(table))}</h2>",
            html_table(frame, _columns(comparison, table), none),
        ]
    body.append(f"<h2>{esc(_title('input_changes'))}</h2>")
    for heading, headline, rows in _input_sections(comparison):
        if heading:
            body.append(f"<h3>{esc(heading)}</h3>")
        rows = shown_table(comparison, "input_changes", rows.drop(columns="plan"))
        body += [
            f"<p><strong>{esc(headline)}</strong></p>",
            html_table(rows, _input_columns(rows, comparison), none),
        ]
    return html_page(title, body, language)


def _write_xlsx(comparison: Comparison, file: Path) -> None:
    # lazy: openpyxl adds about 0.06 s to every start; only an xlsx comparison needs it
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table, frame in comparison.tables().items():
        columns = (
            _kpi_columns(frame, comparison) if table == "kpis" else _columns(comparison, table)
        )
        frame_sheet(book, _SHEETS[table], frame.astype(object), columns)
    sheet = book[_SHEETS["kpis"]]
    for r, (key, value) in enumerate(
        zip(comparison.kpis["key"], comparison.kpis.iloc[:, 3], strict=True), start=2
    ):
        kind = kpi_item(key, value).kind
        for c, column in enumerate(comparison.kpis.columns[3:], start=4):
            shown = "points" if str(column).startswith("delta % ") else kind
            sheet.cell(row=r, column=c).number_format = NUMBER_FORMATS.get(shown, "General")
    notes = book.create_sheet("Notes")
    notes.append(["Notes"])
    for line in [*comparison.sme_headlines, *comparison.notes, *comparison.headlines]:
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    text_not_formulas(book)
    book.save(file)


def write_comparison(
    comparison: Comparison, out: str | os.PathLike, language: str | None = None
) -> Path:
    """Write a comparison by the suffix of ``out``: ``.md``, ``.html`` or ``.xlsx`` (atomically);
    the Markdown and HTML in ``language`` (None: the current one), the xlsx in English."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in (".md", ".markdown"):
        return write_text(out, comparison_markdown(comparison, language))
    if suffix in (".html", ".htm"):
        return write_text(out, comparison_html(comparison, language))
    if suffix == ".xlsx":
        with using_language(ENGLISH), atomic_target(out) as temporary:
            _write_xlsx(comparison, temporary)
        return out
    raise ValueError(
        f"cannot write a comparison to {out.name!r}; expected a .md, .html or .xlsx file"
    )
