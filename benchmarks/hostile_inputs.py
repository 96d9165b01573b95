"""Damaged and extreme scenarios by the thousand, counted by how each one ends.

    python benchmarks/hostile_inputs.py                         # 1,000 inputs, seed 16
    python benchmarks/hostile_inputs.py --count 2000 --seed 3 --workers 2 --bound 60
    python benchmarks/hostile_inputs.py --bases tiny,mixed-park --show 20 --every 100

The inputs come from the generator of the test suite (``tests/hostile.py``: YAML structure and
bombs, cells, columns, encodings, workbooks, variants and overrides, extreme numbers, sweeps).
Each worker is one long-lived process that solves the undamaged bases once, then takes input
after input: it writes the damage into a fresh folder and runs ``optimizer validate`` and, where
validation passes, ``optimizer solve`` (``optimizer batch`` for a sweep) in that process, as
the tests do; an input whose scenario hashes as one solved before (a base, or an earlier
input) takes that plan, as a batch keeps a stored plan, instead of being solved again.
(``--solve-refused`` solves the refused inputs too, to check that the solve refuses them the
same way; the test sample always does.) A worker that takes longer than
``--bound`` seconds on one input is killed, the input counted as a hang, and a new worker takes
its place. Every ``--every`` inputs a line gives the running counts; at the end, a table of how
the inputs ended (by family too), the slowest inputs and the first few of each failure. The goal
is 0 of every failure.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing as mp
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the generator lives with the tests that sample it

import hostile  # noqa: E402

GENERATOR_ERROR = "generator error"
#: A clear refusal, or the base plan: the two ways of ending well.
REFUSED_OK, SOLVED_OK = "refused ok", "solved ok"
#: How an input may end, in the order the counts show them (failures first).
FAILURES = (
    hostile.TRACEBACK,
    hostile.HANG,
    hostile.VAGUE,
    hostile.CHANGED,
    hostile.ACCEPTED,
    hostile.REFUSED_VALID,
    hostile.DISAGREE,
    GENERATOR_ERROR,
)
ENDINGS = (*FAILURES, REFUSED_OK, SOLVED_OK)
#: Short names of the endings in the running counts.
SHORT = {
    hostile.TRACEBACK: "tracebacks",
    hostile.HANG: "hangs",
    hostile.VAGUE: "vague",
    hostile.CHANGED: "silently changed",
    hostile.ACCEPTED: "accepted",
    hostile.REFUSED_VALID: "valid refused",
    hostile.DISAGREE: "disagree",
    GENERATOR_ERROR: "generator errors",
    REFUSED_OK: "refused ok",
    SOLVED_OK: "solved ok",
}
#: Seconds a new worker may take to draw the inputs and solve the bases before it is a failure.
START_BOUND_S = 300.0


@dataclass(frozen=True)
class Ended:
    """How one input ended."""

    index: int
    ending: str
    seconds: float
    note: str


def _judge(
    damage: hostile.Damage, work: Path, base: dict, solve_refused: bool, solved: dict[str, str]
) -> tuple[str, float, str]:
    """The ending, seconds and note of one input, run in ``work``."""
    result = hostile.run_damage(damage, work, solve_refused=solve_refused, solved=solved)
    verdict = hostile.verdict(result, base)
    if verdict == hostile.OK:
        verdict = REFUSED_OK if result.solve[0] != 0 else SOLVED_OK
    return verdict, result.seconds, result.note


def _work(
    connection: Connection, seed: int, count: int, bases: tuple[str, ...], solve_refused: bool
) -> None:
    """A worker: draw the inputs, solve the bases, say ready; then judge each input whose
    position arrives on ``connection`` and answer with an :class:`Ended`, until None."""
    items = hostile.damages(seed, count, bases)
    with tempfile.TemporaryDirectory() as folder:
        plans = {base: hostile.base_plan(base, Path(folder)) for base in bases}
    solved = {plan["input_hash"]: json.dumps(plan) for plan in plans.values()}
    connection.send("ready")
    while True:
        index = connection.recv()
        if index is None:
            return
        damage = items[index]
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            try:
                ending, seconds, note = _judge(
                    damage, Path(folder), plans[damage.base], solve_refused, solved
                )
            except Exception as error:  # the generator's own failure: shown, never hidden
                ending, note = GENERATOR_ERROR, f"{type(error).__name__}: {error}"
                seconds = time.perf_counter() - start
        connection.send(Ended(index, ending, seconds, note))


class _Worker:
    """One worker process, the input it is on and since when."""

    def __init__(self, seed: int, count: int, bases: tuple[str, ...], solve_refused: bool) -> None:
        self.connection, theirs = mp.Pipe()
        self.process = mp.Process(
            target=_work, args=(theirs, seed, count, bases, solve_refused), daemon=True
        )
        self.process.start()
        theirs.close()
        self.ready = False
        self.index: int | None = None
        self.since = time.monotonic()

    def give(self, index: int) -> None:
        self.index, self.since = index, time.monotonic()
        self.connection.send(index)

    @property
    def busy(self) -> bool:
        """On an input, or still starting (drawing the inputs, solving the bases)."""
        return self.index is not None or not self.ready

    def deadline(self, bound: float) -> float:
        return self.since + (bound if self.ready else START_BOUND_S)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class Tally:
    """The endings so far, and the running line printed every ``every`` inputs."""

    def __init__(self, count: int, every: int) -> None:
        self.count, self.every = count, every
        self.ended: list[Ended] = []
        self.counts: collections.Counter[str] = collections.Counter()
        self.start = time.perf_counter()

    def add(self, ended: Ended) -> None:
        self.ended.append(ended)
        self.counts[ended.ending] += 1
        done = len(self.ended)
        if done % self.every == 0 or done == self.count:
            print(self.line(), flush=True)

    def line(self) -> str:
        wall = time.perf_counter() - self.start
        shown = [
            f"{SHORT[e]} {self.counts[e]}"
            for e in ENDINGS
            if e in FAILURES[:4] or e in (REFUSED_OK, SOLVED_OK) or self.counts[e]
        ]
        return f"  {len(self.ended):>5} of {self.count} in {wall:4.0f} s: " + ", ".join(shown)


class _Pool:
    """The workers, each given the next input when it is free; one past its bound is killed
    (its input a hang) and one that died is replaced (its input a crash)."""

    def __init__(self, args: tuple, workers: int, bound: float, tally: Tally) -> None:
        self.args, self.bound, self.tally = args, bound, tally
        self.workers = [_Worker(*args) for _ in range(workers)]

    def give(self, pending: collections.deque[int]) -> None:
        for worker in self.workers:
            if worker.ready and worker.index is None and pending:
                worker.give(pending.popleft())

    @property
    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.busy]

    def watch(self) -> None:
        """Wait for an answer or a bound; take the answers, replace the workers past a bound."""
        busy = self.busy
        timeout = max(0.0, min(w.deadline(self.bound) for w in busy) - time.monotonic())
        ready = wait([w.connection for w in busy], timeout=timeout)
        for position, worker in enumerate(self.workers):
            if worker.busy and worker.connection in ready:
                if self._answer(worker):
                    continue
            elif not worker.busy or time.monotonic() < worker.deadline(self.bound):
                continue
            self._replace(position, worker)

    def _answer(self, worker: _Worker) -> bool:
        """Take the worker's answer; False when it died instead."""
        try:
            answer = worker.connection.recv()
        except EOFError:
            return False
        if answer == "ready":
            worker.ready = True
        else:
            self.tally.add(answer)
            worker.index = None
        return True

    def _replace(self, position: int, worker: _Worker) -> None:
        if worker.index is not None:
            seconds = time.monotonic() - worker.since
            worker.process.join(0.5)
            if worker.process.is_alive():
                self.tally.add(Ended(worker.index, hostile.HANG, seconds, ""))
            else:
                note = f"the worker process died (exit code {worker.process.exitcode})"
                self.tally.add(Ended(worker.index, hostile.TRACEBACK, seconds, note))
        elif not worker.ready:
            raise RuntimeError("a worker could not draw the inputs or solve the bases")
        worker.kill()
        self.workers[position] = _Worker(*self.args)

    def close(self) -> None:
        for worker in self.workers:
            if worker.process.is_alive():
                worker.kill()


def run(
    seed: int,
    count: int,
    bases: tuple[str, ...],
    workers: int,
    bound: float,
    every: int = 50,
    solve_refused: bool = False,
) -> list[Ended]:
    """How every input ended, in the order they finished (a running line every ``every``)."""
    pending = collections.deque(range(count))
    tally = Tally(count, every)
    pool = _Pool((seed, count, bases, solve_refused), min(workers, count), bound, tally)
    try:
        while pending or any(w.index is not None for w in pool.workers):
            pool.give(pending)
            pool.watch()
    finally:
        pool.close()
    return tally.ended


def report(ended: list[Ended], items: list[hostile.Damage], show: int) -> None:
    """The table of endings (overall and by family), the slowest inputs, the first failures."""
    counts = collections.Counter(e.ending for e in ended)
    print(f"\n  {'ending':<32} {'inputs':>6}")
    for ending in ENDINGS:
        print(f"  {ending:<32} {counts.get(ending, 0):>6}")
    print(f"  {'all':<32} {len(ended):>6}")
    families: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    seconds: collections.Counter[str] = collections.Counter()
    for e in ended:
        families[items[e.index].kind][e.ending] += 1
        seconds[items[e.index].kind] += e.seconds
    print(
        f"\n  {'family':<10} {'inputs':>6} {'failed':>6} {'refused ok':>10} {'solved ok':>9} "
        f"{'worker s':>8}"
    )
    for kind, by in sorted(families.items()):
        failed = sum(by[f] for f in FAILURES)
        print(
            f"  {kind:<10} {sum(by.values()):>6} {failed:>6} {by[REFUSED_OK]:>10} "
            f"{by[SOLVED_OK]:>9} {seconds[kind]:>8.0f}"
        )
    expected = collections.Counter(items[e.index].expect for e in ended)
    print("\nexpected outcomes: " + ", ".join(f"{k} {n}" for k, n in sorted(expected.items())))
    slowest = sorted(ended, key=lambda e: -e.seconds)[:5]
    print("slowest: " + "; ".join(f"{items[e.index].label} {e.seconds:.1f} s" for e in slowest))
    for ending in FAILURES:
        bad = [e for e in ended if e.ending == ending]
        if bad:
            print(f"\n{ending} ({len(bad)}):")
            for e in bad[:show]:
                print(f"  {items[e.index].label} ({e.seconds:.1f} s): {e.note[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--bound", type=float, default=60.0, help="seconds before a hang")
    parser.add_argument(
        "--bases",
        default=",".join(hostile.BASES),
        help="scenarios damaged (mixed-park adds seconds a solve)",
    )
    parser.add_argument("--every", type=int, default=50, help="inputs between running counts")
    parser.add_argument("--show", type=int, default=5, help="failures shown of each kind")
    parser.add_argument(
        "--solve-refused", action="store_true", help="solve the inputs validation refuses too"
    )
    args = parser.parse_args()
    bases = tuple(b.strip() for b in args.bases.split(",") if b.strip())
    items = hostile.damages(args.seed, args.count, bases)
    print(
        f"{args.count} inputs (seed {args.seed}, bases {', '.join(bases)}), {args.workers} "
        f"workers, a hang after {args.bound:.0f} s",
        flush=True,
    )
    start = time.perf_counter()
    ended = run(
        args.seed, args.count, bases, args.workers, args.bound, args.every, args.solve_refused
    )
    wall = time.perf_counter() - start
    report(ended, items, args.show)
    print(f"\n{len(ended)} inputs in {wall:.0f} s ({len(ended) / wall * 60:.0f} a minute)")


if __name__ == "__main__":
    main()
