"""What a verification finds: each difference (:class:`Difference`), the tolerance figures are
compared within (:class:`Tolerance`), and the verdict (:class:`Verification`).

A difference is of one of three kinds: ``input`` (the plan was not solved from these inputs),
``rule`` (a rule of the scenario the plan breaks: it is not feasible) and ``figure`` (a figure the
plan states is not what its own decisions cost).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

INPUT, RULE, FIGURE = "input", "rule", "figure"


@dataclass(frozen=True)
class Tolerance:
    """How far a figure may be from its recomputed value and still be exact: ``absolute`` plus
    ``relative`` times the value, in the figure's own unit (money: ``money_absolute``, a hundredth
    of the currency's unit; quantities, shares, distances, tonnes: ``absolute``).

    >>> Tolerance().allows(100.0, 100.005, money=True), Tolerance().allows(100.0, 101.0, money=True)
    (True, False)
    """

    money_absolute: float = 0.01
    absolute: float = 1e-5
    relative: float = 1e-9

    def allows(self, expected: float, found: float, money: bool = False) -> bool:
        if math.isnan(expected) and math.isnan(found):
            return True
        base = self.money_absolute if money else self.absolute
        return abs(expected - found) <= base + self.relative * max(abs(expected), abs(found))

    def words(self, currency: str) -> str:
        """The tolerance as a sentence names it.

        >>> Tolerance().words("CNY")
        '0.01 CNY on amounts, 1e-05 on quantities, plus 1e-09 of the value'
        """
        return (
            f"{self.money_absolute:g} {currency} on amounts, {self.absolute:g} on quantities, "
            f"plus {self.relative:g} of the value"
        )


@dataclass(frozen=True)
class Difference:
    """One thing that differs.

    Attributes
    ----------
    kind
        ``input``, ``rule`` or ``figure``.
    what
        The rule (``capacity``, ``reach``) or the figure (``facilities.variable_cost``).
    where
        The row's id (``S03/sewage``, ``E007/sewage -> S03``, ``COD``) or ``plan``.
    expected, found
        What the scenario says it must be (or at most, for a limit) and what the plan has.
    unit
        The unit of both (``CNY/year``, ``m3/d``, ``km``), empty for a count or a share.
    note
        Anything more the reader needs (the limit that binds, what is missing).
    """

    kind: str
    what: str
    where: str
    expected: Any = None
    found: Any = None
    unit: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Verification:
    """The verdict on a plan against a scenario.

    Attributes
    ----------
    label
        The plan's label.
    currency
        The scenario's currency (every amount is in it).
    differences
        Every difference found, inputs first, then rules, then figures.
    checked
        How many rows or items each check looked at (``capacity: 12``).
    input_hash
        The hash the plan records and the hash of the inputs it was verified against.
    tolerance
        What "exact" allows.
    """

    label: str
    currency: str
    differences: tuple[Difference, ...]
    checked: dict[str, int]
    input_hash: dict[str, str]
    tolerance: Tolerance = field(default_factory=Tolerance)

    @property
    def inputs_match(self) -> bool:
        return not any(d.kind == INPUT for d in self.differences)

    @property
    def feasible(self) -> bool:
        """No rule of the scenario is broken."""
        return not any(d.kind == RULE for d in self.differences)

    @property
    def exact(self) -> bool:
        """Every figure is what the plan's decisions cost (within the tolerance)."""
        return not any(d.kind == FIGURE for d in self.differences)

    @property
    def ok(self) -> bool:
        """Same inputs, feasible and exact: what ``optimizer verify`` exits 0 on."""
        return not self.differences

    def counts(self) -> dict[str, int]:
        """Differences by kind."""
        found = Counter(d.kind for d in self.differences)
        return {kind: found.get(kind, 0) for kind in (INPUT, RULE, FIGURE)}

    def as_dict(self) -> dict[str, Any]:
        """The verdict as plain values (``--json``): the fields, and the verdict's flags."""
        verdict = {"ok": self.ok, "inputs_match": self.inputs_match, "feasible": self.feasible}
        return {
            **asdict(self),
            **verdict,
            "exact": self.exact,
            "counts": self.counts(),
            "tolerance": asdict(self.tolerance),
        }


class Findings:
    """Differences collected while checking, and how many items each check looked at."""

    def __init__(self, tolerance: Tolerance) -> None:
        self.tolerance = tolerance
        self.differences: list[Difference] = []
        self.checked: Counter[str] = Counter()

    def add(self, kind: str, what: str, where: str, expected=None, found=None, unit="", note=""):
        self.differences.append(Difference(kind, what, where, expected, found, unit, note))

    def rule(self, what: str, where: str, expected=None, found=None, unit="", note="") -> None:
        self.add(RULE, what, where, expected, found, unit, note)

    def count(self, what: str, n: int) -> None:
        self.checked[what] += int(n)

    def limit(self, what: str, where: str, limit: float, found: float, unit: str = "") -> None:
        """A rule ``found <= limit`` (within the tolerance of a quantity)."""
        self.count(what, 1)
        if found > limit and not self.tolerance.allows(limit, found):
            self.rule(what, where, limit, found, unit, "above the limit")

    def figures(
        self, what: str, where: list[str], expected, found, unit: str = "", money: bool = False
    ) -> None:
        """Compare a column of figures row by row (NaN in both is equal)."""
        self.count(what, len(where))
        want = np.asarray(expected, dtype=float)
        have = np.asarray(found, dtype=float)
        if want.shape != (len(where),) or have.shape != (len(where),):
            raise ValueError(
                f"{what}: {len(where)} rows, {want.shape} expected, {have.shape} found"
            )
        base = self.tolerance.money_absolute if money else self.tolerance.absolute
        with np.errstate(invalid="ignore"):
            close = np.abs(want - have) <= base + self.tolerance.relative * np.maximum(
                np.abs(want), np.abs(have)
            )
        close |= np.isnan(want) & np.isnan(have)
        for i in np.flatnonzero(~close):
            self.add(FIGURE, what, where[i], float(want[i]), float(have[i]), unit)

    def figure(self, what: str, where: str, expected, found, unit="", money=False) -> None:
        self.figures(what, [where], [expected], [found], unit, money)
