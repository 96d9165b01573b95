"""A case's folder: write its ``plan.json`` (or ``error.json``), and read a stored plan back to
resume (skip cases solved before from the same inputs, options and sharing rule).

Only the main process writes, so Dask workers need no shared disk.
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
    """Write a finished case's ``plan.json`` (or ``error.json``, removing a stale plan)."""
    folder.mkdir(parents=True, exist_ok=True)
    if outcome.plan is None:
        (folder / PLAN_FILE).unlink(missing_ok=True)
        error = {
            "case": case.id,
            "status": outcome.status,
            "message": outcome.message,
            "problems": list(outcome.problems),
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
