"""The Explore page in Chinese (Streamlit's headless AppTest, solves inline on a copy of
``scenarios/tiny``): the alternatives' table, their labels and downloads, the leave-one-out
table and its downloads, the what-if's label, and the upload errors, with no English word left
bar the scenario's own data; the plans' labels are made in the language shown and are then the
plans' data. Before, each of these was English in Chinese mode (docs/languages.md)."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from optimizer.pipeline import optimise
from optimizer.scenario import load_scenario
from optimizer.ui import downloads, uploads
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.pages.scenario import SOURCES
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import CHINESE, ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
PAGE = "optimizer/ui/pages/explore.py"
TINY = load_scenario(REPO / "scenarios" / "tiny")

#: Two Latin letters in a row: an English word (or a name of the data).
WORD = re.compile(r"[A-Za-z]{2,}")
#: Kept as they are in a Chinese text (docs/languages.md), the units of sizes, and the language
#: switch's own name of English.
KEPT = {"CNY", "CSV", "MB", "English"}
#: A Chinese character.
CJK = re.compile(r"[\u3400-\u9fff]")


def data_words() -> set[str]:
    """The Latin words of tiny's own data (ids, names, sectors, services, nodes, tiers) and its
    label: shown as they are in every language."""
    texts = [TINY.label]
    for frame in TINY.tables.values():
        for column in frame.columns:
            if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
                texts += frame[column].dropna().astype(str).tolist()
    return set(WORD.findall(" ".join(texts)))


DATA = data_words()


def english_in(texts: list[str]) -> list[str]:
    """The texts that hold an English word (file suffixes such as ``.xlsx`` left out)."""
    return [t for t in texts if set(WORD.findall(re.sub(r"\.[a-z]+\b", "", str(t)))) - KEPT - DATA]


@pytest.fixture
def app(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "tiny")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    at = check(AppTest.from_file(str(APP), default_timeout=180).run())
    yield at
    set_language(ENGLISH)


def check(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def in_chinese(at: AppTest) -> AppTest:
    at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(CHINESE)
    check(at.run())
    set_language(CHINESE)  # AppTest formats a widget's options again in the test's own thread
    return at


def open_tiny(at: AppTest) -> AppTest:
    at.selectbox(key="open:name").set_value("tiny")
    return check(at.button(key="open:folder").click().run())


def solve(at: AppTest) -> AppTest:
    check(at.switch_page("optimizer/ui/pages/solve.py").run())
    return check(at.button(key="solve:go").click().run())


def explore(at: AppTest) -> AppTest:
    return check(at.switch_page(PAGE).run())


def page_texts(at: AppTest) -> list[str]:
    """What the page says: titles, headings, captions, notes, alerts, the labels of its buttons
    and inputs and their options."""
    texts = [e.value for kind in ("title", "header", "subheader", "caption") for e in at.get(kind)]
    texts += [e.value for kind in ("info", "warning", "error", "success") for e in at.get(kind)]
    texts += [b.label for b in at.button] + [b.proto.label for b in at.get("download_button")]
    for box in [*at.selectbox, *at.multiselect]:
        texts += [box.label, *box.options]
    texts += [n.label for n in at.number_input]
    return [t for t in texts if t]


def table_texts(frame: pd.DataFrame, config: dict) -> list[str]:
    """A table's column titles and the cells of its text columns."""
    texts = [c.get("label", "") for c in config.values()]
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            texts += frame[column].dropna().astype(str).tolist()
    return [t for t in texts if t]


def shown_table(at: AppTest, column: str) -> tuple[pd.DataFrame, dict]:
    """The shown table that has ``column``, and its column configuration (titles) by column."""
    element = next(d for d in at.dataframe if column in d.value.columns)
    return element.value, json.loads(element.proto.columns)


def html_texts(page: str) -> list[str]:
    """The text of an HTML page, tag by tag (its style sheet left out)."""
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return [t.strip() for t in re.split(r"<[^>]+>", body) if t.strip()]


def test_the_alternatives_read_in_chinese_their_labels_made_in_chinese(app):
    """Within 25% tiny has two plans: the least cost and S1 + S2. In Chinese their labels are
    Chinese (the plans' data from then on: the map's picker, the plan kept), the table's cells
    say what changes and the status in Chinese (sites and services as the scenario names them),
    and the page has no English word left bar the data."""
    explore(in_chinese(open_tiny(app)))
    app.number_input(key="explore:within").set_value(25.0)
    check(app.button(key="explore:alternatives:go").click().run())
    found = app.session_state["explore:alternatives"][1]
    assert [p.label for p in found.plans] == ["最低成本", "备选方案 1"]
    table, config = shown_table(app, "changes")
    assert table["plan"].tolist() == ["最低成本", "备选方案 1"]
    assert table["changes"].tolist() == ["设施不变", "+S2 sewage"]
    assert set(table["status"]) == {"最优"}
    assert english_in(page_texts(app) + table_texts(table, config)) == []
    assert app.selectbox(key="explore:alternative").options == ["最低成本", "备选方案 1"]
    check(app.button(key="explore:keep:最低成本").click().run())
    assert [e.name for e in app.session_state["sfo.plans"]] == ["#1 最低成本"]


def test_the_alternatives_report_downloads_in_chinese_and_the_workbook_in_english(app):
    """The HTML is a report: in the language shown (its title, notes, headers and cells); the
    workbook is data, read back and used in formulas: English, as the command line writes it,
    with the plans' labels as they were made."""
    explore(in_chinese(open_tiny(app)))
    app.number_input(key="explore:within").set_value(25.0)
    check(app.button(key="explore:alternatives:go").click().run())
    found = app.session_state["explore:alternatives"][1]
    page = downloads.alternatives_download(found, ".html", "tiny", CHINESE).decode()
    assert '<html lang="zh-Hans">' in page
    texts = html_texts(page)
    assert "tiny 的备选方案" in texts
    assert (
        "在最低成本（506,679.75 CNY/年）的 25.0% 以内找到 1 个备选方案；没有其他方案在 25.0% 以内。"
        in texts
    )
    assert {"设施不变", "+S2 sewage", "备选方案 1"} <= set(texts)
    assert english_in(texts) == []
    book = load_workbook(
        io.BytesIO(downloads.alternatives_download(found, ".xlsx", "tiny", CHINESE))
    )
    notes = [row[0].value for row in book["Notes"].iter_rows()]
    assert notes[0] == "Alternatives of tiny"
    assert notes[1].startswith("1 alternative within 25.0% of the least cost (506,679.75 CNY/year)")
    rows = [[c.value for c in row] for row in book["Alternatives"].iter_rows()]
    assert "Opened (+) and closed (-) (against the least-cost plan)" in rows[0]
    assert [row[1] for row in rows[1:]] == ["最低成本", "备选方案 1"]  # the labels: data
    assert "same facilities" in rows[1]


def test_the_leave_one_out_reads_in_chinese_and_its_report_downloads_in_chinese(app):
    """tiny's plan: E1 and E2 share S1. Each leaving, the other is treated alone or at S1 with
    E3; the table's statuses and places are Chinese, as is its HTML; its workbook is the command
    line's, in English."""
    explore(in_chinese(solve(open_tiny(app))))
    check(app.button(key="explore:loo:go").click().run())
    frame = app.session_state["explore:leave_one_out"][1]
    table, config = shown_table(app, "leaving")
    assert set(table["status"]) == {"最优"}
    assert set(frame["status"]) == {"optimal"}  # the facts, as the command line writes them
    places = dict(zip(table["member"], table["now_at"], strict=True))
    assert places["E2"] == "S1/sewage"
    alone = frame.set_index("member").loc["E1", "now_at"]
    assert places["E1"] == alone.replace("self", "自行处理")
    assert english_in(page_texts(app) + table_texts(table, config)) == []
    label = app.session_state["sfo.plans"][0].plan.label
    page = downloads.leave_one_out_bytes(frame, ".html", label, "CNY", CHINESE).decode()
    texts = html_texts(page)
    assert '<html lang="zh-Hans">' in page and f"{label} 的逐一退出分析" in texts
    assert "最优" in texts and english_in(texts) == []
    book = load_workbook(
        io.BytesIO(downloads.leave_one_out_bytes(frame, ".xlsx", label, "CNY", CHINESE))
    )
    assert book["Notes"]["A1"].value == f"Leave-one-out of {label}"
    assert "optimal" in [c.value for c in book["Leave-one-out"]["C"]]


def test_a_what_if_solved_in_chinese_is_labelled_in_chinese(app):
    explore(in_chinese(solve(open_tiny(app))))
    app.multiselect(key="explore:whatif:leave").set_value(["E1"])
    check(app.button(key="explore:whatif:go").click().run())
    new, _ = app.session_state["explore:whatif:result"][1]
    assert new.label == "tiny 假设分析"
    check(app.button(key="explore:whatif:keep").click().run())
    assert [e.name for e in app.session_state["sfo.plans"]] == ["#1 tiny", "#2 tiny 假设分析"]


def test_a_plan_upload_that_is_not_a_plan_says_why_in_chinese_naming_the_file(app):
    check(in_chinese(app).switch_page("optimizer/ui/pages/results.py").run())
    app.file_uploader(key="results:upload").set_value(
        ("evil.json", b'{"format": "pickle"}', "application/json")
    ).run()
    check(app.button(key="results:upload:go").click().run())
    errors = [e.value for e in app.error]
    assert errors == [
        "evil.json：不是可读取的方案（不是方案文件（其 'format' 不是 'shared-facility-plan'））"
    ]
    app.file_uploader(key="results:upload").set_value(
        ("broken.json", b'{"format": ', "application/json")
    ).run()
    check(app.button(key="results:upload:go").click().run())
    (error,) = [e.value for e in app.error]
    assert error.startswith("broken.json 第 1 行：不是有效的 .json 内容（") and CJK.search(error)


def test_a_zip_that_is_not_a_scenario_says_why_in_chinese_naming_the_file(app):
    in_chinese(app)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/readme.txt", "x")
    app.radio(key="open:source").set_value(SOURCES[2]).run()  # a zipped scenario folder
    app.file_uploader(key="open:zip").set_value(
        ("notes.zip", buffer.getvalue(), "application/zip")
    ).run()
    check(app.button(key="open:zip:go").click().run())
    (error,) = [e.value for e in app.error]
    assert error.startswith("notes.zip 中没有 scenario.yaml（"), error
    facts = error.replace("scenario.yaml", "").replace("notes.zip", "")  # the files' names
    assert english_in([facts]) == [], error


def test_in_english_the_upload_errors_read_as_before(app):
    check(app.switch_page("optimizer/ui/pages/results.py").run())
    app.file_uploader(key="results:upload").set_value(
        ("evil.json", b'{"format": "pickle"}', "application/json")
    ).run()
    check(app.button(key="results:upload:go").click().run())
    assert [e.value for e in app.error] == [
        "evil.json: not a readable plan (not a plan file (its 'format' is not "
        "'shared-facility-plan'))"
    ]


def test_every_upload_refusal_is_said_in_the_language_shown_naming_the_file(tmp_path):
    """Made once (in English, as ``str`` gives it outside the app), said in Chinese when shown:
    a join file of another kind, an upload too large, an archive entry that climbs out, a
    workbook that is not one."""

    def refusal(call) -> uploads.UploadError:
        with pytest.raises(uploads.UploadError) as caught:
            call()
        return caught.value

    plan = optimise(TINY)
    join = refusal(lambda: uploads.whatif_from_uploads(plan, [("rows.txt", b"x")]))
    big = refusal(lambda: uploads.check_size("big.xlsx", b"x" * 11, uploads.Limits(10)))
    climbing = io.BytesIO()
    with zipfile.ZipFile(climbing, "w") as archive:
        archive.writestr("../escape.txt", "x")
    escape = refusal(lambda: uploads.safe_extract("evil.zip", climbing.getvalue(), tmp_path))
    book = refusal(lambda: uploads.scenario_from_upload("park.xlsx", b"not a workbook"))
    assert str(join) == "rows.txt: expected a join file (.yaml, .yml, .csv, .xlsx), found a .txt"
    assert (
        str(escape)
        == "evil.zip: entry refused, its path '../escape.txt' climbs out of the folder with '..'"
    )
    set_language(CHINESE)
    try:
        said = [str(error) for error in (join, big, escape, book)]
    finally:
        set_language(ENGLISH)
    assert said[0] == "rows.txt：应为加入企业的文件（.yaml, .yml, .csv, .xlsx），发现的是 .txt 文件"
    assert said[1] == "big.xlsx 为 0.0 MB（11 字节）；上传文件最大为 10 字节"
    assert said[2] == "evil.zip：条目被拒绝，其路径 '../escape.txt' 用 '..' 跳出了所在文件夹"
    assert said[3].startswith("park.xlsx 无法作为 .xlsx 工作簿打开（")
