"""The Explore page's near-optimal alternatives of the working scenario: the inputs, the search
as a job of the app's pool (:mod:`.running`), the ranked table, the map of the one picked, and
the downloads (the files ``optimizer alternatives --out`` writes)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from optimizer.alternatives import Alternatives
from optimizer.pipeline import solve_options
from optimizer.plan import Plan
from optimizer.scenario import Scenario
from optimizer.ui import downloads, maps, state, views
from optimizer.ui.explore import running
from optimizer.ui.jobs import AlternativesWork
from optimizer.words import money, points
from optimizer.words.alternatives import RANK_CRITERIA, plan_labels
from optimizer.words.catalogue import tr, tr_n
from optimizer.words.language import current_language
from optimizer.words.said import spoken

KIND = "alternatives"

#: Alternatives asked for by default: each is a search and a solve.
DEFAULT_COUNT = 3


def stopped_sentence(found: Alternatives) -> str:
    """Why the search ended, in the language shown."""
    within = points(100 * found.within)
    if found.stopped.startswith("asked for"):
        return tr("explore.alt.stopped_count")
    if found.stopped.startswith("no other plan"):
        return tr("explore.alt.stopped_none", within=within)
    return tr("explore.alt.stopped_solver", reason=views.plain(spoken(found.stopped)))


def alternatives_notes(found: Alternatives) -> list[str]:
    """What a planner reads above the table: how many, why the search ended, the ranking and
    what the distance is."""
    headline = tr_n(
        "explore.alt.headline",
        len(found.plans) - 1,
        within=points(100 * found.within),
        cost=money(found.least_cost.total_cost),
        cur=found.currency,
    )
    criterion = tr(f"explore.rank.{found.rank_by}")
    return [
        f"{headline} {stopped_sentence(found)}",
        tr("explore.alt.ranked", criterion=criterion),
        tr("explore.alt.distance"),
    ]


def alternatives_table(found: Alternatives) -> None:
    """The ranked table, titled by its declaration (:data:`optimizer.plan_columns.ALTERNATIVES`)
    as the command line's xlsx and HTML are, its words in the language shown."""
    table = found.worded_table()
    config = views.column_config("alternatives", table, found.currency)
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)


def alternative_map(found: Alternatives) -> None:
    """The map of the alternative picked (the Results page's plan map)."""
    ranked = found.ranked()
    labels = [p.label for p in ranked]
    picked = st.selectbox(tr("explore.alt.pick"), labels, key="explore:alternative")
    plan = ranked[labels.index(picked)] if picked in labels else ranked[0]
    row = found.table.loc[found.table["plan"] == plan.label].iloc[0]
    st.caption(
        tr(
            "explore.alt.picked",
            plan=views.plain(plan.label),
            cost=money(plan.total_cost),
            cur=found.currency,
            distance=int(row["distance"]),
        )
    )
    basemap = views.basemap_toggle("explore:basemap")
    views.show_deck(maps.plan_deck(plan, basemap), key=f"explore:deck:{plan.label}")
    views.legend(maps.service_colours(plan), tr("results.services"))
    keep_button(plan, f"explore:keep:{plan.label}")


def keep_button(plan: Plan, key: str) -> None:
    """Keep a plan found here among the session's plans (the Results and Compare pages), once."""
    entry = next((e for e in state.plans() if e.plan is plan), None)
    if entry is None and st.button(tr("explore.keep"), key=key):
        entry = state.add_plan(plan)
    if entry is not None:
        st.caption(tr("explore.kept", name=views.plain(entry.name)))


def alternatives_downloads(found: Alternatives, label: str) -> None:
    """The ranked table's files, of the scenario labelled ``label``: the report in the language
    shown, the workbook in English (:func:`optimizer.ui.downloads.report_language`)."""
    language = current_language()
    views.download_row(
        [
            views.Download(
                tr(text),
                partial(downloads.alternatives_download, found, suffix, label, language),
                f"alternatives{suffix}",
                mime,
                f"explore:download:{suffix}",
            )
            for suffix, (text, mime) in downloads.COMPARISON_DOWNLOADS.items()
        ]
    )


def inputs(current: Scenario) -> AlternativesWork:
    """Within, count and the criterion; the search they ask for."""
    left, middle, right = st.columns(3)
    within = left.number_input(
        tr("explore.within"), min_value=0.0, value=2.0, step=0.5, key="explore:within"
    )
    count = middle.number_input(
        tr("explore.count"), min_value=1, max_value=50, value=DEFAULT_COUNT, key="explore:count"
    )
    rank_by = right.selectbox(
        tr("explore.rank"),
        list(RANK_CRITERIA),
        format_func=lambda key: tr(f"explore.rank.{key}"),
        key="explore:rank",
    )
    options = solve_options(current)
    labels = plan_labels(int(count))  # the plans' data, in the language shown
    return AlternativesWork(current, options, float(within) / 100, int(count), str(rank_by), labels)


def alternatives_section(current: Scenario | None) -> None:
    st.header(tr("explore.h.alternatives"))
    if current is None:
        st.info(tr("views.no_scenario"))
        return
    title = views.scenario_title(current)
    st.caption(tr("explore.alt.intro", title=views.plain(title)))
    work = inputs(current)
    errors = state.errors(current)
    if errors:
        st.error(tr("explore.errors"))
    go = tr("explore.alt.go")
    if st.button(go, key="explore:alternatives:go", disabled=bool(errors) or running.busy()):
        running.start(KIND, work, current)
    running.status(KIND)
    kept = running.result(KIND)
    if kept is None:
        return
    of, found = kept
    if of is not current:
        st.warning(tr("explore.alt.stale"))
    for note in alternatives_notes(found):
        st.caption(note)
    alternatives_table(found)
    alternative_map(found)
    alternatives_downloads(found, of.label)
