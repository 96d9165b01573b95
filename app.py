"""The planner's app: ``streamlit run app.py``.

This file only wires the pages (``optimizer/ui/pages/``); each page calls the library and shows its
errors in words. ``docs/app.md`` says what each page does.

The work happens under ``if __name__ == "__main__"``: Streamlit runs this file as ``__main__``, and
a solve worker process (started with ``spawn``) imports it under another name and must not draw.
"""

from pathlib import Path

import streamlit as st

from optimizer.ui import state, views
from optimizer.ui.language import language_switch, session_language
from optimizer.words.catalogue import tr

PAGES = Path(__file__).resolve().parent / "optimizer" / "ui" / "pages"


@st.fragment(run_every=1.0)
def solve_watch() -> None:
    """While a solve runs, say so on every page, and take its plan in as soon as it is done."""
    if state.finish_job():
        st.rerun()
    running = state.job()
    if running is not None:
        seconds = f"{running.elapsed():.0f}"
        st.caption(tr("app.solving", label=views.plain(running.label), seconds=seconds))


def sidebar() -> None:
    """The open scenario, the session's plans and a running solve, on every page."""
    current = state.scenario()
    with st.sidebar:
        if current is None:
            st.caption(tr("app.no_scenario"))
        else:
            errors = len(state.errors(current))
            status = tr("app.ready") if not errors else tr("app.errors", count=errors)
            unsaved = tr("app.unsaved") if state.edits(current) else ""
            title = views.plain(views.scenario_title(current))
            st.caption(tr("app.scenario_status", title=title, unsaved=unsaved, status=status))
        st.caption(tr("app.plans", count=len(state.plans())))
        if state.job() is not None:
            solve_watch()


def main() -> None:
    session_language()  # first: every word below is in the language chosen
    st.set_page_config(page_title=tr("app.title"), page_icon=":factory:", layout="wide")
    language_switch()
    pages = [
        st.Page(
            PAGES / "scenario.py",
            title=tr("app.page.scenario"),
            icon=":material/edit_note:",
            default=True,
        ),
        st.Page(PAGES / "map.py", title=tr("app.page.map"), icon=":material/map:"),
        st.Page(PAGES / "solve.py", title=tr("app.page.solve"), icon=":material/play_circle:"),
        st.Page(PAGES / "results.py", title=tr("app.page.results"), icon=":material/insights:"),
        st.Page(
            PAGES / "compare.py", title=tr("app.page.compare"), icon=":material/compare_arrows:"
        ),
        st.Page(PAGES / "explore.py", title=tr("app.page.explore"), icon=":material/explore:"),
    ]
    page = st.navigation(pages)
    page.run()
    sidebar()


if __name__ == "__main__":
    main()
