"""``optimizer export``: a saved plan in another format.

Apart from :mod:`.plan_commands`, whose ``solve`` and ``compare`` import the recipe (the solver,
HiGHS, the cost sharing with scipy and networkx) and the comparison: exporting a saved plan needs
none of them (``tests/test_cli_start.py`` checks what it loads).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..export import FORMATS, PlanFileError, export_plan, read_plan
from .arguments import Language, LanguageOption
from .output import Output, fail, reporting

#: The formats a plan is written in (``--format``), from :data:`optimizer.export.FORMATS`.
FormatChoice = StrEnum("FormatChoice", [(f, f) for f in FORMATS])


def export_command(
    plan_file: Annotated[
        Path, typer.Argument(metavar="PLAN.json", help="A plan written by solve, batch or export.")
    ],
    fmt: Annotated[
        FormatChoice,
        typer.Option(
            "--format",
            "-f",
            help="json (reloadable), xlsx (for reviewers), csv (a folder of tables), geojson "
            "(for GIS), html (a self-contained report).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="PATH", help="File to write (a folder: named after the plan)."
        ),
    ],
    language: LanguageOption = Language.en,
) -> None:
    """Write a saved plan in another format (the JSON plan is the one to keep)."""
    output = Output(language=language.value)
    with reporting(output, f"exporting {plan_file}", str(plan_file)):
        try:
            plan = read_plan(plan_file)
        except PlanFileError as error:
            fail(output, str(error))
        written = export_plan(plan, fmt.value, out, language.value)
    output.line(f"wrote {written} ({fmt.value})")
