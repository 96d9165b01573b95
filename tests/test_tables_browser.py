"""The Scenario page's tables in a real browser (Debian's chromium, ``streamlit run``,
``mixed-park`` at 1280 x 800): the page holds the editor of the open tab alone, tall enough for
fifteen rows; tabs clicked one after the other each open their table; an edit made in one table
is still there after other tables were viewed.

Before: the ten editors were all on the page (152 kB sent on every visit, about 2 s of the
browser's work), each ten rows high. The screenshot stays in the test's folder.
"""

from __future__ import annotations

from pathlib import Path

from browser import (
    BROWSER_MARKS,
    LAPTOP,
    UI_DEADLINE_MS,
    chromium,
    open_cell_editor,
    serve_app,
    sidebar_says,
    skip_without_chromium,
)
from playwright.sync_api import Page, expect

from optimizer import load_scenario
from optimizer.ui.editors import ROW_PX, ROWS_IN_VIEW

pytestmark = BROWSER_MARKS
skip_without_chromium()

REPO = Path(__file__).resolve().parent.parent


def open_tab(page: Page, label: str):
    """Click the table's tab; its editor, once drawn (the click reruns the page)."""
    page.get_by_role("tab", name=label).click()
    grid = page.get_by_role("tabpanel", name=label).get_by_test_id("stDataFrame")
    expect(grid).to_be_visible(timeout=UI_DEADLINE_MS)
    return grid


def test_the_open_tabs_editor_alone_fifteen_rows_high_and_edits_kept_across_tabs(tmp_path):
    tables = load_scenario(REPO / "scenarios" / "mixed-park").tables
    tab = {name: f"{name} ({len(tables[name])})" for name in ("enterprises", "demands", "sites")}
    tab["tiers"] = f"tiers ({len(tables['tiers'])})"
    with serve_app(tmp_path, ("mixed-park",)) as url, chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        page.goto(url)
        page.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
        expect(page.get_by_role("heading", name="mixed-park", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        first = page.get_by_role("tabpanel", name=tab["enterprises"]).get_by_test_id(
            "stDataFrame"
        )
        expect(first).to_be_visible(timeout=UI_DEADLINE_MS)
        page.wait_for_load_state("networkidle")
        expect(page.get_by_test_id("stDataFrame")).to_have_count(1)  # before: 10
        first.scroll_into_view_if_needed()
        box = first.bounding_box()
        assert box is not None and box["height"] >= (ROWS_IN_VIEW + 1) * ROW_PX, box
        expect(first.get_by_test_id(f"glide-cell-1-{ROWS_IN_VIEW - 1}")).to_have_text(
            str(tables["enterprises"]["id"].iloc[ROWS_IN_VIEW - 1])
        )
        page.screenshot(path=str(tmp_path / "enterprises.png"), full_page=True)

        grid = open_tab(page, tab["demands"])
        # columns: 1 enterprise, 2 service, 3 unit (mixed units), 4 the demand per day
        expect(grid.get_by_test_id("glide-cell-4-0")).to_have_text("8.4", timeout=UI_DEADLINE_MS)
        editor = open_cell_editor(page, grid, right=3, down=0)
        editor.fill("9.5")
        page.keyboard.press("Enter")
        sidebar_says(page, "mixed-park + 1 edit")
        for name in ("sites", "tiers", "enterprises"):  # one click after the other
            shown = open_tab(page, tab[name])
            expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
            expect(shown.get_by_test_id("glide-cell-1-0")).to_have_text(
                str(tables[name].iloc[0, 0]), timeout=UI_DEADLINE_MS
            )
        back = open_tab(page, tab["demands"])
        expect(back.get_by_test_id("glide-cell-4-0")).to_have_text("9.5", timeout=UI_DEADLINE_MS)
        sidebar_says(page, "mixed-park + 1 edit")
