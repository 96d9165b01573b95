"""Which declaration of :data:`optimizer.schema.SETTINGS` a path in ``scenario.yaml`` matches.

Declared paths may hold placeholders (``services.<service>.unit``); a literal part wins over a
placeholder.
"""

from __future__ import annotations

from .. import schema

_DECLARED: tuple[tuple[tuple[str, ...], schema.Setting], ...] = tuple(
    (tuple(s.path.split(".")), s) for s in schema.SETTINGS
)


def _placeholder(part: str) -> bool:
    return part.startswith("<") and part.endswith(">")


def _prefix_matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    return len(pattern) >= len(parts) and all(
        p == q or _placeholder(p) for p, q in zip(pattern, parts, strict=False)
    )


def _declared_leaf(parts: tuple[str, ...]) -> schema.Setting | None:
    """The declaration of a concrete path; a literal part wins over a placeholder."""
    matches = [
        s
        for pattern, s in _DECLARED
        if len(pattern) == len(parts) and _prefix_matches(pattern, parts)
    ]
    return min(matches, key=lambda s: s.path.count("<"), default=None)


def _is_group(parts: tuple[str, ...]) -> bool:
    return any(
        len(pattern) > len(parts) and _prefix_matches(pattern, parts) for pattern, _ in _DECLARED
    )


def _name_kind(parts: tuple[str, ...]) -> str | None:
    """``<service>`` or ``<pollutant>`` when the last part stands for a name, else None."""
    kinds = set()
    for pattern, _ in _DECLARED:
        if not _prefix_matches(pattern, parts):
            continue
        here = pattern[len(parts) - 1]
        if here == parts[-1]:
            return None
        if _placeholder(here):
            kinds.add(here)
    return kinds.pop() if len(kinds) == 1 else None
