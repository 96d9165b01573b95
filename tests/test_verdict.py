"""One cost-sharing verdict everywhere, and true to the KPIs: ``mixed-park`` under every rule.

The command line's summary, the app's warning and the HTML report's card all carry the sentence
of ``optimizer.words.verdict``; its numbers are the plan's KPIs, and it never says "no subsidy"
beside a subsidy, nor "none" beside SMEs who would leave. With the default rule (``stable``)
nobody would leave ``mixed-park`` where a split keeping everyone in exists, and every facility
is checked exactly.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from optimizer.allocation import RULES, allocate
from optimizer.cli.plan_commands import plan_summary
from optimizer.export.html_report import kpi_cards
from optimizer.pipeline import DEFAULT_RULE, optimise
from optimizer.plan import Plan
from optimizer.scenario import load_scenario
from optimizer.words import money, would_leave_line, would_leave_sentence, would_leave_warning

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
