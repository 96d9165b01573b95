"""Plan comparison on ``scenarios/tiny`` under overrides whose outcome is known by hand.

From ``scenarios/tiny/README.md`` (CNY/year, r = 8 %, 330 days): the base plan opens the small
plant at S1 for E1 + E2 (load 150 m3/d, full); E3 and E4 treat alone; total 506,679.75.

* ``cheap-large`` (``tiers[tier=large].capex_cny: 900000``): the large plant now costs
  900,000 x 0.1018522 = 91,666.99 a year, like the small one, plus 90,000 O&M; for E1 + E2 + E3
  (190 m3/d): 91,666.99 + 90,000 + 0.9 x 190 x 330 (56,430) + pipes 27,638.23 + 45,013.17 +
  65,539.75 + E4 alone 99,797.73 = 476,085.87, below the small plant's 506,679.75 and the large
  plant for E1 + E2 only (531,729.75). So S1 is resized small -> large and E3 moves self -> S1.
* ``no-S1`` (``sites[S1].status: forbidden``): E1, E2, E3 reach only S1, and S2 for E4 alone costs
  215,853.45 > 99,797.73: everyone treats alone, 731,850.00. S1 closes; E1 and E2 move S1 -> self.
* ``subsidy-20`` (``policy.subsidy_rate: 0.2``): the small plant for E1 + E2 gets 20 % of its
  annuity back (488,346.35); the large one for E1 + E2 + E3 would cost 506,641.53: nothing moves.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import park

from optimizer.allocation import allocate
from optimizer.compare import Comparison, compare_plans
from optimizer.export.comparison import write_comparison
from optimizer.generate import generate_park
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.scenario import Scenario, load_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

OVERRIDES = {
    "cheap-large": {"tiers[tier=large].capex_cny": 900000},
    "no-S1": {"sites[S1].status": "forbidden"},
    "subsidy-20": {"policy.subsidy_rate": 0.2},
}


@pytest.fixture(scope="module")
def tiny() -> Scenario:
    return load_scenario(SCENARIOS / "tiny")


@pytest.fixture(scope="module")
def plans(tiny: Scenario) -> dict[str, Plan]:
    """The plans without cost allocation (per-SME costs from the assignments)."""
    out = {"base": optimise(tiny, allocation=None)}
    out.update(
        {name: optimise(tiny.with_overrides(o), allocation=None) for name, o in OVERRIDES.items()}
    )
    return out


@pytest.fixture(scope="module")
def comparison(plans: dict[str, Plan]) -> Comparison:
    return compare_plans(list(plans.values()), labels=list(plans))


def _rows(frame: pd.DataFrame, plan: str, columns: list[str]) -> list[tuple]:
    chosen = frame[frame["plan"] == plan]
    return [tuple(row) for row in chosen[columns].itertuples(index=False, name=None)]


def test_the_overrides_give_the_plans_worked_out_by_hand(plans: dict[str, Plan]) -> None:
    totals = {name: plan.total_cost for name, plan in plans.items()}
    assert totals["base"] == pytest.approx(506_679.75, abs=0.01)
    assert totals["cheap-large"] == pytest.approx(476_085.87, abs=0.01)
    assert totals["no-S1"] == pytest.approx(731_850.00, abs=0.01)
    assert totals["subsidy-20"] == pytest.approx(488_346.35, abs=0.01)


def test_kpi_deltas_and_percentages_are_exact(
    comparison: Comparison, plans: dict[str, Plan]
) -> None:
    kpis = comparison.kpis.set_index("key")
    assert list(comparison.kpis.columns[3:7]) == ["base", "cheap-large", "no-S1", "subsidy-20"]
    base = plans["base"].kpis
    for name in ("cheap-large", "no-S1", "subsidy-20"):
        other = plans[name].kpis
        for key in ("total_annual_cost", "saving", "smes_connected", "facilities"):
            delta = other[key] - base[key]
            assert kpis.loc[key, name] == other[key]
            assert kpis.loc[key, f"delta {name}"] == delta
            assert kpis.loc[key, f"delta % {name}"] == delta / abs(base[key]) * 100
    assert kpis.loc["total_annual_cost", "unit"] == "CNY/year"
    assert kpis.loc["total_annual_cost", "delta % no-S1"] == pytest.approx(44.44035, abs=1e-5)
    assert kpis.loc["facilities_by_service.sewage", "no-S1"] == 0


def test_facilities_resized_and_closed(comparison: Comparison) -> None:
    columns = ["site", "service", "change", "tier_before", "tier_after"]
    assert _rows(comparison.facilities, "cheap-large", columns) == [
        ("S1", "sewage", "resized", "small", "large")
    ]
    no_s1 = _rows(comparison.facilities, "no-S1", columns)
    assert [row[:4] for row in no_s1] == [("S1", "sewage", "closed", "small")]
    assert pd.isna(no_s1[0][4])
    assert _rows(comparison.facilities, "subsidy-20", columns) == []


def test_reassignments_are_the_ones_worked_out_by_hand(comparison: Comparison) -> None:
    columns = ["enterprise", "service", "from", "to"]
    assert _rows(comparison.reassignments, "cheap-large", columns) == [
        ("E3", "sewage", "self", "S1")
    ]
    assert _rows(comparison.reassignments, "no-S1", columns) == [
        ("E1", "sewage", "S1", "self"),
        ("E2", "sewage", "S1", "self"),
    ]
    assert _rows(comparison.reassignments, "subsidy-20", columns) == []
    names = comparison.reassignments.set_index("enterprise")["enterprise_name"]
    assert names["E3"] == "Jinyuan Foods"


def test_input_changes_list_the_overridden_cells_and_settings(comparison: Comparison) -> None:
    columns = ["change", "table", "key", "column", "old", "new"]
    assert _rows(comparison.input_changes, "cheap-large", columns) == [
        ("row changed", "tiers", "*/sewage/large", "capex_cny", 1_500_000.0, 900_000.0)
    ]
    assert _rows(comparison.input_changes, "no-S1", columns) == [
        ("row changed", "sites", "S1", "status", "optional", "forbidden")
    ]
    assert _rows(comparison.input_changes, "subsidy-20", columns) == [
        ("setting changed", "settings", "policy.subsidy_rate", "", 0.0, 0.2)
    ]
    assert comparison.headlines[0] == "same scenario (tiny): 0 settings and 1 table row differ"


def test_per_sme_costs_from_statements_are_in_reading_order(plans: dict[str, Plan]) -> None:
    before, after = allocate(plans["base"], "scrb"), allocate(plans["cheap-large"], "scrb")
    costs = compare_plans([before, after]).sme_costs
    # everyone pays less but E4 (the same): the largest saving first, a tie by enterprise
    assert list(costs["enterprise"]) == ["E3", "E1", "E2", "E4"]
    assert set(costs["basis_after"]) == {"statement"}
    total = {
        name: plan.statement.groupby("enterprise")["total_cny_per_year"].sum()
        for name, plan in (("before", before), ("after", after))
    }
    by = costs.set_index("enterprise")
    for enterprise in ("E1", "E2", "E3", "E4"):
        change = total["after"][enterprise] - total["before"][enterprise]
        assert by.loc[enterprise, "change"] == change
        assert by.loc[enterprise, "cost_before"] == total["before"][enterprise]
    assert by.loc["E3", "outcome"] == "pays less"
    assert by.loc["E4", "outcome"] == "same"
    assert costs["enterprise"].iloc[0] == by["change"].idxmin()


def test_the_comparison_leads_with_who_pays_more(comparison: Comparison) -> None:
    """no-S1 sends E1 and E2 from S1 back to treating alone: both pay more (E2 by 254,380.01,
    E1 by 171,957.22 CNY/year), E3 and E4 the same; cheap-large saves E3 67,523.88."""
    counts = comparison.sme_counts.set_index("plan")
    assert counts.loc["no-S1", ["pays more", "pays less", "same"]].tolist() == [2, 0, 2]
    assert counts.loc["cheap-large", ["pays more", "pays less", "same"]].tolist() == [0, 1, 3]
    assert comparison.sme_headlines[1] == (
        "no-S1 against base: 2 SMEs pay more, none pays less, 2 pay the same."
    )
    no_s1 = comparison.sme_costs[comparison.sme_costs["plan"] == "no-S1"]
    assert list(no_s1["enterprise"]) == ["E2", "E1", "E3", "E4"]  # more first, largest first
    assert list(no_s1["outcome"]) == ["pays more", "pays more", "same", "same"]
    assert next(iter(comparison.tables())) == "sme_counts"


def test_the_reports_lead_with_who_pays_more(comparison: Comparison, tmp_path: Path) -> None:
    for suffix in (".md", ".html"):
        text = write_comparison(comparison, tmp_path / f"c{suffix}").read_text(encoding="utf-8")
        counts = text.index("no-S1 against base: 2 SMEs pay more")
        assert counts < text.index("Key figures") < text.index("Per-SME cost changes")
        rows = text[text.index("Per-SME cost changes") :]
        rows = rows[rows.index("no-S1") :]
        assert rows.index("Hengli Metalwork") < rows.index("Dongfang Printing")  # E2, then E1
    sheets = pd.read_excel(write_comparison(comparison, tmp_path / "c.xlsx"), sheet_name=None)
    smes = sheets["SMEs"].set_index("Plan (compared with the reference)")
    assert smes.loc["no-S1", "Paying more (SMEs)"] == 2
    assert sheets["Notes"].iloc[1, 0].startswith("no-S1 against base: 2 SMEs pay more")


def test_per_sme_costs_without_statements_fall_back_and_say_so(comparison: Comparison) -> None:
    costs = comparison.sme_costs
    assert set(costs["basis_before"]) == {"own costs only (no facility shares)"}
    moved = costs[(costs["plan"] == "no-S1") & (costs["enterprise"] == "E1")].iloc[0]
    assert moved["cost_after"] == pytest.approx(199_595.45, abs=0.01)
    assert moved["outcome"] == "pays more"


def test_a_mixed_basis_is_noted(plans: dict[str, Plan]) -> None:
    mixed = compare_plans([allocate(plans["base"], "scrb"), plans["cheap-large"]])
    assert any("mix the two bases" in note for note in mixed.notes)


def _hand_made() -> Plan:
    """One SME (alone 100 a year), one site whose plant costs 50 a year: it connects."""
    scenario = park(
        demands=[{"enterprise": "A", "demand_per_day": 10, "standalone_om_cny_per_year": 100}],
        tiers=[{"site": "S", "tier": "t", "capacity_per_day": 20, "fixed_om_cny_per_year": 50}],
        distances={("A", "S"): 1.0},
    )
    return optimise(scenario)


def test_plans_of_different_scenarios_compare_and_say_so(
    plans: dict[str, Plan], tmp_path: Path
) -> None:
    comparison = compare_plans([plans["base"], _hand_made()])
    first = comparison.input_changes.iloc[0]
    assert (first["change"], first["old"], first["new"]) == (
        "different scenarios",
        "tiny",
        "hand-made",
    )
    assert comparison.headlines == ("different scenarios: tiny vs hand-made",)
    removed = comparison.input_changes[comparison.input_changes["change"] == "row removed"]
    assert {"E1", "E2", "E3", "E4"} <= set(removed[removed["table"] == "enterprises"]["key"])
    text = write_comparison(comparison, tmp_path / "c.md").read_text(encoding="utf-8")
    section = text.split("## Input differences\n\n", 1)[1]
    assert section.splitlines()[0] == "different scenarios: tiny vs hand-made"
    moved = comparison.reassignments.set_index("enterprise")
    assert moved.loc["A", "from"] == "(none)" and moved.loc["A", "to"] == "S"


def split_park() -> Scenario:
    """A needs 30 m3/d and costs 300 a year alone; S holds 20 and T 10, each plant 50 a year."""
    return park(
        demands=[{"enterprise": "A", "demand_per_day": 30, "standalone_om_cny_per_year": 300}],
        tiers=[
            {"site": "S", "tier": "t", "capacity_per_day": 20, "fixed_om_cny_per_year": 50},
            {"site": "T", "tier": "t", "capacity_per_day": 10, "fixed_om_cny_per_year": 50},
        ],
        distances={("A", "S"): 1.0, ("A", "T"): 1.0},
    )


def test_a_split_demand_reads_as_shares() -> None:
    """The split park: single-sourced, A fits nowhere and stays alone (300); split, 2/3 go to
    S and 1/3 to T (100)."""
    scenario = split_park()
    single = optimise(scenario)
    split = optimise(scenario.with_overrides({"solver.single_sourcing": False}))
    assert (single.total_cost, split.total_cost) == (pytest.approx(300.0), pytest.approx(100.0))
    comparison = compare_plans([single, split])
    moved = comparison.reassignments.iloc[0]
    assert (moved["from"], moved["to"]) == ("self", "S 67% + T 33%")
    change = comparison.input_changes.iloc[0]
    assert (change["key"], change["old"], change["new"]) == ("solver.single_sourcing", True, False)


def test_a_comparison_needs_two_plans(plans: dict[str, Plan]) -> None:
    with pytest.raises(ValueError, match="at least two plans"):
        compare_plans([plans["base"]])


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def test_markdown_lists_every_change(comparison: Comparison, tmp_path: Path) -> None:
    text = write_comparison(comparison, tmp_path / "c.md").read_text(encoding="utf-8")
    assert text.startswith("# Plan comparison: base vs cheap-large vs no-S1 vs subsidy-20\n")
    assert "| Total annual cost | CNY/year | 506,680 | 476,086 | 731,850 | 488,346 |" in text
    assert "| cheap-large | E3 | Jinyuan Foods | sewage | self | S1 |" in text
    assert "| row changed | sites | S1 | status | optional | forbidden |" in text
    assert "### subsidy-20 vs base" in text


def test_html_is_self_contained(comparison: Comparison, tmp_path: Path) -> None:
    text = write_comparison(comparison, tmp_path / "c.html").read_text(encoding="utf-8")
    assert "<title>Plan comparison: base vs cheap-large vs no-S1 vs subsidy-20</title>" in text
    assert "*/sewage/large" in text and "Jinyuan Foods" in text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.IGNORECASE)
    assert "<script" not in text and "<link" not in text


def test_xlsx_has_a_sheet_per_table_that_reads_back(comparison: Comparison, tmp_path: Path) -> None:
    path = write_comparison(comparison, tmp_path / "c.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == [
        "SMEs",
        "KPIs",
        "Facilities",
        "Reassignments",
        "SME costs",
        "Input changes",
        "Notes",
    ]
    kpis = sheets["KPIs"]
    assert list(kpis["Key (for formulas)"]) == list(comparison.kpis["key"])
    assert list(kpis["cheap-large: change"].iloc[:1]) == pytest.approx(
        list(comparison.kpis["delta cheap-large"].iloc[:1]), rel=1e-15
    )
    moved = sheets["Reassignments"]
    assert list(moved["Treated at after"]) == list(comparison.reassignments["to"])


#: What a header of the comparison export may not be: a column or setting name as the code has it.
RAW_NAME = re.compile(
    r"^[a-z]+(?:_[a-z0-9]+)+$|^[a-z_]+(?:\.[a-z_<>0-9]+)+$|^(?:delta|kpi|key|plan|to|from|old|new|change|unit)\b"
)


def _headers(comparison: Comparison, tmp_path: Path) -> list[str]:
    headers = []
    for sheet in pd.read_excel(
        write_comparison(comparison, tmp_path / "c.xlsx"), sheet_name=None
    ).values():
        headers += [str(c) for c in sheet.columns]
    markdown = write_comparison(comparison, tmp_path / "c.md").read_text(encoding="utf-8")
    lines = markdown.splitlines()
    for above, line in itertools.pairwise(lines):
        if line.startswith("| ---") or line.startswith("| --"):
            headers += [cell.strip() for cell in above.strip("|").split("|")]
    html = write_comparison(comparison, tmp_path / "c.html").read_text(encoding="utf-8")
    headers += [h.strip() for h in re.findall(r"<th[^>]*>([^<]*)</th>", html)]
    return headers


def test_no_raw_column_name_reaches_the_comparison_export(
    comparison: Comparison, tmp_path: Path
) -> None:
    """Before, the headers were the frames' names: cost_before, change_pct, delta no-S1, kpi."""
    headers = _headers(comparison, tmp_path)
    assert "Cost before (CNY/year)" in headers and "Change (%)" in headers
    assert "no-S1: change (%)" in headers
    labels = set(comparison.labels)
    raw = [h for h in headers if h not in labels and RAW_NAME.search(h)]
    assert raw == []
    for table, frame in comparison.tables().items():
        assert not set(map(str, frame.columns)) - labels & set(headers), table


def test_an_unknown_suffix_is_refused(comparison: Comparison, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"expected a \.md, \.html or \.xlsx file"):
        write_comparison(comparison, tmp_path / "c.pdf")
    assert list(tmp_path.iterdir()) == []


MIXED_PARK = SCENARIOS / "mixed-park"


def _moves(before: Plan, after: Plan) -> set[tuple[str, str, str, str]]:
    """(enterprise, service, from, to) worked out directly from two single-sourced plans."""
    keys = ["enterprise", "service"]
    a = before.assignments.set_index(keys)["site"]
    b = after.assignments.set_index(keys)["site"]
    assert a.index.is_unique and b.index.is_unique
    both = pd.concat({"from": a, "to": b}, axis=1)
    moved = both[both["from"] != both["to"]]
    return {
        (e, s, f, t) for (e, s), f, t in zip(moved.index, moved["from"], moved["to"], strict=True)
    }


def _opened(plan: Plan) -> dict[tuple[str, str], str]:
    return {
        (str(j), str(s)): str(k)
        for j, s, k in plan.facilities[["site", "service", "tier"]].itertuples(index=False)
    }


@pytest.mark.slow
def test_mixed_park_subsidy_variants_differ_in_the_subsidy_rate_only() -> None:
    """no-subsidy vs subsidy-40: the inputs differ in one setting; the reassignments and facility
    changes listed are exactly those read off the two plans' own tables."""
    before, after = (optimise(MIXED_PARK, variant=v) for v in ("no-subsidy", "subsidy-40"))
    comparison = compare_plans([before, after])
    assert comparison.labels == ("mixed-park[no-subsidy]", "mixed-park[subsidy-40]")
    changes = comparison.input_changes[["change", "table", "key", "old", "new"]]
    assert [tuple(r) for r in changes.itertuples(index=False)] == [
        ("setting changed", "settings", "policy.subsidy_rate", 0.0, 0.4)
    ]
    assert comparison.headlines == (
        "same scenario (mixed-park): 1 setting and 0 table rows differ",
    )
    listed = comparison.reassignments[["enterprise", "service", "from", "to"]]
    assert {tuple(r) for r in listed.itertuples(index=False)} == _moves(before, after)
    a, b = _opened(before), _opened(after)
    expected = {(j, s, "opened") for j, s in b.keys() - a.keys()}
    expected |= {(j, s, "closed") for j, s in a.keys() - b.keys()}
    expected |= {(j, s, "resized") for j, s in a.keys() & b.keys() if a[j, s] != b[j, s]}
    facilities = comparison.facilities[["site", "service", "change"]]
    assert {tuple(r) for r in facilities.itertuples(index=False)} == expected
    kpis = comparison.kpis.set_index("key")
    assert kpis.loc["subsidy_total", "mixed-park[no-subsidy]"] == 0
    assert (
        kpis.loc["subsidy_total", "delta mixed-park[subsidy-40]"] == after.kpis["subsidy_total"] > 0
    )


@pytest.fixture(scope="module")
def mixed_units() -> Comparison:
    """A generated park of three services, sewage and dyeing pretreatment in m3 and spraying in
    t, against the same with its sites S1 and S2 forbidden: S1's sewage plant and S2's plants
    close, S3's and S4's open."""
    scenario = generate_park(30, 4, seed=1)
    closed = {"sites[S1].status": "forbidden", "sites[S2].status": "forbidden"}
    plans = [optimise(scenario, allocation=None), optimise(scenario.with_overrides(closed), None)]
    return compare_plans(plans, labels=["base", "no-S1-S2"])


#: The unit of each (site, service, change) row of ``mixed_units``, from the park's services.
MIXED_UNITS = {
    ("S1", "sewage", "closed"): "m3/day",
    ("S2", "spraying", "closed"): "t/day",
    ("S2", "dyeing_pretreatment", "closed"): "m3/day",
    ("S4", "sewage", "opened"): "m3/day",
    ("S4", "spraying", "opened"): "t/day",
    ("S3", "dyeing_pretreatment", "opened"): "m3/day",
}


def test_the_comparison_carries_the_units_of_the_services(mixed_units: Comparison) -> None:
    """Before: the facilities' capacities and loads had no unit but "service unit/day"."""
    assert mixed_units.service_units == {
        "sewage": "m3",
        "spraying": "t",
        "dyeing_pretreatment": "m3",
    }
    frame = mixed_units.facilities
    assert list(frame.columns[:4]) == ["plan", "site", "service", "unit"]
    rows = frame[["site", "service", "change", "unit"]].itertuples(index=False)
    assert {(s, v, c): u for s, v, c, u in rows} == MIXED_UNITS


def test_xlsx_comparison_gives_each_facilitys_unit(mixed_units: Comparison, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_comparison(mixed_units, tmp_path / "c.xlsx"))
    sheet = book["Facilities"]
    headers = [c.value for c in sheet[1]]
    assert headers[headers.index("Service") + 1] == "Unit"
    assert {"Capacity before (per day)", "Load after (per day)"} <= set(headers)
    assert not [h for h in headers if "service unit" in str(h)], headers
    at = {h: i for i, h in enumerate(headers)}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    shown = {
        (r[at["Site"]], r[at["Service"]], r[at["Change (opened, closed or resized)"]]): r[
            at["Unit"]
        ]
        for r in rows
    }
    assert shown == MIXED_UNITS


def test_html_comparison_gives_each_facilitys_unit(mixed_units: Comparison, tmp_path: Path) -> None:
    text = write_comparison(mixed_units, tmp_path / "c.html").read_text(encoding="utf-8")
    assert "service unit" not in text
    facilities = text.split("Facilities opened, closed or resized", 1)[1].split("</table>", 1)[0]
    heads = re.findall(r"<th[^>]*>(.*?)</th>", facilities)
    assert heads[heads.index("Service") + 1] == "Unit" and "Capacity after (per day)" in heads
    for (site, service, _), unit in MIXED_UNITS.items():
        cells = rf"<td[^>]*>{site}</td><td[^>]*>{service}</td><td[^>]*>{re.escape(unit)}</td>"
        assert re.search(cells, facilities), (site, service)


def test_a_service_in_another_unit_is_noted(tiny: Scenario) -> None:
    """The same scenario with sewage declared in t: the capacities before and after are not in
    one unit, and the comparison says so."""
    in_tonnes = tiny.with_overrides({"services.sewage.unit": "t"})
    comparison = compare_plans([optimise(tiny, allocation=None), optimise(in_tonnes, None)])
    assert comparison.service_units == {"sewage": "m3"}
    assert any("sewage is in t, the reference's in m3" in note for note in comparison.notes)
