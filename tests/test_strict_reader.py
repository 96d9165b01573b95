"""One strict reader: every key checked against the schema wherever it is written, duplicates and
wrong shapes refused, YAML and workbooks read within limits, physical numbers range-checked.

Each test here failed before the reader was made strict (most by a silent acceptance, some by a
traceback), and says so in its name or docstring.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from optimizer.batch import load_spec, run_batch
from optimizer.checks import check
from optimizer.cli import app
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario, save_scenario

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def refused(path: Path, variant: str | None = None) -> list[str]:
    """The problems that stop the scenario at ``path`` from loading or checking, as text."""
    try:
        scenario = load_scenario(path, variant)
    except ScenarioError as error:
        return [str(p) for p in error.errors]
    return [str(p) for p in check(scenario) if p.is_error]


def append_yaml(tiny, text: str) -> None:
    with tiny.yaml_path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# -- YAML -------------------------------------------------------------------------------------
def test_a_key_written_twice_is_refused_naming_both_lines(tiny):
    append_yaml(tiny, "currency: EUR\n")  # line 5 says CNY
    (message,) = refused(tiny.path)
    assert message == (
        "scenario.yaml line 21: found the key 'currency' again (first on line 5), expected each "
        "key once in a mapping"
    )


def test_numbers_with_an_exponent_and_no_dot_are_numbers(tiny):
    """YAML 1.1 read ``1e-2`` as text, and the check refused a valid discount rate."""
    tiny.yaml_path.write_text(
        tiny.yaml_path.read_text(encoding="utf-8")
        .replace("discount_rate: 0.08", "discount_rate: 1e-2")
        .replace("time_limit_s: 60", "time_limit_s: 1e3"),
        encoding="utf-8",
    )
    scenario = load_scenario(tiny.path)
    assert scenario.config["discount_rate"] == 0.01
    assert scenario.config["solver"]["time_limit_s"] == 1000.0
    assert check(scenario) == []


def test_an_alias_bomb_is_refused_before_it_is_built(tiny):
    """Nine to the sixth values from a few lines, under a key nobody reads: once accepted (with
    an "ignored" warning); larger ones ran out of memory."""
    lines = ["bomb:", "  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 6)]
    append_yaml(tiny, "\n".join(lines) + "\n")
    (message,) = refused(tiny.path)
    assert "expected at most 200,000 values once aliases (*name) are expanded" in message
    assert message.startswith("scenario.yaml line 2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deep: " + "[" * 3000 + "]" * 3000, "at most 40 levels of nested mappings and lists"),
        ("loop: &l [*l]", "an alias inside itself"),
        ("bad: \x1f", "the control character '\\x1f'"),
    ],
    ids=["deep", "recursive alias", "control character"],
)
def test_yaml_structure_is_refused_in_words(tiny, text, expected):
    append_yaml(tiny, text + "\n")
    (message,) = refused(tiny.path)
    assert message.startswith("scenario.yaml line 21") and expected in message


def test_a_settings_file_over_the_limit_is_refused_unread(tiny):
    tiny.set_setting("description", "x" * 3_000_000)
    (message,) = refused(tiny.path)
    assert "expected at most 2,000,000 bytes of settings" in message


def test_load_yaml_is_the_one_strict_reader():
    from optimizer.scenario import load_yaml

    with pytest.raises(ScenarioError, match="the key 'a' again"):
        load_yaml("a: 1\na: 2\n", "editor")
    assert load_yaml("x: 1.5e3", "editor") == {"x": 1500.0}


# -- unknown keys, wherever they are written --------------------------------------------------
def test_an_unknown_setting_in_the_settings_sheet_is_an_error(tiny, tmp_path):
    book = tmp_path / "tiny.xlsx"
    save_scenario(load_scenario(tiny.path), book)
    workbook = openpyxl.load_workbook(book)
    workbook["settings"].append(["policy.subsidyrate", "0.3"])
    workbook.save(book)
    (message,) = refused(book)
    assert message.startswith("sheet settings row ")
    assert "policy.subsidyrate: found an unknown setting" in message
    assert "did you mean 'policy.subsidy_rate'" in message


def test_an_unknown_column_is_an_error_naming_the_closest(tiny):
    tiny.set_cell("demands", "E1", "standalone_capex", 5)
    (message,) = refused(tiny.path)
    assert message.startswith("demands.csv, standalone_capex: found an unknown column")
    assert "did you mean 'standalone_capex_cny'" in message


def test_an_unknown_key_in_a_variants_overrides_names_the_variant(tiny):
    settings = tiny.settings()
    settings["variants"] = {"typo": {"overrides": {"policy.subsidyrate": 0.3}}}
    tiny.write_settings(settings)
    for path, variant in ((tiny.path, None), (tiny.path, "typo")):
        (message,) = refused(path, variant)
        assert "variants.typo.overrides: found 'policy.subsidyrate'" in message
        assert "did you mean 'policy.subsidy_rate'" in message


def test_an_override_of_an_undeclared_column_is_refused(tiny):
    """Once written into the table as an extra text column, silently."""
    settings = tiny.settings()
    settings["variants"] = {"typo": {"overrides": {"tiers.capexcny*": 2}}}
    tiny.write_settings(settings)
    (message,) = refused(tiny.path, "typo")
    assert "table tiers has no column 'capexcny'" in message
    assert "did you mean 'tiers.capex_cny'" in message


def test_a_misspelt_sweep_fails_before_any_case_runs(tiny, tmp_path):
    """``--sweep policy.subsidyrate=0,0.3`` once gave two "done" cases at the base cost."""
    out = tmp_path / "out"
    result = run("batch", tiny.path, "--sweep", "policy.subsidyrate=0,0.3", "--out", out)
    assert result.exit_code == 2
    text = " ".join(result.output.replace("│", " ").split())
    assert "--sweep" in text and "sweep 'policy.subsidyrate'" in text
    assert "did you mean 'policy.subsidy_rate'" in text
    assert not out.exists()
    with pytest.raises(ValueError, match=r"did you mean 'tiers\.capex_cny'"):
        run_batch(tiny.path, sweeps={"tiers.capexcny*": [1, 2]}, out=out, workers=1)
    assert not out.exists()


def test_a_sweep_value_out_of_range_or_an_undeclared_service_is_refused(tiny, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="the value 3; expected a number from 0 to 1"):
        run_batch(tiny.path, sweeps={"policy.subsidy_rate": [0, 3]}, out=out, workers=1)
    with pytest.raises(ValueError, match="no service 'sewag' is declared"):
        run_batch(tiny.path, sweeps={"services.sewag.max_distance_km": [1, 2]}, out=out)
    assert not (out.exists() and any(out.iterdir()))


def test_a_misspelt_sweep_in_a_batch_spec_names_the_file_and_key(tmp_path, tiny_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"scenarios: [{tiny_path}]\nsweeps:\n  policy.subsidyrate: [0, 0.3]\nout: out\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as raised:
        load_spec(spec)
    (problem,) = raised.value.problems
    assert (problem.source, problem.column) == ("spec.yaml", "sweeps.policy.subsidyrate")
    assert "did you mean 'policy.subsidy_rate'" in problem.expected


# -- duplicates -------------------------------------------------------------------------------
def test_a_column_written_twice_is_refused(tiny):
    """pandas renamed the second ``lat`` to ``lat.1`` and the first was used, silently."""
    path = tiny.path / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",lat"] + [line + ",0" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (message,) = refused(tiny.path)
    assert message == (
        "sites.csv, lat: found the column 'lat' twice (columns 4 and 9), expected each column once "
        "in the header"
    )


def _workbook(tiny, tmp_path: Path, *rows: list[str]) -> Path:
    book = tmp_path / "tiny.xlsx"
    save_scenario(load_scenario(tiny.path), book)
    workbook = openpyxl.load_workbook(book)
    for row in rows:
        workbook["settings"].append(row)
    workbook.save(book)
    return book


def test_a_settings_row_written_twice_is_refused(tiny, tmp_path):
    book = _workbook(tiny, tmp_path, ["discount_rate", "0.05"])
    (message,) = refused(book)
    assert "found the key 'discount_rate' again (first on row 6)" in message


def test_a_settings_key_that_is_a_value_and_a_group_is_refused(tiny, tmp_path):
    """Once a TypeError ('str' object does not support item assignment)."""
    book = _workbook(tiny, tmp_path, ["solver", "fast"])
    (message,) = refused(book)
    assert "either 'solver' as one value or keys under it" in message


def test_a_small_number_in_the_settings_sheet_is_read_as_a_number(tiny, tmp_path):
    """A cell 0.00001 reads back as '1e-05', once refused as "expected a number"."""
    book = tmp_path / "tiny.xlsx"
    save_scenario(load_scenario(tiny.path), book)
    workbook = openpyxl.load_workbook(book)
    for row in workbook["settings"].iter_rows(min_row=2):
        if row[0].value == "solver.mip_gap":
            row[1].value = 0.00001
    workbook.save(book)
    scenario = load_scenario(book)
    assert scenario.config["solver"]["mip_gap"] == 1e-05
    assert check(scenario) == []


# -- workbook limits --------------------------------------------------------------------------
def test_a_cell_far_out_in_a_sheet_is_refused_at_once(tiny, tmp_path):
    """A cell at XFD5000 took the memory of the whole server."""
    book = tmp_path / "tiny.xlsx"
    save_scenario(load_scenario(tiny.path), book)
    workbook = openpyxl.load_workbook(book)
    workbook["tiers"].cell(row=5000, column=16384, value=1)
    workbook.create_sheet("notes").cell(row=5000, column=16384, value=1)  # not read at all
    workbook.save(book)
    (message,) = refused(book)
    assert message == (
        "sheet tiers row 5000: found a cell in column 16,384, expected at most 200 columns"
    )


def test_a_workbook_part_that_unpacks_too_far_is_refused_unread(tiny, tmp_path):
    book = tmp_path / "tiny.xlsx"
    save_scenario(load_scenario(tiny.path), book)
    with zipfile.ZipFile(book, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet99.xml", b" " * 70_000_000)
    (message,) = refused(book)
    assert "xl/worksheets/sheet99.xml unpacking to 70,000,000 bytes" in message


def test_an_alias_bomb_in_a_settings_cell_is_refused(tiny, tmp_path):
    bomb = "{a0: &a0 [x, x, x, x, x, x, x, x, x]"
    bomb += "".join(f", a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 8))
    book = _workbook(tiny, tmp_path, ["notes", bomb + "}"])
    (message,) = refused(book)
    assert "values once aliases (*name) are expanded" in message


# -- CSV reading ------------------------------------------------------------------------------
def test_a_european_csv_is_named_as_such(tiny):
    """Once "found 7 cells, expected at most 1", with no word about the separator."""
    path = tiny.path / "enterprises.csv"
    text = path.read_text(encoding="utf-8").replace(",", ";").replace(".", ",")
    path.write_text(text, encoding="utf-8")
    (message,) = refused(tiny.path)
    assert message.startswith("enterprises.csv: found a header with no comma")
    assert "separated by commas" in message


def test_a_file_in_no_encoding_read_is_one_problem_with_its_line(tiny):
    """GBK is read now (tests/test_chinese_files.py); bytes that are neither UTF-8 nor GB18030
    are one problem with the line of the first byte that is not UTF-8."""
    path = tiny.path / "enterprises.csv"
    text = path.read_text(encoding="utf-8").replace("Jinyuan Foods", "Jinyuan \udcff")
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    (message,) = refused(tiny.path)
    assert message.startswith("enterprises.csv line 4: found bytes that are neither UTF-8 nor")
    assert "GB18030/GBK" in message


def test_tables_with_a_header_only_are_refused(tiny):
    """A required one crashed the solve; an optional one was read as absent, silently."""
    (tiny.path / "distances.csv").write_text("enterprise,site,distance_km\n", encoding="utf-8")
    (tiny.path / "tiers.csv").write_text(
        "site,service,tier,capacity_per_day,capex_cny,lifetime_years\n", encoding="utf-8"
    )
    messages = refused(tiny.path)
    assert any(m.startswith("distances.csv: found a header only, expected rows") for m in messages)
    assert any(
        m.startswith("tiers.csv: found no rows, expected at least one row") for m in messages
    )


def test_cells_under_no_column_name_are_refused(tiny):
    path = tiny.path / "sites.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ","] + [f"{line},x" for line in lines[1:]]) + "\n")
    (message,) = refused(tiny.path)
    assert "cells in column 9, which has no name ('x')" in message


# -- shapes and types -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ("a string", "variants.v: found a str, expected a mapping with overrides"),
        ({"overrides": "abc"}, "variants.v.overrides: found 'abc', expected a mapping"),
        ({"overrides": [1, 2]}, "variants.v.overrides: found list, expected a mapping"),
        ({"combine": "abc"}, "variants.v.combine: found 'abc', expected a list of variant names"),
        ({"combine": 3}, "variants.v.combine: found 3, expected a list of variant names"),
        ({"combine": ["v"]}, "variants.v.combine: found v -> v, expected variants that do not"),
        ({"overide": {}}, "variants.v.overide: found an unknown key of a variant"),
    ],
)
def test_a_variant_of_the_wrong_shape_is_an_error_used_or_not(tiny, definition, expected):
    settings = tiny.settings()
    settings["variants"] = {"v": definition}
    tiny.write_settings(settings)
    for variant in (None, "v"):
        messages = refused(tiny.path, variant)
        assert any(expected in m for m in messages), messages


def test_a_service_set_to_null_is_an_error(tiny):
    """Once valid, then a TypeError in prepare ('can only string multiply by an integer')."""
    tiny.set_setting("services.sewage", None)
    messages = refused(tiny.path)
    assert any("services.sewage.unit: found no such setting" in m for m in messages)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("solver.time_limit_s", "10s", "found '10s', expected a number above 0"),
        ("solver.threads", 100000, "found 100000, expected a whole number above 0 and at most 256"),
    ],
)
def test_solver_settings_that_cannot_work_are_refused_by_solve(tiny, key, value, expected):
    """``10s`` was an internal error of solve; 100000 threads a HiGHS 'error' status."""
    tiny.set_setting(key, value)
    result = run("solve", tiny.path, "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    (error,) = document["errors"]
    assert error["column"] == key and expected in error["message"]
    assert "internal error" not in result.output


# -- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("table", "row", "column", "value", "expected"),
    [
        ("tiers", 0, "lifetime_years", "1e-300", "a number from 1 to 200"),
        ("tiers", 0, "capex_cny", "1e308", "a number from 0 to 1e12"),
        ("demands", 0, "demand_per_day", "1e300", "a number from 0 to 1e9"),
        ("edges", 0, "length_km", "1e9", "a number above 0 and at most 20000"),
    ],
)
def test_numbers_that_would_stall_the_solver_are_refused(tiny, table, row, column, value, expected):
    """A lifetime of 1e-300 years once sent HiGHS past 10 minutes against a 20 s limit."""
    tiny.set_cell(table, row, column, value)
    (message,) = refused(tiny.path)
    assert f"column {column}" in message and expected in message


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"tiers.capex_cny*": float("inf")}, "a numeric column and a finite numeric factor"),
        ({"tiers.capex_cny*": 1e308}, "tiers.capex_cny would be inf in row */sewage/small"),
        ({"tiers.capex_cny*": 1e300}, "would be 9e+305 in row */sewage/small"),
        ({"discount_rate*": float("nan")}, "a numeric setting and a finite numeric factor"),
        ({"enterprises[E3].lat": 123}, "enterprises.lat would be 123.0 in row E3"),
    ],
)
def test_an_override_that_overflows_or_leaves_the_range_names_the_variant(tiny, override, expected):
    settings = tiny.settings()
    settings["variants"] = {"huge": {"overrides": override}}
    tiny.write_settings(settings)
    for variant in (None, "huge"):
        (message,) = refused(tiny.path, variant)
        assert "variants.huge.overrides" in message and expected in message


def test_a_pollutant_cap_without_concentrations_is_an_error(tiny):
    """It constrained nothing, without a word."""
    tiny.set_setting(
        "pollutants",
        {"COD": {"cap_t_per_year": 1.0, "removal": {"sewage": {"shared": 0.9, "self": 0.5}}}},
    )
    (message,) = refused(tiny.path)
    assert "pollutants.COD.cap_t_per_year: found a cap and no concentration of COD" in message


# -- positions and reach --------------------------------------------------------------------------
def test_positions_where_no_park_is_are_warned_about(tiny, find):
    """(0, 0) and a lost minus sign passed without a word."""
    tiny.set_cell("enterprises", "E2", "lon", 0)
    tiny.set_cell("enterprises", "E2", "lat", 0)
    tiny.set_cell("enterprises", "E3", "lon", -120.62)
    problems = check(load_scenario(tiny.path))
    assert all(p.severity == "warning" for p in problems)
    (origin,) = find(problems, row_id="E2", column="lon+lat")
    assert "the position (0, 0)" in str(origin)
    (far,) = find(problems, row_id="E3", column="lon+lat")
    assert "km from the middle of the park" in str(far)
    (side,) = find(problems, column="lon")
    assert "longitudes from -120.62 to 120.662" in str(side)


def test_no_pair_in_reach_at_all_solves_to_everyone_alone(tiny):
    """Once a TypeError in prepare (an empty string column multiplied)."""
    tiny.set_setting("services.sewage.max_distance_km", 0.0001)
    result = run("solve", tiny.path, "--json", "--allocation", "none")
    assert result.exit_code == 0, result.output
    kpis = json.loads(result.stdout)["kpis"]
    assert kpis["facilities"] == 0 and kpis["total_annual_cost"] == kpis["all_self_cost"]
