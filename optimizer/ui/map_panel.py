"""The Map page's panels for what a click does beyond picking a site: a picked point moved by a
click on the map (its typed distances recomputed or kept, as the planner chooses beforehand) or
deleted with the rows that refer to it (the variant keys that name it said beforehand), the
pickers of the site and the enterprise panels (:mod:`optimizer.ui.map_firm`), and the switch that
makes the next click place the new point or move the picked one (:mod:`optimizer.ui.placement`).

Each change goes into the session's scenario tables (:mod:`optimizer.ui.map_points`), counts as
an edit and is checked as the grids' edits are; what it did is said beside the map on the next
run (:data:`NOTICE`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from ..network.snapping import detour_factor
from ..origin import edit_count
from ..problems import Problem
from ..scenario import Scenario
from ..words.catalogue import scenario_table_title, tr, tr_n
from . import map_points, placement, state, views
from .scenario_map import cell, quantity

_P = "sfo.map."
#: What the last change on the map did (said once, on the Map page), and how many times the
#: map's selection was started afresh.
NOTICE, DECK_RESETS = _P + "notice", _P + "deck_resets"

#: Set when the next run's click switch goes back to picking (a point just placed).
BACK_TO_PICK = _P + "back_to_pick"

#: The picker's "no point" choice.
NONE = ""

#: What a click on the map does: pick a point, give the new point's place, move the picked one.
PICK, PLACE, MOVE = "pick", "place", "move"


def notice(message: Callable[[], str], problems: Sequence[Problem] = ()) -> None:
    """Say what a change on the map did, on the next run, with the problems it brought. The
    message is worded when it is shown: a widget's callback runs before the run sets the
    language chosen (worded there, it would be in the default language)."""
    st.session_state[NOTICE] = (message, list(problems))


def said() -> tuple[str, list[Problem]] | None:
    """What the last change on the map did, worded now, once; None when nothing was changed."""
    kept = st.session_state.pop(NOTICE, None)
    if not kept:
        return None
    message, problems = kept
    return (message() if callable(message) else str(message)), problems


def forget_click() -> None:
    """Start the map's selection afresh (a point picked in a panel's picker, placed or moved)."""
    st.session_state[DECK_RESETS] = int(st.session_state.get(DECK_RESETS, 0)) + 1


def picker_key(table: str) -> str:
    """The key of the panel's picker of a site (``sites``) or an enterprise (``enterprises``)."""
    return state.widget_key("map:site" if table == "sites" else "map:enterprise")


def click_key() -> str:
    return state.widget_key("map:click")


def place_key(table: str, column: str) -> str:
    """The key of a field of the form placing a new row in ``table``."""
    return f"{state.table_key(table)}:map:place:{column}"


def focus() -> tuple[str, str] | None:
    """The point picked (its table and id): the site picked, else the enterprise picked."""
    for table in ("sites", "enterprises"):
        chosen = st.session_state.get(picker_key(table), NONE)
        if chosen:
            return table, str(chosen)
    return None


def pick(table: str | None, point_id: str = NONE) -> None:
    """Pick a point in its panel's picker (and none in the other's); None: pick none."""
    for each in ("sites", "enterprises"):
        st.session_state[picker_key(each)] = point_id if each == table else NONE


def edits_now(changed: Scenario) -> int:
    """How many edits the scenario now has (to be worded by :func:`edit_count` when shown)."""
    return len(state.edits(changed))


def keep(changed: map_points.Changed, tables: Sequence[str]) -> None:
    state.set_scenario(changed.scenario)
    for table in tables:
        state.commit_table(table)  # the grid restarts from the table


# ---------------------------------------------------------------------------------------------
# A click on the map
# ---------------------------------------------------------------------------------------------


def click_mode() -> str:
    """What a click on the map does (the switch above the map), :data:`PICK` by default."""
    mode = st.session_state.get(click_key(), PICK)
    return mode if mode in (PICK, PLACE, MOVE) else PICK


def click_switch(current: Scenario) -> str:
    """The switch above the map: what a click does; the move is offered for a picked point."""
    picked = focus()
    modes = [PICK, PLACE, *([MOVE] if picked else [])]
    if st.session_state.pop(BACK_TO_PICK, False) or st.session_state.get(click_key()) not in modes:
        st.session_state[click_key()] = PICK
    shown = {PICK: tr("map.click.pick"), PLACE: tr("map.click.place")}
    if picked:
        shown[MOVE] = tr("map.click.move", what=tr(f"map.what.{picked[0]}"), id=picked[1])
    pitch = quantity(placement.grid_for(current).pitch_m)
    return st.radio(
        tr("map.click"),
        modes,
        key=click_key(),
        horizontal=True,
        format_func=shown.get,
        help=tr("map.click.help", pitch=pitch),
    )


def clicked_place(selection: Mapping[str, Any] | None) -> bool:
    """A click in the place or move mode (:func:`click_mode`): the place goes into the new
    point's form, or the picked point moves there. True when the click was such a one."""
    mode = click_mode()
    if mode == PICK:
        return False
    where = placement.clicked_at(selection)
    if where is None:  # a second click on the same cell lets it go: nothing to do
        return True
    lon, lat = where
    forget_click()
    if mode == PLACE:
        for table in ("sites", "enterprises"):
            st.session_state[place_key(table, "lon")] = lon
            st.session_state[place_key(table, "lat")] = lat
        where = {"lon": views.cell_text(lon, True), "lat": views.cell_text(lat, True)}
        notice(lambda: tr("map.click.placed", **where))
        return True
    picked = focus()
    current = state.scenario()
    if picked is None or current is None:
        return True
    move(current, *picked, lon, lat)
    st.session_state[click_key()] = PICK
    return True


def move(current: Scenario, table: str, point_id: str, lon: float, lat: float) -> None:
    """Move the point there (emptying its node, and recomputing or keeping its typed distances,
    as the panel's choices say)."""
    node = map_points.node_of(current, table, point_id)
    reconnect = bool(node) and bool(st.session_state.get(reconnect_key(table, point_id), True))
    choice = st.session_state.get(distances_key(table, point_id), map_points.RECOMPUTE)
    try:
        changed = map_points.with_moved(current, table, point_id, lon, lat, reconnect, choice)
    except KeyError:  # deleted meanwhile
        return
    keep(changed, [table, *(["distances"] if changed.recomputed else [])])
    where = {"lon": views.cell_text(lon, True), "lat": views.cell_text(lat, True)}
    edits, detour = edits_now(changed.scenario), f"{detour_factor(current):g}"
    tables = current.tables
    by_network = bool(len(tables["edges"])) and not len(tables["distances"])
    by_table = table == "enterprises" and bool(len(tables["distances"]))  # the network unused

    def words() -> str:
        what = tr(f"map.what.{table}")
        said = [tr("map.moved", what=what, id=point_id, edits=edit_count(edits), **where)]
        if reconnect:
            said.append(tr("map.moved.node_table" if by_table else "map.moved.node", node=node))
        elif node and by_network:
            said.append(tr("map.moved.kept_node", node=node))
        return " ".join([*said, *distance_words(changed, choice, detour)])

    notice(words, changed.problems)


def distance_words(changed: map_points.Changed, choice: str, detour: str) -> list[str]:
    """What a move did with the point's typed distances (none said when it has none)."""
    said = []
    if changed.recomputed:
        said.append(tr_n("map.moved.distances", changed.recomputed, detour=detour))
    if changed.typed:
        kept = "map.moved.distances_kept" if choice == map_points.KEEP else "map.moved.unplaced"
        said.append(tr_n(kept, changed.typed))
    return said


def reconnect_key(table: str, point_id: str) -> str:
    return state.widget_key(f"map:reconnect:{table}:{point_id}")


def distances_key(table: str, point_id: str) -> str:
    return state.widget_key(f"map:distances:{table}:{point_id}")


def distances_choice(current: Scenario, table: str, point_id: str) -> None:
    """Before a move: what it does with the point's rows of the distances table, if it has any
    (recompute them from the new place, or keep them as typed)."""
    typed = len(map_points.distance_rows(current, table, point_id))
    if not typed:
        return
    shown = {c: tr(f"map.move.distances.{c}") for c in map_points.DISTANCE_CHOICES}
    detour = f"{detour_factor(current):g}"
    st.radio(
        tr_n("map.move.distances", typed),
        map_points.DISTANCE_CHOICES,
        key=distances_key(table, point_id),
        format_func=shown.get,
        help=tr_n("map.move.distances_help", typed, id=point_id, detour=detour),
    )


# ---------------------------------------------------------------------------------------------
# Moving and deleting the picked point
# ---------------------------------------------------------------------------------------------


def point_actions(current: Scenario, table: str, point_id: str) -> None:
    """Under a picked point's panel: whether a move reconnects it, and its deletion (what it
    removes said beforehand)."""
    node = map_points.node_of(current, table, point_id)
    if node:
        st.checkbox(
            tr("map.move.reconnect"),
            value=True,
            key=reconnect_key(table, point_id),
            help=tr("map.move.reconnect_help", id=point_id, node=node),
        )
    distances_choice(current, table, point_id)
    rows = map_points.referring_rows(current, table, point_id)
    if rows:
        st.caption(views.plain(tr("map.delete.what", id=point_id, rows=row_counts(rows))))
    else:
        st.caption(views.plain(tr("map.delete.alone", id=point_id)))
    named = map_points.variant_keys_naming(current, table, point_id)
    if named:
        keys = "; ".join(f"{k.variant}: {k.key}" for k in named)
        where = {"id": point_id, "keys": keys, "settings": current.settings_label}
        st.warning(views.plain(tr_n("map.delete.variants", len(named), **where)))
    st.button(
        tr("map.delete.go", id=point_id),
        key=state.widget_key(f"map:delete:{table}:{point_id}"),
        on_click=delete,
        args=(table, point_id),
    )


def row_counts(rows: Mapping[str, Any]) -> str:
    """``1 of demands, 2 of distances`` (counts or lists of rows, by table, titled)."""
    return ", ".join(
        tr(
            "map.delete.rows",
            count=f"{n if isinstance(n, int) else len(n):,}",
            table=scenario_table_title(t),
        )
        for t, n in rows.items()
    )


def delete(table: str, point_id: str) -> None:
    """Delete the point and the rows that refer to it (:func:`map_points.without_point`)."""
    current = state.scenario()
    if current is None:
        return
    try:
        changed = map_points.without_point(current, table, point_id)
    except KeyError:  # deleted meanwhile
        return
    keep(changed, list(changed.removed))
    others = {t: n for t, n in changed.removed.items() if t != table}
    edits = edits_now(changed.scenario)

    def words() -> str:
        what, count = tr(f"map.what.{table}"), edit_count(edits)
        if others:
            return tr("map.deleted", what=what, id=point_id, rows=row_counts(others), edits=count)
        return tr("map.deleted.alone", what=what, id=point_id, edits=count)

    notice(words, changed.problems)
    pick(None)
    forget_click()


# ---------------------------------------------------------------------------------------------
# The enterprise picked
# ---------------------------------------------------------------------------------------------


def _picked_in(table: str) -> None:
    """A point picked in a panel's picker: none in the other one, and none on the map."""
    chosen = st.session_state.get(picker_key(table), NONE)
    if chosen:
        pick(table, chosen)
    forget_click()


def picker(current: Scenario, table: str, label: str, help_text: str) -> str | None:
    """A panel's picker of a site or an enterprise (filled by a click on the map too)."""
    rows = current.tables[table].dropna(subset=["id"])
    ids = [str(i) for i in rows["id"]]
    shown = {i: f"{i} {cell(n)}".strip() for i, n in zip(ids, rows["name"], strict=True)}
    shown[NONE] = tr("map.pick.none")  # worded now: the format may be called later
    key = picker_key(table)
    if st.session_state.get(key, NONE) not in (NONE, *ids):
        st.session_state[key] = NONE  # the point is no longer in the table
    chosen = st.selectbox(
        label,
        [NONE, *ids],
        key=key,
        format_func=shown.get,
        help=help_text,
        on_change=_picked_in,
        args=(table,),
    )
    return chosen or None
