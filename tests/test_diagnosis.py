"""The infeasibility diagnosis names the rule that binds, and by how much, through both builders
of the elastic model (the default matrix route and the reference Pyomo model).

Every scenario is built by hand (see ``builders.park``: discount rate 0, one operating day a year,
lifetime 1, free transport), its arithmetic in the test's docstring.
"""

from __future__ import annotations

import pytest
from builders import park, service
from test_pilot_cases import _cod_chain

from optimizer.diagnosis import InfeasibleError
from optimizer.pipeline import optimise, solve_options
from optimizer.problems import Problem

ROUTES = ["highs", "highs-standard-form"]


def diagnosis(scenario, solver: str) -> list[Problem]:
    with pytest.raises(InfeasibleError) as raised:
        optimise(scenario, solve_options(scenario, solver=solver))
    return list(raised.value.problems)


def by_key(problems: list[Problem]) -> dict[str, str]:
    return {p.column: str(p) for p in problems}


def alone(enterprises: tuple[str, ...], **tier) -> tuple[list[dict], list[dict], dict]:
    """Enterprises of 50 m3/d that may not self-treat, each reaching only its own site (E1 at A,
    E2 at B...), a 100 m3/d plant possible at each site."""
    sites = "ABCDEFG"[: len(enterprises)]
    demands = [
        {"enterprise": e, "demand_per_day": 50, "self_treatment_allowed": False}
        for e in enterprises
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10, **tier}
        for s in sites
    ]
    return demands, tiers, {(e, s): 0.0 for e, s in zip(enterprises, sites, strict=True)}


def budget_and_cap_park():
    """E1 (100 m3/d, COD 1,000 mg/L) and a plant at A (capex 2,000,000) that a cap of 0.03 t/year
    needs and a capital budget of 1,000,000 forbids (see the test below)."""
    demands = [{"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 50}]
    tiers = [
        {
            "site": "A",
            "tier": "t",
            "capacity_per_day": 200,
            "capex_cny": 2_000_000.0,
            "fixed_om_cny_per_year": 80,
        }
    ]
    cod = [{"enterprise": "E1", "pollutant": "COD", "concentration_mg_per_l": 1000}]
    scenario = park(
        demands,
        tiers,
        {("E1", "A"): 0},
        concentrations=cod,
        pollutants={
            "COD": {"removal": {"sewage": {"shared": 0.9, "self": 0.5}}, "cap_t_per_year": 0.03}
        },
        policy={"capital_budget_cny": 1_000_000.0},
    )
    return scenario


@pytest.mark.parametrize("solver", ROUTES)
def test_budget_and_cap_both_named_with_their_amounts(solver):
    """E1 (100 m3/d, COD 1,000 mg/L) costs 50 alone, discharging 0.05 t/year (own removal 0.5);
    the plant at A (capex 2,000,000) leaves 0.01 t (shared removal 0.9). A cap of 0.03 t needs the
    plant; a capital budget of 1,000,000 forbids it. Either change alone restores a plan: the
    budget 1,000,000 CNY higher (2,000,000), or the cap 0.02 t/year higher (0.05). Equal slacks
    per unit named only the cap."""
    scenario = budget_and_cap_park()
    problems = by_key(diagnosis(scenario, solver))
    assert set(problems) == {"policy.capital_budget_cny", "pollutants.COD.cap_t_per_year"}
    budget = problems["policy.capital_budget_cny"]
    assert "scenario.yaml" in budget
    assert "at least 2,000,000 CNY (1,000,000 CNY more)" in budget
    assert "found a capital budget of 1,000,000 CNY" in budget
    cap = problems["pollutants.COD.cap_t_per_year"]
    assert "at least 0.050 t/year (0.020 t/year more)" in cap
    assert all("any one of these 2 changes is enough" in text for text in problems.values())


@pytest.mark.parametrize("solver", ROUTES)
def test_max_facilities_named_not_the_demand(solver):
    """E1 reaches only A, E2 only B, neither may self-treat; at most one sewage facility. Only a
    second facility serves both: max_facilities.sewage must be 2 (1 more). Leaving a demand
    unserved was the cheaper slack and was named instead."""
    demands, tiers, distances = alone(("E1", "E2"))
    scenario = park(demands, tiers, distances, policy={"max_facilities": {"sewage": 1}})
    problems = diagnosis(scenario, solver)
    assert [p.column for p in problems] == ["policy.max_facilities.sewage"]
    assert "at least 2 sewage facilities (1 more facility)" in str(problems[0])
    assert "found a maximum of 1" in str(problems[0])


@pytest.mark.parametrize("solver", ROUTES)
def test_rules_that_must_change_together(solver):
    """As above with capex 100 a plant and a capital budget of 150: one plant fits the budget,
    but two are needed. Raising the maximum alone leaves the budget short (200 > 150), raising
    the budget alone leaves the maximum; the deletion filter keeps both: one more facility and
    50 CNY more."""
    demands, tiers, distances = alone(("E1", "E2"), capex_cny=100.0)
    policy = {"max_facilities": {"sewage": 1}, "capital_budget_cny": 150.0}
    problems = by_key(diagnosis(park(demands, tiers, distances, policy=policy), solver))
    assert set(problems) == {"policy.max_facilities.sewage", "policy.capital_budget_cny"}
    assert "(1 more facility)" in problems["policy.max_facilities.sewage"]
    assert "at least 200 CNY (50 CNY more)" in problems["policy.capital_budget_cny"]
    assert all("together with the other 1 changes" in text for text in problems.values())


@pytest.mark.parametrize("solver", ROUTES)
def test_site_area_named_with_the_area_missing(solver):
    """E1 needs sewage and sludge treatment at A (no self-treatment, A the only site in reach);
    each plant takes 150 m2, the site has 200 m2: 100 m2 more."""
    tiers = [
        {
            "site": "A",
            "tier": "t",
            "capacity_per_day": 100,
            "fixed_om_cny_per_year": 10,
            "area_m2": 150,
            "service": s,
        }
        for s in ("sewage", "sludge")
    ]
    demands = [
        {"enterprise": "E1", "service": s, "demand_per_day": q, "self_treatment_allowed": False}
        for s, q in (("sewage", 50), ("sludge", 5))
    ]
    services = {"sewage": service(), "sludge": service(unit="t")}
    scenario = park(
        demands, tiers, {("E1", "A"): 0.0}, sites=[{"id": "A", "area_m2": 200}], services=services
    )
    problems = diagnosis(scenario, solver)
    assert [(p.source, p.row_id, p.column) for p in problems] == [("sites.csv", "A", "area_m2")]
    assert "at least 300 m2 (100 m2 more)" in str(problems[0])


@pytest.mark.parametrize("solver", ROUTES)
def test_outfall_cap_named_with_its_amount(solver):
    """The pilot's COD chain (``_cod_chain``): 0.05 t/year of COD leave pretreatment with its 95
    m3/d of effluent, to the sewer (the pretreatment's outfall, permit 0.02 t/year) or to a sewage
    plant that now takes at most 40 m3/d. Split, the effluent's loads go where its volume goes, so
    at most 40/95 of the COD reaches the plant and the permit breaks; the re-solve with the stream
    sent to one destination (the rule that keeps loads on their streams) can only send it all to
    the sewer: 0.05 t/year, 0.03 above the permit. Only the outfall cap is named, with that."""
    plant = [{"tier": "t", "fixed_om_cny_per_year": 20, "capacity_per_day": 40}]
    scenario = _cod_chain(sink_price=0.8, outfall_cap={"dyeing": 0.02}, sewage_tiers=plant)
    key = "pollutants.COD.outfall_cap_t_per_year.dyeing"
    problems = by_key(diagnosis(scenario, solver))
    assert list(problems) == [key]
    assert "at least 0.050 t/year (0.030 t/year more)" in problems[key]
