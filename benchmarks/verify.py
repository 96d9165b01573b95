"""``verify`` of a large plan: a generated 5,000-SME park solved once, then verified.

    python benchmarks/verify.py                          # 5,000 SMEs, 100 sites, the docs' figure
    python benchmarks/verify.py --smes 1000 --sites 40 --time-limit 60

``generate_park(--smes, --sites, seed)`` is solved once with a short time limit (the plan need not
be optimal to be verified: it must be feasible and costed right), without cost sharing, and its
JSON round trip verified (:func:`optimizer.verify.verify_plan`: the scenario rebuilt from the
inputs the plan carries, prepared, every rule and figure recomputed). Timed: the verification,
``--repeat`` times (the best and the median are printed), and its parts: rebuilding the scenario
and preparing it (the network's distances) against the checks themselves.

A benchmark, not a test: the figures depend on the machine (quoted in docs/model.md).
"""

from __future__ import annotations

import argparse
import statistics
import time

from optimizer.generate import generate_park
from optimizer.pipeline import optimise, solve_options
from optimizer.plan import Plan, scenario_of
from optimizer.prepare import prepare
from optimizer.verify import verify_plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smes", type=int, default=5000)
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = generate_park(args.smes, args.sites, seed=args.seed)
    options = solve_options(scenario, time_limit_s=args.time_limit, mip_gap=0.01)
    start = time.perf_counter()
    plan = optimise(scenario, options, allocation=None)
    solved = time.perf_counter() - start
    print(
        f"park: {args.smes:,} SMEs, {args.sites} sites, {plan.kpis['demands']:,} demands, "
        f"{plan.provenance['sizes']['pairs']:,} pairs; solved in {solved:.1f} s "
        f"({plan.solver['status']}, gap {plan.solver.get('gap')})"
    )
    plan = Plan.from_json(plan.to_json())
    seconds, result = [], None
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = verify_plan(plan)
        seconds.append(time.perf_counter() - start)
    start = time.perf_counter()
    prepare(scenario_of(plan))
    preparing = time.perf_counter() - start
    checks = sum(result.checked.values())
    print(
        f"verify: {'ok' if result.ok else 'NOT OK'}, {checks:,} checks, "
        f"best {min(seconds):.2f} s, median {statistics.median(seconds):.2f} s "
        f"(of which rebuilding and preparing the scenario {preparing:.2f} s)"
    )
    for difference in result.differences[:10]:
        print("  ", difference)


if __name__ == "__main__":
    main()
