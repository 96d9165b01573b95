"""The schema's descriptions of its tables, columns and settings in the language shown: inside
the problems that cite them ("at least one row (...)", "a column named ... (...)", a missing
table, a required setting, an optional table of a header only), in the settings fields' help
and the columns' header help. English as before, byte for byte; in Chinese the description's
Chinese text (:data:`optimizer.words.catalogue.SCHEMA_DESCRIPTIONS`), looked up when the problem
is said, not when it is found.

The catalogue's completeness (every declaration has its Chinese, with no English word but its
data) is checked in ``tests/test_languages.py``.
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from optimizer.checks import check
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario
from optimizer.schema import TABLES
from optimizer.ui.grid_columns import column_help
from optimizer.ui.setting_fields import setting_fields
from optimizer.words.language import CHINESE, using_language
from optimizer.words.problem_text import problem_text
from optimizer.words.said import Described, spoken

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def problems(tmp_path_factory) -> list:
    """tiny with no enterprises (a header only), demands without their demand_per_day column,
    no cost_year, a distances table of a header only; and tiny without demands.csv."""
    folder = tmp_path_factory.mktemp("described") / "tiny"
    shutil.copytree(REPO / "scenarios" / "tiny", folder)
    enterprises = folder / "enterprises.csv"
    enterprises.write_text(enterprises.read_text(encoding="utf-8").splitlines()[0] + "\n")
    demands = folder / "demands.csv"
    rows = [line.split(",") for line in demands.read_text(encoding="utf-8").splitlines()]
    gone = rows[0].index("demand_per_day")
    demands.write_text("\n".join(",".join(r[:gone] + r[gone + 1 :]) for r in rows) + "\n")
    settings = folder / "scenario.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^cost_year:.*\n", "", text), encoding="utf-8")
    (folder / "distances.csv").write_text("enterprise,site,distance_km\n", encoding="utf-8")
    without = folder.parent / "without-demands"
    shutil.copytree(REPO / "scenarios" / "tiny", without)
    (without / "demands.csv").unlink()
    found = []
    for path in (folder, without):
        try:
            found += check(load_scenario(path))
        except ScenarioError as error:
            found += error.problems
    return found


#: Each problem that cites a description: (a clue in its English, its English as before this
#: change, its Chinese).
CITING = (
    (
        "at least one row",
        "enterprises.csv: found no rows, expected at least one row (The SMEs of the park, one "
        "row each.)",
        "enterprises.csv：发现 没有任何行，应为 至少一行（园区内的中小企业，每家一行）",
    ),
    (
        "a column named",
        "demands.csv, demand_per_day: found no such column, expected a column named "
        "'demand_per_day' (Quantity to treat per operating day; 0: nothing to treat (the demand "
        "is left out of the model))",
        "demands.csv，demand_per_day：发现 没有此列，应为 名为 'demand_per_day' 的列（每个运行日的"
        "待处理量；0：无需处理（该需求不进入模型））",
    ),
    (
        "cost_year",
        "scenario.yaml, cost_year: found no such setting, expected a whole number from 1900 to "
        "2200 (Price year of every amount)",
        "scenario.yaml，cost_year：发现 缺少此设置，应为 1900 到 2200 之间的整数（所有金额的价格年份）",
    ),
    (
        "the demands table",
        "demands.csv: found no such file, expected the demands table (What each enterprise needs "
        "treated, per service, and what treating it alone would cost.)",
        "demands.csv：发现 没有此文件，应为 demands 表（每家企业按服务分列的待处理量，以及企业自行"
        "处理所需的成本）",
    ),
    (
        "a header only",
        "distances.csv: found a header only, expected rows (Explicit distances, e.g. from a GIS "
        "study. When this table is given, the pairs it lists are the only ones within reach and "
        "the network is not used for them.), or no distances.csv at all",
        "distances.csv：发现 只有表头，应为 若干行（直接给定的距离，例如来自地理信息系统的测算。给出"
        "此表时，只有表中所列的企业与站点配对在可达范围内，这些配对的距离也不再按管网计算），或者根本"
        "没有 distances.csv",
    ),
)


@pytest.mark.parametrize("clue, english, chinese", CITING, ids=[c[0] for c in CITING])
def test_a_problem_citing_a_description_says_it_in_the_language_shown(
    problems, clue, english, chinese
):
    """Before: the Chinese sentence held the English description."""
    (problem,) = [p for p in problems if clue in str(p)]
    assert str(problem) == english
    with using_language(CHINESE):
        assert problem_text(problem) == chinese
    assert problem_text(problem) == english


def test_the_description_is_looked_up_when_said_and_crosses_a_process(problems):
    """A problem found in English is said in Chinese later, after a pickle (the app's solve
    pool, batch workers): its description is a fact kept as declared, worded when shown."""
    back = pickle.loads(pickle.dumps(problems))
    assert [str(p) for p in back] == [str(p) for p in problems]
    with using_language(CHINESE):
        assert [problem_text(p) for p in back] == [problem_text(p) for p in problems]
    text = pickle.loads(pickle.dumps(Described("Treatment capacity.", bare=True)))
    assert (text, text.declared, text.bare) == ("Treatment capacity", "Treatment capacity.", True)
    with using_language(CHINESE):
        assert spoken(text) == "处理能力"


def test_the_settings_help_says_the_description_path_unit_and_values_in_the_language():
    """Before: the whole help text was English in Chinese mode."""
    fields = {f.path: f for f in setting_fields(load_scenario(REPO / "scenarios" / "tiny"))}
    rate, alone = fields["discount_rate"], fields["services.sewage.self_treatment_allowed"]
    english = (
        "Real discount rate for annuities (0.08 commercial, 0.06 public-welfare water projects). "
        "Setting: discount_rate. Unit: 0 to 1. Allowed: a number from 0 to 0.5. Default: 0.08."
    )
    assert rate.help == english
    assert alone.help == (
        "May enterprises keep treating on their own (overridable per demand)? Setting: "
        "services.sewage.self_treatment_allowed. Allowed: true or false. Default: True."
    )
    with using_language(CHINESE):
        assert rate.help == (
            "计算年金所用的实际折现率（商业项目取 0.08，公益性水务项目取 0.06）。设置项：discount_rate。"
            "单位：0 至 1。允许值：0 到 0.5 之间的数字。默认值：0.08。"
        )
        assert alone.help == (
            "是否允许企业继续自行处理（可在每项需求中单独设定）？设置项：services.sewage."
            "self_treatment_allowed。允许值：是或否。默认值：是。"
        )
        budget = fields["policy.capital_budget_cny"].help
        assert budget == (
            "新建共享设施资本支出的上限；留空：不限。设置项：policy.capital_budget_cny。单位：CNY。"
            "允许值：0 到 1e12 之间的数字；或留空。"
        )
    assert rate.help == english


def test_a_columns_header_help_says_its_description_and_values_in_the_language():
    """Before: English in Chinese mode (the header itself was already Chinese)."""
    site, modes = TABLES["tiers"].column("site"), TABLES["edges"].column("modes")
    english = (
        "Column site in the file. Site id, or '*' for every site that may host the service. "
        "Allowed: text; must exist in sites. Required."
    )
    assert column_help(site, "CNY") == english
    assert column_help(modes, "CNY") == (
        "Column modes in the file. Conveyance modes that may use the edge. Allowed: a list of "
        "pipe, road separated by ';'. Empty: pipe;road."
    )
    capacity = TABLES["tiers"].column("capacity_per_day")
    service = TABLES["demands"].column("service")
    with using_language(CHINESE):
        assert column_help(site, "CNY") == (
            "文件中的列 site。站点编号，或 '*'，表示可承接该服务的所有站点。允许值：文本；须为 sites "
            "表中已有的编号。必填。"
        )
        assert column_help(capacity, "CNY", "m3") == (
            "文件中的列 capacity_per_day。处理能力。单位：m3/日。允许值：大于 0 且不超过 1e9 的数字。"
            "必填。"
        )
        assert "须为设置中 services 下已声明的名称" in column_help(service, "CNY")
    assert column_help(site, "CNY") == english
