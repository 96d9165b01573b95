"""A why-not's forced plan keeps the loads on their streams, as a normal solve does
(:func:`optimizer.solvers.loads.follow_loads`): a capped chain where forcing a connection makes
the model's relaxation (a stream's load leaving apart from its volume) look cheaper than any plan
of the physical rule.

E1 sends 100 m3/d of dyeing wastewater at 1,000 mg/L COD (0.1 t/year over its one day) to
pretreatment at A (fixed 10, removes half the COD: 0.05 t left); 95 % leaves as effluent, to
A's sewage plant (removes 80 %; free per m3; small: 100 m3/d for 21, large: 200 m3/d for 50) or
to the sewer at 0.2 per m3. E2 sends 100 m3/d of clean water and may treat it alone for 5. The
park may discharge 0.015 t/year of COD.

- The plan: E1 alone at pretreatment, its 95 m3/d to the small plant (0.05 x 0.2 = 0.01 t),
  E2 alone: 10 + 21 + 5 = 36.
- Why not E2 connected? Its water mixes in: 190 m3/d carry 0.05 t; a share a to the plant
  discharges 0.05 - 0.04 a, at most 0.015 when a >= 0.875 (166 m3/d), more than the small plant
  holds: the large plant, all of it: 10 + 50 = 60, 0.01 t; 24 more than the plan.
- The relaxation would send 100 m3/d carrying all the COD to the small plant and 90 m3/d of
  clean water to the sewer: 10 + 21 + 18 = 49, seeming to discharge 0.01 t, but the exact loads
  (a = 100/190) discharge 0.05 - 0.04 x 100/190 = 0.0289 t, above the cap: not a plan.
- The cap binds: set free, the forced plan sends all 190 m3/d to the sewer: 10 + 38 = 48, 12
  less, discharging 0.05 t.
"""

from __future__ import annotations

import pytest
from builders import park, service

from optimizer import optimise
from optimizer.verify import verify_plan
from optimizer.whynot import Decision, why_not


def _capped_chain():
    services = {
        "dyeing": service(
            outputs=[
                {"name": "effluent", "ratio": 0.95, "to": "sewage", "sink_price_cny_per_unit": 0.2}
            ]
        ),
        "sewage": service(self_treatment_allowed=False),
    }
    plant = {"site": "A", "service": "sewage", "variable_cost_cny_per_unit": 0.0}
    tiers = [
        {
            "site": "A",
            "service": "dyeing",
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 10,
            "variable_cost_cny_per_unit": 0.0,
        },
        {**plant, "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 21},
        {**plant, "tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 50},
    ]
    demands = [
        {
            "enterprise": "E1",
            "service": "dyeing",
            "demand_per_day": 100,
            "standalone_om_cny_per_year": 1000,
            "self_treatment_allowed": False,
        },
        {
            "enterprise": "E2",
            "service": "dyeing",
            "demand_per_day": 100,
            "standalone_om_cny_per_year": 5,
        },
    ]
    cod = {
        "removal": {"dyeing": {"shared": 0.5, "self": 0.5}, "sewage": {"shared": 0.8, "self": 0}},
        "cap_t_per_year": 0.015,
    }
    dirty = {"enterprise": "E1", "service": "dyeing", "pollutant": "COD"}
    return park(
        demands,
        tiers,
        {("E1", "A"): 0.0, ("E2", "A"): 0.0},
        services=services,
        concentrations=[{**dirty, "concentration_mg_per_l": 1000}],
        pollutants={"COD": cod},
    )


def tiers_of(plan) -> set[tuple[str, str, str]]:
    facilities = plan.facilities
    return set(zip(facilities["site"], facilities["service"], facilities["tier"], strict=True))


def test_a_forced_connection_into_a_capped_chain_follows_the_loads():
    plan = optimise(_capped_chain())
    assert plan.total_cost == pytest.approx(36.0)
    assert tiers_of(plan) == {("A", "dyeing", "t"), ("A", "sewage", "small")}
    answer = why_not(plan, Decision.parse("connect", "E2:dyeing"))
    assert answer.possible
    assert answer.delta == pytest.approx(24.0)  # 60, not the relaxation's 49
    forced = answer.plan
    assert tiers_of(forced) == {("A", "dyeing", "t"), ("A", "sewage", "large")}
    assert forced.provenance["streams_to_one_destination"] is True
    park_row = forced.pollutants[forced.pollutants["kind"] == "park"].iloc[0]
    assert park_row["discharge_t_per_year"] == pytest.approx(0.01)
    assert verify_plan(forced).ok  # feasible for the physical rule, every figure exact
    assert "costs 24.00 CNY/year more" in answer.sentences()[0]
    cap = [r for r in answer.reasons if r.kind == "cap"]
    assert cap and "12.00 CNY/year less" in cap[0].sentence, answer.sentences()
