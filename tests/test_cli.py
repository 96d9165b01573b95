"""``optimizer solve``, ``generate``, ``export``, ``compare`` and ``batch`` on the command line:
the work they do, their exit codes (0 did its job, 1 bad input / no plan / failed cases, 2 usage)
and that no output ever holds a Python traceback. ``validate`` and ``convert`` are in
``test_cli_validate.py``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from builders import park
from rich.console import Console
from typer.testing import CliRunner

from optimizer.batch import BatchEvent, Counts
from optimizer.cli import app
from optimizer.cli.output import Output, print_pairs
from optimizer.cli.plan_commands import plan_summary
from optimizer.cli.progress import RichProgress
from optimizer.export import read_plan
from optimizer.pipeline import optimise
from optimizer.scenario import load_scenario, save_scenario

runner = CliRunner()

#: The optimum of scenarios/tiny, worked out by hand in scenarios/tiny/README.md.
TINY_OPTIMUM = 506_679.75


def run(*args: object):
    """Run the command in this process; no output may hold a traceback."""
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result


def run_process(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m optimizer.cli`` as a real process (stdout piped: plain output)."""
    done = subprocess.run(
        [sys.executable, "-m", "optimizer.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


@pytest.fixture
def infeasible_path(tmp_path: Path) -> Path:
    """The scenario of test_model_features::test_infeasible_diagnosis_names_the_enterprise on
    disk: E1 and E2 (80 m3/d each, no self-treatment) reach only site A (100 m3/d)."""
    demands = [
        {"enterprise": e, "demand_per_day": d, "self_treatment_allowed": False}
        for e, d in (("E1", 80), ("E2", 80), ("E3", 40))
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    distances = {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "B"): 1.0}
    return save_scenario(park(demands, tiers, distances), tmp_path / "infeasible")


@pytest.fixture
def tiny_with_subsidy(tiny):
    """scenarios/tiny with a variant ``sub`` (40% capex subsidy)."""
    settings = tiny.settings()
    settings["variants"] = {"sub": {"overrides": {"policy.subsidy_rate": 0.4}}}
    tiny.write_settings(settings)
    return tiny


# ---------------------------------------------------------------------------------------------
# solve
# ---------------------------------------------------------------------------------------------


def test_solve_tiny_prints_the_summary_and_writes_plan_json(tiny_path, tmp_path):
    out = tmp_path / "plan"
    result = run("solve", tiny_path, "--out", out, "--formats", "xlsx,html,csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "tiny"
    assert "status: optimal" in lines
    assert "total annual cost: 506,679.75 CNY/year" in lines
    assert "everyone alone: 731,850.00 CNY/year" in lines
    assert "saving: 225,170.25 CNY/year (30.8%)" in lines
    assert "facilities: 1 (sewage 1)" in lines
    assert "SMEs connected: 2 of 4" in lines
    document = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert document["kpis"]["total_annual_cost"] == pytest.approx(TINY_OPTIMUM, abs=0.01)
    assert document["solver"]["status"] == "optimal"
    assert document["solver"]["gap"] == 0.0
    assert document["solver"]["objective"] == pytest.approx(TINY_OPTIMUM, abs=0.01)
    assert document["solver"]["bound"] == pytest.approx(TINY_OPTIMUM, abs=0.01)
    assert document["provenance"]["input_hash"] == load_scenario(tiny_path).input_hash()
    assert {p.name for p in out.iterdir()} == {"plan.json", "tiny.xlsx", "tiny.html", "tiny-csv"}
    assert read_plan(out / "plan.json").total_cost == document["kpis"]["total_annual_cost"]


def test_solve_options_reach_the_solver(tiny_path, tmp_path):
    args = ["--gap", "0.05", "--time-limit", "7", "--threads", "1", "--allocation", "none"]
    result = run("solve", tiny_path, *args, "--out", tmp_path / "p")
    assert result.exit_code == 0, result.output
    plan = read_plan(tmp_path / "p" / "plan.json")
    assert plan.provenance["options"]["mip_gap"] == 0.05
    assert plan.provenance["options"]["time_limit_s"] == 7.0
    assert plan.statement.empty  # no allocation
    assert "SMEs who would leave: not worked out (no cost allocation)" in result.stdout


def test_solve_json_parses(tiny_path):
    result = run("solve", tiny_path, "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["scenario"] == "tiny"
    assert document["status"] == "optimal"
    assert document["kpis"]["total_annual_cost"] == pytest.approx(TINY_OPTIMUM, abs=0.01)
    assert document["written"] == []


def test_solve_a_variant(tiny_with_subsidy):
    result = run("solve", tiny_with_subsidy.path, "--variant", "sub", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["scenario"] == "tiny[sub]"
    assert document["kpis"]["subsidy_total"] > 0


def test_solve_bad_input_exits_1_with_the_problems(tiny):
    tiny.set_cell("enterprises", "E3", "lat", 123)
    result = run("solve", tiny.path)
    assert result.exit_code == 1
    assert (
        "error: enterprises.csv line 4 (id E3), column lat: found 123.0, "
        "expected a number from -90 to 90" in result.stdout
    )
    document = json.loads(run("solve", tiny.path, "--json").stdout)
    assert document["valid"] is False
    assert document["errors"][0]["row_id"] == "E3"


def test_solve_infeasible_exits_1_naming_the_enterprise(infeasible_path):
    result = run("solve", infeasible_path)
    assert result.exit_code == 1
    assert "no plan meets every rule" in result.stdout
    problem = next(line for line in result.stdout.splitlines() if line.startswith("error:"))
    assert "E1/sewage" in problem or "E2/sewage" in problem
    assert "unserved" in problem and "sites in reach: A" in problem
    document = json.loads(run("solve", infeasible_path, "--json").stdout)
    assert document["status"] == "infeasible"
    assert document["errors"][0]["row_id"] in ("E1/sewage", "E2/sewage")


def test_solver_stopping_without_a_plan_exits_1(tiny_path):
    # A time limit of zero stops HiGHS before any plan
    result = run("solve", tiny_path, "--time-limit", "0")
    assert result.exit_code == 1
    assert "without finding any plan" in result.stderr
    assert "--time-limit" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["solve"],
        ["solve", "{tiny}", "--formats", "pdf", "--out", "x"],
        ["solve", "{tiny}", "--formats", "xlsx"],  # formats need --out
        ["solve", "{tiny}", "--allocation", "fair"],
        ["solve", "{tiny}", "--gap", "-1"],
        ["solve", "{tiny}", "--threads", "0"],
        ["generate", "--enterprises", "0", "--sites", "2", "--out", "x"],
        ["generate", "--enterprises", "5", "--sites", "2", "--out", "x", "--services", "paint"],
        ["export", "plan.json", "--format", "pdf", "--out", "x"],
        ["compare", "a.json"],
        ["compare", "a.json", "b.json", "--out", "report.pdf"],
        ["batch", "{tiny}"],  # no --out
        ["batch", "{tiny}", "--out", "o", "--sweep", "policy.subsidy_rate"],
        ["batch", "{tiny}", "--out", "o", "--sweep", "nosuchtable[x].y=1"],
        ["batch", "{tiny}", "--out", "o", "--scheduler", "tcp://h:1", "--dask-local", "2"],
        ["batch", "{tiny}", "--out", "o", "--plot"],
        ["batch", "{tiny}", "spec.yaml", "--out", "o"],
    ],
)
def test_usage_errors_exit_2(args, tiny_path):
    result = run(*[a.replace("{tiny}", str(tiny_path)) for a in args])
    assert result.exit_code == 2, result.output


def test_help_of_every_command():
    for command in ("solve", "batch", "compare", "export", "generate", "convert", "validate"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Usage" in result.output


@pytest.mark.slow
def test_solve_as_a_real_process(tiny_path, tmp_path, infeasible_path):
    done = run_process("solve", tiny_path, "--out", tmp_path / "p")
    assert done.returncode == 0, done.stderr
    assert "total annual cost: 506,679.75 CNY/year" in done.stdout
    plan = json.loads((tmp_path / "p" / "plan.json").read_text(encoding="utf-8"))
    assert plan["kpis"]["total_annual_cost"] == pytest.approx(TINY_OPTIMUM, abs=0.01)
    assert json.loads(run_process("solve", tiny_path, "--json").stdout)["status"] == "optimal"
    assert run_process("solve", infeasible_path).returncode == 1
    assert run_process("solve", tmp_path / "nowhere").returncode == 1
    assert run_process("solve").returncode == 2


# ---------------------------------------------------------------------------------------------
# Rich output on a terminal
# ---------------------------------------------------------------------------------------------


def terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=160, color_system=None), buffer


def test_summary_is_a_table_on_a_terminal(tiny_path):
    console, buffer = terminal()
    plan = optimise(tiny_path)
    print_pairs(Output(console=console), plan.label, plan_summary(plan))
    text = buffer.getvalue()
    assert "total annual cost" in text and "506,679.75 CNY/year" in text
    assert "status: optimal" not in text  # a table, not the plain "key: value" lines


def test_rich_progress_shows_each_case_and_the_counts():
    console, buffer = terminal()
    progress = RichProgress(console)
    progress(BatchEvent("start", Counts(2), 0.0))
    row = {"status": "optimal", "gap": 0.0, "total_annual_cost": 1234.5, "seconds": 0.5}
    progress(BatchEvent("done", Counts(2, done=1), 1.0, "a--base", row))
    failed = {"status": "failed", "message": "tiers.csv: found nothing"}
    progress(BatchEvent("failed", Counts(2, done=1, failed=1), 2.0, "b--base", failed))
    progress.stop()
    text = buffer.getvalue()
    assert "[1/2] done a--base: optimal, total annual cost 1,234.50, 0.5 s" in text
    assert "[2/2] failed b--base: failed: tiers.csv: found nothing" in text
    assert "2/2" in text and "failed 1" in text


# ---------------------------------------------------------------------------------------------
# generate
# ---------------------------------------------------------------------------------------------


def test_generate_writes_a_valid_park_the_same_for_the_same_seed(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    args = ["--enterprises", 12, "--sites", 3]
    result = run("generate", *args, "--seed", 4, "--out", first)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {first} (folder): 12 enterprises, 3 candidate sites")
    assert run("validate", first).exit_code == 0
    assert len(load_scenario(first).tables["enterprises"]) == 12
    assert run("generate", *args, "--seed", 4, "--out", second).exit_code == 0
    assert run("generate", *args, "--seed", 5, "--out", other).exit_code == 0
    assert load_scenario(first).input_hash() == load_scenario(second).input_hash()
    assert load_scenario(first).input_hash() != load_scenario(other).input_hash()


def test_generate_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "park"
    assert run("generate", "-n", 5, "-m", 2, "--out", out).exit_code == 0
    refused = run("generate", "-n", 6, "-m", 2, "--out", out)
    assert refused.exit_code == 1
    assert "exists; pass --force" in refused.stderr
    assert len(load_scenario(out).tables["enterprises"]) == 5
    assert run("generate", "-n", 6, "-m", 2, "--out", out, "--force").exit_code == 0
    assert len(load_scenario(out).tables["enterprises"]) == 6
    (tmp_path / "notes").mkdir()
    kept = run("generate", "-n", 6, "-m", 2, "--out", tmp_path / "notes", "--force")
    assert kept.exit_code == 1
    assert "not a scenario folder" in kept.stderr


def test_generate_a_workbook_with_chosen_services(tmp_path):
    out = tmp_path / "park"
    result = run("generate", "-n", 8, "-m", 2, "--out", out, "--xlsx", "--services", "sewage")
    assert result.exit_code == 0, result.output
    book = tmp_path / "park.xlsx"
    assert book.is_file()
    assert set(load_scenario(book).tables["demands"]["service"]) == {"sewage"}


# ---------------------------------------------------------------------------------------------
# export and compare
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def two_plans(tiny_with_subsidy, tmp_path) -> tuple[Path, Path]:
    base, subsidised = tmp_path / "base", tmp_path / "sub"
    assert run("solve", tiny_with_subsidy.path, "--out", base).exit_code == 0
    args = ["--variant", "sub", "--out", subsidised]
    assert run("solve", tiny_with_subsidy.path, *args).exit_code == 0
    return base / "plan.json", subsidised / "plan.json"


def test_export_round_trip(two_plans, tmp_path):
    plan_file, _ = two_plans
    for fmt, name in (("xlsx", "p.xlsx"), ("geojson", "p.geojson"), ("html", "p.html")):
        result = run("export", plan_file, "--format", fmt, "--out", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == f"wrote {tmp_path / name} ({fmt})"
        assert (tmp_path / name).stat().st_size > 0
    assert run("export", plan_file, "-f", "json", "-o", tmp_path / "again.json").exit_code == 0
    assert read_plan(tmp_path / "again.json").equals(read_plan(plan_file))
    features = json.loads((tmp_path / "p.geojson").read_text(encoding="utf-8"))["features"]
    assert features


def test_export_of_a_file_that_is_not_a_plan_exits_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("export", bad, "--format", "xlsx", "--out", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "bad.json line 1: not valid JSON" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_compare_writes_a_report_and_prints_the_deltas(two_plans, tmp_path):
    base, subsidised = two_plans
    for suffix in ("md", "html", "xlsx"):
        report = tmp_path / f"report.{suffix}"
        result = run("compare", base, subsidised, "--out", report)
        assert result.exit_code == 0, result.output
        assert report.stat().st_size > 0
    lines = result.stdout.splitlines()
    assert lines[0] == "reference: tiny"
    costs = [read_plan(p).total_cost for p in two_plans]
    delta = f"({costs[1] - costs[0]:+,.2f} CNY/year)"  # amounts with the currency
    assert any(line.startswith("tiny[sub]: total annual cost") and delta in line for line in lines)
    assert any(line.startswith("SMEs: tiny[sub] against tiny: ") for line in lines)
    assert lines[-1] == f"wrote {report}"
    document = json.loads(run("compare", base, subsidised, "--json").stdout)
    assert document["labels"] == ["tiny", "tiny[sub]"]
    assert sum(document["sme_counts"][0][k] for k in ("pays more", "pays less", "same")) == 4
    total = next(row for row in document["kpis"] if row["key"] == "total_annual_cost")
    assert total["tiny[sub]"] == costs[1]


def test_compare_a_missing_plan_exits_1(two_plans, tmp_path):
    result = run("compare", two_plans[0], tmp_path / "none.json")
    assert result.exit_code == 1
    assert "none.json" in result.stderr


@pytest.mark.slow
def test_generate_solve_export_compare_as_real_processes(tmp_path):
    park_path, plans = tmp_path / "park", []
    assert (
        run_process("generate", "-n", 10, "-m", 2, "--seed", 1, "--out", park_path).returncode == 0
    )
    for gap in ("0", "0.2"):
        out = tmp_path / f"gap-{gap}"
        done = run_process("solve", park_path, "--gap", gap, "--out", out)
        assert done.returncode == 0, done.stderr
        plans.append(out / "plan.json")
    exported = run_process("export", plans[0], "--format", "xlsx", "--out", tmp_path / "p.xlsx")
    assert exported.returncode == 0 and (tmp_path / "p.xlsx").is_file()
    compared = run_process("compare", *plans, "--out", tmp_path / "c.md")
    assert compared.returncode == 0, compared.stderr
    assert (tmp_path / "c.md").is_file()


# ---------------------------------------------------------------------------------------------
# batch (the multi-case runs on mixed-park are in test_batch.py and test_batch_dask.py)
# ---------------------------------------------------------------------------------------------


def test_batch_prints_a_line_per_case_when_piped(tiny_path, tmp_path):
    out = tmp_path / "runs"
    sweep = "policy.subsidy_rate=0,0.4"
    result = run("batch", tiny_path, "--sweep", sweep, "--out", out, "--workers", 1)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2 cases"
    assert lines[1].startswith("[1/2] done tiny--base--policy.subsidy_rate=0: optimal, ")
    assert "| done 1, failed 0, skipped 0, remaining 1, " in lines[1]
    assert lines[2].startswith("[2/2] done tiny--base--policy.subsidy_rate=0.4: optimal, ")
    assert lines[-1].startswith("2 cases: 2 done, 0 failed, 0 skipped (solved before) in ")
    summary = pd.read_csv(out / "summary.csv")
    assert summary["total_annual_cost"].iloc[0] == pytest.approx(TINY_OPTIMUM, abs=0.01)
    again = run("batch", tiny_path, "--sweep", sweep, "--out", out, "--workers", 1)
    assert again.exit_code == 0
    assert "(solved before)" in again.stdout.splitlines()[1]
    assert again.stdout.splitlines()[-1].startswith("2 cases: 0 done, 0 failed, 2 skipped")


def test_batch_json_and_exit_1_when_a_case_fails(tiny_with_subsidy, tmp_path):
    args = ["--variants", "all", "--sweep", "policy.subsidy_rate=0.2", "--workers", 1]
    result = run("batch", tiny_with_subsidy.path, *args, "--out", tmp_path / "o", "--json")
    assert result.exit_code == 1  # the variant sets what the sweep sets
    document = json.loads(result.stdout)
    assert document["counts"] == {
        "total": 2,
        "done": 1,
        "failed": 1,
        "skipped": 0,
        "remaining": 0,
    }
    base, variant = document["cases"]
    assert base["case"] == "tiny--base--policy.subsidy_rate=0.2"
    assert base["status"] == "optimal"
    assert variant["case"] == "tiny--sub--policy.subsidy_rate=0.2"
    assert variant["status"] == "failed"
    assert "'policy.subsidy_rate' set by both 'sub' and 'sweep'" in variant["message"]


def test_batch_spec_file(tiny_with_subsidy, tmp_path):
    spec = tmp_path / "sweep.yaml"
    spec.write_text(
        "scenarios: [tiny]\n"
        "variants: [base, sub]\n"
        "sweeps:\n  'tiers.capex_cny*': [1, 2]\n"
        "solver: {mip_gap: 0.0, time_limit_s: 30}\n"
        "allocation: none\n"
        "out: results\n"
        "workers: 1\n",
        encoding="utf-8",
    )
    result = run("batch", spec)
    assert result.exit_code == 0, result.output
    summary = pd.read_csv(tmp_path / "results" / "summary.csv")
    assert list(summary["case"]) == [
        "tiny--base--tiers.capex_cny-x1",
        "tiny--base--tiers.capex_cny-x2",
        "tiny--sub--tiers.capex_cny-x1",
        "tiny--sub--tiers.capex_cny-x2",
    ]
    plan = read_plan(tmp_path / "results" / "tiny--sub--tiers.capex_cny-x2" / "plan.json")
    assert plan.provenance["options"]["time_limit_s"] == 30
    assert plan.statement.empty  # allocation: none
    # the command line wins over the spec: another folder
    other = run("batch", spec, "--out", tmp_path / "other", "--variants", "sub")
    assert other.exit_code == 0, other.output
    assert len(pd.read_csv(tmp_path / "other" / "summary.csv")) == 2


def test_batch_spec_with_errors_names_the_file_and_keys(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("scenario: [tiny]\nworkers: many\nsweeps: {'policy.subsidy_rate': []}\n")
    result = run("batch", spec)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("error: bad.yaml, scenario: found an unknown key") for line in lines)
    assert any("bad.yaml, workers: found 'many', expected a whole number" in line for line in lines)
    assert any(
        "bad.yaml, sweeps.policy.subsidy_rate: found no value" in line
        and "one or more values" in line
        for line in lines
    )
    assert any("bad.yaml, scenarios: found nothing" in line for line in lines)


def test_solve_warm_started_from_an_earlier_plan(tmp_path):
    """--warm-start PLAN.json: the same optimum; a file that is not a plan is a clear error."""
    from typer.testing import CliRunner

    from optimizer.cli import app

    runner = CliRunner()
    tiny = str(Path(__file__).resolve().parent.parent / "scenarios" / "tiny")
    first = runner.invoke(app, ["solve", tiny, "--out", str(tmp_path / "a"), "--json"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(
        app, ["solve", tiny, "--warm-start", str(tmp_path / "a" / "plan.json"), "--json"]
    )
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["kpis"]["total_annual_cost"] == pytest.approx(
        506_679.75, abs=0.01
    )
    (tmp_path / "junk.json").write_text("{}")
    bad = runner.invoke(app, ["solve", tiny, "--warm-start", str(tmp_path / "junk.json")])
    assert bad.exit_code == 1
    assert "Traceback" not in bad.output
