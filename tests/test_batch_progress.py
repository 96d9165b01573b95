"""Live progress per case in a batch: each local worker tells the batch where its case's search
stands (elapsed time, best plan, bound, gap) every few seconds, the command line shows it in the
words of ``optimizer solve`` (a line every few seconds when piped, nothing with --quiet), and each
case's plan keeps the short history of its search, as a single solve's does."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from optimizer.batch import BatchEvent, CaseProgress, Counts
from optimizer.cli import app
from optimizer.cli import progress as batch_progress
from optimizer.cli.output import Output
from optimizer.generate import generate_park
from optimizer.scenario import save_scenario

#: Two cases of a park HiGHS needs a search for (as in tests/test_solve_progress.py).
SWEEP = "policy.subsidy_rate=0,0.1"
CASES = ("policy.subsidy_rate=0", "policy.subsidy_rate=0.1")


@pytest.fixture(scope="module")
def park(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("park") / "park"
    save_scenario(generate_park(150, 15, seed=2), folder)
    return folder


def _batch(park: Path, out: Path, *extra: str) -> str:
    args = ["batch", str(park), "--sweep", SWEEP, "--workers", "2", "--out", str(out)]
    args += ["--gap", "0", "--time-limit", "120", "--allocation", "none", *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_two_workers_report_each_running_case_and_its_plan_keeps_the_history(
    park, tmp_path, monkeypatch
):
    monkeypatch.setattr(batch_progress, "PLAIN_EVERY_S", 0.0)  # every report printed
    output = _batch(park, tmp_path / "out")
    running = re.findall(r"^(\S+): solving, (\d+) s: (.*)$", output, flags=re.MULTILINE)
    for case in CASES:
        lines = [(int(s), rest) for c, s, rest in running if c.endswith(case)]
        assert lines, (case, output)
        assert [s for s, _ in lines] == sorted(s for s, _ in lines)
        assert any("bound" in rest and "CNY/year" in rest for _, rest in lines), lines
        folder = next((tmp_path / "out").glob(f"*{case}"))
        history = json.loads((folder / "plan.json").read_text(encoding="utf-8"))["solver"]
        assert history["history"], f"{folder.name}: no history in its plan"
    finished = [line for line in output.splitlines() if line.startswith("[")]
    assert len(finished) == 2 and all(" done " in line for line in finished), output


def test_quiet_shows_nothing_while_the_cases_run(park, tmp_path, monkeypatch):
    monkeypatch.setattr(batch_progress, "PLAIN_EVERY_S", 0.0)
    output = _batch(park, tmp_path / "out", "--quiet")
    assert "solving," not in output and "[1/2]" not in output, output
    assert "2 cases: 2 done, 0 failed" in output
    assert batch_progress.progress_for(Output(), quiet=True) is None


def test_a_running_case_is_drawn_below_the_bar_on_a_terminal():
    screen = io.StringIO()
    shown = batch_progress.RichProgress(Console(file=screen, force_terminal=True, width=150))
    shown(BatchEvent("start", Counts(2), 0.0))
    running = CaseProgress("park--x", 3.0, 2_000_000.0, 1_900_000.0, "EUR")
    shown(BatchEvent("solving", Counts(2), 3.0, "park--x", solving=running))
    shown.bar.refresh()
    shown.stop()
    assert "park--x: solving, 3 s: best plan 2,000,000 EUR/year, bound 1,900,000" in (
        screen.getvalue()
    )


def test_the_diagnosis_of_an_infeasible_case_reports_no_plan_cost(tmp_path):
    """An infeasible case's elastic re-solves minimise how far the rules must give: their
    objective is no plan's cost, so no running line may show it as a best plan."""
    from builders import park

    from optimizer import run_batch, save_scenario

    demands = [
        {"enterprise": e, "demand_per_day": d, "self_treatment_allowed": False}
        for e, d in (("E1", 80), ("E2", 80), ("E3", 40))
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    distances = {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "B"): 1.0}
    folder = save_scenario(park(demands, tiers, distances, name="infeasible"), tmp_path / "x")
    events: list[BatchEvent] = []
    result = run_batch(folder, out=tmp_path / "out", workers=1, progress=events.append)
    assert result.summary["status"].tolist() == ["infeasible"]
    assert [e.solving for e in events if e.kind == "solving"] == []
