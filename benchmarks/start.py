"""Time the start of the ``optimizer`` command: ``--help``, ``--version`` and ``validate``.

Each command runs ``--runs`` times in a fresh process, as a user types it (the ``optimizer`` found
on ``PATH``; ``--python-m`` runs ``python -m optimizer`` instead). For each it prints the wall
and the CPU seconds (user + system of the child), their minimum and median, and the load average
before and after. Wall time on a shared machine follows the load; CPU seconds much less so.

Run from the repository root::

    python benchmarks/start.py --runs 5
    python -X importtime -m optimizer validate scenarios/tiny 2> imp.txt   # where the time goes
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    "--help": ["--help"],
    "--version": ["--version"],
    "validate tiny": ["validate", "scenarios/tiny"],
}


def _child_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def time_one(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (its output discarded)."""
    cpu = _child_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr}")
    return wall, _child_cpu() - cpu


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python-m", action="store_true", help="run python -m optimizer")
    args = parser.parse_args()
    found = shutil.which("optimizer")
    start = [sys.executable, "-m", "optimizer"] if args.python_m or not found else [found]
    print(f"command: {' '.join(start)}; {args.runs} runs each")
    for name, extra in COMMANDS.items():
        before = _load()
        times = [time_one(start + extra) for _ in range(args.runs)]
        walls, cpus = zip(*times, strict=True)
        print(
            f"{name:14} wall min {min(walls):.2f} s median {statistics.median(walls):.2f} s | "
            f"CPU min {min(cpus):.2f} s median {statistics.median(cpus):.2f} s | "
            f"load {before} -> {_load()}"
        )


if __name__ == "__main__":
    main()
