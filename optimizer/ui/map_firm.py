"""The Map page's panel of the enterprise picked: its demands per service with their units, what
treating alone costs it, its demand per day set (into the demands table, as its grid writes it),
then its move and deletion (:func:`optimizer.ui.map_panel.point_actions`)."""

from __future__ import annotations

import streamlit as st

from ..origin import edit_count
from ..plan_views import currency_in
from ..scenario import Scenario
from ..words import money
from ..words.catalogue import tr
from . import map_points, state, views
from .map_panel import edits_now, keep, notice, picker, point_actions
from .scenario_map import quantity


def enterprise_panel(current: Scenario) -> None:
    """The picked enterprise: id, name, sector, its node, and per service its demand (which may
    be set here) and what treating alone costs it; then its move and deletion."""
    found = map_points.enterprise(
        current, picker(current, "enterprises", tr("map.firm.pick"), tr("map.firm.pick_help"))
    )
    if found is None:
        return
    st.markdown(f"**{views.plain(tr('map.firm.h', id=found.id, name=found.name).strip())}**")
    node = found.node or tr("map.firm.nearest")
    st.caption(views.plain(tr("map.firm.sector", sector=found.sector or "-", node=node)))
    st.markdown(f"{tr('map.firm.demands_h')}:")
    currency = currency_in(current.config)
    lines = [views.plain(alone_line(d, currency)) for d in found.demands]
    st.markdown("\n".join(f"- {line}" for line in lines) if lines else tr("map.firm.no_demand"))
    for demand in found.demands:
        key = f"{state.table_key('demands')}:map:demand:{found.id}:{demand.service}"
        st.number_input(
            tr("map.firm.demand", service=demand.service, unit=demand.unit),
            value=demand.per_day,
            key=key,
            format=views.NUMBER_FORMAT,
            help=tr("map.firm.demand_help"),
            on_change=_set_demand,
            args=(found.id, demand.service, demand.unit, key),
        )
    point_actions(current, "enterprises", found.id)


def alone_line(demand: map_points.Demand, currency: str) -> str:
    """One demand and what treating it alone costs, in the scenario's currency."""
    return tr(
        "map.firm.alone",
        service=demand.service,
        per_day=quantity(demand.per_day),
        unit=demand.unit,
        capex=money(demand.capex, digits=0),
        lifetime=quantity(demand.lifetime_years),
        om=money(demand.om_per_year, digits=0),
        yearly=money(demand.alone_per_year, digits=0),
        currency=currency,
        allowed=tr("map.firm.alone_no") if demand.alone_allowed is False else "",
    )


def _set_demand(enterprise_id: str, service: str, unit: str, key: str) -> None:
    current, value = state.scenario(), st.session_state.get(key)
    if current is None or value is None:
        return
    try:
        changed = map_points.with_demand(current, enterprise_id, service, float(value))
    except KeyError:  # deleted meanwhile
        return
    keep(changed, ["demands"])
    edits, per_day = edits_now(changed.scenario), quantity(float(value))
    fields = {"id": enterprise_id, "service": service, "per_day": per_day, "unit": unit}
    notice(lambda: tr("map.firm.set", edits=edit_count(edits), **fields), changed.problems)
