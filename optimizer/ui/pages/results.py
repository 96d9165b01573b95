"""Results page: a plan's KPIs, map, cost breakdown, facilities, SME statement and downloads.

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import pydeck as pdk
import streamlit as st

from optimizer.origin import edit_count, edit_lines, source_sentence
from optimizer.plan import Plan
from optimizer.plan_views import currency_of
from optimizer.problems import ScenarioError
from optimizer.sme_page import enterprise_names, sme_facts
from optimizer.ui import charts, downloads, maps, state, uploads, views
from optimizer.verify import verify_plan
from optimizer.words import (
    difference_sentence,
    gap_brief,
    money,
    points,
    sme_text,
    status_brief,
    status_sentence,
    verification_line,
    would_leave_warning,
)
from optimizer.words.alone import all_alone_note
from optimizer.words.catalogue import tr
from optimizer.words.language import current_language

SORTS = {
    "Largest saving first": ("saving_cny_per_year", False),
    "Smallest saving first": ("saving_cny_per_year", True),
    "Highest cost first": ("total_cny_per_year", False),
    "By enterprise": ("enterprise", True),
}


def upload_plans() -> None:
    with st.expander(tr("results.open_file")):
        upload = st.file_uploader(
            tr("results.upload", mb=uploads.MAX_UPLOAD_MB),
            type=["json"],
            key="results:upload",
        )
        if upload is not None and st.button(tr("results.open_plan"), key="results:upload:go"):
            try:
                plan = uploads.plan_from_upload(upload.name, upload.getvalue())
            except uploads.UploadError as error:
                st.error(str(error))
                return
            entry = state.add_uploaded(upload.name, plan)
            state.show_plan(entry.name)
            st.success(tr("results.opened", name=views.plain(upload.name)))


def metrics(plan: Plan) -> None:
    """The headline numbers as tiles, two rows so that none is cut short (money keeps its cents:
    the totals are checked to the cent)."""
    kpis, currency = plan.kpis, currency_of(plan)
    money_row, count_row = st.columns(2), st.columns(3)
    total = money(kpis.get("total_annual_cost"))
    money_row[0].metric(tr("results.kpi.total", cur=currency), total)
    money_row[1].metric(
        tr("results.kpi.saving", cur=currency),
        money(kpis.get("saving")),
        delta=points(kpis.get("saving_pct", 0.0)),
        help=tr("results.kpi.saving_help", amount=money(kpis.get("all_self_cost")), cur=currency)
        + all_alone_note(kpis.get("all_self_unavailable")),
    )
    connected, smes = f"{kpis.get('smes_connected', 0):,}", f"{kpis.get('smes', 0):,}"
    count_row[0].metric(
        tr("report.card.smes"), tr("report.card.smes_value", connected=connected, total=smes)
    )
    by_service = kpis.get("facilities_by_service") or {}
    count_row[1].metric(
        tr("report.card.facilities"),
        f"{kpis.get('facilities', 0):,}",
        help=", ".join(f"{views.plain(s)}: {n}" for s, n in by_service.items()) or None,
    )
    count_row[2].metric(
        tr("report.card.solver"),
        status_brief(plan.solver),
        delta=gap_brief(plan.solver),
        delta_color="off",
        delta_arrow="off",
    )
    seconds, source = plan.solver.get("seconds"), source_sentence(plan.provenance)
    caption = tr(
        "results.caption",
        status=views.plain(status_sentence(plan.solver)),
        seconds=tr("results.seconds", seconds=f"{seconds:.1f}")
        if isinstance(seconds, int | float)
        else "",
        label=views.plain(plan.label),
        source=tr("results.source", source=views.plain(source)) if source else "",
        hash=str(plan.provenance.get("input_hash", ""))[:12],
    )
    st.caption(caption)
    edits = edit_lines(plan.provenance)
    if edits:
        with st.expander(tr("results.solved_with", edits=edit_count(len(edits)))):
            st.markdown("\n".join(f"- {views.plain(line)}" for line in edits))
    leaving_note(plan)


def verified_note(plan: Plan, key: str) -> None:
    """Whether the plan verifies: recomputed from its inputs without a solver
    (:func:`optimizer.verify.verify_plan`), once per plan shown in a session."""
    done = st.session_state.setdefault("results:verified", {})
    if key not in done:
        try:
            result = verify_plan(plan)
            lines = [difference_sentence(d.as_dict(), result.currency) for d in result.differences]
            done[key] = (
                result.ok,
                verification_line(result.counts(), sum(result.checked.values())),
                lines,
            )
        except ScenarioError as error:
            done[key] = (False, f"not verified: {error}", [])
    ok, line, lines = done[key]
    st.caption((":material/verified: " if ok else ":material/error: ") + views.plain(line))
    if lines:
        with st.expander(tr("results.what_differs", count=f"{len(lines):,}")):
            st.markdown("\n".join(f"- {views.plain(x)}" for x in lines[:50]))


def leaving_note(plan: Plan) -> None:
    """Who would leave under the allocation rule, and what keeps them in."""
    warning = would_leave_warning(plan.kpis, currency_of(plan))
    if warning is not None:
        st.warning(views.plain(warning))


def statement_table(plan: Plan) -> None:
    frame = plan.statement
    st.markdown(f"#### {tr('report.h.sme_pays')}")
    if frame.empty:
        st.info(tr("results.no_statement"))
        return
    left, middle, right = st.columns(3)
    services = sorted(frame["service"].astype(str).unique())
    chosen = left.multiselect(
        tr("results.services"), services, default=services, key="results:services"
    )
    sorts = {sort: tr(f"results.sort.{i}") for i, sort in enumerate(SORTS)}  # worded now
    order = middle.selectbox(
        tr("results.order"), list(SORTS), key="results:sort", format_func=sorts.__getitem__
    )
    only_leaving = right.checkbox(tr("results.only_leaving"), key="results:leave")
    only_shared = right.checkbox(tr("results.only_shared"), key="results:shared")
    shown = filter_statement(frame, chosen, order, only_leaving, only_shared)
    st.caption(
        tr(
            "results.rows_shown",
            shown=f"{len(shown):,}",
            rows=f"{len(frame):,}",
            cur=currency_of(plan),
        )
    )
    config = views.column_config("statement", shown, currency_of(plan))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)


def sme_page(plan: Plan, key: str) -> None:
    """One SME's page: pick an SME, read what it pays and why, in the words of
    ``optimizer statement`` and of its printable page (offered for download)."""
    names = enterprise_names(plan)
    if not names:
        return
    st.markdown(f"#### {tr('results.h.sme_page')}")
    chosen = st.selectbox(
        tr("results.sme"), list(names), format_func=lambda e: f"{e} {names[e]}", key="results:sme"
    )
    text = sme_text(sme_facts(plan, chosen))
    st.markdown("\n\n".join([f"**{views.plain(text.title)}**", *map(views.plain, text.headline)]))
    for section in text.sections:
        lines = "\n".join(f"- {views.plain(line)}" for line in section.lines)
        st.markdown(f"**{views.plain(section.heading)}**\n\n{lines}")
    st.download_button(
        tr("results.sme_download"),
        data=partial(downloads.sme_page_bytes, plan, chosen, current_language()),
        file_name=f"{downloads.plan_file_name(plan, 'html').removesuffix('.html')}-{chosen}.html",
        mime="text/html",
        key=f"results:sme:download:{key}",
        on_click="ignore",
    )


def filter_statement(
    frame: pd.DataFrame,
    services: list[str],
    order: str,
    only_leaving: bool,
    only_shared: bool,
) -> pd.DataFrame:
    """The statement rows the filters keep, in the chosen order."""
    keep = frame["service"].astype(str).isin(services)
    if only_leaving:
        keep &= frame["would_leave"].fillna(False).astype(bool)
    if only_shared:
        keep &= frame["facility"].astype(str) != "self"
    column, ascending = SORTS[order]
    return frame.loc[keep].sort_values(column, ascending=ascending, kind="stable")


def facilities_table(plan: Plan) -> None:
    st.markdown(f"#### {tr('results.h.facilities')}")
    if plan.facilities.empty:
        st.info(tr("results.no_facility"))
        return
    columns = [
        c
        for c in (
            "site",
            "site_name",
            "service",
            "tier",
            "existing",
            "capacity_per_day",
            "load_per_day",
            "utilisation",
            "members",
            "annual_cost",
            "subsidy",
        )
        if c in plan.facilities
    ]
    shown = views.with_service_units(plan.facilities[columns], plan)
    config = views.column_config("facilities", shown, currency_of(plan))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)


def download_buttons(plan: Plan, key: str) -> None:
    views.download_row(
        [
            views.Download(
                tr(label),
                partial(downloads.plan_bytes, plan, fmt, current_language()),
                downloads.plan_file_name(plan, fmt),
                mime,
                f"results:download:{fmt}:{key}",
            )
            for fmt, (label, mime) in downloads.PLAN_DOWNLOADS.items()
        ]
    )


#: The deck last drawn, with what it was made of: (plan, basemap, language, deck).
DECK_KEPT = "results:deck:kept"


def plan_map(plan: Plan, basemap: bool) -> pdk.Deck:
    """The plan's deck, made once per plan, basemap choice and language while they stay the same
    (for mixed-park, a quarter of a second of the server's time on every visit: docs/app.md)."""
    kept = st.session_state.get(DECK_KEPT)
    language = current_language()
    if kept is not None and kept[0] is plan and kept[1:3] == (basemap, language):
        return kept[3]
    made = maps.plan_deck(plan, basemap)
    st.session_state[DECK_KEPT] = (plan, basemap, language, made)
    return made


def render() -> None:
    st.title(tr("app.page.results"))
    upload_plans()
    entries = state.plans()
    if not entries:
        st.info(tr("results.no_plans"))
        st.page_link(
            views.PAGE_FILES["solve"], label=tr("app.page.solve"), icon=":material/play_circle:"
        )
        return
    names = state.names(entries)
    wanted = state.plan_to_show()  # a plan just solved or opened
    if wanted in names or st.session_state.get("results:plan") not in names:
        st.session_state["results:plan"] = wanted if wanted in names else names[-1]
    name = st.selectbox(tr("results.plan"), names, key="results:plan")
    entry = state.find_plan(name) or entries[-1]
    plan = entry.plan
    metrics(plan)
    verified_note(plan, f"{entry.name}:{plan.provenance.get('created')}")
    left, right = st.columns([3, 2])
    with left:
        basemap = views.basemap_toggle("results:basemap")
        views.show_deck(plan_map(plan, basemap), key="results:deck")
        views.legend(maps.service_colours(plan), tr("results.services"))
        st.caption(tr("results.alone_legend"))
    with right:
        breakdown = charts.breakdown_frame(plan.kpis)
        if len(breakdown):
            st.altair_chart(
                charts.cost_breakdown_chart(plan.kpis, currency_of(plan)), width="stretch"
            )
    facilities_table(plan)
    statement_table(plan)
    sme_page(plan, str(names.index(name)))
    download_buttons(plan, str(names.index(name)))


if __name__ == "__main__":
    render()
