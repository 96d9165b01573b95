"""The Map and Results pages' maps are drawn with three WebGL programs, each with one set of
per-row values, in Debian's chromium (no GPU: it compiles each program, and each program again
for every different set, in software, for half a second to a second each: docs/app.md, "Speed").

The page's WebGL calls are watched from the start (an init script wraps the WebGL2 context's
methods): the programs linked and, at each draw, the program and the vertex arrays it reads
(their formats and divisors), which is what Chromium compiles a pipeline for. Counts, not times.
"""

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

#: Counts the WebGL2 programs linked and the distinct (program, vertex arrays) of the draws, in
#: ``window.__webgl``; ``window.__webglReset()`` starts again.
WEBGL_WATCH = """
(() => {
  const watch = { links: 0, draws: 0, pipelines: new Set() };
  const names = new Map(), arrays = new Map(), bound = new WeakMap();
  window.__webgl = watch;
  window.__webglReset = () => { watch.links = 0; watch.draws = 0; watch.pipelines.clear(); };
  const gl = WebGL2RenderingContext.prototype;
  const wrap = (name, before) => {
    const original = gl[name];
    gl[name] = function (...args) { before(this, args); return original.apply(this, args); };
  };
  const vao = (context) => {
    const key = bound.get(context) || context;
    if (!arrays.has(key)) arrays.set(key, {});
    return arrays.get(key);
  };
  wrap("linkProgram", (c, [program]) => {
    watch.links += 1;
    if (!names.has(program)) names.set(program, "program " + names.size);
  });
  wrap("useProgram", (c, [program]) => { c.__program = program; });
  wrap("bindVertexArray", (c, [array]) => { bound.set(c, array); });
  wrap("enableVertexAttribArray", (c, [i]) => { vao(c)["on" + i] = 1; });
  wrap("disableVertexAttribArray", (c, [i]) => { vao(c)["on" + i] = 0; });
  wrap("vertexAttribPointer", (c, [i, size, type, norm]) => { vao(c)[i] = [size, type, norm]; });
  wrap("vertexAttribIPointer", (c, [i, size, type]) => { vao(c)[i] = [size, type]; });
  wrap("vertexAttribDivisor", (c, [i, divisor]) => { vao(c)["d" + i] = divisor; });
  const draw = (c) => {
    watch.draws += 1;
    const state = vao(c);
    const read = Object.keys(state).filter((k) => state["on" + k] === 1)
      .map((k) => k + ":" + state[k] + "/" + (state["d" + k] || 0)).sort().join(";");
    watch.pipelines.add(names.get(c.__program) + " | " + read);
  };
  for (const name of ["drawArrays", "drawElements", "drawArraysInstanced",
                      "drawElementsInstanced"]) wrap(name, draw);
})();
"""

#: What the watch saw: programs linked, draws, and the distinct pipelines drawn with.
SEEN = "() => [window.__webgl.links, window.__webgl.draws, [...window.__webgl.pipelines]]"


def _drawn(page: Page) -> tuple[int, int, list[str]]:
    """Once the map's canvas shows and its three layer types have drawn, and nothing more has
    been compiled for a second and a half: what the watch saw."""
    chart = page.get_by_test_id("stDeckGlJsonChart")
    expect(chart.locator("canvas").first).to_be_visible(timeout=UI_DEADLINE_MS)
    page.wait_for_function("window.__webgl.pipelines.size >= 3", timeout=UI_DEADLINE_MS)
    page.wait_for_load_state("networkidle")
    seen = page.evaluate(SEEN)
    for _ in range(10):  # the labels wait for their font: a later draw, never a new program
        page.wait_for_timeout(1500)
        again = page.evaluate(SEEN)
        if again[0] == seen[0] and len(again[2]) == len(seen[2]):
            return again
        seen = again
    return seen


def test_the_map_and_the_plan_map_compile_three_pipelines(tmp_path):
    with serve_app(tmp_path) as url, chromium() as browser:
        page = browser.new_page(viewport=LAPTOP)
        page.add_init_script(WEBGL_WATCH)
        page.goto(url)
        page.get_by_test_id("stBaseButton-primary").filter(
            has_text=tr("scenario.open_button")
        ).click()
        expect(page.get_by_role("heading", name="tiny", exact=True)).to_be_visible(
            timeout=UI_DEADLINE_MS
        )
        page.evaluate("window.__webglReset()")
        go_to(page, tr("app.page.map"))
        links, draws, pipelines = _drawn(page)
        page.screenshot(path=str(tmp_path / "map.png"), full_page=True)
        assert (links, len(pipelines)) == (3, 3), pipelines  # lines, circles, labels
        assert draws >= 6  # park, network, nodes, enterprises, sites, labels

        go_to(page, tr("app.page.solve"))
        button = page.get_by_test_id("stBaseButton-primary").filter(has_text=tr("solve.go"))
        expect(button).to_be_enabled(timeout=UI_DEADLINE_MS)
        button.click()
        expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible(
            timeout=SOLVE_DEADLINE_MS
        )
        page.evaluate("window.__webglReset()")
        go_to(page, tr("app.page.results"))
        links, draws, pipelines = _drawn(page)
        page.screenshot(path=str(tmp_path / "results.png"), full_page=True)
        assert (links, len(pipelines)) == (3, 3), pipelines
        assert draws >= 6  # park, network, connections, enterprises, facilities, labels
