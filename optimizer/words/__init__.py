"""Words people read, in one place for every face (the command line, the exports, the batch
summary and the app): numbers as people read them (:mod:`~optimizer.words.numbers`), the solver's
status (:mod:`~optimizer.words.status`), a running solve (:mod:`~optimizer.words.progress`), the
parts of the annual cost and the KPIs (:mod:`~optimizer.words.labels`), the cost-sharing verdict,
who would leave (:mod:`~optimizer.words.verdict`), the SME's page
(:mod:`~optimizer.words.sme_page`), what an infeasible scenario would have to change
(:mod:`~optimizer.words.diagnosis`) and a plan's verification
(:mod:`~optimizer.words.verification`).

Text only: nothing here imports rich, typer or Streamlit, and nothing takes a :class:`Plan` (only
its ``kpis`` and ``solver`` mappings and single values), so any module may use it.

Where faces word one thing at different lengths (a status line, a sentence, a metric tile), every
wording is here, built on one classification, so that a change of words is made in this package.
"""

from .labels import (
    COST_ALONE_BAR,
    COST_PARTS,
    COST_TOTAL_BAR,
    KPI_LABELS,
    KPI_SHORT,
    LEDGER_WORDS,
    KpiLabel,
    cost_part_kpi_label,
    cost_part_label,
    kpi_label,
)
from .numbers import format_value, is_missing, money, number, percent, points, without_minus_zero
from .progress import progress_line
from .sme_page import SmeFacts, SmeText, sme_text
from .status import (
    OPTIMAL,
    TIME_LIMIT,
    WITHIN_GAP,
    gap_brief,
    status_brief,
    status_line,
    status_sentence,
)
from .verdict import (
    SME_OUTCOMES,
    checked_note,
    sme_outcome_sentence,
    verdict_card,
    would_leave_line,
    would_leave_sentence,
    would_leave_warning,
)
from .verification import (
    RULE_WORDS,
    difference_sentence,
    verification_line,
    verified_badge,
)

__all__ = [
    "COST_ALONE_BAR",
    "COST_PARTS",
    "COST_TOTAL_BAR",
    "KPI_LABELS",
    "KPI_SHORT",
    "LEDGER_WORDS",
    "OPTIMAL",
    "RULE_WORDS",
    "SME_OUTCOMES",
    "TIME_LIMIT",
    "WITHIN_GAP",
    "KpiLabel",
    "SmeFacts",
    "SmeText",
    "checked_note",
    "cost_part_kpi_label",
    "cost_part_label",
    "difference_sentence",
    "format_value",
    "gap_brief",
    "is_missing",
    "kpi_label",
    "money",
    "number",
    "percent",
    "points",
    "progress_line",
    "sme_outcome_sentence",
    "sme_text",
    "status_brief",
    "status_line",
    "status_sentence",
    "verdict_card",
    "verification_line",
    "verified_badge",
    "without_minus_zero",
    "would_leave_line",
    "would_leave_sentence",
    "would_leave_warning",
]
