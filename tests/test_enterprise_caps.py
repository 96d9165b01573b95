"""Per-enterprise pollutant caps (the ``enterprise_caps`` table, an enterprise's discharge permit):
hand-worked instances through both builders, the diagnosis of an infeasible cap, the scenario
checks, verification and the ledger.

The cap counts what the enterprise itself discharges: its demands' load it treats alone, after its
own removal. What it sends to a shared facility is that facility's discharge, counted at the
facility's outfall. As in ``test_model_features.py`` (see ``builders.park``): discount rate 0, one
operating day a year, lifetimes of 1 year, free transport and connections.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import park
from test_model_features import opened, served, solve_both

from optimizer.checks import check
from optimizer.diagnosis import InfeasibleError
from optimizer.prepare import prepare
from optimizer.solvers.enterprise_caps import enterprise_cap_rows
from optimizer.verify import verify_plan

#: E1 and E2: 100 m3/d each, COD 1,000 mg/L, 50 a year each to treat alone.
PAIR = [
    {"enterprise": "E1", "demand_per_day": 100, "standalone_om_cny_per_year": 50},
    {"enterprise": "E2", "demand_per_day": 100, "standalone_om_cny_per_year": 50},
]
#: At site A, a small tier (one of them) for 60, a large one (both) for 120.
SMALL_LARGE = [
    {"site": "A", "tier": "small", "capacity_per_day": 100, "fixed_om_cny_per_year": 60},
    {"site": "A", "tier": "large", "capacity_per_day": 200, "fixed_om_cny_per_year": 120},
]
COD = [{"enterprise": e, "pollutant": "COD", "concentration_mg_per_l": 1000} for e in ("E1", "E2")]
REMOVAL = {"COD": {"removal": {"sewage": {"shared": 0.9, "self": 0.5}}}}
BOTH_NEAR = {("E1", "A"): 0.0, ("E2", "A"): 0.0}


def capped_park(cap: float | None, distances=BOTH_NEAR, **settings):
    caps = [] if cap is None else [{"enterprise": "E1", "pollutant": "COD", "cap_t_per_year": cap}]
    return park(
        PAIR,
        SMALL_LARGE,
        distances,
        concentrations=COD,
        pollutants=REMOVAL,
        enterprise_caps=caps,
        **settings,
    )


def ledger_row(plan, kind: str, pollutant: str = "COD"):
    rows = plan.pollutants
    return rows[(rows["kind"] == kind) & (rows["pollutant"] == pollutant)].iloc[0]


def test_an_enterprise_cap_forces_that_enterprise_to_connect():
    """Each demand brings 100 x 1 day x 1,000 mg/L x 1e-6 = 0.1 t/year of COD. Treating alone
    removes 0.5 (E1 discharges 0.05 t itself); the plant removes 0.9 (0.01 t of E1's at the
    plant's outfall).

    - no cap: both alone 50 + 50 = 100; small + one alone 60 + 50 = 110; large 120. Optimum 100.
    - E1 capped at 0.005 t/year: alone E1 discharges 0.05 > 0.005, so E1 connects. Connected, it
      discharges nothing itself: the plant's 0.01 t counts at the plant's outfall, not under E1's
      cap (0.01 > 0.005, yet the plan is feasible). Small for E1 + E2 alone: 60 + 50 = 110;
      large for both: 120. Optimum 110, E2 still alone: the cap costs 110 - 100 = 10 a year.
    """
    free = solve_both(capped_park(None))
    assert free.total_cost == pytest.approx(100.0)
    assert served(free, "E1") == {"self"}
    capped = solve_both(capped_park(0.005))
    assert capped.total_cost == pytest.approx(110.0)
    assert capped.total_cost - free.total_cost == pytest.approx(10.0)
    assert served(capped, "E1") == {"A"}
    assert served(capped, "E2") == {"self"}
    assert opened(capped) == {("A", "sewage", "small")}
    # E1 pays the plant's 60, more than 50 alone, but its cap forbids leaving: no one would leave
    statement = capped.statement.set_index("enterprise")
    assert statement.loc["E1", "total_cny_per_year"] == pytest.approx(60.0)
    assert not statement["would_leave"].any()
    assert capped.kpis["smes_would_leave"] == 0
    # the ledger: E1 itself discharges 0 against 0.005; the park 0.01 (plant) + 0.05 (E2)
    own = ledger_row(capped, "enterprise cap")
    assert own["place"] == "E1 itself"
    assert own["discharge_t_per_year"] == pytest.approx(0.0)
    assert own["cap_t_per_year"] == pytest.approx(0.005)
    assert own["headroom_t_per_year"] == pytest.approx(0.005)
    assert ledger_row(capped, "park")["discharge_t_per_year"] == pytest.approx(0.06)
    assert verify_plan(capped).ok


def test_a_cap_above_what_it_discharges_alone_changes_nothing():
    """E1 capped at 0.05 t/year, exactly what it discharges alone (0.1 x 0.5): both stay alone,
    100, and the ledger's row shows the cap met with no headroom."""
    plan = solve_both(capped_park(0.05))
    assert plan.total_cost == pytest.approx(100.0)
    own = ledger_row(plan, "enterprise cap")
    assert own["received_t_per_year"] == pytest.approx(0.1)
    assert own["removed_t_per_year"] == pytest.approx(0.05)
    assert own["discharge_t_per_year"] == pytest.approx(0.05)
    assert own["headroom_t_per_year"] == pytest.approx(0.0, abs=1e-9)


def test_both_builders_write_the_enterprise_cap_row():
    """One row ``enterprise_cap`` keyed E1/COD: 0.05 x self_treat(E1) <= 0.005 (E2 has no cap)."""
    data = prepare(capped_park(0.005))
    (family,) = enterprise_cap_rows(data)
    assert family.name == "enterprise_cap"
    assert family.keys == ["E1/COD"]
    assert family.upper.tolist() == [0.005]
    (entry,) = family.entries
    assert entry[0] == "self_treat"
    assert entry[3].tolist() == pytest.approx([0.05])


def test_verify_finds_a_plan_above_an_enterprise_cap():
    """The uncapped plan (E1 alone, 0.05 t/year) checked against the capped scenario breaks E1's
    cap of 0.005."""
    free = solve_both(capped_park(None))
    found = verify_plan(free, capped_park(0.005))
    broken = [d for d in found.differences if d.what == "enterprise cap"]
    assert [(d.where, d.expected, d.found) for d in broken] == [
        ("E1/COD", pytest.approx(0.005), pytest.approx(0.05))
    ]


def test_verify_recomputes_the_ledgers_enterprise_cap_rows():
    """The capped plan's ledger says E1 discharges 0 itself; a row edited to 0.02 no longer matches
    what verification recomputes from the decisions."""
    plan = solve_both(capped_park(0.005))
    ledger = plan.pollutants.copy()
    ledger.loc[ledger["kind"] == "enterprise cap", "discharge_t_per_year"] = 0.02
    found = verify_plan(replace(plan, pollutants=ledger))
    assert {(d.what, d.where) for d in found.differences} == {
        ("pollutants.discharge_t_per_year", "E1/COD")
    }


def test_an_infeasible_enterprise_cap_is_named_by_the_diagnosis():
    """E2 (100 m3/d) may not treat alone; the plant at A has one tier, for 100 m3/d: E2 takes it,
    so E1 cannot connect and must treat alone, discharging 0.05 t/year against its cap of 0.005.
    Both reach A, so no arithmetic check sees it; the diagnosis names the row E1/COD of
    enterprise_caps: a cap of at least 0.050 t/year (0.045 more)."""
    demands = [PAIR[0], {**PAIR[1], "self_treatment_allowed": False}]
    one = [SMALL_LARGE[0]]
    caps = [{"enterprise": "E1", "pollutant": "COD", "cap_t_per_year": 0.005}]
    scenario = park(
        demands, one, BOTH_NEAR, concentrations=COD, pollutants=REMOVAL, enterprise_caps=caps
    )
    assert not [p for p in check(scenario) if p.is_error]
    with pytest.raises(InfeasibleError) as raised:
        solve_both(scenario)
    (problem,) = raised.value.problems
    assert problem.source == "enterprise_caps.csv"
    assert problem.row_id == "E1/COD"
    assert problem.line == 2
    assert problem.column == "cap_t_per_year"
    assert "at least 0.050 t/year (0.045 t/year more)" in problem.expected
    assert "a cap of 0.005 t/year on what E1 discharges itself" in str(problem)


def test_a_cap_below_what_an_enterprise_out_of_reach_discharges_is_found_before_solving():
    """E1 reaches no site, so it must treat alone: 0.1 x (1 - 0.5) = 0.05 t/year against its cap
    of 0.005. The check says so before any solve, at the cap's row."""
    problems = [p for p in check(capped_park(0.005, distances={("E2", "A"): 0.0})) if p.is_error]
    assert [(p.source, p.row_id, p.column, p.value) for p in problems] == [
        ("enterprise_caps.csv", "E1/COD", "cap_t_per_year", 0.005)
    ]
    assert "a cap of at least 0.05 t/year" in problems[0].expected
    assert "(sewage)" in problems[0].expected


def test_the_checks_name_unknown_enterprises_and_pollutants_and_warn_on_caps_without_loads():
    """A cap on an enterprise that does not exist and on an undeclared pollutant are errors that
    name the row; a cap on a pollutant the enterprise has no concentration of is a warning."""
    scenario = park(
        PAIR,
        SMALL_LARGE,
        BOTH_NEAR,
        concentrations=COD[:1],
        pollutants={**REMOVAL, "TP": {"removal": {"sewage": {"shared": 0.8, "self": 0.2}}}},
        enterprise_caps=[
            {"enterprise": "E9", "pollutant": "COD", "cap_t_per_year": 1.0},
            {"enterprise": "E1", "pollutant": "NH3N", "cap_t_per_year": 1.0},
            {"enterprise": "E2", "pollutant": "COD", "cap_t_per_year": 1.0},
        ],
    )
    problems = [p for p in check(scenario) if p.source == "enterprise_caps.csv"]
    found = {(p.severity, p.row_id, p.column) for p in problems}
    assert found == {
        ("error", "E9/COD", "enterprise"),
        ("error", "E1/NH3N", "pollutant"),
        ("warning", "E2/COD", "pollutant"),
    }
    warning = next(p for p in problems if p.severity == "warning")
    assert "concentrations of COD for E2" in warning.expected
