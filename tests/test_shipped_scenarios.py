"""The example scenarios in ``scenarios/``: they load, every variant loads and passes the checks,
they are the size their READMEs promise, the generated ones are exactly what
:func:`optimizer.generate.build_example` produces, and their plans show what the READMEs say."""

from __future__ import annotations

from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from optimizer.checks import check
from optimizer.generate import EXAMPLES, build_example, write_example
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.scenario import load_scenario
from optimizer.schema import TABLES

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
FOLDERS = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())
VARIANTS = [
    (folder, variant)
    for folder in FOLDERS
    for variant in [None, *load_scenario(SCENARIOS / folder).variants]
]


def test_every_example_is_shipped():
    assert set(EXAMPLES) <= set(FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_loads_without_problems(folder):
    scenario = load_scenario(SCENARIOS / folder)
    assert scenario.load_problems == ()
    assert (SCENARIOS / folder / "README.md").is_file()


@pytest.mark.parametrize(("folder", "variant"), VARIANTS)
def test_every_variant_loads_and_passes_the_checks(folder, variant):
    scenario = load_scenario(SCENARIOS / folder, variant)
    errors = [p for p in check(scenario) if p.is_error]
    assert errors == [], "\n".join(map(str, errors))


@pytest.mark.parametrize("name", EXAMPLES)
def test_shipped_files_are_what_the_generator_builds(name):
    """If this fails after a change to optimizer/generate/, rewrite the examples with
    ``python -m optimizer.generate`` and update the numbers in their READMEs."""
    shipped, built = load_scenario(SCENARIOS / name), build_example(name)
    assert shipped.settings == built.settings
    assert shipped.variants == built.variants
    for table in TABLES:
        assert_frame_equal(shipped.tables[table], built.tables[table], obj=f"{name}/{table}")


def test_writing_an_example_keeps_other_files(tmp_path):
    folder = tmp_path / "spraying-zone"
    folder.mkdir()
    (folder / "README.md").write_text("kept\n", encoding="utf-8")
    (folder / "edges.csv").write_text("from_node,to_node,length_km,modes\n", encoding="utf-8")
    write_example("spraying-zone", folder)
    assert (folder / "README.md").read_text(encoding="utf-8") == "kept\n"
    assert not (folder / "edges.csv").exists()
    assert load_scenario(folder).load_problems == ()


@pytest.mark.parametrize(
    ("name", "smes", "sites", "services"),
    [
        ("textile-park", (35, 45), (6, 8), {"dyeing_pretreatment", "sewage"}),
        ("spraying-zone", (55, 65), (5, 5), {"spraying"}),
        ("mixed-park", (140, 160), (13, 17), {"sewage", "spraying", "dyeing_pretreatment"}),
    ],
)
def test_sizes_are_as_promised(name, smes, sites, services):
    scenario = load_scenario(SCENARIOS / name)
    assert smes[0] <= len(scenario.tables["enterprises"]) <= smes[1]
    assert sites[0] <= len(scenario.tables["sites"]) <= sites[1]
    assert set(scenario.tables["demands"]["service"]) == services


@pytest.mark.parametrize("name", EXAMPLES)
def test_figures_are_inside_the_published_ranges(name):
    """The ranges each README cites: dyeing COD 2,000-5,000 mg/L, spraying centres 8-150 M CNY,
    sewers 250-850 CNY/m, discount rate 8% (6% for public-welfare water), freight 0.46 CNY/t km."""
    scenario = load_scenario(SCENARIOS / name)
    assert scenario.config["discount_rate"] in (0.06, 0.08)
    rows = scenario.tables["concentrations"]
    dyeing = rows[rows["service"] == "dyeing_pretreatment"]["concentration_mg_per_l"]
    assert dyeing.between(2000, 5000).all()
    tiers = scenario.tables["tiers"]
    centres = tiers[tiers["service"] == "spraying"]["capex_cny"]
    assert centres.between(8e6, 150e6).all()
    for service, settings in scenario.services.items():
        if settings["conveyance"] == "pipe":
            assert 250_000 <= settings["connection_capex_cny_per_km"] <= 850_000, service
        else:
            assert settings["transport_cny_per_unit_km"] == pytest.approx(2 * 0.46)


def test_mixed_park_has_a_network_with_pipe_only_and_road_only_links():
    scenario = load_scenario(SCENARIOS / "mixed-park")
    modes = set(scenario.tables["edges"]["modes"])
    assert {"pipe", "road", "pipe;road"} <= modes
    assert scenario.tables["sites"]["node"].notna().all()
    nodes = scenario.tables["enterprises"]["node"]
    assert nodes.notna().sum() > nodes.isna().sum() > 0  # most on a node, a few snapped
    assert scenario.tables["tiers"]["existing"].any()


def test_the_subsidy_variants_are_alternatives_not_combinable():
    scenario = load_scenario(SCENARIOS / "mixed-park")
    with pytest.raises(Exception, match="subsidy"):
        scenario.with_variant("subsidy-23,subsidy-40")
    assert scenario.with_variant("subsidy-40,strict-cod").config["policy"]["subsidy_rate"] == 0.4


def _plan(name: str, variant: str | None = None) -> Plan:
    return optimise(load_scenario(SCENARIOS / name, variant), allocation=None)


def _shared(plan: Plan, service: str) -> int:
    rows = plan.assignments[plan.assignments["service"] == service]
    return int((rows["site"] != "self").sum())


def _discharge(plan: Plan) -> float:
    return float(plan.pollutants["discharge_t_per_year"].iloc[0])


def test_textile_park_cod_cap_changes_the_plan():
    """Without the cap some large dyers keep their own plants and the park discharges more COD
    than the cap allows; with it, more dyers connect and the park meets the cap."""
    capped, free = _plan("textile-park"), _plan("textile-park", "no-cod-cap")
    cap = float(capped.pollutants["cap_t_per_year"].iloc[0])
    assert capped.solver["status"] == "optimal" or capped.solver["gap"] <= 1e-4
    assert _discharge(free) > cap >= _discharge(capped)
    assert _shared(capped, "dyeing_pretreatment") > _shared(free, "dyeing_pretreatment")


def test_spraying_zone_sharing_pays_for_most_but_not_all():
    plan = _plan("spraying-zone")
    shared = _shared(plan, "spraying")
    assert 0.6 * 60 <= shared < 60
    assert plan.kpis["saving"] > 0
    assert _shared(_plan("spraying-zone", "no-subsidy"), "spraying") < shared


@pytest.mark.slow
def test_mixed_park_strict_cod_forces_more_dyers_to_connect():
    base, strict = _plan("mixed-park"), _plan("mixed-park", "strict-cod")
    cap = float(strict.pollutants["cap_t_per_year"].iloc[0])
    assert _discharge(strict) <= cap + 1e-6 < _discharge(base)
    assert _shared(strict, "dyeing_pretreatment") > _shared(base, "dyeing_pretreatment")
    demands = base.kpis["demands"]
    assert 0.6 * demands < base.kpis["demands_shared"] < demands


@pytest.mark.slow
def test_mixed_park_subsidies_lower_the_bill():
    costs = [_plan("mixed-park", v).total_cost for v in ("no-subsidy", "subsidy-23", "subsidy-40")]
    assert costs[0] > costs[1] > costs[2]


def _entering(scenario) -> dict[str, float]:
    """t/year of each pollutant the demands bring (from the scenario's own tables)."""
    if scenario.tables["concentrations"].empty:
        return {}
    rows = scenario.tables["concentrations"].merge(
        scenario.tables["demands"], on=["enterprise", "service"]
    )
    days = rows["service"].map(
        {s: float(v["operating_days_per_year"]) for s, v in scenario.services.items()}
    )
    tonnes = rows["demand_per_day"].astype(float) * days
    tonnes = tonnes * rows["concentration_mg_per_l"].astype(float) * 1e-6
    return {str(k): float(v) for k, v in tonnes.groupby(rows["pollutant"]).sum().items()}


@pytest.mark.parametrize(
    "folder", [pytest.param(f, marks=pytest.mark.slow) if f == "mixed-park" else f for f in FOLDERS]
)
def test_the_pollutant_ledger_balances_to_the_tonne(folder):
    """Per pollutant: what the demands bring enters the park; every tonne is removed somewhere or
    discharged somewhere (enters = removed + discharged), and every place balances (received =
    removed + passed on + discharged)."""
    scenario = load_scenario(SCENARIOS / folder)
    ledger = _plan(folder).pollutants
    entering = _entering(scenario)
    assert set(ledger["pollutant"]) == {p for p in entering if p in scenario.pollutants}
    for pollutant, rows in ledger.groupby("pollutant"):
        park = rows[rows["kind"] == "park"].iloc[0]
        places = rows[rows["kind"].isin(["facility", "treating alone"])]
        assert park["received_t_per_year"] == pytest.approx(entering[pollutant], abs=1e-6)
        removed, discharged = park["removed_t_per_year"], park["discharge_t_per_year"]
        assert park["received_t_per_year"] == pytest.approx(removed + discharged, abs=1e-6)
        assert places["removed_t_per_year"].sum() == pytest.approx(removed, abs=1e-6)
        assert places["discharge_t_per_year"].sum() == pytest.approx(discharged, abs=1e-6)
        gap = places["received_t_per_year"] - places["removed_t_per_year"]
        gap -= places["passed_on_t_per_year"] + places["discharge_t_per_year"]
        assert gap.abs().max() < 1e-6
