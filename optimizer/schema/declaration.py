"""What a declared value may be, shared by table columns and settings: its unit, whether it is
required, its default, its allowed range or choices, and that said in words; and what a setting
of ``scenario.yaml`` is (:class:`Setting`: its path, title and unit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

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


SettingType = Literal["str", "float", "int", "bool", "list"]

#: The unit of a share written as a fraction (0.25 is a quarter).
FRACTION = "0 to 1"
#: What a setting's unit and title may hold: the scenario's currency, the service's own unit and
#: the names that its path's placeholders stand for.
_PLACEHOLDERS = ("<service>", "<pollutant>")


@dataclass(frozen=True)
class Setting(Declaration):
    """A setting of ``scenario.yaml``. ``path`` is dotted; ``<service>`` and ``<pollutant>`` stand
    for any declared name (``services.<service>.unit``)."""

    path: str
    type: SettingType
    description: str
    nullable: bool = False
    #: What the setting is, in a few words (``{service}`` and ``{pollutant}`` stand for the names
    #: of the path); :attr:`unit` may say ``{currency}`` and ``{unit}`` (the service's unit).
    title: str = ""

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    def names_in(self, path: str) -> dict[str, str]:
        """The names a concrete ``path`` gives this setting's placeholders.

        >>> from optimizer.schema import SETTINGS_BY_PATH
        >>> SETTINGS_BY_PATH["policy.subsidy_rate_by_service.<service>"].names_in(
        ...     "policy.subsidy_rate_by_service.sewage"
        ... )
        {'service': 'sewage'}
        """
        pairs = zip(self.path.split("."), path.split("."), strict=False)
        return {p.strip("<>"): part for p, part in pairs if p in _PLACEHOLDERS}

    def title_of(self, path: str) -> str:
        """The title of a concrete ``path``, its names filled in.

        >>> from optimizer.schema import SETTINGS_BY_PATH
        >>> SETTINGS_BY_PATH["policy.max_facilities.<service>"].title_of(
        ...     "policy.max_facilities.sewage"
        ... )
        'Most sewage facilities'
        """
        return self.title.format_map(self.names_in(path))

    def unit_in(self, currency: str = "<currency>", unit: str = "<unit>") -> str:
        """The unit with the scenario's currency and the service's unit filled in.

        >>> from optimizer.schema import SETTINGS_BY_PATH
        >>> SETTINGS_BY_PATH["services.<service>.transport_cny_per_unit_km"].unit_in("CNY", "m3")
        'CNY/(m3 km)'
        """
        return self.unit.format(currency=currency, unit=unit)

    def label(self, path: str, currency: str, unit: str) -> str:
        """The title and the unit in brackets, as the app heads the setting's field.

        >>> from optimizer.schema import SETTINGS_BY_PATH
        >>> SETTINGS_BY_PATH["policy.capital_budget_cny"].label(
        ...     "policy.capital_budget_cny", "EUR", ""
        ... )
        'Capital budget (EUR)'
        """
        shown = self.unit_in(currency, unit)
        return f"{self.title_of(path)} ({shown})" if shown else self.title_of(path)
