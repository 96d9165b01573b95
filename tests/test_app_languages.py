"""The app in English and Simplified Chinese (Streamlit's headless AppTest): the sidebar's
language switch changes the navigation, the page titles, the buttons and the KPI cards, and
keeps its choice from page to page; switched back, the app reads as before.

Solves run inline (``OPTIMIZER_APP_INLINE_SOLVE=1``) on a copy of ``scenarios/tiny``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optimizer.scenario import load_scenario
from optimizer.schema import TABLES
from optimizer.ui.editors import column_label, setting_fields
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.catalogue import TERMS
from optimizer.words.language import CHINESE, ENGLISH, set_language, using_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
TITLES = {
    "scenario": ("Scenario", "情景"),
    "map": ("Map", "地图"),
    "solve": ("Solve", "求解"),
    "results": ("Results", "结果"),
    "compare": ("Compare", "比较"),
    "explore": ("Explore", "探索"),
}


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    """The app on a scenarios folder holding a copy of tiny, solving inline; the test's own
    language is English again afterwards, whatever the app's runs set."""
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    check(at)
    yield at
    set_language(ENGLISH)


def check(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def switch(at: AppTest, language: str) -> AppTest:
    at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(language)
    return check(at.run())


def goto(at: AppTest, page: str) -> AppTest:
    return check(at.switch_page(f"optimizer/ui/pages/{page}.py").run())


def test_the_switch_offers_each_language_under_its_own_name(app):
    switch_box = app.sidebar.selectbox(key=LANGUAGE_KEY)
    assert switch_box.label == "Language" and switch_box.value == "en"
    assert switch_box.options == ["English", "简体中文"]
    assert app.title[0].value == "Scenario"


def test_switching_to_chinese_changes_the_titles_buttons_and_sidebar_on_every_page(app):
    switch(app, "zh-Hans")
    assert app.sidebar.selectbox(key=LANGUAGE_KEY).label == "语言"
    assert app.title[0].value == "情景"
    assert app.button(key="open:folder").label == "打开"
    assert "尚未打开情景。" in [c.value for c in app.sidebar.caption]
    for page, (_, chinese) in TITLES.items():
        goto(app, page)
        assert app.title[0].value == chinese, page
        assert app.session_state[LANGUAGE_KEY] == "zh-Hans"  # kept from page to page
    switch(app, "en")
    for page, (english, _) in TITLES.items():
        assert goto(app, page).title[0].value == english


def test_the_kpi_cards_and_downloads_read_in_the_language_chosen(app):
    app.selectbox(key="open:name").set_value("tiny")
    check(app.button(key="open:folder").click().run())
    switch(app, "zh-Hans")
    goto(app, "solve")
    assert app.button(key="solve:go").label == "求解"
    check(app.button(key="solve:go").click().run())
    goto(app, "results")
    cards = {m.label: m.value for m in app.metric}
    assert cards["总成本（CNY/年）"] == "506,679.75"
    assert cards["接入的中小企业"] == "2/4 家"
    assert {"节省（CNY/年）", "设施", "求解器"} <= set(cards)
    captions = "\n".join(c.value for c in app.caption)
    assert (
        "已核验：输入相同、方案可行、每项数据准确" in captions
        and "求解器：最优（已证明）" in captions
    )
    labels = [b.proto.label for b in app.get("download_button")]
    assert "报告（.html）" in labels and "方案（.json）" in labels
    goto(app, "map")
    assert [m.label for m in app.metric] == ["企业", "候选站点", "节点", "管网边"]
    goto(app, "results")
    switch(app, "en")
    cards = {m.label: m.value for m in app.metric}
    assert cards["Total cost (CNY/year)"] == "506,679.75" and cards["SMEs connected"] == "2 of 4"


def test_the_scenario_editors_head_their_columns_and_settings_in_the_language():
    capex = TABLES["tiers"].column("capex_cny")
    fields = {f.path: f for f in setting_fields(load_scenario(REPO / "scenarios" / "tiny"))}
    subsidy = fields["policy.subsidy_rate_by_service.sewage"]
    assert column_label(capex, "CNY") == "Capex (CNY)"
    english = subsidy.label
    with using_language(CHINESE):
        assert column_label(capex, "CNY") == "资本支出 (CNY)"
        assert column_label(TABLES["sites"].column("lat"), "CNY") == "纬度 (度)"
        assert subsidy.label == "sewage 的补贴比例 (0 至 1)"
    assert subsidy.label == english == "Subsidy rate for sewage (0 to 1)"


def test_every_name_the_pages_declare_in_english_has_its_chinese():
    from optimizer.ui.pages import compare, scenario

    names = [*scenario.SOURCES, *compare.SME_TILES.values()]
    names += [text for pair in compare.SECTIONS.values() for text in pair]
    assert not [n for n in names if n not in TERMS]


def test_the_app_downloads_the_report_and_sme_page_in_the_language_shown_and_data_in_english():
    from optimizer import optimise
    from optimizer.ui import downloads

    plan = optimise(load_scenario(REPO / "scenarios" / "tiny"))
    report = downloads.plan_bytes(plan, "html", CHINESE).decode("utf-8")
    page = downloads.sme_page_bytes(plan, "E1", CHINESE).decode("utf-8")
    assert '<html lang="zh-Hans">' in report and "<h2>地图</h2>" in report
    assert '<html lang="zh-Hans">' in page and "您支付" in page
    assert '<html lang="en">' in downloads.plan_bytes(plan, "html").decode("utf-8")
    with using_language(CHINESE):  # the app's run in Chinese: the plan file stays as it is
        assert downloads.plan_bytes(plan, "json") == plan.to_json().encode("utf-8")
