"""English and Simplified Chinese: every message and every declared name has both, with the
same placeholders; the language is picked by argument (the HTML report, the SME page), by
``--language`` on the command line and by the app's switch; English stays as it was.

The catalogue is :mod:`optimizer.words.catalogue` (``MESSAGES`` by id, ``TERMS`` by the English
of a declaration); the selection is :mod:`optimizer.words.language`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.export import export_plan, write_outputs
from optimizer.export.html_report import plan_html
from optimizer.export.sme_html import sme_html
from optimizer.origin import SOURCE_WORDS
from optimizer.pipeline import optimise
from optimizer.plan_columns import TABLE_COLUMNS
from optimizer.scenario import load_scenario
from optimizer.schema import SETTINGS, TABLES, Column, Setting, Table
from optimizer.words import (
    COST_ALONE_BAR,
    COST_PARTS,
    COST_TOTAL_BAR,
    KPI_LABELS,
    KPI_SHORT,
    kpi_label,
    status_sentence,
    verdict_card,
    would_leave_line,
)
from optimizer.words.catalogue import (
    MESSAGES,
    PARTS,
    SCHEMA_COLUMN_TITLES,
    SCHEMA_DESCRIPTIONS,
    SCHEMA_TABLES,
    TERMS,
    placeholders,
    scenario_description,
    term,
    tr,
)
from optimizer.words.language import (
    CHINESE,
    ENGLISH,
    LANGUAGES,
    current_language,
    language_of,
    using_language,
)

REPO = Path(__file__).resolve().parent.parent
#: A Chinese character or a full-width punctuation mark (``；``, ``（``).
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Two Latin letters in a row outside a placeholder: English words left in a Chinese text (the
#: abbreviations a Chinese text keeps as they are are listed).
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
#: (and the names of the encodings and of Excel's menus, as Chinese Excel shows them: 'CSV UTF-8').
KEPT_AS_IS = {"Shapley", "CNY", "km", "YAML", "mg", "CSV", "UTF", "GB", "GBK", "Excel"}


def _letters(text: str, data: set[str] = frozenset()) -> set[str]:
    """The Latin words of a text, its placeholders (``{service}``, ``<service>``), file suffixes
    (``.xlsx``) and the words of the scenario's own ``data`` (names, services, the rule) left out."""
    bare = re.sub(r"\{[^}]*\}|<[a-z]+>|\.[a-z]+\b", "", text)
    return set(ENGLISH_WORD.findall(bare)) - KEPT_AS_IS - data


#: The values a planner writes that a description's Chinese keeps as they are: the declared
#: choices (``required``, ``highs``) and the keys of a list setting's items (a stream's ``name``,
#: ``ratio``, ``to``).
SCHEMA_VALUES = {
    *(v for t in TABLES.values() for c in t.columns for v in (*c.choices, *c.list_of)),
    *(choice for s in SETTINGS for choice in s.choices),
    *(s.path.split("[].")[1] for s in SETTINGS if "[]." in s.path),
}
#: The products a description names (a coordinate system, the solvers' makers' spelling).
NAMED_PRODUCTS = {"WGS", "HiGHS", "Pyomo"}


def _english_left(chinese: str, english: str) -> set[str]:
    """The English words of a schema description's Chinese, bar the data its ``english``
    names, kept as it is: a name with ``_``, ``.``, ``/`` or quotes (``_cny``,
    ``scenario.yaml``, ``docs/model.md``, ``'auto'``), each whole, and the values and products
    above where the English says them too."""
    tokens = re.findall(r"'[^']*'|[\w./]+", english)
    for token in sorted((t.rstrip(".") for t in tokens), key=len, reverse=True):
        if re.search(r"[_./']", token):
            chinese = chinese.replace(token, " ")
    named = set(ENGLISH_WORD.findall(english)) & (SCHEMA_VALUES | NAMED_PRODUCTS)
    return _letters(chinese, named)


def data_words(plan) -> set[str]:
    """The Latin words of a plan's own data: its label, enterprise and site names and ids, its
    services, its cost-sharing rule (shown as they are in every language)."""
    texts = [plan.label, str(plan.kpis.get("allocation_rule", ""))]
    for frame, columns in (
        (plan.statement, ("enterprise", "enterprise_name", "service", "facility")),
        (plan.facilities, ("site", "site_name", "service", "tier")),
        (plan.assignments, ("enterprise", "enterprise_name", "service", "site")),
    ):
        for column in columns:
            if column in frame:
                texts += frame[column].astype(str).tolist()
    return set(ENGLISH_WORD.findall(" ".join(texts)))


# ---------------------------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_texts_with_the_same_placeholders(key):
    english, chinese = MESSAGES[key]
    assert english.strip() and chinese.strip(), key
    assert placeholders(english) == placeholders(chinese), key
    left = _english_left(chinese, english) if key in SCHEMA_DESCRIPTIONS else _letters(chinese)
    assert not left, f"{key}: English words in the Chinese: {chinese!r}"
    if _letters(english):
        assert CJK.search(chinese), f"{key}: the Chinese has no Chinese: {chinese!r}"


def test_no_message_id_is_declared_twice():
    """The catalogue's modules are merged into one table: an id in two of them would silently
    take one text."""
    assert sum(len(part) for part in PARTS) == len(MESSAGES)


def test_english_plurals_come_in_pairs():
    ones = {k[: -len(".one")] for k in MESSAGES if k.endswith(".one")}
    manys = {k[: -len(".many")] for k in MESSAGES if k.endswith(".many")}
    assert ones == manys


@pytest.mark.parametrize("english", sorted(TERMS))
def test_every_term_has_its_chinese_with_the_same_placeholders(english):
    chinese = TERMS[english]
    assert chinese.strip(), english
    assert placeholders(english) == placeholders(chinese), english
    assert not _letters(chinese), f"{english!r}: English words in the Chinese: {chinese!r}"
    if _letters(english):
        assert CJK.search(chinese), f"{english!r}: the Chinese has no Chinese: {chinese!r}"


def _declared_names() -> set[str]:
    """Every name declared in English that a face shows: plan-table columns (titles, units,
    notes), cost parts, KPIs, the sources of a plan."""
    names = {COST_TOTAL_BAR, COST_ALONE_BAR, *COST_PARTS.values(), *KPI_SHORT.values()}
    names |= set(SOURCE_WORDS.values())
    for key, label in KPI_LABELS.items():
        if not key.startswith("cost_breakdown."):  # worded from the cost part's own name
            names |= {label.label, label.unit}
    for columns in TABLE_COLUMNS.values():
        for column in columns:
            names |= {column.title, column.unit, column.note}
    return {n for n in names if n}


def test_every_declared_name_has_its_chinese():
    missing = sorted(n for n in _declared_names() if n not in TERMS)
    assert not missing, f"no Chinese for: {missing}"


def test_every_setting_table_and_scenario_column_has_its_chinese():
    names = {n for s in SETTINGS for n in (s.title, s.unit) if n}
    names |= {c.unit for t in TABLES.values() for c in t.columns if c.unit}
    assert not sorted(n for n in names if n not in TERMS)
    assert set(SCHEMA_TABLES) == set(TABLES)
    for title in SCHEMA_TABLES.values():
        assert CJK.search(title) and not _letters(title), title


def _undescribed(tables, settings) -> list[str]:
    """The descriptions of these tables, their columns and these settings that have no
    Chinese."""
    declared = [t.description for t in tables] + [c.description for t in tables for c in t.columns]
    declared += [s.description for s in settings]
    return [d for d in declared if d not in SCHEMA_DESCRIPTIONS]


def test_every_description_the_schema_declares_has_its_chinese():
    """Each table's, column's and setting's description has a Chinese text, which holds Chinese
    and no English word but the data it names (``scenario.yaml``, ``discount_rate``,
    ``required``, ``'auto'``); the catalogue holds no description the schema no longer
    declares."""
    assert not _undescribed(TABLES.values(), SETTINGS)
    declared = {t.description for t in TABLES.values()} | {s.description for s in SETTINGS}
    declared |= {c.description for t in TABLES.values() for c in t.columns}
    assert set(SCHEMA_DESCRIPTIONS) == declared
    for english, (same, chinese) in SCHEMA_DESCRIPTIONS.items():
        assert same == english
        assert CJK.search(chinese) and chinese.endswith(("。", "？")), chinese
        assert not _english_left(chinese, english), (english, chinese)
        with using_language(CHINESE):
            assert scenario_description(english) == chinese
        assert scenario_description(english) == english


def test_a_new_declaration_without_its_chinese_fails_the_check():
    """A table, a column and a setting declared tomorrow without a Chinese description are
    named by the check above; a description keeps no English word but its data."""
    column = Column("tonnes_cny", "float", "A column declared tomorrow.")
    table = Table("tomorrow", "A table declared tomorrow.", (column,), ("tonnes_cny",))
    setting = Setting("policy.tomorrow", "float", "A setting declared tomorrow.")
    missing = _undescribed([*TABLES.values(), table], [*SETTINGS, setting])
    assert missing == [
        "A table declared tomorrow.",
        "A column declared tomorrow.",
        "A setting declared tomorrow.",
    ]
    english = "Subsidy rate for one service, overriding policy.subsidy_rate."
    assert not _english_left("单项服务的补贴比例，优先于 policy.subsidy_rate。", english)
    assert _english_left("单项 service 的 subsidy 比例，优先于 policy.subsidy_rate。", english) == {
        "service",
        "subsidy",
    }
    assert _english_left("经度（WGS84 坐标）。", "Longitude.") == {"WGS"}
    assert _english_left("求解器：highs。", "Solver: highs.") == set()
    assert _english_left("求解器：highs。", "Solver.") == {"highs"}


@pytest.mark.parametrize(
    "table, column",
    [(t.name, c.name) for t in TABLES.values() for c in t.columns],
)
def test_every_scenario_column_has_a_title_in_both_languages(table, column):
    """The grids, the reference and the change sentences head a column by its declared title
    (English) and the title's Chinese (the catalogue), never by its name in the file."""
    title = TABLES[table].column(column).title
    assert title.strip() and title != column and "_" not in title, (table, column, title)
    assert title in TERMS, f"{table}.{column}: no Chinese for its title {title!r}"
    assert CJK.search(TERMS[title]) and not _letters(TERMS[title]), TERMS[title]
    with using_language(CHINESE):
        assert term(title) == TERMS[title]


def test_a_title_in_two_term_lists_has_one_chinese():
    """The term lists are merged into one table: an English name in two of them with two
    Chinese texts would silently take one."""
    from optimizer.words.catalogue.chrome import CHROME_TERMS
    from optimizer.words.catalogue.schema_terms import SCHEMA_TERMS
    from optimizer.words.catalogue.terms import _WORDS

    parts = (_WORDS, SCHEMA_TERMS, SCHEMA_COLUMN_TITLES, CHROME_TERMS)
    for i, one in enumerate(parts):
        for other in parts[i + 1 :]:
            clashes = {k for k in set(one) & set(other) if one[k] != other[k]}
            assert not clashes, clashes


def test_every_kpi_reads_in_chinese():
    with using_language(CHINESE):
        for key in KPI_LABELS:
            label = kpi_label(key).label
            assert CJK.search(label) and not _letters(label), (key, label)
        assert kpi_label("facilities_by_service.sewage").label == "设施：污水处理"
        assert kpi_label("facilities_by_service.ozone").label == "设施：ozone"  # not named
        # a KPI is not named by a counter word: the count of SMEs read "家" (the unit of SMEs)
        units = {term(unit) for unit in ("SMEs", "facilities")}
        assert not [k for k in KPI_LABELS if kpi_label(k).label in units]
        assert kpi_label("smes").label == "园区中小企业"


# ---------------------------------------------------------------------------------------------
# Picking a language
# ---------------------------------------------------------------------------------------------


def test_a_language_is_picked_by_tag_or_alias_and_an_unknown_one_is_refused():
    assert set(LANGUAGES) == {ENGLISH, CHINESE}
    assert [language_of(x) for x in ("en", "zh", "ZH-cn", "zh-Hans", None)] == [
        "en",
        "zh-Hans",
        "zh-Hans",
        "zh-Hans",
        "en",
    ]
    with pytest.raises(ValueError, match="unknown language 'de': expected one of en, zh-Hans"):
        language_of("de")


def test_using_a_language_ends_with_the_block():
    assert current_language() == ENGLISH
    with using_language("zh"):
        assert tr("report.h.map") == "地图" and term("Capex") == "资本支出"
    assert current_language() == ENGLISH
    assert tr("report.h.map") == "Map" and term("Capex") == "Capex"


def test_the_verdict_and_the_status_read_in_chinese():
    kpis = {
        "smes_would_leave": 1,
        "allocation_rule": "stable",
        "smes_paying_more_than_alone": 1,
        "min_subsidy_to_keep_all": 30,
        "facilities_core_empty": 1,
        "min_subsidy_at": "A (sewage)",
    }
    english = would_leave_line(kpis)
    with using_language(CHINESE):
        line = would_leave_line(kpis)
        card = verdict_card(kpis)
        status = status_sentence({"status": "time limit", "gap": 0.031})
    assert english.startswith("1 under stable cost sharing: 1 pays more than alone")
    assert line == (
        "按 stable 成本分摊有 1 家：1 家比自行处理付得更多；在 A (sewage)，任何成本分摊方案都无法留住所有"
        "成员；使之可行的最小补贴为 30.00 CNY/年"
    )
    assert card[:2] == ("成本分摊（stable）", "1 家中小企业会退出")
    assert status == "在时间上限处停止；方案与最优下界的差距在 3.100% 以内"


# ---------------------------------------------------------------------------------------------
# The HTML report and the SME page
# ---------------------------------------------------------------------------------------------


class _Texts(HTMLParser):
    """The text of each heading, table header, card heading and caption of a page, and its
    ``<html lang>``."""

    WANTED = ("h1", "h2", "th", "figcaption", "title")

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.found: dict[str, list[str]] = {tag: [] for tag in (*self.WANTED, "card", "p")}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if tag in (*self.WANTED, "p") or (tag == "div" and attrs.get("class") == "k"):
            self._open.append("card" if tag == "div" else tag)
            self.found[self._open[-1]].append("")

    def handle_endtag(self, tag):
        if self._open and (tag == self._open[-1] or (tag == "div" and self._open[-1] == "card")):
            self._open.pop()

    def handle_data(self, data):
        if self._open:
            self.found[self._open[-1]][-1] += data


def texts_of(page: str) -> _Texts:
    parser = _Texts()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def tiny_plan():
    """``scenarios/tiny`` solved with the default rule (a statement, a shared plant)."""
    return optimise(load_scenario(REPO / "scenarios" / "tiny"))


ENGLISH_HEADINGS = (
    "Map",
    "Annual cost",
    "Facilities",
    "What each SME pays",
    "Cost sharing by facility",
    "Summary figures",
    "Solver and provenance",
)


def test_the_chinese_report_has_chinese_headings_cards_and_columns_and_no_english_heading(
    tiny_plan,
):
    page = texts_of(plan_html(tiny_plan, language="zh"))
    assert page.lang == "zh-Hans"
    assert page.found["h1"] == [f"共享设施规划方案：{tiny_plan.label}"]
    headings = page.found["h2"]
    assert headings[:3] == ["地图", "年化成本", "设施"]
    assert "各中小企业的费用" in headings and "汇总数据" in headings
    data = data_words(tiny_plan)
    for text in headings + page.found["card"] + page.found["figcaption"]:
        assert CJK.search(text) and not _letters(text, data), text
    assert not set(ENGLISH_HEADINGS) & set(headings)
    declared = [h for h in page.found["th"] if "_" not in h]  # undeclared columns keep names
    assert declared and all(CJK.search(h) for h in declared), declared
    assert "站点" in page.found["th"] and "资本支出 (CNY)" in page.found["th"]
    assert page.found["title"] == [f"方案 {tiny_plan.label}"]


def test_the_english_report_is_the_default_and_keeps_its_words(tiny_plan):
    default = plan_html(tiny_plan)
    assert default == plan_html(tiny_plan, language="en")
    page = texts_of(default)
    assert page.lang == "en"
    assert page.found["h2"][:3] == ["Map", "Annual cost", "Facilities"]
    assert "Site" in page.found["th"] and not CJK.search(default.split("<svg")[0])


def test_the_chinese_sme_page_reads_in_chinese(tiny_plan):
    page = texts_of(sme_html(tiny_plan, ["E1"], language="zh-Hans"))
    assert page.lang == "zh-Hans"
    assert page.found["title"] == [f"E1 的费用：{tiny_plan.label}"]
    assert page.found["card"] == ["您支付", "自行处理", "您节省"]
    assert page.found["h2"] and page.found["p"]
    data = data_words(tiny_plan)
    for text in page.found["h1"] + page.found["h2"] + page.found["p"] + page.found["th"]:
        assert CJK.search(text) and not _letters(text, data), text
    assert page.found["h2"] == ["污水处理：位于 S1（North plot） 的共享设施"]
    english = texts_of(sme_html(tiny_plan, ["E1"]))
    assert english.lang == "en" and english.found["card"] == [
        "You pay",
        "On your own",
        "Your saving",
    ]


def test_the_data_files_stay_in_english_whatever_the_language(tiny_plan, tmp_path):
    from openpyxl import load_workbook

    with using_language(CHINESE):
        written = export_plan(tiny_plan, "xlsx", tmp_path / "plan.xlsx")
        report = export_plan(tiny_plan, "html", tmp_path / "plan.html")
    headers = [c.value for c in next(load_workbook(written)["Facilities"].iter_rows())]
    assert "Site" in headers and not any(CJK.search(str(h)) for h in headers)
    assert '<html lang="zh-Hans">' in report.read_text(encoding="utf-8")
    folder = write_outputs(tiny_plan, tmp_path / "out", ["html"], language="zh")
    assert '<html lang="zh-Hans">' in folder[1].read_text(encoding="utf-8")
    assert not CJK.search(folder[0].read_text(encoding="utf-8"))  # plan.json


runner = CliRunner()


def test_the_command_line_writes_html_and_pages_in_the_language_asked(tiny_plan, tmp_path):
    saved = write_outputs(tiny_plan, tmp_path / "plan")[0]
    result = runner.invoke(
        app,
        ["export", str(saved), "-f", "html", "-o", str(tmp_path / "r.html"), "--language", "zh"],
    )
    assert result.exit_code == 0, result.output
    assert '<html lang="zh-Hans">' in (tmp_path / "r.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["statement", str(saved), "-e", "E1", "--language", "zh"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("E1") and "您的处理费用" in result.output
    assert "what you pay" not in result.output
    english = runner.invoke(app, ["statement", str(saved), "-e", "E1"])
    assert "what you pay for treatment" in english.output
    refused = runner.invoke(app, ["statement", str(saved), "-e", "E1", "--language", "fr"])
    assert refused.exit_code == 2 and "fr" in refused.output


LANGUAGE_HTML = ("--formats", "html", "--language", "zh")


def test_solve_writes_its_html_report_in_the_language_asked(tmp_path):
    out = tmp_path / "plan"
    result = runner.invoke(
        app,
        ["solve", str(REPO / "scenarios" / "tiny"), "--out", str(out), *LANGUAGE_HTML],
    )
    assert result.exit_code == 0, result.output
    (report,) = out.glob("*.html")
    assert '<html lang="zh-Hans">' in report.read_text(encoding="utf-8")


def test_the_edits_read_in_chinese_with_the_tables_and_columns_titled():
    from optimizer.compare_inputs import change_sentence

    changed = {
        "change": "row changed",
        "table": "demands",
        "key": "E3/sewage",
        "column": "demand_per_day",
        "old": 40.0,
        "new": 10,
    }
    removed = {"change": "row removed", "table": "enterprises", "key": "E4", "new": None}
    setting = {"change": "setting changed", "key": "policy.subsidy_rate", "old": None, "new": 0.4}
    assert change_sentence(changed) == "demands E3/sewage: demand_per_day 40 → 10"
    with using_language(CHINESE):
        assert change_sentence(changed) == "需求 E3/sewage：日需求量 40 → 10"
        assert change_sentence(removed) == "企业：删除 E4"
        assert change_sentence(setting) == "设置 policy.subsidy_rate：（空） → 0.4"
