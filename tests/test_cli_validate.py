"""``optimizer validate`` and ``optimizer convert``: output forms, exit codes, never a traceback."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.cli.output import EXIT_FAILED, Output, report_problems, reporting
from optimizer.problems import Problem
from optimizer.scenario import load_scenario

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


# ---------------------------------------------------------------------------------------------
# validate
# ---------------------------------------------------------------------------------------------


def test_valid_scenario_exits_0(tiny_path):
    result = run("validate", tiny_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "tiny: valid"


def test_invalid_scenario_exits_1_with_one_line_per_problem(tiny):
    tiny.set_cell("enterprises", "E3", "lat", 123)
    tiny.set_setting("solver.colour", "red")
    tiny.set_setting("discount_rate", 2)
    result = run("validate", tiny.path)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "error: scenario.yaml line 6, discount_rate: found 2, expected a number from 0 to 0.5",
        "error: scenario.yaml line 20, solver.colour: found an unknown setting, expected one of "
        "the settings of solver: name, time_limit_s, mip_gap, threads, seed, single_sourcing, "
        "strong_linking (see docs/scenario-format.md)",
        "error: enterprises.csv line 4 (id E3), column lat: found 123.0, "
        "expected a number from -90 to 90",
        "tiny: 3 errors, 0 warnings",
    ]
    assert "Traceback" not in result.output


def test_an_unknown_setting_is_an_error_naming_the_closest(tiny):
    """A misspelt key is no longer "ignored" with a warning: it would solve something else."""
    tiny.set_setting("policy", {"subsidyrate": 0.3})
    result = run("validate", tiny.path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "error: scenario.yaml line 21, policy.subsidyrate: found an unknown setting, expected "
        "did you mean 'policy.subsidy_rate' or 'policy.subsidy_rate_by_service'?"
    )


def test_warnings_alone_exit_0(tiny):
    (tiny.path / "tier.csv").write_text("site,service\n", encoding="utf-8")
    result = run("validate", tiny.path)
    assert result.exit_code == 0
    assert result.stdout.startswith("warning: tier.csv: found a file that is not read")


def test_json_when_valid(tiny_path):
    result = run("validate", tiny_path, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "scenario": "tiny",
        "valid": True,
        "errors": [],
        "warnings": [],
    }


def test_json_when_invalid(tiny):
    tiny.set_cell("demands", "E2", "demand_per_day", "lots")
    (tiny.path / "tier.csv").write_text("site,service\n", encoding="utf-8")
    result = run("validate", tiny.path, "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["valid"] is False
    (error,) = document["errors"]
    assert {k: error[k] for k in ("source", "line", "row_id", "column", "value")} == {
        "source": "demands.csv",
        "line": 3,
        "row_id": "E2/sewage",
        "column": "demand_per_day",
        "value": "lots",
    }
    assert error["message"].startswith("demands.csv line 3 (id E2/sewage)")
    assert [w["source"] for w in document["warnings"]] == ["tier.csv"]


def test_variant_is_applied(tiny):
    """Each value of the variant is valid; applied, the rules cannot all hold (two required
    sites, at most one facility)."""
    settings = tiny.settings()
    both = {"sites[S1].status": "required", "sites[S2].status": "required"}
    settings["variants"] = {"tight": {"overrides": {**both, "policy.max_facilities.sewage": 1}}}
    tiny.write_settings(settings)
    assert run("validate", tiny.path).exit_code == 0
    result = run("validate", tiny.path, "--variant", "tight")
    assert result.exit_code == 1
    assert "tiny[tight]: 1 error, 0 warnings" in result.stdout


def test_an_unused_variant_with_a_bad_value_is_reported(tiny):
    settings = tiny.settings()
    settings["variants"] = {"far": {"overrides": {"enterprises[E3].lat": 123}}}
    tiny.write_settings(settings)
    result = run("validate", tiny.path)
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "error: scenario.yaml line 23, variants.far.overrides: found 'enterprises[E3].lat': "
        "enterprises.lat would be 123.0 in row E3, expected a number from -90 to 90"
    )


def test_unknown_variant(tiny_path):
    result = run("validate", tiny_path, "--variant", "nope")
    assert result.exit_code == 1
    assert "unknown variant 'nope'" in result.stdout
    document = json.loads(run("validate", tiny_path, "--variant", "nope", "--json").stdout)
    assert document["valid"] is False
    assert "unknown variant 'nope'" in document["errors"][0]["message"]


def test_conflicting_variants_name_both(tiny):
    settings = tiny.settings()
    settings["variants"] = {
        "a": {"overrides": {"policy.subsidy_rate": 0.2}},
        "b": {"overrides": {"policy.subsidy_rate": 0.4}},
    }
    tiny.write_settings(settings)
    result = run("validate", tiny.path, "--variant", "a,b")
    assert result.exit_code == 1
    assert "'policy.subsidy_rate' set by both 'a' and 'b'" in result.stdout


def test_yaml_syntax_error_prints_its_line(tiny):
    tiny.yaml_path.write_text("name: tiny\ncost_year: [2024\n", encoding="utf-8")
    result = run("validate", tiny.path)
    assert result.exit_code == 1
    assert "error: scenario.yaml line " in result.stdout
    assert "syntax error" in result.stdout


def test_not_a_scenario(tmp_path):
    result = run("validate", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "nothing at that path" in result.stdout


@pytest.mark.parametrize(
    "args", [["validate"], ["validate", "a", "b"], ["validate", ".", "--colour"], ["frobnicate"]]
)
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_no_command_shows_help():
    result = run()
    assert result.exit_code in (0, 2)
    assert "validate" in result.output and "convert" in result.output


# ---------------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------------


def test_rich_table_on_a_terminal():
    buffer = io.StringIO()
    out = Output(console=Console(file=buffer, force_terminal=True, width=140, color_system=None))
    problems = [
        Problem("sites.csv", "colour", "a declared column", severity="warning"),
        Problem(
            "demands.csv",
            "demand_per_day",
            "a number above 0",
            value=-5.0,
            row_id="E2/sewage",
            line=3,
        ),
    ]
    report_problems(out, problems, "tiny")
    text = buffer.getvalue()
    assert "tiny: 1 error, 1 warning" in text
    assert text.index("error") < text.index("warning")  # errors first
    assert "E2/sewage" in text and "a number above 0" in text and "-5.0" in text
    assert "┃" in text or "│" in text  # a table, not plain lines


def test_unexpected_exception_becomes_one_line_and_exit_1(capsys):
    with pytest.raises(typer.Exit) as raised, reporting(Output(), "checking x", "x"):
        {}["missing"]
    assert raised.value.exit_code == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("optimizer: internal error while checking x: KeyError")
    assert len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------------------------------------
# convert
# ---------------------------------------------------------------------------------------------


def test_convert_folder_to_workbook_and_back(tiny_path, tmp_path):
    book = tmp_path / "tiny.xlsx"
    result = run("convert", tiny_path, book)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout
    back = tmp_path / "back"
    assert run("convert", book, back).exit_code == 0
    assert load_scenario(back).input_hash() == load_scenario(tiny_path).input_hash()


def test_convert_refuses_to_overwrite_without_force(tiny_path, tmp_path):
    book = tmp_path / "tiny.xlsx"
    book.write_bytes(b"precious")
    result = run("convert", tiny_path, book)
    assert result.exit_code == 1
    assert "exists; pass --force" in result.output
    assert book.read_bytes() == b"precious"
    assert run("convert", tiny_path, book, "--force").exit_code == 0
    assert load_scenario(book).name == "tiny"


def test_convert_never_replaces_a_folder_that_is_not_a_scenario(tiny_path, tmp_path):
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.txt").write_text("years of work")
    book = tmp_path / "t.xlsx"
    assert run("convert", tiny_path, book).exit_code == 0
    result = run("convert", book, other, "--force")
    assert result.exit_code == 1
    assert "not a scenario folder" in result.output
    assert (other / "thesis.txt").read_text() == "years of work"


def test_convert_force_over_a_scenario_folder_keeps_its_other_files(tiny, tmp_path):
    """A README, notes and a subfolder of the folder survive ``convert --force`` over it; a
    table the new scenario does not have (concentrations.csv) does not, or it would change it."""
    folder = tmp_path / "copy"
    assert run("convert", tiny.path, folder).exit_code == 0
    (folder / "README.md").write_text("# How we made this scenario")
    (folder / "notes").mkdir()
    (folder / "notes" / "meeting.txt").write_text("ask the bureau")
    (folder / "concentrations.csv").write_text(
        "enterprise,service,pollutant,concentration_mg_per_l\n"
    )
    book = tmp_path / "t.xlsx"
    assert run("convert", tiny.path, book).exit_code == 0
    result = run("convert", book, folder, "--force")
    assert result.exit_code == 0, result.output
    assert (folder / "README.md").read_text() == "# How we made this scenario"
    assert (folder / "notes" / "meeting.txt").read_text() == "ask the bureau"
    assert not (folder / "concentrations.csv").exists()
    assert load_scenario(folder).input_hash() == load_scenario(tiny.path).input_hash()


def test_convert_refuses_a_scenario_with_cells_that_would_be_lost(tiny, tmp_path):
    tiny.set_cell("enterprises", "E3", "lat", "north")
    result = run("convert", tiny.path, tmp_path / "t.xlsx")
    assert result.exit_code == 1
    assert "enterprises.csv line 4 (id E3), column lat" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_convert_refuses_a_target_it_cannot_write(tiny_path, tmp_path):
    result = run("convert", tiny_path, tmp_path / "tiny.csv")
    assert result.exit_code == 1
    assert "ending in .xlsx, or a folder" in result.output


def test_convert_of_a_broken_source(tmp_path):
    result = run("convert", tmp_path / "nowhere", tmp_path / "t.xlsx")
    assert result.exit_code == 1
    assert "nothing at that path" in result.output


def test_convert_usage_error():
    assert run("convert", "only-one").exit_code == 2


# ---------------------------------------------------------------------------------------------
# As a real process
# ---------------------------------------------------------------------------------------------


def test_real_process_never_prints_a_traceback(tiny):
    tiny.set_cell("enterprises", "E3", "lat", "north")
    (tiny.path / "demands.csv").write_bytes(b"\x00\x01garbage,\xff\n\x02")
    tiny.set_setting("services", ["not", "a", "mapping"])
    result = subprocess.run(
        [sys.executable, "-m", "optimizer.cli", "validate", str(tiny.path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "demands.csv" in result.stdout


def test_real_process_json(tiny):
    tiny.set_cell("sites", "S2", "status", "maybe")
    result = subprocess.run(
        [sys.executable, "-m", "optimizer.cli", "validate", str(tiny.path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert [e["row_id"] for e in document["errors"]] == ["S2"]
