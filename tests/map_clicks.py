"""Clicking the Map page's deck in a real browser: where deck.gl draws a longitude and latitude
(the page's view, :func:`optimizer.ui.deck_layers.view_state`, projected in Web Mercator from the
centre of the deck's box), and a hover there until the deck shows the expected tooltip (the deck
has then drawn, and picks what is under the mouse)."""

from __future__ import annotations

import math

from browser import UI_DEADLINE_MS
from playwright.sync_api import Page, expect

from optimizer.scenario import Scenario
from optimizer.ui.deck_layers import MAP_HEIGHT, view_state
from optimizer.ui.pages.map import MAP_WIDTH
from optimizer.ui.scenario_map import scenario_points


def world_pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """A point's position in Web Mercator's world at ``zoom``, in pixels (deck.gl's: 512 px for
    the whole world at zoom 0)."""
    size = 512 * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * size, (math.pi - y) / (2 * math.pi) * size


def map_chart(page: Page):
    """The Map page's deck, once its canvas shows, scrolled into view (the mouse reaches only
    what is in the window)."""
    chart = page.get_by_test_id("stDeckGlJsonChart")
    expect(chart.locator("canvas").first).to_be_visible(timeout=UI_DEADLINE_MS)
    chart.scroll_into_view_if_needed()
    return chart


def spot(page: Page, scenario: Scenario, lon: float, lat: float) -> tuple[float, float]:
    """Where the page's deck draws ``lon``, ``lat``, in the page's pixels."""
    points = scenario_points(scenario)
    view = view_state(points["lon"].tolist(), points["lat"].tolist(), MAP_WIDTH, MAP_HEIGHT)
    centre = world_pixels(view.longitude, view.latitude, view.zoom)
    there = world_pixels(lon, lat, view.zoom)
    box = map_chart(page).bounding_box()
    assert box is not None
    x = box["x"] + box["width"] / 2 + there[0] - centre[0]
    y = box["y"] + box["height"] / 2 + there[1] - centre[1]
    return x, y


def hover(page: Page, scenario: Scenario, lon: float, lat: float, tip: str) -> tuple[float, float]:
    """Hover over ``lon``, ``lat`` until the deck's tooltip says ``tip`` (the deck has drawn what
    lies there); returns the spot, to click."""
    tooltip = page.locator(".deck-tooltip")
    for _ in range(40):
        x, y = spot(page, scenario, lon, lat)
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y)
        if tip in (tooltip.all_inner_texts() or [""])[0]:
            return x, y
        page.wait_for_timeout(500)
    expect(tooltip).to_contain_text(tip)  # fails, saying what the tooltip said
    return x, y


def click_at(page: Page, scenario: Scenario, lon: float, lat: float, tip: str) -> None:
    """Click ``lon``, ``lat`` on the deck once it shows ``tip`` there."""
    x, y = hover(page, scenario, lon, lat, tip)
    page.mouse.click(x, y)
