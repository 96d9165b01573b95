"""Damaged and extreme scenarios by the thousand, counted by how each one ends.

    python benchmarks/hostile_inputs.py                         # 1,000 inputs, seed 16
    python benchmarks/hostile_inputs.py --count 2000 --seed 3 --workers 2 --bound 60
    python benchmarks/hostile_inputs.py --bases tiny,mixed-park --show 20

The inputs come from the generator of the test suite (``tests/hostile.py``: YAML structure and
bombs, cells, columns, encodings, workbooks, variants and overrides, extreme numbers, sweeps),
each run through ``optimizer validate`` and ``optimizer solve`` (``optimizer batch`` for a sweep)
in a worker process. A worker that takes longer than ``--bound`` seconds on one input is killed
and the input counted as a hang. Printed: how many inputs ended each way (tracebacks, hangs, vague
messages, silently changed results, valid inputs refused, ...), by family, the slowest inputs and
the first few of each failure. The goal is 0 of every failure.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the generator lives with the tests that sample it

import hostile  # noqa: E402


def _work(connection: Connection, seed: int, count: int, bases: tuple[str, ...]) -> None:
    """Run the inputs whose positions arrive on ``connection``; answer with each verdict."""
    items = hostile.damages(seed, count, bases)
    plans: dict[str, dict] = {}
    while True:
        index = connection.recv()
        if index is None:
            return
        damage = items[index]
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            if damage.base not in plans:
                plans[damage.base] = hostile.base_plan(damage.base, work)
            try:
                result = hostile.run_damage(damage, work)
                verdict, note, seconds = (
                    hostile.verdict(result, plans[damage.base]),
                    result.note,
                    result.seconds,
                )
            except Exception as error:  # the generator's own failure: shown, never hidden
                verdict, note, seconds = "generator error", f"{type(error).__name__}: {error}", 0.0
        connection.send((index, verdict, seconds, note))


class _Worker:
    def __init__(self, seed: int, count: int, bases: tuple[str, ...]) -> None:
        self.connection, theirs = mp.Pipe()
        self.process = mp.Process(target=_work, args=(theirs, seed, count, bases), daemon=True)
        self.process.start()
        self.index: int | None = None
        self.since = 0.0

    def give(self, index: int) -> None:
        self.index, self.since = index, time.monotonic()
        self.connection.send(index)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()


def run(seed: int, count: int, bases: tuple[str, ...], workers: int, bound: float) -> list[tuple]:
    """(index, verdict, seconds, note) of every input, in the order they finished."""
    pending = list(range(count))
    pool = [_Worker(seed, count, bases) for _ in range(workers)]
    done: list[tuple] = []
    while pending or any(w.index is not None for w in pool):
        for position, worker in enumerate(pool):
            if worker.index is None and pending:
                worker.give(pending.pop(0))
            if worker.index is None:
                continue
            if worker.connection.poll(0.05):
                done.append(worker.connection.recv())
                worker.index = None
                if len(done) % 100 == 0:
                    print(f"  {len(done)} of {count}", flush=True)
            elif time.monotonic() - worker.since > bound:
                done.append((worker.index, hostile.HANG, time.monotonic() - worker.since, ""))
                worker.kill()
                pool[position] = _Worker(seed, count, bases)
    for worker in pool:
        worker.connection.send(None)
        worker.process.join(timeout=10)
    return done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--bound", type=float, default=60.0, help="seconds before an input is a hang"
    )
    parser.add_argument("--bases", default=",".join((*hostile.BASES, "mixed-park")))
    parser.add_argument("--show", type=int, default=5, help="failures shown of each kind")
    args = parser.parse_args()
    bases = tuple(b.strip() for b in args.bases.split(",") if b.strip())
    items = hostile.damages(args.seed, args.count, bases)
    start = time.perf_counter()
    done = run(args.seed, args.count, bases, args.workers, args.bound)
    wall = time.perf_counter() - start
    verdicts = collections.Counter(v for _, v, _, _ in done)
    print(f"\n{args.count} inputs (seed {args.seed}, bases {', '.join(bases)}) in {wall:.0f} s")
    for verdict in (
        hostile.OK,
        hostile.TRACEBACK,
        hostile.HANG,
        hostile.VAGUE,
        hostile.ACCEPTED,
        hostile.CHANGED,
        hostile.REFUSED_VALID,
        hostile.DISAGREE,
        "generator error",
    ):
        print(f"  {verdict:<32} {verdicts.get(verdict, 0):>6}")
    families = collections.defaultdict(collections.Counter)
    for index, verdict, _, _ in done:
        families[items[index].kind][verdict] += 1
    print("\nby family (inputs, and those not ok):")
    for kind, counts in sorted(families.items()):
        bad = sum(n for v, n in counts.items() if v != hostile.OK)
        print(f"  {kind:<10} {sum(counts.values()):>5} {bad:>5}")
    expected = collections.Counter(items[i].expect for i, _, _, _ in done)
    print("\nexpected outcomes: " + ", ".join(f"{k} {n}" for k, n in sorted(expected.items())))
    slowest = sorted(done, key=lambda row: -row[2])[:5]
    print("slowest: " + "; ".join(f"{items[i].label} {s:.1f} s" for i, _, s, _ in slowest))
    for verdict in sorted(set(verdicts) - {hostile.OK}):
        print(f"\n{verdict}:")
        for index, _, seconds, note in [row for row in done if row[1] == verdict][: args.show]:
            print(f"  {items[index].label} ({seconds:.1f} s): {note[:300]}")


if __name__ == "__main__":
    main()
