"""What a declared value may be, shared by table columns and settings: its unit, whether it is
required, its default, its allowed range or choices, and that said in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: What each declared type is called in words.
_NOUNS: dict[str, str] = {
    "str": "text",
    "list": "text",
    "float": "a number",
    "int": "a whole number",
    "bool": "true or false",
}


@dataclass(frozen=True, kw_only=True)
class Declaration:
    """The part of a column's or a setting's declaration that says what a valid value is.

    ``minimum``/``maximum`` are inclusive bounds; ``positive`` demands a value strictly above zero.
    Subclasses declare ``type`` (a key of the nouns above) and their own name fields first.
    """

    unit: str = ""
    required: bool = False
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    choices: tuple[str, ...] = ()

    def expectation(self) -> str:
        """Say in words what a valid value looks like (used in error messages and the docs).

        >>> from optimizer.schema import Setting
        >>> Setting("discount_rate", "float", "", minimum=0, maximum=0.5).expectation()
        'a number from 0 to 0.5'
        """
        noun = _NOUNS[self.type]  # type: ignore[attr-defined]
        if self.choices:
            return "one of " + ", ".join(self.choices)
        if self.positive:
            return f"{noun} above 0" + (
                f" and at most {bound(self.maximum)}" if self.maximum else ""
            )
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {bound(self.minimum)} to {bound(self.maximum)}"
        if self.minimum is not None:
            return f"{noun} of at least {bound(self.minimum)}"
        if self.maximum is not None:
            return f"{noun} of at most {bound(self.maximum)}"
        return noun


def bound(value: float) -> str:
    """A bound as written in messages and the docs: ``0.5``, ``366``, ``1e12``.

    >>> bound(0.5), bound(366), bound(1e12), bound(-1e12), bound(2**31 - 1)
    ('0.5', '366', '1e12', '-1e12', '2147483647')
    """
    value = float(value)
    if not value.is_integer():
        return f"{value:g}"
    if value == 0 or int(value) % 10**6:
        return str(int(value))
    return f"{value:g}".replace("e+0", "e").replace("e+", "e")
