"""What the real-browser tests share: the app served by ``streamlit run`` on a free port, Debian's
chromium driven by Playwright, and the checks every page must pass (no KPI tile cut short, no raw
column name in a grid's header).

Playwright cannot download browsers here: the tests use ``/usr/bin/chromium`` (``apt-get install
chromium``). Without it they are skipped, except in CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from optimizer.ui import serving

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_DEADLINE_S = 60.0
SOLVE_DEADLINE_MS = 120_000
UI_DEADLINE_MS = 30_000

#: Where the screenshots the browser tests check are kept as the run's artefacts, when set
#: (``.ci/run`` sets it to ``test-output/screenshots``): one folder per test.
ARTEFACTS_ENV = "OPTIMIZER_TEST_ARTEFACTS"

#: A laptop's screen: every page must read at this size.
LAPTOP = {"width": 1280, "height": 800}

#: The texts of the metric tiles that do not fit their box (shown with an ellipsis).
CUT_SHORT = """() => [...document.querySelectorAll('[data-testid="stMetric"]')]
    .flatMap((tile) => [tile, ...tile.querySelectorAll("*")])
    .filter((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1
        && getComputedStyle(e).overflow !== "visible")
    .map((e) => e.textContent.trim())"""

#: The header texts of a grid (``st.dataframe``, ``st.data_editor``): the glide data grid draws
#: its headers on a canvas and names them in the accessible table it keeps beside it (``th`` of
#: ``role=columnheader``), for the columns in view once the grid is in view.
GRID_HEADERS = """(grid) => [...grid.querySelectorAll('[role="columnheader"]')]
    .map((e) => e.textContent.trim())
    .filter((text) => text !== "")"""

#: A header that is a column's name in the files rather than its title: snake_case.
RAW_NAME = re.compile(r"_|^[a-z]+$")

BROWSER_MARKS = [pytest.mark.browser, pytest.mark.slow]


def skip_without_chromium() -> None:
    """Skip the calling test module when chromium is missing, except in CI (where it fails)."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(
            f"{CHROMIUM} is not installed (apt-get install chromium); the browser test needs it",
            allow_module_level=True,
        )


@contextlib.contextmanager
def serve_app(folder: Path, scenarios: tuple[str, ...] = ("tiny",)) -> Iterator[str]:
    """The app on a free port (:func:`optimizer.ui.serving.serve`), saving into
    ``folder/scenarios`` (a copy of the shipped ``scenarios``), solving through the worker pool as
    in production; stopped after. Its log is ``folder/server.log``."""
    saved = folder / "scenarios"
    for name in scenarios:
        shutil.copytree(REPO / "scenarios" / name, saved / name)
    with serving.serve(saved, log=folder / "server.log", start_deadline_s=START_DEADLINE_S) as url:
        yield url


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, closed after."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is needed in CI (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def go_to(page: Page, title: str) -> None:
    """Follow the sidebar's link to a page, and wait for its title."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=UI_DEADLINE_MS)


def sidebar_says(page: Page, text: str) -> None:
    """Wait until the sidebar says ``text``: the server has taken in what the page shows."""
    expect(page.get_by_test_id("stSidebar")).to_contain_text(text, timeout=UI_DEADLINE_MS)


def open_cell_editor(page: Page, grid, right: int, down: int, attempts: int = 3):
    """Select the grid's first cell, walk to (row ``down``, column ``right``) and press Enter; the
    grid's overlay editor must appear. The arrow keys are pressed only once the keyboard focus is
    inside the grid (a click that lands while the grid is still being drawn leaves the focus on
    the tab, where the arrows would switch tabs), and the click is tried again until it is."""
    editor = page.locator("#portal").locator("input.gdg-input, textarea.gdg-input")
    in_grid = (
        "document.activeElement && document.activeElement.closest('[data-testid=stDataFrame]')"
    )
    for _ in range(attempts):
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # first cell of the first row
        try:
            page.wait_for_function(in_grid, timeout=UI_DEADLINE_MS // attempts)
        except PlaywrightTimeout:
            continue
        for key in ["ArrowRight"] * right + ["ArrowDown"] * down + ["Enter"]:
            page.keyboard.press(key)
        try:
            expect(editor).to_have_count(1, timeout=UI_DEADLINE_MS // attempts)
            return editor
        except AssertionError:
            page.keyboard.press("Escape")
    raise AssertionError(f"the grid's cell editor did not open in {attempts} attempts")


def grid_headers(page: Page) -> list[str]:
    """The header texts of every grid shown on the page (each scrolled into view to be drawn;
    not those in a tab not chosen) and of every static table."""
    found: list[str] = []
    for grid in page.get_by_test_id("stDataFrame").all():
        if not grid.is_visible():
            continue
        grid.scroll_into_view_if_needed(timeout=UI_DEADLINE_MS)
        expect(grid.locator('[role="columnheader"]').first).to_be_attached(timeout=UI_DEADLINE_MS)
        found += grid.evaluate(GRID_HEADERS)
    tables = page.get_by_test_id("stTable").locator("th").all_inner_texts()
    return found + [text.strip() for text in tables if text.strip()]


def page_reads_well(page: Page, shot: Path, headers: bool = True, grids: int = 0) -> list[str]:
    """Check the page as a reviewer reads it, once it shows at least ``grids`` grids, with a
    screenshot kept at ``shot``: no KPI tile cut short, and (unless ``headers`` is false) no raw
    column name in a grid's header. Returns the grid headers' texts."""
    if grids:
        expect(page.get_by_test_id("stDataFrame").nth(grids - 1)).to_be_attached(
            timeout=UI_DEADLINE_MS
        )
    page.wait_for_load_state("networkidle")
    cut = page.evaluate(CUT_SHORT)
    assert cut == [], f"{shot.stem}: KPI tiles cut short at {page.viewport_size}: {cut}"
    seen = grid_headers(page)
    page.screenshot(path=str(shot), full_page=True)
    keep_artefact(shot)
    raw = [text for text in seen if RAW_NAME.search(text)] if headers else []
    assert raw == [], f"{shot.stem}: raw column names in grid headers: {raw}"
    return seen


def keep_artefact(shot: Path) -> Path | None:
    """A copy of ``shot`` in the artefacts folder (:data:`ARTEFACTS_ENV`), under the running
    test's name and the shot's own folder (``test_the_planners_walk-zh-Hans/zh-Hans/map.png``);
    None when no folder is set."""
    folder = os.environ.get(ARTEFACTS_ENV)
    if not folder:
        return None
    test = os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0].split("::")[-1]
    kept = Path(folder) / re.sub(r"[^\w.-]+", "-", test).strip("-") / shot.parent.name / shot.name
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, kept)
    return kept


#: The labels of the widgets, the buttons and the headings on the page (the words a page is
#: made of, not the data it shows) that read as English: two English words in a row and no
#: Chinese character.
ENGLISH_LEFT = r"""() => [...document.querySelectorAll(
        '[data-testid="stWidgetLabel"], [data-testid="stMain"] button, '
        + '[data-testid="stSidebar"] button, h1, h2, h3, h4, [data-testid="stCaptionContainer"], '
        + '[data-testid="stAlertContainer"], [data-testid="stExpander"] summary')]
    .filter((e) => !e.closest('[data-testid="stFileUploader"]'))  // its icons' names
    .map((e) => e.innerText.trim())
    .filter((text) => /[A-Za-z]{3,} [A-Za-z]{3,}/.test(text) && !/[\u3400-\u9fff]/.test(text))"""


def english_left(page: Page) -> list[str]:
    """The page's own words still in English (see :data:`ENGLISH_LEFT`)."""
    return sorted(set(page.evaluate(ENGLISH_LEFT)))
