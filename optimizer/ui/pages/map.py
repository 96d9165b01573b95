"""Map page: the open scenario's enterprises, candidate sites and network on a pydeck map.

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing.
"""

from __future__ import annotations

import streamlit as st

from optimizer.scenario import Scenario
from optimizer.ui import scenario_map, views
from optimizer.words.catalogue import term, tr


def counts(current: Scenario) -> None:
    tables = current.tables
    columns = st.columns(4)
    for column, (label, table) in zip(
        columns,
        (
            ("Enterprises", "enterprises"),
            ("Candidate sites", "sites"),
            ("Nodes", "nodes"),
            ("Edges", "edges"),
        ),
        strict=True,
    ):
        column.metric(term(label), f"{len(tables[table]):,}")


def render() -> None:
    st.title(tr("app.page.map"))
    current = views.require_scenario()
    if current is None:
        return
    st.caption(tr("map.caption", title=views.plain(views.scenario_title(current))))
    counts(current)
    basemap = views.basemap_toggle("map:basemap")
    views.show_deck(scenario_map.scenario_deck(current, basemap), key="map:deck")
    views.legend(scenario_map.sector_legend(current), tr("map.sectors"))
    views.legend(scenario_map.STATUS_COLOURS, tr("map.status"))
    located = len(scenario_map.enterprise_points(current)) + len(scenario_map.site_points(current))
    total = len(current.tables["enterprises"]) + len(current.tables["sites"])
    if located < total:
        st.warning(
            f"{total - located} enterprise(s) or site(s) have no valid coordinates and are not "
            "drawn; the Scenario page lists them."
        )


if __name__ == "__main__":
    render()
