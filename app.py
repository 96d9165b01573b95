"""The planner's app: ``streamlit run app.py``.

This file only wires the pages (``optimizer/ui/pages/``); each page calls the library and shows its
errors in words. ``docs/app.md`` says what each page does.

The work happens under ``if __name__ == "__main__"``: Streamlit runs this file as ``__main__``, and
a solve worker process (started with ``spawn``) imports it under another name and must not draw.
"""

from pathlib import Path

import streamlit as st

from optimizer.ui import state, views

PAGES = Path(__file__).resolve().parent / "optimizer" / "ui" / "pages"


@st.fragment(run_every=1.0)
def solve_watch() -> None:
    """While a solve runs, say so on every page, and take its plan in as soon as it is done."""
    if state.finish_job():
        st.rerun()
    running = state.job()
    if running is not None:
        st.caption(f"Solving {views.plain(running.label)}: {running.elapsed():.0f} s")


def sidebar() -> None:
    """The open scenario, the session's plans and a running solve, on every page."""
    current = state.scenario()
    with st.sidebar:
        if current is None:
            st.caption("No scenario open.")
        else:
            errors = len(state.errors(current))
            status = "ready to solve" if not errors else f"{errors} error(s)"
            unsaved = "unsaved, " if state.edits(current) else ""
            title = views.plain(views.scenario_title(current))
            st.caption(f"Scenario: **{title}** ({unsaved}{status})")
        st.caption(f"Plans this session: {len(state.plans())}")
        if state.job() is not None:
            solve_watch()


def main() -> None:
    st.set_page_config(page_title="Shared facility optimiser", page_icon=":factory:", layout="wide")
    pages = [
        st.Page(PAGES / "scenario.py", title="Scenario", icon=":material/edit_note:", default=True),
        st.Page(PAGES / "map.py", title="Map", icon=":material/map:"),
        st.Page(PAGES / "solve.py", title="Solve", icon=":material/play_circle:"),
        st.Page(PAGES / "results.py", title="Results", icon=":material/insights:"),
        st.Page(PAGES / "compare.py", title="Compare", icon=":material/compare_arrows:"),
    ]
    page = st.navigation(pages)
    page.run()
    sidebar()


if __name__ == "__main__":
    main()
