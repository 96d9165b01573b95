"""Published CFLP instances through the user's route (``optimise``); one JSON line per instance.

    python benchmarks/cflp.py benchmarks/instances/orlib-cap/cap41.txt --format orlib
    python benchmarks/cflp.py benchmarks/instances/holmberg/p1 --format holmberg --single-source
    python benchmarks/cflp.py --suite orlib-small            # all 37 small OR-Library files
    python benchmarks/cflp.py --suite orlib-large --time-limit 600
    python benchmarks/cflp.py --suite holmberg --single-source --time-limit 120

Each line has ``instance``, ``objective``, ``bound``, ``gap``, ``status``, ``seconds`` (wall, whole
``optimise``) and ``solve_seconds``; a suite ends with a summary line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from optimizer.cflp import instance_scenario, read_instance
from optimizer.pipeline import optimise, solve_options
from optimizer.solvers.types import SolverError

INSTANCES = Path(__file__).resolve().parent / "instances"
LARGE_CAPACITIES = {
    "capa": (8000, 10000, 12000, 14000),
    "capb": (5000, 6000, 7000, 8000),
    "capc": (5000, 5750, 6500, 7250),
}


def suite(name: str) -> list[tuple[Path, str, float | None]]:
    """(file, format, capacity) of every instance of a suite."""
    if name == "orlib-small":
        files = sorted(
            (INSTANCES / "orlib-cap").glob("cap[0-9]*.txt"), key=lambda p: int(p.stem[3:])
        )
        return [(f, "orlib", None) for f in files]
    if name == "orlib-large":
        return [
            (INSTANCES / "orlib-cap" / f"{stem}.txt", "orlib", float(c))
            for stem, values in LARGE_CAPACITIES.items()
            for c in values
        ]
    if name in ("holmberg", "yang2012"):
        files = sorted((INSTANCES / name).glob("p*"), key=lambda p: int(p.name[1:]))
        return [(f, "holmberg", None) for f in files]
    raise SystemExit(f"unknown suite {name!r}")


def run_one(path: Path, fmt: str, capacity: float | None, args: argparse.Namespace) -> dict:
    instance = read_instance(path, fmt, capacity)
    scenario = instance_scenario(
        instance, single_source=args.single_source, time_limit_s=args.time_limit
    )
    if args.strong_linking is not None:
        scenario = scenario.with_overrides({"solver.strong_linking": args.strong_linking})
    options = solve_options(scenario, threads=args.threads, relax=args.relax)
    start = time.perf_counter()
    try:
        plan = optimise(scenario, options, allocation=None)
    except SolverError as error:
        return {"instance": instance.name, "status": "no plan", "message": str(error)}
    solver = plan.solver
    return {
        "instance": instance.name,
        "facilities_x_customers": list(instance.size),
        "single_source": args.single_source,
        "strong_linking": scenario.config["solver"]["strong_linking"],
        "objective": solver["objective"],
        "bound": solver["bound"],
        "gap": solver["gap"],
        "status": solver["status"],
        "seconds": round(time.perf_counter() - start, 3),
        "solve_seconds": round(solver["seconds"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--format", choices=("orlib", "holmberg"), default="orlib")
    parser.add_argument("--suite", choices=("orlib-small", "orlib-large", "holmberg", "yang2012"))
    parser.add_argument("--capacity", type=float, help="capacity of capa/capb/capc")
    parser.add_argument("--single-source", action="store_true")
    parser.add_argument("--relax", action="store_true", help="LP relaxation only")
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument(
        "--strong-linking",
        choices=("always", "never", "auto"),
        help="override the scenario's solver.strong_linking",
    )
    args = parser.parse_args(argv)
    if args.suite:
        cases = suite(args.suite)
    elif args.file:
        cases = [(args.file, args.format, args.capacity)]
    else:
        parser.error("give a FILE or --suite")
    results = []
    for path, fmt, capacity in cases:
        result = run_one(path, fmt, capacity, args)
        results.append(result)
        print(json.dumps(result), flush=True)
    if len(results) > 1:
        proven = [r for r in results if r.get("status") == "optimal"]
        print(
            json.dumps(
                {
                    "summary": args.suite,
                    "instances": len(results),
                    "proven_optimal": len(proven),
                    "max_seconds": max(r.get("seconds", 0) for r in results),
                    "total_seconds": round(sum(r.get("seconds", 0) for r in results), 1),
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
