"""The Explore page's what-if on a plan of the session: enterprises leave, a demand is scaled,
enterprises join from uploaded files (:mod:`.joining`); re-solved from the plan as a job of the
app's pool (:mod:`.running`) and compared with it by the Compare page's views."""

from __future__ import annotations

from typing import Any

import streamlit as st

from optimizer.compare import Comparison
from optimizer.plan import Plan, scenario_of
from optimizer.plan_views import currency_of
from optimizer.sme_page import enterprise_names
from optimizer.ui import deck_layers, maps, state, views
from optimizer.ui.explore import running
from optimizer.ui.explore.alternatives import keep_button
from optimizer.ui.explore.joining import join_input
from optimizer.ui.jobs import whatif_work
from optimizer.ui.pages.compare import change_sections, kpi_section, sme_section
from optimizer.words import money
from optimizer.words.catalogue import tr

KIND = "whatif"
PLAN_KEY, PLANS_SEEN = "explore:whatif:plan", "explore:whatif:seen"


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


def change_words(leaving: list[str], scaling: list[str], joined: list[str]) -> str:
    parts = [tr("explore.whatif.leaves", who=e) for e in leaving]
    for text in scaling:
        demand, _, factor = text.partition("=")
        parts.append(tr("explore.whatif.scaled", demand=demand, factor=factor))
    parts += [tr("explore.whatif.joins", file=name) for name in joined]
    return tr("list.sep").join(parts)


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


def pick_plan(entries: list[state.Entry]) -> state.Entry:
    """The plan the what-if (and the leave-one-out) start from: the newest unless picked."""
    names = state.names(entries)
    if st.session_state.get(PLANS_SEEN) != len(names) or (
        st.session_state.get(PLAN_KEY) not in names
    ):  # a plan solved (or kept) since: the what-if starts from the newest
        st.session_state[PLAN_KEY] = names[-1]
    st.session_state[PLANS_SEEN] = len(names)
    name = st.selectbox(tr("explore.whatif.plan"), names, key=PLAN_KEY)
    return state.find_plan(name) or entries[-1]


def whatif_section(entries: list[state.Entry]) -> state.Entry:
    """The what-if on the plan picked (returned: the leave-one-out's too)."""
    st.header(tr("explore.h.whatif"))
    st.caption(tr("explore.whatif.intro"))
    entry = pick_plan(entries)
    leaving, scaling = whatif_inputs(entry.plan)
    joined, overrides = join_input(entry.plan, leaving, scaling)
    asked: tuple[Any, ...] = (entry.name, tuple(leaving), tuple(scaling), tuple(joined))
    go = tr("explore.whatif.go")
    if st.button(go, key="explore:whatif:go", disabled=running.busy() or overrides is None):
        if overrides:
            running.start(KIND, whatif_work(entry.plan, overrides), asked)
        else:
            st.info(tr("explore.whatif.pick"))
    running.status(KIND)
    kept = running.result(KIND)
    if kept is not None:
        result_of(kept, asked)
    return entry


def result_of(kept: tuple[Any, Any], asked: tuple[Any, ...]) -> None:
    """The what-if kept, said to be of other choices when they changed since."""
    of, (new, comparison) = kept
    if of != asked:
        st.warning(tr("explore.whatif.stale"))
    reference = state.find_plan(of[0])
    if reference is not None:
        changes = change_words(list(of[1]), list(of[2]), list(of[3]))
        whatif_result(reference.plan, new, comparison, changes)
