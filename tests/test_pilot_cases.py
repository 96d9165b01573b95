"""The pilot parks' cases, one tiny instance each, the optimum worked out by hand in the docstring
and solved through both builders (``solve_both``): operating days reconciled along a stream,
pollutants followed along the chain, sludge to steam, a tail-water wetland, green finance.

Defaults as in ``builders.park``: discount rate 0, one operating day a year unless a service says
otherwise, lifetimes of 1 year, free transport and connections.
"""

from __future__ import annotations

import pytest
from builders import park, service
from test_model_features import _chain, opened, solve_both


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
    plan = solve_both(_chain(sink_price=2.0, dyeing_days=2, sewage_days=4, sewage_capacity=50))
    assert plan.total_cost == pytest.approx(220.0)
    assert opened(plan) == {("A", "dyeing", "t"), ("A", "sewage", "t")}
    flow = plan.flows.iloc[0]
    assert flow["flow_per_day"] == pytest.approx(95.0)
    assert flow["received_per_day"] == pytest.approx(47.5)
    sewage = plan.facilities[plan.facilities["service"] == "sewage"].iloc[0]
    assert sewage["load_per_day"] == pytest.approx(47.5)
    assert sewage["variable_cost"] == pytest.approx(190.0)


def _cod_chain(cap=None, sink_price=1.0, sewage_tiers=None, outfall_cap=None, clean=False):
    """E1 sends 100 m3/d of dyeing wastewater at 1,000 mg/L COD (0.1 t/year over its one day) to
    pretreatment (fixed 10, removes half the COD); 95 % of what it treats leaves as effluent, to
    the sewage plant (removes 80 %; fixed 20, 1.0 per m3 unless said otherwise) or to the sewer at
    ``sink_price`` per m3. ``clean``: E2 sends 100 m3/d without COD to the same pretreatment."""
    services = {
        "dyeing": service(
            self_treatment_allowed=False,
            outputs=[
                {
                    "name": "effluent",
                    "ratio": 0.95,
                    "to": "sewage",
                    "sink_price_cny_per_unit": sink_price,
                }
            ],
        ),
        "sewage": service(),
    }
    plant = {"site": "A", "service": "sewage", "capacity_per_day": 200}
    pretreatment = {"site": "A", "service": "dyeing", "tier": "t", "capacity_per_day": 200}
    tiers = [
        {**pretreatment, "fixed_om_cny_per_year": 10, "variable_cost_cny_per_unit": 0.0},
        *[
            {**plant, "variable_cost_cny_per_unit": 1.0, **t}
            for t in sewage_tiers or [{"tier": "t", "fixed_om_cny_per_year": 20}]
        ],
    ]
    demands = [{"enterprise": "E1", "service": "dyeing", "demand_per_day": 100}]
    demands += [{"enterprise": "E2", "service": "dyeing", "demand_per_day": 100}] if clean else []
    cod = {
        "removal": {"dyeing": {"shared": 0.5, "self": 0.5}, "sewage": {"shared": 0.8, "self": 0}},
        "cap_t_per_year": cap,
    }
    if outfall_cap is not None:
        cod["outfall_cap_t_per_year"] = outfall_cap
    dirty = {"enterprise": "E1", "service": "dyeing", "pollutant": "COD"}
    return park(
        demands,
        tiers,
        {(row["enterprise"], "A"): 0.0 for row in demands},
        services=services,
        concentrations=[{**dirty, "concentration_mg_per_l": 1000}],
        pollutants={"COD": cod},
    )


def _ledger(plan, kind, service=None):
    rows = plan.pollutants[plan.pollutants["kind"] == kind]
    if service is not None:
        rows = rows[rows["service"] == service]
    return rows.iloc[0]


def test_pollutants_counted_where_they_leave_the_park():
    """0.1 t/year of COD enters pretreatment, which removes 0.05; the 0.05 left travel with the
    95 m3/d of effluent. The sewer costs 0.8 per m3, the sewage plant 20 + 1.0 per m3. Sending a
    share a of the effluent to the plant costs 10 + 20 + 95 (0.8 (1 - a) + 1.0 a) and discharges
    0.05 (1 - a) at the sewer plus 0.05 a x 0.2 at the plant's outfall, 0.05 - 0.04 a t.

    - no cap: the sewer alone, 10 + 76 = 86, 0.05 t discharged;
    - a park-wide cap of 0.03 t: a >= 0.5, least at a = 0.5: 30 + 76 + 9.5 = 115.5. The ledger:
      pretreatment removes 0.05, sends 0.025 on to the plant and 0.025 to the sewer; the plant
      removes 0.02 and discharges 0.005; 0.03 t leave the park, 0.07 t are removed.
    (Counting COD once, at the first treatment, every plan would discharge 0.05 t and the cap
    could not be met.)
    """
    free = solve_both(_cod_chain(sink_price=0.8))
    assert free.total_cost == pytest.approx(86.0)
    park_row = _ledger(free, "park")
    assert park_row["received_t_per_year"] == pytest.approx(0.1)
    assert park_row["discharge_t_per_year"] == pytest.approx(0.05)
    assert _ledger(free, "facility", "dyeing")["discharged_to"] == "external sink (effluent)"
    capped = solve_both(_cod_chain(cap=0.03, sink_price=0.8))
    assert capped.total_cost == pytest.approx(115.5)
    pre, plant = _ledger(capped, "facility", "dyeing"), _ledger(capped, "facility", "sewage")
    assert pre["removed_t_per_year"] == pytest.approx(0.05)
    assert pre["passed_on_t_per_year"] == pytest.approx(0.025)
    assert pre["discharge_t_per_year"] == pytest.approx(0.025)
    assert plant["received_t_per_year"] == pytest.approx(0.025)
    assert plant["removed_t_per_year"] == pytest.approx(0.02)
    assert plant["discharge_t_per_year"] == pytest.approx(0.005)
    assert plant["discharged_to"] == "its outfall"
    park_row = _ledger(capped, "park")
    assert park_row["removed_t_per_year"] == pytest.approx(0.07)
    assert park_row["discharge_t_per_year"] == pytest.approx(0.03)
    assert capped.provenance["streams_to_one_destination"] is False


SMALL_AND_LARGE_PLANT = [
    {"tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 21},
    {"tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 50},
]


def test_the_load_of_a_split_stream_goes_where_its_volume_goes():
    """E1's COD and E2's clean water mix in pretreatment: 190 m3/d of effluent carry 0.05 t. The
    sewer costs 0.2 per m3; the plant is free per m3, 21 for a small tier (100 m3/d) or 50 for a
    large one (200 m3/d). A share a of the effluent to the plant discharges 0.05 - 0.04 a t.

    - all to the sewer: 10 + 38 = 48, 0.05 t
    - 100 m3/d to the small plant, 90 to the sewer: 10 + 21 + 18 = 49, a = 100/190: 0.02895 t
    - all to the large plant: 10 + 50 = 60, 0.01 t
    A cap of 0.03 t: the split, 49. A cap of 0.015 t needs a >= 0.875, more than the small tier
    holds: the large plant, 60. Were the load free to leave apart from its volume, the split would
    seem to meet 0.015 t with all the COD in the 100 m3/d sent to the plant (no more than E1's
    concentration) and clean water to the sewer: the exact loads show it does not, and the model
    is solved again with the effluent sent to one place.
    """
    mixed = {"sink_price": 0.2, "clean": True}
    tiers = [{**t, "variable_cost_cny_per_unit": 0.0} for t in SMALL_AND_LARGE_PLANT]
    assert solve_both(_cod_chain(sewage_tiers=tiers, **mixed)).total_cost == pytest.approx(48.0)
    split = solve_both(_cod_chain(cap=0.03, sewage_tiers=tiers, **mixed))
    assert split.total_cost == pytest.approx(49.0)
    assert _ledger(split, "park")["discharge_t_per_year"] == pytest.approx(0.05 - 0.04 / 1.9)
    whole = solve_both(_cod_chain(cap=0.015, sewage_tiers=tiers, **mixed))
    assert whole.total_cost == pytest.approx(60.0)
    assert opened(whole) == {("A", "dyeing", "t"), ("A", "sewage", "large")}
    assert _ledger(whole, "park")["discharge_t_per_year"] == pytest.approx(0.01)
    assert whole.provenance["streams_to_one_destination"] is True


def test_outfall_cap():
    """The first chain (sewer at 0.8), no park-wide cap, but the sewer takes at most 0.02 t/year
    from the pretreatment plants (their outfall's permit): 0.05 (1 - a) <= 0.02 needs a >= 0.6,
    costing 30 + 76 + 19 x 0.6 = 117.4; the pretreatment's outfall row shows 0.02 against 0.02."""
    plan = solve_both(_cod_chain(sink_price=0.8, outfall_cap={"dyeing": 0.02}))
    assert plan.total_cost == pytest.approx(117.4)
    permit = _ledger(plan, "outfall cap", "dyeing")
    assert (permit["discharge_t_per_year"], permit["cap_t_per_year"]) == pytest.approx((0.02, 0.02))
