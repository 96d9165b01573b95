"""Where pure-Python shortest paths stop paying: both routes of :mod:`optimizer.network.paths`.

For square street grids of a few sizes and a few numbers of sources, the seconds of
:func:`~optimizer.network.paths.python_paths` and of scipy's ``dijkstra`` (its import not
counted), the work (links x sources) and the microseconds per unit of work; then the CPU seconds
of importing ``scipy.sparse.csgraph`` in a fresh interpreter (what the pure-Python route saves a
start that needs nothing else of scipy). The routes' distances are compared cell by cell.

Run from the repository root::

    python benchmarks/network_paths.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

from optimizer.network.graph import ParkNetwork
from optimizer.network.paths import python_paths, scipy_blocks


def grid(side: int, seed: int = 1) -> ParkNetwork:
    """A ``side x side`` street grid, every link both modes, lengths 0.05-0.15 km."""
    rng = np.random.default_rng(seed)
    index = np.arange(side * side).reshape(side, side)
    pairs = np.vstack(
        (
            np.column_stack((index[:, :-1].ravel(), index[:, 1:].ravel())),
            np.column_stack((index[:-1, :].ravel(), index[1:, :].ravel())),
        )
    )
    km = rng.uniform(0.05, 0.15, len(pairs)).round(3)
    links = pd.DataFrame({"a": pairs[:, 0], "b": pairs[:, 1], "pipe": km, "road": km})
    size = side * side
    return ParkNetwork(
        nodes=pd.Index([f"N{i}" for i in range(size)]),
        lon=np.zeros(size),
        lat=np.zeros(size),
        snap_targets=np.arange(size),
        links=links,
    )


def _seconds(run) -> tuple[float, np.ndarray]:
    start = time.process_time()
    result = run()
    return time.process_time() - start, result


def import_cpu() -> float:
    """CPU seconds of ``import scipy.sparse.csgraph`` after numpy and pandas, fresh process."""
    code = (
        "import resource, numpy, pandas\n"
        "u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "import scipy.sparse.csgraph\n"
        "v = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(v.ru_utime + v.ru_stime - u.ru_utime - u.ru_stime)\n"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(5)]
    return float(np.median(runs))


def main() -> None:
    print("links   sources  work       python s  scipy s   python us/work  same")
    for side in (4, 10, 30, 100):
        network = grid(side)
        for count in (3, 10, 50):
            sources = np.arange(min(count, side * side))
            limit = np.inf
            python_s, by_python = _seconds(
                lambda network=network, sources=sources, limit=limit: python_paths(
                    network.neighbours["pipe"], sources, limit
                )
            )
            network.adjacency  # noqa: B018 - built before timing, as the routes share it
            scipy_s, by_scipy = _seconds(
                lambda network=network, sources=sources, limit=limit: np.vstack(
                    [block for _, block in scipy_blocks(network, "pipe", sources, limit, 1)]
                )
            )
            work = len(network.links) * len(sources)
            same = bool(np.array_equal(by_python, by_scipy))
            print(
                f"{len(network.links):<7} {len(sources):<8} {work:<10} {python_s:<9.4f} "
                f"{scipy_s:<9.4f} {1e6 * python_s / work:<15.2f} {same}"
            )
    load = " ".join(f"{x:.2f}" for x in __import__("os").getloadavg())
    print(f"import scipy.sparse.csgraph: {import_cpu():.2f} s CPU (median of 5; load {load})")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
