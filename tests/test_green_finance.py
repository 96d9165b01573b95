"""Green finance, worked out by hand and solved through both builders (``solve_both``).

Unless said otherwise: discount rate 10 %, one plant at A (capacity 100 m3/d, capex 1,000,
lifetime 1 year, no O&M), E1 (40 m3/d) and E2 (50 m3/d) 2,000 a year each alone. Own funds: the
capex annuity ``1,000 x CRF(10 %, 1) = 1,000 x 1.1 = 1,100``. A one-year loan at 5 % costs
``CRF(5 %, 1) / CRF(10 %, 1) x CRF(10 %, 1) = 1.05`` a year per unit financed: it saves 0.05.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import park, service
from test_model_features import solve_both

from optimizer.checks import check
from optimizer.costs import annuity
from optimizer.export import export_plan, read_csv_tables
from optimizer.financing import GRANT, GREEN_LOAN, OWN_FUNDS
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.scenario import load_scenario
from optimizer.verify import verify_plan

TWO = [
    {"enterprise": "E1", "demand_per_day": 40, "standalone_om_cny_per_year": 2000},
    {"enterprise": "E2", "demand_per_day": 50, "standalone_om_cny_per_year": 2000},
]
NEAR_A = {("E1", "A"): 1.0, ("E2", "A"): 1.0}
PLANT = [
    {
        "site": "A",
        "tier": "only",
        "capacity_per_day": 100,
        "capex_cny": 1000.0,
        "lifetime_years": 1.0,
        "fixed_om_cny_per_year": 0.0,
    }
]
GREEN = {"id": "G", "interest_rate": 0.05, "tenor_years": 1.0, "quota_cny": 600.0}


def green_park(loans=(GREEN,), tiers=PLANT, **settings):
    return park(TWO, tiers, NEAR_A, loans=loans, discount_rate=0.1, **settings)


def sources(plan) -> dict[str, float]:
    """Capex financed by each source (own funds, grant, each loan's id)."""
    return dict(zip(plan.financing["source"], plan.financing["financed_cny"], strict=True))


def test_the_loan_quota_binds():
    """The loan may finance up to its quota, 600 of the 1,000: it saves 0.05 x 600 = 30 a year.
    Cost 1,100 - 30 = 1,070; own funds pay the other 400 (annuity 440), the loan's part costs
    600 x 1.1 - 30 = 630. Without the loan: 1,100."""
    plan = solve_both(green_park())
    assert plan.total_cost == pytest.approx(1070.0)
    assert sources(plan) == pytest.approx({"G": 600.0, OWN_FUNDS: 400.0})
    rows = plan.financing.set_index("source")
    assert rows.loc["G", "kind"] == GREEN_LOAN
    assert rows.loc["G", "annual_saving"] == pytest.approx(30.0)
    assert rows.loc["G", "annual_cost"] == pytest.approx(630.0)
    assert rows.loc[OWN_FUNDS, "annual_cost"] == pytest.approx(440.0)
    assert rows.loc["G", "share"] == pytest.approx(0.6)
    assert plan.facilities["finance_saving"].iloc[0] == pytest.approx(30.0)
    assert plan.facilities["annual_cost"].iloc[0] == pytest.approx(1070.0)
    assert plan.kpis["cost_breakdown"]["green_loans"] == pytest.approx(-30.0)
    assert plan.kpis["loan_financed_cny"] == pytest.approx({"G": 600.0})
    assert solve_both(green_park(loans=())).total_cost == pytest.approx(1100.0)
    assert verify_plan(plan).ok


def test_verify_finds_a_loan_above_its_quota_and_its_cost():
    """The plan checked without a solver: a loan row raised from 600 to 700 breaks the quota, and
    the facility's saving and annual cost no longer match what its loans save (35, not 30)."""
    plan = solve_both(green_park())
    financing = plan.financing.copy()
    financing.loc[financing["source"] == "G", "financed_cny"] = 700.0
    found = verify_plan(replace(plan, financing=financing))
    assert not found.ok
    whats = {(d.what, d.where) for d in found.differences}
    assert ("loan quota", "G") in whats
    assert ("facilities.finance_saving", "A/sewage") in whats
    assert ("facilities.annual_cost", "A/sewage") in whats


def test_the_members_share_the_saving():
    """Cost sharing splits the facility's 1,070 (not 1,100) between E1 and E2: each pays less
    than without the loan, and the shares add up to the facility's cost. A group building the
    plant on its own gets the same terms (the subsidy and the loans' saving as a share of the
    annuity, 30 / 1,100): the cheapest fitting tier costs it 1,070 too, not 1,100."""
    plan = solve_both(green_park())
    without = solve_both(green_park(loans=()))
    shares = plan.statement.set_index("enterprise")["share_cny_per_year"]
    before = without.statement.set_index("enterprise")["share_cny_per_year"]
    assert shares.sum() == pytest.approx(1070.0)
    assert before.sum() == pytest.approx(1100.0)
    assert (shares < before - 1.0).all()
    sharing = plan.allocation["facilities"].iloc[0]
    assert sharing["cheapest_tier_cost"] == pytest.approx(1070.0)


def test_the_grant_part_is_not_borrowed():
    """A 50 % subsidy pays half the capex (a grant of 500; 550 a year off the annuity): the loan
    may finance only the other 500, below its quota of 600: 0.05 x 500 = 25. Cost 1,100 - 550 -
    25 = 525; own funds pay nothing."""
    plan = solve_both(green_park(policy={"subsidy_rate": 0.5}))
    assert plan.total_cost == pytest.approx(525.0)
    assert sources(plan) == pytest.approx({GRANT: 500.0, "G": 500.0, OWN_FUNDS: 0.0})
    assert plan.financing.set_index("source").loc[GRANT, "annual_saving"] == pytest.approx(550.0)


def test_a_subsidy_budget_does_not_widen_what_may_be_borrowed():
    """A 50 % subsidy within a budget of 330 a year: the grant is 330 / 1.1 = 300 of capex. The
    loans may still finance only the capex less the grant at the full rate, 500 (so that any
    split of a budget among facilities keeps grant and loans within each capex): 0.05 x 500 =
    25. Cost 1,100 - 330 - 25 = 745; own funds pay the 200 the short budget leaves."""
    policy = {"subsidy_rate": 0.5, "subsidy_budget_cny_per_year": 330.0}
    plan = solve_both(green_park(policy=policy))
    assert plan.total_cost == pytest.approx(745.0)
    assert sources(plan) == pytest.approx({GRANT: 300.0, "G": 500.0, OWN_FUNDS: 200.0})
    assert verify_plan(plan).ok


def test_a_budget_split_over_two_plants_keeps_every_plant_within_its_capex():
    """E1 has a plant at A, E2 one at B (neither reaches the other's): 1,100 a year each by own
    funds. A 50 % subsidy within 330 a year is shared by the stated rule, 165 each (a grant of
    150 of capex each); the loan (quota 2,000) finances 500 of each, the capex less the grant at
    the full rate: 0.05 x 1,000 = 50. Cost 2,200 - 330 - 50 = 1,820, and own funds pay 350 of
    each plant, never less than nothing whatever the solver's split of the budget."""
    tiers = [{**PLANT[0], "site": s} for s in "AB"]
    policy = {"subsidy_rate": 0.5, "subsidy_budget_cny_per_year": 330.0}
    loans = [{**GREEN, "quota_cny": 2000.0}]
    scenario = park(
        TWO,
        tiers,
        {("E1", "A"): 0.0, ("E2", "B"): 0.0},
        loans=loans,
        discount_rate=0.1,
        policy=policy,
    )
    plan = solve_both(scenario)
    assert plan.total_cost == pytest.approx(1820.0)
    own = plan.financing[plan.financing["kind"] == OWN_FUNDS]
    assert own["financed_cny"].tolist() == pytest.approx([350.0, 350.0])
    assert verify_plan(plan).ok


def test_a_shorter_tenor_still_saves_but_less():
    """Lifetime 2 years: own funds cost CRF(10 %, 2) = 0.121 / 0.21 = 0.57619 per unit a year.
    Two loans at 5 % with a quota of 600 each: L2 over 2 years saves CRF(10 %, 2) - CRF(5 %, 2)
    = 0.57619 - 0.53780 = 0.03839; L1 over 1 year is repaid by 1.05 next year, worth 1.05 / 1.1
    today, so it saves 0.57619 x (1 - 1.05 / 1.1) = 0.02619 a year. (Swapping the annuities
    alone would call L1 dearer, 1.05 against 0.576 a year, as if it were repaid every year of the
    plant's life.) L2 takes its 600, L1 the 400 left: 600 x 0.03839 + 400 x 0.02619 = 33.51."""
    tiers = [{**PLANT[0], "lifetime_years": 2.0}]
    loans = [
        {"id": "L1", "interest_rate": 0.05, "tenor_years": 1.0, "quota_cny": 600.0},
        {"id": "L2", "interest_rate": 0.05, "tenor_years": 2.0, "quota_cny": 600.0},
    ]
    plan = solve_both(green_park(loans=loans, tiers=tiers))
    own = annuity(0.1, 2)
    long_saving = own - annuity(0.05, 2)
    short_saving = own * (1 - 1.05 / 1.1)
    assert long_saving == pytest.approx(0.03839, abs=1e-5)
    assert short_saving == pytest.approx(0.02619, abs=1e-5)
    saving = 600 * long_saving + 400 * short_saving
    assert saving == pytest.approx(33.51, abs=0.01)
    assert plan.total_cost == pytest.approx(1000 * own - saving)
    assert sources(plan) == pytest.approx({"L2": 600.0, "L1": 400.0, OWN_FUNDS: 0.0})


def test_a_loan_dearer_than_own_funds_is_never_taken():
    """A loan at 12 % against a discount rate of 10 % saves less than nothing: the plant is paid
    by own funds (1,100), and the check warns that the loan will never be taken."""
    dear = {**GREEN, "interest_rate": 0.12, "quota_cny": None}
    scenario = green_park(loans=[dear])
    plan = solve_both(scenario)
    assert plan.total_cost == pytest.approx(1100.0)
    assert sources(plan) == pytest.approx({OWN_FUNDS: 1000.0})
    (warning,) = [p for p in check(scenario) if p.source == "loans.csv"]
    assert warning.severity == "warning" and warning.row_id == "G"
    assert warning.column == "interest_rate" and "below the discount rate (0.1)" in str(warning)


def test_a_loan_only_for_its_services():
    """A loan for spraying centres only finances no sewage plant: 1,100."""
    services = {"sewage": service(), "spraying": service(unit="t", conveyance="road")}
    plan = solve_both(green_park(loans=[{**GREEN, "services": "spraying"}], services=services))
    assert plan.total_cost == pytest.approx(1100.0)


def test_bad_loans_are_named_all_at_once():
    """Every wrong cell of the loans table is reported with its file, row id and column."""
    loans = [
        {"id": "A", "interest_rate": 0.7, "tenor_years": 10.0, "quota_cny": 1.0},
        {"id": "B", "interest_rate": 0.03, "tenor_years": 0.0, "quota_cny": -5.0},
        {"id": "C", "interest_rate": 0.03, "tenor_years": 5.0, "services": "sewerage"},
    ]
    problems = [p for p in check(green_park(loans=loans)) if p.is_error]
    found = {(p.source, p.row_id, p.column) for p in problems}
    assert found == {
        ("loans.csv", "A", "interest_rate"),
        ("loans.csv", "B", "tenor_years"),
        ("loans.csv", "B", "quota_cny"),
        ("loans.csv", "C", "services"),
    }
    text = " ".join(str(p) for p in problems)
    assert "a number from 0 to 0.5" in text and "sewerage" in text


JIANGYIN = Path(__file__).resolve().parent.parent / "scenarios" / "jiangyin-green-loan"


def test_jiangyin_green_loan_quota_binds_at_proven_optimality():
    """The shipped park with a green-loan quota (scenarios/jiangyin-green-loan, see its README):
    the 8 M CNY quota of the 10-year loan at 3.2 % binds, and each unit it finances saves
    CRF(6 %, 25) (1 - CRF(3.2 %, 10) / CRF(6 %, 10)) = 0.0100399 a year against own funds at the
    6 % discount rate: 80,319 CNY a year against the plan without the loan, which builds the same
    plant."""
    plan = optimise(load_scenario(JIANGYIN), allocation=None)
    without = optimise(load_scenario(JIANGYIN, "no-green-loan"), allocation=None)
    assert plan.solver["status"] == "optimal" and without.solver["status"] == "optimal"
    saving = annuity(0.06, 25) * (1 - annuity(0.032, 10) / annuity(0.06, 10))
    assert saving == pytest.approx(0.0100399, abs=1e-7)
    assert plan.kpis["loan_financed_cny"] == pytest.approx({"green-10y": 8e6})
    assert plan.kpis["green_loans_saving"] == pytest.approx(8e6 * saving)
    assert without.total_cost - plan.total_cost == pytest.approx(8e6 * saving, rel=1e-6)
    assert verify_plan(plan).ok


def test_the_financing_travels_with_the_plan_and_its_exports(tmp_path):
    """The financing table survives the plan's JSON, is a CSV of the CSV export and a sheet of the
    workbook (headed in the scenario's currency), and a section of the HTML report; a plan
    without loans has none of them."""
    plan = solve_both(green_park(currency="EUR"))
    back = Plan.from_json(plan.to_json())
    pd.testing.assert_frame_equal(back.financing, plan.financing, check_exact=True)
    folder = export_plan(plan, "csv", tmp_path / "plan-csv")
    pd.testing.assert_frame_equal(read_csv_tables(folder)["financing"], plan.financing)
    book = openpyxl.load_workbook(export_plan(plan, "xlsx", tmp_path / "plan.xlsx"))
    headers = [c.value for c in book["Financing"][1]]
    assert "Capex financed (EUR)" in headers
    assert "Yearly saving against own funds (EUR/year)" in headers
    assert "Financing of new facilities" in export_plan(
        plan, "html", tmp_path / "p.html"
    ).read_text(encoding="utf-8")
    plain = solve_both(green_park(loans=()))
    assert plain.financing.empty and "finance_saving" not in plain.facilities
    folder = export_plan(plain, "csv", tmp_path / "plain-csv")
    assert not (folder / "financing.csv").exists()
    assert (
        "Financing"
        not in openpyxl.load_workbook(export_plan(plain, "xlsx", tmp_path / "q.xlsx")).sheetnames
    )
