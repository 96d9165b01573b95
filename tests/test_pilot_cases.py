"""The pilot parks' cases, one tiny instance each, the optimum worked out by hand in the docstring
and solved through both builders (``solve_both``): operating days reconciled along a stream,
pollutants followed along the chain, sludge to steam, a tail-water wetland, green finance.

Defaults as in ``builders.park``: discount rate 0, one operating day a year unless a service says
otherwise, lifetimes of 1 year, free transport and connections.
"""

from __future__ import annotations

import pytest
from builders import park, service
from test_model_features import opened, solve_both


def _days_chain():
    services = {
        "dyeing": service(
            operating_days_per_year=2,
            self_treatment_allowed=False,
            outputs=[
                {"name": "effluent", "ratio": 0.95, "to": "sewage", "sink_price_cny_per_unit": 2.0}
            ],
        ),
        "sewage": service(operating_days_per_year=4),
    }
    tiers = [
        {
            "site": "A",
            "service": "dyeing",
            "tier": "t",
            "capacity_per_day": 200,
            "fixed_om_cny_per_year": 10,
        },
        {
            "site": "A",
            "service": "sewage",
            "tier": "t",
            "capacity_per_day": 50,
            "fixed_om_cny_per_year": 20,
            "variable_cost_cny_per_unit": 1.0,
        },
    ]
    demands = [{"enterprise": "E1", "service": "dyeing", "demand_per_day": 100}]
    return park(demands, tiers, {("E1", "A"): 0.0}, services=services)


def test_days_reconciled_along_a_stream():
    """Pretreatment runs 2 days a year, the sewage plant 4. E1 sends 100 m3/d to pretreatment
    (fixed 10); 95 m3/d of effluent leaves it, to the sewage plant (50 m3/d, fixed 20, 1.0 per m3)
    or to the sewer at 2.0 per m3.

    The rule: the stream's yearly volume is its flow times the upstream days, 95 x 2 = 190 m3;
    the sewage plant treats those 190 m3 over its own 4 days, a load of 47.5 m3/d (within its
    50), and pays its variable cost on the same 190 m3: 4 days x 47.5 x 1.0 = 190.

    - plant: 10 + 20 + 190 = 220
    - sewer: 10 + 190 m3 x 2.0 = 390
    Optimum 220. (Counting the stream at 95 m3/d at the plant, it would not fit, and the plant
    would be charged 4 x 95 = 380 m3 a year, twice what left pretreatment.)
    """
    plan = solve_both(_days_chain())
    assert plan.total_cost == pytest.approx(220.0)
    assert opened(plan) == {("A", "dyeing", "t"), ("A", "sewage", "t")}
    flow = plan.flows.iloc[0]
    assert flow["flow_per_day"] == pytest.approx(95.0)
    assert flow["received_per_day"] == pytest.approx(47.5)
    sewage = plan.facilities[plan.facilities["service"] == "sewage"].iloc[0]
    assert sewage["load_per_day"] == pytest.approx(47.5)
    assert sewage["variable_cost"] == pytest.approx(190.0)
