"""Enterprises and sites snapped far onto the network: probably a wrong coordinate or a missing node."""

from __future__ import annotations

from ..network.snapping import snapping
from ..problems import Problem
from ..scenario import Scenario
from ..words.said import said
from .gate import _Gate

#: A snapping leg longer than this (km, detour included) is reported.
FAR_SNAP_KM = 1.0


def _far_snaps(scenario: Scenario, gate: _Gate) -> list[Problem]:
    """A warning for each enterprise or site joined to the network by a leg above FAR_SNAP_KM."""
    if scenario.tables["edges"].empty or not gate.reach_ok:
        return []
    legs = snapping(scenario)
    far = legs[legs["snap_km"] > FAR_SNAP_KM]
    problems = []
    for row in far.itertuples(index=False):
        table = "enterprises" if row.kind == "enterprise" else "sites"
        ids = scenario.tables[table]["id"].astype(str).tolist()
        line = ids.index(str(row.id)) + 2 if str(row.id) in ids else None
        problems.append(
            Problem(
                scenario.source_label(table),
                "node",
                said("problem.node_within", km=f"{FAR_SNAP_KM:g}"),
                row_id=str(row.id),
                line=line,
                severity="warning",
                found=said("problem.nearest_node", node=row.node, km=f"{row.snap_km:.2f}"),
            )
        )
    return problems
