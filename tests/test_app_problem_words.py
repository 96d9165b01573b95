"""A scenario's problems in the app's language (Streamlit's headless AppTest): the Scenario
page's list of problems, its heading and the grid's Problems column say in Chinese where the
problem is (the file's table, the row's id, the column) and what was found (the value as
written) and expected; in English they read as before, byte for byte.

The scenario is ``typo``: tiny with E2's demand written ``9O`` (a letter O for a zero).
"""

from __future__ import annotations

import re
import shutil

from test_app_grid import editor_of, folder, grids, opened  # noqa: F401  (folder is a fixture)

from optimizer.ui.editors import PROBLEMS

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_bad_cell_is_listed_and_marked_in_chinese_with_its_facts(folder):  # noqa: F811
    """Before: the list, its heading and the grid's mark were English in Chinese mode."""
    at = opened("typo", "zh-Hans")
    editor_of(at, "demands")  # the table's own list of problems shows in its open tab
    errors = [e.value for e in at.error]
    listed = "\n".join(errors)
    assert "**1 个错误**\n- demands（编号" in listed, errors
    assert "**1 个错误（需求）**\n- demands（编号" in listed, errors
    assert (
        "- demands（编号 E2/sewage），列 demand\\_per\\_day：发现 '9O'，"
        "应为 0 到 1e9 之间的数字" in listed
    ), listed
    assert "found" not in listed and "expected" not in listed and "error" not in listed
    mark = grids(at)["demands"].value[PROBLEMS].tolist()[1]
    assert mark == "demand_per_day：发现 '9O'，应为 0 到 1e9 之间的数字", mark


def test_in_english_the_same_problem_reads_as_before(folder):  # noqa: F811
    at = opened("typo")
    editor_of(at, "demands")
    listed = "\n".join(e.value for e in at.error)
    line = "- demands \\(id E2/sewage\\), column demand\\_per\\_day: found '9O', expected a number"
    assert f"**1 error**\n{line} from 0 to 1e9" in listed, listed
    assert f"**1 error in demands**\n{line} from 0 to 1e9" in listed, listed
    mark = grids(at)["demands"].value[PROBLEMS].tolist()[1]
    assert mark == "demand_per_day: found '9O', expected a number from 0 to 1e9"


def test_switching_the_language_rewords_problems_already_found(folder):  # noqa: F811
    """The problems are checked once per version of the scenario: switched after the check,
    they are said again in the new language (they keep their message ids and fields)."""
    at = opened("typo")
    assert "found '9O'" in "\n".join(e.value for e in at.error)
    from optimizer.ui.language import LANGUAGE_KEY

    at.sidebar.selectbox(key=LANGUAGE_KEY).set_value("zh-Hans")
    at.run()
    listed = "\n".join(e.value for e in at.error)
    assert "发现 '9O'，应为 0 到 1e9 之间的数字" in listed, listed
    assert CJK.search(grids(at)["demands"].value[PROBLEMS].tolist()[1])


def test_a_scenario_that_does_not_open_says_why_in_chinese(folder):  # noqa: F811
    """A stored scenario whose scenario.yaml is not YAML: opened in Chinese, the page lists the
    reader's problem in Chinese with its facts (the file, the line). Before: the reader's
    expectation and finding were English inside the Chinese sentence."""
    shutil.copytree(folder / "tiny", folder / "broken")
    (folder / "broken" / "scenario.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    at = opened("broken", "zh-Hans")
    listed = "\n".join(e.value for e in at.error)
    assert "scenario.yaml 第 2 行：发现 语法错误" in listed, listed
    assert "应为 有效的 YAML" in listed and "valid YAML" not in listed, listed
    english = "\n".join(e.value for e in opened("broken").error)
    assert "scenario.yaml line 2: found a syntax error" in english, english
    assert "expected valid YAML" in english, english


def test_a_variants_unreadable_key_and_bad_setting_value_are_said_in_chinese(folder):  # noqa: F811
    """A variant whose override key does not parse and one whose setting's value does not fit:
    the Scenario page lists both in Chinese, the key and the values as written. Before: "cannot
    read the override key ..." and "a number from 0 to 1" were English in the Chinese list."""
    shutil.copytree(folder / "tiny", folder / "odd")
    settings = folder / "odd" / "scenario.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + 'variants:\n  odd:\n    overrides:\n      "po licy": 1\n'
        + "  dear:\n    overrides:\n      policy.subsidy_rate: 3\n",
        encoding="utf-8",
    )
    listed = "\n".join(e.value for e in opened("odd", "zh-Hans").error)
    assert "发现 'po licy'：无法读取覆盖键 'po licy'，应为 有效的覆盖键" in listed, listed
    assert "将为 3，应为 0 到 1 之间的数字" in listed, listed
    assert "cannot read" not in listed and "would be" not in listed, listed
    english = "\n".join(e.value for e in opened("odd").error)
    assert "found 'po licy': cannot read the override key 'po licy'" in english, english
    assert "would be 3, expected a number from 0 to 1" in english, english
