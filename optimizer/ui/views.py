"""Small Streamlit pieces the pages share: problem lists, legends, maps, table cells as text."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd
import pydeck as pdk
import streamlit as st

from .. import plan_columns, plan_geometry
from ..origin import plan_label
from ..plan import Plan
from ..plan_columns import KIND_FORMATS, columns_of
from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import localized, term, tr, tr_n
from ..words.problem_text import problem_text
from . import basemap, state
from .deck_layers import MAP_HEIGHT
from .editors import problems_frame

#: Page files, relative to ``app.py`` (for ``st.page_link``).
PAGE_FILES = {
    "scenario": "optimizer/ui/pages/scenario.py",
    "map": "optimizer/ui/pages/map.py",
    "solve": "optimizer/ui/pages/solve.py",
    "results": "optimizer/ui/pages/results.py",
    "compare": "optimizer/ui/pages/compare.py",
    "explore": "optimizer/ui/pages/explore.py",
}

#: How number inputs show a float: up to 10 significant digits, no exponent below 1e10.
NUMBER_FORMAT = "%.10g"

#: How many problems are listed in full before the rest go into a table.
LISTED = 12


def cell_text(value: Any, exact: bool = False) -> str:
    """A table cell as text, for columns that mix numbers and words; ``exact`` keeps every
    digit of a number (for input values such as coordinates).

    >>> [cell_text(v) for v in (None, True, 1234, 506679.74889, 0.0001, -0.0, "scrb")]
    ['', 'yes', '1,234', '506,679.75', '0.0001', '0.00', 'scrb']
    >>> cell_text(120.6151, exact=True)
    '120.6151'
    """
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value) if exact else f"{value:,}"
    if isinstance(value, float):
        value += 0.0  # no "-0.00"
        if exact:
            return repr(value)
        return f"{value:,.2f}" if value == 0 or abs(value) >= 0.01 else f"{value:.4g}"
    return str(value)


def text_columns(
    frame: pd.DataFrame,
    columns: Sequence[str] | None = None,
    exact: bool = False,
    noise: float = 0.0,
) -> pd.DataFrame:
    """The frame with the given columns (default: every column of mixed Python objects) as
    text, so that it shows as a table (Arrow wants one type per column). Numbers smaller than
    ``noise`` (rounding left over by the solver) show as 0."""
    if columns is None:
        columns = [c for c in frame.columns if frame[c].dtype == object]
    out = frame.copy()
    for column in columns:
        out[column] = [cell_text(_denoised(v, noise), exact) for v in frame[column]]
    return out


def column_config(table: str, frame: pd.DataFrame, currency: str) -> dict[str, Any]:
    """How ``st.dataframe`` shows the declared columns of a plan or comparison table
    (:mod:`optimizer.plan_columns`): title with unit, note as tooltip, number format; fractions
    (utilisation) as bars."""
    config: dict[str, Any] = {}
    if UNIT in frame.columns:
        config[UNIT] = st.column_config.TextColumn(term("Unit"), help=tr("views.unit_help"))
    for column in columns_of(table):
        if column.name not in frame.columns:
            continue
        words = localized(column)  # in the current language
        label, tip = words.title_with_unit(currency), words.note or None
        if plan_columns.per_service_unit(column) and UNIT in frame.columns:
            label = tr("views.per_day", title=words.title)  # in the Unit column's unit
            tip = tr("views.per_day_help")
        number_format = KIND_FORMATS.get(column.kind)
        if column.kind == "bool":
            shown = st.column_config.CheckboxColumn(label, help=tip)
        elif number_format is None or not pd.api.types.is_numeric_dtype(frame[column.name]):
            shown = st.column_config.TextColumn(label, help=tip)
        elif column.kind == "fraction":
            shown = st.column_config.ProgressColumn(
                label, help=tip, format=number_format.app, min_value=0.0, max_value=1.0
            )
        else:
            shown = st.column_config.NumberColumn(label, help=tip, format=number_format.app)
        config[column.name] = shown
    return config


#: The column :func:`with_service_units` adds.
UNIT = plan_columns.UNIT.name


def with_service_units(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The frame with the unit of each row's service per day (``m3/day``), after ``service``: a
    table mixing services cannot carry one unit in its header (as the exports show it). A frame
    that has it already (a comparison's facilities) is returned as it is."""
    if UNIT in frame.columns:
        return frame
    return plan_columns.with_service_units(frame, plan_geometry.service_units(plan))


def number_formats(frame: pd.DataFrame) -> dict[str, Any]:
    """Column configuration showing every float column with thousands separators."""
    return {
        str(c): st.column_config.NumberColumn(format="localized")
        for c in frame.columns
        if pd.api.types.is_float_dtype(frame[c].dtype)
    }


def _denoised(value: Any, noise: float) -> Any:
    if isinstance(value, float) and abs(value) < noise:
        return 0.0
    return value


def scenario_title(current: Scenario) -> str:
    """The working scenario's name and variant, with its unsaved edits counted (``tiny + 2 edits``),
    as plans of it will be labelled (:func:`optimizer.origin.plan_label`)."""
    return plan_label(current.label, len(state.edits(current)))


def require_scenario() -> Scenario | None:
    """The working scenario, or a pointer to the Scenario page when none is open."""
    current = state.scenario()
    if current is None:
        st.info(tr("views.no_scenario"))
        st.page_link(
            PAGE_FILES["scenario"], label=tr("views.open_scenario"), icon=":material/folder_open:"
        )
    return current


def show_problems(problems: Sequence[Problem], context: str = "") -> None:
    """Errors and warnings: the first :data:`LISTED` as a list, all of them in a table, in the
    app's language (``context``, such as :func:`tr` ``("problems.in", name=...)``, follows the
    count of errors)."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if errors:
        lines = [f"- {_md(problem_text(p))}" for p in errors[:LISTED]]
        if len(errors) > LISTED:
            lines.append(f"- {tr('problems.more', count=len(errors) - LISTED)}")
        head = f"**{tr_n('problems.errors', len(errors), context=context)}**"
        st.error("\n".join([head, *lines]))
    if warnings:
        lines = [f"- {_md(problem_text(p))}" for p in warnings[:LISTED]]
        if len(warnings) > LISTED:
            lines.append(f"- {tr('problems.more_warnings', count=len(warnings) - LISTED)}")
        st.warning("\n".join([f"**{tr('problems.warnings', count=len(warnings))}**", *lines]))
    if len(problems) > LISTED:
        with st.expander(tr("problems.table", count=len(problems))):
            st.dataframe(problems_frame(problems), hide_index=True, width="stretch")


def _md(text: str) -> str:
    """Text shown literally in Markdown (data may hold ``*``, ``_``, ``<`` and the like)."""
    escaped = html.escape(text, quote=False)
    for char in "\\`*_{}[]()#+!|~$":
        escaped = escaped.replace(char, "\\" + char)
    return escaped.replace("\n", " ")


def plain(text: Any) -> str:
    """Public name of :func:`_md`: any text made safe to show in Markdown."""
    return _md(str(text))


def _swatch(colour: Sequence[int]) -> str:
    """A coloured square; a white one is drawn as an outlined square so that it shows."""
    if sum(colour[:3]) > 700:
        return '<span style="font-size: 1.2em">&#9633;</span>'
    r, g, b = colour[:3]
    return f'<span style="color: rgb({r},{g},{b}); font-size: 1.2em">&#9632;</span>'


def legend(items: Mapping[str, Sequence[int]], title: str) -> None:
    """A line of coloured squares and names (names escaped, as HTML and as Markdown: they come
    from the data)."""
    spans = [f"{_swatch(c)}&nbsp;{_md(str(name))}" for name, c in items.items()]
    st.markdown(
        f"<small><b>{html.escape(title)}</b>: " + " &nbsp; ".join(spans) + "</small>",
        unsafe_allow_html=True,
    )


#: The attribution Carto's basemap asks for (names, as they are in every language).
BASEMAP_CREDIT = " (© CARTO, © OpenStreetMap contributors)"


def basemap_toggle(key: str) -> bool:
    """The opt-in online basemap (the maps work offline without it); switched on, say where it
    comes from, or that it cannot be reached."""
    url = basemap.style_url()
    host = basemap.host_of(url)
    on = st.toggle(tr("views.basemap"), key=key, help=tr("views.basemap_help", host=host))
    if on:
        problem = _basemap_problem(url)
        if problem:
            st.warning(tr("views.basemap_unreachable", host=plain(host), problem=plain(problem)))
        else:
            credit = BASEMAP_CREDIT if url == basemap.CARTO_LIGHT else ""
            st.caption(tr("views.basemap_from", host=plain(host), credit=credit))
    return on


@st.cache_data(ttl=60, show_spinner=False)
def _basemap_problem(url: str) -> str | None:
    """Whether the basemap can be reached, asked once a minute at most."""
    return basemap.unreachable(url)


def show_deck(deck: pdk.Deck, key: str) -> None:
    st.pydeck_chart(deck, height=MAP_HEIGHT, key=key)


class Download(NamedTuple):
    """One download button: its label, the bytes (made when pressed), file name, type and key."""

    label: str
    data: Callable[[], bytes]
    file_name: str
    mime: str
    key: str


def download_row(files: Sequence[Download]) -> None:
    """A "Download" heading and a row with one button per file."""
    st.markdown(f"#### {tr('download.h')}")
    for column, file in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            file.label,
            data=file.data,
            file_name=file.file_name,
            mime=file.mime,
            key=file.key,
            on_click="ignore",
        )
