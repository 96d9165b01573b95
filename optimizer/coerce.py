"""Turn raw table cells (text read from CSV or Excel) into the declared types.

Bad cells become missing values and each is reported as a :class:`~optimizer.problems.Problem`, so
that a scenario with typos still loads and every problem can be listed at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .problems import Problem
from .schema import ID_SEPARATOR, LIST_SEPARATOR, Column, Table, closest
from .schema.declaration import Declaration, Setting, bound
from .schema.paths import children, is_placeholder
from .schema.values import setting_value_problem
from .words.expectations import expectation, or_null
from .words.said import Described, Said, said

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "1.0", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "0.0", "f"})


def row_ids(frame: pd.DataFrame, table: Table) -> list[str]:
    """The id of each row: its key cells joined by ``/`` (``E1/sewage``).

    >>> from optimizer.schema import TABLES
    >>> row_ids(pd.DataFrame({"enterprise": ["E1"], "service": ["sewage"]}), TABLES["demands"])
    ['E1/sewage']
    """
    if frame.empty:
        return []
    parts = [
        frame[k].astype("string").fillna("?") if k in frame else pd.Series("?", index=frame.index)
        for k in table.key
    ]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + ID_SEPARATOR + part
    return joined.tolist()


def expected(declared: Declaration) -> Said:
    """What a valid value of a column or a setting is, as its problems say it (the English is
    :meth:`~optimizer.schema.Declaration.expectation`'s; in every language, see
    :mod:`optimizer.words.expectations`).

    >>> from optimizer.schema import TABLES
    >>> expected(TABLES["enterprises"].column("lat"))
    'a number from -90 to 90'
    """
    return expectation(declared, bound, LIST_SEPARATOR)


def setting_expected(declared: Setting, value: object) -> Said | None:
    """What a setting's value must be, when ``value`` is not (None when it fits), in words of the
    catalogue: a list, or the declared expectation (``; or null`` where it may be left empty).
    The English is :func:`optimizer.schema.setting_value_problem`'s, the schema's own check.

    >>> from optimizer.schema import setting
    >>> setting_expected(setting("solver.time_limit_s"), "10s")
    'a number above 0 and at most 2592000'
    >>> setting_expected(setting("policy.subsidy_rate"), 0.3) is None
    True
    """
    if setting_value_problem(declared, value) is None:
        return None
    if value is not None and declared.type == "list" and not isinstance(value, list):
        return said("expect.a_list")
    return or_null(expected(declared), declared.nullable)


def did_you_mean_words(matches: list[str]) -> str:
    """``did you mean 'a' or 'b'?``, or nothing (in words of the catalogue): the one wording of
    the closest names offered, for the checks, the overrides, the sweeps and an SME's page.

    >>> did_you_mean_words(["a", "b", "c"]), did_you_mean_words([])
    ("did you mean 'a', 'b' or 'c'?", '')
    """
    if not matches:
        return ""
    quoted = [repr(m) for m in matches]
    body = (
        quoted[0]
        if len(quoted) == 1
        else said("problem.or", names=", ".join(quoted[:-1]), last=quoted[-1])
    )
    return said("problem.did_you_mean", names=body)


def advice_then(matches: list[str]) -> str:
    """:func:`did_you_mean_words` followed by what the sentence says next (a space in
    English), or nothing.

    >>> advice_then(["overrides"]) + "one of ...", advice_then([])
    ("did you mean 'overrides'? one of ...", '')
    """
    advice = did_you_mean_words(matches)
    return said("problem.advice_then", advice=advice) if advice else ""


#: Where the settings are documented, as the problems point to it.
_DOC = "docs/scenario-format.md"


def unknown_setting(parts: Sequence[str], label: str) -> str:
    """What was expected instead of the unknown setting at ``parts`` (written as ``label``):
    the closest declared names, and the settings declared there (in words of the catalogue; the
    English is :func:`optimizer.schema.paths.unknown_setting`'s).

    >>> unknown_setting(("policy", "subsidyrate"), "policy.subsidyrate")[:58]
    "did you mean 'policy.subsidy_rate' or 'policy.subsidy_rate"
    """
    parent, leaf = tuple(parts[:-1]), parts[-1]
    prefix = label[: len(label) - len(leaf)]
    here = children(parent)
    literal = [c for c in here if not is_placeholder(c)]
    matches = [prefix + m for m in closest(leaf, literal)]
    where = prefix.rstrip(".") or said("problem.top_level")
    names = ", ".join(here) if here else said("problem.none")
    shown = said("problem.settings_of", where=where, names=names)
    advice = did_you_mean_words(matches)
    if advice:
        return said("problem.setting_advice", advice=advice, listing=shown, doc=_DOC)
    return said("problem.setting_one_of", listing=shown, doc=_DOC)


def _blank(raw: pd.Series) -> pd.Series:
    text = raw.astype("string").str.strip()
    return text.isna() | (text == "")


def _parse_float(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    # + 0.0 turns -0.0 into 0.0: the same number, written the same in every format.
    numbers = pd.to_numeric(text, errors="coerce").astype("Float64") + 0.0
    finite = numbers.notna() & np.isfinite(numbers.fillna(0).to_numpy(dtype=float))
    return numbers.where(finite, pd.NA), finite


def _negative_zero(text: pd.Series, numbers: pd.Series) -> pd.Series:
    """Cells written as a negative zero (``-0.0``, ``-0``, ``-0e3``): refused as written where 0
    is refused, since the number read (0, the same as ``0``) would not show the sign written.

    >>> text = pd.Series(["-0.0", "0", "-5", "x"], dtype="string")
    >>> _negative_zero(text, _parse_float(text)[0]).tolist()
    [True, False, False, False]
    """
    return (text.str.startswith("-").fillna(False) & (numbers.fillna(1) == 0)).astype(bool)


def _parse_int(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    numbers, ok = _parse_float(text)
    whole = ok & (numbers.fillna(0.5) % 1 == 0)
    return numbers.where(whole, pd.NA).astype("Int64"), whole


def _parse_bool(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    values = pd.Series(pd.NA, index=text.index, dtype="boolean")
    values[lower.isin(TRUE_WORDS)] = True
    values[lower.isin(FALSE_WORDS)] = False
    return values, values.notna()


def coerce_column(raw: pd.Series, column: Column) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Convert one column of raw cells; return the typed column and the (position, text) of bad cells.

    Empty cells take the column's default (or stay missing).

    >>> from optimizer.schema import Column
    >>> values, bad = coerce_column(
    ...     pd.Series(["1.5", "", "x"]), Column("q", "float", "", default=0.0)
    ... )
    >>> values.tolist(), bad
    ([1.5, 0.0, <NA>], [(2, 'x')])
    """
    raw = raw.reset_index(drop=True)
    blank = _blank(raw)
    if raw.dtype == "boolean" or raw.dtype == bool:
        raw = raw.astype("string").str.lower()
    text = raw.astype("string").str.strip()
    if column.type == "str":
        values, ok = text, pd.Series(True, index=text.index)
    elif column.type == "float":
        values, ok = _parse_float(text)
    elif column.type == "int":
        values, ok = _parse_int(text)
    else:
        values, ok = _parse_bool(text)
    if column.positive and column.type in ("float", "int"):
        ok &= ~_negative_zero(text, values)
    values = values.astype(column.dtype)
    values[blank] = pd.NA
    bad_mask = ~blank & ~ok.fillna(False).astype(bool)
    bad = [(int(i), str(text[i])) for i in np.flatnonzero(bad_mask.to_numpy())]
    if column.default is not None:
        values[blank] = column.default
    return values.astype(column.dtype), bad


def coerce_table(
    raw: pd.DataFrame, table: Table, source: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce a raw table to its declaration.

    Declared columns come first in declared order (missing ones are added, empty or with their
    default). A column the table does not declare is an error naming the closest declared ones
    (its cells are kept, as text, after the declared columns, so that nothing is lost); a column
    with no name is dropped when it is empty and an error when it holds cells.
    """
    raw = raw.rename(columns=lambda c: str(c).strip()).reset_index(drop=True)
    problems: list[Problem] = header_problems(list(raw.columns), source)
    raw = raw.loc[:, ~(raw.columns.duplicated() & ~raw.columns.map(is_unnamed))]
    out: dict[str, pd.Series] = {}
    typed_ids = row_ids(raw.astype("string"), table) if len(raw) else []
    for column in table.columns:
        if column.name not in raw.columns:
            if column.required:
                problems.append(
                    Problem(
                        source,
                        column.name,
                        said(
                            "problem.column_named",
                            name=column.name,
                            description=Described(column.description, bare=True),
                        ),
                        found=said("problem.no_column"),
                    )
                )
            filler = pd.Series(
                [column.default] * len(raw) if column.default is not None else [pd.NA] * len(raw),
                dtype=column.dtype,
            )
            out[column.name] = filler
            continue
        values, bad = coerce_column(raw[column.name], column)
        for position, text in bad:
            problems.append(
                Problem(
                    source,
                    column.name,
                    expected(column),
                    value=text,
                    row_id=typed_ids[position],
                    line=position + 2,
                )
            )
        out[column.name] = values
    for position, extra in enumerate(raw.columns):
        if extra in out:
            continue
        cells = raw.iloc[:, position]
        if is_unnamed(extra):
            if not _blank(cells).all():
                problems.append(_unnamed_problem(source, position, cells))
            continue
        problems.append(unknown_column(source, extra, table))
        out[extra] = cells.astype("string")
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
    return frame, problems


def header_problems(names: list[object], source: str) -> list[Problem]:
    """A column name written twice in a header (never a silent pick of one of them).

    >>> [str(p) for p in header_problems(["id", "lat", " lat"], "sites.csv")]
    ["sites.csv, lat: found the column 'lat' twice (columns 2 and 3), expected each column once in the header"]
    """
    seen: dict[str, int] = {}
    problems = []
    for position, name in enumerate(names, start=1):
        text = str(name).strip()
        if is_unnamed(text):
            continue
        if text in seen:
            problems.append(
                Problem(
                    source,
                    text,
                    said("problem.once"),
                    found=said("problem.twice", name=repr(text), first=seen[text], second=position),
                )
            )
        else:
            seen[text] = position
    return problems


#: How pandas names a column whose header cell is empty (``Unnamed: 3``).
_UNNAMED = re.compile(r"^Unnamed: \d+(?:\.\d+)?$")


def is_unnamed(name: object) -> bool:
    """A header cell left empty (read as ``''`` or, by pandas, ``Unnamed: 3``).

    >>> is_unnamed(""), is_unnamed("Unnamed: 3"), is_unnamed("lat")
    (True, True, False)
    """
    text = str(name).strip()
    return not text or bool(_UNNAMED.match(text))


def unknown_column(source: str, name: str, table: Table) -> Problem:
    """A column the table does not declare: an error naming the closest declared columns."""
    advice = did_you_mean_words(closest(name, table.column_names))
    columns = said(
        "problem.declared_columns", table=table.name, columns=", ".join(table.column_names)
    )
    return Problem(
        source,
        name,
        said("problem.advised", advice=advice, expected=columns) if advice else columns,
        found=said("problem.unknown_column"),
    )


def _unnamed_problem(source: str, position: int, cells: pd.Series) -> Problem:
    first = int(np.flatnonzero(~_blank(cells).to_numpy())[0])
    return Problem(
        source,
        None,
        said("problem.name_every_column"),
        line=first + 2,
        found=said("problem.unnamed", position=position + 1, text=repr(str(cells.iloc[first]))),
    )


def empty_table(table: Table) -> pd.DataFrame:
    """A table with its declared columns and no rows."""
    return pd.DataFrame({c.name: pd.Series([], dtype=c.dtype) for c in table.columns})


def is_missing(value: object) -> bool:
    """True for None, pandas' NA and NaN.

    >>> is_missing(pd.NA), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)
