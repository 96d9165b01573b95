"""The chain's rows in their compact form (optimizer/solvers/chain_streams.py, chain_caps.py):
streams to facilities of one service share a load column, and the discharge rows are written with
the chain's equalities substituted in. Both must admit exactly the plans the first form does; the
hand-worked optima of tests/test_model_features.py and the same-model checks of
tests/test_row_families.py run through both builders on top of these."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from optimizer.prepare import prepare
from optimizer.scenario import load_scenario
from optimizer.solvers.matrix import build_matrix
from optimizer.solvers.matrix_route import solve_matrix
from optimizer.solvers.types import SolveOptions

MIXED = Path(__file__).resolve().parent.parent / "scenarios" / "mixed-park"


@pytest.fixture(scope="module")
def strict():
    """mixed-park under its tighter COD cap (420 t/year, binding), prepared and solved."""
    data = prepare(load_scenario(MIXED, "strict-cod"))
    solution = solve_matrix(data, SolveOptions(time_limit_s=120, threads=1))
    assert solution.report.status.startswith("optimal")
    return data, solution


def test_streams_to_one_service_share_a_load_column(strict):
    """mixed-park's 8 dyeing plants send effluent to the sewage plants (43 streams) or the sewer:
    one load column and one pair of concentration rows per plant, and its COD cap row holds the
    self-treatments and the loads sent to the sewer, not a term per pair and stream."""
    data, _ = strict
    matrix = build_matrix(data)
    assert len(data.flows) == 43
    assert matrix.blocks["carried"].size == 8
    for family in ("load_within_concentration_flow", "load_above_concentration_flow"):
        assert matrix.row_names[family][1] == 8
    start, _ = matrix.row_names["pollutant_cap"]
    rows = np.concatenate([t[0] for t in matrix.triplets])
    columns = np.concatenate([t[1] for t in matrix.triplets])
    in_cap = set(columns[rows == start].tolist())
    blocks = {
        name for name, b in matrix.blocks.items() if in_cap & set(range(b.start, b.start + b.size))
    }
    assert blocks == {"self_treat", "sink_load"}


def test_the_cap_row_counts_what_the_first_form_counts(strict):
    """At the optimum, the rewritten COD row plus the constant taken from its bound is the
    discharge written out term by term: what the sewage plants' outfalls let through of their
    members' loads and of the dyeing effluent they receive, what reaches the sewer, and what
    self-treating enterprises discharge; and it is within the cap."""
    data, solution = strict
    matrix = build_matrix(data)
    x = matrix.start(solution.values)
    pollution, index = data.pollution, matrix.index
    q = pollution.pollutants.index("COD")
    services = index.facilities["service"].to_numpy()
    assert set(services[index.flow_target]) == {"sewage"}  # every stream goes to a sewage plant
    keep = np.array([1.0 - pollution.removal[s][q] for s in services])
    passes_on = services == "dyeing_pretreatment"
    assign = np.array([solution.values["assign"].get(p, 0.0) for p in range(len(data.pairs))])
    load = pollution.demand_load[index.pair_demand, q]
    f = index.pair_facility
    members = np.sum((keep[f] * load * assign)[~passes_on[f]])
    received = keep[services == "sewage"][0] * sum(solution.values["carried"].values())
    to_sewer = sum(solution.values["sink_load"].values())
    alone = sum(
        (1.0 - pollution.self_removal[d, q]) * pollution.demand_load[d, q] * v
        for d, v in solution.values["self_treat"].items()
    )
    discharge = members + received + to_sewer + alone

    start, _ = matrix.row_names["pollutant_cap"]
    rows = np.concatenate([t[0] for t in matrix.triplets])
    columns = np.concatenate([t[1] for t in matrix.triplets])
    values = np.concatenate([t[2] for t in matrix.triplets])
    a = sp.csr_matrix((values, (rows, columns)), shape=(matrix.n_rows, matrix.n_cols))
    constant = 420.0 - np.concatenate(matrix.row_upper)[start]
    assert constant > 0
    assert (a @ x)[start] + constant == pytest.approx(discharge, rel=1e-9)
    assert discharge <= 420.0 + 1e-6
