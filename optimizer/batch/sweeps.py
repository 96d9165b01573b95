"""Sweeps and variants: read ``KEY=V1,V2`` sweeps and choose the variants of a scenario.

A sweep is one override key with its values (``tiers.capex_cny*`` over 0.8, 1, 1.2); every
combination of the values of the sweeps of a batch is a case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..overrides import key_trouble, value_trouble
from ..words.said import said

#: Variant name of the base scenario in case ids and the summary.
BASE = "base"
#: ``variants="all"``: the base and every variant the scenario declares.
ALL = "all"


@dataclass(frozen=True)
class Sweep:
    """One swept override key and its values, e.g. ``tiers.capex_cny*`` over 0.8, 1, 1.2."""

    key: str
    values: tuple[Any, ...]

    @property
    def multiply(self) -> bool:
        return self.key.endswith("*")


class SweepError(ValueError):
    """A sweep that cannot run: its key, what was found and what was expected."""

    def __init__(self, key: str, found: str, expected: str) -> None:
        super().__init__(said("batch.sweep", key=repr(key), found=found, expected=expected))
        self.key, self.found, self.expected = key, found, expected


def scalar(text: str) -> Any:
    """A sweep value written on the command line: a number, true/false, or text.

    >>> scalar("0.2"), scalar("3"), scalar("true"), scalar("forbidden")
    (0.2, 3, True, 'forbidden')
    """
    text = text.strip()
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return text


def _split_key(text: str) -> tuple[str, str]:
    """Split ``KEY=VALUES`` at the first ``=`` outside ``[...]`` (row selectors hold ``=``)."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "[") - (char == "]")
        if char == "=" and depth == 0:
            return text[:i].strip(), text[i + 1 :]
    raise ValueError(said("batch.sweep.unreadable", text=repr(text), form="KEY=VALUE,VALUE,..."))


def make_sweep(key: str, values: Any) -> Sweep:
    """A checked sweep: a key the schema declares (the closest declared keys named when it does
    not), with one or more values that fit its declaration.

    >>> make_sweep("policy.subsidy_rate", [0, 0.2]).values
    (0, 0.2)
    >>> make_sweep("policy.subsidyrate", [0, 0.3])
    Traceback (most recent call last):
    optimizer.batch.sweeps.SweepError: sweep 'policy.subsidyrate': 'policy.subsidyrate' is not a declared setting or table column; expected did you mean 'policy.subsidy_rate' or 'policy.subsidy_rate_by_service'? (the settings of policy: subsidy_rate, subsidy_rate_by_service, subsidy_budget_cny_per_year, capital_budget_cny, max_facilities; see docs/scenario-format.md)
    """
    key = str(key).strip()
    trouble = key_trouble(key)
    if trouble is not None:
        raise SweepError(key, trouble.found, trouble.expected)
    if isinstance(values, str):
        values = [scalar(v) for v in values.split(",")]
    elif not isinstance(values, Sequence):
        values = [values]
    values = tuple(values)
    if not values or any(v == "" for v in values):
        raise SweepError(key, said("batch.sweep.no_value"), said("batch.sweep.values"))
    for value in values:
        expected = value_trouble(key, value)
        if expected is not None:
            raise SweepError(key, said("batch.sweep.value", value=repr(value)), expected)
    return Sweep(key, values)


def parse_sweep(text: str) -> Sweep:
    """Read ``KEY=V1,V2,...`` as given to ``--sweep``.

    >>> parse_sweep("tiers[service=sewage].capex_cny*=0.8,1,1.2")
    Sweep(key='tiers[service=sewage].capex_cny*', values=(0.8, 1, 1.2))
    """
    key, values = _split_key(text)
    return make_sweep(key, values)


def sweeps_from(sweeps: Mapping[str, Any] | Sequence[str | Sweep] | None) -> list[Sweep]:
    """Sweeps given as ``{key: values}``, as ``KEY=V1,V2`` texts or :class:`Sweep` objects."""
    if not sweeps:
        return []
    if isinstance(sweeps, Mapping):
        out = [make_sweep(str(k), v) for k, v in sweeps.items()]
    else:
        out = [s if isinstance(s, Sweep) else parse_sweep(str(s)) for s in sweeps]
    keys = [s.key for s in out]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(said("batch.sweep.twice", key=repr(repeated[0])))
    return out


def variant_list(variants: str | Sequence[str] | None, declared: Sequence[str]) -> list[str | None]:
    """The variants to run for one scenario (``None`` is the base).

    ``None``: the base only; ``"all"``: the base and every declared variant; otherwise names
    (a list, or one text ``a,b``), where ``base`` is the base and ``a+b`` a combination.

    >>> variant_list("all", ["low", "high"])
    [None, 'low', 'high']
    >>> variant_list("base,low+high", ["low", "high"])
    [None, 'low,high']
    """
    if variants is None:
        return [None]
    if isinstance(variants, str):
        if variants.strip() == ALL:
            return [None, *declared]
        variants = variants.split(",")
    out: list[str | None] = []
    for name in variants:
        name = str(name).strip()
        if not name:
            continue
        chosen = None if name == BASE else ",".join(p.strip() for p in name.split("+"))
        if chosen not in out:
            out.append(chosen)
    return out or [None]
