"""What a declared value may be, in words of the catalogue: the expectation a column or a setting
states (:meth:`optimizer.schema.Declaration.expectation` says the same in English), kept as a
:class:`~optimizer.words.said.Said` so that a problem says it in the planner's language.

The declaration is read by its fields (``type``, ``choices``, ``positive``, ``minimum``,
``maximum``, and a column's ``list_of``), the bounds written by the schema's ``bound``;
``tests/test_problem_words.py`` checks that the English is the schema's for every declared column
and setting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .catalogue import MESSAGES, tr
from .said import Said, said


def expectation(declared: Any, bound: Callable[[float], str], separator: str = ";") -> Said:
    """What a valid value of ``declared`` looks like.

    >>> from types import SimpleNamespace as Declared
    >>> lat = Declared(type="float", choices=(), positive=False, minimum=-90, maximum=90)
    >>> expectation(lat, str)
    'a number from -90 to 90'
    """
    list_of = getattr(declared, "list_of", ())
    if list_of and not declared.choices:
        return said("expect.list_of", items=", ".join(list_of), separator=separator)
    noun = said(f"expect.noun.{declared.type}")
    if declared.choices:
        return said("expect.one_of", choices=", ".join(declared.choices))
    if declared.positive:
        if declared.maximum:
            return said("expect.above_zero_at_most", noun=noun, maximum=bound(declared.maximum))
        return said("expect.above_zero", noun=noun)
    if declared.minimum is not None and declared.maximum is not None:
        return said(
            "expect.range",
            noun=noun,
            minimum=bound(declared.minimum),
            maximum=bound(declared.maximum),
        )
    if declared.minimum is not None:
        return said("expect.at_least", noun=noun, minimum=bound(declared.minimum))
    if declared.maximum is not None:
        return said("expect.at_most", noun=noun, maximum=bound(declared.maximum))
    return noun


def or_null(expected: Said, nullable: bool) -> Said:
    """The expectation of a setting that may also be left empty (``null``)."""
    return said("expect.or_null", expected=expected) if nullable else expected


def default_words(value: Any) -> str:
    """A declared default as a help text says it: as declared, a true or false in words of the
    catalogue.

    >>> default_words(0.08), default_words(True), default_words("")
    ('0.08', 'True', '')
    """
    return tr(f"help.bool.{value}") if isinstance(value, bool) else str(value)


def listing(items: list[str], limit: int) -> str:
    """Up to ``limit`` items joined by commas, then how many more (in words of the catalogue).

    >>> listing(["a", "b", "c"], 2), listing(["a"], 2)
    ('a, b and 1 more', 'a')
    """
    if len(items) <= limit:
        return ", ".join(items)
    return said("problem.listing.more", items=", ".join(items[:limit]), count=len(items) - limit)


def kind_of(value: Any) -> str:
    """What a value read is, by its Python type, in words of the catalogue (the type's name
    where the catalogue has no words for it).

    >>> kind_of([1]), kind_of(None)
    ('list', 'NoneType')
    """
    name = type(value).__name__
    return said(f"read.type.{name}") if f"read.type.{name}" in MESSAGES else name
