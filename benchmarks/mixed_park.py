"""``mixed-park`` (and its variants) to proven optimality: HiGHS's time, B&B nodes and simplex
iterations, on one thread.

    python benchmarks/mixed_park.py                        # base, 5 runs, the docs' figure
    python benchmarks/mixed_park.py --variants all --repeat 3
    python benchmarks/mixed_park.py --seeds 8 --repeat 1   # HiGHS's seeds 0-7: the search's spread
    python benchmarks/mixed_park.py --log                  # HiGHS's own log of one run
    python benchmarks/mixed_park.py --option mip_heuristic_effort=0.1
    python benchmarks/mixed_park.py --whole                # optimise(): the plan's solver seconds

Each run builds the default route's model (:func:`optimizer.solvers.matrix.build_matrix`) and
solves it with the project's HiGHS options (:func:`optimizer.solvers.highs.make_highs`: one
thread, the scenario's gap), so the figure is the solver's alone. Nodes and simplex iterations do
not depend on the machine's load (same model, same seed): compare those first, seconds second.
A MIP search is chaotic: a change of the model that cannot matter (a row fewer, a coefficient
rounded otherwise) moves the node count as much as a change of HiGHS's ``random_seed`` does, so
compare medians over ``--seeds``. The CPU seconds of the process during the run are printed beside the wall seconds: on a busy
machine they are the steadier figure. ``--whole`` times ``optimise()`` instead (without cost sharing): the solver seconds of the plan,
which include the exact loads' re-solve when there is one. The same script runs against an older
checkout (``PYTHONPATH`` pointing at it) for before/after figures.

A benchmark, not a test: the seconds depend on the machine (quoted in docs/model.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import replace

from optimizer.pipeline import optimise, solve_options
from optimizer.prepare import prepare
from optimizer.scenario import load_scenario
from optimizer.solvers.highs import make_highs
from optimizer.solvers.matrix import build_matrix


def _option(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    for kind in (int, float):
        try:
            return key, kind(value)
        except ValueError:
            pass
    return key, {"true": True, "false": False}.get(value.lower(), value)


def _spread(values: list[int]) -> str:
    """The median and the values, e.g. ``median 17 of [3, 17, 56]``."""
    return f"median {statistics.median(values):g} of {sorted(values)}"


def solve_once(data, options, extra: dict, log: bool) -> dict:
    """One HiGHS run of the default route's model: seconds, nodes, iterations, objective."""
    matrix = build_matrix(data)
    lp = matrix.to_lp()
    highs = make_highs(replace(options, verbose=log))
    for key, value in extra.items():
        highs.setOptionValue(key, value)
    highs.passModel(lp)
    start, cpu = time.perf_counter(), time.process_time()
    highs.run()
    seconds = time.perf_counter() - start
    info = highs.getInfo()
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "nodes": int(info.mip_node_count),
        "iterations": int(info.simplex_iteration_count),
        "objective": float(info.objective_function_value),
        "bound": float(info.mip_dual_bound),
        "status": highs.getModelStatus().name,
        "rows": lp.num_row_,
        "columns": lp.num_col_,
        "integers": sum(1 for v in (lp.integrality_ or []) if int(v) == 1),
    }


def whole_once(scenario, options) -> dict:
    plan = optimise(scenario, options, allocation=None)
    return {
        "seconds": float(plan.solver["seconds"]),
        "cpu": float("nan"),
        "nodes": -1,
        "iterations": -1,
        "objective": float(plan.solver["objective"]),
        "bound": float(plan.solver["bound"]),
        "status": plan.solver["termination"],
        "rows": plan.provenance.get("sizes", {}).get("rows", -1),
        "columns": plan.provenance.get("sizes", {}).get("columns", -1),
        "integers": -1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/mixed-park")
    parser.add_argument("--variants", default="", help="comma-separated, or 'all' (base first)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=1, help="HiGHS's random_seed 0..N-1")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--log", action="store_true", help="print HiGHS's log (one run)")
    parser.add_argument("--whole", action="store_true", help="time optimise() instead")
    parser.add_argument("--option", action="append", default=[], help="HiGHS option key=value")
    args = parser.parse_args()
    extra = dict(_option(text) for text in args.option)
    base = load_scenario(args.scenario)
    names = [None]
    if args.variants == "all":
        names += sorted(base.variants)
    elif args.variants:
        names += args.variants.split(",")
    print(f"load average {os.getloadavg()[0]:.2f}; options {extra or 'the project defaults'}")
    for name in names:
        scenario = base.with_variant(name) if name else base
        options = solve_options(scenario, threads=args.threads, time_limit_s=120.0)
        data = prepare(scenario)
        runs = []
        for seed in range(args.seeds):
            seeded = replace(options, seed=seed)
            for _ in range(1 if args.log else args.repeat):
                if args.whole:
                    runs.append(whole_once(scenario, seeded))
                else:
                    runs.append(solve_once(data, seeded, extra, args.log))
        seconds = [r["seconds"] for r in runs]
        first = runs[0]
        print(
            f"{name or 'base'}: {first['status']}, objective {first['objective']:,.2f}, "
            f"bound {first['bound']:,.2f}; {first['rows']} rows, {first['columns']} columns "
            f"({first['integers']} integer); nodes {_spread([r['nodes'] for r in runs])}, "
            f"iterations {_spread([r['iterations'] for r in runs])}; seconds median "
            f"{statistics.median(seconds):.2f} (min {min(seconds):.2f}, max {max(seconds):.2f}, "
            f"{len(runs)} runs), CPU median {statistics.median(r['cpu'] for r in runs):.2f} s; "
            f"load average {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    main()
