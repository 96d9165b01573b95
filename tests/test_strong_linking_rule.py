"""``solver.strong_linking: auto`` (:mod:`optimizer.strong_linking`): the rows go to a park of many
small demands beside their plants (mixed-park, without a setting of its own) and to every large
model, not to a park of a few large mills (textile-park); docs/model.md has the figures."""

from __future__ import annotations

import pandas as pd
import pytest

from optimizer.prepare import prepare
from optimizer.scenario import load_scenario
from optimizer.strong_linking import (
    LARGE_MODEL_PAIRS,
    SHARE_RULE_PAIRS,
    SMALL_DEMAND_SHARE,
    uses_strong_linking,
)


@pytest.mark.parametrize(("scenario", "strong"), [("mixed-park", True), ("textile-park", False)])
def test_auto_decides_on_the_shipped_parks(scenario, strong):
    shipped = load_scenario(f"scenarios/{scenario}")
    auto = shipped.with_overrides({"solver.strong_linking": "auto"})
    assert prepare(auto).strong_linking is strong


def test_mixed_park_gets_the_rows_without_a_setting_of_its_own():
    shipped = load_scenario("scenarios/mixed-park")
    assert "strong_linking" not in shipped.config["solver"] or (
        shipped.config["solver"]["strong_linking"] == "auto"
    )
    assert prepare(shipped).strong_linking


def _model(n_pairs: int, demand: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    tiers = pd.DataFrame({"site": ["A"], "service": ["s"], "max_load_per_day": [100.0]})
    pairs = pd.DataFrame({"site": "A", "service": "s", "demand_per_day": [demand] * n_pairs})
    return pairs, tiers


def test_a_large_model_gets_the_rows_whatever_its_demands():
    large = 100 * (SMALL_DEMAND_SHARE * 2)  # demands too large for the share rule alone
    assert not uses_strong_linking("auto", *_model(LARGE_MODEL_PAIRS, large))
    assert uses_strong_linking("auto", *_model(LARGE_MODEL_PAIRS + 1, large))


def test_the_share_rule_stops_at_mid_sized_models():
    small = 100 * SMALL_DEMAND_SHARE / 2
    assert uses_strong_linking("auto", *_model(SHARE_RULE_PAIRS, small))
    assert not uses_strong_linking("auto", *_model(SHARE_RULE_PAIRS + 1, small))


def test_the_share_threshold_is_inclusive():
    at = 100 * SMALL_DEMAND_SHARE
    assert uses_strong_linking("auto", *_model(3, at))
    assert not uses_strong_linking("auto", *_model(3, at * 1.01))
    assert not uses_strong_linking("never", *_model(3, at / 10))
