"""The HTML report in a real browser (Debian's chromium): printed, no table is cut.

Before, every table sat in a box 32rem high that scrolled: printed, the box kept its height and
cut the rows below it (the SME statement of mixed-park has 175 rows), and a wide table scrolled
sideways out of the page. Printed now (A4 landscape, as ``@page`` asks), every box shows its whole
table and no table is wider than the page. The page is printed to PDF and screenshotted (kept in
the test's folder as artefacts), a copy of tiny with names in Chinese too.

Playwright cannot download browsers here: the test uses ``/usr/bin/chromium``. Without it the
test is skipped, except in CI (``CI`` set), where it fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, skip_without_chromium
from playwright.sync_api import sync_playwright

from optimizer import optimise
from optimizer.export import plan_html

REPO = Path(__file__).resolve().parent.parent
#: A4 landscape less the page's 12 mm margins, in CSS pixels (96 a inch).
PRINTED_WIDTH_PX = round((297 - 2 * 12) / 25.4 * 96)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

skip_without_chromium()

#: Per table, what its box hides: rows below (px) and columns to the right (px), and how far
#: the table reaches past the page's right edge.
CUT = """(pageWidth) => [...document.querySelectorAll("table")].map((table) => {
    const box = table.parentElement;
    return {
        heading: (box.previousElementSibling || {}).textContent || "",
        rows: table.rows.length,
        hiddenBelow: box.scrollHeight - box.clientHeight,
        hiddenRight: box.scrollWidth - box.clientWidth,
        pastPage: table.getBoundingClientRect().right - pageWidth,
    };
})"""


def _report(plan, folder: Path, name: str) -> Path:
    path = folder / f"{name}.html"
    path.write_text(plan_html(plan), encoding="utf-8")
    return path


def _chinese_tiny(folder: Path) -> Path:
    target = folder / "tiny"
    shutil.copytree(REPO / "scenarios" / "tiny", target)
    for table, old, new in [
        ("enterprises", "Jinyuan Foods", "金源食品有限公司"),
        ("sites", "North plot", "北区地块"),
    ]:
        path = target / f"{table}.csv"
        path.write_bytes(path.read_text(encoding="utf-8").replace(old, new).encode("gbk"))
    settings = target / "scenario.yaml"
    text = settings.read_text(encoding="utf-8").replace("name: tiny", "name: 苏州园区")
    settings.write_text(text, encoding="utf-8")
    return target


def test_printed_reports_cut_no_table(tmp_path):
    mixed = _report(optimise(REPO / "scenarios" / "mixed-park"), tmp_path, "mixed-park")
    chinese = _report(optimise(_chinese_tiny(tmp_path)), tmp_path, "chinese")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": PRINTED_WIDTH_PX, "height": 900})
            page.goto(mixed.as_uri())
            on_screen = page.evaluate(CUT, PRINTED_WIDTH_PX)
            assert max(t["hiddenBelow"] for t in on_screen) > 0  # the screen keeps its boxes
            page.emulate_media(media="print")
            printed = page.evaluate(CUT, PRINTED_WIDTH_PX)
            assert len(printed) >= 5 and max(t["rows"] for t in printed) > 100
            cut = [t for t in printed if max(t["hiddenBelow"], t["hiddenRight"], t["pastPage"]) > 1]
            assert cut == []
            page.screenshot(path=str(tmp_path / "mixed-park-printed.png"), full_page=True)
            pdf = page.pdf(path=str(tmp_path / "mixed-park.pdf"), prefer_css_page_size=True)
            assert pdf.count(b"/Type /Page") > 3
            page.emulate_media(media="screen")
            page.goto(chinese.as_uri())
            assert page.get_by_text("苏州园区").first.is_visible()
            assert page.get_by_text("金源食品有限公司").first.is_visible()
            page.screenshot(path=str(tmp_path / "chinese.png"), full_page=True)
        finally:
            browser.close()
