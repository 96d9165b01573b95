"""The Explore page's job: one at a time per session, run in the app's pool like a solve
(:meth:`optimizer.ui.worker.SolvePool.submit_work`), polled every second by a fragment that says
where it stands (the step, how many done of how many, the elapsed time, the running solve's best
plan, bound and gap in the scenario's currency) and offers Cancel; the rest of the page stays
usable meanwhile. With ``OPTIMIZER_APP_INLINE_SOLVE=1`` the job runs in the page's own process.

What a job gives is kept per kind (``alternatives``, ``whatif``, ``leave_one_out``) with the
context it was started in (the scenario, the plan and changes), so that a page can say when it
is of an earlier version; why it gave nothing is said until the next job of that kind (a cancel
once).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from optimizer.ui import language, state, views, worker
from optimizer.ui.outcomes import JobProgress, Outcome, Work
from optimizer.words import money, percent
from optimizer.words.catalogue import tr
from optimizer.words.said import spoken

POLL_SECONDS = 1.0
JOB = "explore:job"


#: Where the session keeps what each kind of job gave.
RESULT_KEYS = {
    "alternatives": "explore:alternatives",
    "whatif": "explore:whatif:result",
    "leave_one_out": "explore:leave_one_out",
}


def result_key(kind: str) -> str:
    return RESULT_KEYS[kind]


def notice_key(kind: str) -> str:
    return f"explore:notice:{kind}"


def running() -> tuple[str, Any, worker.Job] | None:
    """The session's running Explore job: its kind, its context and the pool's job."""
    return st.session_state.get(JOB)


def busy() -> bool:
    return running() is not None


def start(kind: str, work: Work, context: Any) -> None:
    """A button's work: run ``work`` inline (tests), or submit it to the pool and draw the page
    again (its buttons then disabled, the job's progress shown)."""
    if busy():  # a second click while a job runs
        return
    st.session_state.pop(notice_key(kind), None)
    if worker.inline_solves():
        record(kind, context, work.run(lambda _report: None))
        return
    st.session_state[JOB] = (kind, context, state.solve_pool().submit_work(work))
    st.rerun()


def record(kind: str, context: Any, outcome: Outcome) -> None:
    """Keep what the job gave (with its context), or why it gave nothing."""
    if outcome.ok:
        st.session_state[result_key(kind)] = (context, outcome.value)
    else:
        st.session_state[notice_key(kind)] = outcome


def result(kind: str) -> tuple[Any, Any] | None:
    """The context and value of the last job of ``kind`` that gave one."""
    return st.session_state.get(result_key(kind))


def fraction(job: worker.Job) -> float:
    """How far the job is: done of total when it counts, else its time against its budget."""
    latest = job.latest
    if isinstance(latest, JobProgress) and latest.total:
        return min(latest.done / latest.total, 0.99)
    return job.progress()


def solve_words(job: worker.Job) -> str:
    """The running solve's best plan, bound and gap, in the job's currency ("" before any)."""
    objective, bound, gap = job.figures()
    if objective is None and bound is None:
        return ""
    cur = job.currency
    parts = [
        tr("explore.job.no_plan")
        if objective is None
        else tr("explore.job.best", amount=money(objective, digits=0), cur=cur)
    ]
    if bound is not None:
        parts.append(tr("explore.job.bound", amount=money(bound, digits=0), cur=cur))
    if gap is not None:
        parts.append(tr("explore.job.gap", gap=percent(gap)))
    return tr("list.sep").join(parts)


def progress_text(job: worker.Job) -> str:
    """What the bar says: waiting for a process, or the step, how far, the time, the solve."""
    seconds = f"{job.elapsed():.0f}"
    latest = job.latest
    if job.state == "queued" or not isinstance(latest, JobProgress):
        return tr("explore.job.queued", seconds=seconds)
    head = tr(f"explore.job.{latest.step}", done=latest.done, total=latest.total, seconds=seconds)
    solve = solve_words(job)
    return f"{head} {solve}" if solve else head


@st.fragment(run_every=POLL_SECONDS)
def progress(kind: str) -> None:
    """Poll the running job of ``kind``: where it stands, Cancel, and its outcome when done."""
    language.session_language()  # a fragment's own run starts in no language of the session
    now = running()
    if now is None or now[0] != kind:
        return
    _, context, job = now
    if job.done:
        st.session_state.pop(JOB, None)
        record(kind, context, job.outcome())
        st.rerun()
    st.progress(fraction(job), text=views.plain(progress_text(job)))
    if st.button(tr("explore.job.cancel"), key=f"explore:{kind}:cancel"):
        state.solve_pool().cancel(job)
        st.session_state.pop(JOB, None)
        record(kind, context, Outcome("cancelled"))
        st.rerun()


def status(kind: str) -> None:
    """The running job of ``kind`` (or that another job runs), or why the last one gave
    nothing."""
    now = running()
    if now is not None:
        if now[0] == kind:
            progress(kind)
        else:
            st.info(tr("explore.job.other"))
        return
    outcome: Outcome | None = st.session_state.get(notice_key(kind))
    if outcome is None:
        return
    if outcome.kind == "cancelled":
        st.session_state.pop(notice_key(kind), None)  # said once
        st.warning(tr("explore.job.cancelled"))
    elif outcome.kind == "infeasible":
        st.error(tr("explore.infeasible"))
        views.show_problems(outcome.problems)
    elif outcome.kind == "invalid":
        st.error(tr("explore.invalid"))
        views.show_problems(outcome.problems)
    else:
        st.error(tr("explore.job.failed", message=views.plain(spoken(outcome.message))))
