"""The comparison in English and Simplified Chinese: the app's Compare page (Streamlit's AppTest),
the comparison's HTML and Markdown files (from the library and ``optimizer compare --language
zh``), with the words of their notes, headlines and tables' cells said in the language shown;
the xlsx stays in English, and English stays as it was.

The plans are ``scenarios/tiny`` and two of its overrides worked out in ``tests/test_compare.py``:
``no-S1`` closes S1 and sends E1 and E2 back to treating alone (both pay more), ``cheap-large``
resizes S1 and moves E3 from ``self`` to S1.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_compare import split_park
from test_languages import CJK, _letters, data_words, texts_of
from typer.testing import CliRunner

from optimizer.cli import app as cli
from optimizer.compare import Comparison, compare_plans
from optimizer.export.comparison import comparison_html, comparison_markdown, write_comparison
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.scenario import load_scenario
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import CHINESE, ENGLISH, set_language, using_language
from optimizer.words.said import spoken

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
OVERRIDES = {
    "no-S1": {"sites[S1].status": "forbidden"},
    "cheap-large": {"tiers[tier=large].capex_cny": 900000},
}
#: Words of the data a comparison shows as they are: the units as declared (``m3``), the tiers.
UNITS = {"m3", "small", "large"}


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    tiny = load_scenario(REPO / "scenarios" / "tiny")
    out = {"base": optimise(tiny)}
    out.update({name: optimise(tiny.with_overrides(o)) for name, o in OVERRIDES.items()})
    return out


@pytest.fixture(scope="module")
def comparison(plans) -> Comparison:
    return compare_plans(list(plans.values()), labels=list(plans))


def data_of(plans) -> set[str]:
    """The Latin words of the plans' own data (ids, names, services, tiers, labels, the values
    of the inputs as written: a site's status ``optional``)."""
    words = set().union(*(data_words(p) for p in plans.values()))
    inputs = compare_plans(list(plans.values())).input_changes[["old", "new"]]
    written = " ".join([*plans, *inputs.astype(str).to_numpy().ravel()])
    return words | set(re.findall(r"[A-Za-z]{2,}", written)) | UNITS


def english_in(texts, data: set[str]) -> list[str]:
    """The texts holding English words other than the data's and those Chinese keeps."""
    return [t for t in texts if _letters(str(t), data)]


# ---------------------------------------------------------------------------------------------
# The app's Compare page
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path, monkeypatch, plans) -> AppTest:
    """The app with the three plans uploaded on the Compare page (in Chinese) and all three
    chosen, base first."""
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(CHINESE).run()
    at.switch_page("optimizer/ui/pages/compare.py").run()
    files = [
        (f"{name}.json", p.to_json().encode(), "application/json") for name, p in plans.items()
    ]
    at.file_uploader(key="compare:upload").set_value(files).run()
    at.multiselect(key="compare:plans").set_value([f"{n}.json (uploaded)" for n in plans]).run()
    assert not at.exception, [e.value for e in at.exception]
    yield at
    set_language(ENGLISH)


def page_texts(at: AppTest) -> list[str]:
    """Every text the Compare page shows: headings, notes, captions, tiles, buttons, labels,
    the tables' column titles and cells."""
    texts = [e.value for kind in ("title", "markdown", "caption", "info") for e in at.get(kind)]
    texts += [m.label for m in at.metric] + [m.value for m in at.metric]
    texts += [b.proto.label for b in at.get("download_button")]
    texts += [w.label for w in (*at.multiselect, *at.get("file_uploader"))]
    for frame in at.dataframe:
        texts += [str(c.get("label", "")) for c in _columns(frame).values()]
        texts += [str(v) for v in frame.value.to_numpy().ravel() if not pd.isna(v)]
    return texts


def _columns(frame) -> dict[str, dict]:
    import json

    return json.loads(frame.proto.columns)


def test_the_compare_page_reads_in_chinese_bar_the_data(app, plans):
    texts = page_texts(app)
    names = {"json", "uploaded"}  # the plans' names in the app: "base.json (uploaded)"
    assert english_in(texts, data_of(plans) | names) == []
    notes = [i.value.replace("\\", "") for i in app.info]  # shown as Markdown, escaped
    assert notes[0] == "基准方案：base.json (uploaded)（求解器：最优（已证明））。"
    captions = "\n".join(c.value.replace("\\", "") for c in app.caption)
    assert "同一情景（tiny）：0 项设置和 1 个表格行不同" in captions
    facilities = next(f.value for f in app.dataframe if "tier_before" in f.value.columns)
    assert set(facilities["change"]) == {"关闭", "调整规模"} and set(facilities["unit"]) == {
        "m3/日"
    }
    moved = next(f.value for f in app.dataframe if "from" in f.value.columns)
    assert "自行处理" in set(moved["from"]) | set(moved["to"])
    costs = next(f.value for f in app.dataframe if "outcome" in f.value.columns)
    assert list(costs["outcome"])[:2] == ["付得更多", "付得更多"]  # no-S1: E2, E1
    shown = next(f.value for f in app.dataframe if "kpi" in f.value.columns)
    assert "年化总成本" in set(shown["kpi"])
    assert any(str(v).endswith("个百分点") for v in shown.to_numpy().ravel())


def test_the_compare_page_in_english_keeps_its_words(app, plans):
    app.sidebar.selectbox(key=LANGUAGE_KEY).set_value(ENGLISH).run()
    notes = [i.value.replace("\\", "") for i in app.info]  # shown as Markdown, escaped
    assert notes[0] == "Reference plan: base.json (uploaded) (solver: optimal (proven))."
    costs = next(f.value for f in app.dataframe if "outcome" in f.value.columns)
    assert list(costs["outcome"])[:2] == ["pays more", "pays more"]
    assert not any(CJK.search(t) for t in page_texts(app) if t)


# ---------------------------------------------------------------------------------------------
# The comparison's files
# ---------------------------------------------------------------------------------------------


def file_texts(page: str) -> list[str]:
    found = texts_of(page).found
    return [t for tag in ("h1", "h2", "th", "title", "p") for t in found[tag]]


def cells_of(page: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>|<li>([^<]*)</li>", page)


def test_the_comparison_html_is_in_chinese_from_the_library(comparison, plans, tmp_path):
    page = write_comparison(comparison, tmp_path / "c.html", CHINESE).read_text(encoding="utf-8")
    assert '<html lang="zh-Hans">' in page
    assert texts_of(page).found["h1"] == ["方案比较：base 对比 no-S1 对比 cheap-large"]
    data = data_of(plans)
    shown = file_texts(page) + [a or b for a, b in cells_of(page)]
    assert english_in(shown, data) == []
    assert "no-S1 对比 base：2 家中小企业付得更多，没有企业付得更少，2 家费用不变。" in page
    assert "<td>关闭</td>" in page and "<td>付得更多</td>" in page
    english = comparison_html(comparison)
    assert '<html lang="en">' in english and not CJK.search(english)
    assert "no-S1 against base: 2 SMEs pay more, none pays less, 2 pay the same." in english


def test_the_comparison_markdown_is_in_chinese_and_the_xlsx_in_english(comparison, tmp_path):
    markdown = write_comparison(comparison, tmp_path / "c.md", CHINESE).read_text(encoding="utf-8")
    assert markdown.startswith("# 方案比较：base 对比 no-S1 对比 cheap-large\n")
    assert (
        "## 关键指标" in markdown
        and "| 行已修改 | 站点 | S1 | 状态 | optional | forbidden |" in markdown
    )
    with using_language(CHINESE):  # the app's run in Chinese: the workbook stays as it is
        book = pd.read_excel(write_comparison(comparison, tmp_path / "c.xlsx"), sheet_name=None)
    assert next(iter(book)) == "SMEs" and "pays more" in set(book["SME costs"]["Outcome"])
    assert not any(CJK.search(str(h)) for sheet in book.values() for h in sheet.columns)
    assert book["Notes"].iloc[0, 0] == spoken(comparison.sme_headlines[0])


def test_a_comparison_made_in_chinese_is_the_same_data(plans):
    """The comparison the app makes in Chinese holds the same tables and sentences as in
    English: only their showing follows the language."""
    english = compare_plans(list(plans.values()), labels=list(plans))
    with using_language(CHINESE):
        chinese = compare_plans(list(plans.values()), labels=list(plans))
    for name, frame in english.tables().items():
        pd.testing.assert_frame_equal(frame, chinese.tables()[name], obj=name)
    assert chinese.notes == english.notes and chinese.headlines == english.headlines


def test_the_app_offers_the_comparison_html_in_the_language_shown(comparison):
    from optimizer.ui import downloads

    page = downloads.comparison_bytes(comparison, ".html", CHINESE).decode("utf-8")
    assert '<html lang="zh-Hans">' in page and "<h2>关键指标</h2>" in page
    assert '<html lang="en">' in downloads.comparison_bytes(comparison, ".html").decode("utf-8")
    assert downloads.comparison_bytes(comparison, ".xlsx", CHINESE)[:2] == b"PK"


def test_optimizer_compare_writes_its_report_in_the_language_asked(plans, tmp_path):
    files = []
    for name in ("base", "no-S1"):
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(plans[name].to_json(), encoding="utf-8")
    runner = CliRunner()
    for suffix in (".html", ".md"):
        out = tmp_path / f"c{suffix}"
        result = runner.invoke(
            cli, ["compare", *map(str, files), "-o", str(out), "--language", "zh"]
        )
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "方案比较：" in text and "谁付得更多，谁付得更少" in text and "付得更多" in text
    assert '<html lang="zh-Hans">' in (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "Reference plan: " in result.output  # the lines printed stay in English
    default = tmp_path / "d.html"
    result = runner.invoke(cli, ["compare", *map(str, files), "-o", str(default)])
    assert result.exit_code == 0 and not CJK.search(default.read_text(encoding="utf-8"))


def test_plans_of_different_scenarios_and_a_split_read_in_chinese():
    """Against a hand-made park whose one SME A splits 2/3 to S and 1/3 to T (tests/test_compare.py):
    the headline names the two scenarios, tiny's rows are removed, A's destination reads by part."""
    split = split_park().with_overrides({"solver.single_sourcing": False})
    tiny = optimise(load_scenario(REPO / "scenarios" / "tiny"), allocation=None)
    comparison = compare_plans([tiny, optimise(split)], labels=["tiny", "park"])
    markdown = comparison_markdown(comparison, CHINESE)
    assert "情景不同：tiny 与 hand-made" in markdown
    assert "| park | A | A | sewage | （无） | S 67% + T 33% |" in markdown
    assert "| park | E3 | Jinyuan Foods | sewage | 自行处理 | （无） |" in markdown
    assert (
        "| 行已删除 | 企业 | E1 |  | 编号=E1，名称=Dongfang Printing，行业=printing，" in markdown
    )
    assert "| 已不在 | 仅自身费用（不含设施分摊） |" in markdown and "| 新增 |" in markdown
    english = comparison_markdown(comparison)
    assert (
        "different scenarios: tiny vs hand-made" in english
        and "| row removed | enterprises | E1 |" in english
    )
