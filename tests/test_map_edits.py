"""Editing the scenario on the Map page (issue 14, "Editing on the map"): a click on a site picks
it, its panel gives its tiers, capex (in the scenario's currency) and whether they are existing,
and sets its status; a new candidate site or enterprise is placed from a form; each change lands
in the session's scenario tables, as the Scenario page's grids write them, counts as an edit and
is checked as the grids' edits are (an invalid new row refused naming the field, nothing lost).

AppTest cannot click a pydeck map: the click's handling is :func:`map_edits.picked`, tested on the
selection state Streamlit's own deserializer makes of what the browser sends; the page is driven
through the picker the click fills, and the real click is made in Chromium
(``tests/test_map_browser.py``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from streamlit.elements.deck_gl_json_chart import PydeckSelectionSerde
from streamlit.testing.v1 import AppTest

from optimizer.scenario import load_scenario
from optimizer.ui import map_edits, scenario_map
from optimizer.ui.scenario_tables import SHOWN_KEY
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import CHINESE, using_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
TINY = REPO / "scenarios" / "tiny"


@pytest.fixture
def scenarios(tmp_path, monkeypatch) -> Path:
    """A scenarios folder with tiny, and tiny in euros with its small tier existing."""
    folder = tmp_path / "scenarios"
    shutil.copytree(TINY, folder / "tiny")
    shutil.copytree(TINY, folder / "tiny-eur")
    settings = yaml.safe_load((folder / "tiny-eur" / "scenario.yaml").read_text("utf-8"))
    settings.update(name="tiny-eur", currency="EUR")
    (folder / "tiny-eur" / "scenario.yaml").write_text(yaml.safe_dump(settings), "utf-8")
    tiers = folder / "tiny-eur" / "tiers.csv"
    tiers.write_text(tiers.read_text("utf-8").replace("800,false", "800,true"), "utf-8")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    return folder


# ---------------------------------------------------------------------------------------------
# The click, the tooltip, the tables (plain functions)
# ---------------------------------------------------------------------------------------------


def browser_click(layer: str, index: int, obj: dict) -> object:
    """The selection state ``st.pydeck_chart`` returns for a click on one object, made by
    Streamlit's own deserializer from the JSON its frontend sends."""
    sent = {"selection": {"indices": {layer: [index]}, "objects": {layer: [obj]}}}
    return PydeckSelectionSerde().deserialize(json.dumps(sent))


def test_a_click_on_a_site_picks_it_and_a_click_elsewhere_picks_none():
    site = {"id": "S2", "name": "East plot", "lon": 120.652, "lat": 31.304, "tip": "site S2"}
    assert map_edits.picked(browser_click("sites", 1, site)) == "S2"
    firm = {"id": "E1", "lon": 120.62, "lat": 31.31}
    assert map_edits.picked(browser_click("enterprises", 0, firm)) is None
    assert map_edits.picked(browser_click("enterprises", 0, firm), "enterprises") == "E1"
    assert map_edits.picked(PydeckSelectionSerde().deserialize(None)) is None  # empty spot


def test_the_site_tooltip_gives_tiers_capex_in_the_scenarios_currency_and_existing(scenarios):
    """Before: ``site S1 North plot / status / services / area m2`` and nothing of the tiers."""
    tips = scenario_map.site_points(load_scenario(scenarios / "tiny-eur"))["tip"].tolist()
    assert tips[0].splitlines()[-3:] == [
        "tiers:",
        "- sewage large: 300 m3/d, capex 1,500,000 EUR",
        "- sewage small: 150 m3/d, capex 900,000 EUR, existing (open at no capex)",
    ]
    assert "CNY" not in "".join(tips)
    with using_language(CHINESE):
        tip = scenario_map.site_points(load_scenario(scenarios / "tiny-eur"))["tip"].iloc[1]
    assert "站点 S2 East plot" in tip and "sewage small：150 m3/天，投资 900,000 EUR，已建" in tip


def test_a_forbidden_site_still_shows_what_it_would_offer():
    tiny = map_edits.with_site_status(load_scenario(TINY), "S1", "forbidden")
    found = map_edits.site(tiny, "S1")
    assert found is not None and found.status == "forbidden"
    assert [t["tier"] for t in found.tiers] == ["large", "small"]
    assert map_edits.site(tiny, "S9") is None


def test_setting_a_status_writes_the_sites_table_as_the_grid_does():
    tiny = load_scenario(TINY)
    changed = map_edits.with_site_status(tiny, "S2", "required")
    assert changed.tables["sites"]["status"].tolist() == ["optional", "required"]
    assert changed.tables["sites"].dtypes.equals(tiny.tables["sites"].dtypes)
    assert tiny.tables["sites"]["status"].tolist() == ["optional", "optional"]  # a new value
    with pytest.raises(ValueError, match="not one of required, optional, forbidden"):
        map_edits.with_site_status(tiny, "S2", "maybe")


def test_an_invalid_new_row_is_refused_naming_the_field_and_nothing_changes():
    tiny = load_scenario(TINY)
    refused = map_edits.with_new_row(
        tiny, "enterprises", {"id": "E5", "name": "New", "lon": 120.63, "lat": 131.0}
    )
    assert refused.scenario is None
    (error,) = refused.errors
    assert (error.row_id, error.column, error.found_text()) == ("E5", "lat", "131.0")
    assert "a number from -90 to 90" in str(error)
    assert tiny.tables["enterprises"]["id"].tolist() == ["E1", "E2", "E3", "E4"]
    with pytest.raises(KeyError, match="no column colour"):
        map_edits.with_new_row(tiny, "sites", {"id": "S3", "colour": "red"})


# ---------------------------------------------------------------------------------------------
# The page (AppTest)
# ---------------------------------------------------------------------------------------------


def map_page(name: str = "tiny") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.selectbox(key="open:name").set_value(name)
    at.button(key="open:folder").click().run()
    at.switch_page("optimizer/ui/pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def key(at: AppTest, name: str) -> str:
    return f"g{at.session_state['sfo.generation']}:{name}"


def sites_key(at: AppTest) -> str:
    generation = at.session_state["sfo.table_generations"].get("sites", 0)
    return key(at, f"table:sites:{generation}")


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def test_picking_a_site_shows_its_panel_and_setting_it_forbidden_is_an_edit_of_the_grid(
    scenarios,
):
    at = map_page("tiny-eur")
    assert "Click a candidate site on the map" in texts(at.caption)
    at.selectbox(key=key(at, "map:site")).set_value("S1").run()
    shown = texts(at.markdown)
    assert "**Site S1 North plot**" in shown
    assert "sewage small: 150 m3/d, capex 900,000 EUR, existing \\(open at no capex\\)" in shown
    before = sites_key(at)
    status = at.radio(key=f"{before}:map:status:S1")
    assert status.value == "optional" and status.options == ["required", "optional", "forbidden"]
    status.set_value("forbidden").run()
    assert not at.exception, [e.value for e in at.exception]
    working = at.session_state["sfo.scenario"]
    assert working.tables["sites"]["status"].tolist() == ["forbidden", "optional"]
    assert sites_key(at) != before  # the grid restarts from the table
    assert "Site S1 is now forbidden \\(1 edit not saved\\)." in texts(at.success)
    assert "tiny-eur \\+ 1 edit" in texts(at.sidebar.caption)
    # the picker keeps the site, the panel its new status
    assert at.radio(key=f"{sites_key(at)}:map:status:S1").value == "forbidden"
    # the Scenario page: the grid shows it, the edit is listed, validation ran
    at.session_state[SHOWN_KEY] = "sites"  # its tab open: the page draws that editor alone
    at.switch_page("optimizer/ui/pages/scenario.py").run()
    grid = next(e for e in at.data_editor if e.key == sites_key(at))
    assert grid.value["status"].tolist() == ["forbidden", "optional"]
    assert "sites S1: status optional → forbidden" in texts(at.markdown).replace("\\", "")
    assert "No problems found" in texts(at.success)


def test_closing_every_site_is_checked_as_the_grid_checks_it(scenarios):
    at = map_page()
    for site in ("S1", "S2"):
        at.selectbox(key=key(at, "map:site")).set_value(site).run()
        at.radio(key=f"{sites_key(at)}:map:status:{site}").set_value("forbidden").run()
    warned = texts(at.warning).replace("\\", "")
    assert "no site hosts sewage" in warned and "demands (id E1/sewage)" in warned


def place_fields(at: AppTest, table: str) -> str:
    return f"{key(at, f'table:{table}:0')}:map:place"


def test_placing_a_new_site_adds_it_to_the_table_and_picks_it(scenarios):
    at = map_page()
    form = place_fields(at, "sites")
    assert at.number_input(key=f"{form}:lon").value == pytest.approx(120.6385, abs=1e-4)
    at.text_input(key=f"{form}:id").input("S3")
    at.text_input(key=f"{form}:name").input("South plot")
    at.number_input(key=f"{form}:lat").set_value(31.3)
    at.selectbox(key=f"{form}:status").set_value("required")
    at.multiselect(key=f"{form}:services").select("sewage")
    at.button(key=f"{form}:go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    sites = at.session_state["sfo.scenario"].tables["sites"]
    assert sites["id"].tolist() == ["S1", "S2", "S3"]
    new = sites.iloc[2]
    assert (new["name"], new["lat"], new["status"], new["services"]) == (
        "South plot",
        31.3,
        "required",
        "sewage",
    )
    assert new["lon"] == pytest.approx(120.6385, abs=1e-4)
    assert "Added candidate site S3 at" in texts(at.success)
    assert at.selectbox(key=key(at, "map:site")).value == "S3"  # picked, its panel shown
    assert "**Site S3 South plot**" in texts(at.markdown)
    assert "tiny \\+ 1 edit" in texts(at.sidebar.caption)


def test_a_site_with_only_an_id_and_coordinates_is_drawn_and_picked(scenarios):
    """Before, a site without a name or an area (as the grid adds one) broke the map's tooltip
    (an empty cell has no truth value): the page showed an error instead of the map."""
    at = map_page()
    form = place_fields(at, "sites")
    at.text_input(key=f"{form}:id").input("S3")
    at.button(key=f"{form}:go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("deck_gl_json_chart")) == 1
    assert "**Site S3**" in texts(at.markdown)
    tip = scenario_map.site_points(at.session_state["sfo.scenario"])["tip"].iloc[2]
    assert tip.startswith("site S3 \nstatus: optional\nservices: any with tiers\narea: - m2")


def test_an_invalid_new_enterprise_is_refused_in_words_and_what_was_typed_stays(scenarios):
    at = map_page()
    at.radio(key=key(at, "map:place:what")).set_value("enterprises").run()
    form = place_fields(at, "enterprises")
    at.text_input(key=f"{form}:id").input("E1")  # taken
    at.number_input(key=f"{form}:lat").set_value(131.0)
    at.button(key=f"{form}:go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    refused = texts(at.error).replace("\\", "")
    assert "Not added: the new row of enterprises is not valid." in refused
    assert "column lat" in refused and "a number from -90 to 90" in refused
    assert "column id" in refused and "duplicate id 'E1'" in refused
    assert at.session_state["sfo.scenario"].tables["enterprises"]["id"].tolist() == [
        "E1",
        "E2",
        "E3",
        "E4",
    ]
    assert at.text_input(key=f"{form}:id").value == "E1"  # nothing typed is lost
    assert at.number_input(key=f"{form}:lat").value == 131.0
    assert "unsaved" not in texts(at.sidebar.caption)


def test_the_map_page_speaks_chinese(scenarios):
    at = map_page()
    at.selectbox(key="ui:language").set_value("zh-Hans").run()
    at.selectbox(key=key(at, "map:site")).set_value("S2").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "**站点 S2 East plot**" in texts(at.markdown)
    status = at.radio(key=f"{sites_key(at)}:map:status:S2")
    assert status.label == "状态"
    assert status.options == ["必须建设", "可选", "禁止建设"]  # as the browser shows them


def test_a_sites_own_text_is_shown_as_written_in_the_panel_and_the_notice(scenarios):
    """A site named with a Markdown image and HTML is shown escaped (never fetched, never HTML)."""
    sites = scenarios / "tiny" / "sites.csv"
    hostile = "![pixel](http://evil.example/p.png) <b>plot</b>"
    sites.write_text(sites.read_text("utf-8").replace("North plot", hostile), "utf-8")
    at = map_page()
    at.selectbox(key=key(at, "map:site")).set_value("S1").run()
    at.radio(key=f"{sites_key(at)}:map:status:S1").set_value("required").run()
    shown = [str(e.value) for kind in ("markdown", "caption", "success") for e in getattr(at, kind)]
    assert any("evil.example" in text for text in shown)  # shown, as text
    assert not [t for t in shown if "![pixel](http" in t or "<b>plot" in t]
    tips = scenario_map.site_points(at.session_state["sfo.scenario"])["tip"].iloc[0]
    assert tips.startswith(f"site S1 {hostile}\n")  # the tooltip is text: deck.gl shows it so


def test_the_browser_sending_the_same_pick_again_leaves_the_panel_alone():
    """After the map's data changes (a status set), the browser sends the selection again with the
    picked row's new values; it must not take the panel back from a site picked since in the
    panel's picker. A new click, or a click on an empty spot, does move it."""
    s1 = browser_click("sites", 0, {"id": "S1", "status": "forbidden"})
    assert map_edits.new_pick(s1, None) == ("sites", "S1")
    assert map_edits.new_pick(s1, ("sites", "S1")) is None  # re-sent: the picker keeps it
    s2 = browser_click("sites", 1, {"id": "S2"})
    assert map_edits.new_pick(s2, ("sites", "S1")) == ("sites", "S2")
    e1 = browser_click("enterprises", 0, {"id": "E1"})
    assert map_edits.new_pick(e1, ("sites", "S2")) == ("enterprises", "E1")
    assert map_edits.new_pick(PydeckSelectionSerde().deserialize(None), ("sites", "S2")) == ()


# ---------------------------------------------------------------------------------------------
# An enterprise clicked; a point moved or deleted; where a click lands (issue 14, the rest of
# "Editing on the map")
# ---------------------------------------------------------------------------------------------


def test_a_click_on_an_enterprise_picks_it():
    """Before, a click on an enterprise picked nothing (only sites were read from the click)."""
    firm = browser_click("enterprises", 1, {"id": "E2", "lon": 120.628, "lat": 31.303})
    assert map_edits.picked_point(firm) == ("enterprises", "E2")
    assert map_edits.new_pick(firm, ("sites", "S1")) == ("enterprises", "E2")


def test_the_enterprise_panel_gives_demands_with_units_and_what_treating_alone_costs(scenarios):
    at = map_page("tiny-eur")
    assert at.selectbox(key=key(at, "map:enterprise")).options == [
        "(none)",
        "E1 Dongfang Printing",
        "E2 Hengli Metalwork",
        "E3 Jinyuan Foods",
        "E4 Xinhua Plating",
    ]
    at.selectbox(key=key(at, "map:enterprise")).set_value("E1").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at.markdown).replace("\\", "").replace("&amp;", "&")  # shown as O&M
    assert "**Enterprise E1 Dongfang Printing**" in shown
    # CRF(8 %, 15 years) x 1,200,000 + 59,400 = 0.1168295 x 1,200,000 + 59,400 = 199,595.4
    assert (
        "sewage: 60 m3/d; alone: capex 1,200,000 EUR, 15 years, O&M 59,400 EUR/year: "
        "199,595 EUR a year in all"
    ) in shown
    assert "Sector: printing; connects at A" in texts(at.caption)
    assert at.selectbox(key=key(at, "map:site")).value == ""  # one point picked at a time


def test_setting_an_enterprises_demand_on_the_map_is_an_edit_of_the_demands_grid(scenarios):
    at = map_page()
    at.selectbox(key=key(at, "map:enterprise")).set_value("E3").run()
    demands = f"g{at.session_state['sfo.generation']}:table:demands:0"
    field = at.number_input(key=f"{demands}:map:demand:E3:sewage")
    assert field.label == "sewage demand (m3/d)" and field.value == 40.0
    field.set_value(45.0).run()
    assert not at.exception, [e.value for e in at.exception]
    working = at.session_state["sfo.scenario"]
    assert working.tables["demands"]["demand_per_day"].tolist() == [60.0, 90.0, 45.0, 30.0]
    assert "E3's sewage demand is now 45 m3/d \\(1 edit not saved\\)." in texts(at.success)
    assert "tiny \\+ 1 edit" in texts(at.sidebar.caption)
    at.switch_page("optimizer/ui/pages/scenario.py").run()
    assert "demands E3/sewage: demand_per_day 40 → 45" in texts(at.markdown).replace("\\", "")


def test_deleting_an_enterprise_removes_the_rows_that_refer_to_it_and_stays_valid(scenarios):
    at = map_page()
    at.selectbox(key=key(at, "map:enterprise")).set_value("E2").run()
    assert "Deleting E2 removes it and the rows that refer to it: 1 of demands." in texts(
        at.caption
    ).replace("\\", "")
    at.button(key=key(at, "map:delete:enterprises:E2")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    working = at.session_state["sfo.scenario"]
    assert working.tables["enterprises"]["id"].tolist() == ["E1", "E3", "E4"]
    assert working.tables["demands"]["enterprise"].tolist() == ["E1", "E3", "E4"]
    said = texts(at.success).replace("\\", "")
    assert "Deleted enterprise E2, with 1 of demands (2 edits not saved)." in said
    assert "tiny \\+ 2 edits" in texts(at.sidebar.caption)
    assert at.selectbox(key=key(at, "map:enterprise")).value == ""
    at.switch_page("optimizer/ui/pages/scenario.py").run()
    listed = texts(at.markdown).replace("\\", "")
    assert "enterprises: removed E2" in listed and "demands: removed E2/sewage" in listed
    assert "No problems found" in texts(at.success)


def with_site_rows(scenario):
    """tiny with a tier of S1's own and two distances, one to S1."""
    import pandas as pd

    tiers = scenario.tables["tiers"]
    own = tiers.iloc[[0]].assign(site="S1", tier="own")
    distances = pd.DataFrame(
        {"enterprise": ["E1", "E2"], "site": ["S1", "S2"], "distance_km": [0.4, 2.0]}
    )
    return scenario.with_table("tiers", pd.concat([tiers, own], ignore_index=True)).with_table(
        "distances", distances.astype(scenario.tables["distances"].dtypes.to_dict())
    )


def test_deleting_a_site_removes_its_own_tiers_and_distances_and_keeps_every_sites_tiers():
    from optimizer.checks import check
    from optimizer.ui import map_points

    tiny = with_site_rows(load_scenario(TINY))
    assert [p for p in check(tiny) if p.is_error] == []
    assert map_points.referring_rows(tiny, "sites", "S1") == {"tiers": [2], "distances": [0]}
    gone = map_points.without_point(tiny, "sites", "S1")
    assert gone.removed == {"sites": 1, "tiers": 1, "distances": 1}
    tables = gone.scenario.tables
    assert tables["sites"]["id"].tolist() == ["S2"]
    assert tables["tiers"]["site"].tolist() == ["*", "*"]  # offered at every site: kept
    assert tables["distances"]["site"].tolist() == ["S2"]
    errors = [p for p in check(gone.scenario) if p.is_error]
    assert errors == [], [str(p) for p in errors]
    # without the deletion of the rows, the checks would name every row left pointing at S1
    only = gone.scenario.with_table("tiers", tiny.tables["tiers"])
    assert [p.column for p in check(only) if p.is_error] == ["site"]


def test_moving_a_point_writes_its_coordinates_and_may_empty_its_node():
    from optimizer.ui import map_points

    tiny = load_scenario(TINY)
    kept = map_points.with_moved(tiny, "enterprises", "E4", 120.655, 31.31).scenario
    assert kept.tables["enterprises"].loc[3, ["lon", "lat"]].tolist() == [120.655, 31.31]
    assert map_points.node_of(kept, "enterprises", "E4") == "D"
    moved = map_points.with_moved(tiny, "enterprises", "E4", 120.655, 31.31, reconnect=True)
    assert map_points.node_of(moved.scenario, "enterprises", "E4") == ""
    with pytest.raises(KeyError, match="no row with id 'E9'"):
        map_points.with_moved(tiny, "enterprises", "E9", 120.6, 31.3)


def test_the_placement_grid_covers_the_park_at_a_clickable_pitch_within_its_budget():
    from optimizer.ui import placement
    from optimizer.ui.pages.map import MAP_WIDTH

    for name in ("tiny", "mixed-park"):
        scenario = load_scenario(REPO / "scenarios" / name)
        grid = placement.grid_for(scenario, MAP_WIDTH)
        assert grid.cells <= placement.MAX_CELLS
        cells = placement.placement_cells(scenario, MAP_WIDTH)
        points = scenario_map.scenario_points(scenario)
        assert cells["lon"].min() < points["lon"].min() < points["lon"].max() < cells["lon"].max()
        assert cells["lat"].min() < points["lat"].min() < points["lat"].max() < cells["lat"].max()
        assert len(cells) == grid.cells
    click = browser_click("placement", 12, {"lon": 120.61794, "lat": 31.30209, "tip": "here"})
    assert placement.clicked_at(click) == (120.61794, 31.30209)
    assert placement.clicked_at(browser_click("sites", 0, {"id": "S1"})) is None


def test_the_placement_layer_is_drawn_only_while_a_click_places_or_moves(scenarios):
    at = map_page()

    def layers() -> list[str]:
        (chart,) = at.get("deck_gl_json_chart")
        return [layer["id"] for layer in json.loads(chart.proto.json)["layers"]]

    assert "placement" not in layers()
    assert at.radio(key=key(at, "map:click")).options == [
        "picks a site or an enterprise",
        "gives the new point's place",
    ]
    at.radio(key=key(at, "map:click")).set_value("place").run()
    assert layers()[-1] == "placement"
    at.selectbox(key=key(at, "map:site")).set_value("S2").run()
    assert "moves site S2 there" in at.radio(key=key(at, "map:click")).options
    at.radio(key=key(at, "map:click")).set_value("pick").run()
    assert "placement" not in layers()


def test_what_a_change_on_the_map_did_is_said_in_the_language_chosen(scenarios):
    """Before, the notice was worded in the status radio's callback, which runs before the run
    sets the language: in Chinese mode it said "Site S2 is now forbidden (1 edit not saved)."."""
    at = map_page()
    at.selectbox(key="ui:language").set_value("zh-Hans").run()
    at.selectbox(key=key(at, "map:site")).set_value("S2").run()
    at.radio(key=f"{sites_key(at)}:map:status:S2").set_value("forbidden").run()
    assert "站点 S2 现为禁止建设（1 处修改未保存）。" in texts(at.success)
    at.selectbox(key=key(at, "map:enterprise")).set_value("E2").run()
    at.button(key=key(at, "map:delete:enterprises:E2")).click().run()
    assert "已删除企业 E2，连同需求 1 行（3 处修改未保存）。" in texts(at.success)


# ---------------------------------------------------------------------------------------------
# A move and the scenario's typed distances; a deletion and the variants that name the point
# ---------------------------------------------------------------------------------------------


def test_a_move_recomputes_the_points_typed_distances_from_its_new_place_or_keeps_them():
    """Before, a move left the point's rows of the distances table as typed for its old place:
    the plan used them (those pairs are the only ones within reach, the map is not used for
    them) while the map showed it elsewhere, and nothing said so."""
    from optimizer.compare_inputs import change_sentence, scenario_edits
    from optimizer.ui import map_points

    tiny = with_site_rows(load_scenario(TINY))  # E1-S1 0.4 km, E2-S2 2.0 km
    assert map_points.distance_rows(tiny, "sites", "S1") == [0]
    # S1 moved due north of E1 (120.615, 31.300) by 0.01 degree: 1.1119508 km x detour 1.3
    moved = map_points.with_moved(tiny, "sites", "S1", 120.615, 31.31)
    assert moved.scenario.tables["distances"]["distance_km"].tolist() == [1.446, 2.0]
    assert (moved.recomputed, moved.typed) == (1, 0)
    edits = [change_sentence(c) for c in scenario_edits(tiny, moved.scenario)]
    assert "distances E1/S1: distance_km 0.4 → 1.446" in edits
    kept = map_points.with_moved(tiny, "sites", "S1", 120.615, 31.31, distances="keep")
    assert kept.scenario.tables["distances"]["distance_km"].tolist() == [0.4, 2.0]
    assert (kept.recomputed, kept.typed) == (0, 1)
    with pytest.raises(ValueError, match="not one of recompute, keep"):
        map_points.with_moved(tiny, "sites", "S1", 120.615, 31.31, distances="drop")


def test_what_a_move_did_with_the_typed_distances_is_said_in_both_languages():
    from optimizer.ui import map_panel, map_points

    tiny = with_site_rows(load_scenario(TINY))
    moved = map_points.with_moved(tiny, "enterprises", "E2", 120.652, 31.31)
    kept = map_points.with_moved(tiny, "enterprises", "E2", 120.652, 31.31, distances="keep")
    assert map_panel.distance_words(moved, "recompute", "1.3") == [
        "Its typed distance (distances table) was recomputed from the new place: great-circle "
        "distance x detour factor 1.3."
    ]
    assert map_panel.distance_words(kept, "keep", "1.3") == [
        "Its typed distance (distances table) stays as it was: the plan uses it, not the new place."
    ]
    with using_language(CHINESE):
        (said,) = map_panel.distance_words(moved, "recompute", "1.3")
    assert said == "其在距离表中的 1 个距离已按新位置重新计算：大圆距离 × 绕行系数 1.3。"
    alone = map_points.with_moved(load_scenario(TINY), "enterprises", "E2", 120.652, 31.31)
    assert map_panel.distance_words(alone, "recompute", "1.3") == []  # no typed distance


def write_distances(folder: Path) -> None:
    """Typed distances for the tiny copy in ``folder``: every enterprise to each site."""
    rows = ["enterprise,site,distance_km"]
    rows += [f"E{i},S{j},{i + j / 10}" for i in range(1, 5) for j in (1, 2)]
    (folder / "distances.csv").write_text("\n".join(rows) + "\n", "utf-8")


def test_the_panel_says_before_a_move_what_it_does_with_the_typed_distances(scenarios):
    write_distances(scenarios / "tiny")
    at = map_page()
    at.selectbox(key=key(at, "map:site")).set_value("S2").run()
    choice = at.radio(key=key(at, "map:distances:sites:S2"))
    assert choice.label == "On a move, its 4 typed distances (distances table)"
    assert choice.options == ["are recomputed from the new place", "stay as typed"]
    assert choice.value == "recompute"
    assert "the detour factor (1.3)" in choice.help and "old place" in choice.help
    at.selectbox(key=key(at, "map:site")).set_value("").run()
    at.selectbox(key=key(at, "map:enterprise")).set_value("E1").run()
    label = at.radio(key=key(at, "map:distances:enterprises:E1")).label
    assert label == "On a move, its 2 typed distances (distances table)"


def with_variant_naming(folder: Path, overrides: dict) -> None:
    settings = yaml.safe_load((folder / "scenario.yaml").read_text("utf-8"))
    settings["variants"] = {"tight": {"overrides": overrides}}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(settings), "utf-8")


def test_the_delete_confirmation_names_the_variant_keys_left_naming_no_row(scenarios):
    """Before, the confirmation counted the rows a deletion removes and said nothing of the
    variant keys that name the point; after it, they named no row."""
    with_variant_naming(
        scenarios / "tiny",
        {"sites[S1].status": "forbidden", "tiers[site=*].capex_cny*": 1.1},
    )
    at = map_page()
    at.selectbox(key=key(at, "map:site")).set_value("S1").run()
    warned = texts(at.warning).replace("\\", "")
    assert (
        "A variant names S1: tight: sites[S1].status. Deleted, S1 leaves that key naming no "
        "row, an error that stops solving and saving until the key is removed from the "
        "variant in scenario.yaml (the app does not edit variants)."
    ) in warned
    at.selectbox(key=key(at, "map:site")).set_value("S2").run()
    assert "A variant names" not in texts(at.warning)  # no key names S2 alone
    at.selectbox(key=key(at, "map:site")).set_value("S1").run()
    at.button(key=key(at, "map:delete:sites:S1")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at.error).replace("\\", "") + texts(at.markdown).replace("\\", "")
    assert "'sites[S1].status': no row of sites matches [S1]" in shown
    assert "solving and saving are disabled until they are fixed" in texts(at.error)
