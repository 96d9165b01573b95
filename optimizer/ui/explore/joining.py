"""Enterprises joining in the Explore page's what-if: rows to add from uploaded files (YAML, CSV
named after its table, an xlsx workbook), read by the command line's reader
(:func:`optimizer.ui.uploads.whatif_from_uploads`) and checked as soon as they are uploaded, so
that a bad file is refused at once in the command line's words (the file, the row, the column,
the value and what was expected), every problem at once."""

from __future__ import annotations

from typing import Any

import streamlit as st

from optimizer.batch.whatif import whatif_scenario
from optimizer.plan import Plan
from optimizer.problems import ScenarioError
from optimizer.ui import uploads, views
from optimizer.words.catalogue import tr

JOIN_KEY = "explore:whatif:join"


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
    try:
        overrides = uploads.whatif_from_uploads(plan, named, leaving, scaling)
        if named:
            whatif_scenario(plan, overrides)  # the rows checked as the re-solve would
    except uploads.UploadError as error:
        st.error(views.plain(error))
        return names, None
    except ScenarioError as error:
        st.error(tr("explore.whatif.join_refused"))
        views.show_problems(error.problems)
        return names, None
    return names, overrides
