"""Map page: the open scenario's enterprises, candidate sites and network on a pydeck map, and
editing on it: click a site to see its tiers, capex and whether they are existing, and set it
required / optional / forbidden; place a new candidate site or enterprise. Each change goes into
the session's scenario tables, as an edit of the Scenario page's grids does, and is checked the
same way (:mod:`optimizer.ui.map_edits`).

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from optimizer import schema
from optimizer.origin import edit_count
from optimizer.plan_views import currency_in
from optimizer.scenario import Scenario
from optimizer.ui import (
    editors,
    map_edits,
    map_firm,
    map_panel,
    placement,
    scenario_map,
    state,
    views,
)
from optimizer.ui.deck_layers import MAP_HEIGHT
from optimizer.words.catalogue import scenario_table_title, term, tr

#: The map's width in the page's wide layout beside the panel, in pixels (the view fits the
#: park into it).
MAP_WIDTH = 640

#: The picker's "no site" choice.
NONE = map_panel.NONE

_P = "sfo.map."
#: What the last change on the map did (said once, on this page), the site to pick next, and how
#: many times the map's selection was started afresh.
NOTICE, PICK_NEXT, DECK_RESETS = map_panel.NOTICE, _P + "pick_next", map_panel.DECK_RESETS


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


def status_words() -> dict[str, str]:
    """Each status in the current language, worded now (a widget's format may be called later)."""
    return {s: tr(f"map.status.{s}") for s in map_edits.STATUSES}


def deck_key() -> str:
    """The map's key: its selection starts afresh with each opened scenario or variant, and when
    a point is picked otherwise than by a click (the map then shows no other point as picked)."""
    return state.widget_key(f"map:deck:{st.session_state.get(DECK_RESETS, 0)}")


_forget_click = map_panel.forget_click


def picker_key() -> str:
    return map_panel.picker_key("sites")


def _clicked() -> None:
    """A click on the map: in the place or move mode, where it landed (:func:`map_panel.
    clicked_place`); otherwise the site or enterprise picked (or none, for a click elsewhere)
    goes to its panel's picker."""
    selection = st.session_state.get(deck_key())
    if map_panel.clicked_place(selection):
        return
    last_click = f"{deck_key()}:last"  # the point the last click on this map picked
    chosen = map_edits.new_pick(selection, st.session_state.get(last_click))
    if chosen is not None:
        st.session_state[last_click] = chosen
        map_panel.pick(*(chosen or (None,)))


_notice = map_panel.notice


def _set_status(site_id: str, key: str) -> None:
    """The status chosen in the panel, into the sites table (as the grid writes it)."""
    current, status = state.scenario(), st.session_state.get(key)
    if current is None or status not in map_edits.STATUSES:
        return
    try:
        changed = map_edits.with_site_status(current, site_id, status)
    except KeyError:  # the site was deleted meanwhile
        return
    state.set_scenario(changed)
    state.commit_table("sites")  # the grid restarts from the table
    edits = len(state.edits(changed))

    def words() -> str:  # worded when shown, in the language of that run
        status_words = tr(f"map.status.{status}")
        return tr("map.site.set", id=site_id, status=status_words, edits=edit_count(edits))

    _notice(words, map_edits.problems_brought(current, changed))


def site_picker(current: Scenario) -> str | None:
    """The site picked by a click on the map, or here."""
    return map_panel.picker(current, "sites", tr("map.pick"), tr("map.pick.help"))


def site_panel(current: Scenario) -> None:
    """The picked site: id, name, services, tiers on offer (capacity, capex, existing), and its
    status, which may be set here."""
    st.markdown(f"#### {tr('map.panel.h')}")
    found = map_edits.site(current, site_picker(current))
    if found is None:
        st.caption(tr("map.panel.hint"))
        return
    heading = tr("map.site.h", id=found.id, name=found.name).strip()  # no name: no space
    st.markdown(f"**{views.plain(heading)}**")
    services = found.services or tr("map.tip.any_service")
    st.caption(views.plain(tr("map.site.services", services=services)))
    units, currency = scenario_map.service_units(current), currency_in(current.config)
    lines = [scenario_map.tier_line(t, units, currency) for t in found.tiers]
    st.markdown(f"{tr('map.site.tiers_h')}:")
    st.markdown(
        "\n".join(f"- {views.plain(line)}" for line in lines)
        if lines
        else views.plain(tr("map.no_tiers"))
    )
    key = f"{state.table_key('sites')}:map:status:{found.id}"
    st.radio(
        tr("map.site.status"),
        map_edits.STATUSES,
        index=map_edits.STATUSES.index(found.status) if found.status in map_edits.STATUSES else 1,
        key=key,
        horizontal=True,
        format_func=status_words().get,
        help=tr("map.site.status_help"),
        on_change=_set_status,
        args=(found.id, key),
    )
    map_panel.point_actions(current, "sites", found.id)


def _field(column: schema.Column, current: Scenario, key: str, start: Any) -> Any:
    """One field of the new point's form, from the column's declaration."""
    currency = currency_in(current.config)
    common = {
        "label": editors.column_label(column, currency),
        "help": editors.column_help(column, currency),
        "key": f"{key}:{column.name}",
    }
    empty = tr("map.place.empty")
    if column.choices:
        options = list(column.choices) if column.default else [NONE, *column.choices]
        index = options.index(column.default) if column.default in options else 0
        return st.selectbox(options=options, index=index, **common)
    if column.list_of and column.references == "services":
        return ";".join(st.multiselect(options=sorted(current.services), **common))
    if column.references in current.tables:
        ids = [NONE, *(str(i) for i in current.tables[column.references]["id"].dropna())]
        return st.selectbox(options=ids, format_func=lambda i: i or empty, **common)
    if column.type == "bool":
        return st.checkbox(value=bool(column.default), **common)
    if column.type in ("float", "int") and start is not None:  # a click may set it: no value
        st.session_state.setdefault(common["key"], start)
        return st.number_input(format=views.NUMBER_FORMAT, **common)
    if column.type in ("float", "int"):
        return st.number_input(value=column.default, format=views.NUMBER_FORMAT, **common)
    return st.text_input(value=str(column.default or ""), **common)


def place_form(current: Scenario) -> None:
    """Place a new candidate site or enterprise: the table's declared fields, longitude and
    latitude from the map's centre; the row is added when it is valid, refused in words if not
    (what was typed stays in the form)."""
    placing = map_panel.click_mode() == map_panel.PLACE
    with st.container() if placing else st.expander(tr("map.place.h")):
        if placing:
            st.markdown(f"#### {tr('map.place.h')}")
        table = st.radio(
            tr("map.place.what"),
            map_edits.PLACEABLE,
            horizontal=True,
            key=state.widget_key("map:place:what"),
            format_func={t: tr(f"map.place.{t}") for t in map_edits.PLACEABLE}.get,
        )
        lon, lat = (round(v, 6) for v in map_edits.view_centre(current))
        st.caption(
            tr("map.place.intro", lon=lon, lat=lat, table=views.plain(scenario_table_title(table)))
        )
        key = f"{state.table_key(table)}:map:place"
        starts = {"lon": lon, "lat": lat}
        with st.form(key):
            values = {
                column.name: _field(column, current, key, starts.get(column.name))
                for column in schema.TABLES[table].columns
            }
            go = st.form_submit_button(tr("map.place.go"), key=f"{key}:go", type="primary")
        if go:
            place(current, table, values)


def place(current: Scenario, table: str, values: dict[str, Any]) -> None:
    placed = map_edits.with_new_row(current, table, values)
    if placed.scenario is None:
        st.error(tr("map.place.refused", table=views.plain(scenario_table_title(table))))
        views.show_problems(placed.errors)
        return
    state.set_scenario(placed.scenario)
    state.commit_table(table)
    new_id = str(values.get("id") or "").strip()
    edits = edit_count(len(state.edits(placed.scenario)))
    where = {k: views.cell_text(values[k], exact=True) for k in ("lon", "lat")}
    what = tr(f"map.place.{table}")
    added = tr("map.place.added", what=what, id=new_id, edits=edits, **where)
    _notice(lambda: added, placed.problems)  # worded in this run, after the language is set
    if table == "sites":
        st.session_state[PICK_NEXT] = new_id
    st.session_state[map_panel.BACK_TO_PICK] = True
    st.rerun()


def render() -> None:
    st.title(tr("app.page.map"))
    current = views.require_scenario()
    if current is None:
        return
    st.caption(tr("map.caption", title=views.plain(views.scenario_title(current))))
    counts(current)
    basemap = views.basemap_toggle("map:basemap")
    if PICK_NEXT in st.session_state:  # a site just placed: picked, and no other on the map
        map_panel.pick("sites", st.session_state.pop(PICK_NEXT))
        _forget_click()
    left, right = st.columns([5, 2])
    with left:
        deck = scenario_map.scenario_deck(current, basemap, MAP_WIDTH)
        if map_panel.click_switch(current) != map_panel.PICK:
            deck = placement.with_placement(deck, current, MAP_WIDTH)
        st.pydeck_chart(
            deck,
            height=MAP_HEIGHT,
            key=deck_key(),
            on_select=_clicked,
            selection_mode="single-object",
        )
        views.legend(scenario_map.sector_legend(current), tr("map.sectors"))
        words = status_words()
        shown = {words.get(s, s): c for s, c in scenario_map.STATUS_COLOURS.items()}
        views.legend(shown, tr("map.status"))
    with right:
        notice = map_panel.said()
        if notice:  # beside the map, which keeps its place
            st.success(views.plain(notice[0]))
            views.show_problems(notice[1])
        site_panel(current)
        map_firm.enterprise_panel(current)
        place_form(current)
    errors = state.errors(current)
    if errors:
        st.error(tr("map.errors"))
        views.show_problems(errors)
    located = len(scenario_map.enterprise_points(current)) + len(scenario_map.site_points(current))
    total = len(current.tables["enterprises"]) + len(current.tables["sites"])
    if located < total:
        st.warning(tr("map.unlocated", count=total - located))


if __name__ == "__main__":
    render()
