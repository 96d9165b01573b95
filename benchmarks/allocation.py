"""Exact cost-sharing checks at scale: a 150-member facility, and a generated 1,000-SME park.

    python benchmarks/allocation.py                         # both parts, the figures of the docs
    python benchmarks/allocation.py --members 300           # a larger facility
    python benchmarks/allocation.py --smes 1000 --sites 50 --time-limit 300 --gap 0.01
    python benchmarks/allocation.py --skip-facility --plan saved.json   # solve once, reuse it

Part 1, one facility: ``--members`` players drawn with ``numpy.random.default_rng(seed)`` (loads
of 5-120 m3/d in tenths; stand-alone costs on a capacity^0.79 curve, 15% of them unable to treat
alone), on four tiers sized 25%, 50%, 75% and 100% of their total load (capex on the same curve
at a third of the stand-alone price per m3/d, 2% fixed O&M, 0.6 per m3). Timed: the exact check
of the SCRB split (its most blocking group), the smallest subsidy and the ``stable`` split, and
the check of that split.

Part 2, a park: ``generate_park(--smes, --sites, seed)`` solved once (not timed here; the solver's
figures are printed), or its plan read from ``--plan`` when that file exists (written there
otherwise), so that a change is measured on the same plan: a plan solved against a time limit
differs with the machine's load. Then ``allocate`` end to end (the scenario prepared again, as for
a plan read from a file) under every rule: seconds (wall and CPU, the process's), facilities
checked exactly, SMEs who would leave, and the smallest subsidy that lets a split keep everyone
in.

A benchmark, not a test: the figures depend on the machine (quoted in docs/cost-allocation.md).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.allocation import (
    RULES,
    allocate,
    core_facts,
    facility_cost_function,
    facility_game,
    most_blocking,
    scrb,
    split_and_check,
)
from optimizer.costs import annuity


def facility(members: int, seed: int):
    """A facility game of ``members`` players and their alternatives (see the docstring)."""
    rng = np.random.default_rng(seed)
    loads = np.round(rng.uniform(5.0, 120.0, members), 1)
    alone = 22_000 * 20 * (loads / 20) ** 0.79 * annuity(0.08, 15) + 1.3 * 330 * loads + 12_000
    alternatives = np.where(rng.uniform(size=members) < 0.15, np.inf, alone)
    total = float(loads.sum())
    capacity = total * np.array([0.25, 0.5, 0.75, 1.0])
    capex = 22_000 / 3 * 20 * (capacity / 20) ** 0.79
    tiers = pd.DataFrame(
        {
            "capacity_per_day": capacity,
            "annual_capex": capex * annuity(0.08, 20),
            "fixed_om": 0.02 * capex,
            "unit_cost": np.full(4, 0.6 * 330),
        }
    )
    cost = facility_cost_function(tiers)
    grand = float(cost(np.array([total]))[0])
    players = tuple(f"E{i:03d}" for i in range(members))
    return facility_game(players, loads, alternatives, cost, grand), alternatives


def one_facility(members: int, seed: int) -> None:
    game, alternatives = facility(members, seed)
    print(f"facility of {members} members, c(M) = {game.grand_cost():,.0f} a year")
    start = time.perf_counter()
    shares = scrb(game)
    found = most_blocking(game, shares)
    checked = time.perf_counter()
    print(
        f"  exact check of SCRB: {checked - start:.2f} s; most blocking group of "
        f"{int(found.members.sum())} pays {max(found.excess, 0.0):,.2f} above its own cost"
    )
    facts = core_facts(game, alternatives, shares)
    facts_done = time.perf_counter()
    print(
        f"  smallest subsidy {facts.min_subsidy:,.2f} (core empty: {facts.core_empty}), "
        f"least core {facts.least_core_excess:,.2f}: {facts_done - checked:.2f} s "
        f"({len(facts.cuts.rows)} groups generated)"
    )
    start = time.perf_counter()
    stable, _, fair = split_and_check(game, "stable", alternatives)
    print(
        f"  stable split and its check from scratch: {time.perf_counter() - start:.2f} s; "
        f"moves {np.abs(stable - shares).sum() / 2:,.2f} a year from SCRB; "
        f"would leave: {int(fair.would_leave.sum())}; "
        f"largest excess {most_blocking(game, stable).excess:,.4f}"
    )


def park(
    smes: int, sites: int, seed: int, time_limit: float, gap: float, saved: Path | None = None
) -> None:
    from optimizer.generate import generate_park
    from optimizer.pipeline import optimise, solve_options
    from optimizer.plan import Plan

    scenario = generate_park(smes, sites, seed=seed)
    start = time.perf_counter()
    if saved is not None and saved.exists():
        plan, how = Plan.from_json(saved.read_text()), f"read from {saved.name}"
    else:
        options = solve_options(scenario, time_limit_s=time_limit, mip_gap=gap)
        plan = optimise(scenario, options, allocation=None)
        how = f"solved in {time.perf_counter() - start:.0f} s"
        if saved is not None:
            saved.write_text(plan.to_json())
    print(
        f"park of {smes} SMEs and {sites} sites: {how} "
        f"({plan.solver['status']}, gap {plan.solver.get('gap', float('nan')):.4f}), "
        f"{plan.kpis['facilities']} facilities"
    )
    for rule in RULES:
        start, cpu = time.perf_counter(), time.process_time()
        allocated = allocate(plan, rule, scenario=scenario)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        k = allocated.kpis
        largest = allocated.allocation["facilities"][["members", "upstream"]].sum(axis=1).max()
        print(
            f"  {rule:>12}: {seconds:5.2f} s (CPU {cpu:5.2f} s); checked exactly {k['facilities_checked_exactly']} "
            f"of {k['facilities_allocated']} (largest {largest} players); would leave "
            f"{k['smes_would_leave']}; cores empty {k['facilities_core_empty']}; smallest "
            f"subsidy {k['min_subsidy_to_keep_all']:,.2f} a year"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--members", type=int, default=150)
    parser.add_argument("--smes", type=int, default=1000)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--skip-park", action="store_true")
    parser.add_argument("--skip-facility", action="store_true")
    parser.add_argument(
        "--plan", type=Path, default=None, help="a park plan file to reuse or write"
    )
    args = parser.parse_args()
    if not args.skip_facility:
        one_facility(args.members, args.seed)
    if not args.skip_park:
        park(args.smes, args.sites, args.seed, args.time_limit, args.gap, args.plan)


if __name__ == "__main__":
    main()
