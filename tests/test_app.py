"""The app, page by page, in Streamlit's headless AppTest (no browser).

Solves run inline (``OPTIMIZER_APP_INLINE_SOLVE=1``), except in the tests that go through the
solve pool (one cancels, one reads the live progress): AppTest does not rerun the polling fragment
on its timer, so those tests wait on the job and rerun the page themselves. Saves go to a copy of the scenarios in
``tmp_path`` (``OPTIMIZER_SCENARIOS_DIR``).

A table edit is made the way the browser makes it: the editor's state (edited, added and deleted
rows) is set under the editor's key before ``run()``.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import socket
import time
import zipfile
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest
import yaml
from builders import stuck_park
from streamlit.testing.v1 import AppTest

from optimizer import Plan, load_scenario, optimise, save_scenario, schema
from optimizer.export import default_name, plan_html
from optimizer.generate import generate_park
from optimizer.sme_page import sme_facts
from optimizer.ui import views
from optimizer.ui.basemap import STYLE_ENV
from optimizer.ui.deck_layers import NO_BASEMAP
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.pages import compare as compare_page
from optimizer.ui.pages import results as results_page
from optimizer.ui.scenario_tables import SHOWN_KEY
from optimizer.ui.state import solve_pool
from optimizer.ui.storage import SCENARIOS_ENV, renamed
from optimizer.ui.worker import INLINE_ENV
from optimizer.words import sme_text
from optimizer.words.language import CHINESE, ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
SHIPPED = sorted(p.name for p in (REPO / "scenarios").iterdir() if (p / "scenario.yaml").is_file())
PAGES = ("scenario", "map", "solve", "results", "compare")

#: The tiny scenario's optimum, worked out by hand in scenarios/tiny/README.md.
TINY_TOTAL = "506,679.75"


@pytest.fixture
def scenarios(tmp_path, monkeypatch) -> Path:
    """A scenarios folder holding a copy of tiny; solves inline."""
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    return folder


def start() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def open_scenario(at: AppTest, name: str) -> AppTest:
    at.selectbox(key="open:name").set_value(name)
    at.button(key="open:folder").click().run()
    assert_clean(at)
    assert at.session_state["sfo.scenario"].name == name
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"optimizer/ui/pages/{page}.py").run()
    assert_clean(at)
    return at


def working(at: AppTest):
    return at.session_state["sfo.scenario"]


def editor_key(at: AppTest, table: str) -> str:
    generations = at.session_state["sfo.table_generations"]
    return f"g{at.session_state['sfo.generation']}:table:{table}:{generations.get(table, 0)}"


def edit_table(at: AppTest, table: str, edited=None, added=(), deleted=()) -> AppTest:
    """Edit a table as the browser's data editor does (its tab open), then rerun."""
    at.session_state[SHOWN_KEY] = table  # the editor drawn is the open tab's alone
    at.session_state[editor_key(at, table)] = {
        "edited_rows": edited or {},
        "added_rows": list(added),
        "deleted_rows": list(deleted),
    }
    at.run()
    assert_clean(at)
    return at


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def solve(at: AppTest) -> AppTest:
    goto(at, "solve")
    at.button(key="solve:go").click().run()
    assert_clean(at)
    return at


# ---------------------------------------------------------------------------------------------
# Every page launches
# ---------------------------------------------------------------------------------------------


EMPTY_PAGE = {
    "scenario": "Open a scenario from the scenarios folder",
    "map": "No scenario is open",
    "solve": "No scenario is open",
    "results": "No plans yet",
    "compare": "A comparison needs two plans",
}


@pytest.mark.parametrize("page", PAGES)
def test_page_launches_without_a_scenario(scenarios, page):
    at = goto(start(), page)
    assert at.title[0].value == page.capitalize()
    assert EMPTY_PAGE[page] in texts(at.info)


@pytest.mark.parametrize("page", PAGES)
def test_page_launches_with_tiny_open(scenarios, page):
    at = goto(open_scenario(start(), "tiny"), page)
    assert at.title[0].value == page.capitalize()
    if page == "map":
        assert len(at.get("deck_gl_json_chart")) == 1
    if page == "solve":
        assert not at.button(key="solve:go").disabled


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_scenario_opens_and_maps(monkeypatch, name):
    monkeypatch.setenv(SCENARIOS_ENV, str(REPO / "scenarios"))
    at = open_scenario(start(), name)
    assert at.subheader[0].value == name
    assert "No problems found" in texts(at.success)
    labels = [tab.label for tab in at.tabs][-len(schema.TABLE_ORDER) :]
    assert [label.split(" (")[0] for label in labels] == list(schema.TABLE_ORDER)  # a tab each
    assert len(at.data_editor) == 1  # the editor of the open tab's table alone
    goto(at, "map")
    assert len(at.get("deck_gl_json_chart")) == 1
    enterprises = len(load_scenario(REPO / "scenarios" / name).tables["enterprises"])
    assert at.metric[0].value == f"{enterprises:,}"


def deck_spec(at: AppTest, position: int = 0) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[position].proto.json)


def closed_url() -> str:
    """A style URL on a local port nobody listens on: what an offline basemap looks like."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/style.json"


def test_the_map_fetches_no_basemap_unless_asked_and_says_when_it_cannot(scenarios, monkeypatch):
    """Off, the deck says "no basemap" (pydeck's marker, which Streamlit's map reads so): a deck
    without a ``mapStyle`` would make Streamlit load Carto's style from the internet by itself.
    On, it loads the configured style; here a port nobody listens on, so the page says the
    basemap could not be loaded instead of showing nothing."""
    url = closed_url()
    monkeypatch.setenv(STYLE_ENV, url)
    at = goto(open_scenario(start(), "tiny"), "map")
    spec = deck_spec(at)
    assert [layer["id"] for layer in spec["layers"]] == [
        "park",
        "network",
        "nodes",
        "enterprises",
        "sites",
        "site-labels",
    ]
    assert spec.get("mapProvider") is None and spec["mapStyle"] == NO_BASEMAP
    assert spec["layers"][0]["@@type"] == "LineLayer"  # the park's outline, drawn locally
    assert not at.warning
    at.toggle(key="map:basemap").set_value(True).run()
    assert deck_spec(at)["mapProvider"] == "carto" and deck_spec(at)["mapStyle"] == url
    assert f"could not be loaded from {url.split('/')[2]}" in texts(at.warning)
    assert "no streets" in texts(at.warning)


# ---------------------------------------------------------------------------------------------
# Editing
# ---------------------------------------------------------------------------------------------


def test_a_settings_widget_changes_the_scenario(scenarios):
    at = open_scenario(start(), "tiny")
    at.number_input(key=f"g{at.session_state['sfo.generation']}:setting:discount_rate").set_value(
        0.05
    ).run()
    assert_clean(at)
    assert working(at).settings["discount_rate"] == 0.05
    assert working(at).config["services"]["sewage"]["unit"] == "m3"  # the rest is untouched


#: A raw name: a dotted key (policy.subsidy_rate_by_service.sewage) or a snake_case name.
RAW_KEY = re.compile(r"[a-z0-9]_[a-z]|[a-z]\.[a-z]")


def test_every_setting_is_headed_by_its_title_and_unit(scenarios):
    """Before: subsidy_rate_by_service.sewage, transport_cny_per_unit_km (CNY/(unit km))."""
    shutil.copytree(REPO / "scenarios" / "mixed-park", scenarios / "mixed-park")
    at = open_scenario(start(), "mixed-park")
    prefix = f"g{at.session_state['sfo.generation']}:setting:"
    widgets = [*at.number_input, *at.checkbox, *at.text_input, *at.selectbox, *at.text_area]
    labels = {  # as shown: a label is Markdown, its names' special characters escaped
        w.key.removeprefix(prefix): re.sub(r"\\(.)", r"\1", w.label)
        for w in widgets
        if str(w.key).startswith(prefix)
    }
    assert len(labels) > 40
    names = sorted([*working(at).services, *working(at).pollutants], key=len, reverse=True)

    def without_names(label: str) -> str:  # a service may be named dyeing_pretreatment
        for name in names:
            label = label.replace(name, "NAME")
        return label

    raw = {key: label for key, label in labels.items() if RAW_KEY.search(without_names(label))}
    assert raw == {}
    assert labels["policy.subsidy_rate_by_service.sewage"] == "Subsidy rate for sewage (0 to 1)"
    assert labels["services.sewage.transport_cny_per_unit_km"] == "Transport cost (CNY/(m3 km))"
    assert labels["services.spraying.transport_cny_per_unit_km"] == "Transport cost (CNY/(t km))"
    assert labels["policy.capital_budget_cny"] == "Capital budget (CNY)"
    assert labels["pollutants.COD.removal.sewage.shared"] == (
        "Removed by a shared sewage facility (0 to 1)"
    )


def test_a_table_edit_is_applied_once(scenarios):
    """The editor's edits go into the scenario, and the editor restarts from the committed
    table, so a second edit does not apply the first one again."""
    at = open_scenario(start(), "tiny")
    edit_table(at, "demands", edited={0: {"demand_per_day": 70.0}})
    demands = working(at).tables["demands"]
    assert demands["demand_per_day"].tolist() == [70.0, 90.0, 40.0, 30.0]
    assert editor_key(at, "demands").endswith(":1")
    edit_table(at, "demands", edited={1: {"demand_per_day": 95.0}})
    assert working(at).tables["demands"]["demand_per_day"].tolist() == [70.0, 95.0, 40.0, 30.0]


def test_rows_are_added_and_deleted(scenarios):
    at = open_scenario(start(), "tiny")
    new = {"id": "E5", "name": "New SME", "sector": "food", "lon": 120.63, "lat": 31.31}
    edit_table(at, "enterprises", added=[new], deleted=[3])
    firms = working(at).tables["enterprises"]
    assert firms["id"].tolist() == ["E1", "E2", "E3", "E5"]
    # E4 still has a demand row: the checks name it
    assert "E4" in texts(at.error)
    assert "solving and saving are disabled" in texts(at.error)
    assert at.button(key=f"g{at.session_state['sfo.generation']}:save:go").disabled


def test_a_validation_error_is_shown_and_blocks_the_solve(scenarios):
    at = open_scenario(start(), "tiny")
    edit_table(at, "demands", edited={1: {"demand_per_day": -5.0}})
    shown = texts(at.error)
    assert "demand\\_per\\_day" in shown and "E2/sewage" in shown and "-5.0" in shown
    assert "a number from 0" in shown
    goto(at, "solve")
    assert at.button(key="solve:go").disabled
    assert "1 error" in texts(at.error)


def test_validation_messages_come_in_page_order_citing_the_ids_the_grid_shows(scenarios):
    """Before: "demands.csv line 3 ..." (the grid shows no lines, and lines move with edits),
    and the messages in the checks' order, not the page's."""
    at = open_scenario(start(), "tiny")
    edit_table(at, "demands", edited={1: {"demand_per_day": -5.0}})
    edit_table(at, "enterprises", edited={2: {"lat": 123.0}}, deleted=[0])
    (summary,) = [e.value for e in at.error if e.value.startswith("**3 errors**")]
    lines = [line for line in summary.splitlines() if line.startswith("- ")]
    where = [line.split(":", 1)[0].replace("\\", "") for line in lines]
    assert where == [
        "- enterprises (id E3), column lat",  # the Enterprises grid comes before Demands
        "- demands (id E1/sewage), column enterprise",  # E1 was deleted
        "- demands (id E2/sewage), column demand_per_day",
    ], lines
    assert ".csv line" not in summary and " line " not in summary


def test_settings_yaml_adds_a_service(scenarios):
    at = open_scenario(start(), "tiny")
    generation = at.session_state["sfo.generation"]
    settings = dict(working(at).settings)
    settings["services"] = {
        **settings["services"],
        "spraying": {"unit": "t", "conveyance": "road", "transport_cny_per_unit_km": 1.0},
    }
    at.text_area(key=f"g{generation}:settings-yaml").set_value(yaml.safe_dump(settings)).run()
    at.button(key=f"g{generation}:settings-yaml-apply").click().run()
    assert_clean(at)
    assert sorted(working(at).services) == ["sewage", "spraying"]
    assert at.session_state["sfo.generation"] == generation + 1  # widgets start again
    assert at.text_input(key=f"g{generation + 1}:setting:services.spraying.unit").value == "t"
    assert "Settings applied from YAML." in texts(at.success)


def test_settings_yaml_that_does_not_parse_is_refused(scenarios):
    at = open_scenario(start(), "tiny")
    generation = at.session_state["sfo.generation"]
    at.text_area(key=f"g{generation}:settings-yaml").set_value("name: [unclosed").run()
    at.button(key=f"g{generation}:settings-yaml-apply").click().run()
    assert_clean(at)
    assert "valid YAML" in texts(at.error)
    assert working(at).settings == load_scenario(scenarios / "tiny").settings


def test_picking_a_variant_applies_its_overrides(monkeypatch):
    monkeypatch.setenv(SCENARIOS_ENV, str(REPO / "scenarios"))
    at = open_scenario(start(), "textile-park")
    at.selectbox(key="o1:variant").set_value("subsidy-40").run()
    assert_clean(at)
    assert working(at).variant == "subsidy-40"
    assert working(at).config["policy"]["subsidy_rate"] == 0.4
    assert at.subheader[0].value == "textile-park\\[subsidy-40\\]"  # Markdown-escaped
    open_scenario(at, "textile-park")  # opening again starts from the base scenario
    assert working(at).variant is None
    assert at.selectbox(key="o2:variant").value == "(base scenario)"


# ---------------------------------------------------------------------------------------------
# Solving, results, comparing
# ---------------------------------------------------------------------------------------------


def test_solving_tiny_gives_the_hand_worked_total(scenarios):
    at = solve(open_scenario(start(), "tiny"))
    assert TINY_TOTAL in texts(at.success)
    goto(at, "results")
    values = {m.label: m.value for m in at.metric}
    assert values["Total cost (CNY/year)"] == TINY_TOTAL
    assert values["Saving (CNY/year)"] == "225,170.25"
    assert values["SMEs connected"] == "2 of 4"
    assert values["Facilities"] == "1"
    assert "verified: same inputs, feasible, every figure exact" in texts(at.caption)
    assert len(at.get("deck_gl_json_chart")) == 1
    assert len(at.get("vega_lite_chart")) == 1  # the cost breakdown
    assert len(at.get("download_button")) == 5  # the plan's four formats and one SME's page


@pytest.mark.slow
def test_solving_in_the_worker_pool_and_cancelling(scenarios, monkeypatch):
    """The production path: the Solve button submits to the process pool, the page polls it,
    and Cancel stops a solve; the pool then solves again."""
    monkeypatch.delenv(INLINE_ENV)
    at = goto(open_scenario(start(), "tiny"), "solve")
    try:
        at.button(key="solve:go").click().run()
        assert_clean(at)
        job = at.session_state["sfo.job"]
        assert at.button(key="solve:go").disabled  # one solve at a time per session
        assert len(at.get("progress")) == 1
        assert job.future.result(timeout=120).ok  # wait for the worker, then poll as the page does
        at.run()
        assert TINY_TOTAL in texts(at.success)
        at.button(key="solve:go").click().run()
        at.button(key="solve:cancel").click().run()
        assert_clean(at)
        assert "cancelled" in texts(at.warning) or "stopped" in texts(at.warning)
        assert at.session_state["sfo.job"] is None
        time_key = f"g{at.session_state['sfo.generation']}:solve:time"
        at.number_input(key=time_key).set_value(60.0).run()  # a later, unrelated action
        assert_clean(at)
        assert not at.warning  # the notice was said once
        goto(goto(at, "results"), "solve")
        assert not at.warning
        at.button(key="solve:go").click().run()
        assert at.session_state["sfo.job"].future.result(timeout=120).ok
        at.run()
        assert TINY_TOTAL in texts(at.success)
        assert len(at.session_state["sfo.plans"]) == 2  # the cancelled solve made no plan
    finally:
        solve_pool.clear()  # a fresh pool for whoever comes next; this one's workers end


@pytest.mark.slow
def test_a_running_solve_shows_where_it_stands_in_the_scenarios_currency(scenarios, monkeypatch):
    """Through the pool: while HiGHS searches, the Solve page shows the elapsed time, the best
    plan and the bound in the scenario's currency and the gap, in the command line's words."""
    monkeypatch.delenv(INLINE_ENV)
    generated = generate_park(150, 15, seed=2)
    in_euros = generated.with_settings({**generated.settings, "currency": "EUR"})
    save_scenario(in_euros, scenarios / generated.name)
    at = goto(open_scenario(start(), generated.name), "solve")
    at.number_input(key=f"g{at.session_state['sfo.generation']}:solve:gap").set_value(0.0).run()
    try:
        at.button(key="solve:go").click().run()
        assert_clean(at)
        job = at.session_state["sfo.job"]
        deadline = time.monotonic() + 120
        while job.latest is None or job.latest.gap is None:  # wait on the job, as the page polls
            assert not job.done and time.monotonic() < deadline, "no gap reported while solving"
            with contextlib.suppress(FutureTimeout):
                job.future.result(timeout=0.05)
        at.run()
        assert_clean(at)
        text = at.get("progress")[0].proto.text
        assert re.search(
            r": solving, \d+ s: best plan [\d,]+ EUR/year, bound [\d,]+ EUR/year, "
            r"gap \d+\.\d{3}%",
            text,
        ), text
        at.button(key="solve:cancel").click().run()
        assert "stopped" in texts(at.warning)
    finally:
        solve_pool.clear()


def test_an_infeasible_scenario_is_explained_in_words(scenarios):
    """E1 and E2 (80 m3/d each, no self-treatment) reach only site A (100 m3/d): the arithmetic
    checks pass, the solver finds no plan, and the elastic re-solve names who is left unserved."""
    stuck = stuck_park()
    save_scenario(renamed(stuck, "stuck"), scenarios / "stuck")
    at = solve(open_scenario(start(), "stuck"))
    shown = texts(at.error)
    assert "No plan meets every rule" in shown
    assert "unserved" in shown and "sites in reach: A" in shown
    assert not at.success
    assert "sfo.plans" not in at.session_state or not at.session_state["sfo.plans"]


def test_statement_filters(scenarios):
    at = goto(solve(open_scenario(start(), "tiny")), "results")
    statement = at.dataframe[-1].value
    assert statement["enterprise"].tolist()[:2] == ["E2", "E1"]  # largest saving first
    assert statement["saving_cny_per_year"].is_monotonic_decreasing
    at.checkbox(key="results:shared").check().run()
    assert at.dataframe[-1].value["facility"].tolist() == ["S1", "S1"]
    at.checkbox(key="results:leave").check().run()
    assert at.dataframe[-1].value.empty


def test_one_smes_page_says_what_the_command_line_says(scenarios):
    """Pick an SME on the results page: its page is the words of ``optimizer statement`` (E1
    shares S1 with E2; E3 treats alone), and its printable page is offered for download."""
    at = goto(solve(open_scenario(start(), "tiny")), "results")
    plan = at.session_state["sfo.plans"][-1].plan
    for enterprise in ("E1", "E3"):
        at.selectbox(key="results:sme").set_value(enterprise).run()
        assert_clean(at)
        shown = texts(at.markdown)
        for line in sme_text(sme_facts(plan, enterprise)).lines():
            assert views.plain(line.strip()) in shown
    assert "treated on your own" in shown
    at.selectbox(key="results:sme").set_value("E1").run()
    assert "The split is stable for your group" in texts(at.markdown)
    assert "95,633.49 CNY/year is your share" in texts(at.markdown)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "This SME's page (.html, printable)" in labels


def test_edit_solve_again_and_compare(scenarios):
    at = solve(open_scenario(start(), "tiny"))
    goto(at, "scenario")
    edit_table(at, "demands", edited={2: {"demand_per_day": 10.0}})
    solve(at)
    assert goto(at, "results").selectbox(key="results:plan").value == "#2 tiny + 1 edit"
    goto(at, "compare")
    chosen = at.multiselect(key="compare:plans").value
    assert chosen == ["#1 tiny", "#2 tiny + 1 edit"]
    tiles = {m.label: m.value for m in at.metric}  # the total does not move, nor anyone's cost
    assert tiles == {"SMEs paying more": "0", "SMEs paying less": "0", "SMEs paying the same": "4"}
    kpis = at.dataframe[0].value.set_index("kpi")
    assert kpis.loc["Total annual cost", "#1 tiny"] == TINY_TOTAL
    assert kpis.loc["Total annual cost", "delta #2 tiny + 1 edit"] == "0.00"
    # the maps are drawn only once their section is opened (each costs the browser seconds)
    assert len(at.get("deck_gl_json_chart")) == 0
    at.session_state[compare_page.MAPS_OPEN] = True
    at.run()
    assert len(at.get("deck_gl_json_chart")) == 2  # the two maps side by side
    goto(at, "solve")
    goto(at, "compare")  # and stay open for the session
    assert len(at.get("deck_gl_json_chart")) == 2
    changes = at.dataframe[-1].value
    assert changes[["table", "key", "column", "old", "new"]].values.tolist() == [
        ["demands", "E3/sewage", "demand_per_day", "40.0", "10.0"]
    ]
    # an uploaded plan joins the session's plans
    plan = at.session_state["sfo.plans"][0].plan
    at.file_uploader(key="compare:upload").set_value(
        ("earlier.json", plan.to_json().encode(), "application/json")
    ).run()
    assert_clean(at)
    assert "earlier.json (uploaded)" in at.multiselect(key="compare:plans").options


E3_EDIT = {
    "change": "row changed",
    "table": "demands",
    "key": "E3/sewage",
    "column": "demand_per_day",
    "old": 40.0,
    "new": 10.0,
}


def test_a_plan_of_an_edited_scenario_says_what_it_was_solved_from(scenarios):
    """Solved as opened, a plan is "tiny" from scenarios/tiny; after one edit in the app it is
    "tiny + 1 edit", lists the edit, and its files are tiny-edited-1.*; the same edited inputs
    solved again keep version 1."""
    at = solve(open_scenario(start(), "tiny"))
    first = at.session_state["sfo.plans"][0].plan
    assert first.label == "tiny" and first.provenance["edits"] == []
    assert first.provenance["source"] == {"kind": "folder", "where": "scenarios/tiny"}
    assert default_name(first, "json") == "tiny.json"
    goto(at, "scenario")
    edit_table(at, "demands", edited={2: {"demand_per_day": 10.0}})
    solve(at)
    solve(at)
    entries = at.session_state["sfo.plans"]
    assert [e.name for e in entries] == ["#1 tiny", "#2 tiny + 1 edit", "#3 tiny + 1 edit"]
    edited = entries[1].plan
    saved = json.loads(edited.to_json())["provenance"]
    assert saved["label"] == "tiny + 1 edit"
    assert saved["source"] == {"kind": "folder", "where": "scenarios/tiny", "version": 1}
    assert saved["edits"] == [E3_EDIT]
    assert entries[2].plan.provenance["source"]["version"] == 1  # the same inputs again
    assert default_name(edited, "json") == "tiny-edited-1.json"
    assert default_name(edited, "html") == "tiny-edited-1.html"
    report = plan_html(edited)
    assert "Scenario tiny, with 1 edit (listed under Edits), from the scenario folder " in report
    assert "demands E3/sewage: demand_per_day 40 → 10" in report
    goto(at, "results")
    shown = "Scenario tiny \\+ 1 edit, from the scenario folder scenarios/tiny"  # Markdown-escaped
    assert shown in texts(at.caption)


def test_a_plan_of_an_edited_scenario_is_labelled_in_the_language_shown_and_keeps_it(scenarios):
    """In Chinese the app labels a plan of tiny with one edit "tiny + 1 处修改" (where it said
    "tiny + 1 edit" in every language), in its list, its file and its report; the label is the
    plan's data from then on: back in English the plan keeps it, and a new one is "+ 1 edit"."""
    at = open_scenario(start(), "tiny")
    try:
        at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(CHINESE).run()
        goto(at, "scenario")
        edit_table(at, "demands", edited={2: {"demand_per_day": 10.0}})
        solve(at)
        chinese = at.session_state["sfo.plans"][0]
        assert chinese.name == "#1 tiny + 1 处修改"
        assert json.loads(chinese.plan.to_json())["provenance"]["label"] == "tiny + 1 处修改"
        assert default_name(chinese.plan, "json") == "tiny-edited-1.json"  # file names: ASCII
        at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(ENGLISH).run()
        solve(at)
        entries = at.session_state["sfo.plans"]
        assert [e.name for e in entries] == ["#1 tiny + 1 处修改", "#2 tiny + 1 edit"]
    finally:
        set_language(ENGLISH)


def test_unsaved_edits_are_shown_and_opening_asks_before_dropping_them(scenarios, tmp_path):
    at = open_scenario(start(), "tiny")
    assert "not saved" not in texts(at.warning)
    edit_table(at, "demands", edited={2: {"demand_per_day": 10.0}})
    assert "1 edit not saved" in texts(at.warning)
    assert "labelled tiny \\+ 1 edit" in texts(at.warning)  # Markdown-escaped
    assert "demands E3/sewage: demand\\_per\\_day 40 → 10" in texts(at.markdown)
    assert "(unsaved, ready to solve)" in texts(at.sidebar.caption)
    at.button(key="open:folder").click().run()  # open tiny again: asks first
    assert_clean(at)
    assert "has 1 edit not saved" in texts(at.warning)
    assert working(at).tables["demands"]["demand_per_day"].tolist()[2] == 10.0
    at.button(key="drop:keep").click().run()
    assert not [b for b in at.button if b.key == "drop:go"]
    assert working(at).tables["demands"]["demand_per_day"].tolist()[2] == 10.0
    book = save_scenario(load_scenario(REPO / "scenarios" / "tiny"), tmp_path / "park.xlsx")
    upload_scenario(at, "xlsx", "park.xlsx", book.read_bytes())  # an upload asks too
    assert "To open park.xlsx they would be dropped" in texts(at.warning)
    at.button(key="drop:go").click().run()
    assert_clean(at)
    assert at.session_state["sfo.origin"] == "upload park.xlsx"
    assert working(at).tables["demands"]["demand_per_day"].tolist()[2] == 40.0
    assert "not saved" not in texts(at.warning)


def test_picking_a_variant_asks_before_dropping_edits(monkeypatch):
    monkeypatch.setenv(SCENARIOS_ENV, str(REPO / "scenarios"))
    at = set_rate(open_scenario(start(), "textile-park"), 0.05)
    at.selectbox(key="o1:variant").set_value("subsidy-40").run()
    assert_clean(at)
    assert "has 1 edit not saved" in texts(at.warning)
    assert working(at).variant is None and working(at).settings["discount_rate"] == 0.05
    assert at.selectbox(key="o1:variant").value == "(base scenario)"  # until confirmed
    at.button(key="drop:go").click().run()
    assert_clean(at)
    assert working(at).variant == "subsidy-40" and working(at).config["discount_rate"] != 0.05
    assert at.selectbox(key="o1:variant").value == "subsidy-40"


def test_opening_a_plan_file_on_results_shows_that_plan(scenarios):
    """With a plan of this session on the page, opening another plan's file shows the opened one
    (cheap-large in tests/test_compare.py: about 476,086 CNY/year), not the one shown before."""
    at = goto(solve(open_scenario(start(), "tiny")), "results")
    assert {m.label: m.value for m in at.metric}["Total cost (CNY/year)"] == TINY_TOTAL
    tiny = load_scenario(scenarios / "tiny")
    other = optimise(tiny.with_overrides({"tiers[tier=large].capex_cny": 900000}))
    at.file_uploader(key="results:upload").set_value(
        ("other.json", other.to_json().encode(), "application/json")
    ).run()
    at.button(key="results:upload:go").click().run()
    assert_clean(at)
    assert at.selectbox(key="results:plan").value == "other.json (uploaded)"
    shown = {m.label: m.value for m in at.metric}["Total cost (CNY/year)"]
    assert shown == f"{other.total_cost:,.2f}" != TINY_TOTAL


def test_results_makes_a_plans_map_once(scenarios):
    """A second visit of Results draws the deck made on the first (the same object, the same
    JSON); another plan or the basemap switched on makes a new one."""
    at = goto(solve(open_scenario(start(), "tiny")), "results")
    first = at.session_state[results_page.DECK_KEPT][3]
    shown = at.get("deck_gl_json_chart")[0].proto.json
    goto(goto(at, "map"), "results")
    assert at.session_state[results_page.DECK_KEPT][3] is first
    assert at.get("deck_gl_json_chart")[0].proto.json == shown
    at.toggle(key="results:basemap").set_value(True).run()
    assert at.session_state[results_page.DECK_KEPT][3] is not first
    at.toggle(key="results:basemap").set_value(False).run()
    solve(at)
    goto(at, "results")
    kept = at.session_state[results_page.DECK_KEPT]
    assert kept[3] is not first and kept[0] is at.session_state["sfo.plans"][1].plan


def titles(frame) -> dict[str, dict]:
    """A shown table's column configuration (title, help, format) by column."""
    return json.loads(frame.proto.columns)


def test_tables_are_titled_with_units_and_numbers_read_as_amounts_and_counts(scenarios):
    """Forbidding S1 sends E1 and E2 back to treating alone (no-S1 in tests/test_compare.py):
    one facility fewer, two SMEs fewer connected, 731,850.00 - 506,679.75 = +225,170.25 a year."""
    at = goto(solve(open_scenario(start(), "tiny")), "results")
    facilities = at.dataframe[0]
    assert facilities.value["unit"].tolist() == ["m3/day"]  # the service's own unit
    config = titles(facilities)
    assert config["capacity_per_day"]["label"] == "Capacity (per day)"
    assert config["annual_cost"]["type_config"]["format"] == "%,.2f"  # to the cent, never 1-3
    goto(at, "scenario")
    edit_table(at, "sites", edited={0: {"status": "forbidden"}})
    goto(solve(at), "compare")
    kpis = at.dataframe[0].value.set_index("kpi")
    delta = "delta #2 tiny + 1 edit"
    assert kpis.loc["Facilities open", delta] == "-1"  # a count, not "-1.00"
    assert kpis.loc["SMEs connected to a shared facility", delta] == "-2"
    assert kpis.loc["Total annual cost", delta] == "+225,170.25"
    assert kpis.loc["Saving against everyone alone (%)", delta].endswith(" pp")
    costs = next(d for d in at.dataframe if "cost_before" in d.value.columns)
    config = titles(costs)
    assert config["cost_before"]["label"] == "Cost before (CNY/year)"
    assert config["change_pct"]["label"] == "Change (%)"
    assert config["enterprise_name"]["label"] == "Enterprise name"
    assert costs.value["change"].tolist()[-2:] == [0.0, 0.0]  # E3, E4: no "-0"


def test_a_plan_upload_that_is_not_a_plan_is_refused(scenarios):
    at = goto(start(), "compare")
    at.file_uploader(key="compare:upload").set_value(
        ("evil.json", b'{"format": "pickle"}', "application/json")
    ).run()
    assert_clean(at)
    assert "evil.json" in texts(at.error)
    assert "not a plan file" in texts(at.error)
    assert "sfo.uploaded_plans" not in at.session_state


# ---------------------------------------------------------------------------------------------
# Saving
# ---------------------------------------------------------------------------------------------


def _rate(folder: Path) -> float:
    return yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))["discount_rate"]


def set_rate(at: AppTest, rate: float) -> AppTest:
    key = f"g{at.session_state['sfo.generation']}:setting:discount_rate"
    at.number_input(key=key).set_value(rate).run()
    assert_clean(at)
    return at


def save_as(at: AppTest, name: str, overwrite: bool = False) -> AppTest:
    generation = at.session_state["sfo.generation"]
    at.text_input(key=f"g{generation}:save:name").set_value(name)
    at.checkbox(key=f"g{generation}:save:overwrite").set_value(overwrite)
    at.button(key=f"g{generation}:save:go").click().run()
    assert_clean(at)
    return at


def test_save_as_refuses_to_overwrite_without_confirmation(scenarios):
    before = (scenarios / "tiny" / "scenario.yaml").read_bytes()
    at = set_rate(open_scenario(start(), "tiny"), 0.05)
    save_as(at, "tiny")
    assert "already exists" in texts(at.error)
    assert (scenarios / "tiny" / "scenario.yaml").read_bytes() == before
    save_as(at, "tiny", overwrite=True)
    assert "Saved as scenarios/tiny" in texts(at.success)
    assert _rate(scenarios / "tiny") == 0.05
    assert (
        load_scenario(scenarios / "tiny")
        .tables["demands"]
        .equals(load_scenario(REPO / "scenarios" / "tiny").tables["demands"])
    )


def test_save_as_never_overwrites_a_folder_that_is_not_a_scenario(scenarios):
    (scenarios / "notes").mkdir()
    (scenarios / "notes" / "important.txt").write_text("keep me", encoding="utf-8")
    at = save_as(open_scenario(start(), "tiny"), "notes", overwrite=True)
    assert "'notes' exists and is not a scenario folder" in texts(at.error)
    assert [p.name for p in (scenarios / "notes").iterdir()] == ["important.txt"]
    assert (scenarios / "notes" / "important.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in scenarios.iterdir()) == ["notes", "tiny"]


def test_save_as_a_new_name_then_reopen(scenarios):
    at = set_rate(open_scenario(start(), "tiny"), 0.06)
    save_as(at, "tiny-v2")
    assert "Saved as scenarios/tiny-v2" in texts(at.success)
    saved = load_scenario(scenarios / "tiny-v2")
    assert saved.name == "tiny-v2" and saved.settings["discount_rate"] == 0.06
    assert working(at).name == "tiny-v2"  # the saved scenario is the one now open
    assert sorted(p.name for p in scenarios.iterdir()) == ["tiny", "tiny-v2"]  # no leftovers


def test_a_bad_name_is_refused(scenarios):
    at = save_as(open_scenario(start(), "tiny"), "../outside")
    assert "scenario name" in texts(at.error)
    assert sorted(p.name for p in scenarios.parent.iterdir()) == ["scenarios"]


def test_two_sessions_saving_the_same_name_do_not_corrupt_each_other(scenarios):
    first = set_rate(open_scenario(start(), "tiny"), 0.05)
    second = set_rate(open_scenario(start(), "tiny"), 0.07)
    assert working(first).settings["discount_rate"] == 0.05  # each session has its own copy
    save_as(first, "shared")
    assert "Saved as scenarios/shared" in texts(first.success)
    save_as(second, "shared")
    assert "already exists" in texts(second.error)
    assert _rate(scenarios / "shared") == 0.05
    save_as(second, "shared", overwrite=True)
    assert _rate(scenarios / "shared") == 0.07
    assert load_scenario(scenarios / "shared").load_problems == ()
    assert sorted(p.name for p in scenarios.iterdir()) == ["shared", "tiny"]


# ---------------------------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------------------------


def upload_scenario(at: AppTest, kind: str, name: str, data: bytes) -> AppTest:
    source = "Upload .xlsx workbook" if kind == "xlsx" else "Upload zipped scenario folder"
    at.radio(key="open:source").set_value(source).run()
    at.file_uploader(key=f"open:{kind}").set_value((name, data, "application/octet-stream")).run()
    at.button(key=f"open:{kind}:go").click().run()
    assert_clean(at)
    return at


def tiny_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for file in sorted((REPO / "scenarios" / "tiny").iterdir()):
            archive.write(file, f"tiny/{file.name}")
    return buffer.getvalue()


def test_upload_a_workbook(scenarios, tmp_path):
    book = save_scenario(load_scenario(REPO / "scenarios" / "tiny"), tmp_path / "park.xlsx")
    at = upload_scenario(start(), "xlsx", "park.xlsx", book.read_bytes())
    assert working(at).name == "tiny"
    assert "No problems found" in texts(at.success)
    assert at.session_state["sfo.origin"] == "upload park.xlsx"


def test_upload_a_zipped_folder(scenarios):
    at = upload_scenario(start(), "zip", "tiny.zip", tiny_zip())
    assert working(at).name == "tiny"
    assert len(working(at).tables["edges"]) == 6


def test_an_unsafe_zip_is_refused(scenarios, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../escape.txt", "x")
    at = upload_scenario(start(), "zip", "evil.zip", buffer.getvalue())
    assert "evil.zip" in texts(at.error) and ".." in texts(at.error)
    assert "sfo.scenario" not in at.session_state  # nothing was opened
    assert not (tmp_path / "escape.txt").exists()


def test_an_upload_above_the_limit_is_refused_in_words(scenarios):
    big = b"\0" * (21 * 1024 * 1024)
    at = upload_scenario(start(), "xlsx", "big.xlsx", big)
    assert "big.xlsx is 21.0 MB" in texts(at.error)
    assert "at most 20.0 MB" in texts(at.error)


def test_a_plan_json_opens_on_the_results_page(scenarios):
    at = solve(open_scenario(start(), "tiny"))
    plan: Plan = at.session_state["sfo.plans"][0].plan
    fresh = goto(start(), "results")
    fresh.file_uploader(key="results:upload").set_value(
        ("tiny.json", plan.to_json().encode(), "application/json")
    ).run()
    fresh.button(key="results:upload:go").click().run()
    assert_clean(fresh)
    assert {m.label: m.value for m in fresh.metric}["Total cost (CNY/year)"] == TINY_TOTAL
