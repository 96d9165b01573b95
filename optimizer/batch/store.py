"""A case's folder: write its ``plan.json`` (or ``error.json``), and read a stored plan back to
resume (skip cases solved before from the same inputs, options and sharing rule).

A saved plan is replaced only by a newer plan, never by an error: a case that fails where an
earlier run left a plan gets ``error.json`` beside that plan, which stays (the error and the
summary say the plan is from an earlier run). Only the main process writes, so Dask workers need
no shared disk.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..files import write_text
from ..plan import Plan
from ..solvers.types import SolveOptions
from .cases import Case
from .work import Outcome

PLAN_FILE = "plan.json"
ERROR_FILE = "error.json"


def stored_plan(
    folder: Path, input_hash: str, options: SolveOptions, allocation: str | None
) -> dict[str, Any] | None:
    """The stored plan of a case (as JSON data) when it was solved from the same inputs with the
    same options and sharing rule; else None."""
    try:
        data = json.loads((folder / PLAN_FILE).read_text(encoding="utf-8"))
        provenance = data["provenance"]
        same = (
            data.get("format") == "shared-facility-plan"
            and provenance["input_hash"] == input_hash
            and provenance["options"] == options.public()
            and provenance["batch"]["allocation"] == allocation
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if same else None


def write_case(folder: Path, outcome: Outcome, case: Case, allocation: str | None) -> Plan | None:
    """Write a finished case's ``plan.json`` (removing an earlier ``error.json``), or its
    ``error.json`` beside any plan an earlier run left (which is kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    if outcome.plan is None:
        error = {
            "case": case.id,
            "status": outcome.status,
            "message": outcome.message,
            "problems": list(outcome.problems),
            "earlier_plan": PLAN_FILE if (folder / PLAN_FILE).is_file() else None,
        }
        write_text(folder / ERROR_FILE, json.dumps(error, indent=1, ensure_ascii=False))
        return None
    batch = {
        "case": case.id,
        "seconds": outcome.seconds,
        "allocation": allocation,
        "sweep": dict(case.sweep),
    }
    plan = replace(outcome.plan, provenance={**outcome.plan.provenance, "batch": batch})
    write_text(folder / PLAN_FILE, plan.to_json())
    (folder / ERROR_FILE).unlink(missing_ok=True)
    return plan


def earlier_plan_note(folder: Path) -> str:
    """What the summary adds to a failed case's message when an earlier plan is kept.

    >>> earlier_plan_note(Path("no-such-case"))
    ''
    """
    if not (folder / PLAN_FILE).is_file():
        return ""
    return f" (the {PLAN_FILE} in the case's folder is from an earlier run and was kept)"


def forget_error(folder: Path) -> None:
    """Remove a case's ``error.json`` (its stored plan is the current one)."""
    (folder / ERROR_FILE).unlink(missing_ok=True)
