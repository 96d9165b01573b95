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

from .alone import alone_reason
from .catalogue import service_title, tr, tr_n
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
    alone_unavailable: str = ""


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
    shown = tr("list.sep").join(group[:_NAMED])
    more = len(group) - _NAMED
    return shown + (tr("list.and_more", count=more) if more > 0 else "")


def _per_year(currency: str) -> str:
    return tr("unit.per_year", cur=currency)


def _where(s: ServiceFacts) -> str:
    """``S11 (Eastern dyeing centre)``, or the site id alone."""
    named = s.site_name and s.site_name != s.facility
    return tr("sme.where", facility=s.facility, name=s.site_name) if named else s.facility


def _part_of_demand(s: ServiceFacts) -> str:
    if s.demand_share >= 1 - 1e-9:
        return ""
    return tr("sme.part_of_demand", pct=points(s.demand_share * 100))


def heading(s: ServiceFacts) -> str:
    """A section's heading: the service and where it is treated."""
    service = service_title(s.service)
    if s.facility == SELF:
        return tr("sme.heading.self", service=service)
    if s.facility == UNSERVED:
        return tr("sme.heading.unserved", service=service)
    return tr("sme.heading.shared", service=service, where=_where(s))


def _sharers(g: GroupFacts | None) -> str:
    """``, shared with 36 other SMEs and 1 upstream facility ...``, or nothing.

    >>> _sharers(GroupFacts(37, 1, 0.0, True, False, 0.0, 0, (), 0.0))
    ', shared with 36 other SMEs and 1 upstream facility sending it its stream'
    """
    if g is None or g.members + g.upstream <= 1:
        return ""
    parts = []
    if g.members > 1:
        parts.append(tr_n("sme.other_smes", g.members - 1))
    if g.upstream:
        parts.append(tr_n("sme.upstream", g.upstream))
    return tr("sme.shared_with", parts=tr("list.and").join(parts))


def _place(s: ServiceFacts) -> str:
    load = "" if math.isnan(s.load) else tr("sme.load", load=money(s.load, digits=1), unit=s.unit)
    return tr(
        "sme.place",
        service=service_title(s.service),
        part=_part_of_demand(s),
        load=load,
        where=_where(s),
        tier=s.tier,
        sharers=_sharers(s.group),
        km=money(s.distance_km),
    )


def _payment(s: ServiceFacts, currency: str, rule: str) -> str:
    per_year = _per_year(currency)
    onward = tr("sme.onward") if s.group is not None and s.group.onward_cost > 0 else ""
    why = tr("sme.why", rule=rule, onward=onward)
    total = money(s.total, per_year)
    if not s.transport and not s.connection:
        return tr("sme.pay_all", total=total, why=why)
    parts = [tr("sme.part_share", amount=money(s.share, per_year), why=why)]
    if s.transport:
        parts.append(tr("sme.part_transport", amount=money(s.transport, per_year)))
    if s.connection:
        parts.append(tr("sme.part_connection", amount=money(s.connection, per_year)))
    listed = tr("list.semicolon").join(parts[:-1]) + tr("sme.list_last") + parts[-1]
    return tr("sme.pay_parts", total=total, listed=listed)


def _against_alone(s: ServiceFacts, currency: str) -> str:
    per_year = _per_year(currency)
    if s.alone_unavailable:
        return alone_reason(s.alone_unavailable, s.service)
    alone = tr("sme.alone", amount=money(s.standalone, per_year))
    if s.saving > 0:
        pct = tr("pct.brackets", pct=points(s.saving_pct)) if not math.isnan(s.saving_pct) else ""
        return tr("sme.alone_save", alone=alone, saving=money(s.saving, per_year), pct=pct)
    if s.saving < 0:
        return tr("sme.alone_more", alone=alone, amount=money(-s.saving, per_year))
    return tr("sme.alone_same", alone=alone)


def _group_gain(s: ServiceFacts, group: tuple[str, ...], gain: str) -> str:
    """What the most blocking group would save on its own, said from the SME's side."""
    at = tr("sme.at_their", facility=s.facility)
    if s.enterprise in group:
        at = tr("sme.at_your", facility=s.facility)
        others = tuple(m for m in group if m != s.enterprise)
        if not others:
            return tr("sme.you_alone", gain=gain)
        count = tr_n("sme.others", len(others))
        return tr("sme.you_and", others=count, named=_named(others), gain=gain, at=at)
    if len(group) == 1:
        return tr("sme.one_gains", member=group[0], gain=gain)
    return tr("sme.group_gains", size=len(group), named=_named(group), gain=gain, at=at)


def _stability(s: ServiceFacts, currency: str, rule: str) -> list[str]:
    """Whether the split is stable for the SME's group, and if it would leave, why."""
    g, per_year = s.group, _per_year(currency)
    assert g is not None
    checked = tr("sme.checked") if g.checked else tr("sme.not_checked")
    if not g.checked and not s.over_alone > 0:
        return [tr("sme.unchecked", rule=rule)]
    if g.stable:
        return [tr("sme.stable", rule=rule, checked=checked)]
    lines = []
    if s.over_alone > 0:
        lines.append(tr("sme.leave_over", amount=money(s.over_alone, per_year)))
    alone_only = g.blocking == (s.enterprise,) and s.over_alone > 0
    if g.blocking and not alone_only:
        gain = _group_gain(s, g.blocking, money(g.blocking_excess, per_year))
        if s.enterprise in g.blocking:
            lines.append(tr("sme.leave_gain", gain=gain, checked=checked))
        else:
            lines.append(tr("sme.unstable", gain=gain, checked=checked))
    if not s.would_leave:
        lines.append(tr("sme.stay"))
    if not g.checked:
        return lines
    share = money(s.stable_share, per_year)
    if g.core_empty:
        lines.append(tr("sme.core_empty", subsidy=money(g.min_subsidy, per_year), share=share))
    elif s.would_leave or abs(s.stable_share - s.share) >= _CENT:
        lines.append(tr("sme.other_split", share=share))
    return lines


def service_lines(s: ServiceFacts, currency: str, rule: str) -> tuple[str, ...]:
    """The sentences of one service's section."""
    per_year = _per_year(currency)
    if s.facility == SELF:
        total = money(s.total, per_year)
        service = service_title(s.service)
        return (tr("sme.self", service=service, part=_part_of_demand(s), total=total),)
    if s.facility == UNSERVED:
        return (tr("sme.unserved", service=service_title(s.service), part=_part_of_demand(s)),)
    lines = [_place(s), _payment(s, currency, rule), _against_alone(s, currency)]
    if s.group is not None:
        lines += _stability(s, currency, rule)
    return tuple(lines)


def _headline(facts: SmeFacts) -> tuple[str, ...]:
    per_year = _per_year(facts.currency)
    saving = facts.saving
    pct = (
        tr("pct.brackets", pct=points(saving / facts.standalone * 100))
        if facts.standalone > 0
        else ""
    )
    if saving > 0:
        against = tr("sme.headline_saving", amount=money(saving, per_year), pct=pct)
    elif saving < 0:
        against = tr("sme.headline_more", amount=money(-saving, per_year))
    else:
        against = tr("sme.headline_none")
    first = tr(
        "sme.headline",
        plan=facts.plan,
        total=money(facts.total, per_year),
        alone=money(facts.standalone, per_year),
        against=against,
    )
    if any(s.alone_unavailable for s in facts.services):
        first = tr("alone.headline", plan=facts.plan, total=money(facts.total, per_year))
    shared = [s for s in facts.services if s.group is not None]
    leaving = sorted({s.facility for s in shared if s.would_leave})
    unstable = sorted({s.facility for s in shared if not s.group.stable} - set(leaving))
    sep = tr("list.sep")
    if not shared:
        second = tr("sme.no_shared")
    elif leaving:
        second = tr("sme.would_leave", rule=facts.rule, facilities=sep.join(leaving))
    else:
        second = tr("sme.would_stay", rule=facts.rule) + (
            tr("sme.stay_unstable", facilities=sep.join(unstable))
            if unstable
            else tr("sme.stay_end")
        )
    return first, second


def sme_text(facts: SmeFacts) -> SmeText:
    """The SME's page in words (the one text every face shows), in the current language."""
    name = f" {facts.name}" if facts.name and facts.name != facts.enterprise else ""
    return SmeText(
        title=tr("sme.title", enterprise=facts.enterprise, name=name),
        headline=_headline(facts),
        sections=tuple(
            Section(heading(s), service_lines(s, facts.currency, facts.rule))
            for s in facts.services
        ),
    )
