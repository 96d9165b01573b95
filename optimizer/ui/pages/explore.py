"""Explore page: near-optimal alternatives of the working scenario (a ranked table, a map of the
one picked, downloads) and what-ifs on a plan of the session (enterprises leave, a demand is
scaled; the re-solve compared with the plan by the Compare page's views).

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing. Both searches run in the
page's own process while it waits (a spinner), not in the solve pool of
:mod:`optimizer.ui.worker`, which runs single solves: hence the small default count.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import streamlit as st

from optimizer.alternatives import Alternatives, optimise_alternatives
from optimizer.batch.whatif import what_if, whatif_overrides
from optimizer.compare import Comparison
from optimizer.diagnosis import InfeasibleError
from optimizer.pipeline import solve_options
from optimizer.plan import Plan, scenario_of
from optimizer.plan_views import currency_of
from optimizer.problems import ScenarioError
from optimizer.scenario import Scenario
from optimizer.sme_page import enterprise_names
from optimizer.solvers.types import SolverError
from optimizer.ui import deck_layers, downloads, maps, state, views
from optimizer.ui.pages.compare import change_sections, kpi_section, sme_section
from optimizer.words import money, points
from optimizer.words.alternatives import RANK_CRITERIA
from optimizer.words.catalogue import tr, tr_n

#: Session keys of what the page found (kept until found again).
ALTERNATIVES, WHAT_IF = "explore:alternatives", "explore:whatif:result"
PLAN_KEY, PLANS_SEEN = "explore:whatif:plan", "explore:whatif:seen"

#: What a search gives (the alternatives, or a what-if's plan and comparison).
Found = TypeVar("Found")

#: Alternatives asked for by default: each is a solve on the page's own time.
DEFAULT_COUNT = 3


# ---------------------------------------------------------------------------------------------
# Near-optimal alternatives
# ---------------------------------------------------------------------------------------------


def find_alternatives(current: Scenario, within_pct: float, count: int, rank_by: str) -> None:
    """The button's work: the alternatives of ``current``, kept with the scenario they are of;
    why there are none, said in words."""
    with st.spinner(tr("explore.alt.running", title=views.plain(views.scenario_title(current)))):
        found = answered(
            lambda: optimise_alternatives(
                current, solve_options(current), within_pct / 100, count, rank_by
            )
        )
    if found is not None:
        st.session_state[ALTERNATIVES] = (current, found)


def answered(work: Callable[[], Found]) -> Found | None:
    """What ``work`` gives, or None with why there is nothing said in words: the rules that had
    to give, the scenario's or the changes' problems, the solver's failure."""
    try:
        return work()
    except InfeasibleError as error:
        st.error(tr("explore.infeasible"))
        views.show_problems(error.errors)
    except ScenarioError as error:
        st.error(tr("explore.invalid"))
        views.show_problems(error.problems)
    except SolverError as error:
        st.error(tr("explore.failed", message=views.plain(error)))
    return None


def stopped_sentence(found: Alternatives) -> str:
    """Why the search ended, in the language shown."""
    within = points(100 * found.within)
    if found.stopped.startswith("asked for"):
        return tr("explore.alt.stopped_count")
    if found.stopped.startswith("no other plan"):
        return tr("explore.alt.stopped_none", within=within)
    return tr("explore.alt.stopped_solver", reason=views.plain(found.stopped))


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
    as the command line's xlsx and HTML are."""
    config = views.column_config("alternatives", found.table, found.currency)
    st.dataframe(found.table, hide_index=True, width="stretch", column_config=config)


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


def alternatives_downloads(found: Alternatives, title: str) -> None:
    notes = downloads.alternatives_notes(found)
    views.download_row(
        [
            views.Download(
                tr(label),
                partial(
                    downloads.alternatives_bytes, found.table, suffix, title, notes, found.currency
                ),
                f"alternatives{suffix}",
                mime,
                f"explore:download:{suffix}",
            )
            for suffix, (label, mime) in downloads.COMPARISON_DOWNLOADS.items()
        ]
    )


def alternatives_section(current: Scenario | None) -> None:
    st.header(tr("explore.h.alternatives"))
    if current is None:
        st.info(tr("views.no_scenario"))
        return
    title = views.scenario_title(current)
    st.caption(tr("explore.alt.intro", title=views.plain(title)))
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
    errors = state.errors(current)
    if errors:
        st.error(tr("explore.errors"))
    if st.button(tr("explore.alt.go"), key="explore:alternatives:go", disabled=bool(errors)):
        find_alternatives(current, float(within), int(count), str(rank_by))
    kept = st.session_state.get(ALTERNATIVES)
    if kept is None:
        return
    of, found = kept
    if of is not current:
        st.warning(tr("explore.alt.stale"))
    for note in alternatives_notes(found):
        st.caption(note)
    alternatives_table(found)
    alternative_map(found)
    alternatives_downloads(found, f"Alternatives of {of.label}")


# ---------------------------------------------------------------------------------------------
# What-if
# ---------------------------------------------------------------------------------------------


def demand_choices(plan: Plan) -> list[str]:
    """The plan's demands as ``ENTERPRISE:SERVICE``, as ``optimizer whatif --scale`` takes them.

    The scenario is the one the plan carries (its inputs).
    """
    demands = scenario_of(plan).tables["demands"]
    pairs = zip(demands["enterprise"].astype(str), demands["service"].astype(str), strict=True)
    return list(dict.fromkeys(f"{e}:{s}" for e, s in pairs))


def whatif_inputs(plan: Plan) -> tuple[list[str], list[str]]:
    """The enterprises leaving and the scalings (``E1:sewage=2``) picked."""
    names = enterprise_names(plan)
    enterprises = sorted({d.partition(":")[0] for d in demand_choices(plan)})
    leaving = st.multiselect(
        tr("explore.whatif.leave"),
        enterprises,
        format_func=lambda e: f"{e} {names.get(e, '')}".strip(),
        key="explore:whatif:leave",
    )
    left, right = st.columns(2)
    demand = left.selectbox(
        tr("explore.whatif.scale"),
        ["", *demand_choices(plan)],
        format_func=lambda d: d or tr("explore.whatif.no_scale"),
        key="explore:whatif:demand",
    )
    factor = right.number_input(
        tr("explore.whatif.factor"),
        min_value=0.0,
        value=1.0,
        step=0.5,
        format=views.NUMBER_FORMAT,
        help=tr("explore.whatif.factor_help"),
        key="explore:whatif:factor",
    )
    scaling = [f"{demand}={float(factor):g}"] if demand else []
    return list(leaving), scaling


def change_words(leaving: list[str], scaling: list[str]) -> str:
    parts = [tr("explore.whatif.leaves", who=e) for e in leaving]
    for text in scaling:
        demand, _, factor = text.partition("=")
        parts.append(tr("explore.whatif.scaled", demand=demand, factor=factor))
    return tr("list.sep").join(parts)


def run_what_if(name: str, plan: Plan, leaving: list[str], scaling: list[str]) -> None:
    """The button's work: the what-if re-solved from the plan and compared with it."""
    with st.spinner(tr("explore.whatif.running", label=views.plain(plan.label))):
        solved = answered(lambda: what_if(plan, whatif_overrides(plan, leaving, scaling)))
    if solved is not None:
        st.session_state[WHAT_IF] = ((name, tuple(leaving), tuple(scaling)), *solved)


def whatif_result(plan: Plan, new: Plan, comparison: Comparison, changes: str) -> None:
    """The what-if against its plan: who pays more or less, the KPIs with their changes, both
    maps, and what changed (the Compare page's views)."""
    currency = currency_of(plan)
    delta = new.total_cost - plan.total_cost
    st.success(
        tr("explore.whatif.what", plan=views.plain(plan.label), changes=views.plain(changes))
    )
    st.caption(
        tr(
            "explore.whatif.total",
            before=money(plan.total_cost),
            after=money(new.total_cost),
            cur=currency,
            delta=("+" if delta > 0 else "") + money(delta),
        )
    )
    for note in comparison.notes:
        st.info(views.plain(note))
    sme_section(comparison)
    kpi_section(comparison)
    st.markdown(f"#### {tr('compare.h.maps')}")
    basemap = views.basemap_toggle("explore:whatif:basemap")
    for column, shown in zip(st.columns(2), (plan, new), strict=True):
        with column:
            st.caption(views.plain(shown.label))
            deck = maps.plan_deck(shown, basemap, width=deck_layers.MAP_WIDTH // 2)
            views.show_deck(deck, key=f"explore:whatif:deck:{id(shown)}")
    change_sections(comparison, plan)
    keep_button(new, "explore:whatif:keep")


def whatif_section(entries: list[state.Entry]) -> None:
    st.header(tr("explore.h.whatif"))
    if not entries:
        st.info(tr("explore.whatif.none"))
        st.page_link(
            views.PAGE_FILES["solve"], label=tr("app.page.solve"), icon=":material/play_circle:"
        )
        return
    st.caption(tr("explore.whatif.intro"))
    names = state.names(entries)
    if st.session_state.get(PLANS_SEEN) != len(names) or (
        st.session_state.get(PLAN_KEY) not in names
    ):  # a plan solved (or kept) since: the what-if starts from the newest
        st.session_state[PLAN_KEY] = names[-1]
    st.session_state[PLANS_SEEN] = len(names)
    name = st.selectbox(tr("explore.whatif.plan"), names, key=PLAN_KEY)
    entry = state.find_plan(name) or entries[-1]
    leaving, scaling = whatif_inputs(entry.plan)
    if st.button(tr("explore.whatif.go"), key="explore:whatif:go"):
        if leaving or scaling:
            run_what_if(entry.name, entry.plan, leaving, scaling)
        else:
            st.info(tr("explore.whatif.pick"))
    kept = st.session_state.get(WHAT_IF)
    if kept is None:
        return
    (of, was_leaving, was_scaling), new, comparison = kept
    if (of, was_leaving, was_scaling) != (entry.name, tuple(leaving), tuple(scaling)):
        st.warning(tr("explore.whatif.stale"))
    reference = state.find_plan(of)
    if reference is not None:
        whatif_result(
            reference.plan, new, comparison, change_words(list(was_leaving), list(was_scaling))
        )


def render() -> None:
    st.title(tr("app.page.explore"))
    alternatives_section(state.scenario())
    whatif_section(state.plans())


if __name__ == "__main__":
    render()
