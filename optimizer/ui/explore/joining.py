"""Enterprises joining in the Explore page's what-if: rows to add from uploaded files (YAML, CSV
named after its table, an xlsx workbook), read by the command line's reader
(:func:`optimizer.ui.uploads.whatif_from_uploads`) and checked as soon as they are uploaded, so
that a bad file is refused at once in the command line's words (the file, the row, the column,
the value and what was expected), every problem at once: the files' own cells, then the scenario
with the rows added, as the re-solve would check it (:mod:`optimizer.batch.joining`).
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from optimizer.plan import Plan
from optimizer.problems import Problem, ScenarioError
from optimizer.ui import uploads, views
from optimizer.words.catalogue import tr
from optimizer.words.said import spoken

JOIN_KEY = "explore:whatif:join"
#: The last upload read and checked: (what it was of, the overrides or the refusal).
CHECKED = "explore:whatif:join:checked"


def read_and_check(
    plan: Plan, named: list[tuple[str, bytes]], leaving: list[str], scaling: list[str]
) -> dict[str, Any] | str | list[Problem]:
    """The overrides with the uploaded rows, or why not: an upload's refusal (text) or the
    problems of the files and of the scenario with their rows (a refusal kept as its words' id
    and facts: said in the language shown when shown)."""
    try:
        return uploads.whatif_from_uploads(plan, named, leaving, scaling)
    except uploads.UploadError as error:
        return error.message
    except ScenarioError as error:
        return list(error.problems)


def join_input(
    plan: Plan, leaving: list[str], scaling: list[str]
) -> tuple[list[str], dict[str, Any] | None]:
    """The join files uploaded (their names) and the what-if's overrides with their rows;
    None when a file is refused (said in words here)."""
    files = st.file_uploader(
        tr("explore.whatif.join", mb=f"{uploads.MAX_UPLOAD_MB} MB"),
        type=[suffix.lstrip(".") for suffix in uploads.JOIN_SUFFIXES],
        accept_multiple_files=True,
        help=tr(
            "explore.whatif.join_help",
            command="optimizer whatif --join",
            example="enterprises.csv, demands.csv",
        ),
        key=JOIN_KEY,
    )
    named = [(f.name, f.getvalue()) for f in files or []]
    names = [name for name, _ in named]
    of = (
        id(plan),
        tuple((name, hashlib.sha256(data).hexdigest()) for name, data in named),
        tuple(leaving),
        tuple(scaling),
    )
    kept = st.session_state.get(CHECKED)
    if kept is None or kept[0] != of:  # checked once per upload and choices, not every run
        kept = (of, read_and_check(plan, named, leaving, scaling))
        st.session_state[CHECKED] = kept
    answer = kept[1]
    if isinstance(answer, str):
        st.error(views.plain(spoken(answer)))
        return names, None
    if isinstance(answer, list):
        st.error(tr("explore.whatif.join_refused"))
        views.show_problems(answer)
        return names, None
    return names, answer
