"""A running solve in words: how long the user has waited, the best plan so far, the best
bound and the gap between them (the command line's live line, the app's solve page, a batch)."""

from __future__ import annotations

from .catalogue import tr
from .numbers import money, percent
from .said import spoken


def progress_line(
    elapsed_s: float,
    objective: float | None,
    bound: float | None,
    gap: float | None,
    currency: str = "CNY",
    note: str = "",
) -> str:
    """One line of a running solve (amounts per year, in the scenario's currency); ``note``, when
    the solve is not its first search, says what it is doing (a re-solve and why; a
    :class:`~optimizer.words.said.Said` note in the current language).

    >>> progress_line(12.4, 1_250_000.0, 1_200_000.0, 0.04, "CNY")
    'solving, 12 s: best plan 1,250,000 CNY/year, bound 1,200,000 CNY/year, gap 4.000%'
    >>> progress_line(3.0, None, 1_200_000.0, None, "EUR")
    'solving, 3 s: no plan yet, bound 1,200,000 EUR/year'
    >>> progress_line(0.5, None, None, None)
    'solving, 0 s: preparing the model'
    >>> progress_line(9.0, None, None, None, note="solved again")
    'solving, 9 s: solved again'
    >>> progress_line(9.0, 10.0, 9.0, 0.1, "EUR", note="solved again")
    'solving, 9 s: solved again; best plan 10 EUR/year, bound 9 EUR/year, gap 10.000%'

    In the current language (:mod:`optimizer.words.language`):

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh-Hans"):
    ...     progress_line(12.4, 1_250_000.0, 1_200_000.0, 0.04, "CNY")
    '求解中，12 秒：当前最优方案 1,250,000 CNY/年，下界 1,200,000 CNY/年，差距 4.000%'
    """
    note = spoken(note)
    colon = tr("progress.colon")
    head = tr("progress.head", seconds=f"{elapsed_s:.0f}")
    unit = tr("progress.per_year", currency=currency)
    if objective is None and bound is None:
        return head + colon + (note or tr("progress.preparing"))
    if objective is None:
        parts = [tr("progress.no_plan")]
    else:
        parts = [tr("progress.best", amount=money(objective, unit, digits=0))]
    if bound is not None:
        parts.append(tr("progress.bound", amount=money(bound, unit, digits=0)))
    if gap is not None:
        parts.append(tr("progress.gap", gap=percent(gap)))
    figures = tr("progress.comma").join(parts)
    return head + colon + (note + tr("progress.semicolon") if note else "") + figures
