"""Compare page: two or more plans of this session or uploaded as JSON, side by side.

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import streamlit as st

from optimizer.compare import Comparison, compare_plans
from optimizer.compare_shown import cell_word, points_change, shown_table
from optimizer.plan import Plan
from optimizer.plan_columns import columns_of, kpi_comparison_titles
from optimizer.plan_views import currency_of, kpi_item
from optimizer.ui import deck_layers, downloads, maps, state, uploads, views
from optimizer.words import money, number, percent, points
from optimizer.words.catalogue import term, tr
from optimizer.words.language import current_language
from optimizer.words.said import spoken

#: Differences below this (solver rounding, half a cent) show as 0.
NOISE = 0.005

#: The per-SME outcomes shown as tiles, with their titles.
SME_TILES = {
    "pays more": "SMEs paying more",
    "pays less": "SMEs paying less",
    "same": "SMEs paying the same",
}

#: The key of the maps' section (open: the maps are drawn), and whether it was left open.
MAPS_OPEN, MAPS_KEPT = "compare:maps", "compare:maps:kept"

SECTIONS = {
    "facilities": ("Facilities opened, closed or resized", "No facility changed."),
    "reassignments": ("Reassigned SMEs", "No SME changed where it treats."),
    "sme_costs": (
        "What each SME pays, before and after (those paying more first)",
        "No SME cost to compare.",
    ),
    "input_changes": ("Input differences", "The plans were solved from the same inputs."),
}


def upload_plans() -> None:
    uploaded = st.file_uploader(
        tr("compare.upload", mb=uploads.MAX_UPLOAD_MB),
        type=["json"],
        accept_multiple_files=True,
        key="compare:upload",
    )
    seen = st.session_state.setdefault("compare:seen", set())
    for upload in uploaded or []:
        if upload.file_id in seen:
            continue
        seen.add(upload.file_id)
        try:
            state.add_uploaded(
                upload.name, uploads.plan_from_upload(upload.name, upload.getvalue())
            )
        except uploads.UploadError as error:
            st.error(str(error))


def comparison_of(names: list[str]) -> Comparison:
    """The comparison of the named plans (the first is the reference), once per choice."""
    entries = [state.find_plan(n) for n in names]
    plans = [e.plan for e in entries if e is not None]
    cached = st.session_state.get("compare:cached")
    identity = tuple(id(p) for p in plans)
    if cached is not None and cached[0] == identity and cached[1] == tuple(names):
        return cached[2]
    comparison = compare_plans(plans, labels=names)
    st.session_state["compare:cached"] = (identity, tuple(names), comparison)
    return comparison


def sme_section(comparison: Comparison) -> None:
    """What a reviewer looks for first: how many SMEs pay more, less and the same."""
    st.markdown(f"#### {tr('compare.h.smes')}")
    many = len(comparison.labels) > 2
    for row in comparison.sme_counts.to_dict("records"):
        if many:
            st.caption(
                tr(
                    "compare.against",
                    plan=views.plain(row["plan"]),
                    reference=views.plain(comparison.reference),
                )
            )
        columns = st.columns(3)
        for column, (outcome, title) in zip(columns, SME_TILES.items(), strict=True):
            column.metric(term(title), f"{int(row[outcome]):,}")
        others = {k: int(row[k]) for k in ("new", "gone") if row[k]}
        if others:
            parts = [
                tr("compare.others", count=f"{n:,}", outcome=cell_word(k))
                for k, n in others.items()
            ]
            st.caption(tr("list.clauses").join(parts))
    st.caption(tr("compare.smes_order"))


def kpi_cell(key: str, value: Any, column: str) -> str:
    """A KPI table cell as text, by the KPI's kind: money to the cent, counts whole, a change
    signed (a change of a percentage in percentage points), a change in % with one decimal.

    >>> kpi_cell("facilities", 1.0, "delta #2"), kpi_cell("total_annual_cost", -0.0001, "delta #2")
    ('+1', '0.00')
    >>> kpi_cell("saving_pct", 1.25, "delta #2"), kpi_cell("saving", 12.5, "delta % #2")
    ('+1.2 pp', '+12.5%')
    """
    amount = number(value)
    if amount is None or not math.isfinite(amount):
        return "" if amount is None else views.cell_text(value)
    kind = kpi_item(key, value).kind
    if kind == "money" and abs(amount) < NOISE:
        amount = 0.0  # half a cent of solver rounding is no change
    change = column.startswith("delta ")
    sign = "+" if change and amount > 0 else ""
    if column.startswith("delta % "):
        return sign + points(amount)
    if kind == "points":
        return points_change(f"{sign}{amount:.1f}") if change else points(amount)
    if kind == "int" or (kind == "text" and float(amount).is_integer()):
        return sign + f"{amount:,.0f}"
    if kind == "fraction":
        return sign + percent(amount, 1)
    return sign + money(amount)


def kpi_section(comparison: Comparison) -> None:
    st.markdown(f"#### {tr('compare.h.kpis')}")
    frame = comparison.kpis
    shown = shown_table(comparison, "kpis")[["kpi", "unit"]].copy()
    for column in frame.columns[3:]:
        shown[column] = [
            kpi_cell(key, value, str(column))
            for key, value in zip(frame["key"], frame[column], strict=True)
        ]
    titles = {c.name: term(c.title) for c in columns_of("comparison_kpis")}
    titles.update(kpi_comparison_titles(comparison.labels, term))
    config = {name: st.column_config.TextColumn(title) for name, title in titles.items()}
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)


def change_sections(comparison: Comparison, reference: Plan) -> None:
    for table, (title, empty) in SECTIONS.items():
        st.markdown(f"#### {term(title)}")
        frame = shown_table(comparison, table)  # its words in the language shown
        if frame.empty:
            st.caption(term(empty))
            continue
        money = [c.name for c in columns_of(f"comparison_{table}") if c.kind == "money"]
        shown = frame.copy()
        for column in money:  # a change of a fraction of a cent is no change (and no "-0.00")
            shown[column] = shown[column].mask(shown[column].abs() < NOISE, 0.0)
        shown = views.text_columns(shown, exact=table == "input_changes")
        if table == "facilities":
            shown = views.with_service_units(shown, reference)
        config = views.column_config(f"comparison_{table}", shown, currency_of(reference))
        st.dataframe(shown, hide_index=True, width="stretch", column_config=config)


def maps_section(names: list[str]) -> None:
    """The reference's map beside another plan's, drawn only while their section is open (the
    planner opens it; it stays open for the session): a browser without a GPU takes seconds per
    map, and each visit of the page would wait for two (docs/app.md, Speed)."""
    st.markdown(f"#### {tr('compare.h.maps')}")
    if MAPS_OPEN not in st.session_state:  # a widget's state goes when another page runs
        st.session_state[MAPS_OPEN] = bool(st.session_state.get(MAPS_KEPT))
    section = st.expander(tr("compare.maps_open"), key=MAPS_OPEN, on_change="rerun")
    st.session_state[MAPS_KEPT] = bool(section.open)
    if not section.open:
        return
    with section:
        other = names[1]
        if len(names) > 2:
            other = st.selectbox(tr("compare.map_with"), names[1:], key="compare:map")
        basemap = views.basemap_toggle("compare:basemap")
        for column, name in zip(st.columns(2), (names[0], other), strict=True):
            entry = state.find_plan(name)
            if entry is None:
                continue
            with column:
                st.caption(views.plain(name))
                deck = maps.plan_deck(entry.plan, basemap, width=deck_layers.MAP_WIDTH // 2)
                views.show_deck(deck, key=f"compare:deck:{name}")


def download_section(comparison: Comparison) -> None:
    views.download_row(
        [
            views.Download(
                tr(label),
                partial(downloads.comparison_bytes, comparison, suffix, current_language()),
                f"comparison{suffix}",
                mime,
                f"compare:download:{suffix}",
            )
            for suffix, (label, mime) in downloads.COMPARISON_DOWNLOADS.items()
        ]
    )


def render() -> None:
    st.title(tr("app.page.compare"))
    upload_plans()
    entries = state.plans()
    if len(entries) < 2:
        st.info(tr("compare.needs_two"))
        return
    names = state.names(entries)
    chosen = st.multiselect(
        tr("compare.plans"),
        names,
        default=names[-2:],
        key="compare:plans",
    )
    if len(chosen) < 2:
        st.info(tr("compare.pick_two"))
        return
    comparison = comparison_of(chosen)
    for note in comparison.notes:
        st.info(views.plain(spoken(note)))
    for headline in comparison.headlines:
        st.caption(views.plain(spoken(headline)))
    sme_section(comparison)
    kpi_section(comparison)
    maps_section(chosen)
    reference = state.find_plan(chosen[0])
    if reference is not None:
        change_sections(comparison, reference.plan)
    download_section(comparison)


if __name__ == "__main__":
    render()
