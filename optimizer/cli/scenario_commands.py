"""The commands on scenarios: ``validate`` (every problem, at once) and ``convert`` (folder <->
.xlsx); ``generate`` (a synthetic park) is in :mod:`.generate_command`, so that ``validate``
does not import the park generator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..checks import check
from ..scenario import load_scenario, save_scenario
from .arguments import JsonOption, Language, LanguageOption, PathArgument, VariantOption
from .output import EXIT_FAILED, Output, fail, report_problems, reporting

#: Suffixes that look like a file but that ``convert`` cannot write.
_NOT_A_TARGET = (".xls", ".xlsm", ".csv", ".yaml", ".yml", ".json", ".zip")


def validate(
    path: PathArgument,
    variant: VariantOption = None,
    language: LanguageOption = Language.en,
    as_json: JsonOption = False,
) -> None:
    """List every problem of a scenario: errors first, then warnings.

    '--language zh' says them in Simplified Chinese (the files, keys, ids and values as written).
    Exit code 0 when the scenario is valid (warnings allowed), 1 when it is not.
    """
    out = Output(as_json=as_json, language=language.value)
    title = f"{path}" + (f" [{variant}]" if variant else "")
    with reporting(out, f"checking {title}", title, scenario=str(path)):
        scenario = load_scenario(path, variant)
        problems = check(scenario)
    report_problems(out, problems, scenario.label, scenario=scenario.label)
    if any(p.is_error for p in problems):
        raise typer.Exit(EXIT_FAILED)


def convert(
    src: Annotated[
        Path, typer.Argument(metavar="SRC", help="Scenario folder or .xlsx workbook to read.")
    ],
    dst: Annotated[
        Path,
        typer.Argument(metavar="DST", help="Where to write: a path ending in .xlsx, or a folder."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace DST if it exists (a scenario only).")
    ] = False,
) -> None:
    """Convert a scenario folder to one .xlsx workbook, or a workbook to a folder.

    Every table, setting and variant is written. A scenario with cells that do not parse is refused (they would be lost).
    """
    out = Output()
    _refuse_target(out, src, dst, force)
    with reporting(out, f"converting {src}", str(src)):
        scenario = load_scenario(src)
        lossy = [p for p in scenario.load_problems if p.is_error and p.line is not None]
        if lossy:
            report_problems(out, lossy, f"{src}")
            fail(out, f"not converted: {len(lossy)} cell(s) would be lost; fix them first")
        save_scenario(scenario, dst)
    kind = "workbook" if dst.suffix.lower() == ".xlsx" else "folder"
    out.line(f"wrote {dst} ({kind}, {len(scenario.variants)} variants)")


def _refuse_target(out: Output, src: Path, dst: Path, force: bool) -> None:
    """Stop before reading when DST cannot or must not be written."""
    if dst.suffix.lower() in _NOT_A_TARGET:
        fail(out, f"cannot write {dst}: give a path ending in .xlsx, or a folder")
    if dst.exists() and dst.resolve() != src.resolve():
        refuse_overwrite(out, dst, force)


def refuse_overwrite(out: Output, dst: Path, force: bool) -> None:
    """Stop unless DST is absent, or ``force`` is given and DST is a scenario it may replace."""
    if not dst.exists():
        return
    if not force:
        fail(out, f"{dst} exists; pass --force to replace it")
    workbook = dst.suffix.lower() == ".xlsx"
    if workbook and not dst.is_file():
        fail(out, f"{dst} is a folder, not a workbook; not replaced")
    if not workbook and not (dst / "scenario.yaml").is_file():
        fail(out, f"{dst} is not a scenario folder (no scenario.yaml); not replaced")
