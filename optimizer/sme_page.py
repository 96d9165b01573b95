"""The SME's page of a plan: the facts about one enterprise, gathered once from the plan's
statement and allocation tables, for every face that shows them (``optimizer statement``, the
app's results page, the printable HTML page of :mod:`optimizer.export.sme_html`).

:func:`sme_facts` gathers, :func:`sme_figures` lists the amounts of a statement row with the
statement's own column titles (:mod:`optimizer.plan_columns`), and the words are
:func:`optimizer.words.sme_page.sme_text`'s.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .coerce import did_you_mean_words
from .plan import SELF, UNSERVED, Plan
from .plan_columns import columns_of
from .plan_views import Item, currency_of
from .schema.paths import closest
from .words.catalogue import localized
from .words.sme_page import GroupFacts, ServiceFacts, SmeFacts

#: The statement's amounts shown as figures on the page, in this order.
FIGURES = (
    "share_cny_per_year",
    "transport_cny_per_year",
    "connection_cny_per_year",
    "total_cny_per_year",
    "standalone_cny_per_year",
    "saving_cny_per_year",
    "saving_pct",
)


class SmePageError(ValueError):
    """An SME's page cannot be made: an unknown enterprise, or a plan without a statement (the
    message names the enterprise or the plan and says what to do)."""


def enterprises_of(plan: Plan) -> list[str]:
    """The enterprises of the plan's statement, in its order (each once)."""
    if "enterprise" not in plan.statement:
        return []
    return list(dict.fromkeys(plan.statement["enterprise"].astype(str)))


def enterprise_names(plan: Plan) -> dict[str, str]:
    """Enterprise id -> name, from the statement."""
    if "enterprise" not in plan.statement:
        return {}
    rows = plan.statement.drop_duplicates("enterprise")
    return dict(
        zip(rows["enterprise"].astype(str), rows["enterprise_name"].astype(str), strict=True)
    )


def require_statement(plan: Plan) -> list[str]:
    """The plan's enterprises; an error when it has no statement to make SME pages from."""
    known = enterprises_of(plan)
    if not known or "players" not in plan.allocation:
        raise SmePageError(
            f"plan {plan.label} has no SME statement (it was solved without cost allocation): "
            "solve it again with an allocation rule (optimizer solve --allocation stable)"
        )
    return known


def _require(plan: Plan, enterprise: str) -> None:
    known = require_statement(plan)
    if enterprise in known:
        return
    by_name = {name.lower(): e for e, name in enterprise_names(plan).items()}
    matches = closest(enterprise, known) + [
        by_name[n] for n in closest(enterprise.lower(), by_name)
    ]
    # ids are short ("E9" and "E1" are 50 % alike): below the usual cutoff, the most alike
    if not matches:
        alike = {k: difflib.SequenceMatcher(None, enterprise, k).ratio() for k in known}
        matches = [k for k in sorted(known, key=lambda k: -alike[k])[:3] if alike[k] >= 0.4]
    hint = did_you_mean_words(list(dict.fromkeys(matches)))
    listed = plan.inputs.get("tables", {}).get("enterprises")
    if isinstance(listed, pd.DataFrame) and enterprise in set(listed["id"].astype(str)):
        why = f"it has no demand to treat in plan {plan.label}, so it pays nothing"
    else:
        why = f"no such enterprise in plan {plan.label} ({len(known)} enterprises: {known[0]} to {known[-1]})"
    raise SmePageError(f"enterprise {enterprise!r}: {why}" + (f"; {hint}" if hint else ""))


def _by_key(frame: Any, keys: list[str]) -> dict[tuple[str, ...], Mapping[str, Any]]:
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        return {}
    return {
        tuple(str(row[k]) for k in keys): row
        for row in frame.to_dict("records")  # one pass: a plan has thousands of rows
    }


def _group(row: Mapping[str, Any] | None) -> GroupFacts | None:
    if row is None:
        return None
    empty = row.get("core_empty")
    return GroupFacts(
        members=int(row["members"]),
        upstream=int(row["upstream"]),
        onward_cost=float(row["onward_cost"]),
        checked=bool(row["core_checked"]),
        core_empty=None if empty is None or empty is pd.NA else bool(empty),
        min_subsidy=float(row["min_subsidy"]),
        ir_violations=int(row["ir_violations"]),
        blocking=tuple(m for m in str(row["blocking_coalition"] or "").split(", ") if m),
        blocking_excess=float(row["blocking_excess"]),
    )


def _units(plan: Plan) -> dict[str, str]:
    services = plan.inputs.get("settings", {}).get("services", {})
    return {
        str(name): str(settings.get("unit") or "unit")
        for name, settings in services.items()
        if isinstance(settings, dict)
    }


def sme_facts(plan: Plan, enterprise: str) -> SmeFacts:
    """Everything the SME's page says about one enterprise of an allocated plan.

    Raises
    ------
    SmePageError
        The plan has no statement, or the enterprise is not in it (the message lists the ids
        closest to the one asked for, by id or by name).
    """
    enterprise = str(enterprise)
    _require(plan, enterprise)
    statement = plan.statement[plan.statement["enterprise"].astype(str) == enterprise]
    players = _by_key(plan.allocation.get("players"), ["site", "service", "player"])
    groups = _by_key(plan.allocation.get("facilities"), ["site", "service"])
    sites = _by_key(plan.facilities, ["site", "service"])
    shares = _by_key(plan.assignments, ["enterprise", "service", "site"])
    units = _units(plan)
    services = []
    for row in statement.to_dict("records"):
        facility, service = str(row["facility"]), str(row["service"])
        shared = facility not in (SELF, UNSERVED)
        player = players.get((facility, service, enterprise), {}) if shared else {}
        assignment = shares.get((enterprise, service, facility), {})
        services.append(
            ServiceFacts(
                enterprise=enterprise,
                service=service,
                facility=facility,
                site_name=str(sites.get((facility, service), {}).get("site_name") or ""),
                tier=str(row["tier"] or ""),
                distance_km=float(row["distance_km"]),
                demand_share=float(assignment.get("share", 1.0)),
                load=float(player.get("load_per_day", math.nan)),
                unit=units.get(service, "unit"),
                transport=float(row["transport_cny_per_year"]),
                connection=float(row["connection_cny_per_year"]),
                share=float(row["share_cny_per_year"]),
                total=float(row["total_cny_per_year"]),
                standalone=float(row["standalone_cny_per_year"]),
                saving=float(row["saving_cny_per_year"]),
                saving_pct=float(row["saving_pct"]),
                would_leave=bool(row["would_leave"]),
                over_alone=float(player.get("over_alone_cny_per_year", 0.0)),
                stable_share=float(
                    player.get("stable_share_cny_per_year", row["share_cny_per_year"])
                ),
                group=_group(groups.get((facility, service))) if shared else None,
                alone_unavailable=str(row.get("alone_unavailable") or ""),
            )
        )
    return SmeFacts(
        enterprise=enterprise,
        name=str(statement["enterprise_name"].iloc[0]),
        plan=plan.label,
        currency=currency_of(plan),
        rule=str(plan.allocation.get("rule") or plan.kpis.get("allocation_rule") or ""),
        services=tuple(services),
    )


def sme_figures(plan: Plan, enterprise: str) -> list[list[Item]]:
    """The statement's amounts of each of the enterprise's rows, titled and with units as the
    statement's columns are (:data:`FIGURES`): one list per row, in the statement's order."""
    _require(plan, str(enterprise))
    currency = currency_of(plan)
    declared = {c.name: localized(c) for c in columns_of("statement")}  # current language
    rows = plan.statement[plan.statement["enterprise"].astype(str) == str(enterprise)]
    return [
        [
            Item(
                name,
                declared[name].title,
                row[name],
                declared[name].unit_in(currency),
                declared[name].kind,
            )
            for name in FIGURES
        ]
        for row in rows.to_dict("records")
    ]
