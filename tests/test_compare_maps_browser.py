"""Compare draws its two maps only once their section is opened, and keeps it open for the
session (each deck.gl map costs a browser without a GPU seconds: docs/app.md, "Speed"), in
Debian's chromium."""

from __future__ import annotations

from browser import (
    BROWSER_MARKS,
    LAPTOP,
    SOLVE_DEADLINE_MS,
    UI_DEADLINE_MS,
    chromium,
    go_to,
    serve_app,
    skip_without_chromium,
)
from playwright.sync_api import Page, expect

from optimizer.words.catalogue import tr

pytestmark = BROWSER_MARKS
skip_without_chromium()


def _solve(page: Page, plans: int) -> None:
    go_to(page, tr("app.page.solve"))
    button = page.get_by_test_id("stBaseButton-primary").filter(has_text=tr("solve.go"))
    expect(button).to_be_enabled(timeout=UI_DEADLINE_MS)
    button.click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible(timeout=SOLVE_DEADLINE_MS)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(
        tr("app.plans", count=plans), timeout=UI_DEADLINE_MS
    )


def test_compare_draws_its_maps_once_opened_and_keeps_them(tmp_path):
    with serve_app(tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        page.goto(url)
        page.get_by_test_id("stBaseButton-primary").filter(
            has_text=tr("scenario.open_button")
        ).click()
        expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        _solve(page, 1)
        _solve(page, 2)
        go_to(page, tr("app.page.compare"))
        section = page.get_by_test_id("stExpander").filter(has_text=tr("compare.maps_open"))
        expect(section).to_be_visible(timeout=UI_DEADLINE_MS)
        maps = page.get_by_test_id("stDeckGlJsonChart")
        expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=UI_DEADLINE_MS)
        assert maps.count() == 0  # nothing drawn until asked
        section.get_by_text(tr("compare.maps_open")).click()
        expect(maps).to_have_count(2, timeout=UI_DEADLINE_MS)
        expect(maps.nth(1).locator("canvas").first).to_be_visible(timeout=UI_DEADLINE_MS)
        go_to(page, tr("app.page.results"))
        go_to(page, tr("app.page.compare"))  # still open: both maps again
        expect(maps).to_have_count(2, timeout=UI_DEADLINE_MS)
        section.get_by_text(tr("compare.maps_open")).click()  # closed: the maps go
        expect(maps).to_have_count(0, timeout=UI_DEADLINE_MS)
