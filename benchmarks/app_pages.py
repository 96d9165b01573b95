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
gone for ``SETTLED_S``, which is not counted) and until the page is finished (on Map and Results,
the map's canvas drawn). Per page the medians of the three and the slowest finish are printed,
with the load average before and after: the machine is shared, quote figures from one run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PAGES = ("Scenario", "Map", "Solve", "Results", "Compare")
WITH_MAP = ("Map", "Results")
#: The status widget must stay hidden this long before a page counts as finished (not counted).
SETTLED_S = 0.4
DEADLINE_MS = 180_000

#: True while Streamlit runs the page's script (its "Running..." widget is shown).
RUNNING = "() => !!document.querySelector('[data-testid=\"stStatusWidget\"]')"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def serving(scenario: str) -> Iterator[str]:
    """The app on a free port with a scenarios folder holding only ``scenario``."""
    with tempfile.TemporaryDirectory() as folder:
        scenarios = Path(folder) / "scenarios"
        shutil.copytree(REPO / "scenarios" / scenario, scenarios / scenario)
        port = _free_port()
        env = {**os.environ, "OPTIMIZER_SCENARIOS_DIR": str(scenarios)}
        env.pop("OPTIMIZER_APP_INLINE_SOLVE", None)
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not _answers(f"{url}/_stcore/health"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the app did not start within a minute")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.2)
            yield url
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


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


def switch(page: Page, name: str) -> tuple[float, float, float]:
    """Seconds from the click on ``name`` in the sidebar until the page's title is shown, until
    its script has finished and until the page is finished (its map drawn, where it has one)."""
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
    return titled, ran, max(ran, time.perf_counter() - start - SETTLED_S)


def _solve(page: Page) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Solve").click()
    button = page.get_by_test_id("stBaseButton-primary").filter(has_text="Solve")
    expect(button).to_be_enabled(timeout=DEADLINE_MS)
    button.click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "Total annual cost", timeout=DEADLINE_MS
    )


Phases = tuple[float, float, float]


def run(url: str, scenario: str, rounds: int, width: int, height: int) -> dict[str, list[Phases]]:
    """Open ``scenario`` in the app at ``url``, solve it twice, then time ``rounds`` walks."""
    times: dict[str, list[Phases]] = {name: [] for name in PAGES}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url)
            page.get_by_test_id("stBaseButton-primary").filter(has_text="Open").click()
            expect(page.get_by_role("heading", name=scenario, exact=True)).to_be_visible(
                timeout=DEADLINE_MS
            )
            _solve(page)
            _solve(page)
            for _ in range(rounds):
                for name in PAGES:
                    times[name].append(switch(page, name))
        finally:
            browser.close()
    return times


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
        times = run(args.url, args.scenario, args.rounds, width, height)
    else:
        with serving(args.scenario) as url:
            times = run(url, args.scenario, args.rounds, width, height)
    after = os.getloadavg()[0]
    print(f"{args.scenario}, {args.rounds} rounds at {args.size}; load {before:.1f} -> {after:.1f}")
    print(f"{'page':<10} {'title s':>8} {'script s':>9} {'finished s':>11} {'slowest s':>10}")
    for name, phases in times.items():
        titled, ran, done = (statistics.median(p[i] for p in phases) for i in range(3))
        slowest = max(p[2] for p in phases)
        print(f"{name:<10} {titled:8.2f} {ran:9.2f} {done:11.2f} {slowest:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
