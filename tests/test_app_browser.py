"""End to end in a real browser: the app served by ``streamlit run``, driven in Debian's chromium.

Open tiny, edit a cell of the demands table in the grid editor (E3's own O&M from 39,600 to
49,600 CNY/year), solve through the worker pool, and read the total on the Results page: E3 treats
alone in the optimum (scenarios/tiny/README.md), so the total rises by exactly the 10,000 added to
its own cost, from 506,679.75 to 516,679.75 CNY/year; the next-best plan (E3 joining a large plant,
537,197.19) does not change. Then the plan map must have drawn (a non-empty canvas), no KPI tile
may be cut short at 1280 x 800 (a laptop's screen), and a screenshot is kept in the test's folder. With the online basemap off (the default), the page must not have
asked anything of any server but the app's own: Streamlit's map loads Carto's style by itself
unless the deck says it has no basemap.

The server, the browser and the checks are shared with the walk (``tests/browser.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import (
    BROWSER_MARKS,
    CUT_SHORT,
    REPO,
    SOLVE_DEADLINE_MS,
    UI_DEADLINE_MS,
    chromium,
    open_cell_editor,
    serve_app,
    skip_without_chromium,
)
from playwright.sync_api import expect

from optimizer import load_scenario, optimise

#: scenarios/tiny/README.md's optimum plus the 10,000 CNY/year added to E3's own O&M.
EDITED_TOTAL = "516,679.75"

#: tiny with E4's own O&M at 30 million CNY/year: the saving has eight digits.
BIG_OVERRIDE = {"demands[E4/sewage].standalone_om_cny_per_year": 30_000_000}
BIG_TOTAL = "622,735.47"


def big_plan(folder: Path) -> Path:
    plan = optimise(load_scenario(REPO / "scenarios" / "tiny").with_overrides(BIG_OVERRIDE))
    assert f"{plan.total_cost:,.2f}" == BIG_TOTAL and plan.kpis["saving"] > 10_000_000
    path = folder / "big.json"
    path.write_text(plan.to_json(), encoding="utf-8")
    return path


pytestmark = BROWSER_MARKS
skip_without_chromium()


@pytest.fixture
def server(tmp_path):
    with serve_app(tmp_path) as url:
        yield url


def test_edit_solve_and_see_the_plan(server, tmp_path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        elsewhere: list[str] = []  # requests to any server but the app's (blobs are local)
        local = (server, f"blob:{server}", "data:")
        page.on(
            "request",
            lambda request: (
                None if request.url.startswith(local) else elsewhere.append(request.url)
            ),
        )
        page.goto(server)

        # open tiny from the scenarios folder
        page.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
        expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )

        # edit E3's own O&M (column 6 of demands, row 2) in the grid's cell editor
        page.get_by_role("tab", name="demands (4)").click()
        grid = page.get_by_role("tabpanel", name="demands (4)").get_by_test_id("stDataFrame")
        cell = grid.get_by_test_id("glide-cell-6-2")
        expect(cell).to_have_text("39600", timeout=UI_DEADLINE_MS)
        editor = open_cell_editor(page, grid, right=5, down=2)
        expect(editor).to_have_value("39600")
        editor.fill("49600")
        page.keyboard.press("Enter")
        edited = page.get_by_role("tabpanel", name="demands (4)").get_by_test_id("glide-cell-6-2")
        expect(edited).to_have_text("49600", timeout=UI_DEADLINE_MS)
        # the server has taken the edit in (the grid shows it at once, the sidebar after)
        expect(page.get_by_test_id("stSidebar")).to_contain_text(
            "tiny + 1 edit", timeout=UI_DEADLINE_MS
        )

        # solve in the worker pool
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Solve").click()
        solve = page.get_by_test_id("stBaseButton-primary").filter(has_text="Solve")
        expect(solve).to_be_enabled(timeout=UI_DEADLINE_MS)
        solve.click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
            f"Total annual cost: {EDITED_TOTAL} CNY/year", timeout=SOLVE_DEADLINE_MS
        )

        # the total, exactly, and the plan's map, on a laptop's screen
        page.set_viewport_size({"width": 1280, "height": 800})
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Results").click()
        total = page.get_by_test_id("stMetric").filter(has_text="Total cost (CNY/year)")
        expect(total.get_by_test_id("stMetricValue")).to_have_text(
            EDITED_TOTAL, timeout=UI_DEADLINE_MS
        )
        canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
        expect(canvas).to_be_visible(timeout=UI_DEADLINE_MS)
        size = canvas.bounding_box()
        assert size is not None and size["width"] > 100 and size["height"] > 100
        page.screenshot(path=str(tmp_path / "results.png"), full_page=True)

        # open a plan file with eight-digit amounts: it is the plan shown, and no tile is cut
        page.get_by_test_id("stExpander").filter(has_text="Open a plan file").click()
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(big_plan(tmp_path))
        page.get_by_role("button", name="Open plan").click()
        expect(total.get_by_test_id("stMetricValue")).to_have_text(
            BIG_TOTAL, timeout=UI_DEADLINE_MS
        )
        assert page.evaluate(CUT_SHORT) == [], "KPI tiles cut short at 1280 x 800"
        assert elsewhere == [], "with the basemap off, nothing may be fetched from elsewhere"
    assert (tmp_path / "results.png").stat().st_size > 10_000
