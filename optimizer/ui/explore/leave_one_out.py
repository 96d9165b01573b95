"""The Explore page's leave-one-out report on a plan of the session: for each member of each
shared facility, the park's total and what the other members pay if it leaves (one re-solve per
SME, :func:`optimizer.batch.whatif.leave_one_out`, as ``optimizer whatif --leave-one-out``), run
as a job of the app's pool (:mod:`.running`): the table with the columns and titles of the
command line's export (:data:`optimizer.plan_columns.LEAVE_ONE_OUT`, in the plan's currency),
and its xlsx and HTML downloads (the files ``--out`` writes)."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from optimizer.export.leave_one_out import leave_one_out_words
from optimizer.plan_views import currency_of
from optimizer.ui import downloads, state, views
from optimizer.ui.explore import running
from optimizer.ui.jobs import leave_one_out_work
from optimizer.words import money
from optimizer.words.catalogue import tr, tr_n
from optimizer.words.language import current_language

KIND = "leave_one_out"


def summary(frame: pd.DataFrame, currency: str) -> str:
    """How many SMEs were re-solved and how far the park's total moves."""
    leavers = frame.groupby("leaving")["total_change"].first()
    if leavers.empty:
        return tr("explore.loo.nobody")
    return tr_n(
        "explore.loo.summary",
        len(leavers),
        low=money(leavers.min(), signed=True),
        high=money(leavers.max(), signed=True),
        cur=currency,
    )


def loo_downloads(frame: pd.DataFrame, label: str, currency: str) -> None:
    """The report's files: the HTML in the language shown, the workbook in English."""
    language = current_language()
    views.download_row(
        [
            views.Download(
                tr(text),
                partial(downloads.leave_one_out_bytes, frame, suffix, label, currency, language),
                f"leave-one-out{suffix}",
                mime,
                f"explore:loo:download:{suffix}",
            )
            for suffix, (text, mime) in downloads.COMPARISON_DOWNLOADS.items()
        ]
    )


def leave_one_out_section(entry: state.Entry) -> None:
    st.header(tr("explore.h.loo"))
    plan = entry.plan
    work = leave_one_out_work(plan)
    st.caption(tr_n("explore.loo.intro", work.leavers, plan=views.plain(entry.name)))
    go = tr("explore.loo.go")
    if st.button(go, key="explore:loo:go", disabled=running.busy() or work.leavers == 0):
        running.start(KIND, work, entry.name)
    running.status(KIND)
    kept = running.result(KIND)
    if kept is None:
        return
    of, frame = kept
    reference = state.find_plan(of)
    if reference is None:
        return
    if of != entry.name:
        st.warning(tr("explore.loo.other", plan=views.plain(of)))
    currency = currency_of(reference.plan)
    st.caption(summary(frame, currency))
    shown = leave_one_out_words(frame)  # its statuses and places in the language shown
    config = views.column_config("leave_one_out", shown, currency)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
    loo_downloads(frame, reference.plan.label, currency)
