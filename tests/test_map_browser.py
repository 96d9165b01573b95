"""Editing on the map in a real browser (Debian's chromium, 1280 x 800): open tiny, click site S1
on the Map page's deck, read its tiers in the panel beside the map, set it forbidden; the sidebar
counts the edit, and the Scenario page's sites grid shows S1 forbidden. A screenshot of the map
and of the grid is kept in the test's folder.

The click lands where deck.gl draws S1: the map's view (:func:`optimizer.ui.deck_layers.
view_state`, the same as the page's) projected in Web Mercator, from the centre of the deck's box.
"""

from __future__ import annotations

from browser import (
    BROWSER_MARKS,
    LAPTOP,
    REPO,
    UI_DEADLINE_MS,
    chromium,
    go_to,
    serve_app,
    sidebar_says,
    skip_without_chromium,
)
from map_clicks import click_at, map_chart, world_pixels
from playwright.sync_api import expect

from optimizer.scenario import load_scenario
from optimizer.ui.deck_layers import MAP_HEIGHT, view_state
from optimizer.ui.pages.map import MAP_WIDTH
from optimizer.ui.scenario_map import scenario_points
from optimizer.words.catalogue import scenario_table_title, tr, tr_n

pytestmark = BROWSER_MARKS
skip_without_chromium()


def test_click_a_site_on_the_map_and_set_it_forbidden(tmp_path):
    tiny = load_scenario(REPO / "scenarios" / "tiny")
    points = scenario_points(tiny)
    view = view_state(points["lon"].tolist(), points["lat"].tolist(), MAP_WIDTH, MAP_HEIGHT)
    s1 = tiny.tables["sites"].set_index("id").loc["S1"]
    centre = world_pixels(view.longitude, view.latitude, view.zoom)
    there = world_pixels(float(s1["lon"]), float(s1["lat"]), view.zoom)
    with serve_app(tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        page.goto(url)
        opening = page.get_by_test_id("stBaseButton-primary")
        opening.filter(has_text=tr("scenario.open_button")).click()
        expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        go_to(page, tr("app.page.map"))
        chart = page.get_by_test_id("stDeckGlJsonChart")
        expect(chart.locator("canvas").first).to_be_visible(timeout=UI_DEADLINE_MS)
        page.wait_for_load_state("networkidle")
        tooltip = page.locator(".deck-tooltip")
        for _ in range(20):  # until the deck has drawn S1 where the view puts it
            box = chart.bounding_box()
            assert box is not None
            x = box["x"] + box["width"] / 2 + there[0] - centre[0]
            y = box["y"] + box["height"] / 2 + there[1] - centre[1]
            page.mouse.move(x - 30, y - 30)
            page.mouse.move(x, y)
            if "site S1 North plot" in (tooltip.all_inner_texts() or [""])[0]:
                break
            page.wait_for_timeout(500)
        # the tooltip: tiers, capex in the scenario's currency, and existing or not
        expect(tooltip).to_contain_text("- sewage large: 300 m3/d, capex 1,500,000 CNY")
        page.mouse.click(x, y)

        # the panel beside the map: the site, its tiers with capex in the scenario's currency
        heading = tr("map.site.h", id="S1", name="North plot")
        expect(page.get_by_text(heading, exact=True)).to_be_visible(timeout=UI_DEADLINE_MS)
        panel_tier = page.get_by_text("sewage small: 150 m3/d, capex 900,000 CNY", exact=True)
        expect(panel_tier).to_be_visible()
        status = page.get_by_test_id("stRadio").filter(has_text=tr("map.site.status"))
        status.get_by_text(tr("map.status.forbidden"), exact=True).click()
        notice = tr("map.site.set", id="S1", status="forbidden", edits="1 edit")
        expect(page.get_by_text(notice)).to_be_visible(timeout=UI_DEADLINE_MS)
        sidebar_says(page, "tiny + 1 edit")
        page.screenshot(path=str(tmp_path / "map-edited.png"), full_page=True)

        # the Scenario page's sites grid shows it
        go_to(page, tr("app.page.scenario"))
        tab = f"{scenario_table_title('sites')} (2)"
        page.get_by_role("tab", name=tab).click()
        grid = page.get_by_role("tabpanel", name=tab).get_by_test_id("stDataFrame")
        grid.scroll_into_view_if_needed(timeout=UI_DEADLINE_MS)
        status_column = list(tiny.tables["sites"].columns).index("status") + 1  # 1: row marker
        expect(grid.get_by_test_id(f"glide-cell-{status_column}-0")).to_have_text(
            "forbidden", timeout=UI_DEADLINE_MS
        )
        expect(grid.get_by_test_id(f"glide-cell-{status_column}-1")).to_have_text("optional")
        page.screenshot(path=str(tmp_path / "sites-grid.png"), full_page=True)
    assert (tmp_path / "map-edited.png").stat().st_size > 10_000


def open_map(page, url: str) -> None:
    page.goto(url)
    opening = page.get_by_test_id("stBaseButton-primary")
    opening.filter(has_text=tr("scenario.open_button")).click()
    expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
        timeout=UI_DEADLINE_MS
    )
    go_to(page, tr("app.page.map"))
    map_chart(page)
    page.wait_for_load_state("networkidle")


def test_click_an_enterprise_move_it_by_a_click_delete_it_and_place_a_site_by_a_click(tmp_path):
    """Before: a click on an enterprise did nothing, a point could not be moved or deleted on
    the map, and a new point's coordinates had to be typed."""
    tiny = load_scenario(REPO / "scenarios" / "tiny")
    e4 = tiny.tables["enterprises"].set_index("id").loc["E4"]
    with serve_app(tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        open_map(page, url)
        click_at(page, tiny, float(e4["lon"]), float(e4["lat"]), "E4 Xinhua Plating")
        heading = tr("map.firm.h", id="E4", name="Xinhua Plating")
        expect(page.get_by_text(heading, exact=True)).to_be_visible(timeout=UI_DEADLINE_MS)
        expect(page.get_by_text("sewage: 30 m3/d; alone: capex 600,000 CNY")).to_be_visible()

        # move it by a click: the switch above the map, then a click where it goes
        moving = tr("map.click.move", what=tr("map.what.enterprises"), id="E4")
        page.get_by_text(moving, exact=True).click()
        there = (float(e4["lon"]) - 0.01, float(e4["lat"]) + 0.006)
        click_at(page, tiny, *there, "here:")
        moved = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Moved enterprise E4")
        expect(moved).to_be_visible(timeout=UI_DEADLINE_MS)
        sidebar_says(page, "tiny + 3 edits")  # lon, lat and its node emptied
        page.screenshot(path=str(tmp_path / "moved.png"), full_page=True)

        # delete it: its demand goes with it
        page.get_by_role("button", name=tr("map.delete.go", id="E4")).click()
        said = "Deleted enterprise E4, with 1 of demands"
        expect(page.get_by_text(said)).to_be_visible(timeout=UI_DEADLINE_MS)
        sidebar_says(page, "tiny + 2 edits")  # the moves are gone with the row

        # place a new site by a click
        map_chart(page)
        page.get_by_text(tr("map.click.place"), exact=True).click()
        spot = (120.64, 31.312)
        click_at(page, tiny, *spot, "here:")
        placed = page.get_by_test_id("stAlertContentSuccess").filter(has_text="new point's place")
        expect(placed).to_be_visible(timeout=UI_DEADLINE_MS)
        lon = page.get_by_role("spinbutton", name="Longitude")
        assert abs(float(lon.input_value()) - spot[0]) < 0.002  # within a pitch (75 m) or so
        page.get_by_role("textbox", name="Id", exact=True).fill("S3")
        page.get_by_role("button", name=tr("map.place.go")).click()
        expect(page.get_by_text("Added candidate site S3 at")).to_be_visible(timeout=UI_DEADLINE_MS)
        sidebar_says(page, "tiny + 3 edits")
        page.screenshot(path=str(tmp_path / "placed.png"), full_page=True)
    assert (tmp_path / "placed.png").stat().st_size > 10_000


def test_a_move_by_a_click_recomputes_the_points_typed_distances_and_says_so(tmp_path):
    """Before: a move left the enterprise's rows of the distances table as typed for its old
    place, and the plan used them while the map showed it elsewhere; nothing said so."""
    tiny = load_scenario(REPO / "scenarios" / "tiny")
    e4 = tiny.tables["enterprises"].set_index("id").loc["E4"]
    with serve_app(tmp_path) as url, chromium() as browser:
        typed = (
            "enterprise,site,distance_km\nE1,S1,0.5\nE2,S1,1.0\nE3,S2,1.5\nE4,S1,2.5\nE4,S2,0.8\n"
        )
        (tmp_path / "scenarios" / "tiny" / "distances.csv").write_text(typed, "utf-8")
        page = browser.new_page(viewport=LAPTOP)
        open_map(page, url)
        click_at(page, tiny, float(e4["lon"]), float(e4["lat"]), "E4 Xinhua Plating")
        choice = tr_n("map.move.distances", 2)
        expect(page.get_by_text(choice, exact=True)).to_be_visible(timeout=UI_DEADLINE_MS)
        moving = tr("map.click.move", what=tr("map.what.enterprises"), id="E4")
        page.get_by_text(moving, exact=True).click()
        there = (float(e4["lon"]) - 0.01, float(e4["lat"]) + 0.006)
        click_at(page, tiny, *there, "here:")
        said = tr_n("map.moved.distances", 2, detour="1.3")
        moved = page.get_by_test_id("stAlertContentSuccess").filter(has_text=said)
        expect(moved).to_be_visible(timeout=UI_DEADLINE_MS)
        # its distances come from the table: the nearest node gives it none
        expect(moved).to_contain_text(tr("map.moved.node_table", node="D"))
        sidebar_says(page, "tiny + 5 edits")  # lon, lat, its node emptied and two distances
        page.screenshot(path=str(tmp_path / "moved-distances.png"), full_page=True)
    assert (tmp_path / "moved-distances.png").stat().st_size > 10_000
