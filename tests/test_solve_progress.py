"""Live progress of one solve: HiGHS's callbacks reach ``on_progress`` with the best plan and
bound, the plan's solver report keeps a short history of them, and the command line shows them
(a live line on a terminal, plain lines when piped, nothing with --quiet or --json)."""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console

from optimizer.cli import solve_progress
from optimizer.cli.output import Output
from optimizer.generate import generate_park
from optimizer.pipeline import optimise, solve_options
from optimizer.solvers.progress import HISTORY_POINTS
from optimizer.solvers.types import SolveProgress


@pytest.fixture(scope="module")
def followed():
    """A park HiGHS needs a search for (not solved in presolve), solved with a listener."""
    scenario = generate_park(150, 15, seed=2)
    seen: list[SolveProgress] = []
    options = solve_options(
        scenario, threads=1, time_limit_s=60, mip_gap=0.0, on_progress=seen.append
    )
    return optimise(scenario, options, allocation=None), seen


def test_the_listener_hears_the_search(followed):
    _, seen = followed
    assert seen, "no progress reported"
    assert all(
        p.objective is None or p.bound is None or p.bound <= p.objective + 1e-6 for p in seen
    )
    assert [p.seconds for p in seen] == sorted(p.seconds for p in seen)


def test_the_report_keeps_a_short_history(followed):
    plan, _ = followed
    history = plan.solver["history"]
    assert 1 <= len(history) <= HISTORY_POINTS
    times = [t for t, _, _ in history]
    assert times == sorted(times)
    final = [(best, bound) for _, best, bound in history if best is not None]
    assert final and final[-1][0] >= plan.solver["objective"] - 1e-6 * abs(plan.solver["objective"])
    assert "on_progress" not in plan.provenance["options"]


def test_plain_lines_every_few_seconds(monkeypatch, capsys):
    monkeypatch.setattr(solve_progress, "PLAIN_EVERY_S", 0.0)
    out = Output(console=Console(file=io.StringIO(), force_terminal=False))
    with solve_progress.solve_display(out, time.perf_counter(), "EUR") as told:
        told(SolveProgress(1.0, 1_250_000.0, 1_200_000.0))
    assert "best plan 1,250,000 EUR/year, bound 1,200,000 EUR/year, gap 4.000%" in (
        capsys.readouterr().out
    )


def test_a_live_line_on_a_terminal():
    screen = io.StringIO()
    out = Output(console=Console(file=screen, force_terminal=True, width=120))
    with solve_progress.solve_display(out, time.perf_counter(), "CNY") as told:
        told(SolveProgress(1.0, 2_000_000.0, None))
        time.sleep(0.6)  # the live line refreshes four times a second
    assert "best plan 2,000,000 CNY/year" in screen.getvalue()


def test_nothing_with_quiet_or_json():
    quiet = Output(console=Console(file=io.StringIO()))
    with solve_progress.solve_display(quiet, time.perf_counter(), "CNY", quiet=True) as told:
        assert told is None
    with solve_progress.solve_display(Output(as_json=True), time.perf_counter(), "CNY") as told:
        assert told is None


def test_the_html_report_draws_the_search(followed):
    from dataclasses import replace

    from optimizer.export.html_report import plan_html

    plan, _ = followed
    history = [[0.4, None, 90.0], [2.0, 120.0, 95.0], [3.5, 100.0, 96.0]]
    plan = replace(plan, solver={**plan.solver, "history": history})
    page = plan_html(plan)
    section = page[page.index("<h2>The search</h2>") :]
    assert section.index("<svg") < section.index("</figure>")
    for short in ([], [[0.1, None, 90.0], [0.3, 100.0, 96.0]]):  # none, or an instant solve
        without = replace(plan, solver={**plan.solver, "history": short})
        assert "<h2>The search</h2>" not in plan_html(without)
