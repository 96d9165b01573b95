"""What the reference model's pieces share: the built model (:class:`PyomoModel`), linear
expressions made in one step (:func:`linear`) and the elastic model's slacks (:func:`elastic_slack`).
Imported by :mod:`optimizer.solvers.pyomo_model` and the row families kept in their own modules
(:mod:`optimizer.solvers.pyomo_chain`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyomo.environ as pyo
from pyomo.core.expr.numeric_expr import LinearExpression

from ..prepare import ModelData
from .formulation import Index


@dataclass
class PyomoModel:
    """A built reference model: the ``ConcreteModel`` (components only), the data and index its
    rules were built from, which slacks they carry, and the (name, variable) of each slack."""

    model: pyo.ConcreteModel
    data: ModelData
    index: Index
    slacks: frozenset[str] = frozenset()
    penalty_terms: list[tuple[str, pyo.Var]] = field(default_factory=list)


def linear(coefficients: Iterable[float], variables: Iterable, constant: float = 0.0):
    """A Pyomo linear expression built in one step (no per-term operator overhead)."""
    coefficients = [float(c) for c in coefficients]
    variables = list(variables)
    return LinearExpression(constant=constant, linear_coefs=coefficients, linear_vars=variables)


def elastic_slack(built: PyomoModel, name: str, index, doc: str) -> pyo.Var | None:
    """A non-negative slack per ``index`` when the model relaxes the rule ``name`` (penalised in
    the objective), or None when that rule stays hard."""
    if name not in built.slacks:
        return None
    var = pyo.Var(index, domain=pyo.NonNegativeReals, doc=doc)
    built.model.add_component(name, var)
    built.penalty_terms.append((name, var))
    return var
