"""Plan exports read back equal to the plan: JSON exactly, xlsx and CSV table by table, GeoJSON valid
RFC 7946 with [lon, lat] from the plan, HTML self-contained; a failed export leaves the old file.

Plans used: ``scenarios/tiny`` solved without allocation (no statement), the same allocated with
SCRB (a statement and a cost-sharing table), and a generated 30-SME park with three services and a
proportional allocation (onward flows and a COD cap, so every table has rows).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer.allocation import allocate
from optimizer.export import (
    FORMATS,
    NO_STATEMENT_NOTE,
    PlanFileError,
    export_all,
    export_plan,
    read_csv_tables,
    read_plan,
    sheet_columns,
    sheet_tables,
)
from optimizer.export.columns import with_unit_column
from optimizer.files import atomic_target
from optimizer.generate import generate_park
from optimizer.pipeline import optimise
from optimizer.plan import SELF, UNSERVED, Plan

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

#: openpyxl writes numbers with 16 significant digits ("%.16g"): one more than Excel shows.
XLSX_PRECISION = 1e-15


@pytest.fixture(scope="module")
def tiny_plan() -> Plan:
    """The solved plan without cost allocation (no SME statement)."""
    return optimise(SCENARIOS / "tiny", allocation=None)


@pytest.fixture(scope="module")
def allocated(tiny_plan: Plan) -> Plan:
    return allocate(tiny_plan, "scrb")


@pytest.fixture(scope="module")
def park_plan() -> Plan:
    plan = optimise(generate_park(30, 4, seed=1), allocation="proportional")
    assert len(plan.flows) and len(plan.pollutants), "the park should exercise every table"
    return plan


@pytest.fixture(params=["tiny_plan", "allocated", "park_plan"])
def plan(request: pytest.FixtureRequest) -> Plan:
    return request.getfixturevalue(request.param)


def _plain(value: object) -> object:
    """A cell as compared across formats: missing and "" are None, numbers are floats."""
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value.item() if hasattr(value, "item") else value


def assert_same_values(read: pd.DataFrame, expected: pd.DataFrame, rel: float = 0.0) -> None:
    """Same columns (in any order) and the same values row by row, numbers within ``rel``."""
    assert sorted(read.columns) == sorted(expected.columns)
    assert len(read) == len(expected)
    for column in expected.columns:
        got = [_plain(v) for v in read[column].tolist()]
        want = [_plain(v) for v in expected[column].tolist()]
        assert got == [
            pytest.approx(w, rel=rel, abs=0) if isinstance(w, float) else w for w in want
        ], column


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------


def test_json_export_reads_back_exactly(plan: Plan, tmp_path: Path) -> None:
    path = export_plan(plan, "json", tmp_path / "plan.json")
    again = read_plan(path)
    assert again.equals(plan)
    assert again.statement.equals(plan.statement)


def test_read_plan_names_the_file_and_line_when_it_is_not_a_plan(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "shared-facility-plan",\n "kpis": }', encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"broken\.json line 2: not valid JSON"):
        read_plan(broken)
    other = tmp_path / "other.json"
    other.write_text('{"name": "tiny"}', encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"other\.json: not a readable plan \(not a plan file"):
        read_plan(other)


# ---------------------------------------------------------------------------------------------
# xlsx
# ---------------------------------------------------------------------------------------------


def test_xlsx_sheets_read_back_equal_to_the_plan_tables(plan: Plan, tmp_path: Path) -> None:
    path = export_plan(plan, "xlsx", tmp_path / "plan.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets)[:3] == ["Summary", "Facilities", "SME statement"]
    assert list(sheets)[-1] == "Solver and provenance"
    for sheet, table in sheet_tables(plan).items():
        frame = getattr(plan, table)
        shown = with_unit_column(plan, frame, table)  # a unit column where a table has quantities
        back = {f.label("CNY"): f.column for f in sheet_columns(shown, table)}
        read = sheets[sheet].rename(columns=back)
        assert_same_values(read, shown, rel=XLSX_PRECISION)


def _facility_units(plan: Plan) -> dict[str, str]:
    units = {"sewage": "m3/day", "spraying": "t/day", "dyeing_pretreatment": "m3/day"}
    services = set(plan.facilities["service"])
    assert {"sewage", "spraying"} <= services, "the park should open facilities of both units"
    return {name: units[name] for name in services}


def test_xlsx_facilities_give_each_facilitys_unit_in_a_mixed_park(
    park_plan: Plan, tmp_path: Path
) -> None:
    """Before: capacity and load were headed "service unit/day", with no unit anywhere, in a
    park whose sewage is in m3 and whose spraying is in t."""
    book = openpyxl.load_workbook(export_plan(park_plan, "xlsx", tmp_path / "plan.xlsx"))
    sheet = book["Facilities"]
    headers = [c.value for c in sheet[1]]
    assert headers[headers.index("Service") + 1] == "Unit"
    assert "Capacity (per day)" in headers and "Load (per day)" in headers
    assert not [h for h in headers if "service unit" in str(h)], headers
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    service, unit = headers.index("Service"), headers.index("Unit")
    capacity = headers.index("Capacity (per day)")
    assert {row[service]: row[unit] for row in rows} == _facility_units(park_plan)
    facilities = park_plan.facilities
    assert [row[capacity] for row in rows] == pytest.approx(facilities["capacity_per_day"].tolist())
    demands = [c.value for c in book["SME statement"][1]]  # the statement has no quantity
    assert "Unit" not in demands


def test_html_facilities_give_each_facilitys_unit_in_a_mixed_park(
    park_plan: Plan, tmp_path: Path
) -> None:
    text = export_plan(park_plan, "html", tmp_path / "plan.html").read_text(encoding="utf-8")
    facilities = text.split("<table", 2)[1]  # the first table: the facilities
    heads = re.findall(r"<th[^>]*>(.*?)</th>", facilities)
    assert heads[heads.index("Service") + 1] == "Unit" and "Capacity (per day)" in heads
    assert "service unit" not in text
    for name, unit in _facility_units(park_plan).items():
        assert re.search(rf"<td[^>]*>{name}</td><td[^>]*>{re.escape(unit)}</td>", facilities)


def test_xlsx_is_formatted_for_reviewers(allocated: Plan, tmp_path: Path) -> None:
    path = export_plan(allocated, "xlsx", tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    statement = book["SME statement"]
    headers = [c.value for c in statement[1]]
    assert "Total (CNY/year)" in headers and "Network distance (km)" in headers
    assert statement.freeze_panes == "A2"
    assert statement.auto_filter.ref == f"A1:O{len(allocated.statement) + 1}"
    total = statement.cell(row=2, column=headers.index("Total (CNY/year)") + 1)
    assert total.number_format == "#,##0"
    distance = statement.cell(row=2, column=headers.index("Network distance (km)") + 1)
    assert distance.number_format == "0.00"
    facilities = book["Facilities"]
    utilisation = [c.value for c in facilities[1]].index("Utilisation (%)") + 1
    assert facilities.cell(row=2, column=utilisation).number_format == "0.0%"
    summary = {row[3]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["total_annual_cost"] == pytest.approx(
        allocated.kpis["total_annual_cost"], rel=XLSX_PRECISION
    )
    assert summary["solver.status_words"] == "optimal (proven)"
    assert summary["sme_costs_basis"].startswith("SME statement with facility shares (rule: scrb)")
    assert "Cost sharing" in book.sheetnames


def test_xlsx_without_a_statement_shows_the_assignments_and_says_so(
    tiny_plan: Plan, tmp_path: Path
) -> None:
    path = export_plan(tiny_plan, "xlsx", tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in book["SME statement"][1]]
    assert "Own costs, excl. facility share (CNY/year)" in headers
    assert "Assignments" not in book.sheetnames
    notes = [row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)]
    assert NO_STATEMENT_NOTE in notes


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def test_csv_folder_reads_back_equal_to_the_plan_tables(plan: Plan, tmp_path: Path) -> None:
    folder = export_plan(plan, "csv", tmp_path / "plan-csv")
    typed = read_csv_tables(folder)
    for name in ("facilities", "assignments", "flows", "pollutants", "statement"):
        expected = getattr(plan, name)
        pd.testing.assert_frame_equal(typed[name], expected, check_exact=True)
        if len(expected.columns):
            plain = pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values=[""])
            assert_same_values(plain, expected, rel=1e-15)
    summary = pd.read_csv(folder / "summary.csv").set_index("key")["value"]
    assert float(summary["total_annual_cost"]) == plan.kpis["total_annual_cost"]
    meta = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert meta["provenance"]["input_hash"] == plan.provenance["input_hash"]
    assert meta["solver"]["status"] == plan.solver["status"]


def test_csv_folder_keeps_the_allocation_tables(allocated: Plan, tmp_path: Path) -> None:
    folder = export_plan(allocated, "csv", tmp_path / "plan-csv")
    typed = read_csv_tables(folder)
    pd.testing.assert_frame_equal(
        typed["allocation_facilities"], allocated.allocation["facilities"], check_exact=True
    )


# ---------------------------------------------------------------------------------------------
# GeoJSON
# ---------------------------------------------------------------------------------------------


def _strict_json(text: str) -> dict:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in GeoJSON")

    return json.loads(text, parse_constant=refuse)


def _lonlat(frame: pd.DataFrame, key: str) -> dict[str, list[float]]:
    return {
        str(k): [float(x), float(y)]
        for k, x, y in frame[[key, "lon", "lat"]].itertuples(index=False)
    }


def _numbers_are_numbers(properties: dict) -> None:
    for name in ("annual_cost", "distance_km", "capacity_per_day", "standalone_cost"):
        value = properties.get(name)
        assert value is None or isinstance(value, int | float), (name, value)


def test_geojson_is_rfc7946_with_lon_lat_from_the_plan(plan: Plan, tmp_path: Path) -> None:
    path = export_plan(plan, "geojson", tmp_path / "plan.geojson")
    data = _strict_json(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    sites = _lonlat(plan.facilities, "site")
    enterprises = _lonlat(plan.assignments, "enterprise")
    kinds: dict[str, int] = {}
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        props, geometry = feature["properties"], feature["geometry"]
        kinds[props["kind"]] = kinds.get(props["kind"], 0) + 1
        _numbers_are_numbers(props)
        points = (
            [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        )
        assert geometry["type"] in ("Point", "LineString")
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
        if props["kind"] == "facility":
            assert geometry["coordinates"] == sites[props["site"]]
        elif props["kind"] == "enterprise":
            assert geometry["coordinates"] == enterprises[props["enterprise"]]
        elif props["kind"] == "connection":
            assert geometry["coordinates"] == [
                enterprises[props["enterprise"]],
                sites[props["site"]],
            ]
    shared = plan.assignments[~plan.assignments["site"].isin([SELF, UNSERVED])]
    assert kinds.get("facility", 0) == len(plan.facilities)
    assert kinds.get("connection", 0) == len(shared)
    assert kinds["enterprise"] == plan.assignments["enterprise"].nunique()


def test_geojson_enterprises_say_self_or_connected(allocated: Plan, tmp_path: Path) -> None:
    data = _strict_json(export_plan(allocated, "geojson", tmp_path / "p.geojson").read_text())
    enterprises = {
        f["properties"]["enterprise"]: f["properties"]
        for f in data["features"]
        if f["properties"]["kind"] == "enterprise"
    }
    assert {e: p["status"] for e, p in enterprises.items()} == {
        "E1": "connected",
        "E2": "connected",
        "E3": "self-treating",
        "E4": "self-treating",
    }
    assert enterprises["E4"]["sector"] == "electroplating"
    statement = allocated.statement.set_index("enterprise")
    assert enterprises["E1"]["annual_cost"] == statement.loc["E1", "total_cny_per_year"]
    unused = [f for f in data["features"] if f["properties"]["kind"] == "unused_site"]
    assert [f["properties"]["site"] for f in unused] == ["S2"]


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_html_shows_the_kpis_and_needs_nothing_online(allocated: Plan, tmp_path: Path) -> None:
    text = export_plan(allocated, "html", tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "<title>Plan tiny</title>" in text and "Shared facility plan: tiny" in text
    for shown in ("506,680 CNY/year", "225,170 CNY/year", "30.8%", "2 of 4", "optimal (proven)"):
        assert shown in text
    assert text.count("<svg") == 2
    assert not _EXTERNAL.search(text)
    assert "<script" not in text.lower() and "<link" not in text.lower()
    assert "@import" not in text and "url(http" not in text
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", text)
    assert "http" not in without_namespaces


def test_html_escapes_text_and_notes_a_missing_statement(tiny_plan: Plan, tmp_path: Path) -> None:
    odd = replace(tiny_plan, provenance={**tiny_plan.provenance, "label": 'park <b>"&'})
    text = export_plan(odd, "html", tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "park &lt;b&gt;&quot;&amp;" in text
    assert "<b>" not in text
    assert "exclude each SME&#x27;s share" in text


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def test_export_all_writes_every_format_named_after_the_label(
    tiny_plan: Plan, tmp_path: Path
) -> None:
    paths = export_all(tiny_plan, tmp_path / "out", FORMATS)
    assert [p.name for p in paths] == [
        "tiny.json",
        "tiny.xlsx",
        "tiny-csv",
        "tiny.geojson",
        "tiny.html",
    ]
    assert all(p.exists() for p in paths)
    modes = {p.name: p.stat().st_mode & 0o777 for p in paths}
    assert modes == {"tiny-csv": 0o755} | {p.name: 0o644 for p in paths if p.is_file()}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export_plan(tiny_plan, "pdf", tmp_path / "x.pdf")


def test_a_csv_export_into_an_existing_folder_never_replaces_it(
    tiny_plan: Plan, tmp_path: Path
) -> None:
    keep = tmp_path / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    first = export_plan(tiny_plan, "csv", tmp_path)
    assert first == tmp_path / "tiny-csv"
    assert keep.read_text(encoding="utf-8") == "mine"
    again = export_plan(tiny_plan, "csv", first)
    assert again == first and (first / "facilities.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "tiny-csv"]
    with pytest.raises(ValueError, match=r"notes\.txt is a file; a CSV export is a folder"):
        export_plan(tiny_plan, "csv", keep)
    assert keep.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv"])
def test_a_failed_export_leaves_the_existing_file_intact(
    tiny_plan: Plan, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / ("plan-csv" if fmt == "csv" else f"plan.{fmt}")
    export_plan(tiny_plan, fmt, target)
    before = _snapshot(target)
    broken = replace(tiny_plan, provenance={**tiny_plan.provenance, "broken": object()})
    with pytest.raises((TypeError, ValueError)):
        export_plan(broken, fmt, target)
    assert _snapshot(target) == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_atomic_target_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_target(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def _snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}
