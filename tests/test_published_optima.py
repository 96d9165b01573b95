"""Published optima of CFLP benchmark instances, reproduced through the user's route.

The instances are in ``benchmarks/instances`` (formats and provenance in their READMEs). Optimal
values: OR-Library ``capopt`` (multi-source) and Holmberg, Rönnqvist & Yuan (1999) (single-source).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer.cflp import instance_scenario, read_instance
from optimizer.pipeline import optimise

INSTANCES = Path(__file__).resolve().parent.parent / "benchmarks" / "instances"

PUBLISHED = [
    ("orlib-cap/cap41.txt", "orlib", False, 1040444.375),
    ("orlib-cap/cap71.txt", "orlib", False, 932615.750),
    ("orlib-cap/cap101.txt", "orlib", False, 796648.437),
    ("orlib-cap/cap131.txt", "orlib", False, 793439.562),
    ("holmberg/p1", "holmberg", True, 8848),
    ("holmberg/p25", "holmberg", True, 11630),
]


@pytest.mark.parametrize(
    ("file", "fmt", "single", "optimum"), PUBLISHED, ids=[p[0] for p in PUBLISHED]
)
def test_published_optimum(file, fmt, single, optimum):
    scenario = instance_scenario(read_instance(INSTANCES / file, fmt), single_source=single)
    plan = optimise(scenario)
    # capopt prints three decimals (796648.437 for 796648.4375): compare to half a thousandth.
    assert plan.solver["objective"] == pytest.approx(optimum, abs=1e-3)
    assert plan.solver["status"] == "optimal"
    assert plan.solver["gap"] <= 1e-9
    assert plan.total_cost == pytest.approx(plan.solver["objective"], rel=1e-12)


def test_orlib_reader_layouts_agree():
    """cap42 puts each customer on one line, cap41 wraps costs 7 per line: both read as 16 x 50."""
    for name in ("cap41.txt", "cap42.txt"):
        instance = read_instance(INSTANCES / "orlib-cap" / name, "orlib")
        assert instance.size == (16, 50)
        assert instance.demand.sum() == pytest.approx(58268)


def test_holmberg_matrix_orientation():
    """The Holmberg cost matrix is facility-major: cost[i, j] is customer i at facility j."""
    instance = read_instance(INSTANCES / "holmberg" / "p1", "holmberg")
    assert instance.size == (10, 50)
    tokens = (INSTANCES / "holmberg" / "p1").read_text().split()
    first_row = [float(t) for t in tokens[2 + 20 + 50 : 2 + 20 + 50 + 50]]
    assert list(instance.cost[:, 0]) == first_row


def test_symbolic_capacity_needs_a_value():
    with pytest.raises(ValueError, match="capacity"):
        read_instance(INSTANCES / "orlib-cap" / "capa.txt", "orlib")
    instance = read_instance(INSTANCES / "orlib-cap" / "capa.txt", "orlib", capacity=8000)
    assert instance.size == (100, 1000)
    assert set(instance.capacity) == {8000.0}
