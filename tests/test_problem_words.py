"""A scenario's problems in both languages: each problem keeps its message ids and fields
(:mod:`optimizer.words.said`) and is said in a language when shown
(:mod:`optimizer.words.problem_text`); the English is what the checks wrote before, byte for byte,
and the Chinese says the same facts (the file, the line, the row's id, the column, the value as
written), which are never translated.
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from optimizer import schema
from optimizer.checks import check
from optimizer.coerce import expected, setting_expected
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario
from optimizer.schema.values import setting_value_problem
from optimizer.ui.editors import problems_frame
from optimizer.ui.grid_problems import row_problems
from optimizer.words.language import using_language
from optimizer.words.problem_text import problem_text, problems_summary
from optimizer.words.said import Said, spoken

REPO = Path(__file__).resolve().parent.parent
#: Latin words in a text (two letters or more).
LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_declared_expectation_reads_in_english_as_the_schema_says_it():
    """One wording of a column's or a setting's expectation: the catalogue's English is the
    schema's (the docs print the schema's), for every declaration."""
    for table in schema.TABLES.values():
        for column in table.columns:
            assert expected(column) == column.expectation(), (table.name, column.name)
    for setting in schema.SETTINGS:
        assert expected(setting) == setting.expectation(), setting.path
        with using_language("zh"):
            assert CJK.search(spoken(expected(setting))), setting.path


@pytest.fixture
def bad(tmp_path) -> Path:
    """tiny with a problem of each common kind: a cell that does not read, an unknown column, a
    duplicate id, an unknown reference, an empty required cell, an unknown setting."""
    folder = tmp_path / "bad"
    shutil.copytree(REPO / "scenarios" / "tiny", folder)
    demands = folder / "demands.csv"
    text = demands.read_text(encoding="utf-8")
    text = text.replace("E2,sewage,90,", "E2,sewage,lots,").replace("E3,", "E9,", 1)
    demands.write_text(text, encoding="utf-8")
    enterprises = folder / "enterprises.csv"
    lines = enterprises.read_text(encoding="utf-8").splitlines()
    lines[0] += ",colour"
    lines[1:] = [line + ",red" for line in lines[1:]]
    lines.append(lines[1])  # E1 twice
    enterprises.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = folder / "scenario.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "\nsubsidyrate: 0.2\n", encoding="utf-8"
    )
    return folder


def _problems(folder: Path):
    try:
        return check(load_scenario(folder))
    except ScenarioError as error:
        return list(error.problems)


def test_the_common_problems_say_their_facts_in_chinese_and_no_english_word(bad):
    problems = _problems(bad)
    english = [str(p) for p in problems]
    assert any("found 'lots', expected a number from 0 to 1e9" in t for t in english), english
    with using_language("zh"):
        chinese = {str(p): problem_text(p) for p in problems}
    kinds = {
        "'lots'": "demands.csv 第 3 行（编号 E2/sewage），列 demand_per_day：发现 'lots'，"
        "应为 0 到 1e9 之间的数字",
        "colour": "enterprises.csv，colour：发现 未声明的列，应为 enterprises 表已声明的列之一",
        "duplicate": "（编号 E1），列 id：发现 重复的编号 'E1'，应为 唯一的编号：第 2 行的 id 与此相同",
        "E9": "（编号 E9/sewage），列 enterprise：发现 'E9'，应为 enterprises.csv 中的编号（",
        "subsidyrate": "scenario.yaml 第",
    }
    for clue, said in kinds.items():
        found = [z for e, z in chinese.items() if clue in e]
        assert found and any(said in z for z in found), (clue, found)
    data = {"sewage", "demands", "csv", "demand_per_day", "lots", "enterprises", "yaml"}
    for english_text, text in chinese.items():
        if "subsidyrate" in english_text or "colour" in english_text:
            continue  # they list the declared names (data)
        left = set(LATIN.findall(re.sub(r"'[^']*'|\b\w*_\w*\b", "", text))) - data
        assert not left - {"id", "enterprise", "lat", "lon", "name", "sector", "service"}, text


def test_the_grid_marks_and_the_problems_table_are_in_chinese_with_the_facts(bad):
    problems = _problems(bad)
    scenario = load_scenario(bad)
    with using_language("zh"):
        marks = row_problems(problems, "demands", scenario.tables["demands"])
        frame = problems_frame(problems)
    assert "demand_per_day：发现 'lots'，应为 0 到 1e9 之间的数字" in marks[1], marks
    assert list(frame.columns) == ["级别", "位置", "行", "编号", "列", "问题"]
    assert set(frame["级别"]) <= {"错误", "警告"}
    english = problems_frame(problems)
    assert list(english.columns) == ["severity", "where", "row", "id", "column", "problem"]


def test_a_problem_keeps_its_words_across_a_process_boundary(bad):
    """The app's solve pool and batch workers pickle the problems: they come back sayable in
    any language, and equal to what was sent."""
    error = ScenarioError(_problems(bad))
    back = pickle.loads(pickle.dumps(error))
    assert [str(p) for p in back.problems] == [str(p) for p in error.problems]
    assert any(isinstance(p.found, Said) for p in back.problems)
    with using_language("zh"):
        assert problems_summary(back.problems) == problems_summary(error.problems)
        assert problems_summary(back.problems).startswith("情景中有 ")
    assert problems_summary(back.problems) == error.summary()  # English: as the error says it


def test_a_setting_value_is_expected_in_the_words_the_schema_checks_with():
    for setting in schema.SETTINGS:
        for value in ("x", -1, None, [1]):
            trouble = setting_value_problem(setting, value)
            if trouble is None:
                continue
            assert setting_expected(setting, value) == trouble, (setting.path, value)


def test_the_infeasibility_diagnosis_is_said_in_chinese_with_its_amounts():
    """The diagnosis of tests/test_diagnosis.py (a capital budget too small and a COD cap too
    low, either change alone enough), said in Chinese: the settings keys and the amounts as in
    English, the words in Chinese; pickled as the solve pool sends it."""
    from test_diagnosis import budget_and_cap_park, diagnosis

    scenario = budget_and_cap_park()
    problems = pickle.loads(pickle.dumps(diagnosis(scenario, "highs")))
    english = {p.column: str(p) for p in problems}
    assert "at least 2,000,000 CNY (1,000,000 CNY more)" in english["policy.capital_budget_cny"]
    with using_language("zh"):
        chinese = {p.column: problem_text(p) for p in problems}
    budget, cap = chinese["policy.capital_budget_cny"], chinese["pollutants.COD.cap_t_per_year"]
    assert budget.startswith(
        "scenario.yaml，policy.capital_budget_cny：发现 资本预算为 1,000,000 CNY"
    )
    assert (
        "应为 资本预算至少为 2,000,000 CNY（需增加 1,000,000 CNY）；这 2 项改动中任意一项单独即可"
        in budget
    )
    assert "COD 排放上限至少为 0.050 吨/年（需增加 0.020 吨/年）" in cap, cap


def test_the_checks_across_rows_are_said_in_chinese(tmp_path):
    """tiny with an edge from a node to itself, an enterprise at (0, 0) and a required site
    whose tiers do not fit its area: each problem in Chinese names the same file, id and column,
    and its words are Chinese (the names of the data aside)."""
    folder = tmp_path / "rows"
    shutil.copytree(REPO / "scenarios" / "tiny", folder)
    edges = folder / "edges.csv"
    lines = edges.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    lines.append(",".join([first[0], first[0], *first[2:]]))
    edges.write_text("\n".join(lines) + "\n", encoding="utf-8")
    enterprises = folder / "enterprises.csv"
    text = enterprises.read_text(encoding="utf-8")
    enterprises.write_text(text.replace("120.6150,31.3000", "0,0"), encoding="utf-8")
    sites = folder / "sites.csv"
    text = sites.read_text(encoding="utf-8")
    sites.write_text(text.replace("P1,5000,optional", "P1,1,required"), encoding="utf-8")
    problems = _problems(folder)
    with using_language("zh"):
        said = {p.column: problem_text(p) for p in problems}
    assert "发现 位置 (0, 0)，位于几内亚湾" in said["lon+lat"], said
    assert "（编号 E1），lon+lat" in said["lon+lat"] or "enterprises.csv 第 2 行" in said["lon+lat"]
    assert "的自环" in said["to_node"] and "不同于 from_node 的节点" in said["to_node"], said
    assert "没有放得下的规模档：最小的需要" in said["status"], said
    for text in said.values():
        bare = re.sub(r"'[^']*'|\b\w*[_.+/]\w*\b|\([^)]*\)", "", text)
        assert not set(LATIN.findall(bare)) - {"csv", "yaml", "km", "CNY", "id", "status"}, text


def test_demand_beyond_reach_and_capacity_is_said_in_chinese(tmp_path):
    """tiny with E1's demand 100,000 m3/d and E2 out of reach (max_distance_km 0.01), neither
    allowed to treat alone: the capacity and reach problems, with their ways out, in Chinese."""
    folder = tmp_path / "reach"
    shutil.copytree(REPO / "scenarios" / "tiny", folder)
    demands = folder / "demands.csv"
    text = demands.read_text(encoding="utf-8")
    text = text.replace("E1,sewage,60,1200000,15,59400,", "E1,sewage,100000,1200000,15,59400,false")
    demands.write_text(text, encoding="utf-8")
    problems = _problems(folder)
    english = [str(p) for p in problems if p.row_id == "E1/sewage"]
    assert any("at most" in t and "allow self-treatment for E1" in t for t in english), english
    with using_language("zh"):
        chinese = [problem_text(p) for p in problems if p.row_id == "E1/sewage"]
    assert any("允许 E1 自行处理" in t and "E1 必须共享处理的 100,000" in t for t in chinese), (
        chinese
    )
    settings = folder / "scenario.yaml"
    text = settings.read_text(encoding="utf-8").replace(
        "max_distance_km: 3.0", "max_distance_km: 0.01"
    )
    settings.write_text(text, encoding="utf-8")
    with using_language("zh"):
        far = [problem_text(p) for p in _problems(folder) if p.column == "enterprise"]
    assert any(
        "的可达范围内没有承接 sewage 的站点" in t
        and "提高 services.sewage.max_distance_km（当前为 0.01 km）" in t
        for t in far
    ), far


def says_both(problems: list, english: tuple[str, ...], chinese: tuple[str, ...]) -> list[str]:
    """Assert each ``english`` text is in a problem as ``str`` says it and each ``chinese`` text
    in one as said in Chinese; the problems in Chinese."""
    written = "\n".join(str(p) for p in problems)
    for text in english:
        assert text in written, (text, written)
    with using_language("zh"):
        said = [problem_text(p) for p in problems]
    for text in chinese:
        assert any(text in t for t in said), (text, said)
    return said


def _refused(path: Path) -> list:
    """The problems of a path that does not open (raised), or of the scenario it opens."""
    try:
        return check(load_scenario(path))
    except ScenarioError as error:
        return list(error.problems)


def test_the_readers_problems_are_said_in_chinese(tmp_path):
    """What the scenario readers find (broken YAML, a file in no encoding read, a table written
    with semicolons, a missing table, a workbook without its settings sheet, no such path): in
    English as before, in Chinese with the same facts (the file, the line, the values as
    written) and Chinese words around them. Before: English inside the Chinese sentence."""
    broken = tmp_path / "broken"
    shutil.copytree(REPO / "scenarios" / "tiny", broken)
    (broken / "scenario.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    damaged = tmp_path / "damaged"
    shutil.copytree(REPO / "scenarios" / "tiny", damaged)
    (damaged / "edges.csv").write_bytes(b"from_node,to_node\nS1\n\xff\xfe\n")
    sites = damaged / "sites.csv"
    sites.write_text(sites.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    (damaged / "demands.csv").unlink()
    workbook = tmp_path / "book.xlsx"
    import pandas as pd

    pd.DataFrame({"a": [1]}).to_excel(workbook, sheet_name="notes", index=False)
    problems = [
        *_refused(broken),
        *_refused(damaged),
        *_refused(workbook),
        *_refused(tmp_path / "nowhere"),
    ]
    english = (
        "scenario.yaml line 2: found a syntax error (",
        "), expected valid YAML",
        "edges.csv line 3: found bytes that are neither UTF-8 nor GB18030 (UTF-8 stops at byte "
        "22: invalid start byte), expected text in UTF-8 (Excel's 'CSV UTF-8', with or without "
        "its mark) or in GB18030/GBK (Chinese Excel's 'CSV'): save the file as 'CSV UTF-8'",
        "sites.csv: found a header with no comma ('id;name;lon;lat",
        "expected cells separated by commas (','), with '.' in decimals: save the table as "
        "'CSV UTF-8 (comma delimited)'",
        "demands.csv: found no such file, expected the demands table (",
        "book.xlsx: found sheets notes, expected a sheet named 'settings'",
        "nowhere: found nothing at that path, expected a scenario folder (with scenario.yaml) "
        "or an .xlsx workbook",
    )
    chinese = (
        "scenario.yaml 第 2 行：发现 语法错误（",
        "），应为 有效的 YAML",
        "edges.csv 第 3 行：发现 既不是 UTF-8 也不是 GB18030 的字节（UTF-8 解码在第 22 个字节处停止",
        # the codec's own words, kept and quoted as the decoder's
        "UTF-8 解码在第 22 个字节处停止（解码器的原话：invalid start byte）",
        "应为 UTF-8 编码的文本（Excel 的 'CSV UTF-8'，带或不带字节顺序标记）或 GB18030/GBK",
        "sites.csv：发现 没有逗号的表头（'id;name;lon;lat",
        "应为 以逗号（','）分隔的单元格，小数点为 '.'：请将表另存为 'CSV UTF-8（逗号分隔）'",
        "demands.csv：发现 没有此文件，应为 demands 表（每家企业按服务分列的待处理量",
        "book.xlsx：发现 工作表 notes，应为 名为 'settings' 的工作表",
        "：发现 该路径下什么也没有，应为 情景文件夹（含 scenario.yaml）或 .xlsx 工作簿",
    )
    says_both(problems, english, chinese)
    kept = {"UTF", "GB", "GBK", "CSV", "Excel", "YAML", "csv", "yaml", "xlsx", "notes", "nowhere"}
    kept.add("demands")  # the table's name, in "the demands table (its description)"
    ours = [p for p in problems if getattr(p.expected, "key", "").startswith("read.")]
    assert len(ours) >= 6, ours
    with using_language("zh"):
        ours = [problem_text(p) for p in ours]
    for text in ours:
        if "语法错误" in text or "UTF-8 解码" in text:
            continue  # PyYAML's and Python's own words (not ours)
        bare = re.sub(r"'[^']*'|\b\w*[_.+/]\w*\b", "", text.replace(str(tmp_path), ""))
        assert not set(LATIN.findall(bare)) - kept, text


def test_the_variants_and_what_ifs_problems_are_said_in_chinese():
    """A variant of the wrong shape, a misspelt variant key, a variant combining itself, an
    unknown variant and a what-if's factor that does not read: English as before, in Chinese
    the same names and values with Chinese words. Before: English inside the Chinese sentence."""
    from optimizer.overrides.variants import variant_overrides, variant_problems
    from optimizer.overrides.whatif import join, scale

    variants = {
        "a": {"combine": ["a"]},
        "b": [1],
        "c": {"overides": {}},
        "d": {"combine": 5},
        "e": {"overrides": {"tiers.capexcny": 2}},
    }
    problems = variant_problems(variants)
    for refused in (
        lambda: variant_overrides(variants, "subsidy-4O"),
        lambda: scale("E040:sewage=lots"),
        lambda: join({"enterprize": []}),
    ):
        with pytest.raises(ScenarioError) as error:
            refused()
        problems += error.value.problems
    english = (
        "variants.a.combine: found a -> a, expected variants that do not combine themselves",
        "variants.b: found a list, expected a mapping with overrides (and description, combine)",
        "variants.c.overides: found an unknown key of a variant, expected did you mean "
        "'overrides'? one of ",
        "variants.d.combine: found 5, expected a list of variant names ([subsidy-40, dear-capex])",
        "variants: found unknown variant 'subsidy-4O', expected a variant declared under "
        "variants (a, b, c, d, e)",
        "variants.e.overrides: found 'tiers.capexcny': table tiers has no column 'capexcny', "
        "expected did you mean 'tiers.capex_cny'",
        "--scale: found 'E040:sewage=lots', expected ENTERPRISE:SERVICE=FACTOR or "
        "ENTERPRISE=FACTOR with a factor of 0 or more (E040:sewage=2)",
        "enterprize: found an unknown table, expected did you mean 'enterprises'",
    )
    chinese = (
        "variants.a.combine：发现 a -> a，应为 不组合自身的变体",
        "variants.b：发现 列表，应为 含 overrides 的映射（以及 description, combine）",
        "variants.c.overides：发现 变体的未知键，应为 是否应为 'overrides'？以下之一：",
        "variants.d.combine：发现 5，应为 变体名称的列表（[subsidy-40, dear-capex]）",
        "variants：发现 未知的变体 'subsidy-4O'，应为 在 variants 下声明的变体（a, b, c, d, e）",
        "variants.e.overrides：发现 'tiers.capexcny'：表 tiers 没有列 'capexcny'，应为 是否应为 "
        "'tiers.capex_cny'",
        "tiers 的列之一（site, service, tier, ",
        "--scale：发现 'E040:sewage=lots'，应为 ENTERPRISE:SERVICE=FACTOR 或 ENTERPRISE=FACTOR，"
        "系数为 0 或更大（E040:sewage=2）",
        "enterprize：发现 未知的表，应为 是否应为 'enterprises'",
        "一个表（enterprises, ",
    )
    says_both(problems, english, chinese)


def test_two_variants_changing_one_setting_are_said_in_chinese(tmp_path):
    """A combination of two variants setting the same key, and overrides of a misspelt key, of
    a service not declared, of rows no selector matches and of a value that does not read: in
    English as before, in Chinese with the keys, names and values as written."""
    folder = tmp_path / "both"
    shutil.copytree(REPO / "scenarios" / "tiny", folder)
    settings = folder / "scenario.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + "\nvariants:\n  f: {overrides: {policy.subsidy_rate: 0.3}}\n"
        + "  g: {overrides: {policy.subsidy_rate: 0.4}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as error:
        load_scenario(folder, "f,g")
    (problem,) = error.value.problems
    assert str(problem) == (
        "scenario.yaml, variants.g.overrides: found 'policy.subsidy_rate' set by both 'f' and "
        "'g', expected one change per setting or cell in a combination: drop "
        "'policy.subsidy_rate' from 'f' or 'g' (never a silent last-wins)"
    )
    overrides = {
        "tiers.capexcny": 2,
        "services.sewag.unit": "m3",
        "tiers[service=spraying].capex_cny": 1,
        "tiers.capex_cny": "lots",
    }
    with pytest.raises(ScenarioError) as error:
        load_scenario(folder).with_overrides(overrides)
    problems = [problem, *error.value.problems]
    english = (
        "no service 'sewag' is declared, expected a service declared under services (",
        "'tiers[service=spraying].capex_cny': no row of tiers matches [service=spraying], "
        "expected a key that names a row of tiers",
        "'lots' is not valid for tiers.capex_cny, expected a number",
    )
    chinese = (
        "：没有声明服务 'sewag'，应为 在 services 下声明的服务（",
        "'tiers[service=spraying].capex_cny'：tiers 中没有与 [service=spraying] 相符的行，应为 指向 tiers 中现有行的键",
        "'lots' 不是 tiers.capex_cny 的有效值，应为 ",
    )
    said = says_both(problems, english, chinese)
    assert said[0] == (
        "scenario.yaml，variants.g.overrides：发现 'policy.subsidy_rate' 同时被 'f' 和 'g' 设置，"
        "应为 组合中每项设置或每个单元格只改一次：请从 'f' 或 'g' 中去掉 'policy.subsidy_rate'"
        "（绝不悄悄以后者为准）"
    ), said
    assert "tiers.capexcny：发现 'tiers.capexcny'：表 tiers 没有列 'capexcny'" in said[1], said


def test_a_name_of_the_wrong_letters_says_its_kind_in_chinese(tmp_path):
    """A service named with a space under policy.max_facilities: the kind of name (service) is
    said in Chinese too. Before: 'service' inside the Chinese sentence."""
    import yaml

    folder = tmp_path / "named"
    shutil.copytree(REPO / "scenarios" / "tiny", folder)
    settings = folder / "scenario.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    data.setdefault("policy", {})["max_facilities"] = {"sew age": 1}
    settings.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    english = ("found the service name 'sew age', expected a service name of letters, digits",)
    chinese = ("发现 服务名称 'sew age'，应为 只含字母、数字、'_' 和 '-' 的服务名称",)
    says_both(_problems(folder), english, chinese)
