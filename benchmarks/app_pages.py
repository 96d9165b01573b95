"""Page switches of the app in a real browser, timed as a planner waits for them.

    python benchmarks/app_pages.py                       # mixed-park, 5 rounds, 1280 x 800
    python benchmarks/app_pages.py --scenario tiny --rounds 3
    python benchmarks/app_pages.py --url http://127.0.0.1:8501   # an app already running

The app is served by ``streamlit run app.py`` on a free port, with a scenarios folder holding a
copy of the shipped scenario only, and driven in Debian's chromium (``/usr/bin/chromium``) by
Playwright. The scenario is opened and solved twice (so that Compare has two plans), then the
pages are visited in turn, ``--rounds`` times: Scenario, Map, Solve, Results, Compare.

A switch is timed from the click on the page's link in the sidebar: until the page's title is
shown, until the app has stopped running its script (Streamlit's status widget gone and staying
gone for ``SETTLED_S``, which is not counted), until the page is finished (on Map and Results,
the map's canvas there) and until the browser was last busy with it (its last long task ended,
``IDLE_S`` of quiet not counted): without a GPU, Chromium draws each deck.gl map in software for
seconds after its canvas shows, and a click meanwhile waits, so the next page's title comes late.
Per page the medians of the four and the slowest "busy" are printed,
with the load average before and after: the machine is shared, quote figures from one run.
Beside them, figures that the machine's load cannot change: the kilobytes the server sent over
the websocket during a switch (median), the number of elements on the page and the WebGL programs
the page linked (each deck.gl layer type's own: without a GPU, Chromium compiles every one in
software); and one it changes less than the clock: the CPU seconds of Chromium's GPU process
during a switch (median), where that compiling and the drawing are done.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from playwright.sync_api import Page, expect, sync_playwright

from optimizer.ui.serving import AppDidNotStart, serve

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PAGES = ("Scenario", "Map", "Solve", "Results", "Compare")
WITH_MAP = ("Map", "Results")
#: The status widget must stay hidden this long before a page counts as finished (not counted).
SETTLED_S = 0.4
DEADLINE_MS = 180_000

#: True while Streamlit runs the page's script (its "Running..." widget is shown).
RUNNING = "() => !!document.querySelector('[data-testid=\"stStatusWidget\"]')"


@contextlib.contextmanager
def serving(scenario: str) -> Iterator[str]:
    """The app on a free port (:func:`optimizer.ui.serving.serve`) with a scenarios folder
    holding only ``scenario``."""
    with tempfile.TemporaryDirectory() as folder:
        scenarios = Path(folder) / "scenarios"
        shutil.copytree(REPO / "scenarios" / scenario, scenarios / scenario)
        try:
            with serve(scenarios) as url:
                yield url
        except AppDidNotStart as error:
            raise SystemExit(str(error)) from None


def _settled(page: Page) -> None:
    """Wait until the page's script has stopped running and stays stopped for ``SETTLED_S``."""
    quiet_since = None
    deadline = time.monotonic() + DEADLINE_MS / 1000
    while time.monotonic() < deadline:
        if page.evaluate(RUNNING):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= SETTLED_S:
            return
        page.wait_for_timeout(50)
    raise SystemExit("a page was still running after three minutes")


class Frames:
    """Bytes of the messages the server sends the browser over the websocket (Streamlit's
    protobuf frames), counted since the last :meth:`take`."""

    def __init__(self, page: Page) -> None:
        self.received = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload: str | bytes) -> None:
        self.received += len(payload)

    def take(self) -> int:
        taken, self.received = self.received, 0
        return taken


#: Keeps the end of the browser's last long task (main thread busy over 50 ms: drawing a map in
#: WebGL, laying out a grid) in ``window.__busyUntil``, in ``performance.now()`` milliseconds.
LONG_TASKS = """
window.__busyUntil = 0;
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) {
    window.__busyUntil = Math.max(window.__busyUntil, task.startTime + task.duration);
  }
}).observe({entryTypes: ["longtask"]});
"""
#: Counts the WebGL programs the page links, in ``window.__programs``.
PROGRAMS = """
window.__programs = 0;
const link = WebGL2RenderingContext.prototype.linkProgram;
WebGL2RenderingContext.prototype.linkProgram = function (...args) {
  window.__programs += 1;
  return link.apply(this, args);
};
"""


def gpu_cpu_s() -> float:
    """CPU seconds Chromium's GPU process has used so far (it runs WebGL: SwiftShader here)."""
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if "--type=gpu-process" in process.cmdline():
                times = process.cpu_times()
                total += times.user + times.system
    return total


#: The browser must have had no long task this long before a page counts as drawn (not counted).
IDLE_S = 1.5


def _busy_until(page: Page, clicked_ms: float) -> float:
    """Seconds from the click until the browser's main thread was last busy (a long task ended),
    once it has stayed idle for ``IDLE_S``: the switch's whole cost in the browser, including
    work that goes on after the script has finished (drawing maps) and would delay the next."""
    deadline = time.monotonic() + DEADLINE_MS / 1000
    while time.monotonic() < deadline:
        now, busy = page.evaluate("[performance.now(), window.__busyUntil]")
        if now - busy >= IDLE_S * 1000:
            return max(0.0, busy - clicked_ms) / 1000
        page.wait_for_timeout(100)
    raise SystemExit("the browser was still busy after three minutes")


#: The elements Streamlit drew on the page (main area and sidebar).
ELEMENTS = "() => document.querySelectorAll('[data-testid=\"stElementContainer\"]').length"


def switch(page: Page, name: str) -> tuple[float, float, float, float]:
    """Seconds from the click on ``name`` in the sidebar until the page's title is shown, until
    its script has finished, until the page is finished (its map's canvas there, where it has
    one) and until the browser was last busy with it (:func:`_busy_until`)."""
    clicked_ms = page.evaluate("performance.now()")
    start = time.perf_counter()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, exact=True).first).to_be_visible(
        timeout=DEADLINE_MS
    )
    titled = time.perf_counter() - start
    _settled(page)
    ran = time.perf_counter() - start - SETTLED_S
    if name in WITH_MAP:
        canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
        expect(canvas).to_be_visible(timeout=DEADLINE_MS)
    done = max(ran, time.perf_counter() - start - SETTLED_S)
    return titled, ran, done, max(done, _busy_until(page, clicked_ms))


def _solve(page: Page) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Solve").click()
    button = page.get_by_test_id("stBaseButton-primary").filter(has_text="Solve")
    expect(button).to_be_enabled(timeout=DEADLINE_MS)
    button.click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "Total annual cost", timeout=DEADLINE_MS
    )


Phases = tuple[float, float, float, float]
#: Per visit: kilobytes the server sent, elements on the page, WebGL programs linked and the GPU
#: process's CPU seconds.
Sizes = tuple[float, int, int, float]


def run(
    url: str, scenario: str, rounds: int, width: int, height: int
) -> tuple[dict[str, list[Phases]], dict[str, list[Sizes]]]:
    """Open ``scenario`` in the app at ``url``, solve it twice, then time ``rounds`` walks."""
    times: dict[str, list[Phases]] = {name: [] for name in PAGES}
    sizes: dict[str, list[Sizes]] = {name: [] for name in PAGES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            frames = Frames(page)
            page.add_init_script(LONG_TASKS)
            page.add_init_script(PROGRAMS)
            page.goto(url)
            page.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
            expect(page.get_by_role("heading", name=scenario, exact=True)).to_be_visible(
                timeout=DEADLINE_MS
            )
            _solve(page)
            _solve(page)
            for _ in range(rounds):
                for name in PAGES:
                    frames.take()
                    programs, gpu = page.evaluate("window.__programs"), gpu_cpu_s()
                    times[name].append(switch(page, name))
                    sizes[name].append(
                        (
                            frames.take() / 1000,
                            page.evaluate(ELEMENTS),
                            page.evaluate("window.__programs") - programs,
                            gpu_cpu_s() - gpu,
                        )
                    )
        finally:
            browser.close()
    return times, sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="mixed-park")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--size", default="1280x800", help="the browser's viewport, WxH")
    parser.add_argument(
        "--url", help="drive an app already running there (to profile its server, say)"
    )
    args = parser.parse_args()
    width, height = (int(x) for x in args.size.split("x"))
    before = os.getloadavg()[0]
    if args.url:
        times, sizes = run(args.url, args.scenario, args.rounds, width, height)
    else:
        with serving(args.scenario) as url:
            times, sizes = run(url, args.scenario, args.rounds, width, height)
    after = os.getloadavg()[0]
    print(f"{args.scenario}, {args.rounds} rounds at {args.size}; load {before:.1f} -> {after:.1f}")
    print(
        f"{'page':<10} {'title s':>8} {'script s':>9} {'finished s':>11} {'slowest s':>10}"
        f" {'busy s':>7} {'kB sent':>8} {'elements':>9} {'programs':>9} {'GPU CPU s':>10}"
    )
    for name, phases in times.items():
        titled, ran, done, busy = (statistics.median(p[i] for p in phases) for i in range(4))
        slowest = max(p[3] for p in phases)
        sent = statistics.median(s[0] for s in sizes[name])
        elements = max(s[1] for s in sizes[name])
        programs = max(s[2] for s in sizes[name])
        gpu = statistics.median(s[3] for s in sizes[name])
        print(
            f"{name:<10} {titled:8.2f} {ran:9.2f} {done:11.2f} {slowest:10.2f}"
            f" {busy:7.2f} {sent:8.0f} {elements:9d} {programs:9d} {gpu:10.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
