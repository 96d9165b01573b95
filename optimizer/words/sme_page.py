"""The SME's page in words: where each of its services is treated, what it pays a year and why,
what it would pay alone, what it saves, and whether the split of its facility's cost is stable
for its group (and, if it would leave, why).

One set of sentences for every face: ``optimizer statement``, the app's results page and the
printable HTML page all show :func:`sme_text`. The facts come from the plan's statement and
allocation tables (gathered once by :func:`optimizer.sme_page.sme_facts`); like the rest of
:mod:`optimizer.words` nothing here takes a :class:`~optimizer.plan.Plan`, only these values.
The page speaks to the SME's owner ("you").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .numbers import money, points

#: Members of a group named in a sentence; the rest are counted.
_NAMED = 4
#: Shares closer than this are the same amount (what the page shows is rounded to the cent).
_CENT = 0.005
#: What the statement's ``facility`` says of a demand treated alone, and of one not treated.
SELF, UNSERVED = "self", "unserved"


@dataclass(frozen=True)
class GroupFacts:
    """The game of one shared facility, from ``plan.allocation["facilities"]``.

    ``blocking`` is the group that would gain most by leaving (empty when none would) and
    ``blocking_excess`` what it pays above its own cost; ``core_empty`` is None when unknown.
    """

    members: int
    upstream: int
    onward_cost: float
    checked: bool
    core_empty: bool | None
    min_subsidy: float
    ir_violations: int
    blocking: tuple[str, ...]
    blocking_excess: float

    @property
    def stable(self) -> bool:
        """No member pays more than alone and no group would do better on its own."""
        return not self.blocking and not self.ir_violations


@dataclass(frozen=True)
class ServiceFacts:
    """One statement row of the SME (a service at a facility, or treated alone), with its
    player's figures and its facility's game (None for ``self`` and ``unserved``).

    Amounts are a year, in the plan's currency; ``demand_share`` is the fraction of the
    service's demand this row treats; ``load`` the load it brings, in ``unit`` a day.
    """

    enterprise: str
    service: str
    facility: str
    site_name: str
    tier: str
    distance_km: float
    demand_share: float
    load: float
    unit: str
    transport: float
    connection: float
    share: float
    total: float
    standalone: float
    saving: float
    saving_pct: float
    would_leave: bool
    over_alone: float
    stable_share: float
    group: GroupFacts | None


@dataclass(frozen=True)
class SmeFacts:
    """Everything the SME's page says, for one enterprise of one plan."""

    enterprise: str
    name: str
    plan: str
    currency: str
    rule: str
    services: tuple[ServiceFacts, ...]

    @property
    def total(self) -> float:
        return sum(s.total for s in self.services)

    @property
    def standalone(self) -> float:
        return sum(s.standalone for s in self.services)

    @property
    def saving(self) -> float:
        return self.standalone - self.total


@dataclass(frozen=True)
class Section:
    """One service's part of the page: its heading and its sentences."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class SmeText:
    """The page in words: its title, the headline sentences and a section per service."""

    title: str
    headline: tuple[str, ...]
    sections: tuple[Section, ...]

    def lines(self) -> list[str]:
        """The page as plain lines (the command line prints these)."""
        out = [self.title, *self.headline]
        for section in self.sections:
            out += ["", section.heading, *(f"  {line}" for line in section.lines)]
        return out


def _named(group: tuple[str, ...]) -> str:
    """``E1, E2, E3, E4 and 2 more``.

    >>> _named(("E1", "E2")), _named(tuple(f"E{i}" for i in range(6)))
    ('E1, E2', 'E0, E1, E2, E3 and 2 more')
    """
    shown = ", ".join(group[:_NAMED])
    return shown + (f" and {len(group) - _NAMED} more" if len(group) > _NAMED else "")


def _where(s: ServiceFacts) -> str:
    """``S11 (Eastern dyeing centre)``, or the site id alone."""
    named = s.site_name and s.site_name != s.facility
    return f"{s.facility} ({s.site_name})" if named else s.facility


def _part_of_demand(s: ServiceFacts) -> str:
    return "" if s.demand_share >= 1 - 1e-9 else f" ({points(s.demand_share * 100)} of it)"


def heading(s: ServiceFacts) -> str:
    """A section's heading: the service and where it is treated."""
    if s.facility == SELF:
        return f"{s.service}: treated on your own"
    if s.facility == UNSERVED:
        return f"{s.service}: not treated in this plan"
    return f"{s.service}: shared facility at {_where(s)}"


def _sharers(g: GroupFacts | None) -> str:
    """``, shared with 36 other SMEs and 1 upstream facility ...``, or nothing.

    >>> _sharers(GroupFacts(37, 1, 0.0, True, False, 0.0, 0, (), 0.0))
    ', shared with 36 other SMEs and 1 upstream facility sending it its stream'
    """
    if g is None or g.members + g.upstream <= 1:
        return ""
    parts = []
    if g.members > 1:
        parts.append(f"{g.members - 1} other SME{'s' if g.members != 2 else ''}")
    if g.upstream:
        plants = "facility" if g.upstream == 1 else "facilities"
        theirs = "its stream" if g.upstream == 1 else "their streams"
        parts.append(f"{g.upstream} upstream {plants} sending it {theirs}")
    return ", shared with " + " and ".join(parts)


def _place(s: ServiceFacts) -> str:
    load = "" if math.isnan(s.load) else f", {money(s.load, digits=1)} {s.unit}/day,"
    return (
        f"Your {s.service}{_part_of_demand(s)}{load} goes to the {s.service} facility at "
        f"{_where(s)}, tier {s.tier}{_sharers(s.group)}. It is {money(s.distance_km)} km from "
        "you along the park network."
    )


def _payment(s: ServiceFacts, currency: str, rule: str) -> str:
    per_year = f"{currency}/year"
    onward = (
        ", which includes what the facility pays to send its own streams on"
        if s.group is not None and s.group.onward_cost > 0
        else ""
    )
    why = f"your share of the facility's cost under {rule} cost sharing{onward}"
    if not s.transport and not s.connection:
        return f"You pay {money(s.total, per_year)} for it, all of it {why}."
    parts = [f"{money(s.share, per_year)} is {why}"]
    if s.transport:
        parts.append(f"{money(s.transport, per_year)} is transport")
    if s.connection:
        parts.append(f"{money(s.connection, per_year)} is your connection (its yearly cost)")
    listed = "; ".join(parts[:-1]) + "; and " + parts[-1]
    return f"You pay {money(s.total, per_year)} for it: {listed}."


def _against_alone(s: ServiceFacts, currency: str) -> str:
    per_year = f"{currency}/year"
    alone = f"Treating it on your own would cost {money(s.standalone, per_year)}"
    if s.saving > 0:
        pct = f" ({points(s.saving_pct)})" if not math.isnan(s.saving_pct) else ""
        return f"{alone}, so you save {money(s.saving, per_year)}{pct}."
    if s.saving < 0:
        return f"{alone}, so you pay {money(-s.saving, per_year)} more than alone."
    return f"{alone}: the same, so you save nothing."


def _group_gain(s: ServiceFacts, group: tuple[str, ...], gain: str) -> str:
    """What the most blocking group would save on its own, said from the SME's side."""
    at = f"by building their own facility at {s.facility} or treating alone"
    if s.enterprise in group:
        at = f"by building your own facility at {s.facility} or treating alone"
        others = tuple(m for m in group if m != s.enterprise)
        if not others:
            return f"you would pay {gain} less treating on your own"
        count = f"{len(others)} other{'s' if len(others) != 1 else ''}"
        return f"you and {count} ({_named(others)}) would together pay {gain} less {at}"
    if len(group) == 1:
        return f"{group[0]} would pay {gain} less treating on its own"
    return f"a group of {len(group)} ({_named(group)}) would together pay {gain} less {at}"


def _stability(s: ServiceFacts, currency: str, rule: str) -> list[str]:
    """Whether the split is stable for the SME's group, and if it would leave, why."""
    g, per_year = s.group, f"{currency}/year"
    assert g is not None
    checked = (
        "every group of its members checked exactly"
        if g.checked
        else "not every group of its members could be checked"
    )
    if not g.checked and not s.over_alone > 0:
        return [
            f"Under {rule} cost sharing you pay no more than alone; whether a group of members "
            "would do better on its own was not checked (time ran out before this facility's "
            "exact checks)."
        ]
    if g.stable:
        return [
            f"The split is stable for your group: under {rule} cost sharing no member pays more "
            f"than alone and no group of members would do better on its own ({checked})."
        ]
    lines = []
    if s.over_alone > 0:
        lines.append(
            f"You would leave: you pay {money(s.over_alone, per_year)} more than treating on "
            "your own."
        )
    alone_only = g.blocking == (s.enterprise,) and s.over_alone > 0
    if g.blocking and not alone_only:
        gain = _group_gain(s, g.blocking, money(g.blocking_excess, per_year))
        if s.enterprise in g.blocking:
            lines.append(f"You would leave: {gain} ({checked}).")
        else:
            lines.append(
                f"The split is not stable for your group: {gain}, and would leave ({checked})."
            )
    if not s.would_leave:
        lines.append(
            "You yourself would stay: you pay no more than alone and are not in that group."
        )
    if not g.checked:
        return lines
    if g.core_empty:
        lines.append(
            f"No split of this facility's cost keeps every member in: the smallest subsidy that "
            f"lets one do so is {money(g.min_subsidy, per_year)} for the facility, and with it "
            f"your share would be {money(s.stable_share, per_year)}."
        )
    elif s.would_leave or abs(s.stable_share - s.share) >= _CENT:
        lines.append(
            f"Another split of the facility's cost keeps every member in, with no subsidy: in it "
            f"your share would be {money(s.stable_share, per_year)}."
        )
    return lines


def service_lines(s: ServiceFacts, currency: str, rule: str) -> tuple[str, ...]:
    """The sentences of one service's section."""
    per_year = f"{currency}/year"
    if s.facility == SELF:
        return (
            f"In this plan you treat your {s.service}{_part_of_demand(s)} on your own: "
            f"{money(s.total, per_year)}, what it costs alone, so there is no saving and no "
            "facility cost to share.",
        )
    if s.facility == UNSERVED:
        return (
            f"Your {s.service}{_part_of_demand(s)} is not treated in this plan: it is a "
            "diagnosis of a scenario no plan can meet, and no facility takes this demand.",
        )
    lines = [_place(s), _payment(s, currency, rule), _against_alone(s, currency)]
    if s.group is not None:
        lines += _stability(s, currency, rule)
    return tuple(lines)


def _headline(facts: SmeFacts) -> tuple[str, ...]:
    per_year = f"{facts.currency}/year"
    saving = facts.saving
    pct = f" ({points(saving / facts.standalone * 100)})" if facts.standalone > 0 else ""
    if saving > 0:
        against = f"a saving of {money(saving, per_year)}{pct}"
    elif saving < 0:
        against = f"{money(-saving, per_year)} more than alone"
    else:
        against = "no saving"
    first = (
        f"In plan {facts.plan} you pay {money(facts.total, per_year)} for the treatment of your "
        f"wastes, against {money(facts.standalone, per_year)} if you treated everything on your "
        f"own: {against}."
    )
    shared = [s for s in facts.services if s.group is not None]
    leaving = sorted({s.facility for s in shared if s.would_leave})
    unstable = sorted({s.facility for s in shared if not s.group.stable} - set(leaving))
    if not shared:
        second = "No shared facility takes any of your services in this plan."
    elif leaving:
        second = (
            f"Under {facts.rule} cost sharing you would leave the facility at "
            f"{', '.join(leaving)}: the section below says why."
        )
    else:
        second = f"Under {facts.rule} cost sharing you would stay in every shared facility you use"
        second += (
            f", but the split is not stable at {', '.join(unstable)}: some members would leave."
            if unstable
            else "."
        )
    return first, second


def sme_text(facts: SmeFacts) -> SmeText:
    """The SME's page in words (the one text every face shows)."""
    name = f" {facts.name}" if facts.name and facts.name != facts.enterprise else ""
    return SmeText(
        title=f"{facts.enterprise}{name}: what you pay for treatment",
        headline=_headline(facts),
        sections=tuple(
            Section(heading(s), service_lines(s, facts.currency, facts.rule))
            for s in facts.services
        ),
    )
