"""Variants and overrides: combine, multiply, select rows, and refuse every silent last-wins."""

from __future__ import annotations

import pytest

from optimizer.checks import check
from optimizer.overrides import Override, apply_overrides, parse_key, variant_overrides
from optimizer.problems import ScenarioError

VARIANTS = {
    "subsidy-40": {"description": "40% capex subsidy", "overrides": {"policy.subsidy_rate": 0.4}},
    "subsidy-20": {"overrides": {"policy.subsidy_rate": 0.2}},
    "policy-group": {"overrides": {"policy": {"subsidy_rate": 0.1}}},
    "dear": {
        "overrides": {"tiers[service=sewage].capex_cny*": 1.2, "sites[S2].status": "forbidden"}
    },
    "small-cell": {"overrides": {"tiers[*/sewage/small].capex_cny": 500_000}},
    "all-capex": {"overrides": {"tiers.capex_cny": 700_000}},
    "cheap-money": {"overrides": {"discount_rate*": 0.5}},
    "both": {
        "combine": ["subsidy-40", "dear"],
        "overrides": {"services.sewage.max_distance_km": 5},
    },
    "loop-a": {"combine": ["loop-b"]},
    "loop-b": {"combine": ["loop-a"]},
    "far-away": {"overrides": {"enterprises[E3].lat": 123}},
}


@pytest.fixture
def park(tiny):
    """The tiny park with the variants above."""
    settings = tiny.settings()
    settings["variants"] = VARIANTS
    tiny.write_settings(settings)
    return tiny


def errors_of(raised: pytest.ExceptionInfo[ScenarioError]) -> list[str]:
    return [str(p) for p in raised.value.problems]


def test_setting_override(park):
    scenario = park.load("subsidy-40")
    assert scenario.config["policy"]["subsidy_rate"] == 0.4
    assert scenario.label == "tiny[subsidy-40]"
    assert park.load().config["policy"]["subsidy_rate"] == 0.0


def test_multiply_a_column_for_selected_rows_and_set_a_cell(park):
    """Capex x 1.2: 900,000 -> 1,080,000 and 1,500,000 -> 1,800,000; S2 forbidden."""
    scenario = park.load("dear")
    assert scenario.tables["tiers"]["capex_cny"].tolist() == [1_080_000.0, 1_800_000.0]
    assert scenario.tables["sites"]["status"].tolist() == ["optional", "forbidden"]
    assert str(scenario.tables["tiers"]["capex_cny"].dtype) == "Float64"


def test_multiply_a_setting_that_takes_its_default(park):
    tiny = park.load()
    assert tiny.config["discount_rate"] == 0.08
    assert park.load("cheap-money").config["discount_rate"] == pytest.approx(0.04, abs=1e-15)


def test_composite_row_id_selector(park):
    assert park.load("small-cell").tables["tiers"]["capex_cny"].tolist() == [500_000.0, 1_500_000.0]


def test_combine_applies_every_part(park):
    scenario = park.load("both")
    assert scenario.config["policy"]["subsidy_rate"] == 0.4
    assert scenario.tables["tiers"]["capex_cny"].tolist() == [1_080_000.0, 1_800_000.0]
    assert scenario.services["sewage"]["max_distance_km"] == 5
    assert [o.origin for o in scenario.overrides] == ["subsidy-40", "dear", "dear", "both"]


def test_a_list_of_variants_combines_them(park):
    scenario = park.load("subsidy-40,dear")
    assert scenario.label == "tiny[subsidy-40,dear]"
    assert scenario.config["policy"]["subsidy_rate"] == 0.4
    assert scenario.tables["sites"]["status"].tolist() == ["optional", "forbidden"]


def test_the_same_variant_twice_is_no_conflict(park):
    assert park.load("subsidy-40,subsidy-40").config["policy"]["subsidy_rate"] == 0.4


@pytest.mark.parametrize(
    ("names", "key", "first", "second"),
    [
        ("subsidy-40,subsidy-20", "policy.subsidy_rate", "subsidy-40", "subsidy-20"),
        ("subsidy-40,policy-group", "policy", "subsidy-40", "policy-group"),
        ("small-cell,all-capex", "tiers.capex_cny", "small-cell", "all-capex"),
        ("dear,small-cell", "tiers[*/sewage/small].capex_cny", "dear", "small-cell"),
        ("both,subsidy-20", "policy.subsidy_rate", "subsidy-40", "subsidy-20"),
    ],
)
def test_two_variants_setting_the_same_thing_conflict(park, names, key, first, second):
    with pytest.raises(ScenarioError) as raised:
        park.load(names)
    (problem,) = raised.value.problems
    assert problem.value == key
    assert f"{key!r} set by both {first!r} and {second!r}" in str(problem)


def test_unknown_variant_lists_the_known_ones(park):
    with pytest.raises(ScenarioError) as raised:
        park.load("subsidy-50")
    (message,) = errors_of(raised)
    assert "unknown variant 'subsidy-50'" in message
    assert "subsidy-20, subsidy-40" in message


def test_variant_cycle(park):
    with pytest.raises(ScenarioError) as raised:
        park.load("loop-a")
    (message,) = errors_of(raised)
    assert "loop-a -> loop-b -> loop-a" in message


def test_bad_overrides_are_all_reported(park):
    settings = park.settings()
    settings["variants"]["broken"] = {
        "overrides": {
            "tiers[site=S1].capex_cny": 1,
            "sites.colour": "red",
            "tiers.capex_cny*": "x",
            "tiers.capacity_per_day": "big",
            "sites[S1]": 3,
        }
    }
    park.write_settings(settings)
    with pytest.raises(ScenarioError) as raised:
        park.load("broken")
    messages = errors_of(raised)
    assert len(messages) == 5
    assert any("no row of tiers matches [site=S1]" in m for m in messages)
    assert any("table sites has no column 'colour'" in m for m in messages)
    assert any("cannot multiply tiers.capex_cny by 'x'" in m for m in messages)
    assert any("expected a number above 0" in m for m in messages)
    assert all(m.startswith("scenario.yaml, variants.broken.overrides") for m in messages)


def test_sweep_refuses_a_key_the_variant_set(park):
    scenario = park.load("subsidy-40")
    with pytest.raises(ScenarioError) as raised:
        scenario.with_overrides({"policy.subsidy_rate": 0.3}, origin="sweep")
    (message,) = errors_of(raised)
    assert "'policy.subsidy_rate' set by both 'subsidy-40' and 'sweep'" in message
    assert scenario.config["policy"]["subsidy_rate"] == 0.4  # left alone


def test_sweep_of_another_key_applies_on_top(park):
    swept = park.load("subsidy-40").with_overrides({"policy.capital_budget_cny": 2e6}, "sweep")
    assert swept.config["policy"]["subsidy_rate"] == 0.4
    assert swept.config["policy"]["capital_budget_cny"] == 2e6


def test_a_variant_that_breaks_a_value_is_refused_naming_the_variant(park, find):
    """Once reported against enterprises.csv line 4, which holds a valid latitude; now the
    variant, its key, the row and the range are named."""
    with pytest.raises(ScenarioError) as raised:
        park.load("far-away")
    (message,) = errors_of(raised)
    assert message == (
        "scenario.yaml, variants.far-away.overrides: found 'enterprises[E3].lat': enterprises.lat "
        "would be 123.0 in row E3, expected a number from -90 to 90"
    )
    problems = check(park.load())  # the base reports it too, with the line of the key
    (problem,) = find(problems, column="variants.far-away.overrides")
    assert problem.line is not None and "would be 123.0 in row E3" in str(problem)


def test_variants_must_be_a_mapping(park):
    settings = park.settings()
    settings["variants"] = ["subsidy-40"]
    park.write_settings(settings)
    with pytest.raises(ScenarioError, match="a mapping of variant names"):
        park.load()


def test_apply_overrides_leaves_its_inputs_alone(park):
    scenario = park.load()
    settings, tables = apply_overrides(
        scenario.settings, scenario.tables, [Override("tiers.capex_cny*", 2, "x")], scenario.config
    )
    assert tables["tiers"]["capex_cny"].tolist() == [1_800_000.0, 3_000_000.0]
    assert scenario.tables["tiers"]["capex_cny"].tolist() == [900_000.0, 1_500_000.0]
    assert settings == scenario.settings and settings is not scenario.settings


def test_variant_overrides_expands_combinations_in_order():
    overrides = variant_overrides(VARIANTS, "both")
    assert [(o.key, o.origin) for o in overrides] == [
        ("policy.subsidy_rate", "subsidy-40"),
        ("tiers[service=sewage].capex_cny*", "dear"),
        ("sites[S2].status", "dear"),
        ("services.sewage.max_distance_km", "both"),
    ]


@pytest.mark.parametrize("key", ["sites[S1]*", "policy[x].rate", "tiers.a.b", "", "a b"])
def test_unreadable_keys(key):
    with pytest.raises(ValueError, match="override key"):
        parse_key(key)


def test_a_variant_key_naming_a_deleted_row_is_a_problem_naming_variant_key_and_row(park):
    """A site deleted since the variant ``dear`` was written (``sites[S2].status``): checking
    the scenario and choosing the variant name the variant, the key and the row, in English and
    in Chinese (before: in English only, expecting "a selector that matches at least one row")."""
    from optimizer.words.language import CHINESE, using_language
    from optimizer.words.said import spoken

    sites = park.table("sites")
    park.write_table("sites", sites[sites["id"] != "S2"])
    problems = [p for p in check(park.load()) if p.column == "variants.dear.overrides"]
    assert [str(p) for p in problems] == [
        "scenario.yaml line 35, variants.dear.overrides: found 'sites[S2].status': no row of "
        "sites matches [S2], expected a key that names a row of sites (a row deleted or "
        "renamed: remove the key from the variant, or give the row back)"
    ]
    with pytest.raises(ScenarioError) as raised:
        park.load("dear")
    (chosen,) = raised.value.problems
    assert chosen.found == problems[0].found and chosen.expected == problems[0].expected
    with using_language(CHINESE):
        assert spoken(chosen.found) == "'sites[S2].status'：sites 中没有与 [S2] 相符的行"
        assert spoken(chosen.expected).startswith("指向 sites 中现有行的键")


def test_a_row_a_variant_adds_naming_no_enterprise_is_a_problem_of_the_scenario(park):
    """Before, ``demands[+]`` naming an enterprise that is not there was said only when that
    variant was chosen and solved; checking the scenario said nothing."""
    settings = park.settings()
    settings["variants"] = {
        "joins": {
            "overrides": {
                "demands[+]": {"enterprise": "E9", "service": "sewage", "demand_per_day": 5}
            }
        },
        "joins-too": {
            "overrides": {
                "enterprises[+]": {"id": "E9", "lon": 120.63, "lat": 31.31},
                "demands[+]": {"enterprise": "E9", "service": "sewage", "demand_per_day": 5},
            }
        },
    }
    park.write_settings(settings)
    problems = [p for p in check(park.load()) if (p.column or "").startswith("variants.")]
    assert [(p.column, str(p.found)) for p in problems] == [
        (
            "variants.joins.overrides",
            "'demands[+]': the row it adds names enterprise E9, and enterprises has no row E9",
        )
    ]
