"""Leave-one-out for every SME of ``mixed-park``: one re-solve per member of a shared facility.

    python benchmarks/leave_one_out.py                      # mixed-park, 2 workers (the docs' figure)
    python benchmarks/leave_one_out.py --workers 1 --scenario scenarios/textile-park

The scenario is solved once (its own solver settings, the default cost-sharing rule), then
:func:`optimizer.batch.whatif.leave_one_out` re-solves it once per SME that shares a facility,
that SME's demands dropped, each warm-started from the plan, ``--workers`` at a time in the
batch's process pool. Printed: the wall time, the re-solves per minute, how many leavers change
the park's total by how much, and how many close the facility they were in.

A benchmark, not a test: the figures depend on the machine (quoted in docs/batch.md).
"""

from __future__ import annotations

import argparse
import time

from optimizer.batch.whatif import leave_one_out
from optimizer.pipeline import optimise
from optimizer.words import money


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/mixed-park")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    plan = optimise(args.scenario)
    print(
        f"{plan.label}: {money(plan.total_cost, 'CNY/year')}, solved in {time.perf_counter() - start:.1f} s"
    )
    start = time.perf_counter()
    frame = leave_one_out(plan, workers=args.workers)
    wall = time.perf_counter() - start
    leavers = frame.groupby("leaving").first()
    n = len(leavers)
    print(
        f"leave-one-out: {n} re-solves with {args.workers} workers in {wall:.1f} s wall "
        f"({n / wall * 60:.1f} per minute); statuses: {leavers['status'].value_counts().to_dict()}"
    )
    change = leavers["total_change"]
    print(
        f"park total if one leaves: from {money(change.min(), signed=True)} to "
        f"{money(change.max(), signed=True)} CNY/year (median {money(change.median(), signed=True)})"
    )
    moved = frame[(frame["member"] != "") & (frame["now_at"] != "")]
    closed = moved.groupby(["leaving", "facility"]).apply(
        lambda rows: not rows["now_at"].str.contains(rows.name[1], regex=False).any(),
        include_groups=False,
    )
    print(f"leavers whose facility closes (all its other members elsewhere): {int(closed.sum())}")


if __name__ == "__main__":
    main()
