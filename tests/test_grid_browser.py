"""The Scenario page's grid marks a row with a problem, in a real browser (Debian's chromium):
``streamlit run``, tiny with E2's demand written ``9O`` (a letter O for a zero). The grid shows
``9O`` (not an empty cell), its Problems column says what is wrong, drawn on the grid's canvas
in the mark's red; once the cell is fixed in the grid's own cell editor the mark is gone. On
``mixed-park`` at 1280 x 800: the editor of the open tab alone, fifteen rows high, an edit kept
across tabs.

The glide data grid draws its cells on a canvas: their texts are read from the accessible table
it keeps beside it, the mark's colour from a screenshot of the grid. The screenshots stay in the
test's folder.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
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
from PIL import Image
from playwright.sync_api import Page, expect

from optimizer import load_scenario
from optimizer.ui.editors import MARK, ROW_PX, ROWS_IN_VIEW

pytestmark = BROWSER_MARKS
skip_without_chromium()

REPO = Path(__file__).resolve().parent.parent

#: The mark's background (``MARK``: ``background-color: #fde2e1``) as RGB.
RED = tuple(int(MARK.split("#")[1][i : i + 2], 16) for i in (0, 2, 4))


def marked_pixels(png: bytes) -> int:
    """How many pixels of a screenshot have the mark's colour (within 2 per channel)."""
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    return int((np.abs(image - np.array(RED)).max(axis=2) <= 2).sum())


def test_a_row_with_a_problem_is_marked_in_the_grid_and_unmarked_when_fixed(tmp_path: Path):
    with serve_app(tmp_path) as server, chromium() as browser:
        demands = tmp_path / "scenarios" / "tiny" / "demands.csv"
        text = demands.read_text(encoding="utf-8")
        demands.write_text(text.replace("E2,sewage,90,", "E2,sewage,9O,"), encoding="utf-8")
        page = browser.new_page(viewport=LAPTOP)
        page.goto(server)
        page.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
        expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        page.get_by_role("tab", name="demands (4)").click()
        panel = page.get_by_role("tabpanel", name="demands (4)")
        grid = panel.get_by_test_id("stDataFrame")
        # column 1: the problems; 2 enterprise, 3 service, 4 the demand per day (row 1: E2)
        expect(grid.get_by_test_id("glide-cell-4-1")).to_have_text("9O", timeout=UI_DEADLINE_MS)
        expect(grid.get_by_test_id("glide-cell-1-1")).to_contain_text(
            "demand_per_day: found '9O'", timeout=UI_DEADLINE_MS
        )
        expect(grid.get_by_test_id("glide-cell-1-0")).to_have_text("")  # not "None"
        expect(grid.get_by_test_id("glide-cell-4-0")).to_have_text("60")
        grid.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        marked = grid.screenshot(path=str(tmp_path / "marked.png"))
        assert marked_pixels(marked) > 500, "the problem's row is not drawn in the mark's red"

        editor = open_cell_editor(page, grid, right=3, down=1)
        expect(editor).to_have_value("9O")
        editor.fill("90")
        page.keyboard.press("Enter")
        sidebar_says(page, "tiny + 1 edit")
        fixed = page.get_by_role("tabpanel", name="demands (4)").get_by_test_id("stDataFrame")
        expect(fixed.get_by_test_id("glide-cell-3-1")).to_have_text("90", timeout=UI_DEADLINE_MS)
        page.wait_for_load_state("networkidle")
        unmarked = fixed.screenshot(path=str(tmp_path / "fixed.png"))
        assert marked_pixels(unmarked) == 0, "a mark is left once the row is fixed"


def open_tab(page: Page, label: str):
    """Click the table's tab; its editor, once drawn (the click reruns the page)."""
    page.get_by_role("tab", name=label).click()
    grid = page.get_by_role("tabpanel", name=label).get_by_test_id("stDataFrame")
    expect(grid).to_be_visible(timeout=UI_DEADLINE_MS)
    return grid


def test_the_open_tabs_editor_alone_fifteen_rows_high_and_edits_kept_across_tabs(tmp_path):
    """The page holds the editor of the open tab alone, tall enough for fifteen rows; tabs clicked
    one after the other each open their table; an edit made in one table is still there after
    other tables were viewed. Before: the ten editors were all on the page (152 kB sent on every
    visit, about 2 s of the browser's work), each ten rows high."""
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
        first = page.get_by_role("tabpanel", name=tab["enterprises"]).get_by_test_id("stDataFrame")
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
