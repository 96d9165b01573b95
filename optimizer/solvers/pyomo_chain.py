"""The reference model's rows for pollutants along the chain: the formulation is in the docstring
of :mod:`optimizer.solvers.chain`, which works the rows out once for both builders."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo

from .chain import NEW_COLUMNS, chain_rows
from .enterprise_caps import enterprise_cap_rows
from .pyomo_terms import PyomoModel, elastic_slack, linear


def add_pollutant_chain(built: PyomoModel) -> None:
    """The chain's variables and constraints, and the per-enterprise caps'
    (:mod:`optimizer.solvers.enterprise_caps`); nothing when no cap needs them."""
    m = built.model
    chain = chain_rows(built.data, built.index, unmet="unmet" in built.slacks)
    for name, (size, upper) in chain.columns.items():
        integer, doc = NEW_COLUMNS[name]
        domain = pyo.Binary if integer else pyo.NonNegativeReals
        m.add_component(name, pyo.Var(pyo.RangeSet(0, size - 1), domain=domain, doc=doc))
        del upper  # binaries are within 1, loads unbounded above, as in the default route
    for family in chain.rows + enterprise_cap_rows(built.data):
        n = len(family.keys)
        terms: list[list[tuple[float, object]]] = [[] for _ in range(n)]
        for name, rows, keys, values in family.entries:
            var = getattr(m, name)
            for r, k, v in zip(rows.tolist(), keys.tolist(), values.tolist(), strict=True):
                terms[r].append((v, var[k]))
        slack = None
        if family.slack is not None:
            slack = elastic_slack(built, family.slack, family.keys, "t/year above the cap")

        def rule(m, i, family=family, terms=terms, slack=slack):
            expression = linear([c for c, _ in terms[i]], [v for _, v in terms[i]])
            if slack is not None:
                expression = expression - slack[family.keys[i]]
            lower = None if np.isinf(family.lower[i]) else float(family.lower[i])
            return (lower, expression, float(family.upper[i]))

        m.add_component(family.name, pyo.Constraint(range(n), rule=rule))
