"""A scenario's problem said in the current language: where it is, what was found and what was
expected (:class:`optimizer.problems.Problem` says the same in English, and in English these are
its own words, byte for byte).

The facts are never translated: the file's or sheet's name, the line, the row's id, the column's
name and the value as written read the same in every language; the words around them, and the
found and expected texts the checks made of catalogue messages (:mod:`optimizer.words.said`), are
in the language. A problem is read by its fields (``source``, ``line``, ``row_id``, ``column``,
``value``, ``found``, ``expected``, ``severity``).

>>> from types import SimpleNamespace as Found
>>> from optimizer.schema.declaration import bound
>>> from optimizer.words.expectations import expectation
>>> from optimizer.words.language import using_language
>>> bad = Found(
...     source="demands.csv",
...     line=2,
...     row_id="E9/sewage",
...     column="demand_per_day",
...     value="lots",
...     found=None,
...     severity="error",
...     expected=expectation(
...         Found(type="float", choices=(), positive=False, minimum=0, maximum=1e9), bound
...     ),
... )
>>> with using_language("zh"):
...     print(problem_text(bad))
demands.csv 第 2 行（编号 E9/sewage），列 demand_per_day：发现 'lots'，应为 0 到 1e9 之间的数字
"""

from __future__ import annotations

from typing import Any

from .catalogue import tr, tr_n
from .language import ENGLISH, current_language
from .said import spoken


def problem_source(source: str) -> str:
    """A problem's file or sheet as named in the current language (``sheet tiers``: 工作表 tiers).

    >>> problem_source("sites.csv")
    'sites.csv'
    """
    if current_language() == ENGLISH:
        return source
    if source.startswith("sheet "):
        return tr("problem.sheet", name=source.removeprefix("sheet "))
    return tr("problem.scenario") if source == "scenario" else source


def problem_where(problem: Any) -> str:
    """Where a problem is: its file or sheet, line or row, row id and column."""
    if current_language() == ENGLISH:
        return problem.where()
    where = problem_source(problem.source)
    if problem.line is not None:
        kind = "problem.row" if problem.source.startswith("sheet") else "problem.line"
        where = tr(kind, source=where, line=problem.line)
    if problem.row_id is not None:
        where = tr("problem.id", where=where, row_id=problem.row_id)
    if problem.column:
        kind = "problem.column" if problem.row_id else "problem.key"
        where = tr(kind, where=where, column=problem.column)
    return where


def problem_found(problem: Any) -> str:
    """What was found: the value as written (``'lots'``), nothing, or the check's words."""
    if problem.found is not None:
        return spoken(problem.found)
    if problem.value is None:
        return tr("problem.nothing")
    return repr(problem.value) if isinstance(problem.value, str) else str(problem.value)


def problem_detail(problem: Any) -> str:
    """What was found and what was expected (``found 'lots', expected a number``)."""
    return tr("problem.detail", found=problem_found(problem), expected=spoken(problem.expected))


def problem_text(problem: Any) -> str:
    """The whole problem in one sentence, in the current language."""
    if current_language() == ENGLISH:
        return str(problem)
    return tr(
        "problem.text",
        where=problem_where(problem),
        found=problem_found(problem),
        expected=spoken(problem.expected),
    )


def problems_summary(problems: Any) -> str:
    """A scenario that cannot be used: how many problems, then each (the errors), one a line."""
    errors = [p for p in problems if p.severity == "error"]
    head = tr_n("problem.summary", len(errors))
    return "\n".join([head + tr("problem.colon"), *(f"- {problem_text(p)}" for p in errors)])
