"""Rounds and seconds of the exact cost-sharing checks, per facility, on a plan far from optimal.

    python benchmarks/allocation_rounds.py                      # 1,000 SMEs, 50 sites, 20 s solve
    python benchmarks/allocation_rounds.py --smes 5000 --sites 100 --time-limit 300
    python benchmarks/allocation_rounds.py --plan saved.json     # solve once, reuse the plan
    python benchmarks/allocation_rounds.py --plan saved.json --within 2   # a deadline 2 s away

A plan solved with a short time limit has facilities whose SCRB split is outside the core, where
:func:`optimizer.allocation.core_facts` generates its programmes. This benchmark solves
``generate_park(--smes, --sites, seed)`` with ``--time-limit`` (``allocation=None``), or reads the
plan saved at ``--plan`` by an earlier run (so that a change is measured on the same plan), then
runs ``allocate(plan, "stable")`` counting, per facility, the master programmes solved (rounds)
and the seconds. Facilities whose SCRB split is in the core take no round and are not listed.
``--within`` gives ``allocate`` a deadline that many seconds after it starts.

A benchmark, not a test: the figures depend on the machine (quoted in docs/cost-allocation.md).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from optimizer.allocation import allocate, core, statement
from optimizer.generate import generate_park
from optimizer.pipeline import optimise, solve_options
from optimizer.plan import Plan


def _plan(smes: int, sites: int, seed: int, time_limit: float, saved: Path | None):
    scenario = generate_park(smes, sites, seed=seed)
    if saved is not None and saved.exists():
        return scenario, Plan.from_json(saved.read_text())
    start = time.perf_counter()
    plan = optimise(scenario, solve_options(scenario, time_limit_s=time_limit), allocation=None)
    print(
        f"solved in {time.perf_counter() - start:.0f} s ({plan.solver['status']}, "
        f"gap {plan.solver.get('gap', float('nan')):.4f}), {plan.kpis['facilities']} facilities"
    )
    if saved is not None:
        saved.write_text(plan.to_json())
    return scenario, plan


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--smes", type=int, default=1000)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--plan", type=Path, default=None, help="a plan file to reuse or write")
    parser.add_argument("--within", type=float, default=None, help="seconds to a deadline")
    args = parser.parse_args()
    scenario, plan = _plan(args.smes, args.sites, args.seed, args.time_limit, args.plan)

    rounds = [0]
    master, check = core._master, statement.split_and_check
    rows = []

    def counted_master(*a, **k):
        rounds[0] += 1
        return master(*a, **k)

    def timed_check(game, *a, **k):
        rounds[0], start = 0, time.perf_counter()
        result = check(game, *a, **k)
        rows.append((game.size, rounds[0], time.perf_counter() - start, result[2]))
        return result

    core._master, statement.split_and_check = counted_master, timed_check
    try:
        start = time.perf_counter()
        deadline = None if args.within is None else start + args.within
        allocated = allocate(plan, "stable", scenario=scenario, deadline=deadline)
        total = time.perf_counter() - start
    finally:
        core._master, statement.split_and_check = master, check
    for size, n, seconds, fair in sorted(rows, key=lambda r: -r[2]):
        if n:
            print(
                f"  {size:4d} players: {n:4d} rounds, {seconds:6.2f} s; core empty "
                f"{fair.core_empty}, subsidy {fair.min_subsidy:,.2f}, checked {fair.core_checked}"
            )
    k = allocated.kpis
    print(
        f"allocate stable: {total:.2f} s, {sum(r[1] for r in rows)} rounds; checked exactly "
        f"{k['facilities_checked_exactly']} of {k['facilities_allocated']}; smallest subsidy "
        f"{k['min_subsidy_to_keep_all']:,.2f}; would leave {k['smes_would_leave']}"
    )


if __name__ == "__main__":
    main()
