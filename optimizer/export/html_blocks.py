"""Building blocks of offline HTML pages: inline CSS, escaping, formatted tables and the page
itself (shared by the plan report, the SME pages and the comparison report).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..words import format_value
from .columns import Field

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
margin:1.5rem auto;max-width:1200px;padding:0 1rem;color:#1f2933;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;
border-bottom:1px solid #d9e2ec;padding-bottom:.2rem}.sub{color:#52606d;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:.6rem .9rem;min-width:11rem;background:#f8fafc}
.card .k{font-size:.8rem;color:#52606d}.card .v{font-size:1.25rem;font-weight:600}
.card .d{font-size:.8rem;color:#52606d}
.note{background:#fff8e1;border-left:4px solid #f0b429;padding:.5rem .8rem}
.scroll{max-height:32rem;overflow:auto;border:1px solid #d9e2ec}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{padding:.25rem .5rem;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
th{background:#f0f4f8;position:sticky;top:0}td.num,th.num{text-align:right;white-space:nowrap}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;font-size:.85rem}
dt{color:#52606d}dd{margin:0;word-break:break-all}
.up{color:#b42318}.down{color:#067647}
.sme{break-after:page}table.figures{width:auto;min-width:24rem}table.figures th{position:static}.sme:last-child{break-after:auto}
@page{size:A4 landscape;margin:12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:9pt}
.scroll{max-height:none;overflow:visible;border:0}
table{font-size:7pt;width:100%}th,td{padding:.1rem .2rem;overflow-wrap:anywhere}
th{position:static}th.num{white-space:normal}thead{display:table-header-group}tr,figure,.card{break-inside:avoid}
h2,h3{break-after:avoid}.cards{gap:.4rem}.card{min-width:8rem}dd{word-break:normal;overflow-wrap:anywhere}}
"""

_NUMERIC_KINDS = {"money", "km", "qty", "tonnes", "fraction", "points", "int", "deg", "number"}


def esc(value: Any) -> str:
    """Text escaped for HTML."""
    return html.escape(str(value), quote=True)


def card(key: str, value: str, detail: str = "") -> str:
    """A headline card: its heading, its value and a line under it (all escaped)."""
    extra = f'<div class="d">{esc(detail)}</div>' if detail else ""
    return f'<div class="card"><div class="k">{esc(key)}</div><div class="v">{esc(value)}</div>{extra}</div>'


def html_table(frame: pd.DataFrame, columns: Sequence[Field], empty: str = "None.") -> str:
    """A table of formatted, escaped cells (numbers right-aligned) in a scrolling box on screen;
    printed, the box grows to the whole table and long cells wrap, so that no row or column is
    cut (the page's print rules, :data:`CSS`)."""
    if frame.empty:
        return f"<p>{esc(empty)}</p>"
    head = "".join(
        f'<th class="num">{esc(f.header)}</th>'
        if f.kind in _NUMERIC_KINDS
        else f"<th>{esc(f.header)}</th>"
        for f in columns
    )
    body = []
    for row in frame[[f.column for f in columns]].itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="num">{esc(format_value(v, f.kind))}</td>'
            if f.kind in _NUMERIC_KINDS
            else f"<td>{esc(format_value(v, f.kind))}</td>"
            for v, f in zip(row, columns, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def html_page(title: str, body: Sequence[str], language: str = "en") -> str:
    """A complete offline HTML page in ``language`` (its ``lang`` tag): inline CSS, no scripts,
    no external resources."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
