"""Cases and their ids: the scenarios read once, expanded into scenario x variant x sweep cases.

Each case has a readable, deterministic id (``mixed-park--subsidy-40--tiers.capex_cny-x1.2``),
the name of its folder; :func:`resolve` applies its variant and swept values to the scenario.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..overrides import undeclared_name
from ..problems import ScenarioError
from ..scenario import Scenario, load_scenario
from ..words.said import said
from .sweeps import BASE, Sweep, variant_list

#: Case ids longer than this are shortened and end with a hash of the full id.
MAX_ID_LENGTH = 120


@dataclass(frozen=True)
class Case:
    """One solve of a batch: a scenario, a variant (None: the base) and swept values."""

    id: str
    source: int  # position of the scenario among those given
    scenario: str
    variant: str | None
    sweep: tuple[tuple[str, Any], ...] = ()

    @property
    def variant_label(self) -> str:
        return self.variant.replace(",", "+") if self.variant else BASE


def _safe(text: str) -> str:
    """Text made safe in file names on every system (letters, digits and ``._@=+-``).

    >>> _safe("tiers[service=sewage].capex_cny")
    'tiers@service=sewage.capex_cny'
    """
    text = text.replace("[", "@").replace("]", "")
    return re.sub(r"[^A-Za-z0-9._@=+-]+", "_", text).strip("_") or "_"


def value_text(value: Any) -> str:
    """A swept value as written in case ids: ``1.2``, ``1`` (for 1.0), ``true``, ``forbidden``.

    >>> value_text(1.0), value_text(0.25), value_text(False), value_text("low cap")
    ('1', '0.25', 'false', 'low_cap')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return _safe(str(value))


def case_id(scenario: str, variant: str | None, sweep: Sequence[tuple[str, Any]]) -> str:
    """The case's folder name: ``scenario--variant--key=value--key-xfactor``.

    >>> case_id("mixed-park", "subsidy-40", [("tiers.capex_cny*", 1.2)])
    'mixed-park--subsidy-40--tiers.capex_cny-x1.2'
    >>> case_id("tiny", None, [("policy.subsidy_rate", 0.2)])
    'tiny--base--policy.subsidy_rate=0.2'
    """
    parts = [_safe(scenario), _safe(variant.replace(",", "+")) if variant else BASE]
    for key, value in sweep:
        if key.endswith("*"):
            parts.append(f"{_safe(key[:-1])}-x{value_text(value)}")
        else:
            parts.append(f"{_safe(key)}={value_text(value)}")
    text = "--".join(parts)
    if len(text) > MAX_ID_LENGTH:
        digest = hashlib.sha256(text.encode()).hexdigest()[:10]
        text = f"{text[: MAX_ID_LENGTH - 11]}-{digest}"
    return text


@dataclass(frozen=True)
class Source:
    """A scenario given to the batch, read once: its scenario, or why it cannot be read."""

    given: str
    stem: str
    scenario: Scenario | None
    error: ScenarioError | None = None

    @property
    def name(self) -> str:
        return self.scenario.name if self.scenario is not None else self.stem


def read_sources(scenarios: Sequence[str | os.PathLike | Scenario]) -> list[Source]:
    """Read each scenario once; stems (case id prefixes) are made unique by numbering repeats."""
    sources = []
    seen: dict[str, int] = {}
    for item in scenarios:
        if isinstance(item, Scenario):
            given, stem, scenario, error = item.name, item.name, item, None
        else:
            path = Path(item)
            given, stem = str(item), path.stem if path.suffix.lower() == ".xlsx" else path.name
            scenario, error = _try_load(path)
        seen[stem] = seen.get(stem, 0) + 1
        if seen[stem] > 1:
            stem = f"{stem}-{seen[stem]}"
        sources.append(Source(given, stem, scenario, error))
    return sources


def _try_load(path: Path) -> tuple[Scenario | None, ScenarioError | None]:
    try:
        return load_scenario(path), None
    except ScenarioError as error:
        return None, error


def expand_cases(
    sources: Sequence[Source],
    variants: str | Sequence[str] | None = None,
    sweeps: Sequence[Sweep] = (),
) -> list[Case]:
    """Every case, in a fixed order: scenario, then variant, then sweep values (last fastest).

    A scenario that cannot be read gives one case (its base) that will fail with the reason. A
    sweep naming a service or pollutant that a scenario does not declare raises ValueError.
    """
    _check_sweep_names(sources, sweeps)
    combos = list(itertools.product(*[[(s.key, v) for v in s.values] for s in sweeps]))
    cases = []
    for index, source in enumerate(sources):
        if source.scenario is None:
            cases.append(Case(source.stem, index, source.name, None))
            continue
        for variant in variant_list(variants, list(source.scenario.variants)):
            for combo in combos:
                ident = case_id(source.stem, variant, combo)
                cases.append(Case(ident, index, source.name, variant, tuple(combo)))
    ids = [c.id for c in cases]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(said("batch.case_id_twice", id=repr(repeated[0])))
    return cases


def _check_sweep_names(sources: Sequence[Source], sweeps: Sequence[Sweep]) -> None:
    """Refuse, before any case runs, a sweep naming a service or pollutant a scenario lacks."""
    for source in sources:
        if source.scenario is None:
            continue
        for sweep in sweeps:
            trouble = undeclared_name(sweep.key, source.scenario.settings, source.scenario.config)
            if trouble is not None:
                raise ValueError(
                    said(
                        "batch.sweep.in_scenario",
                        key=repr(sweep.key),
                        found=trouble.found,
                        given=source.given,
                        expected=trouble.expected,
                    )
                )


def resolve(case: Case, source: Source) -> Scenario:
    """The case's scenario: the variant, then the swept values (origin ``sweep``), applied.

    Raises :class:`ScenarioError` when the scenario cannot be read, the variant is unknown, or
    a sweep sets what the variant sets.
    """
    if source.scenario is None:
        raise source.error or ScenarioError(f"cannot read {source.given}")
    scenario = source.scenario.with_variant(case.variant)
    if case.sweep:
        scenario = scenario.with_overrides(dict(case.sweep), origin="sweep")
    return scenario
