"""What a plan was solved from: the source (a scenario folder, a workbook, an upload), the variant,
and the edits made since the source was opened, as readable differences.

This is the one place where a plan's label (``mixed-park + 3 edits``) and the stem of its file
names (``mixed-park-edited-1``) are made: :func:`origin_provenance` fills the plan's provenance
(``label``, ``source``, ``edits``) when the plan is read from the solution, and
:func:`plan_stem` reads it back for the exports. A plan solved from a scenario as it was read
keeps the scenario's label (``mixed-park[subsidy-40]``) and file name.

>>> from optimizer.scenario import load_scenario
>>> tiny = load_scenario("scenarios/tiny")
>>> edited = tiny.with_overrides({"discount_rate": 0.05})
>>> source = Origin("folder", "scenarios/tiny")
>>> provenance = origin_provenance(edited, edited_origin(source, tiny, edited, version=1))
>>> provenance["label"], provenance["source"], plan_stem({**provenance, "scenario": "tiny"})
('tiny + 1 edit', {'kind': 'folder', 'where': 'scenarios/tiny', 'version': 1}, 'tiny-edited-1')
>>> [change_sentence(e) for e in provenance["edits"]]
['setting discount_rate: 0.08 → 0.05']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .compare_inputs import change_sentence, scenario_edits
from .scenario import Scenario
from .words.catalogue import term, tr, tr_n

#: How each kind of source is named in a sentence.
SOURCE_WORDS = {
    "folder": "the scenario folder",
    "xlsx": "the workbook",
    "upload": "the upload",
    "memory": "a scenario built in memory",
}

__all__ = [
    "SOURCE_WORDS",
    "Origin",
    "edit_count",
    "edit_lines",
    "edited_origin",
    "origin_of",
    "origin_provenance",
    "plan_label",
    "plan_stem",
    "source_sentence",
]


@dataclass(frozen=True)
class Origin:
    """Where a scenario came from and what was changed in it since.

    Attributes
    ----------
    kind
        One of :data:`SOURCE_WORDS`: ``folder``, ``xlsx``, ``upload`` or ``memory``.
    where
        The source as a reader names it (``scenarios/mixed-park``, ``park.xlsx``); never a
        temporary folder.
    edits
        The differences from the source (with its variant applied) to the scenario solved, one
        mapping per change (:func:`optimizer.compare_inputs.inputs_differences`).
    version
        Which edited version of this source it is (1, 2, ...), when someone numbers them (the app
        does, per session); it tells two edited versions' files apart.
    label
        The plan's label as it was made where the edits were counted (the app makes it in the
        language shown: ``tiny + 2 处修改``; its solve runs in a process of no language); None:
        :func:`plan_label` in the current language.
    """

    kind: str
    where: str
    edits: tuple[Mapping[str, Any], ...] = ()
    version: int | None = None
    label: str | None = None


def origin_of(scenario: Scenario) -> Origin:
    """The origin a scenario carries itself: its source's kind and file or folder name."""
    where = Path(scenario.source).name if scenario.source else ""
    return Origin(scenario.source_kind or "memory", where)


def edited_origin(
    source: Origin, base: Scenario, edited: Scenario, version: int | None = None
) -> Origin:
    """``source`` with the edits that turn ``base`` (as opened, variant applied) into ``edited``."""
    edits = tuple(scenario_edits(base, edited))
    return replace(source, edits=edits, version=version if edits else None)


def plan_label(scenario_label: str, edits: int) -> str:
    """A plan's label: the scenario's (name and variant), and how many edits, if any, in the
    current language. Made once, where the plan is asked for, it is the plan's data from then
    on, kept as written whatever the language later (as the app's searches' labels are:
    docs/languages.md).

    >>> plan_label("mixed-park", 3), plan_label("park[subsidy-40]", 1), plan_label("tiny", 0)
    ('mixed-park + 3 edits', 'park[subsidy-40] + 1 edit', 'tiny')
    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     plan_label("mixed-park", 3)
    'mixed-park + 3 处修改'
    """
    if not edits:
        return scenario_label
    return f"{scenario_label} + {edit_count(edits)}"


def edit_count(edits: int) -> str:
    """``1 edit``, ``3 edits`` (in the current language).

    >>> edit_count(1), edit_count(3)
    ('1 edit', '3 edits')
    """
    return tr_n("edit", edits, count=f"{edits:,}")


def origin_provenance(scenario: Scenario, origin: Origin | None = None) -> dict[str, Any]:
    """The ``label``, ``source`` and ``edits`` a plan of ``scenario`` records in its provenance
    (``origin`` defaults to :func:`origin_of`: the scenario as read, no edits)."""
    origin = origin or origin_of(scenario)
    source: dict[str, Any] = {"kind": origin.kind, "where": origin.where}
    if origin.edits and origin.version is not None:
        source["version"] = origin.version
    return {
        "label": origin.label or plan_label(scenario.label, len(origin.edits)),
        "source": source,
        "edits": [dict(e) for e in origin.edits],
    }


def edit_lines(provenance: Mapping[str, Any]) -> list[str]:
    """A plan's edits (from its provenance) as sentences, in the order they were listed."""
    return [change_sentence(e) for e in provenance.get("edits") or [] if isinstance(e, Mapping)]


def source_sentence(provenance: Mapping[str, Any]) -> str:
    """Where a plan's scenario came from, in words (empty for plans that do not say).

    >>> source_sentence({"source": {"kind": "upload", "where": "park.xlsx"}})
    'from the upload park.xlsx'
    """
    source = provenance.get("source")
    if not isinstance(source, Mapping) or not source.get("kind"):
        return ""
    kind = str(source["kind"])
    words = term(SOURCE_WORDS.get(kind, kind))
    return tr("source.from", source=words, where=source.get("where") or "").strip()


def plan_stem(provenance: Mapping[str, Any]) -> str:
    """The stem of a plan's file names: its label, or for an edited scenario the scenario's label
    and ``-edited-`` with the version (or, unnumbered, the start of the input hash).

    >>> plan_stem({"label": "park[subsidy-40]"})
    'park[subsidy-40]'
    >>> plan_stem({"scenario": "park", "edits": [{}], "input_hash": "3f2a1c9e0b"})
    'park-edited-3f2a1c9e'
    """
    label = str(provenance.get("label", provenance.get("scenario", "plan")))
    if not provenance.get("edits"):
        return label
    name, variant = provenance.get("scenario") or "plan", provenance.get("variant")
    scenario_label = f"{name}[{variant}]" if variant else str(name)
    source = provenance.get("source")
    version = source.get("version") if isinstance(source, Mapping) else None
    tag = version if version is not None else str(provenance.get("input_hash", ""))[:8]
    return f"{scenario_label}-edited-{tag}"
