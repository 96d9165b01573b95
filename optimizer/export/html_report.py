"""The self-contained HTML report of a plan: headline cards, inline SVG figures and the plan's
tables, with no scripts and no links, so it opens offline.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..origin import SOURCE_WORDS, edit_count, edit_lines, source_sentence
from ..plan import Plan
from ..plan_views import Item, currency_of, kpi_items, sme_table
from ..words import format_value, is_missing, kpi_label, status_sentence, verdict_card
from ..words.alone import all_alone_note
from ..words.catalogue import service_title, term, tr
from ..words.language import current_language, using_language
from ..words.provenance import provenance_rows
from ..words.solving import solve_notes
from .columns import allocation_facilities, sheet_columns, with_unit_column
from .html_blocks import card, esc, html_page, html_table
from .summary import provenance_items


def _per_year(amount: object, cur: str) -> str:
    return tr("amount.per_year", amount=format_value(amount, "money"), cur=cur)


def kpi_cards(plan: Plan) -> str:
    """The headline numbers as cards: cost, saving, SMEs connected, facilities, solver status."""
    k, cur = plan.kpis, currency_of(plan)
    by_service = k.get("facilities_by_service") or {}
    cards = [
        card(kpi_label("total_annual_cost").label, _per_year(k.get("total_annual_cost"), cur)),
        card(
            kpi_label("saving").label,
            _per_year(k.get("saving"), cur),
            tr(
                "report.card.saving_detail",
                pct=format_value(k.get("saving_pct"), "points"),
                alone=format_value(k.get("all_self_cost"), "money"),
                cur=cur,
            )
            + all_alone_note(k.get("all_self_unavailable")),
        ),
        card(
            tr("report.card.smes"),
            tr(
                "report.card.smes_value",
                connected=format_value(k.get("smes_connected"), "int"),
                total=format_value(k.get("smes"), "int"),
            ),
            tr(
                "report.card.smes_detail",
                alone=format_value(k.get("demands_self"), "int"),
                unmet=format_value(k.get("demands_unserved"), "int"),
            ),
        ),
        card(
            tr("report.card.facilities"),
            format_value(k.get("facilities"), "int"),
            tr("list.clauses").join(f"{service_title(s)}: {n}" for s, n in by_service.items())
            or tr("report.card.none_open"),
        ),
        card(
            tr("report.card.solver"),
            term(str(plan.solver.get("status", "unknown"))),
            tr("list.semicolon").join(
                [status_sentence(plan.solver), *(n.sentence for n in solve_notes(plan.solver))]
            ),
        ),
    ]
    if k.get("subsidy_total"):
        cards.append(card(tr("report.card.subsidy"), _per_year(k["subsidy_total"], cur)))
    if "smes_would_leave" in k:
        cards.append(card(*verdict_card(k, cur)))
    return '<div class="cards">' + "".join(cards) + "</div>"


def _definition_list(items: Sequence[Item]) -> str:
    rows = "".join(
        f"<dt>{esc(i.label)}</dt><dd>{esc(format_value(i.value, i.kind))}"
        f"{(' ' + esc(i.unit)) if i.unit and i.kind != 'points' and not is_missing(i.value) else ''}</dd>"
        for i in items
    )
    return f"<dl>{rows}</dl>"


def _provenance_list(plan: Plan) -> str:
    """The solver's report and the plan's provenance, each item under its label in the current
    language (its key in the ``title``, for whoever looks it up in the plan's JSON)."""
    rows = provenance_rows(provenance_items(plan), currency_of(plan), SOURCE_WORDS)
    items = "".join(
        f'<dt title="{esc(r.key)}">{esc(r.label)}</dt><dd>{esc(r.value)}</dd>' for r in rows
    )
    return f"<dl>{items}</dl>"


def _figures(plan: Plan) -> str:
    # lazy: the figures need matplotlib, about 0.28 s to import; only the HTML report draws them
    from ..report_figures import cost_breakdown_svg, network_svg, search_svg

    search = search_svg(plan)
    return (
        f"<h2>{esc(tr('report.h.map'))}</h2><figure>"
        + network_svg(plan)
        + f"<figcaption>{esc(tr('report.map_caption'))}</figcaption></figure>"
        + f"<h2>{esc(tr('report.h.annual_cost'))}</h2><figure>"
        + cost_breakdown_svg(plan)
        + "</figure>"
        + (
            f"<h2>{esc(tr('report.h.search'))}</h2><figure>"
            + search
            + f"<figcaption>{esc(tr('report.search_caption'))}</figcaption></figure>"
            if search
            else ""
        )
    )


def _heading(message: str) -> str:
    return f"<h2>{esc(tr(message))}</h2>"


def _section(plan: Plan, heading: str, table: str) -> str:
    frame = with_unit_column(plan, getattr(plan, table), table)
    columns = sheet_columns(frame, table, currency_of(plan))
    return _heading(heading) + html_table(frame, columns, tr("table.empty"))


def _subtitle(plan: Plan, edits: int) -> str:
    prov = plan.provenance
    source = source_sentence(prov)
    return (
        tr("report.subtitle.scenario", name=prov.get("scenario", ""))
        + (tr("report.subtitle.variant", variant=prov["variant"]) if prov.get("variant") else "")
        + (tr("report.subtitle.edits", edits=edit_count(edits)) if edits else "")
        + (tr("report.subtitle.source", source=source) if source else "")
        + tr("report.subtitle.amounts", cur=currency_of(plan), year=prov.get("cost_year", ""))
        + tr("report.subtitle.created", created=prov.get("created", ""))
    )


def plan_html(plan: Plan, language: str | None = None) -> str:
    """The self-contained HTML report of a plan, in ``language`` (``en`` or ``zh-Hans``; None:
    the current language, see :mod:`optimizer.words.language`)."""
    with using_language(language or current_language()) as chosen:
        return _plan_html(plan, chosen)


def _plan_html(plan: Plan, language: str) -> str:
    edits = edit_lines(plan.provenance)
    body = [
        f"<h1>{esc(tr('report.title', label=plan.label))}</h1>",
        f'<p class="sub">{esc(_subtitle(plan, len(edits)))}</p>',
        kpi_cards(plan),
        _figures(plan),
        _section(plan, "report.h.facilities", "facilities"),
    ]
    if sme_table(plan) == "statement":
        body.append(_section(plan, "report.h.sme_pays", "statement"))
    else:
        note = tr("report.no_statement")
        body.append(_heading("report.h.sme_pays") + f'<p class="note">{esc(note)}</p>')
        assignments = with_unit_column(plan, plan.assignments, "assignments")
        columns = sheet_columns(assignments, "assignments", currency_of(plan))
        body.append(html_table(assignments, columns, tr("table.empty")))
    sharing = with_unit_column(plan, allocation_facilities(plan), "allocation_facilities")
    if len(sharing):
        columns = sheet_columns(sharing, "allocation_facilities", currency_of(plan))
        body += [_heading("report.h.sharing"), html_table(sharing, columns, tr("table.empty"))]
    if len(plan.flows):
        body.append(_section(plan, "report.h.flows", "flows"))
    if len(plan.pollutants):
        body.append(_section(plan, "report.h.pollutants", "pollutants"))
    if len(plan.financing):
        body.append(_section(plan, "report.h.financing", "financing"))
    if edits:
        body.append(_heading("report.h.edits") + f"<p>{esc(tr('report.edits_intro'))}</p>")
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in edits) + "</ul>")
    body += [
        _heading("report.h.summary"),
        _definition_list(kpi_items(plan.kpis, currency_of(plan))),
        _heading("report.h.provenance"),
        _provenance_list(plan),
    ]
    return html_page(tr("report.page_title", label=plan.label), body, language)
