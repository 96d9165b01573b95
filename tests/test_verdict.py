"""One cost-sharing verdict everywhere, and true to the KPIs: ``mixed-park`` under every rule.

The command line's summary, the app's warning and the HTML report's card all carry the sentence
of ``optimizer.words.verdict``; its numbers are the plan's KPIs, and it never says "no subsidy"
beside a subsidy, nor "none" beside SMEs who would leave. With the default rule (``stable``)
nobody would leave ``mixed-park`` where a split keeping everyone in exists, and every facility
is checked exactly.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path

import pytest

from optimizer.allocation import RULES, allocate
from optimizer.cli.plan_commands import plan_summary
from optimizer.export.html_report import kpi_cards
from optimizer.pipeline import DEFAULT_RULE, optimise
from optimizer.plan import Plan
from optimizer.plan_views import kpi_item
from optimizer.scenario import load_scenario
from optimizer.sme_page import sme_facts
from optimizer.words import (
    money,
    sme_text,
    would_leave_line,
    would_leave_sentence,
    would_leave_warning,
)

MIXED_PARK = Path(__file__).resolve().parent.parent / "scenarios" / "mixed-park"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=[None, "subsidy-40"])
def mixed_park(request) -> tuple[Plan, object]:
    """The default plan of ``mixed-park`` (and of its ``subsidy-40`` variant), and its scenario."""
    scenario = load_scenario(MIXED_PARK, request.param)
    return optimise(scenario), scenario


def test_nobody_leaves_mixed_park_under_the_default_and_every_facility_is_checked(mixed_park):
    """The issue's example: ``subsidy-40`` printed "5 would leave under scrb" above "smallest
    subsidy 0". Under ``stable`` every facility's split is checked against every group, no
    facility's core is empty, and nobody would leave."""
    plan, _ = mixed_park
    assert DEFAULT_RULE == "stable" == plan.kpis["allocation_rule"]
    facilities = plan.allocation["facilities"]
    shared = facilities[facilities["members"] + facilities["upstream"] > 0]
    assert shared["core_checked"].all()
    assert plan.kpis["facilities_checked_exactly"] == len(shared) == plan.kpis["facilities"]
    assert not shared["core_empty"].any()
    assert plan.kpis["smes_would_leave"] == 0
    assert not plan.statement["would_leave"].any()
    assert plan.kpis["min_subsidy_to_keep_all"] == 0.0
    line = would_leave_line(plan.kpis, "CNY")
    assert line.startswith("none under stable cost sharing")
    assert f"at all {len(shared)} facilities" in line


def verdict_faces(plan: Plan) -> dict[str, str]:
    """What each face shows of the verdict."""
    return {
        "cli": dict(plan_summary(plan))["SMEs who would leave"],
        "html": kpi_cards(plan),
        "app": would_leave_warning(plan.kpis, "CNY") or "",
    }


@pytest.mark.parametrize("rule", RULES)
def test_every_face_says_the_one_verdict_and_it_matches_the_kpis(mixed_park, rule):
    """Under each rule: the same sentence on every face, with the KPIs' numbers, and no two
    statements that read as a contradiction."""
    plan, scenario = mixed_park
    plan = allocate(plan, rule, scenario=scenario)
    kpis = plan.kpis
    line = would_leave_line(kpis, "CNY")
    faces = verdict_faces(plan)
    assert faces["cli"] == line
    assert escape(would_leave_sentence(kpis, "CNY")) in faces["html"]
    assert "Smallest subsidy" not in faces["html"]  # the card that read "0" above "5 leave"
    count, subsidy = kpis["smes_would_leave"], kpis["min_subsidy_to_keep_all"]
    leaving = plan.statement.loc[plan.statement["would_leave"], "enterprise"].nunique()
    assert count == leaving
    if count:
        assert line.startswith(f"{count} under {rule} cost sharing: ")
        assert faces["app"].startswith(f"SMEs who would leave: {count} under {rule}")
        assert f"{count} SMEs would leave" in faces["html"] or count == 1
    else:
        assert line.startswith(f"none under {rule}") and faces["app"] == ""
        assert "nobody would leave" in faces["html"]
    if subsidy > 0:
        assert money(subsidy, "CNY/year") in line and "with no subsidy" not in line
        assert kpis["facilities_core_empty"] >= 1
    else:
        assert "smallest subsidy" not in line
        assert ("with no subsidy" in line) == (count > 0)
    if kpis["largest_group_gain"] > 0:
        assert money(kpis["largest_group_gain"], "CNY/year") in line
        assert kpis["largest_group_at"] in line
    alone = kpis["smes_paying_more_than_alone"]
    assert (f"{alone} pay more than alone" in line or f"{alone} pays more" in line) == (alone > 0)
    assert "every group checked exactly, at all" in line


def test_a_deadline_already_past_checks_no_group_and_every_face_says_so(mixed_park):
    """A deadline already past: every facility of several players is split by SCRB with
    individual rationality alone checked (``core_checked`` False, no subsidy or group figure
    that was not worked out), its shares still add up to its cost, and no face claims every
    group was checked, nor that no group would do better where none was checked."""
    plan, scenario = mixed_park
    late = allocate(plan, "stable", scenario=scenario, deadline=time.perf_counter())
    facilities = late.allocation["facilities"]
    shared = facilities[facilities["members"] + facilities["upstream"] > 0]
    several = shared[shared["members"] + shared["upstream"] >= 2]
    assert len(several) >= 2
    assert not several["core_checked"].any()
    assert several["core_empty"].isna().all()
    assert several[["min_subsidy", "least_core_excess", "blocking_excess"]].isna().all().all()
    assert (several["blocking_coalition"] == "").all()
    players = late.allocation["players"]
    paid = players.groupby(["site", "service"])["share_cny_per_year"].sum()
    for row in shared.itertuples():
        assert paid[(row.site, row.service)] == pytest.approx(row.annual_cost, rel=1e-9)
    assert (
        players.loc[players["site"].isin(several["site"]), "stable_share_cny_per_year"].isna().all()
    )
    kpis = late.kpis
    checked = int(shared["core_checked"].sum())  # only facilities of one player (no group)
    assert kpis["facilities_checked_exactly"] == checked < len(shared)
    line = would_leave_line(kpis, "CNY")
    assert f"every group checked exactly at {checked} of {len(shared)} facilities only" in line
    assert "every group checked exactly, at all" not in line
    if kpis["smes_would_leave"]:
        assert "with no subsidy" not in line or "at the facilities checked exactly" in line
    else:
        assert line.startswith("none found under stable cost sharing")
        assert "where every group was checked" in line
    faces = verdict_faces(late)
    assert faces["cli"] == line
    assert escape(would_leave_sentence(kpis, "CNY")) in faces["html"]
    assert "nobody would leave" not in faces["html"]
    subsidy = kpi_item("min_subsidy_to_keep_all", kpis["min_subsidy_to_keep_all"], "CNY")
    assert subsidy.label.endswith("at the facilities checked exactly")  # its sum skips the rest
    member = late.statement.merge(
        several.rename(columns={"site": "facility"})[["facility", "service"]]
    )["enterprise"].iloc[0]
    text = "\n".join(sme_text(sme_facts(late, member)).lines())
    assert "was not checked" in text and "The split is stable" not in text


def test_no_deadline_keeps_the_results_exactly(mixed_park):
    """``deadline=None`` is today's allocation, to the last digit; so is the one ``optimise``
    made with the deadline of its time limit (the checks end well within it here)."""
    plan, scenario = mixed_park
    plain = allocate(plan, "stable", scenario=scenario)
    assert allocate(plan, "stable", scenario=scenario, deadline=None).equals(plain)
    assert plan.equals(plain)
    assert plain.kpis["facilities_checked_exactly"] == plain.kpis["facilities_allocated"]
