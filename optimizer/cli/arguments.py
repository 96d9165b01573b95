"""The arguments and options every command takes (a scenario path, ``--variant``, ``--json``),
declared once with their help. Nothing heavy is imported here: ``validate`` uses these alone."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

PathArgument = Annotated[
    Path,
    typer.Argument(
        metavar="PATH", help="A scenario folder (with scenario.yaml) or an .xlsx workbook."
    ),
]
VariantOption = Annotated[
    str | None,
    typer.Option(
        "--variant", "-v", metavar="NAME", help="Variant to apply (a name, or several as a,b)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a JSON document instead of text.")]


class Language(StrEnum):
    """The languages of the words written (:data:`optimizer.words.language.LANGUAGES`, with
    ``zh`` for short)."""

    en = "en"
    zh = "zh"
    zh_hans = "zh-Hans"


LanguageOption = Annotated[
    Language,
    typer.Option(
        "--language",
        case_sensitive=False,
        help="Language of the problems printed, the HTML report and the SME pages: en "
        "(English) or zh (Simplified Chinese). The data files (JSON, xlsx, CSV, GeoJSON) and "
        "--json stay in English.",
    ),
]
