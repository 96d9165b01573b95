"""Files saved by Chinese Excel and Notepad: GB18030 and GBK (with or without a byte-order mark),
UTF-8 with its mark; names in Chinese read and drawn as written.

Before this, a GBK or GB18030 table was refused ("GBK and other encodings are not read"), so a
planner had to know to pick "CSV UTF-8" in Excel's save dialog.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from typer.testing import CliRunner

from optimizer import report_figures
from optimizer.checks import check
from optimizer.cli import app
from optimizer.export.html_report import plan_html
from optimizer.pipeline import optimise
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
NAMES = {"E1": "东方印刷", "E3": "金源食品有限公司", "E4": "新华电镀（苏州）"}
SITES = {"S1": "北区地块", "S2": "东区地块"}
#: GB18030's own byte-order mark (U+FEFF in GB18030).
GB18030_MARK = "\ufeff".encode("gb18030")


def _write_in(folder: Path, table: str, names: dict[str, str], encoding: str, mark: bytes) -> None:
    """Rewrite ``table``.csv with Chinese names, as Excel would save it in ``encoding``."""
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] in names:
            cells[1] = names[cells[0]]
        out.append(",".join(cells))
    path.write_bytes(mark + ("\r\n".join(out) + "\r\n").encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [
        ("gbk", b""),
        ("gb18030", b""),
        ("gb18030", GB18030_MARK),
        ("utf-8", b"\xef\xbb\xbf"),
    ],
    ids=["gbk", "gb18030", "gb18030-with-mark", "utf-8-with-mark"],
)
def test_tables_saved_by_chinese_excel_read_as_written(tiny, encoding, mark):
    _write_in(tiny.path, "enterprises", NAMES, encoding, mark)
    _write_in(tiny.path, "sites", SITES, encoding, mark)
    scenario = load_scenario(tiny.path)
    assert [p for p in check(scenario) if p.is_error] == []
    enterprises = scenario.tables["enterprises"].set_index("id")["name"]
    assert {key: enterprises[key] for key in NAMES} == NAMES
    assert enterprises["E2"] == "Hengli Metalwork"
    assert scenario.tables["enterprises"].columns[0] == "id"  # no mark left
    sites = scenario.tables["sites"].set_index("id")["name"]
    assert sites.to_dict() == SITES


def test_a_name_only_gb18030_has_reads_in_gb18030(tiny):
    """GB18030 holds characters GBK lacks (here U+9FA6 and a four-byte one); both are kept."""
    names = {"E1": "\u9fa6印刷", "E2": "金属\U00020000"}
    _write_in(tiny.path, "enterprises", names, "gb18030", b"")
    with pytest.raises(UnicodeEncodeError):
        "\U00020000".encode("gbk")
    frame = load_scenario(tiny.path).tables["enterprises"].set_index("id")["name"]
    assert frame["E1"] == names["E1"] and frame["E2"] == names["E2"]


def test_scenario_yaml_saved_by_chinese_notepad_reads(tiny):
    path = tiny.yaml_path
    text = path.read_text(encoding="utf-8").replace("Four enterprises", "四家企业")
    path.write_bytes(text.encode("gbk"))
    assert load_scenario(tiny.path).settings["description"].startswith("四家企业")


def test_a_file_in_no_encoding_read_is_one_problem_naming_the_file_and_the_encodings(tiny):
    """UTF-16 (Excel's "Unicode text") is neither UTF-8 nor GB18030: one problem, not a row each."""
    path = tiny.path / "enterprises.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    scenario = load_scenario(tiny.path)
    errors = [str(p) for p in check(scenario) if p.is_error]
    about_the_file = [e for e in errors if e.startswith("enterprises.csv")]
    assert len(about_the_file) == 1, errors
    (message,) = about_the_file
    assert message.startswith("enterprises.csv line 1: found bytes that are neither UTF-8 nor")
    assert "GB18030/GBK" in message and "UTF-8" in message and "save the file as" in message


def test_the_command_says_it_once(tiny):
    path = tiny.path / "sites.csv"
    path.write_bytes(path.read_bytes() + b"S3,\xff\xfe broken,120.6,31.3,P1,5000,optional,sewage\n")
    result = CliRunner().invoke(app, ["validate", str(tiny.path)])
    assert result.exit_code != 0
    assert result.output.count("sites.csv") == 1, result.output
    assert "neither UTF-8 nor GB18030" in result.output
    assert "line 4" in result.output


def test_a_yaml_file_in_no_encoding_read_is_refused_naming_it(tiny):
    tiny.yaml_path.write_bytes(b"name: tiny\n\xff\xfe\x00\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tiny.path)
    (problem,) = caught.value.errors
    assert str(problem).startswith("scenario.yaml line 2: found bytes that are neither UTF-8")


# -- names in Chinese in the report --------------------------------------------------------------
@pytest.fixture(scope="module")
def chinese_plan(tmp_path_factory):
    """tiny with its name, enterprises and sites in Chinese, saved by Chinese Excel (GBK)."""
    folder = tmp_path_factory.mktemp("chinese") / "tiny"
    shutil.copytree(SCENARIOS / "tiny", folder)
    _write_in(folder, "enterprises", NAMES, "gbk", b"")
    _write_in(folder, "sites", SITES, "gbk", b"")
    settings = folder / "scenario.yaml"
    settings.write_bytes(
        settings.read_text(encoding="utf-8").replace("name: tiny", "name: 苏州园区").encode("gbk")
    )
    return optimise(folder, allocation=None)


def _fc_list_has_chinese_sans() -> bool:
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return any(family in listed.stdout for family in report_figures.CJK_FAMILIES)


def test_the_installed_cjk_font_is_found_when_fontconfig_lists_one():
    """Debian's fonts-noto-cjk (installed by .ci/run) is found even when matplotlib's font list
    was made before it was installed."""
    found = report_figures.installed_cjk_family()
    assert (found is not None) == _fc_list_has_chinese_sans(), found
    if found is not None:
        assert found in report_figures.CJK_FAMILIES
        assert report_figures.text_settings(found)["font.family"][-1] == found


def test_chinese_names_are_drawn_as_text_with_chinese_fonts_named(chinese_plan):
    """Before, a name in Chinese warned once per glyph (an error under the test settings)."""
    svg = report_figures.network_svg(chinese_plan)
    assert "苏州园区" in svg
    families = set(re.findall(r"font-family: ([^;\"]*)", svg))
    assert families
    for listed in families:
        assert listed.startswith("'DejaVu Sans', ") and listed.endswith("'SimHei', sans-serif")
        assert "'Noto Sans CJK SC'" in listed and "'Microsoft YaHei'" in listed


def test_without_a_cjk_font_the_figures_are_drawn_without_a_warning_per_glyph(chinese_plan):
    with report_figures.plain_text(None):
        svg = report_figures.network_svg(chinese_plan)
        costs = report_figures.cost_breakdown_svg(chinese_plan)
    assert "苏州园区" in svg and "<svg" in costs
    assert "'Noto Sans CJK SC'" in svg  # the reader's browser still draws it in a Chinese font
    with report_figures.plain_text(None):
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            figure = Figure()
            figure.text(0, 0, "苏州园区")
            figure.savefig(io.BytesIO(), format="svg")
    assert any("missing from font" in str(w.message) for w in seen)  # what plain_text silences


def test_a_folder_without_cjk_fonts_has_none(tmp_path):
    assert report_figures.installed_cjk_family([tmp_path]) is None


def test_the_html_report_keeps_the_chinese_names(chinese_plan):
    html = plan_html(chinese_plan)
    assert '<meta charset="utf-8">' in html
    for name in ["苏州园区", *NAMES.values()]:
        assert name in html, name
