"""A join from a file in the Explore page's what-if, in a real browser (AppTest cannot upload):
open tiny, solve it through the pool, upload two CSV files with bad cells (refused at once, each
cell named by file, line, id, column and value, as ``optimizer whatif --join`` names them), then
a good YAML file (E9 joins next to E1), re-solved through the pool: the total is the library's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
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
from playwright.sync_api import expect
from test_join_files import DEMAND, ENTERPRISE, SAID

from optimizer import load_scenario, optimise
from optimizer.batch.whatif import what_if, whatif_overrides
from optimizer.words import money
from optimizer.words.catalogue import tr

pytestmark = BROWSER_MARKS
skip_without_chromium()

REPO = Path(__file__).resolve().parent.parent
GOOD = """enterprises:
  - {id: E9, name: Xinyuan Dyeing, sector: printing, lon: 120.616, lat: 31.301, node: A}
demands:
  - {enterprise: E9, service: sewage, demand_per_day: 20, standalone_capex_cny: 500000,
     standalone_lifetime_years: 15, standalone_om_cny_per_year: 30000}
"""


def idle(page) -> None:
    """Wait until the app's script has finished its run (Streamlit's "running" widget gone)."""
    expect(page.get_by_test_id("stStatusWidgetRunningIcon")).to_have_count(
        0, timeout=UI_DEADLINE_MS
    )


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    written = {}
    for name, text in (
        ("enterprises.csv", ENTERPRISE),
        ("demands.csv", DEMAND),
        ("join.yaml", GOOD),
    ):
        written[name] = tmp_path / "files" / name
        written[name].parent.mkdir(exist_ok=True)
        written[name].write_text(text, encoding="utf-8")
    return written


def test_a_join_file_is_refused_in_words_or_re_solved(tmp_path, files):
    plan = optimise(load_scenario(REPO / "scenarios" / "tiny"))
    joined, _ = what_if(plan, whatif_overrides(plan, joining=files["join.yaml"]))
    with serve_app(tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        page.goto(url)
        page.get_by_test_id("stBaseButton-primary").filter(
            has_text=tr("scenario.open_button")
        ).click()
        expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        go_to(page, tr("app.page.solve"))
        page.get_by_test_id("stBaseButton-primary").filter(has_text=tr("solve.go")).click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible(
            timeout=SOLVE_DEADLINE_MS
        )
        go_to(page, tr("app.page.explore"))
        upload = page.get_by_test_id("stFileUploaderDropzoneInput")
        upload.set_input_files([files["enterprises.csv"], files["demands.csv"]])
        refused = page.get_by_test_id("stAlertContentError")
        expect(refused.first).to_be_visible(timeout=UI_DEADLINE_MS)
        shown = "\n".join(refused.all_inner_texts())
        for sentence in SAID:
            assert sentence in shown, shown
        go = page.get_by_role("button", name=tr("explore.whatif.go"))
        expect(go).to_be_disabled()
        page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
        remove = page.get_by_test_id("stFileChipDeleteBtn")
        for _ in range(2):  # the uploader adds files to those it holds: take the bad ones off
            idle(page)
            remove.first.click()
        expect(remove).to_have_count(0, timeout=UI_DEADLINE_MS)
        upload.set_input_files([files["join.yaml"]])
        expect(refused).to_have_count(0, timeout=UI_DEADLINE_MS)
        expect(go).to_be_enabled(timeout=UI_DEADLINE_MS)
        idle(page)  # a click while the script still runs may be lost with its run
        go.click()
        success = page.get_by_test_id("stAlertContentSuccess").filter(has_text="join.yaml")
        expect(success).to_contain_text("the rows of join.yaml join", timeout=SOLVE_DEADLINE_MS)
        total = f"{money(plan.total_cost)} to {money(joined.total_cost)} CNY/year"
        expect(page.get_by_test_id("stCaptionContainer").filter(has_text=total)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        page.screenshot(path=str(tmp_path / "joined.png"), full_page=True)
