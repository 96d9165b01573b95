"""Compare plans: what changed between a reference plan and the others, down to the input rows.

The first plan is the reference; every other plan is compared with it:

* ``kpis``: one row per KPI, a column per plan, and for each later plan its delta and delta % against
  the reference (``delta % = (value - reference) / |reference| x 100``; empty when the reference is 0
  and the value is not);
* ``facilities``: per (site, service), facilities ``opened``, ``closed`` or ``resized`` (tier
  changed), with the unit of the row's service per day (``m3/day``, ``t/day``) after ``service``,
  the unit of its capacities and loads (a park mixes services of different units);
* ``reassignments``: per (enterprise, service) whose destination changed: ``from`` and ``to`` (a site
  id, ``self`` or ``unserved``; a split demand reads ``S1 60% + self 40%``);
* ``sme_counts``: per later plan, how many SMEs pay more, pay less, are new, gone or pay the same
  (a change below :data:`optimizer.compare_smes.SAME_COST` is the same), what a reviewer reads first;
* ``sme_costs``: per enterprise, its annual cost before and after: those who pay more first, then
  those who pay less, new, gone and the same, each group largest change first; from the SME
  statement, or from the assignments' own costs when a plan has no statement (the ``basis``
  column says which);
* ``input_changes``: differences between the resolved inputs the plans carry (the variant applied,
  not file names): settings as dotted keys (changed, added, removed) and table rows added, removed
  or changed (by the table's key columns; one line per changed column). Plans of different scenarios
  compare too: their first line says ``different scenarios: A vs B``.

The input differences are :mod:`optimizer.compare_inputs`; :mod:`optimizer.export.comparison`
renders a comparison as Markdown, HTML or an xlsx workbook.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .compare_inputs import INPUT_COLUMNS, input_changes, input_headline, is_number
from .compare_notes import comparison_notes, sme_headline
from .compare_smes import COST_COLUMNS, COUNT_COLUMNS, delta_pct, sme_cost_changes, sme_counts
from .plan import Plan
from .plan_columns import with_service_units
from .plan_geometry import service_units
from .plan_views import currency_of, enterprise_costs, kpi_item, kpi_items
from .words import is_missing
from .words.language import ENGLISH, using_language
from .words.said import Said

#: A demand or an enterprise absent from one of the plans.
ABSENT = "(none)"


@dataclass(frozen=True)
class Comparison:
    """What changed between a reference plan (``labels[0]``) and each later plan.

    Every table has a ``plan`` column naming the later plan a row compares with the reference,
    except ``kpis``, which has a column per plan. ``notes`` are sentences a reviewer should read
    first (different scenarios, cost bases that differ, solver status); ``sme_headlines`` say per
    later plan how many SMEs pay more, less and the same (from ``sme_counts``).

    The tables hold data, in English in every language (the xlsx and JSON write them as they
    are; :mod:`optimizer.compare_shown` words their cells for a page or a report), and the
    sentences are :class:`~optimizer.words.said.Said`: English as ``str``, said in the language
    of the page or file showing them by :func:`~optimizer.words.said.spoken`.
    """

    labels: tuple[str, ...]
    kpis: pd.DataFrame
    facilities: pd.DataFrame
    reassignments: pd.DataFrame
    sme_costs: pd.DataFrame
    input_changes: pd.DataFrame
    notes: tuple[Said, ...] = ()
    headlines: tuple[Said, ...] = ()
    sme_counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COUNT_COLUMNS))
    sme_headlines: tuple[Said, ...] = ()
    #: The reference plan's currency, in which every amount of the comparison is.
    currency: str = "CNY"
    #: The unit of each service of the plans (``{"sewage": "m3", "spraying": "t"}``), the
    #: reference's first: the unit of the facilities' capacities and loads (per day).
    service_units: Mapping[str, str] = field(default_factory=dict)

    @property
    def reference(self) -> str:
        return self.labels[0]

    def tables(self) -> dict[str, pd.DataFrame]:
        """The comparison's tables by name, in reading order."""
        return {
            "sme_counts": self.sme_counts,
            "kpis": self.kpis,
            "facilities": self.facilities,
            "reassignments": self.reassignments,
            "sme_costs": self.sme_costs,
            "input_changes": self.input_changes,
        }


def compare_plans(plans: Sequence[Plan], labels: Sequence[str] | None = None) -> Comparison:
    """Compare plans with the first one.

    Parameters
    ----------
    plans
        Two or more plans; the first is the reference.
    labels
        Names of the plans in the tables; default their labels (``scenario[variant]``), made
        unique (``tiny``, ``tiny #2``) when two plans carry the same one.

    The comparison is the same whatever the current language (its tables are data).
    """
    with using_language(ENGLISH):
        return _compare_plans(list(plans), labels)


def _compare_plans(plans: list[Plan], labels: Sequence[str] | None) -> Comparison:
    if len(plans) < 2:
        raise ValueError(f"a comparison needs at least two plans, got {len(plans)}")
    names = unique_labels([p.label for p in plans] if labels is None else [str(x) for x in labels])
    if len(names) != len(plans):
        raise ValueError(f"got {len(names)} labels for {len(plans)} plans")
    ref, others = plans[0], list(zip(names[1:], plans[1:], strict=True))
    costs = {name: enterprise_costs(p) for name, p in zip(names, plans, strict=True)}
    sme_costs = _concat(
        [sme_cost_changes(costs[names[0]], costs[n], n, _names(ref, p)) for n, p in others],
        COST_COLUMNS,
    )
    counts = sme_counts(sme_costs, names[1:])
    units = plans_service_units(plans)
    facilities = _concat([facility_changes(ref, p, n) for n, p in others], _FACILITY_COLUMNS)
    return Comparison(
        labels=tuple(names),
        kpis=kpi_table(plans, names),
        facilities=with_service_units(facilities, units),
        reassignments=_concat([reassignments(ref, p, n) for n, p in others], _REASSIGN_COLUMNS),
        sme_costs=sme_costs,
        input_changes=_concat([input_changes(ref, p, n) for n, p in others], INPUT_COLUMNS),
        notes=tuple(comparison_notes(ref, others, names[0])),
        headlines=tuple(input_headline(ref, p) for _, p in others),
        sme_counts=counts,
        currency=currency_of(ref),
        service_units=units,
        sme_headlines=tuple(sme_headline(row, names[0]) for row in counts.to_dict("records")),
    )


def plans_service_units(plans: Sequence[Plan]) -> dict[str, str]:
    """The unit of each service the plans declare, the first plan's where two plans differ
    (:func:`optimizer.compare_notes.comparison_notes` says so)."""
    units: dict[str, str] = {}
    for plan in plans:
        for name, unit in service_units(plan).items():
            units.setdefault(name, unit)
    return units


def unique_labels(labels: Sequence[str]) -> list[str]:
    """Labels made unique by numbering repeats.

    >>> unique_labels(["tiny", "tiny", "park"])
    ['tiny', 'tiny #2', 'park']
    """
    out: list[str] = []
    for label in labels:
        name, n = label, 1
        while name in out:
            n += 1
            name = f"{label} #{n}"
        out.append(name)
    return out


def _concat(frames: Sequence[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    return pd.concat(frames, ignore_index=True)[list(columns)]


# ---------------------------------------------------------------------------------------------
# KPIs
# ---------------------------------------------------------------------------------------------


def kpi_table(plans: Sequence[Plan], names: Sequence[str]) -> pd.DataFrame:
    """KPIs as rows, a column per plan, then ``delta <plan>`` and ``delta % <plan>`` per later plan."""
    currency = currency_of(plans[0])
    values = [{i.key: i.value for i in kpi_items(p.kpis, currency)} for p in plans]
    keys = list(dict.fromkeys(k for v in values for k in v))
    for v in values:  # a service with no facility has no entry: it has 0
        v.update({k: 0 for k in keys if k.startswith("facilities_by_service.") and k not in v})
    rows = []
    for key in keys:
        item = kpi_item(key, next(v[key] for v in values if key in v), currency)
        row: dict[str, Any] = {"key": key, "kpi": item.label, "unit": item.unit}
        row.update({n: v.get(key) for n, v in zip(names, values, strict=True)})
        first = values[0].get(key)
        for name, v in zip(names[1:], values[1:], strict=True):
            other = v.get(key)
            both = is_number(first) and is_number(other)
            row[f"delta {name}"] = float(other) - float(first) if both else None
            row[f"delta % {name}"] = delta_pct(float(first), float(other)) if both else None
        rows.append(row)
    ordered = ["key", "kpi", "unit", *names]
    for name in names[1:]:
        ordered += [f"delta {name}", f"delta % {name}"]
    return pd.DataFrame(rows, columns=ordered)


# ---------------------------------------------------------------------------------------------
# Facilities
# ---------------------------------------------------------------------------------------------

_FACILITY_COLUMNS = [
    "plan",
    "site",
    "service",
    "change",
    "tier_before",
    "tier_after",
    "capacity_before",
    "capacity_after",
    "load_before",
    "load_after",
    "members_before",
    "members_after",
    "annual_cost_before",
    "annual_cost_after",
]


def _facility_index(plan: Plan) -> pd.DataFrame:
    columns = ["site", "service", "tier", "capacity_per_day", "load_per_day", "members"]
    frame = plan.facilities.reindex(columns=[*columns, "annual_cost"])
    frame = frame.rename(columns={"capacity_per_day": "capacity", "load_per_day": "load"})
    return frame.astype({"site": str, "service": str, "tier": object})


def _facility_change(before: Any, after: Any) -> str | None:
    if is_missing(before) and is_missing(after):
        return None
    if is_missing(before):
        return "opened"
    if is_missing(after):
        return "closed"
    return "resized" if str(before) != str(after) else None


def facility_changes(reference: Plan, plan: Plan, name: str) -> pd.DataFrame:
    """Facilities opened, closed or resized (tier changed) in ``plan`` against ``reference``."""
    joined = _facility_index(reference).merge(
        _facility_index(plan), on=["site", "service"], how="outer", suffixes=("_before", "_after")
    )
    changes = [
        _facility_change(b, a)
        for b, a in zip(joined["tier_before"], joined["tier_after"], strict=True)
    ]
    joined = joined.assign(change=changes, plan=name)
    joined = joined[joined["change"].notna()]
    order = {"opened": 0, "closed": 1, "resized": 2}
    joined = joined.sort_values(
        ["change", "site", "service"], key=lambda s: s.map(order) if s.name == "change" else s
    )
    return joined.reindex(columns=_FACILITY_COLUMNS).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Reassignments
# ---------------------------------------------------------------------------------------------

_REASSIGN_COLUMNS = ["plan", "enterprise", "enterprise_name", "service", "from", "to"]


def _destination(group: pd.DataFrame) -> str:
    if len(group) == 1 and float(group["share"].iloc[0]) >= 1 - 1e-6:
        return str(group["site"].iloc[0])
    parts = group.sort_values(["share", "site"], ascending=[False, True])
    return " + ".join(
        f"{s} {share:.0%}" for s, share in zip(parts["site"], parts["share"], strict=True)
    )


def destinations(plan: Plan) -> pd.Series:
    """Where each (enterprise, service) is treated: a site id, ``self``, ``unserved`` or a split."""
    frame = plan.assignments
    if frame.empty:
        return pd.Series(dtype="object")
    frame = frame.astype({"enterprise": str, "service": str, "site": str})
    keys = ["enterprise", "service"]
    split = frame.duplicated(keys, keep=False) | (frame["share"] < 1 - 1e-6)
    whole = frame[~split].set_index(keys)["site"]
    if not split.any():
        return whole.sort_index()
    parts = frame[split].groupby(keys).apply(_destination, include_groups=False)
    return pd.concat([whole, parts]).sort_index()


def _names(*plans: Plan) -> dict[str, str]:
    names: dict[str, str] = {}
    for plan in plans:
        frame = plan.assignments
        if {"enterprise", "enterprise_name"} <= set(frame.columns):
            for e, n in zip(frame["enterprise"], frame["enterprise_name"], strict=True):
                if not is_missing(n):
                    names.setdefault(str(e), str(n))
    return names


def reassignments(reference: Plan, plan: Plan, name: str) -> pd.DataFrame:
    """Demands treated somewhere else in ``plan`` than in ``reference`` (``from`` -> ``to``)."""
    joined = pd.concat({"from": destinations(reference), "to": destinations(plan)}, axis=1).fillna(
        ABSENT
    )
    if joined.empty:
        return pd.DataFrame(columns=_REASSIGN_COLUMNS)
    moved = joined[joined["from"] != joined["to"]].reset_index(names=["enterprise", "service"])
    moved["enterprise_name"] = moved["enterprise"].map(_names(reference, plan))
    moved["plan"] = name
    return moved.sort_values(["enterprise", "service"]).reindex(columns=_REASSIGN_COLUMNS)
