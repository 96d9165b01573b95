"""Near-optimal alternatives of a shipped park: wall time, facilities changed, fairness ranks.

    python benchmarks/alternatives.py                       # 10 within 2% of scenarios/mixed-park
    python benchmarks/alternatives.py --count 5 --within 0.01 --scenario scenarios/textile-park

Timed: :func:`optimizer.alternatives.optimise_alternatives` end to end (the least-cost plan, then
the search: one model in one HiGHS instance, a no-good cut added per alternative; then each
alternative extracted and cost-shared), with the seconds of each of those steps. Printed per
plan: its cost above the least cost, the facilities it changes (Hamming distance on the open
set), SMEs who would leave, the worst connected SME's saving and the spread of savings, and its
rank on each fairness criterion.

A benchmark, not a test: the figures depend on the machine (quoted in docs/alternatives.md).
"""

from __future__ import annotations

import argparse
import os

import pandas as pd

from optimizer.alternatives import optimise_alternatives, ranking_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/mixed-park")
    parser.add_argument("--within", type=float, default=0.02)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    found = optimise_alternatives(args.scenario, within=args.within, count=args.count)
    table = found.table.set_index("plan")
    for criterion in ("leavers", "worst-saving", "spread"):
        ranks = ranking_table(list(found.plans), criterion).set_index("plan")["rank"]
        table[f"rank {criterion}"] = ranks
    columns = ["extra_cost_pct", "distance", "changes", "would_leave", "worst_saving_pct"]
    columns += ["saving_spread_pct", "rank leavers", "rank worst-saving", "rank spread"]
    shown = table[columns]
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(shown.round(2).to_string())
    changed = table["distance"].iloc[1:]
    print(
        f"\n{len(found.plans) - 1} alternatives within {args.within:.1%} of "
        f"{found.least_cost.total_cost:,.0f} {found.currency}/year in {found.seconds:.1f} s "
        f"(wall, {os.cpu_count()} cores); facilities changed: min {changed.min()}, "
        f"max {changed.max()}, mean {changed.mean():.1f}; stopped: {found.stopped}"
    )
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in found.timings.items())
    print(f"steps: {steps}")


if __name__ == "__main__":
    main()
