"""The Explore page's leave-one-out report (inline, in Streamlit's AppTest) and its searches
through the app's pool (a process per job, the progress line, Cancel), on copies of
``scenarios/tiny`` (worked out by hand in its README) and of a generated park in EUR.

AppTest does not rerun the polling fragment by itself: a test waits on the job's future, as the
fragment polls it, then runs the page again.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import time
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from optimizer.cli import app as cli
from optimizer.export import write_outputs
from optimizer.generate import generate_park
from optimizer.plan_columns import LEAVE_ONE_OUT
from optimizer.scenario import save_scenario
from optimizer.ui import downloads
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.state import solve_pool
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import CHINESE, ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
PAGE = "optimizer/ui/pages/explore.py"
DEADLINE_S = 120.0


@pytest.fixture
def scenarios(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    return folder


def check(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(name: str) -> AppTest:
    at = check(AppTest.from_file(str(APP), default_timeout=180).run())
    at.selectbox(key="open:name").set_value(name)
    return check(at.button(key="open:folder").click().run())


def solved(name: str) -> AppTest:
    at = opened(name)
    check(at.switch_page("optimizer/ui/pages/solve.py").run())
    check(at.button(key="solve:go").click().run())
    return check(at.switch_page(PAGE).run())


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


def test_leave_one_out_shows_the_command_lines_table_and_downloads_its_files(scenarios, tmp_path):
    """tiny's plan: E1 and E2 share S1 (E3 and E4 alone), two re-solves. E1 leaving: E2 and E3
    share S1, 404,917.64 CNY/year (-101,762.11, tests/test_app_explore.py); the table's columns
    are the export's, titled with their units, and the downloads are the files
    ``optimizer whatif --leave-one-out --out`` writes."""
    at = solved("tiny")
    assert "2 SMEs share a facility" in texts(at.caption)
    check(at.button(key="explore:loo:go").click().run())
    frame = at.session_state["explore:leave_one_out"][1]
    table = next(d.value for d in at.dataframe if "leaving" in d.value.columns)
    assert list(table.columns) == [c.name for c in LEAVE_ONE_OUT]
    assert table["leaving"].tolist() == ["E1", "E2"]
    e1 = table.set_index("leaving").loc["E1"]
    assert (e1["member"], e1["now_at"]) == ("E2", "S1/sewage")
    assert round(e1["total_change"], 2) == -101_762.11
    summary = "2 SMEs re-solved: the park's total changes by -129,037.05 to -101,762.11 CNY/year."
    assert summary in texts(at.caption)  # E2 leaving: the command line's figure, not by hand
    buttons = {b.proto.label: b for b in at.get("download_button")}
    assert {"Workbook (.xlsx)", "Report (.html)"} <= set(buttons)
    plan = at.session_state["sfo.plans"][0].plan
    saved = write_outputs(plan, tmp_path / "plan")[0]
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        cli, ["whatif", str(saved), "--leave-one-out", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = downloads.leave_one_out_bytes(frame, ".html", plan.label, "CNY")
    assert page == (out / "leave-one-out.html").read_bytes()
    data = downloads.leave_one_out_bytes(frame, ".xlsx", plan.label, "CNY")
    ours = load_workbook(io.BytesIO(data))
    theirs = load_workbook(out / "leave-one-out.xlsx")
    for sheet in ("Leave-one-out", "Notes"):
        assert [[c.value for c in r] for r in ours[sheet].iter_rows()] == [
            [c.value for c in r] for r in theirs[sheet].iter_rows()
        ]
    assert "Park total change (CNY/year)" in [c.value for c in ours["Leave-one-out"][1]]


def test_leave_one_out_reads_in_chinese(scenarios):
    try:
        at = solved("tiny")
        at.sidebar.selectbox(key=LANGUAGE_KEY).set_value("zh-Hans")
        check(at.run())
        set_language(CHINESE)  # AppTest formats a widget's labels again in the test's thread
        assert at.button(key="explore:loo:go").label == "逐个去除中小企业后重新求解"
        check(at.button(key="explore:loo:go").click().run())
        assert "逐一退出分析" in [h.value for h in at.header]
        assert (
            "已重新求解 2 家中小企业：园区总成本变化 -129,037.05 至 -101,762.11 CNY/年。"
            in texts(at.caption)
        )
    finally:
        set_language(ENGLISH)


def wait(job) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not job.future.done():
        assert time.monotonic() < deadline
        with contextlib.suppress(FutureTimeout):
            job.future.result(timeout=0.05)


@pytest.mark.slow
def test_alternatives_through_the_pool_show_their_progress_and_cancel(scenarios, monkeypatch):
    """The production path: Find alternatives submits a job to the pool; the page shows where it
    stands (the step, the time, the solve's best plan, bound and gap in EUR) with Cancel, and its
    buttons are disabled meanwhile; cancelled, it says so once; found again, the table."""
    monkeypatch.delenv(INLINE_ENV)
    generated = generate_park(150, 15, seed=2)
    in_euros = generated.with_settings(
        {**generated.settings, "currency": "EUR", "solver": {"threads": 1, "mip_gap": 0.0}}
    )
    save_scenario(in_euros, scenarios / generated.name)
    at = check(opened(generated.name).switch_page(PAGE).run())
    try:
        check(at.button(key="explore:alternatives:go").click().run())
        kind, _, job = at.session_state["explore:job"]
        assert kind == "alternatives"
        assert at.button(key="explore:alternatives:go").disabled
        deadline = time.monotonic() + DEADLINE_S
        while job.latest is None or job.figures()[2] is None:  # a gap: the solver searches
            assert not job.done and time.monotonic() < deadline, "no gap reported"
            with contextlib.suppress(FutureTimeout):
                job.future.result(timeout=0.05)
        check(at.run())
        text = at.get("progress")[0].proto.text
        assert re.search(
            r"Solving the least-cost plan, \d+ s: best plan [\d,]+ EUR/year, bound [\d,]+ "
            r"EUR/year, gap \d+\.\d{3}%",
            text,
        ), text
        check(at.button(key="explore:alternatives:cancel").click().run())
        assert "Cancelled" in texts(at.warning)
        assert "explore:job" not in at.session_state
        assert not at.button(key="explore:alternatives:go").disabled
        check(at.run())
        assert "Cancelled" not in texts(at.warning)  # said once
        wait(job)
        assert job.outcome().kind == "cancelled"
    finally:
        solve_pool.clear()


@pytest.mark.slow
def test_a_leave_one_out_through_the_pool_ends_in_its_table(scenarios, monkeypatch):
    at = solved("tiny")  # solved inline: the plan to start from
    monkeypatch.delenv(INLINE_ENV)
    try:
        check(at.button(key="explore:loo:go").click().run())
        kind, of, job = at.session_state["explore:job"]
        assert (kind, of) == ("leave_one_out", "#1 tiny")
        assert len(at.get("progress")) == 1
        assert at.button(key="explore:loo:go").disabled
        wait(job)
        check(at.run())
        assert "explore:job" not in at.session_state
        table = next(d.value for d in at.dataframe if "leaving" in d.value.columns)
        assert table["leaving"].tolist() == ["E1", "E2"]
    finally:
        solve_pool.clear()
