"""Damaged and extreme copies of the shipped scenarios (:mod:`hostile`), a sample of every kind,
through ``optimizer validate`` and ``optimizer solve``: each is refused with a message that names
the file and the key (or line), or solves to the base plan when it means the same; never a
traceback, never a silently different plan. ``benchmarks/hostile_inputs.py`` runs a thousand.
"""

from __future__ import annotations

import hostile
import pytest

SEED = 16
#: Five of each family of damage.
SAMPLE = 5 * len(hostile.MAKERS)
DAMAGES = hostile.damages(SEED, SAMPLE)


@pytest.fixture(scope="module")
def base_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    work = tmp_path_factory.mktemp("bases")
    return {base: hostile.base_plan(base, work) for base in hostile.BASES}


def test_the_sample_covers_every_family_and_expectation():
    assert {d.kind for d in DAMAGES} >= set(hostile.MAKERS)
    assert {d.expect for d in hostile.damages(SEED, 400)} == {"refuse", "same", "any"}


@pytest.mark.parametrize(
    "index", range(SAMPLE), ids=[f"{i}-{d.kind}" for i, d in enumerate(DAMAGES)]
)
def test_a_damaged_scenario_is_refused_clearly_or_solved_to_the_base_plan(
    index, tmp_path, base_plans
):
    damage = DAMAGES[index]
    result = hostile.run_damage(damage, tmp_path)
    assert hostile.verdict(result, base_plans[damage.base]) == hostile.OK, (
        damage.label,
        result.note,
    )


def _result(expect: str, validate: tuple[int, str], solve: tuple[int, str]) -> hostile.Result:
    return hostile.Result("x", "yaml", expect, validate, solve)


def test_the_verdict_sees_each_way_of_going_wrong(base_plans):
    """The judge itself, on made-up outcomes: it must not pass what the suite exists to catch."""
    base = base_plans["tiny"]
    plan = '{"status": "optimal", "solver": {"gap": 0.0}, "kpis": %s}'
    same = (
        plan
        % '{"total_annual_cost": %r, "facilities": %d, "smes_connected": %d}'
        % (
            base["kpis"]["total_annual_cost"],
            base["kpis"]["facilities"],
            base["kpis"]["smes_connected"],
        )
    )
    other = plan % '{"total_annual_cost": 1.0, "facilities": 0, "smes_connected": 0}'
    clear = '{"valid": false, "errors": [{"source": "scenario.yaml", "column": "x", "line": 3}]}'
    vague = (
        '{"valid": false, "errors": [{"source": "scenario.yaml", "column": null, "line": null}]}'
    )
    internal = "optimizer: internal error while solving x: KeyError: 'a'"
    cases = [
        (_result("refuse", (1, clear), (1, clear)), hostile.OK),
        (_result("same", (0, ""), (0, same)), hostile.OK),
        (_result("refuse", (1, clear), (1, internal)), hostile.TRACEBACK),
        (_result("refuse", (1, vague), (1, vague)), hostile.VAGUE),
        (_result("refuse", (0, ""), (0, same)), hostile.ACCEPTED),
        (_result("same", (0, ""), (0, other)), hostile.CHANGED),
        (_result("same", (1, clear), (1, clear)), hostile.REFUSED_VALID),
        (_result("refuse_or_same", (1, clear), (0, same)), hostile.DISAGREE),
    ]
    assert [hostile.verdict(result, base) for result, _ in cases] == [v for _, v in cases]
