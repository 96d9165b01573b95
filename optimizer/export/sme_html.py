"""The SME's printable page: one enterprise of a plan (or every one, a page each when printed),
self-contained HTML in the plan report's style (:mod:`optimizer.export.html_blocks`).

The page shows the sentences of :func:`optimizer.words.sme_page.sme_text` and, for each statement
row, its amounts as the statement holds them (:func:`optimizer.sme_page.sme_figures`), so what an
SME reads on paper is what the command line and the app say.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..files import atomic_folder, write_text
from ..plan import Plan
from ..plan_views import Item
from ..sme_page import SmePageError, require_statement, sme_facts, sme_figures
from ..words import money, points
from ..words.catalogue import tr
from ..words.language import current_language, using_language
from ..words.sme_page import sme_text
from .dispatch import file_stem
from .html_blocks import card, esc, html_page


def _amount(item: Item) -> str:
    """An amount to the cent (the sentences' figures), a percentage with one decimal."""
    return points(item.value) if item.kind == "points" else money(item.value)


def _figures_table(items: Sequence[Item]) -> str:
    """The statement row's amounts, one per line: what it is (its unit), the amount."""
    rows = "".join(
        f"<tr><th>{esc(i.label)}{f' ({esc(i.unit)})' if i.unit else ''}</th>"
        f'<td class="num" data-column="{esc(i.key)}">{esc(_amount(i))}</td></tr>'
        for i in items
    )
    return f'<table class="figures"><tbody>{rows}</tbody></table>'


def sme_section(plan: Plan, enterprise: str) -> str:
    """One SME's page as an HTML ``<section>`` (the body of :func:`sme_html`)."""
    facts = sme_facts(plan, enterprise)
    text = sme_text(facts)
    per_year = tr("unit.per_year", cur=facts.currency)
    prov = plan.provenance
    sub = tr(
        "sme.sub",
        label=plan.label,
        rule=facts.rule,
        cur=facts.currency,
        year=prov.get("cost_year", ""),
        created=prov.get("created", ""),
    )
    pct = points(facts.saving / facts.standalone * 100) if facts.standalone > 0 else "-"
    cards = [
        card(tr("sme.card.pay"), money(facts.total, per_year)),
        card(tr("sme.card.alone"), money(facts.standalone, per_year)),
        card(tr("sme.card.saving"), money(facts.saving, per_year), pct),
    ]
    body = [
        f'<section class="sme" id="{esc(file_stem(facts.enterprise))}">',
        f"<h1>{esc(text.title)}</h1>",
        f'<p class="sub">{esc(sub)}</p>',
        '<div class="cards">' + "".join(cards) + "</div>",
        *(f"<p>{esc(line)}</p>" for line in text.headline),
    ]
    for section, items in zip(text.sections, sme_figures(plan, enterprise), strict=True):
        body.append(f"<h2>{esc(section.heading)}</h2>")
        body.append(_figures_table(items))
        body += [f"<p>{esc(line)}</p>" for line in section.lines]
    body.append("</section>")
    return "\n".join(body)


def sme_html(
    plan: Plan, enterprises: Sequence[str] | None = None, language: str | None = None
) -> str:
    """The printable page of some SMEs of a plan (default: every one), one after the other, in
    ``language`` (``en`` or ``zh-Hans``; None: the current language).

    Raises
    ------
    SmePageError
        The plan has no statement, or an enterprise is not in it.
    """
    chosen = list(enterprises) if enterprises is not None else require_statement(plan)
    with using_language(language or current_language()) as tag:
        title = (
            tr("sme.page_title_one", enterprise=chosen[0], label=plan.label)
            if len(chosen) == 1
            else tr("sme.page_title_all", label=plan.label)
        )
        return html_page(title, [sme_section(plan, e) for e in chosen], tag)


def sme_file_name(enterprise: str) -> str:
    """The page's file name in a folder of SME pages: the id made safe (``E074.html``)."""
    return file_stem(enterprise) + ".html"


def write_sme_html(
    plan: Plan,
    file: str | os.PathLike,
    enterprises: Sequence[str] | None = None,
    language: str | None = None,
) -> Path:
    """Write the page of some SMEs (default: every one) to one file, atomically."""
    return write_text(Path(file), sme_html(plan, enterprises, language))


def write_sme_pages(
    plan: Plan,
    folder: str | os.PathLike,
    enterprises: Sequence[str] | None = None,
    language: str | None = None,
) -> list[Path]:
    """Write one page per SME into a folder, replacing the earlier pages of those SMEs in one
    step; other files in the folder stay. Returns the files written."""
    chosen = list(enterprises) if enterprises is not None else require_statement(plan)
    names = {sme_file_name(e): e for e in chosen}
    if len(names) < len(set(chosen)):
        same = [e for e in chosen if list(names.values()).count(e) == 0]
        raise SmePageError(
            f"enterprises {', '.join(same)} would share a file name with another in {folder}: "
            "write them to one file with --html instead"
        )
    target = Path(folder)
    with atomic_folder(target, owned=names.__contains__) as temporary:
        for name, enterprise in names.items():
            page = sme_html(plan, [enterprise], language)
            (temporary / name).write_text(page, encoding="utf-8")
    return [target / name for name in names]
