"""The Scenario page's grid marks a row with a problem, in a real browser (Debian's chromium):
``streamlit run``, tiny with E2's demand written ``9O`` (a letter O for a zero). The grid shows
``9O`` (not an empty cell), its Problems column says what is wrong, drawn on the grid's canvas
in the mark's red; once the cell is fixed in the grid's own cell editor the mark is gone.

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
from playwright.sync_api import expect

from optimizer.ui.editors import MARK

pytestmark = BROWSER_MARKS
skip_without_chromium()

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
