"""A plan comparison (:class:`optimizer.compare.Comparison`) for a reviewer: Markdown, one
self-contained HTML page, or an xlsx workbook with a sheet per table and the notes.

:func:`write_comparison` picks the format by the file's suffix and writes atomically.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..compare import Comparison
from ..compare_inputs import is_number
from ..files import atomic_target, write_text
from ..plan_columns import kpi_comparison_titles
from ..plan_views import kpi_item
from ..words import format_value
from .columns import Field, sheet_columns
from .html_blocks import esc, html_page, html_table
from .values import text_not_formulas
from .xlsx import NUMBER_FORMATS, frame_sheet

_TITLES = {
    "sme_counts": "Who pays more, who pays less",
    "kpis": "Key figures",
    "facilities": "Facilities opened, closed or resized",
    "reassignments": "Enterprises reassigned",
    "sme_costs": "Per-SME cost changes (those who pay more first, largest change first)",
    "input_changes": "Input differences",
}

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
    shown = frame[["kpi", "unit"]].copy()
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
        return f"{value:+.1f} pp"
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
    titles = kpi_comparison_titles(comparison.labels)
    return [
        declared.get(str(c)) or Field(str(c), titles.get(str(c), str(c)), kind)
        for c in frame.columns
    ]


def _markdown_table(frame: pd.DataFrame, columns: Sequence[Field]) -> list[str]:
    if frame.empty:
        return ["None.", ""]

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
        out.append((f"{name} vs {comparison.reference}" if many else None, headline, rows))
    return out


def comparison_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown for a reviewer."""
    lines = [
        f"# Plan comparison: {' vs '.join(comparison.labels)}",
        "",
        f"Reference: **{comparison.reference}**; compared: {', '.join(comparison.labels[1:])}.",
        "",
        *[f"- {note}" for note in comparison.notes],
        "",
        f"## {_TITLES['sme_counts']}",
        "",
        *[f"{line}" for line in comparison.sme_headlines],
        "",
        *_markdown_table(comparison.sme_counts, _columns(comparison, "sme_counts")),
        f"## {_TITLES['kpis']}",
        "",
        *_markdown_table(
            _kpi_display(comparison), _kpi_columns(_kpi_display(comparison), comparison)
        ),
    ]
    for table in ("facilities", "reassignments", "sme_costs"):
        frame = comparison.tables()[table]
        lines += [f"## {_TITLES[table]}", "", *_markdown_table(frame, _columns(comparison, table))]
    lines += [f"## {_TITLES['input_changes']}", ""]
    for heading, headline, rows in _input_sections(comparison):
        if heading:
            lines += [f"### {heading}", ""]
        lines += [headline, ""]
        rows = rows.drop(columns="plan")
        lines += _markdown_table(rows, _input_columns(rows, comparison))
    return "\n".join(lines).rstrip() + "\n"


def comparison_html(comparison: Comparison) -> str:
    """The comparison as one self-contained HTML page."""
    title = f"Plan comparison: {' vs '.join(comparison.labels)}"
    kpis = _kpi_display(comparison)
    body = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="sub">Reference: {esc(comparison.reference)}</p>',
        "<ul>" + "".join(f"<li>{esc(n)}</li>" for n in comparison.notes) + "</ul>",
        f"<h2>{esc(_TITLES['sme_counts'])}</h2>",
        *[f"<p><strong>{esc(line)}</strong></p>" for line in comparison.sme_headlines],
        html_table(comparison.sme_counts, _columns(comparison, "sme_counts")),
        f"<h2>{esc(_TITLES['kpis'])}</h2>",
        html_table(kpis, _kpi_columns(kpis, comparison)),
    ]
    for table in ("facilities", "reassignments", "sme_costs"):
        frame = comparison.tables()[table]
        body += [f"<h2>{esc(_TITLES[table])}</h2>", html_table(frame, _columns(comparison, table))]
    body.append(f"<h2>{esc(_TITLES['input_changes'])}</h2>")
    for heading, headline, rows in _input_sections(comparison):
        if heading:
            body.append(f"<h3>{esc(heading)}</h3>")
        rows = rows.drop(columns="plan")
        body += [
            f"<p><strong>{esc(headline)}</strong></p>",
            html_table(rows, _input_columns(rows, comparison)),
        ]
    return html_page(title, body)


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


def write_comparison(comparison: Comparison, out: str | os.PathLike) -> Path:
    """Write a comparison by the suffix of ``out``: ``.md``, ``.html`` or ``.xlsx`` (atomically)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in (".md", ".markdown"):
        return write_text(out, comparison_markdown(comparison))
    if suffix in (".html", ".htm"):
        return write_text(out, comparison_html(comparison))
    if suffix == ".xlsx":
        with atomic_target(out) as temporary:
            _write_xlsx(comparison, temporary)
        return out
    raise ValueError(
        f"cannot write a comparison to {out.name!r}; expected a .md, .html or .xlsx file"
    )
