"""Explore page: near-optimal alternatives of the working scenario (a ranked table, a map of the
one picked, downloads), what-ifs on a plan of the session (enterprises leave or join from a
file, a demand is scaled; the re-solve compared with the plan by the Compare page's views) and
the plan's leave-one-out report.

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing. Each search runs as a job
of the app's pool (:mod:`optimizer.ui.worker`), in a process of its own, like a solve: the page
shows where it stands, offers Cancel and stays usable meanwhile (:mod:`optimizer.ui.explore`).
"""

from __future__ import annotations

import streamlit as st

from optimizer.ui import state, views, worker
from optimizer.ui.explore.alternatives import alternatives_section
from optimizer.ui.explore.leave_one_out import leave_one_out_section
from optimizer.ui.explore.whatif import whatif_section
from optimizer.words.catalogue import tr


def plan_sections(entries: list[state.Entry]) -> None:
    """The what-if and the leave-one-out, on the plan picked."""
    if not entries:
        st.header(tr("explore.h.whatif"))
        st.info(tr("explore.whatif.none"))
        st.page_link(
            views.PAGE_FILES["solve"], label=tr("app.page.solve"), icon=":material/play_circle:"
        )
        return
    entry = whatif_section(entries)
    st.divider()
    leave_one_out_section(entry)


def render() -> None:
    st.title(tr("app.page.explore"))
    if not worker.inline_solves():
        state.solve_pool()  # start the workers while the planner sets the inputs
    alternatives_section(state.scenario())
    plan_sections(state.plans())


if __name__ == "__main__":
    render()
