"""The large-park heuristic alone, timed on the process's CPU clock (for a shared machine).

    python benchmarks/heuristic_cpu.py --size 5000x200 --cpu 200
    python benchmarks/heuristic_cpu.py --size 2500x100 --cpu 90 \\
        --passes '[[3, [0]], [3, [0.5, 0.25, 0.75]], [2, [0, 0.5, 0.25, 0.75]]]' \\
        --later-option mip_rel_gap=2e-4

On a machine shared with other work, wall-clock runs of ``find_start``
(:mod:`optimizer.solvers.warmstart`) compare nothing: each run gets what the others leave. With
one thread and a fixed seed the heuristic's path is deterministic while no sub-problem hits its
limit, so here every deadline of the heuristic is read on the CPU clock of this process
(``time.process_time``), HiGHS's own wall-clock limits are lifted, and each region's
sub-problem is stopped after ``--region-cpu`` CPU seconds (the shipped limit, 30 s, by
default). Each better plan is printed with the CPU seconds at which it was found; two variants
are compared by their plans at the same CPU seconds (``docs/model.md`` has the figures).

``--passes`` replaces ``REGION_PASSES`` ((side, shifts) pairs, as JSON); ``--later-option
NAME=VALUE`` sets a HiGHS option on the region sub-problems of every pass but the first
(``--option`` on all of them).
"""

from __future__ import annotations

import argparse
import json
import time
import types


def _value(text: str) -> float | int | str:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _options(pairs: list[str]) -> dict[str, float | int | str]:
    return {k: _value(v) for k, v in (pair.split("=", 1) for pair in pairs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="5000x200", help="SMEs x sites of the generated park")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cpu", type=float, default=200.0, help="CPU seconds for the heuristic")
    parser.add_argument("--region-cpu", type=float, default=30.0)
    parser.add_argument("--passes", default=None, help="REGION_PASSES as JSON")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--later-option", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args()

    from optimizer.generate import generate_park
    from optimizer.pipeline import solve_options
    from optimizer.prepare import prepare
    from optimizer.solvers import highs as highs_module
    from optimizer.solvers import warmstart
    from optimizer.solvers.matrix import build_matrix

    cpu_clock = types.SimpleNamespace(perf_counter=time.process_time)
    highs_module.time = cpu_clock  # every Deadline on the CPU clock
    warmstart.time = cpu_clock
    if args.passes:
        warmstart.REGION_PASSES = tuple((s, tuple(sh)) for s, sh in json.loads(args.passes))
    warmstart.REGION_LIMIT_S = 1e6  # each region is stopped by its CPU deadline below
    every, later = _options(args.option), _options(args.later_option)

    n, m = (int(x) for x in args.size.split("x"))
    scenario = generate_park(n, m, seed=args.seed)
    options = solve_options(scenario, time_limit_s=args.cpu, mip_gap=0.005, threads=1)
    matrix = build_matrix(prepare(scenario))
    start = time.process_time()
    passes = [0]
    made = warmstart._highs

    def sub_solver(options, watch, deadline):
        highs = made(options, watch, deadline)
        highs.setOptionValue("time_limit", 1e6)  # HiGHS's wall clock: the deadlines decide
        if passes[0]:
            highs_module.Deadline(time.process_time() + args.region_cpu).watch(highs)
            for name, value in {**every, **(later if passes[0] > 1 else {})}.items():
                highs.setOptionValue(name, value)
        return highs

    improve = warmstart.improve_by_regions

    def counted(*a, **k):
        passes[0] += 1
        return improve(*a, **k)

    warmstart._highs = sub_solver
    warmstart.improve_by_regions = counted

    class Printed(warmstart.Watch):
        def post(self, x, objective):
            better = objective < self.objective
            super().post(x, objective)
            if better:
                print(
                    f"cpu {time.process_time() - start:7.1f} s  plan {objective:,.0f}", flush=True
                )

    result = warmstart.find_start(matrix, options, share=1.0, watch=Printed())
    print(f"done at cpu {time.process_time() - start:.1f} s: plan {result.objective:,.0f}")


if __name__ == "__main__":
    main()
