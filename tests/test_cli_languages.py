"""The command line's problems in Simplified Chinese (``--language zh`` on ``validate``, ``solve``
and ``batch``), as real processes on real files: a variant's override key that does not parse and
a setting's value an override sets, a broken batch spec and its sweeps, a ``--sweep`` that cannot
run; each names the file, the line (where the file has one), the key, the value as written and
what was expected, in Chinese words around the facts. English is as it was, byte for byte.

Before: ``validate`` had no ``--language``; the spec's and the sweeps' problems, the key's
"cannot read the override key ..." and a setting's "a number from 0 to 1" were English inside
any sentence, and the command line printed every problem in English.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from test_cli import infeasible_path  # noqa: F401  (a fixture)

from optimizer.cli.output import Output, report_problems
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario

#: Latin words of two letters or more: English left in a Chinese line (after the facts are cut).
LATIN = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u4e00-\u9fff]")

VARIANTS = """variants:
  odd:
    overrides:
      "po licy": 1
  dear:
    overrides:
      solver.time_limit_s: "10s"
      policy.subsidy_rate: 3
"""


def optimizer(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m optimizer.cli ARGS`` as a real process, its output piped (plain lines)."""
    return subprocess.run(
        [sys.executable, "-m", "optimizer.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=cwd,
    )


def english_left(line: str, facts: set[str] = frozenset()) -> set[str]:
    """The English words of a Chinese line once its facts are cut: quoted values, dotted and
    underscored keys, file names and the ``facts`` given (file, table and service names)."""
    bare = re.sub(r"'[^']*'|\S*[._/]\S*", "", line)
    return set(LATIN.findall(bare)) - set(facts)


@pytest.fixture
def variants(tiny_path: Path) -> Path:
    """tiny with a variant whose override key does not parse and one setting two values wrong."""
    settings = tiny_path / "scenario.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + VARIANTS, encoding="utf-8")
    return tiny_path


def test_validate_says_a_variants_key_and_values_in_chinese_with_their_facts(variants):
    first = len((variants / "scenario.yaml").read_text(encoding="utf-8").splitlines()) - 8
    result = optimizer("validate", variants, "--language", "zh")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines == [
        f"错误：scenario.yaml 第 {first + 4} 行，variants.odd.overrides：发现 'po licy'："
        "无法读取覆盖键 'po licy'，应为 有效的覆盖键",
        f"错误：scenario.yaml 第 {first + 7} 行，variants.dear.overrides：发现 "
        "'solver.time_limit_s'：solver.time_limit_s 将为 '10s'，应为 大于 0 且不超过 2592000 的数字",
        f"错误：scenario.yaml 第 {first + 8} 行，variants.dear.overrides：发现 "
        "'policy.subsidy_rate'：policy.subsidy_rate 将为 3，应为 0 到 1 之间的数字",
        "tiny：3 个错误，0 个警告",
    ], lines
    for line in lines:
        assert not english_left(line, {"tiny"}), line


def test_validate_in_english_is_as_before(variants):
    first = len((variants / "scenario.yaml").read_text(encoding="utf-8").splitlines()) - 8
    result = optimizer("validate", variants)
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip().splitlines() == [
        f"error: scenario.yaml line {first + 4}, variants.odd.overrides: found 'po licy': "
        "cannot read the override key 'po licy', expected a valid override key",
        f"error: scenario.yaml line {first + 7}, variants.dear.overrides: found "
        "'solver.time_limit_s': solver.time_limit_s would be '10s', expected a number above 0 "
        "and at most 2592000",
        f"error: scenario.yaml line {first + 8}, variants.dear.overrides: found "
        "'policy.subsidy_rate': policy.subsidy_rate would be 3, expected a number from 0 to 1",
        "tiny: 3 errors, 0 warnings",
    ]
    assert optimizer("validate", variants, "--language", "en").stdout == result.stdout


def test_solve_of_a_variant_with_a_key_of_a_table_in_no_form_says_it_in_chinese(tiny_path):
    """``solve --language zh`` prints the problems that stop it in Chinese (the key's forms and
    the tables, data, as they are)."""
    settings = tiny_path / "scenario.yaml"
    text = settings.read_text(encoding="utf-8")
    text += 'variants:\n  odd:\n    overrides:\n      "tiers.capex_cny.x": 2\n'
    text += '      "policy[x].rate": 1\n'
    settings.write_text(text, encoding="utf-8")
    result = optimizer("solve", tiny_path, "--variant", "odd", "--language", "zh")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert (
        "错误：scenario.yaml，variants.odd.overrides：发现 'tiers.capex_cny.x'：表的覆盖键写作 "
        "table.column、table[row].column、table[row]（删除行）或 table[+]（添加行），应为 有效的覆盖键"
    ) in lines, lines
    assert any(
        "发现 'policy[x].rate'：[...] 用于选择表中的行，而 'policy' 不是以下表之一：enterprises, "
        in line
        for line in lines
    ), lines
    assert lines[-1] == f"{tiny_path} [odd]：2 个错误，0 个警告"
    english = optimizer("solve", tiny_path, "--variant", "odd").stdout
    assert "'tiers.capex_cny.x': a table override reads table.column, table[row].column," in english


SPEC = """scenarios: tiny
sweeps:
  policy.subsidyrate: [0, 0.2]
  policy.subsidy_rate: [0, 3]
  "tiers.capex_cny*": []
solver:
  gap: 0.1
workers: 0
plot: maybe
colour: red
allocation: fair
"""


def test_a_broken_batch_spec_and_its_sweeps_say_every_problem_in_chinese(tiny_path):
    spec = tiny_path.parent / "sweep.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = optimizer("batch", spec, "--out", tiny_path.parent / "out", "--language", "zh")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    expected = [
        "错误：sweep.yaml，sweeps.policy.subsidyrate：发现 'policy.subsidyrate' 既不是已声明的设置，"
        "也不是表的列，应为 是否应为 'policy.subsidy_rate' 或 'policy.subsidy_rate_by_service'？",
        "错误：sweep.yaml，sweeps.policy.subsidy_rate：发现 值 3，应为 0 到 1 之间的数字",
        "错误：sweep.yaml，sweeps.tiers.capex_cny*：发现 没有值，应为 一个或多个以逗号分隔的值",
        "错误：sweep.yaml，solver：发现 'gap: 0.1'，应为 未知的求解器选项 'gap'；应为以下之一："
        "mip_gap, name, seed, solver, threads, time_limit_s",
        "错误：sweep.yaml，workers：发现 0，应为 至少为 1 的整数",
        "错误：sweep.yaml，plot：发现 'maybe'，应为 是或否",
        "错误：sweep.yaml，colour：发现 未知的键，应为 以下键之一：scenarios, variants, sweeps, "
        "solver, allocation, out, workers, scheduler, dask_local, plot",
        "错误：sweep.yaml，allocation：发现 'fair'，应为 stable, proportional, scrb, shapley 之一，"
        "或 none",
    ]
    for line, start in zip(lines, expected, strict=False):
        assert line.startswith(start), (line, start)
    assert len(lines) == len(expected) + 1 and lines[-1] == f"{spec}：8 个错误，0 个警告"
    keys = {"scenarios", "variants", "sweeps", "solver", "allocation", "out", "workers"}
    keys |= {"scheduler", "dask_local", "plot", "stable", "proportional", "scrb", "shapley"}
    keys |= {"none", "policy", "subsidy_rate", "subsidy_rate_by_service", "max_facilities"}
    keys |= {"subsidy_budget_cny_per_year", "capital_budget_cny", "docs", "md"}
    keys |= {"name", "seed", "threads"}  # the solver options
    for line in lines:
        assert not english_left(line, keys), line


def test_a_broken_batch_spec_in_english_is_as_before(tiny_path):
    spec = tiny_path.parent / "sweep.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = optimizer("batch", spec, "--out", tiny_path.parent / "out")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[1:] == [
        "error: sweep.yaml, sweeps.policy.subsidy_rate: found the value 3, expected a number "
        "from 0 to 1",
        "error: sweep.yaml, sweeps.tiers.capex_cny*: found no value, expected one or more values "
        "separated by commas",
        "error: sweep.yaml, solver: found 'gap: 0.1', expected unknown solver option 'gap'; "
        "expected one of mip_gap, name, seed, solver, threads, time_limit_s",
        "error: sweep.yaml, workers: found 0, expected a whole number of at least 1",
        "error: sweep.yaml, plot: found 'maybe', expected true or false",
        "error: sweep.yaml, colour: found an unknown key, expected one of the keys scenarios, "
        "variants, sweeps, solver, allocation, out, workers, scheduler, dask_local, plot",
        "error: sweep.yaml, allocation: found 'fair', expected one of stable, proportional, scrb, "
        "shapley or none",
        f"{spec}: 8 errors, 0 warnings",
    ]


def test_a_spec_that_is_not_yaml_names_its_line_and_quotes_the_parser_in_chinese(tiny_path):
    """The library's own words are kept, quoted as the YAML parser's (item 5 of the brief)."""
    spec = tiny_path.parent / "sweep.yaml"
    spec.write_text("scenarios: [tiny\nout: o\n", encoding="utf-8")
    result = optimizer("batch", spec, "--out", tiny_path.parent / "out", "--language", "zh")
    assert result.returncode == 1, result.stderr
    (line, counts) = result.stdout.strip().splitlines()
    assert line.startswith("错误：sweep.yaml 第 2 行：发现 语法错误（YAML 解析器的原话："), line
    assert line.endswith("），应为 有效的 YAML"), line
    assert counts == f"{spec}：1 个错误，0 个警告"


def unboxed(text: str) -> str:
    """A usage error's text without the box typer draws around it and without spaces (the box
    wraps the lines where the terminal's width says)."""
    return re.sub(r"[\s│]", "", text)


def test_a_sweep_that_cannot_run_is_a_usage_error_in_chinese(tiny_path):
    out = tiny_path.parent / "out"
    result = optimizer(
        "batch", tiny_path, "--out", out, "--sweep", "policy.subsidy_rate=0,3", "--language", "zh"
    )
    assert result.returncode == 2
    assert "扫描'policy.subsidy_rate'：值3；应为0到1之间的数字" in unboxed(result.stderr)
    result = optimizer("batch", tiny_path, "--out", out, "--sweep", "policy.subsidy_rate")
    assert result.returncode == 2
    said = "cannot read the sweep 'policy.subsidy_rate': write KEY=VALUE,VALUE,..."
    assert unboxed(said) in unboxed(result.stderr), result.stderr
    assert not out.exists()


def test_the_problem_table_on_a_terminal_is_headed_in_chinese(variants):
    """On a terminal the problems are a table: its headers and severities in the language."""
    with pytest.raises(ScenarioError) as raised:
        load_scenario(variants, "dear")
    chinese = io.StringIO()
    out = Output(console=Console(file=chinese, force_terminal=True, width=200), language="zh")
    report_problems(out, raised.value.problems, "tiny[dear]")
    text = chinese.getvalue()
    for word in ("位置", "发现", "应为", "错误", "tiny[dear]：2 个错误，0 个警告", "将为"):
        assert word in text, text
    assert "expected" not in text and "would be" not in text, text
    english = io.StringIO()
    out = Output(console=Console(file=english, force_terminal=True, width=200))
    report_problems(out, raised.value.problems, "tiny[dear]")
    for word in ("where", "found", "expected", "error", "tiny[dear]: 2 errors, 0 warnings"):
        assert word in english.getvalue(), english.getvalue()


def test_an_infeasible_scenario_says_why_in_chinese(infeasible_path):  # noqa: F811
    """The diagnosis's head and problems in Chinese; the JSON document's message stays English
    (data)."""
    result = optimizer("solve", infeasible_path, "--language", "zh", "--quiet")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "hand-made：没有方案能满足情景的全部规则；放宽规则后可见原因：", lines
    errors = [line for line in lines if line.startswith("错误：")]
    assert errors and any("E1/sewage" in e or "E2/sewage" in e for e in errors), lines
    assert "no plan meets" not in result.stdout and "error:" not in result.stdout
    document = optimizer("solve", infeasible_path, "--language", "zh", "--json").stdout
    assert '"message": "no plan meets every rule of the scenario; relaxing the rules' in document
