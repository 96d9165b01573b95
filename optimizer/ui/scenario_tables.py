"""The Tables section of the Scenario page: a tab per scenario table, and the editor of the one in
view only.

Every editor drawn at once sent all of them to the browser on every visit (152 kB on
``mixed-park``) and cost the browser about 2 s laying out grids nobody looked at. The tabs track
which one is open (``st.tabs(..., on_change="rerun")``): a click on a tab reruns the page, which
draws that table's editor alone. An edit is kept in the session's scenario the moment it arrives
(:func:`_commit_edits`), so an edited table shown again later, solved or saved has its edits.

A tab is named by its table, its rows and its errors (``demands (4): 1 error``), so that a
table's problems are found without opening each tab. The open table is remembered
(:data:`SHOWN_KEY`, set by the click's callback before the page runs) and opened by the tabs'
``default``: a tab's label is part of the tabs' identity, so tabs whose labels changed (a row
added, an error fixed) start afresh, on the table remembered, and so do the tabs after a click
(their default changed): the next click's callback reads the tab chosen all the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from .. import schema
from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import scenario_description, scenario_table_title, tr, tr_n
from . import editors, state, views

#: The table whose editor is in view (a table's name; the first table until a tab is chosen).
SHOWN_KEY = "sfo.shown_table"
#: The tabs' key: the label of the tab clicked, read by :func:`_tab_chosen`.
TABS_KEY = "sfo.table_tabs"


def shown_table() -> str:
    """The table whose editor is in view."""
    chosen = st.session_state.get(SHOWN_KEY)
    return chosen if chosen in schema.TABLE_ORDER else schema.TABLE_ORDER[0]


def show_table(name: str) -> None:
    """Put the editor of table ``name`` in view on the page's next run."""
    if name not in schema.TABLE_ORDER:
        raise KeyError(f"no scenario table {name!r}; the tables are {schema.TABLE_ORDER}")
    st.session_state[SHOWN_KEY] = name


def tab_label(current: Scenario, name: str, problems: Sequence[Problem]) -> str:
    """A table's tab: its title, its rows and, when it has any, its errors."""
    title = f"{scenario_table_title(name)} ({len(current.tables[name])})"
    errors = sum(1 for p in problems if p.is_error and editors.problem_table(p) == name)
    return tr_n("grid.tab_errors", errors, title=title) if errors else title


def tables_section(current: Scenario) -> tuple[Scenario, bool]:
    """A tab per table, the editor of the open one drawn; returns the scenario with the edits and
    whether any was committed."""
    st.markdown(f"#### {tr('scenario.h.tables')}")
    names = list(schema.TABLE_ORDER)
    found = state.problems(current)
    labels = [tab_label(current, name, found) for name in names]
    shown = labels[names.index(shown_table())]
    tabs = st.tabs(
        labels,
        default=shown,
        key=TABS_KEY,
        on_change=_tab_chosen,
        args=(dict(zip(labels, names, strict=True)),),
    )
    for tab, name in zip(tabs, names, strict=True):
        if tab.open:
            st.session_state[SHOWN_KEY] = name
            with tab:
                return table_editor(current, name)
    return current, False


def _tab_chosen(tables: dict[str, str]) -> None:
    """Remember the table of the tab clicked (``tables``: the tabs' labels to their tables)."""
    chosen = tables.get(st.session_state.get(TABS_KEY, ""))
    if chosen is not None:
        st.session_state[SHOWN_KEY] = chosen


def _commit_edits(name: str, key: str) -> None:
    """Keep an edit the moment it arrives: Streamlit runs this before the next script run, whatever
    page that run draws, so an edit followed at once by a click on another page (or another
    table's tab) is not lost."""
    current = state.scenario()
    delta = st.session_state.get(key)
    if current is None or not editors.has_edits(delta):
        return
    shown = editors.editor_frame(current, name, state.problems(current))
    table = editors.apply_edits(shown, delta)
    state.set_scenario(current.with_table(name, editors.edited_table(table)))
    state.commit_table(name)


def table_editor(current: Scenario, name: str) -> tuple[Scenario, bool]:
    """The editor of one table, with its caption and its problems; returns the scenario with the
    editor's edits and whether there were any."""
    table = schema.TABLES[name]
    st.caption(
        tr(
            "grid.caption",
            description=views.plain(scenario_description(table.description)),
            key=" + ".join(table.key),
            optional="" if table.required else tr("grid.optional"),
        )
    )
    key = state.table_key(name)
    found = [p for p in state.problems(current) if editors.problem_table(p) == name]
    shown = editors.editor_frame(current, name, found)
    edited = st.data_editor(
        editors.styled(shown),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        height=editors.editor_height(len(shown)),
        column_config=editors.column_config(name, current, shown),
        on_change=_commit_edits,
        args=(name, key),
    )
    changed = editors.has_edits(st.session_state.get(key))
    if changed:
        current = current.with_table(name, editors.edited_table(edited))
        state.commit_table(name)
    if found and not changed:
        views.show_problems(found, tr("problems.in", name=scenario_table_title(name)))
    return current, changed
