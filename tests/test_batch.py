"""Batch runs: cases and their ids, one summary, failures that stay alone, resuming, the spec
file, the sensitivity chart; and the mixed-park variants x a capex sweep on two worker processes
against single solves of the same cases (slow)."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import SCENARIOS

from optimizer import load_scenario, optimise, run_batch, solve_options
from optimizer.batch import (
    BatchEvent,
    Sweep,
    case_id,
    expand_cases,
    load_spec,
    parse_sweep,
    read_sources,
    sweeps_from,
    variant_list,
)
from optimizer.export import read_plan
from optimizer.problems import ScenarioError

#: Solver options of the mixed-park batch: every case stops on the 1% gap long before the time
#: limit, so the batch and the single solves below find the very same plans.
MIXED_OPTIONS = {"mip_gap": 0.01, "time_limit_s": 120.0, "threads": 1}
CAPEX = "tiers.capex_cny*"
CAPEX_VALUES = (0.8, 1, 1.2)


def read_summary(folder: Path) -> pd.DataFrame:
    """summary.csv as written (an empty message reads back as empty text)."""
    frame = pd.read_csv(folder / "summary.csv", dtype={"message": "str"})
    return frame.assign(message=frame["message"].fillna(""))


@pytest.fixture
def tiny_variants(tiny):
    """scenarios/tiny with a variant ``sub`` (40% subsidy) and ``far`` (E1 cannot connect)."""
    settings = tiny.settings()
    settings["variants"] = {
        "sub": {"overrides": {"policy.subsidy_rate": 0.4}},
        "dear": {"overrides": {"tiers.capex_cny*": 3}},
    }
    tiny.write_settings(settings)
    return tiny


# ---------------------------------------------------------------------------------------------
# Sweeps, variants and case ids
# ---------------------------------------------------------------------------------------------


def test_parse_sweep_keeps_selectors_and_multipliers():
    assert parse_sweep("policy.subsidy_rate=0,0.2,0.4") == Sweep(
        "policy.subsidy_rate", (0, 0.2, 0.4)
    )
    sweep = parse_sweep("tiers[service=sewage].capex_cny*=0.8, 1.2")
    assert sweep == Sweep("tiers[service=sewage].capex_cny*", (0.8, 1.2))
    assert sweep.multiply
    assert parse_sweep("sites[S2].status=forbidden,optional").values == ("forbidden", "optional")


@pytest.mark.parametrize(
    "text, message",
    [
        ("policy.subsidy_rate", "write KEY=VALUE"),
        ("policy.subsidy_rate=", "one or more values"),
        ("policy.subsidy_rate=0,,1", "one or more values"),
        ("nosuch[x].y=1", "is not one of"),
    ],
)
def test_bad_sweeps_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        parse_sweep(text)


def test_a_key_swept_twice_is_refused():
    with pytest.raises(ValueError, match="given twice"):
        sweeps_from(["policy.subsidy_rate=0", "policy.subsidy_rate=1"])
    assert sweeps_from({"policy.subsidy_rate": 0.2}) == [Sweep("policy.subsidy_rate", (0.2,))]


def test_variant_lists():
    declared = ["sub", "dear"]
    assert variant_list(None, declared) == [None]
    assert variant_list("all", declared) == [None, "sub", "dear"]  # the base included
    assert variant_list("dear,base", declared) == ["dear", None]
    assert variant_list(["sub+dear", "sub", "sub"], declared) == ["sub,dear", "sub"]


def test_case_ids_are_readable_safe_and_deterministic():
    assert (
        case_id("mixed-park", "subsidy-40", [(CAPEX, 1.2)])
        == "mixed-park--subsidy-40--tiers.capex_cny-x1.2"
    )
    ident = case_id("park 2", "a,b", [("tiers[service=sewage].capex_cny*", 1.0), ("x.y", "a/b")])
    assert ident == "park_2--a+b--tiers@service=sewage.capex_cny-x1--x.y=a_b"
    long = case_id("p", None, [(f"policy.key_{i}", 0.123456789) for i in range(12)])
    assert len(long) == 120
    assert long == case_id("p", None, [(f"policy.key_{i}", 0.123456789) for i in range(12)])


def test_cases_expand_scenarios_variants_and_sweeps_in_order(tiny_variants, tmp_path):
    copy = tmp_path / "copy" / "tiny"
    shutil.copytree(tiny_variants.path, copy)
    sources = read_sources([tiny_variants.path, copy, tmp_path / "nowhere"])
    sweeps = sweeps_from(["policy.subsidy_rate=0,0.2", "tiers.capex_cny*=1,2"])
    cases = expand_cases(sources, "all", sweeps)
    ids = [c.id for c in cases]
    assert len(ids) == 2 * 3 * 4 + 1  # two readable copies x (base + 2 variants) x 4, + 1
    assert ids[:4] == [
        "tiny--base--policy.subsidy_rate=0--tiers.capex_cny-x1",
        "tiny--base--policy.subsidy_rate=0--tiers.capex_cny-x2",
        "tiny--base--policy.subsidy_rate=0.2--tiers.capex_cny-x1",
        "tiny--base--policy.subsidy_rate=0.2--tiers.capex_cny-x2",
    ]
    assert ids[12].startswith("tiny-2--base--")  # a second scenario folder named tiny
    assert ids[-1] == "nowhere"  # a scenario that cannot be read: one case, to fail
    with pytest.raises(ValueError, match="same value twice"):
        expand_cases(sources[:1], None, [Sweep("policy.subsidy_rate", (1, 1.0))])


# ---------------------------------------------------------------------------------------------
# Running on tiny (in this process: fast)
# ---------------------------------------------------------------------------------------------


def test_batch_costs_equal_single_solves_and_the_summary_is_complete(tiny_variants, tmp_path):
    out = tmp_path / "runs"
    result = run_batch(
        tiny_variants.path,
        variants="base,dear",
        sweeps={"policy.subsidy_rate": [0, 0.4]},
        out=out,
        workers=1,
    )
    assert result.ok and result.counts.done == 4
    summary = read_summary(out)
    assert list(summary.columns) == [
        "case",
        "scenario",
        "variant",
        "policy.subsidy_rate",
        "status",
        "gap",
        "total_annual_cost",
        "saving",
        "saving_pct",
        "facilities",
        "smes_connected",
        "seconds",
        "message",
    ]
    assert list(summary["variant"]) == ["base", "base", "dear", "dear"]
    rows = summary.set_index("case")
    for variant, rate in itertools.product([None, "dear"], [0, 0.4]):
        ident = case_id("tiny", variant, [("policy.subsidy_rate", rate)])
        row = rows.loc[ident]
        assert row["policy.subsidy_rate"] == rate
        scenario = load_scenario(tiny_variants.path, variant).with_overrides(
            {"policy.subsidy_rate": rate}, origin="sweep"
        )
        single = optimise(scenario, solve_options(scenario, threads=1))
        assert row["total_annual_cost"] == single.total_cost
        assert row["saving"] == single.kpis["saving"]
        assert row["smes_connected"] == single.kpis["smes_connected"]
        stored = read_plan(out / ident / "plan.json")
        assert stored.total_cost == single.total_cost
        assert stored.provenance["input_hash"] == scenario.input_hash()
        assert stored.provenance["batch"]["case"] == ident
    assert summary["total_annual_cost"].iloc[0] == pytest.approx(506_679.75, abs=0.01)
    pd.testing.assert_frame_equal(result.summary.reset_index(drop=True), summary, check_dtype=False)
    book = openpyxl.load_workbook(out / "summary.xlsx")
    rows = list(book["Summary"].values)
    assert rows[0][0] == "case" and len(rows) == 5
    # the workbook keeps what Excel keeps: 15 significant digits
    assert rows[1][6] == pytest.approx(summary["total_annual_cost"].iloc[0], rel=1e-14)


def test_resume_skips_finished_cases_unless_forced(tiny, tmp_path):
    out = tmp_path / "runs"
    sweeps = ["policy.subsidy_rate=0,0.2,0.4"]
    first = run_batch(tiny.path, sweeps=sweeps, out=out, workers=1)
    assert (first.counts.done, first.counts.skipped) == (3, 0)
    before = read_summary(out)
    again = run_batch(tiny.path, sweeps=sweeps, out=out, workers=1)
    assert (again.counts.done, again.counts.skipped) == (0, 3)
    pd.testing.assert_frame_equal(read_summary(out), before)  # the same summary, seconds too
    forced = run_batch(tiny.path, sweeps=sweeps, out=out, workers=1, force=True)
    assert (forced.counts.done, forced.counts.skipped) == (3, 0)
    # other solver options: solved again
    other = run_batch(tiny.path, sweeps=sweeps, out=out, workers=1, options={"mip_gap": 0.5})
    assert (other.counts.done, other.counts.skipped) == (3, 0)
    # other inputs: the cases whose inputs changed are solved again
    tiny.set_cell("demands", "E1", "demand_per_day", 41)
    changed = run_batch(tiny.path, sweeps=sweeps, out=out, workers=1, options={"mip_gap": 0.5})
    assert (changed.counts.done, changed.counts.skipped) == (3, 0)


def test_interrupted_batch_resumes_where_it_stopped(tiny, tmp_path):
    """A batch stopped after its first case (here by a progress callback that raises, as Ctrl-C
    would) leaves that case's plan; the same run again solves only the two others."""
    out = tmp_path / "runs"
    sweeps = ["policy.subsidy_rate=0,0.2,0.4"]

    def stop_after_first(event: BatchEvent) -> None:
        if event.kind == "done":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(tiny.path, sweeps=sweeps, out=out, workers=1, progress=stop_after_first)
    assert len(read_summary(out)) == 1
    resumed = run_batch(tiny.path, sweeps=sweeps, out=out, workers=1)
    assert (resumed.counts.done, resumed.counts.skipped) == (2, 1)


@pytest.mark.slow
def test_the_process_pool_gives_the_summary_of_solving_in_process(tiny, tmp_path):
    sweeps = {"policy.subsidy_rate": [0, 0.2, 0.4]}
    in_process = run_batch(tiny.path, sweeps=sweeps, out=tmp_path / "one", workers=1)
    pooled = run_batch(tiny.path, sweeps=sweeps, out=tmp_path / "pool", workers=2)
    assert pooled.counts.done == 3
    pd.testing.assert_frame_equal(
        read_summary(tmp_path / "pool").drop(columns="seconds"),
        read_summary(tmp_path / "one").drop(columns="seconds"),
    )
    assert in_process.summary["total_annual_cost"].equals(pooled.summary["total_annual_cost"])


def test_failing_cases_are_recorded_and_the_rest_go_on(
    tiny_variants, infeasible_scenario, tmp_path
):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_variants.path, broken)
    (broken / "scenario.yaml").write_text("name: broken\ncost_year: [2024\n", encoding="utf-8")
    out = tmp_path / "runs"
    events: list[BatchEvent] = []
    result = run_batch(
        [tiny_variants.path, broken, infeasible_scenario],
        variants="base,sub,nosuch",
        sweeps=["policy.subsidy_rate=0.1"],
        out=out,
        workers=1,
        progress=events.append,
    )
    summary = read_summary(out).set_index("case")
    status = summary["status"].to_dict()
    assert status == {
        "tiny--base--policy.subsidy_rate=0.1": "optimal",
        "tiny--sub--policy.subsidy_rate=0.1": "failed",
        "tiny--nosuch--policy.subsidy_rate=0.1": "failed",
        "broken": "failed",
        "infeasible--base--policy.subsidy_rate=0.1": "infeasible",
        "infeasible--sub--policy.subsidy_rate=0.1": "failed",
        "infeasible--nosuch--policy.subsidy_rate=0.1": "failed",
    }
    messages = summary["message"].to_dict()
    assert "set by both 'sub' and 'sweep'" in messages["tiny--sub--policy.subsidy_rate=0.1"]
    assert "unknown variant 'nosuch'" in messages["tiny--nosuch--policy.subsidy_rate=0.1"]
    assert messages["broken"].startswith("scenario.yaml line 3: found a syntax error")
    infeasible = messages["infeasible--base--policy.subsidy_rate=0.1"]
    assert infeasible.startswith("no plan meets every rule")
    assert "E1/sewage" in infeasible or "E2/sewage" in infeasible
    assert (result.counts.done, result.counts.failed, result.ok) == (1, 6, False)
    error = json.loads((out / "broken" / "error.json").read_text(encoding="utf-8"))
    assert error["problems"][0]["source"] == "scenario.yaml"
    assert events[0].kind == "start"
    finished = [e.kind for e in events[1:] if e.kind != "solving"]  # solving: while one runs
    assert sorted(finished) == ["done"] + ["failed"] * 6
    assert events[-1].counts.remaining == 0


def test_a_case_that_fails_after_a_success_keeps_the_earlier_plan_beside_its_error(tiny, tmp_path):
    out = tmp_path / "runs"
    run_batch(tiny.path, out=out, workers=1)
    saved = (out / "tiny--base" / "plan.json").read_bytes()
    tiny.set_cell("enterprises", "E3", "lat", 123)
    result = run_batch(tiny.path, out=out, workers=1)
    assert result.counts.failed == 1
    assert (out / "tiny--base" / "plan.json").read_bytes() == saved
    error = json.loads((out / "tiny--base" / "error.json").read_text())
    assert "column lat" in error["message"]
    assert error["earlier_plan"] == "plan.json"
    (row,) = read_summary(out).itertuples()
    assert row.status == "failed"
    assert row.message.endswith(
        "(the plan.json in the case's folder is from an earlier run and was kept)"
    )


def test_a_sweep_key_that_matches_nothing_fails_its_cases_alone(tiny, tmp_path):
    result = run_batch(
        [tiny.path],
        sweeps={"tiers[service=dyeing_pretreatment].capex_cny*": [2]},
        out=tmp_path / "o",
        workers=1,
    )
    (row,) = result.summary.itertuples()
    assert row.status == "failed"
    assert "no row of tiers matches [service=dyeing_pretreatment]" in row.message


def test_unusable_solver_settings_fail_the_case_and_unknown_options_are_refused(tiny, tmp_path):
    tiny.set_setting("solver.time_limit_s", "soon")
    result = run_batch(tiny.path, out=tmp_path / "o", workers=1)
    (row,) = result.summary.itertuples()
    assert row.status == "failed"
    assert row.message.startswith("scenario.yaml line 18, solver.time_limit_s: found 'soon'")
    with pytest.raises(ValueError, match="unknown solver option 'gap'"):
        run_batch(tiny.path, out=tmp_path / "o", workers=1, options={"gap": 0.1})


def test_plot_draws_the_chart_and_puts_it_in_the_workbook(tiny, tmp_path):
    out = tmp_path / "o"
    result = run_batch(tiny.path, sweeps={CAPEX: [0.5, 1, 2]}, out=out, workers=1, plot=True)
    assert result.chart == out / "sensitivity.png"
    assert result.chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    book = openpyxl.load_workbook(out / "summary.xlsx")
    assert book.sheetnames == ["Summary", "Sensitivity"]
    assert len(book["Sensitivity"]._images) == 1
    with pytest.raises(ValueError, match="exactly one swept parameter"):
        run_batch(tiny.path, out=out, workers=1, plot=True)


def test_spec_file_reads_paths_against_its_folder(tmp_path):
    spec = tmp_path / "specs" / "s.yaml"
    spec.parent.mkdir()
    spec.write_text(
        "scenarios: ../parks/a\nvariants: all\nsweeps: {policy.subsidy_rate: '0,0.2'}\n"
        "solver: {name: highs, mip_gap: 0.01}\nout: ../out\nworkers: 2\nplot: true\n",
        encoding="utf-8",
    )
    loaded = load_spec(spec)
    assert loaded.scenarios == (spec.parent / "../parks/a",)
    assert loaded.variants == "all"
    assert loaded.sweeps == (Sweep("policy.subsidy_rate", (0, 0.2)),)
    assert loaded.options == {"solver": "highs", "mip_gap": 0.01}
    assert (loaded.out, loaded.workers, loaded.plot) == (spec.parent / "../out", 2, True)
    spec.write_text("scenarios: [a]\nsolver: {gap: 1}\nallocation: fair\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        load_spec(spec)
    found = {p.column: str(p) for p in raised.value.problems}
    assert "unknown solver option 'gap'" in found["solver"]
    assert found["allocation"].startswith("s.yaml, allocation: found 'fair', expected one of")


@pytest.fixture
def infeasible_scenario(tmp_path: Path) -> Path:
    from builders import park

    from optimizer import save_scenario

    demands = [
        {"enterprise": e, "demand_per_day": d, "self_treatment_allowed": False}
        for e, d in (("E1", 80), ("E2", 80), ("E3", 40))
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    distances = {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "B"): 1.0}
    return save_scenario(
        park(demands, tiers, distances, name="infeasible"), tmp_path / "infeasible"
    )


# ---------------------------------------------------------------------------------------------
# mixed-park: every variant x a capex sweep on two worker processes (slow)
# ---------------------------------------------------------------------------------------------


def mixed_park_batch(out: Path, *extra: object) -> subprocess.CompletedProcess:
    """``optimizer batch`` of mixed-park (base and every variant) x capex 0.8, 1, 1.2, and a
    broken scenario folder among the scenarios, as a real process."""
    broken = out.parent / "broken-park"
    if not broken.exists():
        shutil.copytree(SCENARIOS / "tiny", broken)
        (broken / "scenario.yaml").write_text("name: [broken\n", encoding="utf-8")
    args = [SCENARIOS / "mixed-park", broken, "--variants", "all"]
    args += ["--sweep", f"{CAPEX}={','.join(map(str, CAPEX_VALUES))}"]
    args += ["--gap", MIXED_OPTIONS["mip_gap"], "--time-limit", MIXED_OPTIONS["time_limit_s"]]
    command = [sys.executable, "-m", "optimizer.cli", "batch", *args, "--out", out, *extra]
    return subprocess.run(
        [str(a) for a in command], capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def mixed_runs(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("mixed") / "runs"
    return out, mixed_park_batch(out, "--workers", 2)


MIXED_VARIANTS = ("base", "no-subsidy", "subsidy-23", "subsidy-40", "strict-cod")


@pytest.mark.slow
def test_mixed_park_batch_writes_a_plan_per_case_and_one_summary(mixed_runs):
    out, done = mixed_runs
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stderr  # the broken scenario failed
    summary = read_summary(out)
    expected = [
        case_id("mixed-park", None if v == "base" else v, [(CAPEX, x)])
        for v in MIXED_VARIANTS
        for x in CAPEX_VALUES
    ]
    assert list(summary["case"]) == [*expected, "broken-park"]
    assert sorted(p.parent.name for p in out.glob("*/plan.json")) == sorted(expected)
    solved, broken = summary.iloc[:15], summary.iloc[15]
    assert set(solved["status"]) <= {"optimal", "optimal within gap"}  # none hit the time limit
    assert (solved["gap"] <= MIXED_OPTIONS["mip_gap"]).all()
    assert (solved["message"] == "").all()
    assert broken["status"] == "failed"
    assert broken["message"].startswith("scenario.yaml line 2: found a syntax error")
    assert done.stdout.strip().splitlines()[-1].startswith("16 cases: 15 done, 1 failed, 0 skipped")


@pytest.mark.slow
def test_mixed_park_batch_costs_equal_single_solves(mixed_runs):
    out, _ = mixed_runs
    summary = read_summary(out).set_index("case")
    for variant in MIXED_VARIANTS:
        for factor in CAPEX_VALUES:
            name = None if variant == "base" else variant
            scenario = load_scenario(SCENARIOS / "mixed-park", name).with_overrides(
                {CAPEX: factor}, origin="sweep"
            )
            single = optimise(scenario, solve_options(scenario, **MIXED_OPTIONS))
            row = summary.loc[case_id("mixed-park", name, [(CAPEX, factor)])]
            assert row["total_annual_cost"] == single.total_cost, (variant, factor)
            assert row["facilities"] == single.kpis["facilities"]
            assert row["smes_connected"] == single.kpis["smes_connected"]


@pytest.mark.slow
def test_mixed_park_batch_resumes_with_every_case_skipped(mixed_runs):
    out, _ = mixed_runs
    before = read_summary(out)
    again = mixed_park_batch(out, "--workers", 2)
    assert again.returncode == 1  # the broken scenario fails again
    assert (
        again.stdout.strip().splitlines()[-1].startswith("16 cases: 0 done, 1 failed, 15 skipped")
    )
    pd.testing.assert_frame_equal(read_summary(out), before)


@pytest.mark.slow
def test_mixed_park_batch_on_dask_gives_the_same_summary(mixed_runs, tmp_path):
    """The same command on a local Dask cluster of 2 workers (see also test_batch_dask.py)."""
    out, _ = mixed_runs
    on_dask = mixed_park_batch(tmp_path / "dask", "--dask-local", 2)
    assert "Traceback" not in on_dask.stdout + on_dask.stderr
    assert on_dask.returncode == 1  # the broken scenario, as on the pool
    assert on_dask.stdout.strip().splitlines()[-1].startswith("16 cases: 15 done, 1 failed")
    pd.testing.assert_frame_equal(
        read_summary(tmp_path / "dask").drop(columns="seconds"),
        read_summary(out).drop(columns="seconds"),
    )
    assert len(list((tmp_path / "dask").glob("*/plan.json"))) == 15
