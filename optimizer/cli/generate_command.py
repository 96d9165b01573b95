"""``optimizer generate``: a synthetic park of any size, written as a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..generate import SERVICES as GENERATED_SERVICES
from ..generate import generate_park
from ..scenario import save_scenario
from .output import Output, reporting
from .scenario_commands import refuse_overwrite


def generate(
    enterprises: Annotated[
        int, typer.Option("--enterprises", "-n", min=1, help="Number of SMEs.", show_default=False)
    ],
    sites: Annotated[
        int,
        typer.Option("--sites", "-m", min=1, help="Number of candidate sites.", show_default=False),
    ],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="DIR", help="Scenario folder (or .xlsx) to write."),
    ],
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed, the same park.")] = 0,
    xlsx: Annotated[
        bool, typer.Option("--xlsx", help="Write one .xlsx workbook instead of a folder.")
    ] = False,
    services: Annotated[
        str | None,
        typer.Option(
            "--services",
            metavar="LIST",
            help=f"Services to include (default all: {','.join(GENERATED_SERVICES)}).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUT if it is a scenario already.")
    ] = False,
) -> None:
    """Make a synthetic park of any size: SMEs, candidate sites, tiers and a street network.

    The same arguments always give the same park, so a park can be shared by its command line.
    """
    output = Output()
    chosen = [s.strip() for s in services.split(",") if s.strip()] if services else None
    unknown = [s for s in chosen or [] if s not in GENERATED_SERVICES]
    if unknown:
        raise typer.BadParameter(
            f"unknown service {unknown[0]!r}; expected some of {','.join(GENERATED_SERVICES)}",
            param_hint="--services",
        )
    if xlsx and out.suffix.lower() != ".xlsx":
        out = out.with_name(out.name + ".xlsx")
    refuse_overwrite(output, out, force)
    with reporting(output, f"generating {out}", str(out)):
        extra = {"services": chosen} if chosen else {}
        scenario = generate_park(enterprises, sites, seed=seed, **extra)
        save_scenario(scenario, out)
    kind = "workbook" if out.suffix.lower() == ".xlsx" else "folder"
    output.line(
        f"wrote {out} ({kind}): {enterprises} enterprises, {sites} candidate sites, seed {seed}"
    )
