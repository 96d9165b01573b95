"""The SME's page: ``optimizer statement``, the printable HTML page and the results page say the
same thing (the words of ``optimizer.words.sme_page``), with the figures of the plan's statement.

Plans: ``scenarios/tiny`` (E1 and E2 share the plant at S1, E3 and E4 treat alone; the figures
are worked out by hand in its README and in ``docs/cost-allocation.md``), ``scenarios/mixed-park``
for E074 (three services: two shared facilities and one treated alone), and the hand-made games
of ``docs/cost-allocation.md`` in euros: an empty core, SCRB outside the core, and proportional
sharing pushing a member out.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from builders import park
from typer.testing import CliRunner

from optimizer.allocation import allocate
from optimizer.cli import app
from optimizer.export import write_outputs
from optimizer.export.sme_html import sme_html
from optimizer.pipeline import optimise
from optimizer.plan import Plan
from optimizer.scenario import load_scenario
from optimizer.sme_page import FIGURES, SmePageError, sme_facts
from optimizer.words import money, points, sme_text

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: object):
    result = runner.invoke(app, ["statement", *map(str, args)])
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    """scenarios/tiny solved with the default rule, saved as ``optimizer solve --out`` does."""
    folder = tmp_path_factory.mktemp("tiny-plan")
    write_outputs(optimise(load_scenario(REPO / "scenarios" / "tiny")), folder)
    return folder


def row_of(plan: Plan, enterprise: str) -> dict:
    rows = plan.statement[plan.statement["enterprise"] == enterprise]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------


def test_a_member_reads_its_facility_distance_payment_saving_and_stability(tiny_dir):
    """E1 shares the small plant at S1 with E2 (README): share 95,633.49, transport 990.00,
    connection 26,648.23, total 123,271.72, alone 199,595.45, saving 76,323.73 (38.2 %)."""
    result = run(tiny_dir, "--enterprise", "E1")  # the folder stands for its plan.json
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("E1 ") and "sewage: shared facility at S1" in out
    for amount in ("95,633.49", "990.00", "26,648.23", "123,271.72", "199,595.45", "76,323.73"):
        assert f"{amount} CNY/year" in out
    assert "is your share of the facility's cost under stable cost sharing" in out
    assert "so you save 76,323.73 CNY/year (38.2%)" in out
    assert "shared with 1 other SME" in out and "60.0 m3/day" in out
    assert "The split is stable for your group" in out and "checked exactly" in out
    assert "would leave" not in out
    same = run(tiny_dir / "plan.json", "-e", "E1")
    assert same.output == out


def test_a_self_treating_sme_reads_that_it_treats_alone(tiny_dir):
    """E3 treats alone (133,063.64 a year): nothing shared, nothing saved, no stability claim."""
    out = run(tiny_dir, "-e", "E3").output
    assert "sewage: treated on your own" in out
    assert "you treat your sewage on your own: 133,063.64 CNY/year" in out
    assert "no saving" in out and "No shared facility takes any of your services" in out
    assert "share of the facility" not in out and "stable" not in out


def test_an_unknown_enterprise_exits_1_naming_it_and_the_closest_ids(tiny_dir):
    result = run(tiny_dir, "-e", "e1")
    assert result.exit_code == 1
    assert "enterprise 'e1'" in result.output and "did you mean 'E1'" in result.output
    result = run(tiny_dir, "-e", "E9")
    assert result.exit_code == 1
    assert "enterprise 'E9': no such enterprise in plan tiny (4 enterprises: E1 to E4)" in (
        result.output
    )
    assert "did you mean 'E1'" in result.output  # every id is one letter off


def test_a_plan_without_a_statement_exits_1_and_says_how_to_get_one(tmp_path):
    write_outputs(optimise(load_scenario(REPO / "scenarios" / "tiny"), allocation=None), tmp_path)
    result = run(tmp_path, "-e", "E1")
    assert result.exit_code == 1
    assert "plan tiny has no SME statement" in result.output and "--allocation" in result.output


@pytest.mark.parametrize(
    "args",
    [(), ("-e", "E1", "--all"), ("--all",), ("-e", "E1", "--out", "x", "--html", "y.html")],
)
def test_unclear_requests_are_usage_errors(tiny_dir, args):
    assert run(tiny_dir, *args).exit_code == 2


def test_json_carries_the_facts_and_the_same_sentences(tiny_dir):
    result = run(tiny_dir, "-e", "E2", "--json")
    document = json.loads(result.output)
    (page,) = document["pages"]
    (service,) = page["facts"]["services"]
    assert (service["facility"], service["share"]) == ("S1", pytest.approx(105_533.49, abs=0.01))
    lines = [page["text"]["title"], *page["text"]["headline"]]
    assert all(line in run(tiny_dir, "-e", "E2").output for line in lines)


# ---------------------------------------------------------------------------------------------
# The printable HTML page
# ---------------------------------------------------------------------------------------------


def figures_on(page: str) -> list[dict[str, str]]:
    """The figures of each section of a page, by statement column, as shown."""
    sections = re.split(r"<h2>", page)[1:]
    pattern = r'<td class="num" data-column="([a-z_]+)">([^<]*)</td>'
    return [dict(re.findall(pattern, section)) for section in sections]


def shown(row: dict, column: str) -> str:
    return points(row[column]) if column == "saving_pct" else money(row[column])


def test_the_html_pages_show_the_statement_rows_figures(tiny_dir, tmp_path):
    """One page per SME into a folder (other files there stay), and one file for all; read back,
    each page's figures are its statement row's, and its sentences the command line's."""
    plan = optimise(load_scenario(REPO / "scenarios" / "tiny"))
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "notes.txt").write_text("mine")
    result = run(tiny_dir, "--all", "--out", tmp_path / "pages")
    assert result.exit_code == 0 and "wrote 4 SME pages" in result.output
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [
        "E1.html",
        "E2.html",
        "E3.html",
        "E4.html",
        "notes.txt",
    ]
    for enterprise in ("E1", "E2", "E3", "E4"):
        page = (tmp_path / "pages" / f"{enterprise}.html").read_text(encoding="utf-8")
        (figures,) = figures_on(page)
        row = row_of(plan, enterprise)
        assert figures == {column: shown(row, column) for column in FIGURES}
        text = unescape(re.sub(r"<[^>]+>", "\n", page))
        for line in run(tiny_dir, "-e", enterprise).output.splitlines():
            assert line.strip() in text
        assert "<script" not in page and "http" not in page.replace("http-equiv", "").removeprefix(
            "<!DOCTYPE html>"
        )
    assert figures_on((tmp_path / "pages" / "E1.html").read_text())[0]["share_cny_per_year"] == (
        "95,633.49"
    )
    one = tmp_path / "all.html"
    assert run(tiny_dir, "--all", "--html", one).exit_code == 0
    assert len(figures_on(one.read_text(encoding="utf-8"))) == 4
    assert run(tiny_dir, "-e", "E2", "--html", tmp_path / "E2.html").exit_code == 0
    assert figures_on((tmp_path / "E2.html").read_text())[0]["total_cny_per_year"] == "150,546.66"


# ---------------------------------------------------------------------------------------------
# Who would leave, and why: the hand-made games of docs/cost-allocation.md, in euros
# ---------------------------------------------------------------------------------------------


def one_plant(members: dict[str, tuple[float, float]], tiers: list[tuple[str, float, float]]):
    """Members (load m3/d, cost alone) at one site A with these tiers (name, capacity, cost)."""
    demands = [
        {"enterprise": e, "demand_per_day": load, "standalone_om_cny_per_year": alone}
        for e, (load, alone) in members.items()
    ]
    rows = [
        {"site": "A", "tier": t, "capacity_per_day": c, "fixed_om_cny_per_year": f}
        for t, c, f in tiers
    ]
    return park(demands, rows, {(e, "A"): 0.0 for e in members}, currency="EUR")


def page_text(plan: Plan, enterprise: str) -> str:
    text = "\n".join(sme_text(sme_facts(plan, enterprise)).lines())
    assert "CNY" not in text and "CNY" not in sme_html(plan, [enterprise])
    return text


def test_an_empty_core_reads_right_for_the_leaving_pair_and_the_third_member():
    """Three members of 50 m3/d, 50 alone; the pair's small tier costs 60, the plant 100: no split
    keeps everyone in; the smallest subsidy is 10, after which each pays 30. {E1, E2} is the group
    that would leave (it pays 66.67 for what costs it 60): E1 and E2 would leave, E3 would stay."""
    plan = optimise(
        one_plant(
            {e: (50, 50) for e in ("E1", "E2", "E3")},
            [("small", 100, 60), ("large", 150, 100)],
        )
    )
    e1, e3 = page_text(plan, "E1"), page_text(plan, "E3")
    assert "you would leave the facility at A" in e1
    assert "You would leave: you and 1 other (E2) would together pay 6.67 EUR/year less" in e1
    assert "by building your own facility at A" in e1
    for text in (e1, e3):
        assert "The split is stable" not in text
        assert "No split of this facility's cost keeps every member in" in text
        assert "the smallest subsidy that lets one do so is 10.00 EUR/year" in text
        assert "with it your share would be 30.00 EUR/year" in text
        assert "You pay 33.33 EUR/year for it, all of it your share" in text
    assert "The split is not stable for your group: a group of 2 (E1, E2)" in e3
    assert "You yourself would stay" in e3 and "you would stay in every shared facility" in e3


def test_scrb_outside_the_core_says_which_group_leaves_and_the_stable_split():
    """A and B (1,000 alone) and C and D (10 alone), 10 m3/d each; small tier 20 m3/d for 60,
    large 40 for 75. SCRB: A, B 32.14, C, D 5.36; {A, B} pays 64.29 for 60 on its own. The
    stable split (the default) is 30, 30, 7.5, 7.5 and keeps everyone in."""
    members = {"A": (10, 1000), "B": (10, 1000), "C": (10, 10), "D": (10, 10)}
    plan = optimise(one_plant(members, [("small", 20, 60), ("large", 40, 75)]))
    scrb = allocate(plan, "scrb")
    a, c = page_text(scrb, "A"), page_text(scrb, "C")
    assert "You would leave: you and 1 other (B) would together pay 4.29 EUR/year less" in a
    assert "Another split of the facility's cost keeps every member in, with no subsidy" in a
    assert "your share would be 30.00 EUR/year" in a
    assert "a group of 2 (A, B)" in c and "your share would be 7.50 EUR/year" in c
    stable = page_text(plan, "A")
    assert (
        "30.00 EUR/year for it, all of it your share" in stable and "The split is stable" in stable
    )


def test_a_member_paying_more_than_alone_reads_by_how_much():
    """E1 (100 m3/d, 40 alone), E2 and E3 (50 m3/d, 60 alone), one plant of 90: proportional
    sharing charges E1 45, 5 more than alone."""
    members = {"E1": (100, 40), "E2": (50, 60), "E3": (50, 60)}
    plan = allocate(optimise(one_plant(members, [("t", 200, 90)])), "proportional")
    text = page_text(plan, "E1")
    assert "You would leave: you pay 5.00 EUR/year more than treating on your own." in text
    assert "so you pay 5.00 EUR/year more than alone" in text
    assert "your share would be 40.00 EUR/year" in text


def test_sme_facts_refuses_an_unknown_id_with_the_closest():
    plan = optimise(one_plant({"E1": (50, 50), "E2": (50, 50)}, [("t", 100, 60)]))
    with pytest.raises(SmePageError, match=r"enterprise 'E3'.*did you mean 'E1' or 'E2'"):
        sme_facts(plan, "E3")


# ---------------------------------------------------------------------------------------------
# mixed-park: E074, three services
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_mixed_park_e074_page_on_the_command_line(tmp_path):
    """E074 pretreats its dyeing wastewater at S11 (which sends its effluent on), sends sewage
    to S15 (shared with an upstream plant) and treats its spraying alone."""
    plan = optimise(load_scenario(REPO / "scenarios" / "mixed-park"))
    write_outputs(plan, tmp_path)
    result = run(tmp_path, "--enterprise", "E074")
    assert result.exit_code == 0
    out = result.output
    rows = plan.statement[plan.statement["enterprise"] == "E074"]
    assert list(rows["facility"]) == ["S11", "S15", "self"]
    for row in rows.to_dict("records"):
        assert money(row["total_cny_per_year"], "CNY/year") in out
    assert "dyeing_pretreatment: shared facility at S11" in out
    assert "includes what the facility pays to send its own streams on" in out
    assert "1 upstream facility sending it its stream" in out
    assert "spraying: treated on your own" in out
    assert out.count("The split is stable for your group") == 2
    total = money(rows["total_cny_per_year"].sum(), "CNY/year")
    assert f"you pay {total} for the treatment" in out
