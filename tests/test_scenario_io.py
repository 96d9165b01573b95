"""Reading and writing scenarios: folder <-> workbook without loss, atomic saves, clear load errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from optimizer.checks import check
from optimizer.problems import ScenarioError
from optimizer.scenario import Scenario, load_scenario, save_scenario, scenario_from_tables
from optimizer.scenario.workbook import settings_from_rows, settings_to_rows
from optimizer.schema import TABLES

VARIANTS = {
    "subsidy-40": {"description": "40% capex subsidy", "overrides": {"policy.subsidy_rate": 0.4}},
    "dear": {
        "overrides": {"tiers[service=sewage].capex_cny*": 1.2, "sites[S2].status": "forbidden"}
    },
    "both": {"combine": ["subsidy-40", "dear"], "overrides": {}},
}


def assert_same_scenario(a: Scenario, b: Scenario) -> None:
    """Every table equal to the bit (values and dtypes), settings, variants and input hash."""
    assert set(a.tables) == set(b.tables) == set(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True, obj=name)
    assert a.settings == b.settings
    assert a.variants == b.variants
    assert a.input_hash() == b.input_hash()


def test_tiny_folder_to_workbook_to_folder(tiny, tmp_path):
    settings = tiny.settings()
    settings["variants"] = VARIANTS
    tiny.write_settings(settings)
    original = load_scenario(tiny.path)
    assert original.variants == VARIANTS
    book = save_scenario(original, tmp_path / "tiny.xlsx")
    from_book = load_scenario(book)
    assert from_book.source_kind == "xlsx"
    back = load_scenario(save_scenario(from_book, tmp_path / "back"))
    assert_same_scenario(original, from_book)
    assert_same_scenario(original, back)
    assert from_book.load_problems == back.load_problems == ()
    # the variants still apply after the trip
    assert back.with_variant("both").config["policy"]["subsidy_rate"] == 0.4


def awkward() -> Scenario:
    """Ids that look like numbers or booleans, text with commas, quotes, newlines, formulas and
    unicode, floats that need 17 digits, empty optional cells, booleans."""
    settings = {
        "name": 'Ünïcode park: "quoted", =odd',
        "description": "#N/A\nsecond line, with comma",
        "cost_year": 2024,
        "services": {"sewage": {"unit": "m3", "conveyance": "pipe", "max_distance_km": None}},
        "policy": {"subsidy_rate": 0.1 + 0.2},
    }
    ids = ["001", "E,2", 'E"3', "汉字", "1e3", "TRUE"]
    tables = {
        "enterprises": pd.DataFrame(
            {
                "id": ids,
                "name": ["a, b", 'say "hi"', "印染厂", None, "x\ny", "it's"],
                "sector": ["=SUM(A1)", "NA", "null", "-", "#N/A", "+1"],
                "lon": [120.1, 0.1 + 0.2, 1 / 3, -0.0, 1e-7, 120],
                "lat": [31, 1e-300, 30, 30, 30.000000000000004, 30],
            }
        ),
        "demands": pd.DataFrame(
            {
                "enterprise": ids[:3],
                "service": ["sewage"] * 3,
                "demand_per_day": [1040444.375, 0.1 + 0.2, 7],
                "standalone_capex_cny": [None, 1e20, 5],
                "self_treatment_allowed": [True, None, False],
            }
        ),
        "sites": pd.DataFrame(
            {
                "id": ["007"],
                "lon": [120.0],
                "lat": [31.0],
                "area_m2": [None],
                "services": ["sewage"],
            }
        ),
        "tiers": pd.DataFrame(
            {
                "site": ["*", "007"],
                "service": ["sewage", "sewage"],
                "tier": ["0.10", "small, cheap"],
                "capacity_per_day": [100, 2.5],
                "capex_cny": [1, 0],
                "lifetime_years": [20, 1 / 7],
                "existing": [False, True],
            }
        ),
    }
    return scenario_from_tables(
        settings, tables, variants={"v": {"overrides": {"sites[007].lat": 30.5}}}
    )


@pytest.mark.parametrize("first", ["folder", "xlsx"])
def test_awkward_values_round_trip(tmp_path, first):
    original = awkward()
    path = tmp_path / ("start.xlsx" if first == "xlsx" else "start")
    start = load_scenario(save_scenario(original, path))
    other = tmp_path / ("other" if first == "xlsx" else "other.xlsx")
    converted = load_scenario(save_scenario(start, other))
    again = load_scenario(save_scenario(converted, path))
    for scenario in (start, converted, again):
        assert_same_scenario(original, scenario)
        assert scenario.load_problems == ()
    assert start.tables["enterprises"]["id"].tolist() == [
        "001",
        "E,2",
        'E"3',
        "汉字",
        "1e3",
        "TRUE",
    ]
    assert start.tables["demands"]["self_treatment_allowed"].tolist() == [True, pd.NA, False]
    assert again.with_variant("v").tables["sites"]["lat"].tolist() == [30.5]


class Unwritable:
    """A cell value that cannot be written anywhere: saving fails part-way through."""

    def __str__(self) -> str:
        raise RuntimeError("disk full (simulated)")

    __repr__ = __format__ = __str__  # type: ignore[assignment]


def broken(scenario: Scenario) -> Scenario:
    tiers = scenario.tables["tiers"].astype(object)
    tiers.loc[0, "tier"] = Unwritable()
    return replace(scenario, tables={**scenario.tables, "tiers": tiers})


def snapshot(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.parametrize("target", ["folder", "workbook.xlsx"])
def test_failed_save_leaves_the_old_scenario_intact(tiny, tmp_path, target):
    scenario = load_scenario(tiny.path)
    path = tmp_path / "out" / target
    save_scenario(scenario, path)
    before = snapshot(path)
    with pytest.raises(Exception, match=r"disk full|Cannot convert"):
        save_scenario(broken(scenario.with_overrides({"policy.subsidy_rate": 0.3})), path)
    assert snapshot(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == [target]  # no temporary left behind
    assert_same_scenario(scenario, load_scenario(path))


def test_failed_first_save_leaves_nothing(tiny, tmp_path):
    with pytest.raises(RuntimeError):
        save_scenario(broken(load_scenario(tiny.path)), tmp_path / "new")
    assert list(tmp_path.iterdir()) == [tmp_path / "tiny"]


def test_save_replaces_a_folder_completely(tiny, tmp_path):
    scenario = load_scenario(tiny.path)
    save_scenario(scenario, tmp_path / "out")
    (tmp_path / "out" / "stale.csv").write_text("x\n1\n")
    save_scenario(scenario.with_overrides({"policy.subsidy_rate": 0.3}), tmp_path / "out")
    again = load_scenario(tmp_path / "out")
    assert not (tmp_path / "out" / "stale.csv").exists()
    assert again.config["policy"]["subsidy_rate"] == 0.3


# ---------------------------------------------------------------------------------------------
# What cannot be read raises ScenarioError, naming the file (and line)
# ---------------------------------------------------------------------------------------------


def test_no_such_path(tmp_path):
    with pytest.raises(ScenarioError) as raised:
        load_scenario(tmp_path / "nowhere")
    assert "nothing at that path" in str(raised.value)


def test_folder_without_scenario_yaml(tmp_path):
    with pytest.raises(ScenarioError, match=r"scenario\.yaml"):
        load_scenario(tmp_path)


def test_yaml_syntax_error_names_the_line(tiny):
    text = tiny.yaml_path.read_text(encoding="utf-8").splitlines()
    text.insert(5, "discount_rate: [0.08")
    tiny.yaml_path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_scenario(tiny.path)
    (problem,) = raised.value.problems
    assert problem.source == "scenario.yaml"
    assert problem.line is not None and problem.line >= 6
    assert "syntax error" in str(problem)


def test_yaml_that_is_not_a_mapping(tiny):
    tiny.yaml_path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="a mapping of settings"):
        load_scenario(tiny.path)


def test_unreadable_csv_files_are_reported_together(tiny, find):
    """One unreadable file does not hide the others' problems."""
    (tiny.path / "sites.csv").write_bytes(b"id,name\nS1,\xff\xfe bad\n")
    (tiny.path / "tiers.csv").write_text("site,service\n*,sewage,small,150\n", encoding="utf-8")
    tiny.set_cell("enterprises", "E3", "lat", "north")
    problems = check(load_scenario(tiny.path))
    (sites,) = find(problems, source="sites.csv")
    assert "neither UTF-8 nor GB18030" in str(sites) and sites.line == 2
    (tiers,) = find(problems, source="tiers.csv")
    assert (tiers.line, tiers.found) == (2, "4 cells")
    assert find(problems, source="enterprises.csv", column="lat", line=4)


def test_scenario_yaml_that_is_not_utf8(tiny):
    tiny.yaml_path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(ScenarioError, match="neither UTF-8 nor GB18030"):
        load_scenario(tiny.path)


def test_empty_csv_is_a_table_without_columns(tiny, find):
    (tiny.path / "demands.csv").write_text("", encoding="utf-8")
    problems = load_scenario(tiny.path).load_problems
    assert find(problems, source="demands.csv", column="enterprise")


def test_damaged_workbook(tmp_path):
    book = tmp_path / "damaged.xlsx"
    book.write_bytes(b"PK\x03\x04 not really a zip file")
    with pytest.raises(ScenarioError, match=r"damaged\.xlsx"):
        load_scenario(book)


def test_workbook_without_settings_sheet(tmp_path):
    book = tmp_path / "plain.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(book, sheet_name="data", index=False)
    with pytest.raises(ScenarioError, match="a sheet named 'settings'"):
        load_scenario(book)


def test_bad_setting_value_in_a_workbook_names_its_row():
    rows = pd.DataFrame({"key": ["name", "discount_rate"], "value": ["x", "[0.08"]})
    with pytest.raises(ScenarioError) as raised:
        settings_from_rows(rows, "sheet settings")
    (problem,) = raised.value.problems
    assert (problem.source, problem.line, problem.row_id) == ("sheet settings", 3, "discount_rate")


def test_settings_rows_round_trip():
    settings = {
        "name": "x",
        "services": {"sewage": {"unit": "m3", "outputs": [{"name": "sludge", "ratio": 0.0045}]}},
        "policy": {"max_facilities": {"sewage": 2}, "capital_budget_cny": None},
        "variants": {"a.b": {"overrides": {"policy.subsidy_rate": 0.2}}},
    }
    assert settings_from_rows(settings_to_rows(settings), "sheet settings") == settings


def test_scenario_from_tables_refuses_bad_cells():
    with pytest.raises(ScenarioError) as raised:
        scenario_from_tables(
            {"name": "x", "cost_year": 2024},
            {"enterprises": pd.DataFrame({"id": ["E1"], "lon": ["east"], "lat": [31]})},
        )
    (problem,) = raised.value.problems
    assert (problem.row_id, problem.column, problem.value) == ("E1", "lon", "east")


def test_with_table_replaces_that_tables_problems(tiny):
    tiny.set_cell("enterprises", "E3", "lat", "north")
    scenario = load_scenario(tiny.path)
    assert [p.column for p in scenario.load_problems] == ["lat"]
    fixed = scenario.with_table("enterprises", tiny.table("enterprises").replace("north", "31.3"))
    assert fixed.load_problems == ()
    assert fixed.tables["enterprises"]["lat"].dtype == "Float64"
    assert scenario.load_problems != ()  # the original is left alone
