"""Problems found in scenario data, and the error that carries them.

A :class:`Problem` names where it is (file or sheet, row id and line, column), the value found and
what was expected, so that a planner can fix it without reading code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in a scenario.

    >>> p = Problem(
    ...     "enterprises.csv", "lat", "a number from -90 to 90", value=123.0, row_id="E3", line=5
    ... )
    >>> str(p)
    'enterprises.csv line 5 (id E3), column lat: found 123.0, expected a number from -90 to 90'
    """

    source: str
    column: str | None
    expected: str
    value: Any = None
    row_id: str | None = None
    line: int | None = None
    severity: Severity = "error"
    found: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def where(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(f"{'row' if self.source.startswith('sheet') else 'line'} {self.line}")
        text = " ".join(parts)
        if self.row_id is not None:
            text += f" (id {self.row_id})"
        if self.column:
            text += f", column {self.column}" if self.row_id else f", {self.column}"
        return text

    def found_text(self) -> str:
        """What was found, in words (``'lots'``, ``123.0``, ``nothing``, or :attr:`found`)."""
        if self.found is not None:
            return self.found
        if self.value is None:
            return "nothing"
        return repr(self.value) if isinstance(self.value, str) else str(self.value)

    def __str__(self) -> str:
        return f"{self.where()}: found {self.found_text()}, expected {self.expected}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "source": self.source,
            "line": self.line,
            "row_id": self.row_id,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "expected": self.expected,
            "message": str(self),
        }


class ScenarioError(Exception):
    """A scenario cannot be used as it is; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem("scenario", None, problems, found="a problem")]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.summary())

    def __reduce__(self):
        # Keep the problems when the error crosses a process boundary (batch workers, the app).
        return (type(self), (self.problems,))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    def summary(self) -> str:
        errors = self.errors
        head = f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the scenario"
        return "\n".join([head + ":", *(f"- {p}" for p in errors)])
