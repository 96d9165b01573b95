"""What-ifs: an enterprise leaving, joining or changing its demand, as ordinary overrides; the
``whatif`` command; the leave-one-out report.

The hand-made park (discount rate 0, one operating day, free transport; builders.park):

- E1 sends 40 m3/d, E2 and E3 30 m3/d each; each would pay 1,000 CNY/year alone;
- site A offers a tier of 100 m3/d for 300 CNY/year, site B one of 100 m3/d for 200 CNY/year;
- E1 reaches A only; E2 and E3 reach A and B (1 km each).

All three fit A (40 + 30 + 30 = 100 m3/d) for 300 CNY/year; opening B as well would cost 500, and
anyone alone 1,000: the plan is all three at A, 300 CNY/year.

If E1 leaves, E2 and E3 (60 m3/d) go to B for 200 rather than A for 300: A closes, B opens, the
park pays 200 (-100), and E2 and E3, identical members of one plant, pay 100 each. If E2 leaves,
E1 still needs A (300, against 1,000 alone) and E3 joins it there for nothing more: 300 (+0).
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from builders import park
from typer.testing import CliRunner

from optimizer.batch import run_batch
from optimizer.batch.whatif import leave_one_out, what_if, whatif_overrides
from optimizer.cli import app
from optimizer.overrides.whatif import join, leave, scale
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.prepare import prepare
from optimizer.problems import ScenarioError
from optimizer.verify import verify_plan


def hand_park(**settings):
    return park(
        demands=[
            {"enterprise": "E1", "demand_per_day": 40, "standalone_om_cny_per_year": 1000},
            {"enterprise": "E2", "demand_per_day": 30, "standalone_om_cny_per_year": 1000},
            {"enterprise": "E3", "demand_per_day": 30, "standalone_om_cny_per_year": 1000},
        ],
        tiers=[
            {"site": "A", "tier": "plant", "capacity_per_day": 100, "fixed_om_cny_per_year": 300},
            {"site": "B", "tier": "plant", "capacity_per_day": 100, "fixed_om_cny_per_year": 200},
        ],
        distances={
            ("E1", "A"): 1.0,
            ("E2", "A"): 1.0,
            ("E2", "B"): 1.0,
            ("E3", "A"): 1.0,
            ("E3", "B"): 1.0,
        },
        **settings,
    )


@pytest.fixture(scope="module")
def plan() -> Plan:
    plan = optimise(hand_park())
    assert plan.total_cost == pytest.approx(300.0)
    assert plan.facilities["site"].tolist() == ["A"]
    return plan


def test_one_sme_leaving_closes_a_facility(plan):
    new, comparison = what_if(plan, whatif_overrides(plan, leaving=["E1"]))
    assert new.total_cost == pytest.approx(200.0)
    assert new.facilities["site"].tolist() == ["B"]  # A closed, B opened
    assert set(new.assignments["enterprise"]) == {"E2", "E3"}
    pays = new.statement.groupby("enterprise")["total_cny_per_year"].sum()
    assert pays.to_dict() == pytest.approx({"E2": 100.0, "E3": 100.0})
    kpis = comparison.kpis.set_index("key")
    assert kpis.loc["total_annual_cost", f"delta {comparison.labels[1]}"] == pytest.approx(-100.0)
    assert verify_plan(new).ok


def test_a_demand_scaled_to_zero_is_left_out(plan):
    """E1's demand times 0: nothing to treat, the same plan as E1 leaving (200)."""
    new, _ = what_if(plan, scale("E1:sewage=0"))
    assert new.total_cost == pytest.approx(200.0)
    assert "E1" not in set(new.assignments["enterprise"])
    assert new.kpis["all_self_cost"] == pytest.approx(2000.0)


def test_a_demand_doubled_moves_the_others(plan):
    """E2 at 60 m3/d: 40 + 60 = 100 fills A, so E3 (30) must go to B: 300 + 200 = 500 (E3 alone
    would be 1,000)."""
    new, _ = what_if(plan, whatif_overrides(plan, scaling=["E2:sewage=2"]))
    assert new.total_cost == pytest.approx(500.0)
    assert sorted(new.facilities["site"]) == ["A", "B"]


def test_an_enterprise_joins_from_a_file(plan, tmp_path):
    """E4 (10 m3/d, 1,000 alone) joins within reach of A and B; A has no room left (100 of 100),
    so B opens for it: 300 + 200 = 500."""
    file = tmp_path / "join.yaml"
    file.write_text(
        "enterprises:\n  - {id: E4, lon: 120.0, lat: 31.0}\n"
        "demands:\n  - {enterprise: E4, service: sewage, demand_per_day: 10,"
        " standalone_om_cny_per_year: 1000}\n"
        "distances:\n  - {enterprise: E4, site: A, distance_km: 1}\n"
        "  - {enterprise: E4, site: B, distance_km: 1}\n",
        encoding="utf-8",
    )
    new, _ = what_if(plan, whatif_overrides(plan, joining=file))
    assert new.total_cost == pytest.approx(500.0)
    assert new.kpis["smes"] == 4


def test_a_join_file_with_an_unknown_table_or_column_is_refused(plan, tmp_path):
    file = tmp_path / "join.yaml"
    file.write_text("demand:\n  - {enterprise: E4}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="did you mean 'demands'"):
        whatif_overrides(plan, joining=file)
    with pytest.raises(ScenarioError, match="'demnd_per_day' is not one"):
        what_if(plan, join({"demands": [{"enterprise": "E4", "demnd_per_day": 5}]}))


E4_ENTERPRISE = "id,lon,lat\nE4,120.0,31.0\n"
E4_DEMAND = "enterprise,service,demand_per_day,standalone_om_cny_per_year\nE4,sewage,10,1000\n"
E4_DISTANCES = "enterprise,site,distance_km\nE4,A,1\nE4,B,1\n"


def test_an_enterprise_joins_from_csv_files_and_a_folder(plan, tmp_path):
    """E4 of the YAML join above, as CSV files named after their tables: the same 500."""
    files = []
    for name, text in (
        ("enterprises", E4_ENTERPRISE),
        ("demands", E4_DEMAND),
        ("distances", E4_DISTANCES),
    ):
        files.append(tmp_path / f"{name}.csv")
        files[-1].write_text(text, encoding="utf-8")
    new, _ = what_if(plan, whatif_overrides(plan, joining=files))
    assert new.total_cost == pytest.approx(500.0)
    assert new.kpis["smes"] == 4
    from_folder, _ = what_if(plan, whatif_overrides(plan, joining=tmp_path))
    assert from_folder.total_cost == pytest.approx(500.0)


def test_an_enterprise_joins_from_a_workbook(plan, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, text in (
        ("enterprises", E4_ENTERPRISE),
        ("demands", E4_DEMAND),
        ("distances", E4_DISTANCES),
    ):
        sheet = book.create_sheet(name)
        for line in text.strip().splitlines():
            sheet.append([float(c) if c[:1].isdigit() else c for c in line.split(",")])
    book.save(tmp_path / "join.xlsx")
    new, _ = what_if(plan, whatif_overrides(plan, joining=tmp_path / "join.xlsx"))
    assert new.total_cost == pytest.approx(500.0)
    assert new.kpis["smes"] == 4


def test_join_files_not_named_after_a_table_are_refused_all_at_once(plan, tmp_path):
    (tmp_path / "demand.csv").write_text(E4_DEMAND, encoding="utf-8")
    (tmp_path / "sites.csv").write_text("id,lon,lat\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        whatif_overrides(plan, joining=tmp_path)
    problems = {p.source: str(p) for p in error.value.problems}
    assert set(problems) == {"demand.csv", "sites.csv"}
    assert "did you mean demands?" in problems["demand.csv"]
    assert "at least one row under the header" in problems["sites.csv"]
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "demnds"
    book.save(tmp_path / "join.xlsx")
    with pytest.raises(ScenarioError, match=r"sheet demnds.*did you mean demands"):
        whatif_overrides(plan, joining=tmp_path / "join.xlsx")
    (tmp_path / "join.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"a \.yaml, \.csv or \.xlsx file"):
        whatif_overrides(plan, joining=tmp_path / "join.txt")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "demands.csv").write_text(
        "enterprise,service,demnd_per_day\nE4,sewage,10\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioError, match="'demnd_per_day' is not one"):
        what_if(plan, whatif_overrides(plan, joining=bad))


def test_leaving_an_unknown_enterprise_is_refused(plan):
    with pytest.raises(ScenarioError, match="did you mean 'E1'"):
        leave(hand_park().tables, "E11")


def test_leaving_and_joining_in_a_variant():
    variants = {
        "e1-leaves": {"overrides": {"demands[enterprise=E1]": "drop"}},
        "e3-zero": {"overrides": {"demands[E3/sewage].demand_per_day": 0}},
    }
    scenario = replace(hand_park(), variants=variants)
    gone = scenario.with_variant("e1-leaves")
    assert gone.tables["demands"]["enterprise"].tolist() == ["E2", "E3"]
    zero = scenario.with_variant("e3-zero")
    assert prepare(zero).demands["enterprise"].tolist() == ["E1", "E2"]
    with pytest.raises(ScenarioError, match="the word 'drop'"):
        scenario.with_overrides({"demands[enterprise=E1]": "remove"})


def test_leave_one_out_in_two_worker_processes(plan):
    frame = leave_one_out(plan, workers=2)
    by_leaver = frame.groupby("leaving")["total_after"].first()
    assert by_leaver.to_dict() == pytest.approx({"E1": 200.0, "E2": 300.0, "E3": 300.0})
    rows = frame[frame["leaving"] == "E1"].set_index("member")
    assert rows["pays_after"].to_dict() == pytest.approx({"E2": 100.0, "E3": 100.0})
    assert set(rows["now_at"]) == {"B/sewage"}
    assert (frame["total_before"] == plan.total_cost).all()


runner = CliRunner()


def test_the_whatif_command_prints_the_comparison(plan, tmp_path):
    file = tmp_path / "plan.json"
    file.write_text(plan.to_json(), encoding="utf-8")
    result = runner.invoke(
        app, ["whatif", str(file), "--leave", "E1", "--out", str(tmp_path / "w")]
    )
    assert result.exit_code == 0, result.output
    assert "demands[enterprise=E1]: drop" in result.output
    assert "-100.00" in result.output
    assert (tmp_path / "w" / "plan.json").is_file()
    result = runner.invoke(app, ["whatif", str(file), "--leave", "E11"])
    assert result.exit_code == 1 and "E11" in result.output
    result = runner.invoke(
        app, ["whatif", str(file), "--leave-one-out", "--workers", "1", "--json"]
    )
    rows = json.loads(result.output)["rows"]
    assert {r["leaving"] for r in rows} == {"E1", "E2", "E3"}


def test_the_whatif_printout_has_the_currency_and_whole_counts(tmp_path):
    """In a park priced in EUR, E1 leaving: 300 -> 200 EUR/year (-100), one facility before and
    after (A closes, B opens: +0), three SMEs connected, then two (-1). Amounts carry the
    scenario's currency; counts are whole numbers, not amounts ("+0.00")."""
    file = tmp_path / "plan.json"
    file.write_text(optimise(hand_park(currency="EUR")).to_json(), encoding="utf-8")
    result = runner.invoke(app, ["whatif", str(file), "--leave", "E1"])
    assert result.exit_code == 0, result.output
    line = next(li for li in result.output.splitlines() if li.startswith("hand-made what-if:"))
    assert line == (
        "hand-made what-if: total annual cost 200.00 EUR/year (-100.00 EUR/year); "
        "facilities 1 (+0); SMEs connected 2 (-1)"
    )
    assert "CNY" not in result.output
    result = runner.invoke(app, ["whatif", str(file), "--leave-one-out", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "E1 leaves A/sewage: park total 200.00 EUR/year (-100.00 EUR/year)" in result.output


def test_leave_one_out_is_written_as_xlsx_and_html(plan, tmp_path):
    """The report's xlsx and HTML carry the declared titles, amounts in the plan's currency."""
    from openpyxl import load_workbook

    file = tmp_path / "plan.json"
    file.write_text(plan.to_json(), encoding="utf-8")
    out = tmp_path / "loo"
    result = runner.invoke(
        app, ["whatif", str(file), "--leave-one-out", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    for name in ("leave-one-out.csv", "leave-one-out.xlsx", "leave-one-out.html"):
        assert f"wrote {out / name}" in result.output
    sheet = load_workbook(out / "leave-one-out.xlsx")["Leave-one-out"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:6] == [
        "Leaving (the enterprise that leaves)",
        "Facility it leaves (site/service)",
        "Solver status",
        "Park total before (CNY/year)",
        "Park total after (CNY/year)",
        "Park total change (CNY/year)",
    ]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    e1 = [r for r in rows if r[header[0]] == "E1"]
    assert [r["Park total after (CNY/year)"] for r in e1] == pytest.approx([200.0, 200.0])
    html = (out / "leave-one-out.html").read_text(encoding="utf-8")
    assert "Pays after (CNY/year)" in html and "Leave-one-out of" in html


def test_a_sweep_over_a_demand_factor_and_a_drop(tmp_path):
    """E1's demand times 0 or 1: 200 (as if E1 left) or 300 (the plan); E2 dropped: 300."""
    sweeps = ["demands[enterprise=E1].demand_per_day*=0,1"]
    result = run_batch(hand_park(), sweeps=sweeps, out=tmp_path / "a", workers=1, verify=True)
    assert result.summary["total_annual_cost"].tolist() == pytest.approx([200.0, 300.0])
    assert result.summary["verified"].str.startswith("verified").all()
    dropped = run_batch(
        hand_park(), sweeps=["demands[E2/sewage]=drop"], out=tmp_path / "b", workers=1
    )
    assert dropped.summary["total_annual_cost"].tolist() == pytest.approx([300.0])
