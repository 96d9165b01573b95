"""Scaling of the whole route on synthetic parks, beside a bare highspy solve of the same model.

    python benchmarks/scaling.py                                   # 150, 1,000, 5,000 SMEs, LP relaxation
    python benchmarks/scaling.py --mip --time-limit 300 --gap 0.01 --sizes 5000x200
    python benchmarks/scaling.py --sizes 20000x500 --routes highs
    python benchmarks/scaling.py --mip --sizes 1000x50 --routes highs --time-limit 120 --gap 0.0001 \
        --strong-linking never --heuristic on           # the strong-linking table of docs/model.md
    python benchmarks/scaling.py --whole --sizes 5000x200 --threads 1,2,default \
        --time-limit 300 --gap 0.005                    # plain settings, the whole wait (issue 17)

``--whole``: first the LP relaxation through ``bare`` and ``highs`` (the hand-over ratio), then,
for each ``--threads`` value (a number, or ``default``: what a user who passes none gets), the
plain recipe ``optimise()`` with the default cost sharing, timed as the user's whole wait against
the time limit, with the limit the solver was given, the reserve kept after the solve for reading
the plan and sharing the costs, the gap, the bound and the load average.

Each (size, route) runs in a fresh process so that peak memory (max RSS) is its own. Routes:

- ``highs`` — the default: prepare, matrix assembly (``optimizer.solvers.matrix``), hand-over,
  solve, extract;
- ``highs-standard-form`` — the Pyomo reference model, compiled to standard form, handed to highspy;
- ``highs-appsi`` — Pyomo's APPSI HiGHS interface;
- ``bare`` — the same MILP from the same prepared arrays with no layer at all: numpy arrays into
  ``highspy.Highs.passModel`` and ``run`` (the floor any route can reach).

Figures per line: kept pairs, rows, columns, nonzeros, seconds for generate / check / prepare /
build+hand-over / solve / extract, peak RSS in MB, status, objective and gap.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

ROUTES = ("bare", "highs", "highs-standard-form", "highs-appsi")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bare(data, options) -> dict:
    """numpy arrays -> passModel -> run, timed from prepared data."""
    import highspy

    from optimizer.solvers.highs import make_highs, read_result
    from optimizer.solvers.matrix import build_matrix

    start = time.perf_counter()
    lp = build_matrix(data).to_lp(relax=options.relax)
    highs = make_highs(options)
    highs.passModel(lp)
    handover = time.perf_counter() - start
    highs.run()
    report, _ = read_result(highs, not options.relax, time.perf_counter() - start, handover, "bare")
    return {
        "rows": lp.num_row_,
        "cols": lp.num_col_,
        "nonzeros": len(lp.a_matrix_.value_),
        "build_handover_s": handover,
        "solve_s": report.seconds - handover,
        "extract_s": 0.0,
        "status": report.status,
        "objective": report.objective,
        "gap": report.gap,
        "highspy": highspy.__name__,
    }


def _route(scenario, data, options) -> dict:
    from optimizer.extract import extract_plan
    from optimizer.solvers.dispatch import solve_instance

    solution = solve_instance(data, options)
    report = solution.report
    start = time.perf_counter()
    if report.has_solution:
        extract_plan(scenario, data, solution, options)
    return {
        "build_handover_s": report.handover_seconds,
        "solve_s": report.seconds - report.handover_seconds
        if options.solver == "highs"
        else report.seconds,
        "extract_s": time.perf_counter() - start,
        "status": report.status,
        "objective": report.objective,
        "gap": report.gap,
    }


def run_one(size: str, route: str, args: argparse.Namespace) -> dict:
    """One (size, route) measurement in this process."""
    from optimizer.checks import check
    from optimizer.generate import generate_park
    from optimizer.prepare import prepare
    from optimizer.solvers.types import SolveOptions

    n, m = (int(x) for x in size.split("x"))
    clock = time.perf_counter()
    scenario = generate_park(n, m, seed=args.seed)
    if args.strong_linking != "auto":
        scenario = scenario.with_overrides({"solver.strong_linking": args.strong_linking})
    generated = time.perf_counter() - clock
    clock = time.perf_counter()
    if args.check:
        check(scenario)
    checked = time.perf_counter() - clock
    clock = time.perf_counter()
    data = prepare(scenario)
    prepared = time.perf_counter() - clock
    options = SolveOptions(
        solver="highs" if route == "bare" else route,
        relax=not args.mip,
        time_limit_s=args.time_limit,
        mip_gap=args.gap,
        threads=int(args.threads),
        heuristic=args.heuristic,
    )
    result = _bare(data, options) if route == "bare" else _route(scenario, data, options)
    result.update(
        size=size,
        route=route,
        mode="MIP" if args.mip else "LP",
        pairs=len(data.pairs),
        generate_s=generated,
        check_s=checked,
        prepare_s=prepared,
        peak_mb=_peak_mb(),
    )
    result["total_s"] = (
        checked + prepared + result["build_handover_s"] + result["solve_s"] + result["extract_s"]
    )
    return result


def run_whole(size: str, threads: str, args: argparse.Namespace) -> dict:
    """One plain ``optimise()`` of a generated park, timed as the user's whole wait."""
    from optimizer.generate import generate_park
    from optimizer.pipeline import after_solve_reserve, optimise, solve_options

    n, m = (int(x) for x in size.split("x"))
    scenario = generate_park(n, m, seed=args.seed)
    overrides = {"time_limit_s": args.time_limit, "mip_gap": args.gap, "heuristic": args.heuristic}
    if threads != "default":
        overrides["threads"] = int(threads)
    options = solve_options(scenario, **overrides)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    plan = optimise(scenario, options)
    wall = time.perf_counter() - start
    report = plan.solver
    return {
        "size": size,
        "threads": f"{threads} ({options.threads})" if threads == "default" else threads,
        "wall_s": wall,
        "time_limit_s": args.time_limit,
        "solver_limit_s": report.get("time_limit_s"),
        "reserve_s": after_solve_reserve(args.time_limit, n),
        "solver_s": report.get("seconds"),
        "status": report.get("status"),
        "objective": report.get("objective"),
        "bound": report.get("bound"),
        "gap": report.get("gap"),
        "start": report.get("start"),
        "reserve": report.get("reserve"),  # what became of the time kept for a re-solve
        "timings_s": plan.provenance.get("timings_s"),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "peak_mb": _peak_mb(),
    }


def _whole_row(r: dict) -> str:
    def shown(key: str, spec: str) -> str:
        return "-" if r.get(key) is None else format(r[key], spec)

    return (
        f"{r['size']:>10} threads {r['threads']:>12} wall {r['wall_s']:7.1f} s of "
        f"{r['time_limit_s']:g} s ({r['wall_s'] / r['time_limit_s']:.0%}), solver given "
        f"{shown('solver_limit_s', '.1f')} s, used {shown('solver_s', '.1f')} s, kept after it "
        f"{shown('reserve_s', '.1f')} s; {r['status']}, "
        f"gap {shown('gap', '.3%')}, plan {shown('objective', ',.0f')}, bound "
        f"{shown('bound', ',.0f')}; load {r['load_before']:.1f} -> "
        f"{r['load_after']:.1f}; steps "
        + ", ".join(f"{k} {v:.1f}" for k, v in (r.get("timings_s") or {}).items())
        + (f"; {r['reserve']}" if r.get("reserve") else "")
    )


def _run_child(forwarded: list[str], *extra: str) -> dict | None:
    child = subprocess.run(
        [sys.executable, __file__, *forwarded, *extra], capture_output=True, text=True, check=False
    )
    if child.returncode != 0:
        print(f"{' '.join(extra)}: failed\n{child.stderr[-2000:]}", flush=True)
        return None
    return json.loads(child.stdout.strip().splitlines()[-1])


def whole(args: argparse.Namespace, forwarded: list[str]) -> int:
    """The LP hand-over ratio to bare highspy, then the plain recipe per thread count."""
    lp_args = [a for a in forwarded if a not in ("--whole", "--mip")]
    for size in args.sizes.split(","):
        main([*lp_args, "--sizes", size, "--routes", "bare,highs", "--threads", "1"])
        for threads in args.threads.split(","):
            result = _run_child(forwarded, "--one-whole", size, threads)
            if result is not None:
                print(json.dumps(result) if args.json else _whole_row(result), flush=True)
    return 0


def _row(r: dict) -> str:
    gap = "" if r.get("gap") is None else f"{r['gap']:.2%}"
    objective = "" if r.get("objective") is None else f"{r['objective']:.6g}"
    return (
        f"{r['size']:>10} {r['route']:>20} {r['mode']:>3} {r['pairs']:>8} "
        f"{r['prepare_s']:8.2f} {r['build_handover_s']:9.2f} {r['solve_s']:8.2f} "
        f"{r['extract_s']:8.2f} {r['total_s']:8.2f} {r['peak_mb']:8.0f} {r['status']:>20} "
        f"{objective:>14} {gap:>8}"
    )


HEADER = (
    f"{'size':>10} {'route':>20} {'':>3} {'pairs':>8} {'prepare':>8} {'build+ho':>9} "
    f"{'solve':>8} {'extract':>8} {'total':>8} {'peak MB':>8} {'status':>20} {'objective':>14} "
    f"{'gap':>8}"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="150x15,1000x50,5000x200")
    parser.add_argument("--routes", default="bare,highs,highs-standard-form,highs-appsi")
    parser.add_argument("--mip", action="store_true", help="solve the MIP (default: LP relaxation)")
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument(
        "--threads", default="1", help="solver threads; with --whole, a list (1,2,default)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--strong-linking", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("--heuristic", choices=("auto", "on", "off"), default="auto")
    parser.add_argument("--check", action="store_true", help="also time the validation")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "ROUTE"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print JSON lines only")
    parser.add_argument(
        "--whole", action="store_true", help="the plain recipe as a user waits for it (see above)"
    )
    parser.add_argument("--one-whole", nargs=2, metavar=("SIZE", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_whole:
        print(json.dumps(run_whole(args.one_whole[0], args.one_whole[1], args)))
        return 0
    forwarded = [a for a in (argv if argv is not None else sys.argv[1:])]
    if args.whole:
        return whole(args, forwarded)
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], args)))
        return 0
    if not args.json:
        print(HEADER, flush=True)
    for size in args.sizes.split(","):
        bare_total = None
        for route in args.routes.split(","):
            result = _run_child(forwarded, "--one", size, route)
            if result is None:
                continue
            if route == "bare":
                bare_total = result["build_handover_s"] + result["solve_s"]
            elif bare_total:
                result["ratio_to_bare_from_data"] = (
                    result["build_handover_s"] + result["solve_s"] + result["extract_s"]
                ) / bare_total
            print(json.dumps(result) if args.json else _row(result), flush=True)
            if not args.json and "ratio_to_bare_from_data" in result:
                print(
                    f"{'':>10} {'':>20}     x{result['ratio_to_bare_from_data']:.2f} of bare highspy "
                    "(build+hand-over+solve+extract, from prepared data)",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
