"""The sentences a comparison leads with: the notes a reviewer should read first (the reference
and each plan's solver status, different scenarios, cost bases or units that differ, another
currency) and, per later plan, how many SMEs pay more, less or the same.

Each is a :class:`~optimizer.words.said.Said`: made once, when the plans are compared, its value
is the English (what the command line, the xlsx and the JSON show), and
:func:`~optimizer.words.said.spoken` says it in the language of the page or the file showing it.

Part of :mod:`optimizer.compare`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .compare_inputs import scenario_names
from .plan import Plan
from .plan_geometry import service_units
from .words.said import Said, said
from .words.status import status_said
from .words.verdict import sme_outcome_parts


def comparison_notes(
    reference: Plan, others: Sequence[tuple[str, Plan]], reference_name: str
) -> list[Said]:
    """The notes of a comparison of ``others`` (name, plan) with ``reference``."""
    notes = [
        said(
            "compare.note.reference",
            reference=reference_name,
            status=status_said(reference.solver),
        )
    ]
    ref_basis = _basis(reference)
    ref_currency = reference.provenance.get("currency")
    for name, plan in others:
        a, b = scenario_names(reference, plan)
        if a != b:
            notes.append(said("compare.note.scenarios", plan=name, a=a, b=b))
        notes.append(said("compare.note.solver", plan=name, status=status_said(plan.solver)))
        if _basis(plan) != ref_basis:
            notes.append(said("compare.note.basis", plan=name))
        for service, (ours, theirs) in unit_differences(reference, plan).items():
            notes.append(
                said("compare.note.units", plan=name, service=service, ours=ours, theirs=theirs)
            )
        if plan.provenance.get("currency") != ref_currency:
            notes.append(
                said(
                    "compare.note.currency",
                    plan=name,
                    currency=plan.provenance.get("currency"),
                    reference_currency=ref_currency,
                )
            )
    return notes


def _basis(plan: Plan) -> str:
    return "statement" if len(plan.statement.columns) else "assignments"


def unit_differences(reference: Plan, plan: Plan) -> dict[str, tuple[str, str]]:
    """Services both plans declare in different units: service -> (reference's, plan's)."""
    ours, theirs = service_units(reference), service_units(plan)
    return {
        s: (ours[s], theirs[s]) for s in sorted(ours.keys() & theirs.keys()) if ours[s] != theirs[s]
    }


def sme_headline(counts: Mapping[str, Any], reference_name: str) -> Said:
    """How many SMEs pay more, less and the same in the plan of a ``sme_counts`` row.

    >>> sme_headline({"plan": "b", "pays more": 2, "pays less": 0, "same": 2}, "a")
    'b against a: 2 SMEs pay more, none pays less, 2 pay the same.'
    """
    return said(
        "compare.sme_headline",
        plan=counts["plan"],
        reference=reference_name,
        outcomes=sme_outcome_parts(counts),
    )
