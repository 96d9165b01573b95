r"""The reference model: the Pyomo model of shared treatment facilities, built from prepared data.

Every set is a range of row positions in a frame of :class:`~optimizer.prepare.ModelData`
(``m.PAIRS`` are the rows of ``data.pairs``, ``m.TIERS`` the rows of ``data.tiers``, ...), so the
model has a component only where a pair exists and nothing is filtered inside a rule.

Formulation
-----------
Sets: demands :math:`d=(e,s)`; pairs :math:`p=(e,s,j)` within reach; facilities :math:`f=(j,s)`;
tiers :math:`t \in T(f)`; output streams :math:`(f,o)`; flows :math:`x=(f,o,f')` to downstream
facilities; sinks :math:`(f,o)`; sites :math:`j`; pollutants :math:`q`.

Variables: :math:`open_t \in \{0,1\}`; :math:`assign_p \in \{0,1\}` (:math:`[0,1]` when
single-sourcing is off); :math:`self\_treat_d \in \{0,1\}` where self-treatment is allowed;
:math:`treated_t \ge 0` (load of tier :math:`t`, units/d); :math:`flow_x \ge 0`;
:math:`to\_sink_{f,o} \ge 0`; :math:`subsidy_t \ge 0` (only with a subsidy budget);
:math:`financed_{t,k} \ge 0` (capex of new tier :math:`t` financed by green loan :math:`k`).

.. math::

    \min \sum_t (A_t + O_t) open_t + \sum_t v_t\,treated_t + \sum_p c_p\,assign_p
         + \sum_d S_d\,self\_treat_d + \sum_x u_x flow_x + \sum_{f,o} w_{f,o} to\_sink_{f,o}
         - \sum_t subsidy_t - \sum_{t,k} s_{t,k} financed_{t,k}

subject to

- demand met: :math:`\sum_{p \in P(d)} assign_p + self\_treat_d = 1`
- one tier: :math:`\sum_{t \in T(f)} open_t \le 1`; existing tiers: :math:`open_t = 1`
- tier capacity: :math:`treated_t \le \bar Q_t\,open_t`, :math:`\bar Q_t = \min(Q_t, R_{f(t)})`
  (:math:`\bar Q_t = Q_t` for facilities that receive effluent)
- load balance: :math:`\sum_{t \in T(f)} treated_t = \sum_{p \in P(f)} q_p\,assign_p
  + \sum_{x \to f} \delta_x flow_x`, :math:`\delta_x` = upstream over receiving operating days
  (a stream's yearly volume is counted at the upstream days; :func:`~optimizer.prepare.stream_load_factor`)
- output balance: :math:`\rho_o \sum_{t \in T(f)} treated_t = \sum_{x \in X(f,o)} flow_x
  + to\_sink_{f,o}`
- strong linking (option): :math:`assign_p \le \sum_{t \in T(f(p))} open_t`
- capacity cover (implied, written out for cuts): :math:`\sum_{t \in T(s)} \bar Q_t\,open_t \ge`
  the demand of service :math:`s` that may not self-treat
- site area: :math:`\sum_{t \in T(j)} a_t\,open_t \le area_j`; required sites:
  :math:`\sum_{t \in T(j)} open_t \ge 1` (forbidden sites have no tiers at all)
- facilities per service: :math:`\sum_{t \in T(s)} open_t \le N_s`
- pollutant caps: :math:`\sum_{d} \big(D^{sh}_{d,q} (1 - self\_treat_d) + D^{self}_{d,q}
  self\_treat_d\big) \le cap_q`; where effluent goes on, the pollutants are followed along the chain
  instead (caps park-wide and per outfall: :mod:`optimizer.solvers.chain`); per enterprise, what
  it discharges itself: :mod:`optimizer.solvers.enterprise_caps`
- capital budget: :math:`\sum_{t\ new} I_t\,open_t \le B`
- subsidy: :math:`subsidy_t \le \sigma_s A_t\,open_t`, :math:`\sum_t subsidy_t \le B^{sub}`
  (without a subsidy budget the subsidy is folded into the annuity: :math:`(1-\sigma_s) A_t`)
- green loans: :math:`\sum_k financed_{t,k} \le (1 - \sigma_s) I_t\,open_t` (the capex less the
  grant at the full rate, with a subsidy budget too, so any split of the budget keeps grant and
  loans within the capex), and :math:`\sum_t financed_{t,k} \le Q_k`, the loan's quota; the
  saving per unit financed is
  :math:`s_{t,k} = CRF(r, L_t) (1 - CRF(r_k, n_k) / CRF(r, n_k))` (own funds at the discount rate
  against the loan's payments over its tenor, valued at the discount rate:
  :func:`~optimizer.costs.loan_savings`); only pairs with :math:`s_{t,k} > 0` exist

where :math:`A_t` is the capex annuity, :math:`O_t` fixed O&M, :math:`v_t` the yearly variable cost
per unit/d, :math:`c_p` the pair's yearly transport and connection cost, :math:`S_d` the stand-alone
cost, :math:`q_p` the demand (units/d), :math:`Q_t` a tier's capacity, :math:`R_f` all the demand
within reach of facility :math:`f` (:math:`\sum_{p \in P(f)} q_p`), :math:`u_x, w_{f,o}` yearly
costs per unit/d of a flow and of the sink, :math:`D^{sh}, D^{self}` t/year discharged if shared
or self-treated.

With ``elastic=True`` the demand, site-area, required-site, cap, facility-count and budget rules
get non-negative slacks with a large penalty (:mod:`~optimizer.solvers.formulation`), so an
infeasible scenario still yields a plan whose slacks say which rule had to give and by how much;
``elastic`` may instead name the slacks wanted (the other rules stay hard).

:func:`build_model` returns a :class:`PyomoModel`: the ``ConcreteModel`` (its components only) with
the data, index and slacks it was built from. The default route builds the same rows and columns as
arrays (:mod:`optimizer.solvers.matrix`); what both share is in :mod:`optimizer.solvers.formulation`.
Importing this module loads Pyomo (about half a second): only the Pyomo routes do.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pyomo.environ as pyo

from ..prepare import ModelData
from . import formulation
from .chain import tracks_chain
from .formulation import Index, must_share, tier_fixed_costs
from .pyomo_chain import add_pollutant_chain
from .pyomo_finance import add_green_finance, financed_terms
from .pyomo_terms import PyomoModel, elastic_slack, linear

__all__ = ["PyomoModel", "build_model", "linear"]


def _range(n: int) -> pyo.RangeSet:
    return pyo.RangeSet(0, n - 1)


def build_model(data: ModelData, elastic: bool | Collection[str] = False) -> PyomoModel:
    """Build the Pyomo model: one ``add_*`` function per piece, each a no-op when unused;
    ``elastic``: the slacks to add (see the module docstring)."""
    slacks = formulation.elastic_slacks(elastic)
    built = PyomoModel(pyo.ConcreteModel(name=data.label), data, Index.of(data), slacks)
    add_assignment(built)
    add_tiers(built)
    add_capacity(built)
    add_output_chain(built)
    add_strong_linking(built)
    add_capacity_cover(built)
    add_site_rules(built)
    add_max_facilities(built)
    add_pollutant_caps(built)
    add_pollutant_chain(built)
    add_capital_budget(built)
    add_subsidy(built)
    add_green_finance(built)
    add_objective(built)
    return built


def add_assignment(built: PyomoModel) -> None:
    """Assignment and self-treatment variables; every demand met once."""
    m, data, elastic = built.model, built.data, "unmet" in built.slacks
    m.DEMANDS = _range(len(data.demands))
    m.PAIRS = _range(len(data.pairs))
    domain = pyo.Binary if data.single_sourcing else pyo.UnitInterval
    m.assign = pyo.Var(m.PAIRS, domain=domain, doc="share of a demand sent to a facility")
    self_rows = np.flatnonzero(data.demands["self_allowed"].to_numpy())
    m.SELF = pyo.Set(initialize=self_rows.tolist(), doc="demands that may self-treat")
    m.self_treat = pyo.Var(m.SELF, domain=pyo.Binary, doc="demand treated on site by its owner")
    pairs_of_demand = built.index.pairs_of_demand
    if elastic:
        m.unmet = pyo.Var(m.DEMANDS, domain=pyo.UnitInterval, doc="share of a demand left unmet")
        built.penalty_terms.append(("unmet", m.unmet))
    allowed = set(self_rows.tolist())

    def demand_met(m, d):
        variables = [m.assign[p] for p in pairs_of_demand[d]]
        if d in allowed:
            variables.append(m.self_treat[d])
        if elastic:
            variables.append(m.unmet[d])
        return linear([1.0] * len(variables), variables) == 1

    m.demand_met = pyo.Constraint(m.DEMANDS, rule=demand_met, doc="each demand served once")


def add_tiers(built: PyomoModel) -> None:
    """Tier choice: at most one tier per facility; existing tiers are open."""
    m, data, index = built.model, built.data, built.index
    m.TIERS = _range(len(data.tiers))
    m.FACILITIES = _range(len(index.facilities))
    m.open = pyo.Var(m.TIERS, domain=pyo.Binary, doc="tier built (or kept) at a site")
    for t in np.flatnonzero(data.tiers["existing"].to_numpy()).tolist():
        m.open[t].fix(1)
    tiers_of_facility = index.tiers_of_facility
    several = [f for f in range(len(index.facilities)) if len(tiers_of_facility[f]) > 1]

    def one_tier(m, f):
        tiers = tiers_of_facility[f]
        return linear([1.0] * len(tiers), [m.open[t] for t in tiers]) <= 1

    m.one_tier = pyo.Constraint(several, rule=one_tier, doc="at most one tier per site and service")


def add_capacity(built: PyomoModel) -> None:
    """Tier loads within capacity; a facility's load is what its members and upstream send."""
    m, data, index = built.model, built.data, built.index
    m.treated = pyo.Var(m.TIERS, domain=pyo.NonNegativeReals, doc="load of a tier, units/d")
    capacity = data.tiers["max_load_per_day"].to_numpy()

    def tier_capacity(m, t):
        return linear([1.0, -capacity[t]], [m.treated[t], m.open[t]]) <= 0

    m.tier_capacity = pyo.Constraint(m.TIERS, rule=tier_capacity, doc="load within capacity")
    m.FLOWS = _range(len(data.flows))
    m.flow = pyo.Var(m.FLOWS, domain=pyo.NonNegativeReals, doc="stream to a downstream facility")
    demand = data.pairs["demand_per_day"].to_numpy()
    factor = data.flows["load_factor"].to_numpy(dtype=float)

    def load_balance(m, f):
        tiers, pairs = index.tiers_of_facility[f], index.pairs_of_facility[f]
        inflows = index.flows_into[f]
        coefficients = [1.0] * len(tiers) + [-demand[p] for p in pairs]
        coefficients += [-factor[x] for x in inflows]
        variables = [m.treated[t] for t in tiers] + [m.assign[p] for p in pairs]
        variables += [m.flow[x] for x in inflows]
        return linear(coefficients, variables) == 0

    m.load_balance = pyo.Constraint(m.FACILITIES, rule=load_balance, doc="facility load")


def add_output_chain(built: PyomoModel) -> None:
    """What leaves a facility goes to downstream facilities or to the external sink."""
    m, data, index = built.model, built.data, built.index
    outputs = index.facility_outputs
    if outputs.empty:
        return
    m.OUTPUTS = _range(len(outputs))
    m.SINKS = _range(len(data.sinks))
    m.to_sink = pyo.Var(m.SINKS, domain=pyo.NonNegativeReals, doc="stream to the external sink")
    flows_out, sinks_of = index.flows_out_of, index.sinks_of
    facility = outputs["facility"].to_numpy()
    ratio = outputs["ratio"].to_numpy()

    def output_balance(m, o):
        tiers = index.tiers_of_facility[facility[o]]
        coefficients = [ratio[o]] * len(tiers) + [-1.0] * (len(flows_out[o]) + len(sinks_of[o]))
        variables = [m.treated[t] for t in tiers] + [m.flow[x] for x in flows_out[o]]
        variables += [m.to_sink[k] for k in sinks_of[o]]
        return linear(coefficients, variables) == 0

    m.output_balance = pyo.Constraint(m.OUTPUTS, rule=output_balance, doc="outputs leave")


def add_strong_linking(built: PyomoModel) -> None:
    """assign <= open, per pair (tightens the LP bound; an option, single- or multi-source)."""
    if not built.data.strong_linking:
        return
    m, index = built.model, built.index
    facility = index.pair_facility

    def assign_only_if_open(m, p):
        tiers = index.tiers_of_facility[facility[p]]
        return linear([1.0] + [-1.0] * len(tiers), [m.assign[p]] + [m.open[t] for t in tiers]) <= 0

    m.assign_only_if_open = pyo.Constraint(
        m.PAIRS, rule=assign_only_if_open, doc="a pair only to an open facility"
    )


def add_capacity_cover(built: PyomoModel) -> None:
    """Open capacity of a service covers the demand that must be shared. Implied by the capacity
    rows, but written out it lets the solver derive knapsack-cover cuts on the tier choices."""
    if built.slacks:  # implied by the capacity rows; it would make the slacks of no use
        return
    m, data = built.model, built.data
    needed = must_share(data)
    if not needed:
        return
    services = sorted(needed)
    service_of_tier = data.tiers["service"].to_numpy()
    capacity = data.tiers["max_load_per_day"].to_numpy()

    def capacity_covers_must_share(m, s):
        tiers = np.flatnonzero(service_of_tier == s).tolist()
        return linear(capacity[tiers], [m.open[t] for t in tiers]) >= needed[s]

    m.capacity_cover = pyo.Constraint(
        services, rule=capacity_covers_must_share, doc="capacity covers must-share demand"
    )


def add_site_rules(built: PyomoModel) -> None:
    """Site area shared by the site's facilities; required sites host at least one."""
    m, data, tiers_of_site = built.model, built.data, built.index.tiers_of_site
    sites = data.sites.reset_index(drop=True)
    area = data.tiers["area_m2"].to_numpy()
    limits = sites["area_m2"].to_numpy(dtype=float)
    used = [area[tiers_of_site[j]].sum() for j in range(len(sites))]
    limited = [j for j in range(len(sites)) if not np.isnan(limits[j]) and used[j] > limits[j]]
    if limited:
        excess = elastic_slack(built, "area_excess", limited, "m2 used above the site's area")

        def site_area(m, j):
            tiers = tiers_of_site[j]
            expression = linear(area[tiers], [m.open[t] for t in tiers])
            return expression - (excess[j] if excess is not None else 0) <= limits[j]

        m.site_area = pyo.Constraint(limited, rule=site_area, doc="facilities fit the site")
    required = np.flatnonzero(sites["status"].to_numpy() == "required").tolist()
    if not required:
        return
    shortfall = elastic_slack(built, "required_shortfall", required, "required site left empty")

    def required_site(m, j):
        tiers = tiers_of_site[j]
        expression = linear([1.0] * len(tiers), [m.open[t] for t in tiers])
        return expression + (shortfall[j] if shortfall is not None else 0) >= 1

    m.required_site = pyo.Constraint(required, rule=required_site, doc="required site used")


def add_max_facilities(built: PyomoModel) -> None:
    """At most N facilities of a service."""
    m, data = built.model, built.data
    if not data.max_facilities:
        return
    services = sorted(data.max_facilities)
    excess = elastic_slack(built, "facilities_excess", services, "facilities above the maximum")
    service_of_tier = data.tiers["service"].to_numpy()

    def facilities_per_service(m, s):
        tiers = np.flatnonzero(service_of_tier == s).tolist()
        expression = linear([1.0] * len(tiers), [m.open[t] for t in tiers])
        return expression - (excess[s] if excess is not None else 0) <= data.max_facilities[s]

    m.max_facilities = pyo.Constraint(services, rule=facilities_per_service, doc="facility count")


def add_pollutant_caps(built: PyomoModel) -> None:
    """Park-wide discharge per pollutant within its cap (shared vs self removal)."""
    m, data, index = built.model, built.data, built.index
    if not data.caps or data.discharges.empty or tracks_chain(data, index):
        return
    pollutants = sorted(data.caps)
    excess = elastic_slack(built, "cap_excess", pollutants, "t/year discharged above the cap")
    allowed = set(m.SELF)

    def pollutant_cap(m, q):
        rows = np.flatnonzero(data.discharges["pollutant"].to_numpy() == q)
        shared = data.discharges["shared_t"].to_numpy()[rows]
        alone = data.discharges["self_t"].to_numpy()[rows]
        demands = index.discharge_demand[rows].tolist()
        constant = float(shared.sum())
        terms = [(a - s, d) for s, a, d in zip(shared, alone, demands, strict=True) if d in allowed]
        expression = linear([c for c, _ in terms], [m.self_treat[d] for _, d in terms], constant)
        return expression - (excess[q] if excess is not None else 0) <= data.caps[q]

    m.pollutant_cap = pyo.Constraint(pollutants, rule=pollutant_cap, doc="discharge within cap")


def add_capital_budget(built: PyomoModel) -> None:
    """New capex within the capital budget."""
    m, data = built.model, built.data
    if data.capital_budget is None:
        return
    capex = data.tiers["capex_cny"].to_numpy()
    new = np.flatnonzero((capex > 0) & ~data.tiers["existing"].to_numpy()).tolist()
    excess = elastic_slack(built, "budget_excess", [0], "capex above the budget")
    expression = linear(capex[new], [m.open[t] for t in new])
    if excess is not None:
        expression = expression - excess[0]
    m.capital_budget = pyo.Constraint(expr=expression <= data.capital_budget, doc="capex budget")


def add_subsidy(built: PyomoModel) -> None:
    """Subsidy on capex annuities, within the yearly subsidy budget (only when there is one)."""
    m, data = built.model, built.data
    if data.subsidy_budget is None:
        return
    cap = data.tiers["max_subsidy"].to_numpy()
    subsidised = np.flatnonzero(cap > 0).tolist()
    if not subsidised:
        return
    m.SUBSIDISED = pyo.Set(initialize=subsidised)
    m.subsidy = pyo.Var(m.SUBSIDISED, domain=pyo.NonNegativeReals, doc="yearly subsidy of a tier")

    def subsidy_within_rate(m, t):
        return linear([1.0, -cap[t]], [m.subsidy[t], m.open[t]]) <= 0

    m.subsidy_within_rate = pyo.Constraint(m.SUBSIDISED, rule=subsidy_within_rate, doc="rate")
    m.subsidy_budget = pyo.Constraint(
        expr=linear([1.0] * len(subsidised), [m.subsidy[t] for t in subsidised])
        <= data.subsidy_budget,
        doc="yearly subsidy within budget",
    )


def add_objective(built: PyomoModel) -> None:
    """Yearly cost: facilities, variable treatment, transport and connection, self-treatment,
    onward streams, minus subsidies (plus penalties in the elastic model)."""
    m, data = built.model, built.data
    tiers = data.tiers
    fixed = tier_fixed_costs(data)
    coefficients: list[float] = []
    variables: list = []

    def terms(costs, var, rows) -> None:
        for i in rows:
            if costs[i] != 0:
                coefficients.append(costs[i])
                variables.append(var[i])

    open_rows = [t for t in range(len(tiers)) if not m.open[t].fixed]
    terms(fixed, m.open, open_rows)
    terms(tiers["unit_cost"].to_numpy(), m.treated, range(len(tiers)))
    terms(data.pairs["cost"].to_numpy(), m.assign, range(len(data.pairs)))
    terms(data.demands["standalone_cost"].to_numpy(), m.self_treat, list(m.SELF))
    terms(data.flows["unit_cost"].to_numpy(), m.flow, range(len(data.flows)))
    if hasattr(m, "to_sink"):
        terms(data.sinks["unit_cost"].to_numpy(), m.to_sink, range(len(data.sinks)))
    if hasattr(m, "subsidy"):
        coefficients += [-1.0] * len(m.SUBSIDISED)
        variables += [m.subsidy[t] for t in m.SUBSIDISED]
    saving, financed = financed_terms(built)
    coefficients, variables = coefficients + saving, variables + financed
    weight = formulation.penalty_weight(data)
    for _, var in built.penalty_terms:
        for key in var:
            coefficients.append(weight / formulation.slack_scale(data, var.local_name, key))
            variables.append(var[key])
    constant = float(fixed[[t for t in range(len(tiers)) if m.open[t].fixed]].sum())
    m.total_cost = pyo.Objective(
        expr=linear(coefficients, variables, constant), sense=pyo.minimize, doc="yearly cost"
    )
