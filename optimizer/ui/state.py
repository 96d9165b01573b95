"""What a browser session holds, in ``st.session_state``, and the solve pool all sessions share.

Each session edits its own copy of a scenario: the scenario as opened (:func:`loaded`), the
working scenario with the variant and every edit applied (:func:`scenario`), and the plans solved
or uploaded in this session. Saving goes through :mod:`optimizer.ui.storage` (atomic, with a
confirmation to overwrite), so two sessions never corrupt each other's files.

Widgets are keyed by a *generation* number that changes whenever a different scenario (or
variant) is opened, so that their state starts again from the new scenario.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from ..checks import check
from ..compare_inputs import scenario_edits
from ..origin import Origin, plan_label
from ..plan import Plan
from ..problems import Problem
from ..scenario import Scenario
from .grid_problems import as_the_grid_shows
from .worker import Job, Outcome, SolvePool

_P = "sfo."
LOADED, ORIGIN, WORKING, VARIANT = _P + "loaded", _P + "origin", _P + "scenario", _P + "variant"
GENERATION, TABLE_GENERATIONS = _P + "generation", _P + "table_generations"
CHECKED, PLANS, UPLOADED, JOB, OUTCOME = (
    _P + "checked",
    _P + "plans",
    _P + "uploaded_plans",
    _P + "job",
    _P + "outcome",
)
FLASH, OPENED = _P + "flash", _P + "opened"
SOURCE, BASE, EDITS, VERSIONS = _P + "source", _P + "base", _P + "edits", _P + "versions"
PENDING, SHOW_PLAN, SOLVED_FROM = _P + "pending", _P + "show_plan", _P + "solved_from"


# ---------------------------------------------------------------------------------------------
# The scenario being edited
# ---------------------------------------------------------------------------------------------


def loaded() -> Scenario | None:
    """The scenario as opened (no variant applied)."""
    return st.session_state.get(LOADED)


def origin() -> str:
    """Where the open scenario came from (``scenarios/tiny``, ``upload park.xlsx``)."""
    return str(st.session_state.get(ORIGIN, ""))


def scenario() -> Scenario | None:
    """The working scenario: the variant and every edit applied."""
    return st.session_state.get(WORKING)


def variant() -> str | None:
    return st.session_state.get(VARIANT)


def generation() -> int:
    """Changes whenever another scenario or variant is opened (widget keys include it)."""
    return int(st.session_state.get(GENERATION, 0))


def open_scenario(opened: Scenario, where: str, kind: str = "folder") -> None:
    """Start editing a freshly opened scenario (edits of the previous one are dropped).

    ``where`` names the source as a reader knows it (``scenarios/tiny``, ``park.xlsx``) and
    ``kind`` what it is (:data:`optimizer.origin.SOURCE_WORDS`)."""
    st.session_state[LOADED] = opened
    st.session_state[ORIGIN] = where if kind != "upload" else f"upload {where}"
    st.session_state[SOURCE] = Origin(kind, where)
    st.session_state[VARIANT] = None
    st.session_state[OPENED] = int(st.session_state.get(OPENED, 0)) + 1
    st.session_state[PENDING] = None
    _restart(opened)


def opened_key(name: str) -> str:
    """A widget key that starts afresh with each opened scenario, but not with a variant (the
    variant picker's own key)."""
    return f"o{st.session_state.get(OPENED, 0)}:{name}"


def choose_variant(name: str | None) -> None:
    """Apply a variant to the scenario as opened (edits are dropped).

    Raises :class:`optimizer.ScenarioError` when the variant's overrides conflict.
    """
    base = loaded()
    if base is None:
        return
    applied = base.with_variant(name)
    st.session_state[VARIANT] = name
    _restart(applied)


def _restart(working: Scenario) -> None:
    """Start again from ``working``: what edits are counted against, and every widget."""
    st.session_state[BASE] = working
    st.session_state[WORKING] = working
    st.session_state[GENERATION] = generation() + 1
    st.session_state[TABLE_GENERATIONS] = {}


def replace_scenario(working: Scenario) -> None:
    """Keep a scenario changed outside the widgets (its edits still count); every widget starts
    again from it."""
    st.session_state[WORKING] = working
    st.session_state[GENERATION] = generation() + 1
    st.session_state[TABLE_GENERATIONS] = {}


def set_scenario(working: Scenario) -> None:
    """Keep an edited scenario (widgets keep their state)."""
    st.session_state[WORKING] = working


def table_key(table: str) -> str:
    """The key of a table's editor; :func:`commit_table` changes it, so the editor restarts from
    the committed table instead of applying its edits twice."""
    generations = st.session_state.get(TABLE_GENERATIONS, {})
    return f"g{generation()}:table:{table}:{generations.get(table, 0)}"


def commit_table(table: str) -> None:
    generations = dict(st.session_state.get(TABLE_GENERATIONS, {}))
    generations[table] = generations.get(table, 0) + 1
    st.session_state[TABLE_GENERATIONS] = generations


def widget_key(name: str) -> str:
    """A widget key that starts afresh with each opened scenario."""
    return f"g{generation()}:{name}"


def problems(of: Scenario) -> list[Problem]:
    """Every problem of a scenario (errors and warnings), checked once per version of it, in the
    page's order and citing rows as the grid shows them (:func:`as_the_grid_shows`)."""
    cached = st.session_state.get(CHECKED)
    if cached is not None and cached[0] is of:
        return cached[1]
    found = as_the_grid_shows(check(of))
    st.session_state[CHECKED] = (of, found)
    return found


def errors(of: Scenario) -> list[Problem]:
    return [p for p in problems(of) if p.is_error]


def edits(of: Scenario | None = None) -> list[dict[str, Any]]:
    """What was changed in ``of`` (default: the working scenario) since the scenario was opened,
    with its variant applied (:func:`optimizer.compare_inputs.scenario_edits`); once per version."""
    of = of if of is not None else scenario()
    base = st.session_state.get(BASE)
    if of is None or base is None or of is base:
        return []
    cached = st.session_state.get(EDITS)
    if cached is not None and cached[0] is base and cached[1] is of:
        return cached[2]
    found = scenario_edits(base, of)
    st.session_state[EDITS] = (base, of, found)
    return found


def source() -> Origin:
    """The open scenario's source (no edits)."""
    return st.session_state.get(SOURCE) or Origin("memory", "")


def solve_origin(solved: Scenario) -> Origin:
    """The origin a plan of ``solved`` records: the source and the edits made since it was opened,
    numbered per edited version of the source and variant (``tiny-edited-1``, ``-2``, ...; solving
    the same inputs again gets the same number)."""
    found = edits(solved)
    if not found:
        return source()
    versions = dict(st.session_state.get(VERSIONS, {}))
    seen = dict(versions.get((source().where, variant()), {}))
    number = seen.setdefault(solved.input_hash(), len(seen) + 1)
    versions[(source().where, variant())] = seen
    st.session_state[VERSIONS] = versions
    label = plan_label(solved.label, len(found))  # in the language shown: the plan's data
    return replace(source(), edits=tuple(found), version=number, label=label)


def ask_before_dropping(action: tuple[Any, ...] | None) -> None:
    """Keep an action that would drop the unsaved edits (``("open", scenario, where, kind)``,
    ``("variant", name)``) until the planner confirms it (:func:`pending`); None forgets it."""
    st.session_state[PENDING] = action


def pending() -> tuple[Any, ...] | None:
    return st.session_state.get(PENDING)


def flash(message: str | None = None, kind: str = "success") -> tuple[str, str] | None:
    """Leave a message for the next run (``flash(text)``), or take the one left (``flash()``)."""
    if message is not None:
        st.session_state[FLASH] = (kind, message)
        return None
    return st.session_state.pop(FLASH, None)


# ---------------------------------------------------------------------------------------------
# Plans of this session
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A plan of this session: solved here, or uploaded as JSON."""

    name: str
    plan: Plan
    source: str


def _entries(key: str) -> list[Entry]:
    return list(st.session_state.get(key, []))


def plans() -> list[Entry]:
    """Plans solved and uploaded in this session, oldest first."""
    return _entries(PLANS) + _entries(UPLOADED)


def add_plan(plan: Plan) -> Entry:
    """Keep a solved plan under a new name (``#2 tiny + 1 edit``); the Results page shows it."""
    entries = _entries(PLANS)
    entry = Entry(f"#{len(entries) + 1} {plan.label}", plan, "solved")
    st.session_state[PLANS] = [*entries, entry]
    st.session_state[SHOW_PLAN] = entry.name
    return entry


def add_uploaded(name: str, plan: Plan) -> Entry:
    """Keep an uploaded plan (replacing an earlier upload of the same file name)."""
    entries = [e for e in _entries(UPLOADED) if e.name != f"{name} (uploaded)"]
    entry = Entry(f"{name} (uploaded)", plan, "uploaded")
    st.session_state[UPLOADED] = [*entries, entry]
    return entry


def show_plan(name: str) -> None:
    """Have the Results page show this plan next time it draws its plan picker."""
    st.session_state[SHOW_PLAN] = name


def plan_to_show() -> str | None:
    """The plan the Results page was asked to show (:func:`show_plan`), once."""
    return st.session_state.pop(SHOW_PLAN, None)


def find_plan(name: str | None) -> Entry | None:
    return next((e for e in plans() if e.name == name), None)


def names(entries: Sequence[Entry]) -> list[str]:
    return [e.name for e in entries]


# ---------------------------------------------------------------------------------------------
# Solving
# ---------------------------------------------------------------------------------------------


def _release(pool: SolvePool) -> None:
    pool.shutdown()


@st.cache_resource(show_spinner=False, on_release=_release)
def solve_pool() -> SolvePool:
    """The pool every session submits to: as many solves at once as cores, at most two (the
    others queue); its fork server (a few seconds of imports) starts at once. Clearing the cache
    shuts the pool down, ending its solves."""
    pool = SolvePool(workers=min(2, os.cpu_count() or 1))
    pool.warm()
    return pool


def job() -> Job | None:
    return st.session_state.get(JOB)


def set_job(running: Job | None) -> None:
    st.session_state[JOB] = running


def outcome() -> tuple[Outcome, Entry | None] | None:
    """The last solve's outcome and the plan entry it made (if any)."""
    return st.session_state.get(OUTCOME)


def finish_job() -> bool:
    """If this session's solve has finished, record its outcome; return whether it had."""
    running = job()
    if running is None or not running.done:
        return False
    set_job(None)
    set_outcome(running.outcome())
    return True


def clear_outcome() -> None:
    st.session_state.pop(OUTCOME, None)


def set_outcome(result: Outcome) -> Entry | None:
    """Record a finished solve; a plan joins the session's plans."""
    entry = add_plan(result.plan) if result.ok and result.plan is not None else None
    st.session_state[OUTCOME] = (result, entry)
    return entry


def solving(working: Scenario | None) -> None:
    """Note which working scenario the solve being started is of (see :func:`take_notice`)."""
    st.session_state[SOLVED_FROM] = working


def take_notice() -> tuple[Outcome, Entry | None] | None:
    """The last outcome, for the Solve page to show: a cancelled solve is said once
    (the next run, whatever it does, no longer shows it); why there is no plan is said until the
    scenario is edited; a new plan until the next solve (its notice names the plan)."""
    recorded = outcome()
    if recorded is None:
        return None
    result = recorded[0]
    if result.kind == "cancelled":
        clear_outcome()
    elif not result.ok and st.session_state.get(SOLVED_FROM) is not scenario():
        clear_outcome()
        return None
    return recorded
