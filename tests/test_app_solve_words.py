"""The Solve page's notes and the maps' basemap switch in both languages (AppTest, headless):
a scenario with errors, no feasible plan, a solve waiting, running and cancelled in the pool,
and the online basemap's help and notes. Before, all of them were English in Chinese mode."""

from __future__ import annotations

import re
import shutil
import socket
from pathlib import Path

import pytest
from builders import park
from streamlit.testing.v1 import AppTest

from optimizer import save_scenario
from optimizer.ui.basemap import STYLE_ENV
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.state import solve_pool
from optimizer.ui.storage import SCENARIOS_ENV, renamed
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
#: Two letters or more in a row: an English word (the data, ids such as E2, are not).
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def scenarios(tmp_path, monkeypatch) -> Path:
    """A scenarios folder holding a copy of tiny; solves inline; English again afterwards."""
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    yield folder
    set_language(ENGLISH)


def check(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(name: str, language: str) -> AppTest:
    at = check(AppTest.from_file(str(APP), default_timeout=120).run())
    at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(language)
    check(at.run())
    at.selectbox(key="open:name").set_value(name)
    at.button(key="open:folder").click()
    return check(at.run())


def goto(at: AppTest, page: str) -> AppTest:
    return check(at.switch_page(f"optimizer/ui/pages/{page}.py").run())


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def with_an_error(at: AppTest) -> AppTest:
    """E2's demand set to -5 on the Scenario page's grid."""
    generations = at.session_state["sfo.table_generations"]
    key = f"g{at.session_state['sfo.generation']}:table:demands:{generations.get('demands', 0)}"
    at.session_state[key] = {
        "edited_rows": {1: {"demand_per_day": -5.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    return check(at.run())


@pytest.mark.parametrize(
    ("language", "note", "link", "why"),
    [
        (
            "en",
            "The scenario has 1 error: fix it on the Scenario page before solving.",
            "Fix on the Scenario page",
            "Fix the scenario's errors first.",
        ),
        (
            "zh-Hans",
            "情景有 1 个错误：请先在情景页修正，再求解。",
            "到情景页修正",
            "请先修正情景中的错误。",
        ),
    ],
)
def test_the_solve_page_says_the_scenario_has_errors_in_the_language(
    scenarios, language, note, link, why
):
    at = goto(with_an_error(opened("tiny", language)), "solve")
    assert note in texts(at.error)
    assert [p.proto.label for p in at.get("page_link")][-1] == link
    go = at.button(key="solve:go")
    assert go.disabled and go.help == why


def test_no_feasible_plan_is_headed_in_chinese(scenarios):
    """E1 and E2 (80 m3/d each, no self-treatment) reach only site A (100 m3/d): no plan."""
    demands = [
        {"enterprise": e, "demand_per_day": d, "self_treatment_allowed": False}
        for e, d in (("E1", 80), ("E2", 80), ("E3", 40))
    ]
    tiers = [
        {"site": s, "tier": "t", "capacity_per_day": 100, "fixed_om_cny_per_year": 10} for s in "AB"
    ]
    stuck = park(demands, tiers, {("E1", "A"): 1.0, ("E2", "A"): 1.0, ("E3", "B"): 1.0})
    save_scenario(renamed(stuck, "stuck"), scenarios / "stuck")
    at = goto(opened("stuck", "zh-Hans"), "solve")
    at.button(key="solve:go").click()
    check(at.run())
    assert at.error[0].value == "没有方案能满足情景的全部规则。放宽规则后可见原因："
    assert "No plan meets" not in texts(at.error)


def test_a_solve_in_the_pool_waits_runs_and_is_cancelled_in_chinese(scenarios, monkeypatch):
    """Through the real pool: the bar says where the solve stands and Cancel what it did, in
    Chinese (the plan's label, data, as it is)."""
    monkeypatch.delenv(INLINE_ENV)
    at = goto(opened("tiny", "zh-Hans"), "solve")
    try:
        at.button(key="solve:go").click()
        check(at.run())
        (bar,) = at.get("progress")
        line = bar.proto.text
        assert re.fullmatch(
            r"(tiny 正在等待求解进程：\d+ 秒|tiny：求解中，\d+ 秒：.+)（时间上限 60 秒）", line
        ), line
        assert set(ENGLISH_WORD.findall(line)) <= {"tiny", "CNY"}, line
        at.button(key="solve:cancel").click()
        check(at.run())
        assert texts(at.warning) in (
            "求解在开始前已取消。",
            "正在运行的求解已停止；其他求解继续进行。",
        )
    finally:
        solve_pool.clear()


def closed_url() -> str:
    """A style URL on a local port nobody listens on: what an offline basemap looks like."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/style.json"


def test_the_basemap_switch_and_its_notes_read_in_chinese(scenarios, monkeypatch):
    url = closed_url()
    host = url.split("/")[2]
    monkeypatch.setenv(STYLE_ENV, url)
    at = goto(opened("tiny", "zh-Hans"), "map")
    toggle = at.toggle(key="map:basemap")
    assert toggle.label == "在线底图"
    assert toggle.help.startswith(f"在来自 {host} 的在线底图上绘制地图")
    toggle.set_value(True)
    check(at.run())
    warning = texts(at.warning)
    assert warning.startswith(f"无法从 {host} 加载在线底图：") and "没有街道" in warning
    assert "could not be loaded" not in warning
