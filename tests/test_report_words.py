"""The HTML report's "Solver and provenance" list and the verification's difference sentences,
in English and Simplified Chinese: labels in words (not the plan's keys, which stay in each
label's ``title``), values formatted by their kind (a gap as a percentage, seconds with their
unit, amounts to the cent in the plan's currency), and a difference said in the language shown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from test_languages import CJK, _letters, data_words

from optimizer.export.html_report import plan_html
from optimizer.pipeline import optimise
from optimizer.scenario import load_scenario
from optimizer.words.language import CHINESE, using_language
from optimizer.words.verification import difference_sentence

REPO = Path(__file__).resolve().parent.parent
#: An item of the list: its key (the title), its label, its value.
ITEM = re.compile(r'<dt title="([^"]*)">([^<]*)</dt><dd>([^<]*)</dd>')
#: A raw float as Python prints it: more than six digits after the point, or an exponent.
RAW_FLOAT = re.compile(r"\d\.\d{7,}|\d\.?\d*e-\d\d")


@pytest.fixture(scope="module")
def plan():
    """tiny, solved, with the gap of the issue (7.302557618883265e-05) in its solver report."""
    solved = optimise(load_scenario(REPO / "scenarios" / "tiny"))
    return replace(solved, solver={**solved.solver, "gap": 7.302557618883265e-05})


def provenance(page: str) -> dict[str, tuple[str, str]]:
    """The list's items by key: (label, value)."""
    listed = page.rsplit("<dl>", 1)[1].split("</dl>", 1)[0]  # the last list of the page
    return {key: (label, value) for key, label, value in ITEM.findall(listed)}


@pytest.mark.parametrize("language", ["en", CHINESE])
def test_the_provenance_list_reads_in_words_with_formatted_values(plan, language):
    items = provenance(plan_html(plan, language=language))
    assert {"solver.gap", "solver.seconds", "provenance.input_hash"} <= set(items)
    labels = [label for label, _ in items.values()]
    assert not [label for label in labels if label in items], "a label is a key"
    assert not [v for _, v in items.values() if RAW_FLOAT.search(v)], "a raw float"
    gap, seconds = items["solver.gap"][1], items["solver.seconds"][1]
    assert gap == "0.007%"
    assert re.fullmatch(r"\d+\.\d\d (s|秒)", seconds), seconds
    assert items["solver.objective"][1] == (
        "506,679.75 CNY/year" if language == "en" else "506,679.75 CNY/年"
    )
    if language == CHINESE:
        data = data_words(plan) | {"highs", "python", "pyomo", "highspy", "pandas", "networkx"}
        data |= {"shared", "facility", "optimizer", "tiny", "stable", "auto"}
        assert [label for label in labels if not CJK.search(label)] == []
        assert [label for label in labels if _letters(label, data)] == []
        assert items["solver.has_solution"][1] == "是"
        assert items["provenance.timings_s.solve"][0] == "用时：求解"
    else:
        assert items["solver.gap"][0] == "Relative gap to the best bound"
        assert items["provenance.source.kind"] == ("Source", "the scenario folder")


def test_a_note_the_solve_kept_as_words_reads_in_the_language_of_the_list():
    """The re-solve's reason and what became of its reserve are kept as words' ids and facts
    (English as text): the list says them in its language, under a label of their own."""
    from typing import NamedTuple

    from optimizer.solvers.loads import BrokenCap, resolve_reason
    from optimizer.words.provenance import provenance_rows

    class Item(NamedTuple):
        key: str
        label: str
        value: object

    items = [Item("solver.resolved", "", resolve_reason(BrokenCap("COD", None, 85.545)))]
    items.append(Item("solver.reserve", "", ""))
    english = provenance_rows(items, "CNY", {})
    assert english[0].value.startswith("the best plan's loads, followed along its streams")
    assert english[1].label == "Time kept for a re-solve"
    with using_language(CHINESE):
        chinese = provenance_rows(items, "CNY", {})
    assert CJK.search(chinese[0].value) and not _letters(chinese[0].value, {"COD"})
    assert chinese[1].label == "为重新求解预留的时间"


CAPACITY = {
    "kind": "rule",
    "what": "capacity",
    "where": "S1/sewage",
    "expected": 600.0,
    "found": 620.0,
    "unit": "m3/d",
    "note": "above the limit",
}
FIGURE = {
    "kind": "figure",
    "what": "facilities.fixed_om",
    "where": "S03/sewage",
    "expected": 120000.0,
    "found": 120001.0,
    "unit": "CNY/year",
}


def test_a_difference_reads_in_chinese():
    english = difference_sentence(CAPACITY)
    with using_language(CHINESE):
        rule = difference_sentence(CAPACITY)
        figure = difference_sentence(FIGURE, "CNY")
    assert english == (
        "rule broken: capacity (a facility's load within its tier's capacity) at S1/sewage: "
        "expected at most 600 m3/d, found 620 m3/d; above the limit"
    )
    assert rule == (
        "违反规则：capacity（设施负荷不超过其规模档的处理能力），位于 S1/sewage："
        "应至多为 600 m3/日，实为 620 m3/日；超出上限"
    )
    assert figure == (
        "数据不符：facilities.fixed_om，位于 S03/sewage：应为 120,000.00 CNY/年，"
        "实为 120,001.00 CNY/年"
    )


def test_every_rule_the_verifier_names_has_its_words_in_both_languages():
    from optimizer.words.verification import RULE_WORDS, rule_words

    for rule, english in RULE_WORDS.items():
        assert rule_words(rule) == english
        with using_language(CHINESE):
            assert CJK.search(rule_words(rule) or ""), rule
