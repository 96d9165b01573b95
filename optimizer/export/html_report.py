"""The self-contained HTML report of a plan: headline cards, inline SVG figures and the plan's
tables, with no scripts and no links, so it opens offline.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..origin import edit_count, edit_lines, source_sentence
from ..plan import Plan
from ..plan_views import Item, currency_of, kpi_items, sme_table
from ..words import KPI_LABELS, format_value, is_missing, status_sentence, verdict_card
from .columns import allocation_facilities, sheet_columns
from .html_blocks import card, esc, html_page, html_table
from .summary import NO_STATEMENT_NOTE, provenance_items


def kpi_cards(plan: Plan) -> str:
    """The headline numbers as cards: cost, saving, SMEs connected, facilities, solver status."""
    k, cur = plan.kpis, currency_of(plan)
    by_service = k.get("facilities_by_service") or {}
    cards = [
        card(
            KPI_LABELS["total_annual_cost"].label,
            f"{format_value(k.get('total_annual_cost'), 'money')} {cur}/year",
        ),
        card(
            KPI_LABELS["saving"].label,
            f"{format_value(k.get('saving'), 'money')} {cur}/year",
            f"{format_value(k.get('saving_pct'), 'points')} of "
            f"{format_value(k.get('all_self_cost'), 'money')} {cur}/year",
        ),
        card(
            "SMEs connected",
            f"{format_value(k.get('smes_connected'), 'int')} of {format_value(k.get('smes'), 'int')}",
            f"{format_value(k.get('demands_self'), 'int')} demands treated alone, "
            f"{format_value(k.get('demands_unserved'), 'int')} unmet",
        ),
        card(
            "Facilities",
            format_value(k.get("facilities"), "int"),
            ", ".join(f"{s}: {n}" for s, n in by_service.items()) or "none open",
        ),
        card("Solver", str(plan.solver.get("status", "unknown")), status_sentence(plan.solver)),
    ]
    if k.get("subsidy_total"):
        cards.append(card("Subsidy", f"{format_value(k['subsidy_total'], 'money')} {cur}/year"))
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


def _figures(plan: Plan) -> str:
    # lazy: the figures need matplotlib, about 0.28 s to import; only the HTML report draws them
    from ..report_figures import cost_breakdown_svg, network_svg, search_svg

    search = search_svg(plan)
    return (
        "<h2>Map</h2><figure>"
        + network_svg(plan)
        + "<figcaption>Enterprises, candidate sites and assignments (straight lines; costs use "
        "network distances).</figcaption></figure><h2>Annual cost</h2><figure>"
        + cost_breakdown_svg(plan)
        + "</figure>"
        + (
            "<h2>The search</h2><figure>"
            + search
            + "<figcaption>The best plan found and the best bound proven as the solver ran: the "
            "gap between them is how far the plan may be from the best possible.</figcaption>"
            "</figure>"
            if search
            else ""
        )
    )


def _section(plan: Plan, title: str, table: str) -> str:
    frame = getattr(plan, table)
    columns = sheet_columns(frame, table, currency_of(plan))
    return f"<h2>{esc(title)}</h2>" + html_table(frame, columns)


def plan_html(plan: Plan) -> str:
    """The self-contained HTML report of a plan."""
    prov = plan.provenance
    edits = edit_lines(prov)
    subtitle = (
        f"Scenario {prov.get('scenario', '')}"
        + (f", variant {prov['variant']}" if prov.get("variant") else "")
        + (f", with {edit_count(len(edits))} (listed under Edits)" if edits else "")
        + (f", {source_sentence(prov)}" if source_sentence(prov) else "")
        + f" · amounts in {currency_of(plan)} at {prov.get('cost_year', '')} prices"
        + f" · created {prov.get('created', '')}"
    )
    body = [
        f"<h1>Shared facility plan: {esc(plan.label)}</h1>",
        f'<p class="sub">{esc(subtitle)}</p>',
        kpi_cards(plan),
        _figures(plan),
        _section(plan, "Facilities", "facilities"),
    ]
    if sme_table(plan) == "statement":
        body.append(_section(plan, "What each SME pays", "statement"))
    else:
        body.append(f'<h2>What each SME pays</h2><p class="note">{esc(NO_STATEMENT_NOTE)}</p>')
        body.append(
            html_table(
                plan.assignments, sheet_columns(plan.assignments, "assignments", currency_of(plan))
            )
        )
    sharing = allocation_facilities(plan)
    if len(sharing):
        columns = sheet_columns(sharing, "allocation_facilities", currency_of(plan))
        body += ["<h2>Cost sharing by facility</h2>", html_table(sharing, columns)]
    if len(plan.flows):
        body.append(_section(plan, "Onward streams", "flows"))
    if len(plan.pollutants):
        body.append(_section(plan, "Pollutant discharges", "pollutants"))
    if len(plan.financing):
        body.append(_section(plan, "Financing of new facilities", "financing"))
    if edits:
        body.append(
            "<h2>Edits</h2><p>Made to the scenario since it was opened, before the solve:</p>"
        )
        body.append("<ul>" + "".join(f"<li>{esc(line)}</li>" for line in edits) + "</ul>")
    body += [
        "<h2>Summary figures</h2>",
        _definition_list(kpi_items(plan.kpis, currency_of(plan))),
        "<h2>Solver and provenance</h2>",
        _definition_list(provenance_items(plan)),
    ]
    return html_page(f"Plan {plan.label}", body)
