"""The Explore page in Streamlit's headless AppTest: near-optimal alternatives of the working
scenario (the ranked table, a map per alternative, the downloads) and a what-if on the session's
plan compared with it.

Solves run inline (``OPTIMIZER_APP_INLINE_SOLVE=1``) on a copy of ``scenarios/tiny``, whose plans
are worked out by hand in ``scenarios/tiny/README.md``.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from optimizer.cli import app as cli
from optimizer.plan_columns import columns_of
from optimizer.ui import downloads
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import CHINESE, ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
PAGE = "optimizer/ui/pages/explore.py"

#: tiny's least cost (S1 small for E1 + E2) and its only other open set (S1 and S2), by hand.
TINY_TOTAL = 506_679.75
TINY_S1_AND_S2 = 622_735.47


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    return check(AppTest.from_file(str(APP), default_timeout=180).run())


def check(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tiny(at: AppTest) -> AppTest:
    at.selectbox(key="open:name").set_value("tiny")
    return check(at.button(key="open:folder").click().run())


def explore(at: AppTest) -> AppTest:
    return check(at.switch_page(PAGE).run())


def decks(at: AppTest) -> list[dict]:
    return [json.loads(d.proto.json) for d in at.get("deck_gl_json_chart")]


def find_alternatives(at: AppTest, within: float, count: int = 3) -> AppTest:
    at.number_input(key="explore:within").set_value(within)
    at.number_input(key="explore:count").set_value(count)
    return check(at.button(key="explore:alternatives:go").click().run())


def test_the_page_launches_without_a_scenario_or_a_plan(app):
    explore(app)
    assert app.title[0].value == "Explore"
    infos = "\n".join(i.value for i in app.info)
    assert "solve the scenario first" in infos
    assert not app.dataframe


def test_alternatives_of_tiny_are_the_two_open_sets_within_the_slack_with_a_map_each(app):
    """Within 25% tiny has exactly two plans: the least cost and S1 + S2 (22.9% more); the
    table, titled as the command line's, has one row each; picking one draws its map."""
    explore(open_tiny(app))
    find_alternatives(app, 25.0)
    table = app.dataframe[0].value
    assert table["plan"].tolist() == ["least cost", "alternative 1"]
    assert table["changes"].tolist() == ["same facilities", "+S2 sewage"]
    assert table["total_cost"].round(2).tolist() == [TINY_TOTAL, TINY_S1_AND_S2]
    assert (table["total_cost"] <= TINY_TOTAL * 1.25).all()
    assert table["distance"].tolist() == [0, 1]
    headers = {c.title for c in columns_of("alternatives")}
    assert {"Rank", "Plan", "Facilities changed"} <= headers
    captions = "\n".join(c.value for c in app.caption)
    assert "1 alternative within 25.0% of the least cost (506,679.75 CNY/year)." in captions
    assert "No other plan is within 25.0%." in captions
    # the least-cost plan's map, then alternative 1's: a facility more (S2)
    first = decks(app)
    assert len(first) == 1
    app.selectbox(key="explore:alternative").set_value("alternative 1")
    check(app.run())
    second = decks(app)
    assert len(second) == 1 and second != first
    assert "622,735.47 CNY/year, 1 facilities changed" in "\n".join(c.value for c in app.caption)
    assert '"S2"' in app.get("deck_gl_json_chart")[0].proto.json
    assert '"S2"' not in json.dumps(first)
    # the table downloads as the command line writes it
    buttons = {b.proto.label: b for b in app.get("download_button")}
    assert {"Workbook (.xlsx)", "Report (.html)"} <= set(buttons)


def test_a_tight_slack_finds_no_alternative_and_keeping_one_adds_it_to_the_plans(app):
    explore(open_tiny(app))
    find_alternatives(app, 5.0)
    assert app.dataframe[0].value["plan"].tolist() == ["least cost"]
    assert "No other plan is within 5.0%." in "\n".join(c.value for c in app.caption)
    check(app.button(key="explore:keep:least cost").click().run())
    assert [e.name for e in app.session_state["sfo.plans"]] == ["#1 least cost"]
    assert "Kept as \\#1 least cost" in "\n".join(c.value for c in app.caption)  # escaped
    check(app.run())
    assert not [b for b in app.button if b.key == "explore:keep:least cost"]  # kept once


def test_the_downloaded_table_is_what_the_command_line_writes(app, tmp_path):
    explore(open_tiny(app))
    found = find_alternatives(app, 25.0).session_state["explore:alternatives"][1]
    notes = downloads.alternatives_notes(found)
    title = "Alternatives of tiny"
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        cli,
        [
            "alternatives",
            str(REPO / "scenarios" / "tiny"),
            "--within",
            "25%",
            "--count",
            "3",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    page = downloads.alternatives_bytes(found.table, ".html", title, notes, "CNY")
    assert page == (out / "alternatives.html").read_bytes()
    data = downloads.alternatives_bytes(found.table, ".xlsx", title, notes, "CNY")
    ours = load_workbook(io.BytesIO(data))["Alternatives"]
    theirs = load_workbook(out / "alternatives.xlsx")["Alternatives"]
    assert [[c.value for c in row] for row in ours.iter_rows()] == [
        [c.value for c in row] for row in theirs.iter_rows()
    ]
    assert "Facilities changed (facilities) (Hamming distance)" in [c.value for c in ours[1]]


def test_a_what_if_where_one_sme_leaves_is_compared_with_the_plan(app):
    """E1 leaves tiny's plan (S1 small for E1 + E2; E3, E4 alone): E2 and E3 share S1 small
    (load 130 m3/day), 91,666.99 + 60,000 + 130 x 330 + 45,013.17 + 65,539.75 = 305,119.91, with
    E4 alone 99,797.73: 404,917.64 in all. E3 pays less (it joins), E2 more (it shares with a
    smaller partner), E4 the same, E1 is gone."""
    open_tiny(app)
    check(app.switch_page("optimizer/ui/pages/solve.py").run())
    check(app.button(key="solve:go").click().run())
    explore(app)
    assert app.selectbox(key="explore:whatif:plan").value == "#1 tiny"
    app.multiselect(key="explore:whatif:leave").set_value(["E1"])
    check(app.button(key="explore:whatif:go").click().run())
    tiles = {m.label: m.value for m in app.metric}
    assert tiles == {"SMEs paying more": "1", "SMEs paying less": "1", "SMEs paying the same": "1"}
    assert "1 gone" in "\n".join(c.value for c in app.caption)
    kpis = next(d.value for d in app.dataframe if "kpi" in d.value.columns).set_index("kpi")
    assert kpis.loc["Total annual cost", "unit"] == "CNY/year"
    assert kpis.loc["Total annual cost", "delta tiny what-if"] == "-101,762.11"
    assert "E1 leaves" in "\n".join(s.value for s in app.success)
    assert len(app.get("deck_gl_json_chart")) == 2  # the plan and the what-if side by side
    check(app.button(key="explore:whatif:keep").click().run())
    assert [e.name for e in app.session_state["sfo.plans"]] == ["#1 tiny", "#2 tiny what-if"]


def test_a_what_if_with_nothing_picked_says_so(app):
    open_tiny(app)
    check(app.switch_page("optimizer/ui/pages/solve.py").run())
    check(app.button(key="solve:go").click().run())
    explore(app)
    check(app.button(key="explore:whatif:go").click().run())
    assert "Pick an enterprise that leaves" in "\n".join(i.value for i in app.info)
    assert not app.metric


def test_the_page_reads_in_chinese(app):
    """Switched to Chinese, the page's title, inputs, buttons and sentences are Chinese; the
    table's columns are titled by the same declarations in Chinese."""
    try:
        open_tiny(app)
        app.sidebar.selectbox(key=LANGUAGE_KEY).set_value("zh-Hans")
        explore(check(app.run()))
        # AppTest formats a widget's options again in the test's own thread: in its language
        set_language(CHINESE)
        assert app.title[0].value == "探索"
        assert app.button(key="explore:alternatives:go").label == "寻找备选方案"
        assert app.number_input(key="explore:within").label == "成本上浮上限（高于最低成本的 %）"
        find_alternatives(app, 25.0)
        captions = "\n".join(c.value for c in app.caption)
        assert "在最低成本（506,679.75 CNY/年）的 25.0% 以内找到 1 个备选方案。" in captions
        assert "没有其他方案在 25.0% 以内。" in captions
        assert (
            app.selectbox(key="explore:rank").format_func("spread")
            == "接入企业节省的差距，从小到大"
        )
    finally:
        set_language(ENGLISH)


def test_a_what_if_scaling_a_demand_lets_another_sme_join(app):
    """E2's demand halved (45 m3/day): E1 + E2 + E3 fit S1 small (145 of 150 m3/day):
    91,666.99 + 60,000 + 145 x 330 + 27,638.23 + (42,637.17 + 0.1 x 0.8 x 45 x 330) + 65,539.75
    = 336,520.14, with E4 alone 99,797.73: 436,317.87 from these rounded parts, 436,317.86 unrounded
    (E1 + E2 alone with E3 on its own would be 490,641.76). E1, E2 and E3 pay less, E4 the
    same."""
    open_tiny(app)
    check(app.switch_page("optimizer/ui/pages/solve.py").run())
    check(app.button(key="solve:go").click().run())
    explore(app)
    app.selectbox(key="explore:whatif:demand").set_value("E2:sewage")
    app.number_input(key="explore:whatif:factor").set_value(0.5)
    check(app.button(key="explore:whatif:go").click().run())
    tiles = {m.label: m.value for m in app.metric}
    assert tiles == {"SMEs paying more": "0", "SMEs paying less": "3", "SMEs paying the same": "1"}
    assert "demand of E2:sewage times 0.5" in "\n".join(s.value for s in app.success)
    assert "506,679.75 to 436,317.86 CNY/year (-70,361.88)" in "\n".join(
        c.value for c in app.caption
    )


def test_a_what_if_that_leaves_nothing_to_solve_says_why_in_words(app):
    open_tiny(app)
    check(app.switch_page("optimizer/ui/pages/solve.py").run())
    check(app.button(key="solve:go").click().run())
    explore(app)
    app.multiselect(key="explore:whatif:leave").set_value(["E1", "E2", "E3", "E4"])
    check(app.button(key="explore:whatif:go").click().run())
    errors = "\n".join(e.value for e in app.error)
    assert "The scenario or the changes cannot be used:" in errors
    assert "demands.csv: found no rows, expected at least one row" in errors
    assert not app.metric and "explore:whatif:result" not in app.session_state
