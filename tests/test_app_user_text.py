"""User text is never rendered as Markdown or HTML in the app: a scenario name holding a Markdown
image, enterprise names holding HTML and a service whose name is Markdown bold (``__bold__``, in
the letters a service name may have) are shown as written, on every page and in the tooltips,
before and after a solve (Streamlit's headless AppTest reads what each element would render)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
IMAGE = "![pixel](http://evil.example/track.png)"
HTML = '<img src="http://evil.example/x.png">'
PAGES = ("scenario", "map", "solve", "results", "compare", "explore")
#: A service name that Markdown shows in bold (a service name is letters, digits, _ and -).
SERVICE = "__bold__"


@pytest.fixture
def hostile_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    settings_path = folder / "tiny" / "scenario.yaml"
    settings = yaml.safe_load(settings_path.read_text(encoding="utf-8"))
    settings["name"] = f"tiny {IMAGE}"
    settings["description"] = f"see {IMAGE} and **bold**"
    settings_path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    names = folder / "tiny" / "enterprises.csv"
    lines = names.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("name")] = HTML.replace('"', "")
    lines[1] = ",".join(cells)
    names.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for table in (folder / "tiny").iterdir():  # the service renamed wherever it is written
        table.write_text(table.read_text(encoding="utf-8").replace("sewage", SERVICE), "utf-8")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    return folder


def rendered(at: AppTest) -> list[str]:
    """The Markdown source of every element that renders Markdown (markdown, captions, alerts,
    titles), where raw user text would become an image or HTML."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header")
    kinds += ("subheader",)
    out = []
    for kind in kinds:
        out += [str(e.value) for e in getattr(at, kind)]
        out += [str(e.value) for e in getattr(at.sidebar, kind)]
    return out


def assert_not_rendered(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    for text in rendered(at):
        assert "![pixel](http" not in text, text  # would fetch the outside image
        assert "<img" not in text, text  # would be HTML
        assert "**bold**" not in text, text
        assert SERVICE not in text, text  # the service's name would be bold
    for metric in at.metric:  # a tile's tooltip is Markdown too
        assert SERVICE not in metric.help, metric.help
    widgets = ("number_input", "text_input", "text_area", "checkbox", "selectbox", "toggle")
    for kind in (*widgets, "multiselect", "radio"):  # labels and their tooltips are Markdown
        for widget in getattr(at, kind):
            assert SERVICE not in str(widget.label), widget.label
            assert SERVICE not in str(widget.help or ""), widget.help


def test_user_text_is_shown_as_written_on_every_page(hostile_folder):
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.selectbox(key="open:name").set_value("tiny")
    at.button(key="open:folder").click().run()
    assert_not_rendered(at)
    assert "evil.example" in "\n".join(rendered(at))  # the name is shown, escaped
    for page in PAGES:
        at.switch_page(f"optimizer/ui/pages/{page}.py").run()
        assert_not_rendered(at)
    at.switch_page("optimizer/ui/pages/solve.py").run()
    at.button(key="solve:go").click().run()
    at.switch_page("optimizer/ui/pages/results.py").run()
    tooltips = [metric.help for metric in at.metric]
    assert any(SERVICE.replace("_", "\\_") in tip for tip in tooltips), tooltips  # escaped
    for page in PAGES:
        at.switch_page(f"optimizer/ui/pages/{page}.py").run()
        assert_not_rendered(at)
