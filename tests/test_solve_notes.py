"""The end of a solve says what its live progress said: that the plan comes from a re-solve with
one destination per stream, and why (``report.resolved``), and that the solve's deadline stopped
it (``report.stopped_at_deadline``): in ``optimizer solve``'s summary, in ``optimizer batch``'s,
in the HTML report's solver card and provenance, in English and Chinese.

The capped chain is ``test_loads_resolve``'s (worked by hand there): its first plan's loads,
followed along its streams, break the park's COD cap by 0.014 t/year, so it is solved again.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace

import pytest
from test_loads_resolve import WHY
from test_pilot_cases import SMALL_AND_LARGE_PLANT, _cod_chain
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.cli.plan_commands import plan_summary
from optimizer.export.html_report import plan_html
from optimizer.export.summary import provenance_items, summary_items
from optimizer.pipeline import optimise
from optimizer.scenario import save_scenario
from optimizer.words.language import using_language

runner = CliRunner()
DEADLINE = "stopped at the time limit (the solve's deadline): the plan is the best found by then"


def _capped():
    tiers = [{**t, "variable_cost_cny_per_unit": 0.0} for t in SMALL_AND_LARGE_PLANT]
    return _cod_chain(cap=0.015, sewage_tiers=tiers, sink_price=0.2, clean=True)


@pytest.fixture(scope="module")
def capped_folder(tmp_path_factory):
    return save_scenario(_capped(), tmp_path_factory.mktemp("capped") / "capped")


@pytest.fixture(scope="module")
def capped_plan():
    return optimise(_capped())


def test_solve_prints_the_re_solve_and_its_reason(capped_folder, tmp_path):
    result = runner.invoke(
        app, ["solve", str(capped_folder), "--out", str(tmp_path / "out"), "--formats", "html"]
    )
    assert result.exit_code == 0, result.output
    assert f"solved again: {WHY}" in result.output
    assert "deadline" not in result.output  # not stopped by it
    report = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert html.escape(WHY) in report


def test_solve_json_carries_the_notes(capped_folder):
    result = runner.invoke(app, ["solve", str(capped_folder), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["notes"] == [WHY]


def test_batch_prints_the_re_solve_of_its_case(capped_folder, tmp_path):
    result = runner.invoke(app, ["batch", str(capped_folder), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if WHY in line]
    assert lines and lines[-1].endswith(f"capped--base: {WHY}"), result.output


def test_batch_ends_each_case_with_its_notes(capped_folder, tmp_path):
    """The line that ends a case (done, and skipped when run again) says the re-solve in the
    words of ``optimizer solve``'s summary (``solved again: why``)."""
    for kind in ("done", "skipped"):
        result = runner.invoke(app, ["batch", str(capped_folder), "--out", str(tmp_path / "b")])
        assert result.exit_code == 0, result.output
        ending = [line for line in result.output.splitlines() if line.startswith("[1/1] ")]
        assert len(ending) == 1 and ending[0].startswith(f"[1/1] {kind} capped--base: "), ending
        assert f"; solved again: {WHY} | done " in ending[0], ending[0]


def test_a_plain_plan_has_no_notes():
    plan = optimise(_capped().with_overrides({"pollutants.COD.cap_t_per_year": 0.03}))
    assert [key for key, _ in plan_summary(plan)][:2] == ["status", "gap"]


def test_a_stop_at_the_deadline_is_said_everywhere(capped_plan):
    """A plan whose solve the deadline stopped (the flag a watched HiGHS sets: see
    ``Deadline.watch``): the summaries, the report's card and its provenance say so."""
    stopped = replace(capped_plan, solver={**capped_plan.solver, "stopped_at_deadline": True})
    pairs = dict(plan_summary(stopped))
    assert pairs["solved again"] == WHY
    assert pairs["deadline"] == DEADLINE
    assert DEADLINE in [item.value for item in summary_items(stopped)]
    assert DEADLINE in [item.value for item in provenance_items(stopped)]
    page = plan_html(stopped)
    assert page.count(html.escape(DEADLINE)) == 2  # the solver card and the provenance
    assert "deadline" not in dict(plan_summary(capped_plan))


def test_the_notes_are_in_chinese_too():
    with using_language("zh"):
        plan = optimise(_capped())
        stopped = replace(plan, solver={**plan.solver, "stopped_at_deadline": True})
        pairs = dict(plan_summary(stopped))
        page = plan_html(stopped, "zh")
    assert pairs["重新求解"].startswith("沿水流逐段追踪后")
    assert pairs["截止时间"] == "已到时间上限（本次求解的截止时间）而停止：方案为此前找到的最优方案"
    assert "已到时间上限（本次求解的截止时间）而停止" in page
