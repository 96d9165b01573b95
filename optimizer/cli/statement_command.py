"""``optimizer statement``: the SME's page of a saved plan, printed, or written as printable HTML
(one page per SME, or one file for all). The words are :mod:`optimizer.words.sme_page`'s, the
facts :mod:`optimizer.sme_page`'s, so the command says what the app and the HTML page say."""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from .arguments import Language, LanguageOption
from .options import JsonOption
from .output import Output, fail, reporting

PlanArgument = Annotated[
    Path,
    typer.Argument(
        metavar="PLAN",
        help="A plan written by solve, batch or export: PLAN.json, or a folder holding plan.json.",
    ),
]


def _plain(value: Any) -> Any:
    """A value for a JSON document: NaN (no number) as null, inside lists and dicts too."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def statement(
    plan_path: PlanArgument,
    enterprise: Annotated[
        str | None,
        typer.Option("--enterprise", "-e", metavar="ID", help="The SME whose page to show."),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every SME of the plan (with --out DIR or --html FILE).")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", metavar="DIR", help="Write one printable HTML page per SME into DIR."
        ),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html", metavar="FILE", help="Write the page(s) to one printable HTML file."
        ),
    ] = None,
    language: LanguageOption = Language.en,
    as_json: JsonOption = False,
) -> None:
    """What an SME pays in a plan and why, in words its owner reads.

    For each of its services: the facility (service, site) and its distance, what it pays a year
    (its share of the facility, its transport, its connection), its cost alone and its saving,
    and whether the split of the facility's cost is stable for its group (checked exactly; if it
    would leave, why). Amounts are in the scenario's currency. '--enterprise ID' prints one SME's
    page; '--all --out DIR' writes a printable page per SME; '--html FILE' writes one file;
    '--language zh' says it all in Simplified Chinese.

    Exit code 0 with the page(s); 1 when the plan cannot be read, has no SME statement, or the
    enterprise is not in it (the closest ids are listed).
    """
    if (enterprise is None) == (not every):
        raise typer.BadParameter("give --enterprise ID or --all (one of them)")
    if every and out is None and html is None:
        raise typer.BadParameter("--all writes pages: give --out DIR or --html FILE")
    if out is not None and html is not None:
        raise typer.BadParameter("give --out DIR or --html FILE, not both", param_hint="--html")
    # lazy: optimizer.export and the SME page's modules add about 40 ms to the start-up (measured
    # with python -X importtime, after the plan module); 'optimizer --help' and the other
    # commands need neither
    from ..export import PLAN_JSON, PlanFileError, read_plan
    from ..export.sme_html import write_sme_html, write_sme_pages
    from ..sme_page import SmePageError, require_statement, sme_facts
    from ..words.language import set_language
    from ..words.sme_page import sme_text

    set_language(language.value)  # the page's words, printed or written
    output = Output(as_json=as_json, language=language.value)
    with reporting(output, f"making the SME page of {plan_path}", str(plan_path)):
        try:
            inside = plan_path / PLAN_JSON  # a folder of outputs stands for its plan.json
            plan = read_plan(inside if plan_path.is_dir() and inside.is_file() else plan_path)
            chosen = [enterprise] if enterprise is not None else require_statement(plan)
            facts = [sme_facts(plan, e) for e in chosen]
        except (PlanFileError, SmePageError) as error:
            fail(output, str(error))
        written = []
        if out is not None:
            written = write_sme_pages(plan, out, chosen)
        elif html is not None:
            written = [write_sme_html(plan, html, chosen)]
    if output.as_json:
        output.document(
            {
                "plan": plan.label,
                "pages": [_plain({"facts": asdict(f), "text": asdict(sme_text(f))}) for f in facts],
                "written": [str(p) for p in written],
            }
        )
        return
    if not written:
        for line in sme_text(facts[0]).lines():
            output.line(line)
    elif len(written) == 1:
        output.line(f"wrote {written[0]} ({len(chosen)} SME page{'s' if len(chosen) != 1 else ''})")
    else:
        output.line(f"wrote {len(written)} SME pages into {out}")
