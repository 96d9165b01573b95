"""Named variants: what each may say (:data:`~optimizer.schema.VARIANT_KEYS`), the overrides of
one or a combination (:func:`variant_overrides`), and every problem of every variant, used or not
(:func:`variant_problems`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..coerce import advice_then
from ..problems import Problem, ScenarioError
from ..schema import VARIANT_KEYS, closest
from ..words.expectations import kind_of
from ..words.said import said
from .keys import key_trouble


@dataclass(frozen=True)
class Override:
    """One change: ``key`` set to (or multiplied by) ``value``, declared by ``origin`` (a variant's
    name, ``sweep``, or ``override`` for an edit)."""

    key: str
    value: Any
    origin: str

    @property
    def multiply(self) -> bool:
        return self.key.endswith("*")


def _shape_problems(name: str, definition: Any, source: str) -> list[Problem]:
    """What is wrong with the shape of one variant's definition (not with its keys' values)."""
    where = f"variants.{name}"
    if definition is None:
        return []
    if not isinstance(definition, dict):
        return [
            Problem(
                source,
                where,
                said("variant.mapping", overrides="overrides", others="description, combine"),
                value=definition if isinstance(definition, str | int | float) else None,
                found=said("variant.a_kind", kind=kind_of(definition)),
            )
        ]
    problems = []
    for key in definition:
        if key not in VARIANT_KEYS:
            advice = advice_then(closest(str(key), VARIANT_KEYS))
            problems.append(
                Problem(
                    source,
                    f"{where}.{key}",
                    said("variant.one_of_keys", advice=advice, keys=", ".join(VARIANT_KEYS)),
                    found=said("variant.unknown_key"),
                )
            )
    shapes = {
        "overrides": (
            dict,
            said("variant.overrides_mapping", example="policy.subsidy_rate: 0.4"),
        ),
        "combine": (list, said("variant.names_list", example="[subsidy-40, dear-capex]")),
        "description": (str, said("variant.text")),
    }
    for key, (kind, expected) in shapes.items():
        value = definition.get(key)
        if value is not None and not isinstance(value, kind):
            problems.append(
                Problem(
                    source,
                    f"{where}.{key}",
                    expected,
                    value=value if isinstance(value, str | int | float) else None,
                    found=None if isinstance(value, str | int | float) else kind_of(value),
                )
            )
    for inner in definition.get("combine") if isinstance(definition.get("combine"), list) else []:
        if not isinstance(inner, str | int) or isinstance(inner, bool):
            problems.append(
                Problem(source, f"{where}.combine", said("variant.names"), found=repr(inner))
            )
    return problems


def _unknown(name: str, variants: Mapping[str, Any], source: str, where: str) -> Problem:
    known = ", ".join(sorted(map(str, variants))) or said("variant.none_declared")
    advice = advice_then(closest(name, map(str, variants)))
    return Problem(
        source,
        where,
        said("variant.declared", advice=advice, key="variants", known=known),
        value=name,
        found=said("variant.unknown", name=repr(name)),
    )


def variant_overrides(
    variants: Mapping[str, Any], names: str | Sequence[str], source: str = "scenario.yaml"
) -> list[Override]:
    """The overrides of one variant or a combination (``"a,b"``), with combined variants expanded.

    Raises :class:`ScenarioError` for an unknown variant, a cycle of ``combine``, or a variant of
    the wrong shape (every problem of the variants involved at once).
    """
    wanted = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
    out: list[Override] = []
    seen: set[str] = set()
    problems: list[Problem] = []

    def expand(name: str, trail: tuple[str, ...]) -> None:
        if name in trail:
            problems.append(
                Problem(
                    source,
                    f"variants.{name}.combine",
                    said("variant.no_cycle"),
                    found=" -> ".join((*trail, name)),
                )
            )
            return
        if name not in variants:
            where = f"variants.{trail[-1]}.combine" if trail else "variants"
            problems.append(_unknown(name, variants, source, where))
            return
        if name in seen:
            return
        seen.add(name)
        definition = variants[name]
        shape = _shape_problems(name, definition, source)
        if shape:
            problems.extend(shape)
            return
        definition = definition or {}
        for inner in definition.get("combine") or []:
            expand(str(inner), (*trail, name))
        for key, value in (definition.get("overrides") or {}).items():
            out.append(Override(str(key), value, name))

    for name in wanted:
        if name:
            expand(name, ())
    if problems:
        raise ScenarioError(problems)
    return out


def variant_problems(variants: Mapping[str, Any], source: str = "scenario.yaml") -> list[Problem]:
    """Every problem of every declared variant that shows without applying it: its shape, the
    variants it combines (known, no cycle) and its override keys (declared, readable).

    >>> [str(p) for p in variant_problems({"a": {"combine": ["a"]}})]
    ['scenario.yaml, variants.a.combine: found a -> a, expected variants that do not combine themselves']
    """
    problems: list[Problem] = []
    for name in variants:
        try:
            overrides = variant_overrides(variants, [str(name)], source)
        except ScenarioError as error:
            problems += [p for p in error.problems if p not in problems]
            continue
        for override in overrides:
            if override.origin != str(name):
                continue  # a combined variant's keys are its own variant's problems
            trouble = key_trouble(override.key)
            if trouble is not None:
                problems.append(
                    Problem(
                        source,
                        f"variants.{name}.overrides",
                        trouble.expected,
                        value=override.key,
                        found=said(
                            "variant.key_trouble", key=repr(override.key), trouble=trouble.found
                        ),
                    )
                )
    return problems
