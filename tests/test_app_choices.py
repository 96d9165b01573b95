"""The app's choices in Chinese (Streamlit's headless AppTest): the Solve page's cost-allocation
rules and the Results page's filters and order are offered in the language chosen, and a choice
made in one language stays when the language is switched (the option is the rule's key, only its
words change).

Solves run inline (``OPTIMIZER_APP_INLINE_SOLVE=1``) on a copy of ``scenarios/tiny``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app_languages import check, goto, switch

from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
CJK = re.compile(r"[\u3400-\u9fff]")
RULE = re.compile(r".*solve:rule$")


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    at = check(AppTest.from_file(str(APP), default_timeout=120).run())
    at.selectbox(key="open:name").set_value("tiny")
    check(at.button(key="open:folder").click().run())
    yield at
    set_language(ENGLISH)


def rule_box(at: AppTest):
    (box,) = [s for s in at.selectbox if s.key and RULE.match(s.key)]
    return box


def test_the_cost_allocation_rules_are_offered_in_chinese_and_the_choice_stays(app):
    """Before: "stable (SCRB, ...)", "proportional to load", "Shapley value" in Chinese mode."""
    goto(app, "solve")
    assert rule_box(app).options[:2] == [
        "stable (SCRB, moved the least into a split that keeps every group in)",
        "proportional to load",
    ]
    rule_box(app).set_value("shapley")
    check(app.run())
    switch(app, "zh-Hans")
    box = rule_box(app)
    assert box.label == "成本分摊"
    assert box.options == [
        "稳定分摊（从可分离成本剩余收益法出发，调整最少，使每个群体都愿意留下）",
        "按负荷比例分摊",
        "可分离成本剩余收益法",
        "Shapley 值",
        "不分摊（无中小企业费用清单）",
    ]
    assert box.value == "shapley"  # chosen in English, kept in Chinese
    check(app.button(key="solve:go").click().run())
    (entry,) = app.session_state["sfo.plans"]
    assert entry.plan.kpis["allocation_rule"] == "shapley"


def test_the_results_filters_order_and_notes_read_in_chinese(app):
    """Before: "Services", "Order", "Largest saving first", "SME" and "3 of 3 rows; amounts in
    CNY/year." in Chinese mode."""
    goto(app, "solve")
    check(app.button(key="solve:go").click().run())
    switch(app, "zh-Hans")
    goto(app, "results")
    order = app.selectbox(key="results:sort")
    assert order.label == "排序" and order.options[0] == "节省最多的在前"
    assert app.multiselect(key="results:services").label == "服务"
    assert app.selectbox(key="results:sme").label == "中小企业"
    captions = [c.value for c in app.caption]
    assert any(re.fullmatch(r"共 \d+ 行，显示 \d+ 行；金额单位 CNY/年。", c) for c in captions)
    for widget in [*app.selectbox, *app.multiselect, *app.checkbox]:
        if widget.key and widget.key.startswith("results:"):
            assert CJK.search(widget.label), widget.label
