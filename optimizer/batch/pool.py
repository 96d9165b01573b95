"""The local process pool: worker processes that each solve one case at a time.

Unlike :class:`concurrent.futures.ProcessPoolExecutor`, whose every unfinished case fails once
any worker dies (``BrokenProcessPool``), this pool knows which case each worker is solving: a
worker that dies (killed, out of memory, a crash in a solver) fails that case only, and a new
worker takes its place for the cases left.

No worker outlives the batch: the pool stops its workers when the batch ends, fails or is
interrupted (Ctrl+C; ``run_batch`` turns SIGTERM into the same), and a worker whose batch
process dies without stopping it (``kill -9``) stops too: it watches a pipe from the batch
process, and on Linux the kernel also kills it when its parent (the fork server, which exits
with the batch process) goes. Workers ignore Ctrl+C themselves: the terminal sends it to every
process of the command, and the batch process decides.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from ..words.said import said
from .result import CaseProgress
from .work import FAILED, Outcome, Task, solve_case

#: Seconds a stopping worker gets to end by itself before it is killed.
STOP_GRACE_S = 2.0
#: A worker's answer that is only progress: the case is still running.
_RUNNING = object()
_PR_SET_PDEATHSIG = 1


def _context() -> Any:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["optimizer.batch"])
    return context


def die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent process ends."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def watch_parent(alive: Connection) -> None:
    """End this worker as soon as the process that started it closes its end of ``alive`` (or
    dies). The app's solve processes (:mod:`optimizer.ui.worker`) watch the same way."""
    with contextlib.suppress(EOFError, OSError):
        alive.recv_bytes()
    os._exit(0)


def serve(tasks: Connection, alive: Connection) -> None:
    """A worker's life: receive a task, send back where its solve stands every few seconds
    (:class:`CaseProgress`, from the solver's thread) and then its :class:`Outcome` (or, when
    the task cannot be read, the reason as text), until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    threading.Thread(target=watch_parent, args=(alive,), daemon=True).start()
    sending = threading.Lock()  # the solver's thread and this one share the pipe

    def send(message: Any) -> None:
        with sending, contextlib.suppress(OSError):
            tasks.send(message)

    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        except Exception as error:  # the task could not be unpickled here
            send(f"the worker could not read the case ({type(error).__name__}: {error})")
            continue
        if task is None:
            return
        send(solve_case(task, send))


@dataclass
class _Worker:
    process: Any
    tasks: Connection
    alive: Connection
    task: Task | None = None

    def give(self, task: Task) -> None:
        self.task = task
        self.tasks.send(task)


@dataclass
class Pool:
    """Worker processes, started on demand, that solve :class:`Task`\\ s one at a time each."""

    size: int
    context: Any = field(default_factory=_context)
    workers: list[_Worker] = field(default_factory=list)
    #: Told where each running case's solve stands, as its worker reports it.
    on_progress: Callable[[CaseProgress], None] | None = None

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        alive_theirs, alive_ours = self.context.Pipe(duplex=False)
        process = self.context.Process(target=serve, args=(theirs, alive_theirs), daemon=True)
        process.start()
        theirs.close()
        alive_theirs.close()
        worker = _Worker(process, ours, alive_ours)
        self.workers.append(worker)
        return worker

    def run(self, tasks: Sequence[Task]) -> Iterator[Outcome]:
        """Solve the tasks; yield each :class:`Outcome` as it comes (a dead worker's case as a
        failed outcome), then stop the workers. Closing the iterator early stops them too."""
        queue = deque(tasks)
        try:
            for _ in range(min(self.size, len(queue))):
                yield from self._next(self._start(), queue)
            while any(w.task is not None for w in self.workers):
                yield from self._collect(queue)
        finally:
            self.stop()

    def _collect(self, queue: deque[Task]) -> Iterator[Outcome]:
        busy = [w for w in self.workers if w.task is not None]
        ready = set(wait([w.tasks for w in busy] + [w.process.sentinel for w in busy]))
        for worker in busy:
            if worker.tasks not in ready and worker.process.sentinel not in ready:
                continue
            task = worker.task
            assert task is not None
            outcome = self._receive(worker, task)
            if outcome is _RUNNING:
                continue
            worker.task = None
            if outcome is None:
                outcome = lost(task, ended_how(worker.process))
            unsent = list(self._next(worker, queue))  # the worker goes on before we report
            yield outcome
            yield from unsent

    def _next(self, worker: _Worker, queue: deque[Task]) -> Iterator[Outcome]:
        """Give the next task to ``worker``, or to a new worker if this one has died; a task
        that cannot be sent at all fails (yielded) and the next one is tried."""
        while queue:
            fresh = not worker.process.is_alive()
            if fresh:
                self._retire(worker)
                worker = self._start()
            task = queue.popleft()
            try:
                worker.give(task)
                return
            except OSError as error:  # the worker died just now: a new one takes the task
                worker.task = None
                if fresh:  # ... unless a new one cannot take it either
                    yield lost(task, f"a new worker could not take it: {error}")
                else:
                    queue.appendleft(task)
                    worker.process.kill()
                    worker.process.join()
            except Exception as error:  # the task cannot be pickled
                worker.task = None
                yield lost(task, f"the case could not be sent to a worker: {error}")
        if not worker.process.is_alive():
            self._retire(worker)

    def _receive(self, worker: _Worker, task: Task) -> Outcome | object | None:
        """The worker's answer to ``task``: its outcome, None when the worker died without one,
        or :data:`_RUNNING` when it only said where the solve stands (passed on)."""
        try:
            while worker.tasks.poll():
                answer = worker.tasks.recv()
                if isinstance(answer, CaseProgress):
                    if self.on_progress is not None and answer.case == task.case_id:
                        self.on_progress(answer)
                    continue
                if isinstance(answer, str):
                    return Outcome(task.case_id, None, FAILED, answer)
                return answer
        except (EOFError, OSError):
            return None
        return _RUNNING if worker.process.is_alive() else None

    def _retire(self, worker: _Worker) -> None:
        worker.process.join(STOP_GRACE_S)
        for connection in (worker.tasks, worker.alive):
            connection.close()
        self.workers.remove(worker)

    def stop(self) -> None:
        """Stop every worker: ask, wait :data:`STOP_GRACE_S`, then kill; none is left running."""
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                if worker.task is None:
                    worker.tasks.send(None)
            worker.alive.close()  # the watch thread ends a busy worker at once
        for worker in self.workers:
            worker.process.join(STOP_GRACE_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.tasks.close()
        self.workers.clear()


def ended_how(process: Any) -> str:
    """How a worker process that gave no answer ended, in words (``killed by SIGKILL``)."""
    process.join(STOP_GRACE_S)
    code = process.exitcode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return said("failure.killed_by", signal=signal.Signals(-code).name)
        return said("failure.killed_by_signal", number=-code)
    return said("failure.exit_code", code=code) if code is not None else said("failure.no_answer")


def lost(task: Task, reason: str) -> Outcome:
    """The failed outcome of a case whose worker stopped without an answer."""
    return Outcome(
        task.case_id,
        None,
        FAILED,
        f"the worker solving this case stopped ({reason}); the other cases went on: run the "
        "same command again to retry it",
    )
