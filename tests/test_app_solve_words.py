"""The Solve page's notes and the maps' basemap switch in both languages (AppTest, headless):
a scenario with errors, no feasible plan, a solve waiting, running and cancelled in the pool,
and the online basemap's help and notes. Before, all of them were English in Chinese mode."""

from __future__ import annotations

import re

import pytest
import test_app
from builders import stuck_park
from streamlit.testing.v1 import AppTest
from test_app import assert_clean, closed_url, edit_table, goto, open_scenario, start, texts

from optimizer import save_scenario
from optimizer.ui.basemap import STYLE_ENV
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.state import solve_pool
from optimizer.ui.storage import renamed
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import ENGLISH, set_language

#: Two letters or more in a row: an English word (the data, ids such as E2, are not).
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


#: The app's folder holding a copy of tiny, solving inline (tests/test_app.py's fixture).
scenarios = test_app.scenarios


@pytest.fixture(autouse=True)
def english_afterwards():
    """The test's own language is English again afterwards, whatever the app's runs set."""
    yield
    set_language(ENGLISH)


def opened(name: str, language: str) -> AppTest:
    """The app in ``language`` with the scenario ``name`` open."""
    at = start()
    at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(language)
    assert_clean(at.run())
    return open_scenario(at, name)


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
    at = goto(
        edit_table(opened("tiny", language), "demands", {1: {"demand_per_day": -5.0}}), "solve"
    )
    assert note in texts(at.error)
    assert [p.proto.label for p in at.get("page_link")][-1] == link
    go = at.button(key="solve:go")
    assert go.disabled and go.help == why


def test_no_feasible_plan_is_headed_in_chinese(scenarios):
    """E1 and E2 (80 m3/d each, no self-treatment) reach only site A (100 m3/d): no plan."""
    stuck = stuck_park()
    save_scenario(renamed(stuck, "stuck"), scenarios / "stuck")
    at = goto(opened("stuck", "zh-Hans"), "solve")
    at.button(key="solve:go").click()
    assert_clean(at.run())
    assert at.error[0].value == "没有方案能满足情景的全部规则。放宽规则后可见原因："
    assert "No plan meets" not in texts(at.error)


def test_a_solve_in_the_pool_waits_runs_and_is_cancelled_in_chinese(scenarios, monkeypatch):
    """Through the real pool: the bar says where the solve stands and Cancel what it did, in
    Chinese (the plan's label, data, as it is)."""
    monkeypatch.delenv(INLINE_ENV)
    at = goto(opened("tiny", "zh-Hans"), "solve")
    try:
        at.button(key="solve:go").click()
        assert_clean(at.run())
        (bar,) = at.get("progress")
        line = bar.proto.text
        assert re.fullmatch(
            r"(tiny 正在等待求解进程：\d+ 秒|tiny：求解中，\d+ 秒：.+)（时间上限 60 秒）", line
        ), line
        assert set(ENGLISH_WORD.findall(line)) <= {"tiny", "CNY"}, line
        at.button(key="solve:cancel").click()
        assert_clean(at.run())
        assert texts(at.warning) in (
            "求解在开始前已取消。",
            "正在运行的求解已停止；其他求解继续进行。",
        )
    finally:
        solve_pool.clear()


def test_the_basemap_switch_and_its_notes_read_in_chinese(scenarios, monkeypatch):
    url = closed_url()
    host = url.split("/")[2]
    monkeypatch.setenv(STYLE_ENV, url)
    at = goto(opened("tiny", "zh-Hans"), "map")
    toggle = at.toggle(key="map:basemap")
    assert toggle.label == "在线底图"
    assert toggle.help.startswith(f"在来自 {host} 的在线底图上绘制地图")
    toggle.set_value(True)
    assert_clean(at.run())
    warning = texts(at.warning)
    assert warning.startswith(f"无法从 {host} 加载在线底图：") and "没有街道" in warning
    assert "could not be loaded" not in warning
