"""Which declaration a settings path matches, what may be written beside it, and the declared
names closest to a misspelt one.

Declared paths hold placeholders (``services.<service>.unit``) that stand for any declared name;
a literal part wins over a placeholder. Everything that reads a settings key -- the checks of
``scenario.yaml`` and of the settings sheet, variant overrides, batch sweeps -- matches it here,
so a key is known or unknown the same way wherever it is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from .settings import SETTINGS, STRUCTURE_KEYS, Setting
from .tables import TABLES

#: Each declared path split at its dots, with its declaration.
DECLARED: tuple[tuple[tuple[str, ...], Setting], ...] = tuple(
    (tuple(s.path.split(".")), s) for s in SETTINGS
)

#: What each placeholder stands for: the group of scenario.yaml that declares the names.
PLACEHOLDERS: dict[str, str] = {"<service>": "services", "<pollutant>": "pollutants"}


def is_placeholder(part: str) -> bool:
    return part.startswith("<") and part.endswith(">")


def prefix_matches(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether ``parts`` is the start of (or all of) the declared ``pattern``.

    >>> prefix_matches(("services", "<service>", "unit"), ("services", "sewage"))
    True
    """
    return len(pattern) >= len(parts) and all(
        p == q or is_placeholder(p) for p, q in zip(pattern, parts, strict=False)
    )


def declared_leaf(parts: Sequence[str]) -> Setting | None:
    """The declaration of a concrete path; a literal part wins over a placeholder.

    >>> declared_leaf(("pollutants", "COD", "removal", "sewage", "shared")).name
    'shared'
    >>> declared_leaf(("policy", "subsidyrate")) is None
    True
    """
    matches = [
        s
        for pattern, s in DECLARED
        if len(pattern) == len(parts) and prefix_matches(pattern, parts)
    ]
    return min(matches, key=lambda s: s.path.count("<"), default=None)


def is_group(parts: Sequence[str]) -> bool:
    """Whether a concrete path is a group of settings (``policy``, ``services.sewage``).

    >>> is_group(("services", "sewage")), is_group(("solver", "threads"))
    (True, False)
    """
    return any(
        len(pattern) > len(parts) and prefix_matches(pattern, parts) for pattern, _ in DECLARED
    )


def name_kind(parts: Sequence[str]) -> str | None:
    """``<service>`` or ``<pollutant>`` when the last part stands for a name, else None.

    >>> name_kind(("policy", "max_facilities", "sewage")), name_kind(("policy", "subsidy_rate"))
    ('<service>', None)
    """
    kinds = set()
    for pattern, _ in DECLARED:
        if not prefix_matches(pattern, parts):
            continue
        here = pattern[len(parts) - 1]
        if here == parts[-1]:
            return None
        if is_placeholder(here):
            kinds.add(here)
    return kinds.pop() if len(kinds) == 1 else None


def placeholder_names(parts: Sequence[str]) -> list[tuple[int, str]]:
    """Positions of ``parts`` that stand for a declared name, with the placeholder each fills.

    >>> placeholder_names(("pollutants", "COD", "removal", "sewage", "shared"))
    [(1, '<pollutant>'), (3, '<service>')]
    """
    leaf = declared_leaf(parts)
    if leaf is not None:
        pattern = leaf.path.split(".")
    else:
        patterns = [p for p, _ in DECLARED if prefix_matches(p, parts)]
        if not patterns:
            return []
        pattern = list(min(patterns, key=lambda p: sum(map(is_placeholder, p[: len(parts)]))))
    return [(i, pattern[i]) for i in range(len(parts)) if is_placeholder(pattern[i])]


def setting(path: str) -> Setting:
    """Return the declaration matching a concrete dotted path (names replaced by placeholders).

    >>> setting("services.sewage.unit").path
    'services.<service>.unit'
    >>> setting("pollutants.COD.removal.sewage.shared").name
    'shared'
    """
    found = declared_leaf(tuple(path.split(".")))
    if found is None:
        raise KeyError(path)
    return found


def children(parts: Sequence[str]) -> list[str]:
    """The names that may follow ``parts``, in declared order (placeholders as written).

    >>> children(("solver",))[:3]
    ['name', 'time_limit_s', 'mip_gap']
    >>> children(())[-1]
    'variants'
    """
    names = [
        pattern[len(parts)]
        for pattern, _ in DECLARED
        if len(pattern) > len(parts) and prefix_matches(pattern, parts)
    ]
    if not parts:
        names += list(STRUCTURE_KEYS)
    return list(dict.fromkeys(names))


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The choices closest to a misspelt word, best first (a case-only difference first).

    >>> closest("subsidyrate", ["subsidy_rate", "subsidy_rate_by_service", "capital_budget_cny"])
    ['subsidy_rate', 'subsidy_rate_by_service']
    >>> closest("Lat", ["lon", "lat"])
    ['lat']
    """
    choices = [str(c) for c in choices]
    same = [c for c in choices if c.lower() == word.lower()]
    if same:
        return same[:n]
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.6)


def table_keys() -> list[str]:
    """Every ``table.column`` an override or sweep may name."""
    return [f"{t.name}.{c.name}" for t in TABLES.values() for c in t.columns]
