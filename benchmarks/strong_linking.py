"""Strong linking (``assign <= open`` per pair) on and off, on the shipped scenarios and generated
parks: HiGHS's nodes, simplex iterations, seconds and CPU, beside what ``auto`` decides.

    python benchmarks/strong_linking.py                          # every shipped scenario and variant
    python benchmarks/strong_linking.py --features               # the rule's figures only, no solve
    python benchmarks/strong_linking.py --cases 150x15,300x20 --time-limit 60 --seeds 3
    python benchmarks/strong_linking.py --cases scenarios/textile-park --seeds 4

A case is a scenario folder (each variant is a case of its own unless ``--no-variants``) or a
generated park ``NxS`` (:func:`optimizer.generate.generate_park`, ``--park-seed``). Each run
builds the default route's model from the same prepared data with the rows forced on or off and
solves it with the project's HiGHS options (one thread, the scenario's gap, ``--time-limit``), so
the figures are the solver's alone. Nodes and iterations do not depend on the machine's load (same
model, same seed); a MIP search is chaotic, so compare medians over ``--seeds`` (HiGHS's
``random_seed``).

A benchmark, not a test: the seconds depend on the machine (quoted in docs/model.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
from dataclasses import replace
from pathlib import Path

import mixed_park  # the benchmark beside this one (benchmarks/ is on the path when run)

from optimizer.generate import generate_park
from optimizer.pipeline import solve_options
from optimizer.prepare import prepare
from optimizer.scenario import load_scenario
from optimizer.solvers.highs import make_highs
from optimizer.solvers.matrix import build_matrix
from optimizer.solvers.types import relative_gap
from optimizer.strong_linking import linking_figures, uses_strong_linking

SHIPPED = sorted(str(p.parent) for p in Path("scenarios").glob("*/scenario.yaml"))


def cases(names: list[str], variants: bool, park_seed: int):
    """(label, scenario) for every case named."""
    for name in names:
        if "x" in name and not Path(name).exists():
            n, s = (int(v) for v in name.split("x"))
            yield f"generated {name} (seed {park_seed})", generate_park(n, s, seed=park_seed)
            continue
        base = load_scenario(name)
        yield Path(name).name, base
        for variant in sorted(base.variants) if variants else []:
            yield f"{Path(name).name} {variant}", base.with_variant(variant)


def lp_bound(data, options) -> float:
    """The LP relaxation's optimum (the root bound before cuts)."""
    highs = make_highs(options)
    highs.passModel(build_matrix(data).to_lp(relax=True))
    highs.run()
    return float(highs.getInfo().objective_function_value)


def solve_once(data, options) -> dict:
    """One HiGHS run of the default route's model (:func:`mixed_park.solve_once`), with its gap."""
    run = mixed_park.solve_once(data, options, {}, False)
    return {**run, "gap": relative_gap(run["objective"], run["bound"]) or 0.0}


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def summary(runs: list[dict], lp: float) -> str:
    """Medians over the seeds, each run's gap, and the LP relaxation's optimum."""
    optimal = sum(r["status"] == "kOptimal" for r in runs)
    gaps = "/".join(f"{100 * r['gap']:.2f}" for r in runs)
    return (
        f"nodes {_median(runs, 'nodes'):g} its {_median(runs, 'iterations'):,.0f} "
        f"wall {_median(runs, 'seconds'):.2f} s CPU {_median(runs, 'cpu'):.2f} s "
        f"gaps {gaps} % ({optimal}/{len(runs)} optimal); best plan "
        f"{min(r['objective'] for r in runs):,.0f}, LP {lp:,.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(SHIPPED), help="comma-separated")
    parser.add_argument("--no-variants", action="store_true")
    parser.add_argument("--park-seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=2, help="HiGHS's random_seed 0..N-1")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--gap", type=float, help="the MIP gap (default: the scenario's)")
    parser.add_argument("--features", action="store_true", help="the rule's figures only")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    for label, scenario in cases(args.cases.split(","), not args.no_variants, args.park_seed):
        data = prepare(scenario)
        figures = linking_figures(data.pairs, data.tiers)
        auto = uses_strong_linking("auto", data.pairs, data.tiers)
        shown = ", ".join(f"{k} {v:g}" for k, v in figures.items())
        print(f"{label}: {shown}; auto -> {'strong' if auto else 'weak'}", flush=True)
        if args.features:
            continue
        options = solve_options(scenario, threads=1, time_limit_s=args.time_limit, mip_gap=args.gap)
        for strong in (False, True):
            model = replace(data, strong_linking=strong)
            runs = [solve_once(model, replace(options, seed=s)) for s in range(args.seeds)]
            name = "strong" if strong else "weak  "
            lp = lp_bound(model, options)
            print(f"  {name} {summary(runs, lp)}; load {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
