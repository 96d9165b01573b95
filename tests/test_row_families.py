"""The two builders of the formulation write the same model: per family of rows (constraint) and of
columns (variable), the same names and counts, and row by row the same bounds and coefficients;
column by column the same bounds, integrality and cost. Beside the objective tests of
``test_routes.py``, which only see the optimum. And the default route never loads Pyomo."""

from __future__ import annotations

import math
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pyomo.environ as pyo
import pytest
import scipy.sparse as sp
from pyomo.repn import generate_standard_repn

from optimizer import load_scenario
from optimizer.generate import generate_park
from optimizer.prepare import prepare
from optimizer.solvers import matrix as matrix_module
from optimizer.solvers.matrix import build_matrix
from optimizer.solvers.pyomo_model import build_model

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"

#: Settings that switch on the families a generated park leaves out (budgets, counts, linking).
POLICIES = {
    "policy.subsidy_rate": 0.2,
    "policy.subsidy_budget_cny_per_year": 50_000.0,
    "policy.capital_budget_cny": 5e7,
    "policy.max_facilities": {"sewage": 2},
    "solver.strong_linking": "always",
}


def _bound(value: float | None, infinite: float) -> float:
    return infinite if value is None else float(value)


def pyomo_families(data, elastic=False):
    """(columns, rows, objective) of the Pyomo model, in the terms of the matrix: columns by
    (family, index) -> (lower, upper, integer); rows by family -> [(lower, upper, {column:
    coefficient})]; the objective's cost per column and its constant."""
    built = build_model(data, elastic=elastic)
    model = built.model
    columns = {}
    for var in model.component_objects(pyo.Var):
        for key, v in var.items():
            if v.fixed:  # the matrix writes a fixed variable as a column with lower = upper
                value = float(v.value)
                v.unfix()
                v.setlb(value)
                v.setub(value)
            columns[(var.local_name, key)] = (
                _bound(v.lb, -math.inf),
                _bound(v.ub, math.inf),
                v.is_integer(),
            )
    rows = defaultdict(list)
    for constraint in model.component_objects(pyo.Constraint):
        for row in constraint.values():
            repn = generate_standard_repn(row.body, compute_values=True)
            terms = Counter()
            for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True):
                terms[(v.parent_component().local_name, v.index())] += float(c)
            constant = float(repn.constant)
            lower = -math.inf if row.lower is None else float(pyo.value(row.lower)) - constant
            upper = math.inf if row.upper is None else float(pyo.value(row.upper)) - constant
            rows[constraint.local_name].append((lower, upper, dict(terms)))
    objective = next(model.component_data_objects(pyo.Objective))
    repn = generate_standard_repn(objective.expr, compute_values=True)
    cost = Counter()
    for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True):
        cost[(v.parent_component().local_name, v.index())] += float(c)
    return columns, dict(rows), dict(cost), float(repn.constant)


def matrix_families(matrix):
    """The same four things from the matrix builder."""
    names = np.empty(matrix.n_cols, dtype=object)
    for name, block in matrix.blocks.items():
        for i, key in enumerate(block.keys.tolist()):
            names[block.start + i] = (name, key)
    lp = matrix.to_lp()
    lower, upper = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)
    integer = np.concatenate([np.asarray(i, dtype=bool) for i in matrix.integer])
    columns = {
        names[j]: (float(lower[j]), float(upper[j]), bool(integer[j])) for j in range(matrix.n_cols)
    }
    a = sp.csc_matrix(
        (lp.a_matrix_.value_, lp.a_matrix_.index_, lp.a_matrix_.start_),
        shape=(matrix.n_rows, matrix.n_cols),
    ).tocsr()
    row_lower, row_upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    rows = {}
    for name, (start, n) in matrix.row_names.items():
        rows[name] = [
            (
                float(row_lower[r]),
                float(row_upper[r]),
                {names[j]: float(c) for j, c in zip(a[r].indices, a[r].data, strict=True)},
            )
            for r in range(start, start + n)
        ]
    cost = {names[j]: float(c) for j, c in enumerate(lp.col_cost_) if c != 0}
    return columns, rows, cost


def _column_counts(columns: dict) -> dict[str, int]:
    """Columns per variable family."""
    return dict(Counter(name for name, _ in columns))


def _row_counts(rows: dict) -> dict[str, int]:
    """Rows per constraint family; empty families left out (a builder may declare one)."""
    return {name: len(members) for name, members in rows.items() if members}


def assert_same_model(data, matrix=None, elastic=False) -> None:
    columns, rows, cost, constant = pyomo_families(data, elastic)
    matrix = matrix if matrix is not None else build_matrix(data, elastic)
    fast_columns, fast_rows, fast_cost = matrix_families(matrix)
    assert _column_counts(fast_columns) == _column_counts(columns)
    assert _row_counts(fast_rows) == _row_counts(rows)
    assert fast_columns == columns
    for name, members in rows.items():
        for (lo, up, terms), (fast_lo, fast_up, fast_terms) in zip(
            members, fast_rows.get(name, []), strict=True
        ):
            assert fast_lo == pytest.approx(lo, rel=1e-12, abs=1e-9), name
            assert fast_up == pytest.approx(up, rel=1e-12, abs=1e-9), name
            kept = {k: c for k, c in terms.items() if c != 0}
            assert set(fast_terms) == set(kept), name
            for key, c in kept.items():
                assert fast_terms[key] == pytest.approx(c, rel=1e-12), (name, key)
    # the Pyomo objective folds fixed columns into its constant; the matrix keeps their cost
    fixed = {key for key, (lo, up, _) in columns.items() if lo == up}
    assert set(cost) == {key for key in fast_cost if key not in fixed}
    for key, c in cost.items():
        assert fast_cost[key] == pytest.approx(c, rel=1e-12), key
    folded = sum(fast_cost.get(key, 0.0) * columns[key][0] for key in fixed)
    assert folded == pytest.approx(constant, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_both_builders_write_the_same_rows_and_columns_on_random_parks(seed):
    assert_same_model(prepare(generate_park(40, 5, seed=seed)))


@pytest.mark.parametrize("seed", [4, 5])
def test_same_rows_and_columns_with_budgets_counts_and_linking(seed):
    scenario = generate_park(30, 6, seed=seed).with_overrides(POLICIES)
    sites = scenario.tables["sites"].copy()
    sites.loc[sites.index[0], "status"] = "required"
    data = prepare(scenario.with_table("sites", sites))
    families = set(build_matrix(data).row_names)
    assert {"subsidy_budget", "capital_budget", "max_facilities", "required_site"} <= families
    assert "assign_only_if_open" in families
    assert_same_model(data)


@pytest.mark.parametrize("elastic", [True, ["cap_excess", "area_excess"], ["unmet"]])
def test_same_elastic_model_with_every_slack_or_some(elastic):
    """The elastic model (the diagnosis's) has the same slack columns, rows and penalties in both
    builders, with every slack or only those named."""
    scenario = generate_park(30, 6, seed=4).with_overrides(POLICIES)
    sites = scenario.tables["sites"].copy()
    sites.loc[sites.index[0], "status"] = "required"
    sites.loc[sites.index[1], "area_m2"] = 1.0
    data = prepare(scenario.with_table("sites", sites))
    matrix = build_matrix(data, elastic)
    expected = {"unmet", "area_excess", "required_shortfall", "cap_excess"}
    expected |= {"facilities_excess", "budget_excess"}
    wanted = expected if elastic is True else set(elastic)
    assert set(matrix.blocks) & expected == wanted
    assert_same_model(data, matrix, elastic)


def test_same_elastic_model_along_the_chain():
    """Along the chain (wujiang-textile: park-wide caps and a sewage outfall's TP permit), both
    builders relax the chain's cap rows with the same penalised slacks: ``cap_excess`` per
    pollutant, ``outfall_excess`` per outfall cap."""
    data = prepare(load_scenario(SCENARIOS / "wujiang-textile"))
    matrix = build_matrix(data, ["cap_excess", "outfall_excess"])
    assert {"pollutant_cap", "outfall_cap", "load_passed"} <= set(matrix.row_names)
    assert matrix.blocks["outfall_excess"].keys.tolist() == ["TP.outfall_cap_t_per_year.sewage"]
    assert sorted(matrix.blocks["cap_excess"].keys.tolist()) == sorted(data.caps)
    assert_same_model(data, matrix, ["cap_excess", "outfall_excess"])
    assert_same_model(data, elastic=True)


@pytest.mark.parametrize("elastic", [False, True, ["enterprise_excess"]])
def test_same_rows_and_columns_with_enterprise_caps(elastic):
    """Per-enterprise caps (``enterprise_caps``) write the same ``enterprise_cap`` rows in both
    builders, and the elastic model the same ``enterprise_excess`` slacks, one per capped row."""
    scenario = generate_park(30, 6, seed=4)
    pairs = scenario.tables["concentrations"][["enterprise", "pollutant"]].drop_duplicates()
    caps = pairs.head(4).assign(cap_t_per_year=[0.0, 0.01, 1.0, 1e3])
    data = prepare(scenario.with_table("enterprise_caps", caps))
    matrix = build_matrix(data, elastic)
    assert "enterprise_cap" in matrix.row_names
    named = {f"{e}/{q}" for e, q in zip(caps["enterprise"], caps["pollutant"], strict=True)}
    rows = matrix.row_names["enterprise_cap"][1]
    assert 1 <= rows <= len(named)
    if elastic:
        keys = matrix.blocks["enterprise_excess"].keys.tolist()
        assert len(keys) == rows
        assert set(keys) <= named
    assert_same_model(data, matrix, elastic)


def test_same_rows_and_columns_with_green_loans():
    """Green loans (jiangyin-green-loan: a loan with a quota) write the same ``financed`` columns
    and ``loan_within_capex`` and ``loan_quota`` rows in both builders; with a subsidy rate and
    budget too (each tier's row then the capex less the grant at the full rate)."""
    scenario = load_scenario(SCENARIOS / "jiangyin-green-loan")
    data = prepare(scenario)
    matrix = build_matrix(data)
    assert {"loan_within_capex", "loan_quota"} <= set(matrix.row_names)
    assert "financed" in matrix.blocks
    assert_same_model(data, matrix)
    budget = {"policy.subsidy_rate": 0.2, "policy.subsidy_budget_cny_per_year": 50_000.0}
    data = prepare(scenario.with_overrides(budget))
    assert "subsidy" in build_matrix(data).blocks
    assert_same_model(data)


def test_same_rows_and_columns_on_a_park_with_an_existing_plant():
    assert_same_model(prepare(load_scenario(SCENARIOS / "mixed-park")))


@pytest.mark.parametrize(
    ("name", "replacement"),
    [
        # a family of rows dropped (this park's effluent goes on: its cap is the chain's row)
        ("add_pollutant_chain", lambda m: None),
        ("tier_fixed_costs", lambda data: np.zeros(len(data.tiers))),  # the tiers' costs lost
    ],
)
def test_a_builder_that_differs_is_seen(monkeypatch, name, replacement):
    """The comparison above fails when the matrix builder drops a family or changes a cost."""
    data = prepare(generate_park(40, 5, seed=1))
    assert "pollutant_cap" in build_matrix(data).row_names
    monkeypatch.setattr(matrix_module, name, replacement)
    with pytest.raises(AssertionError):
        assert_same_model(data, build_matrix(data))


def test_the_default_route_loads_no_pyomo():
    """Importing the default route (and so the library) leaves Pyomo unloaded: it is imported
    only for a Pyomo route."""
    code = (
        "import sys, optimizer.solvers.matrix_route, optimizer.solvers.dispatch; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pyomo'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
