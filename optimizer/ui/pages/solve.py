"""Solve page: options, the solve in its own process with live progress and cancel, the outcome.

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing. The solve runs in the shared
pool (:mod:`optimizer.ui.worker`), polled every second by a fragment, so the page stays
responsive and shows where the solver stands (elapsed time, best plan, bound, gap); with
``OPTIMIZER_APP_INLINE_SOLVE=1`` it runs in the page's own process instead (no live progress).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import streamlit as st

from optimizer.allocation import RULES
from optimizer.pipeline import DEFAULT_RULE, solve_options
from optimizer.plan_views import currency_of
from optimizer.scenario import Scenario
from optimizer.solvers.types import ROUTES, SolveOptions
from optimizer.ui import language, state, views, worker
from optimizer.ui.editors import set_path
from optimizer.words import money, points, progress_line
from optimizer.words.catalogue import tr, tr_n
from optimizer.words.said import spoken

POLL_SECONDS = 1.0
NO_ALLOCATION = "none"

#: The cost-allocation rules as offered: each rule's words in the catalogue (``solve.rule.<rule>``),
#: the option itself the rule's key, so that the choice stays when the language is switched.
RULE_CHOICES = (*RULES, NO_ALLOCATION)

#: What the pool says of a cancelled solve, as the page says it (in the session's language).
CANCEL_WORDS = {
    worker.CANCELLED: "solve.cancelled",
    worker.CANCELLED_QUEUED: "solve.cancelled.queued",
    worker.STOPPED: "solve.cancelled.running",
    worker.ALREADY_DONE: "solve.cancelled.done",
    worker.SHUT_DOWN: "solve.cancelled.shut_down",
}


def rule_words(rule: str) -> str:
    """A cost-allocation rule as the Solve page offers it, in the current language.

    >>> rule_words("shapley"), rule_words("none")
    ('Shapley value', 'none (no SME statement)')
    """
    return tr(f"solve.rule.{rule}")


@dataclass(frozen=True)
class Request:
    """What the Solve button would solve."""

    scenario: Scenario
    options: SolveOptions
    allocation: str | None


def _initial(key: str, value: object) -> str:
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def options_form(current: Scenario) -> Request | None:
    """The solve options (from the scenario's solver settings); None when one is unusable."""
    solver = current.config["solver"]
    left, middle, right = st.columns(3)
    with left:
        limit = st.number_input(
            tr("solve.time"),
            key=_initial(
                state.widget_key("solve:time"), _number(solver.get("time_limit_s"), 300.0)
            ),
            format=views.NUMBER_FORMAT,
            step=10.0,
            help=tr("solve.time_help"),
        )
        gap = st.number_input(
            tr("solve.gap"),
            key=_initial(state.widget_key("solve:gap"), _number(solver.get("mip_gap"), 1e-4)),
            format=views.NUMBER_FORMAT,
            step=1e-4,
            help=tr("solve.gap_help"),
        )
    with middle:
        routes = list(dict.fromkeys([*ROUTES, str(solver.get("name") or "highs")]))
        route = st.selectbox(
            tr("solve.route"),
            routes,
            key=_initial(state.widget_key("solve:route"), str(solver.get("name") or "highs")),
            help=tr("solve.route_help", highs="highs", pyomo="Pyomo"),
        )
        single = st.checkbox(
            tr("solve.single"),
            key=_initial(state.widget_key("solve:single"), bool(solver.get("single_sourcing"))),
            help=tr("solve.single_help"),
        )
    with right:
        shown = {rule: rule_words(rule) for rule in RULE_CHOICES}  # worded now: called later
        rule = st.selectbox(
            tr("solve.rule"),
            list(RULE_CHOICES),
            key=_initial(state.widget_key("solve:rule"), DEFAULT_RULE),
            format_func=shown.__getitem__,
            help=tr("solve.rule_help"),
        )
    if limit is None or limit <= 0 or gap is None or not 0 <= gap <= 1:
        st.error(tr("solve.bad_options"))
        return None
    scenario = _with_single_sourcing(current, single)
    options = solve_options(scenario, time_limit_s=float(limit), mip_gap=float(gap), solver=route)
    return Request(scenario, options, None if rule == NO_ALLOCATION else rule)


def _number(value: object, default: float) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default
    )


def _with_single_sourcing(current: Scenario, single: bool) -> Scenario:
    if bool(current.config["solver"].get("single_sourcing")) == single:
        return current
    settings = copy.deepcopy(current.settings)
    set_path(settings, "solver.single_sourcing", single)
    return current.with_settings(settings)


def start(request: Request) -> None:
    """The Solve button's callback (it runs before the page is drawn again, so the page then
    shows the job and a disabled button): solve inline (tests) or submit to the pool."""
    if state.job() is not None:  # a second click while a solve runs
        return
    language.session_language()  # a callback runs before the page: the plan's label is made now
    state.clear_outcome()
    state.solving(state.scenario())
    origin = state.solve_origin(request.scenario)
    if worker.inline_solves():
        state.set_outcome(
            worker.solve_outcome(request.scenario, request.options, request.allocation, origin)
        )
        return
    pool = state.solve_pool()
    state.set_job(pool.submit(request.scenario, request.options, request.allocation, origin))


@st.fragment(run_every=POLL_SECONDS)
def progress() -> None:
    """Poll the running solve: where it stands, a cancel button, and the outcome."""
    language.session_language()  # a fragment's own run starts in no language of the session
    if state.finish_job():
        st.rerun()
    job = state.job()
    if job is None:
        return
    st.progress(job.progress(), text=views.plain(progress_text(job)))
    if st.button(tr("solve.cancel"), key="solve:cancel"):
        message = state.solve_pool().cancel(job)
        state.set_job(None)
        state.set_outcome(worker.Outcome("cancelled", message=message))
        st.rerun()


def progress_text(job: worker.Job) -> str:
    """What the running solve's bar says: waiting for a process, or the solver's own report
    (elapsed time, best plan, bound and gap) in the command line's words."""
    limit = tr("solve.limit", seconds=f"{job.time_limit_s:g}")
    if job.state == "queued":
        seconds = f"{job.elapsed():.0f}"
        return tr("solve.waiting", label=job.label, seconds=seconds, limit=limit)
    objective, bound, gap = job.figures()
    note = job.latest.note if job.latest is not None else ""
    line = progress_line(job.elapsed(), objective, bound, gap, job.currency, note)
    return tr("solve.progress", label=job.label, line=line, limit=limit)


def cancelled_words(message: str) -> str:
    """What a cancelled solve is said to be, in the session's language (a message the pool
    does not declare is said as it is).

    >>> cancelled_words(worker.STOPPED)
    'The running solve was stopped; the other solves go on.'
    """
    key = CANCEL_WORDS.get(message)
    return tr(key) if key else message


def show_outcome() -> None:
    recorded = state.take_notice()
    if recorded is None:
        return
    result, entry = recorded
    if result.ok and result.plan is not None:
        plan, kpis = result.plan, result.plan.kpis
        currency = currency_of(plan)
        st.success(
            tr(
                "solve.solved",
                label=views.plain(entry.name if entry else plan.label),
                seconds=f"{result.seconds:.1f}",
                status=views.plain(plan.solver.get("status", "")),
                total=money(kpis["total_annual_cost"]),
                saving=money(kpis["saving"]),
                cur=currency,
                pct=points(kpis["saving_pct"]),
            )
        )
        st.page_link(
            views.PAGE_FILES["results"], label=tr("solve.see_results"), icon=":material/insights:"
        )
    elif result.kind in ("infeasible", "invalid"):
        st.error(tr("solve.infeasible" if result.kind == "infeasible" else "solve.invalid"))
        views.show_problems(result.problems)
    elif result.kind == "cancelled":
        st.warning(views.plain(cancelled_words(result.message)))
    else:
        st.error(tr("solve.failed", message=views.plain(spoken(result.message))))


def render() -> None:
    st.title(tr("app.page.solve"))
    current = views.require_scenario()
    if current is None:
        return
    st.caption(tr("solve.scenario", title=views.plain(views.scenario_title(current))))
    errors = state.errors(current)
    request = options_form(current) if not errors else None
    if errors:
        st.error(tr_n("solve.errors", len(errors)))
        views.show_problems(errors)
        st.page_link(views.PAGE_FILES["scenario"], label=tr("solve.fix_link"))
    running = state.job() is not None
    st.button(
        tr("solve.go"),
        key="solve:go",
        type="primary",
        disabled=request is None or running,
        help=tr("solve.fix_first") if errors else None,
        on_click=start,
        args=(request,),
    )
    if not worker.inline_solves():
        state.solve_pool()  # start the workers while the planner sets the options
    if state.job() is not None:
        progress()
    else:
        show_outcome()


if __name__ == "__main__":
    render()
