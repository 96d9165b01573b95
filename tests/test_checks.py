"""Every validation rule, each with a copy of ``scenarios/tiny`` that has one thing broken.

Each test checks where the message points (file, row id, line, column) and what it says, so a
planner can find and fix the cell. The tiny park (see ``scenarios/tiny/README.md``): enterprises
E1..E4 demanding 60, 90, 40 and 30 m3/d of sewage; sites S1 and S2 of 5,000 m2, each offering the
``*`` tiers small (150 m3/d, 900,000 CNY, 800 m2) and large (300 m3/d, 1,500,000 CNY, 1,500 m2);
sewage reaches 3 km; E1..E3 reach only S1, E4 only S2.
"""

from __future__ import annotations

import pandas as pd
import pytest

from optimizer.checks import Problem, ScenarioError, check, diagnose, require_valid
from optimizer.scenario import load_scenario, save_scenario

SPRAYING = {"unit": "m2", "conveyance": "road", "self_treatment_allowed": True}
COD = {"cap_t_per_year": None, "removal": {"sewage": {"shared": 0.9, "self": 0.5}}}


def test_tiny_has_no_problem(tiny):
    assert tiny.check() == []


def test_every_problem_is_a_problem_with_a_message(tiny):
    tiny.set_cell("enterprises", "E3", "lat", 123)
    tiny.set_cell("demands", "E2", "demand_per_day", "")
    tiny.set_setting("discount_rate", 2)
    problems = tiny.check()
    assert len([p for p in problems if p.is_error]) == 3  # all at once, not first-error-stops
    assert all(isinstance(p, Problem) and "expected" in str(p) for p in problems)


# ---------------------------------------------------------------------------------------------
# One cell or row wrong
# ---------------------------------------------------------------------------------------------

CELLS = [
    # (test id, table, row, column, value, source, row_id, line, text)
    (
        "empty required",
        "demands",
        "E2",
        "demand_per_day",
        "",
        "demands.csv",
        "E2/sewage",
        3,
        "an empty cell",
    ),
    (
        "not a number",
        "demands",
        "E2",
        "demand_per_day",
        "lots",
        "demands.csv",
        "E2/sewage",
        3,
        "'lots'",
    ),
    (
        "not positive",
        "demands",
        "E2",
        "demand_per_day",
        -5,
        "demands.csv",
        "E2/sewage",
        3,
        "from 0",
    ),
    (
        "minimum",
        "demands",
        "E1",
        "standalone_capex_cny",
        -1,
        "demands.csv",
        "E1/sewage",
        2,
        "from 0 to 1e12",
    ),
    ("latitude", "enterprises", "E3", "lat", 123, "enterprises.csv", "E3", 4, "from -90 to 90"),
    ("longitude", "sites", "S2", "lon", 200, "sites.csv", "S2", 3, "from -180 to 180"),
    ("capacity 0", "tiers", 0, "capacity_per_day", 0, "tiers.csv", "*/sewage/small", 2, "above 0"),
    (
        "lifetime 0",
        "tiers",
        1,
        "lifetime_years",
        0,
        "tiers.csv",
        "*/sewage/large",
        3,
        "from 1 to 200",
    ),
    (
        "choice",
        "sites",
        "S1",
        "status",
        "Required",
        "sites.csv",
        "S1",
        2,
        "one of required, optional, forbidden",
    ),
    ("list", "sites", "S1", "services", "sewage;spray", "sites.csv", "S1", 2, "unknown 'spray'"),
    ("edge modes", "edges", 0, "modes", "pipe;boat", "edges.csv", "A/P1", 2, "unknown 'boat'"),
    ("edge length", "edges", 0, "length_km", 0, "edges.csv", "A/P1", 2, "above 0"),
    ("empty key", "enterprises", "E2", "id", "", "enterprises.csv", "?", 3, "an empty cell"),
    (
        "unknown enterprise",
        "demands",
        "E2",
        "enterprise",
        "E9",
        "demands.csv",
        "E9/sewage",
        3,
        "an id of enterprises.csv (E1, E2, E3, E4)",
    ),
    (
        "unknown service",
        "demands",
        "E2",
        "service",
        "sewer",
        "demands.csv",
        "E2/sewer",
        3,
        "a service declared in scenario.yaml (sewage)",
    ),
    (
        "unknown site",
        "tiers",
        0,
        "site",
        "S9",
        "tiers.csv",
        "S9/sewage/small",
        2,
        "or '*' for every site",
    ),
    (
        "unknown node",
        "enterprises",
        "E1",
        "node",
        "Z",
        "enterprises.csv",
        "E1",
        2,
        "an id of nodes.csv",
    ),
    ("edge to unknown node", "edges", 0, "to_node", "Z", "edges.csv", "A/Z", 2, "'Z'"),
    ("self-loop", "edges", 0, "to_node", "A", "edges.csv", "A/A", 2, "a self-loop at node 'A'"),
]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "source", "row_id", "line", "text"),
    [case[1:] for case in CELLS],
    ids=[case[0] for case in CELLS],
)
def test_cell_problem_names_file_row_line_and_column(
    tiny, find, table, row, column, value, source, row_id, line, text
):
    assert tiny.set_cell(table, row, column, value) == line
    problems = tiny.check()
    found = find(problems, source=source, row_id=row_id, line=line, column=column, text=text)
    assert found, "\n".join(map(str, problems))
    assert found[0].is_error


def test_duplicate_id_names_both_lines(tiny, find):
    tiny.set_cell("enterprises", "E2", "id", "E1")
    (problem,) = find(tiny.check(), source="enterprises.csv", column="id", line=3)
    assert problem.row_id == "E1"
    assert "line 2 has the same id" in str(problem)


def test_duplicate_composite_key(tiny, find):
    line = tiny.add_row("demands", enterprise="E1", service="sewage", demand_per_day=5)
    (problem,) = find(tiny.check(), source="demands.csv", line=line)
    assert problem.row_id == "E1/sewage"
    assert problem.column == "enterprise+service"
    assert "line 2" in problem.expected


def test_loader_problems_are_reported_once(tiny, find):
    tiny.drop_column("sites", "lat")
    tiny.set_cell("sites", "S1", "colour", "red")
    problems = tiny.check()
    assert len(find(problems, source="sites.csv", column="lat")) == 1
    (unknown,) = find(problems, source="sites.csv", column="colour")
    assert unknown.severity == "error"


def test_missing_table(tiny, find):
    (tiny.path / "tiers.csv").unlink()
    (problem,) = find(tiny.check(), source="tiers.csv")
    assert "no such file" in str(problem)


def test_concentrations_reference_pollutants_and_demands(tiny, find):
    tiny.set_setting("pollutants", {"COD": COD})
    tiny.set_setting("services.spraying", SPRAYING)
    bad = tiny.add_row(
        "concentrations",
        enterprise="E1",
        service="sewage",
        pollutant="NH3",
        concentration_mg_per_l=30,
    )
    orphan = tiny.add_row(
        "concentrations",
        enterprise="E2",
        service="spraying",
        pollutant="COD",
        concentration_mg_per_l=30,
    )
    problems = tiny.check()
    (unknown,) = find(problems, source="concentrations.csv", line=bad)
    assert unknown.column == "pollutant"
    assert unknown.row_id == "E1/sewage/NH3"
    assert "a pollutant declared in scenario.yaml (COD)" in str(unknown)
    (ignored,) = find(problems, source="concentrations.csv", line=orphan)
    assert ignored.severity == "warning"
    assert "no demand of spraying by E2" in str(ignored)


def test_distances_reference_sites(tiny, find):
    line = tiny.add_row("distances", enterprise="E1", site="S7", distance_km=1.0)
    (problem,) = find(tiny.check(), source="distances.csv", line=line)
    assert (problem.row_id, problem.column, problem.value) == ("E1/S7", "site", "S7")


def test_tier_that_never_fits_or_is_not_allowed_is_a_warning(tiny, find):
    tiny.set_setting("services.spraying", SPRAYING)
    big = tiny.add_row(
        "tiers",
        site="S1",
        service="sewage",
        tier="huge",
        capacity_per_day=900,
        capex_cny=5e6,
        lifetime_years=20,
        area_m2=9000,
    )
    other = tiny.add_row(
        "tiers",
        site="S1",
        service="spraying",
        tier="booth",
        capacity_per_day=50,
        capex_cny=1e6,
        lifetime_years=10,
    )
    problems = tiny.check()
    (area,) = find(problems, source="tiers.csv", line=big)
    assert area.severity == "warning"
    assert area.column == "area_m2"
    assert "5,000 m2" in str(area)
    (service,) = find(problems, source="tiers.csv", line=other)
    assert (service.severity, service.column) == ("warning", "service")


def test_problems_in_a_workbook_name_the_sheet_and_row(tiny, tmp_path, find):
    tiny.set_cell("enterprises", "E3", "lat", 123)
    book = save_scenario(load_scenario(tiny.path), tmp_path / "tiny.xlsx")
    (problem,) = check(load_scenario(book))
    assert (problem.source, problem.line, problem.row_id) == ("sheet enterprises", 4, "E3")
    assert str(problem).startswith("sheet enterprises row 4 (id E3), column lat")


# ---------------------------------------------------------------------------------------------
# scenario.yaml
# ---------------------------------------------------------------------------------------------

SETTINGS = [
    # (test id, dotted key, value, column of the problem, text)
    ("required", "cost_year", "DELETE", "cost_year", "no such setting"),
    ("type", "discount_rate", "high", "discount_rate", "a number from 0 to 0.5"),
    ("range", "discount_rate", 2, "discount_rate", "a number from 0 to 0.5"),
    ("int", "solver.threads", 1.5, "solver.threads", "a whole number above 0"),
    ("bool", "solver.single_sourcing", "maybe", "solver.single_sourcing", "true or false"),
    (
        "choice",
        "services.sewage.conveyance",
        "truck",
        "services.sewage.conveyance",
        "one of pipe, road",
    ),
    (
        "service required",
        "services.sewage.unit",
        "DELETE",
        "services.sewage.unit",
        "no such setting",
    ),
    (
        "not nullable",
        "services.sewage.operating_days_per_year",
        None,
        "services.sewage.operating_days_per_year",
        "above 0",
    ),
    ("services a list", "services", ["sewage"], "services", "a group of settings"),
    ("services empty", "services", {}, "services", "at least one service"),
    ("group not a mapping", "solver", 5, "solver", "a group of settings"),
    (
        "service name",
        "services.bad name",
        SPRAYING,
        "services.bad name",
        "letters, digits, '_' and '-' only",
    ),
    ("pollutant name", "pollutants.C O D", COD, "pollutants.C O D", "letters, digits"),
    (
        "removal of unknown service",
        "pollutants.COD",
        {"removal": {"sewer": {"shared": 0.9, "self": 0.5}}},
        "pollutants.COD.removal.sewer",
        "a service declared under services (sewage)",
    ),
    (
        "removal required",
        "pollutants.COD",
        {"removal": {"sewage": {"shared": 0.9}}},
        "pollutants.COD.removal.sewage.self",
        "no such setting",
    ),
    (
        "max facilities of unknown service",
        "policy.max_facilities",
        {"sewer": 1},
        "policy.max_facilities.sewer",
        "a service declared",
    ),
    (
        "subsidy of unknown service",
        "policy.subsidy_rate_by_service",
        {"spray": 0.2},
        "policy.subsidy_rate_by_service.spray",
        "a service declared",
    ),
    (
        "subsidy range",
        "policy.subsidy_rate_by_service",
        {"sewage": 1.5},
        "policy.subsidy_rate_by_service.sewage",
        "from 0 to 1",
    ),
    (
        "outputs a list",
        "services.sewage.outputs",
        {"name": "sludge"},
        "services.sewage.outputs",
        "a list",
    ),
    (
        "output not a mapping",
        "services.sewage.outputs",
        [5],
        "services.sewage.outputs[0]",
        "an output stream",
    ),
    (
        "output required",
        "services.sewage.outputs",
        [{"name": "sludge", "to": "sewage"}],
        "services.sewage.outputs[0].ratio",
        "no such setting",
    ),
    (
        "output to unknown",
        "services.sewage.outputs",
        [{"name": "sludge", "ratio": 0.1, "to": "sludge"}],
        "services.sewage.outputs[0].to",
        "a service declared under services (sewage)",
    ),
    (
        "output nowhere",
        "services.sewage.outputs",
        [{"name": "sludge", "ratio": 0.1}],
        "services.sewage.outputs[0]",
        "or a sink price",
    ),
]


@pytest.mark.parametrize(
    ("key", "value", "column", "text"),
    [case[1:] for case in SETTINGS],
    ids=[case[0] for case in SETTINGS],
)
def test_setting_problem_names_the_key(tiny, find, key, value, column, text):
    tiny.set_setting(key, tiny.DELETE if value == "DELETE" else value)
    problems = tiny.check()
    found = find(problems, source="scenario.yaml", column=column, text=text)
    assert found, "\n".join(map(str, problems))
    assert all(p.is_error for p in found)


def test_unknown_setting_is_an_error(tiny, find):
    tiny.set_setting("solver.colour", "red")
    (problem,) = tiny.check()
    assert (problem.column, problem.severity) == ("solver.colour", "error")
    assert "the settings of solver: name, time_limit_s" in problem.expected


def test_null_where_null_is_allowed(tiny):
    tiny.set_setting("services.sewage.max_distance_km", None)
    tiny.set_setting("policy.capital_budget_cny", None)
    assert tiny.check() == []


def test_output_chain_must_not_cycle(tiny, find):
    tiny.set_setting(
        "services.sludge",
        {
            "unit": "t",
            "conveyance": "road",
            "outputs": [{"name": "ash", "ratio": 0.1, "to": "sewage"}],
        },
    )
    tiny.set_setting(
        "services.sewage.outputs", [{"name": "sludge", "ratio": 0.0045, "to": "sludge"}]
    )
    (problem,) = find(tiny.check(), source="scenario.yaml", text="cycle")
    assert "sewage -> sludge -> sewage" in str(problem)


def test_output_chain_to_a_sink_is_valid(tiny):
    tiny.set_setting(
        "services.sludge",
        {
            "unit": "t",
            "conveyance": "road",
            "outputs": [{"name": "ash", "ratio": 0.1, "sink_price_cny_per_unit": 300}],
        },
    )
    tiny.set_setting(
        "services.sewage.outputs", [{"name": "sludge", "ratio": 0.0045, "to": "sludge"}]
    )
    assert [p for p in tiny.check() if p.is_error] == []


# ---------------------------------------------------------------------------------------------
# Supply and reach
# ---------------------------------------------------------------------------------------------


def test_service_nobody_hosts_is_an_error_when_it_must_be_shared(tiny, find):
    tiny.set_setting("services.spraying", {**SPRAYING, "self_treatment_allowed": False})
    line = tiny.add_row("demands", enterprise="E2", service="spraying", demand_per_day=5)
    problems = tiny.check()
    (problem,) = find(problems, source="demands.csv", line=line)
    assert (problem.row_id, problem.column, problem.severity) == ("E2/spraying", "service", "error")
    assert "no site hosts spraying" in str(problem)
    assert len([p for p in problems if p.is_error]) == 1  # no second message about capacity


def test_service_nobody_hosts_is_a_warning_when_all_may_self_treat(tiny, find):
    tiny.set_setting("services.spraying", SPRAYING)
    line = tiny.add_row("demands", enterprise="E2", service="spraying", demand_per_day=5)
    (problem,) = tiny.check()
    assert (problem.line, problem.severity) == (line, "warning")


def test_demand_out_of_reach_names_the_nearest_site(tiny, find):
    """E4 reaches S2 at 1.0 km over D-P2 only: with a 0.9 km limit it reaches nothing."""
    tiny.set_setting("services.sewage.max_distance_km", 0.9)
    tiny.set_cell("demands", "E4", "self_treatment_allowed", "false")
    problems = tiny.check()
    (problem,) = [p for p in problems if p.is_error]
    assert (problem.source, problem.row_id, problem.line) == ("demands.csv", "E4/sewage", 5)
    assert "the nearest, S2, is 1 km away" in str(problem)
    assert "allow self-treatment for E4" in str(problem)
    assert "services.sewage.max_distance_km (now 0.9 km)" in str(problem)


def test_demand_self_treatment_cell_overrides_the_service(tiny):
    tiny.set_setting("services.sewage.max_distance_km", 0.9)
    tiny.set_setting("services.sewage.self_treatment_allowed", False)
    assert [p.row_id for p in tiny.check()] == ["E3/sewage", "E4/sewage"]  # 1.2 and 1.0 km
    tiny.set_cell("demands", "E3", "self_treatment_allowed", "true")
    tiny.set_cell("demands", "E4", "self_treatment_allowed", "yes")
    assert tiny.check() == []


def test_reach_checks_are_skipped_while_coordinates_are_wrong(tiny):
    """A bad coordinate must not crash the distance computation: only the cell is reported."""
    tiny.set_setting("services.sewage.self_treatment_allowed", False)
    tiny.set_cell("enterprises", "E3", "lat", "north")
    tiny.set_cell("sites", "S2", "lon", 999)
    tiny.set_cell("edges", 0, "to_node", "nowhere")
    problems = tiny.check()
    assert {(p.source, p.column) for p in problems} == {
        ("enterprises.csv", "lat"),
        ("sites.csv", "lon"),
        ("edges.csv", "to_node"),
    }


# ---------------------------------------------------------------------------------------------
# Pre-solve feasibility
# ---------------------------------------------------------------------------------------------


def test_demand_larger_than_any_reachable_tier(tiny, find):
    """(1) E1 must share 420 m3/d; the largest tier at S1 (its only reachable site) is 300."""
    tiny.set_cell("demands", "E1", "demand_per_day", 420)
    tiny.set_cell("demands", "E1", "self_treatment_allowed", "false")
    problems = diagnose(tiny.load())
    (problem,) = problems
    assert (problem.source, problem.row_id, problem.line, problem.column) == (
        "demands.csv",
        "E1/sewage",
        2,
        "demand_per_day",
    )
    message = str(problem)
    assert "420 m3/d" in message and "at most 300 m3/d" in message
    assert "(S1)" in message
    assert "allow self-treatment for E1" in message
    assert "add a tier of at least 420 m3/d" in message
    assert "services.sewage.max_distance_km (now 3 km)" in message
    assert check(tiny.load()) == problems


def test_single_sourcing_off_lets_a_demand_split(tiny):
    """With 4 km reach E1 reaches S1 and S2: 2 x 300 >= 420 if split, not if single-sourced."""
    tiny.set_cell("demands", "E1", "demand_per_day", 420)
    tiny.set_cell("demands", "E1", "self_treatment_allowed", "false")
    tiny.set_setting("services.sewage.max_distance_km", 5.0)
    (problem,) = diagnose(tiny.load())
    assert "solver.single_sourcing: false" in str(problem)
    tiny.set_setting("solver.single_sourcing", False)
    assert diagnose(tiny.load()) == []


def test_service_short_of_reachable_capacity(tiny, find):
    """(2) All must share 60 + 250 + 40 + 30 = 380 m3/d, one facility allowed: at most 300."""
    tiny.set_setting("services.sewage.self_treatment_allowed", False)
    tiny.set_setting("services.sewage.max_distance_km", None)
    tiny.set_setting("policy.max_facilities", {"sewage": 1})
    tiny.set_cell("demands", "E2", "demand_per_day", 250)
    (problem,) = diagnose(tiny.load())
    assert (problem.source, problem.column, problem.value) == ("demands.csv", "demand_per_day", 380)
    assert "at most 300 m3/d" in str(problem)
    assert "policy.max_facilities.sewage allows 1" in str(problem)


def test_pollutant_cap_out_of_reach(tiny, find):
    """(3) Least COD left: E1 330 d x 60 m3/d x 400 mg/L x 1e-6 x (1 - 0.9) = 0.792 t/year,
    E2 330 x 90 x 300 x 1e-6 x 0.1 = 0.891 t/year; 1.683 > cap 1."""
    tiny.set_setting("pollutants", {"COD": {**COD, "cap_t_per_year": 1.0}})
    for enterprise, mg in (("E1", 400), ("E2", 300)):
        tiny.add_row(
            "concentrations",
            enterprise=enterprise,
            service="sewage",
            pollutant="COD",
            concentration_mg_per_l=mg,
        )
    (problem,) = diagnose(tiny.load())
    assert (problem.source, problem.column, problem.value) == (
        "scenario.yaml",
        "pollutants.COD.cap_t_per_year",
        1.0,
    )
    assert "at least 1.68 t/year" in str(problem)
    assert "E2 (sewage) 0.891 t/year, E1 (sewage) 0.792 t/year" in str(problem)
    tiny.set_setting("pollutants.COD.cap_t_per_year", 1.7)
    assert diagnose(tiny.load()) == []


def test_pollutant_cap_counts_self_removal_when_nothing_is_in_reach(tiny):
    """E4 out of reach self-treats: 330 x 30 x 1000 x 1e-6 x (1 - 0.5) = 4.95 t/year > 4."""
    tiny.set_setting("services.sewage.max_distance_km", 0.9)
    tiny.set_setting("pollutants", {"COD": {**COD, "cap_t_per_year": 4.0}})
    tiny.add_row(
        "concentrations",
        enterprise="E4",
        service="sewage",
        pollutant="COD",
        concentration_mg_per_l=1000,
    )
    (problem,) = diagnose(tiny.load())
    assert "at least 4.95 t/year" in str(problem)


def test_required_site_without_a_tier(tiny, find):
    """(4) Tiers offered at S1 only: a required S2 can host nothing."""
    tiers = tiny.table("tiers")
    tiers["site"] = "S1"
    tiny.write_table("tiers", tiers)
    tiny.set_cell("sites", "S2", "status", "required")
    (problem,) = diagnose(tiny.load())
    assert (problem.source, problem.row_id, problem.line, problem.column) == (
        "sites.csv",
        "S2",
        3,
        "status",
    )
    assert "no tier offered" in str(problem)


def test_required_site_too_small_for_any_tier(tiny):
    tiny.set_cell("sites", "S2", "status", "required")
    tiny.set_cell("sites", "S2", "area_m2", 500)
    (problem,) = diagnose(tiny.load())
    assert problem.row_id == "S2"
    assert "the smallest needs 800 m2, the site has 500 m2" in str(problem)


def test_capital_budget_below_the_cheapest_facility(tiny):
    """(5) Every demand must be shared and nothing exists: at least the small tier, 900,000."""
    tiny.set_setting("services.sewage.self_treatment_allowed", False)
    tiny.set_setting("policy.capital_budget_cny", 100_000)
    (problem,) = diagnose(tiny.load())
    assert (problem.column, problem.value) == ("policy.capital_budget_cny", 100_000)
    assert "at least 900,000 CNY" in str(problem)
    tiny.set_setting("policy.capital_budget_cny", 900_000)
    assert diagnose(tiny.load()) == []


def test_capital_budget_says_the_scenarios_currency(tiny):
    """(5) The bound and the budget are in the scenario's currency (EUR here), in both
    languages: a currency is never replaced by a hard-coded one."""
    from optimizer.words.language import using_language
    from optimizer.words.problem_text import problem_text

    tiny.set_setting("currency", "EUR")
    tiny.set_setting("services.sewage.self_treatment_allowed", False)
    tiny.set_setting("policy.capital_budget_cny", 100_000)
    (problem,) = diagnose(tiny.load())
    assert "found a budget of 100,000 EUR, expected at least 900,000 EUR," in str(problem)
    assert "CNY" not in str(problem)
    with using_language("zh"):
        chinese = problem_text(problem)
    assert "发现 预算为 100,000 EUR，应为 至少为 900,000 EUR，即" in chinese, chinese
    assert "CNY" not in chinese


def test_capital_budget_below_the_required_sites(tiny):
    """(5) S1 and S2 required: at least 2 x 900,000 whatever the demands."""
    tiny.set_cell("sites", "S1", "status", "required")
    tiny.set_cell("sites", "S2", "status", "required")
    tiny.set_setting("policy.capital_budget_cny", 1_000_000)
    (problem,) = diagnose(tiny.load())
    assert "at least 1,800,000 CNY, the cheapest tier at each required site" in str(problem)


def test_existing_tier_makes_the_budget_bound_zero(tiny):
    tiny.set_setting("services.sewage.self_treatment_allowed", False)
    tiny.set_setting("policy.capital_budget_cny", 0)
    tiny.add_row(
        "tiers",
        site="S1",
        service="sewage",
        tier="old",
        capacity_per_day=300,
        capex_cny=0,
        lifetime_years=20,
        existing="true",
    )
    assert diagnose(tiny.load()) == []


def test_more_required_sites_than_facilities(tiny):
    """(6) Two required sites, one sewage facility at most."""
    tiny.set_cell("sites", "S1", "status", "required")
    tiny.set_cell("sites", "S2", "status", "required")
    tiny.set_setting("policy.max_facilities", {"sewage": 1})
    (problem,) = diagnose(tiny.load())
    assert (problem.source, problem.column) == ("scenario.yaml", "policy.max_facilities")
    assert "at most 1 facility in total for 2 required sites" in str(problem)


def test_existing_tier_at_a_forbidden_site(tiny, find):
    """(7)"""
    tiny.set_cell("sites", "S2", "status", "forbidden")
    line = tiny.add_row(
        "tiers",
        site="S2",
        service="sewage",
        tier="old",
        capacity_per_day=100,
        capex_cny=0,
        lifetime_years=20,
        existing="yes",
    )
    (problem,) = diagnose(tiny.load())
    assert (problem.source, problem.row_id, problem.line, problem.column) == (
        "tiers.csv",
        "S2/sewage/old",
        line,
        "existing",
    )


# ---------------------------------------------------------------------------------------------
# require_valid
# ---------------------------------------------------------------------------------------------


def test_require_valid_raises_with_every_error(tiny):
    tiny.set_cell("enterprises", "E3", "lat", 123)
    tiny.set_setting("discount_rate", 2)
    tiny.set_setting("solver.colour", "red")
    with pytest.raises(ScenarioError) as raised:
        require_valid(tiny.load())
    assert {p.column for p in raised.value.errors} == {"lat", "discount_rate", "solver.colour"}
    assert "3 problems in the scenario" in str(raised.value)


def test_require_valid_returns_the_warnings(tiny):
    (tiny.path / "tier.csv").write_text("site,service\n", encoding="utf-8")
    (warning,) = require_valid(tiny.load())
    assert warning.severity == "warning"
    assert "did you mean tiers.csv?" in str(warning)


def test_check_leaves_the_scenario_alone(tiny):
    scenario = tiny.load()
    before = {name: frame.copy() for name, frame in scenario.tables.items()}
    check(scenario)
    for name, frame in scenario.tables.items():
        pd.testing.assert_frame_equal(frame, before[name])


def test_an_enterprise_snapped_from_far_away_is_a_warning(tiny):
    """E4 loses its node and moves 0.02 degrees north of it (about 2.2 km, x1.3 detour): it is
    snapped to the nearest node, and validation says which node and how far."""
    tiny.set_cell("enterprises", "E4", "node", "")
    line = tiny.set_cell("enterprises", "E4", "lat", 31.324)
    problems = [p for p in tiny.check() if p.column == "node" and p.row_id == "E4"]
    assert len(problems) == 1
    warning = problems[0]
    assert warning.severity == "warning"
    assert (warning.source, warning.line) == ("enterprises.csv", line)
    assert "the nearest is D" in str(warning) and "km away" in str(warning)
    assert not [p for p in tiny.check() if p.is_error]
