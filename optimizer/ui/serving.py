"""The app served by ``streamlit run app.py`` on a free local port, for what drives it in a
browser: the real-browser tests (``tests/browser.py``) and the page-switch benchmark
(``benchmarks/app_pages.py``).

The app reads and saves scenarios in the folder given (:data:`~.storage.SCENARIOS_ENV`) and
solves through its worker pool, as in production (never inline: :data:`~.worker.INLINE_ENV` is
dropped). It runs in a process group of its own, so that its solve workers stop with it. Nothing
here imports Streamlit: the app runs in the child process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from .storage import SCENARIOS_ENV
from .worker import INLINE_ENV

#: ``app.py``, at the repository's root (beside ``scenarios/``).
APP = Path(__file__).resolve().parent.parent.parent / "app.py"
#: How long the app may take to answer its health check.
START_DEADLINE_S = 60.0
#: How long the app may take to stop once asked, before it is killed.
STOP_GRACE_S = 15.0


class AppDidNotStart(RuntimeError):
    """The app stopped, or did not answer in time, before it could be used."""


def free_port() -> int:
    """A local TCP port nobody listens on (as the kernel gives one out)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    """Does ``url`` answer with 200 OK (within a second)?"""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the app's process group: asked first, killed after :data:`STOP_GRACE_S`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_GRACE_S)


@contextlib.contextmanager
def serve(
    scenarios: Path, log: Path | None = None, start_deadline_s: float = START_DEADLINE_S
) -> Iterator[str]:
    """The app at the URL yielded (``http://127.0.0.1:PORT``), on the scenarios folder
    ``scenarios``, its output written to ``log`` (discarded without one); stopped after.

    Raises
    ------
    AppDidNotStart
        The app stopped, or did not answer within ``start_deadline_s``; the message ends with
        its log, when there is one.
    """
    port = free_port()
    env = {**os.environ, SCENARIOS_ENV: str(scenarios)}
    env.pop(INLINE_ENV, None)  # through the worker pool, as in production
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with contextlib.ExitStack() as files:
        output = files.enter_context(log.open("w")) if log is not None else subprocess.DEVNULL
        process = subprocess.Popen(
            command,
            cwd=APP.parent,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the solve workers stop with it
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_deadline_s
            while not answers(f"{url}/_stcore/health"):
                if process.poll() is not None or time.monotonic() > deadline:
                    said = f":\n{log.read_text()}" if log is not None else ""
                    how = (
                        f"stopped (exit code {process.returncode})"
                        if process.poll() is not None
                        else f"did not answer within {start_deadline_s:.0f} s"
                    )
                    raise AppDidNotStart(f"the app {how}{said}")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=0.2)  # wait on the process, not a bare sleep
            yield url
        finally:
            _stop(process)
