"""The solver layer: from prepared data (:class:`~optimizer.prepare.ModelData`) to a solution.

- :mod:`~optimizer.solvers.types` — options, report, solution, error, gap, status, route names
  (no Pyomo, no highspy: every face may import it);
- :mod:`~optimizer.solvers.dispatch` — :func:`solve_instance`, the one entry point, which picks the
  route;
- :mod:`~optimizer.solvers.formulation` — what both builders share: index groups, row positions,
  must-share demand, the yearly fixed cost of a tier;
- :mod:`~optimizer.solvers.matrix` and :mod:`~optimizer.solvers.matrix_route` — the default route:
  the formulation as sparse arrays, straight into HiGHS;
- :mod:`~optimizer.solvers.pyomo_model` and :mod:`~optimizer.solvers.pyomo_routes` — the
  reference Pyomo model (its docstring states the formulation) and the routes through Pyomo;
- :mod:`~optimizer.solvers.highs` — HiGHS plumbing shared by every HiGHS route;
- :mod:`~optimizer.solvers.warmstart` and :mod:`~optimizer.solvers.parallel_search` — a first
  plan for large parks, before or beside HiGHS's search.

This file imports nothing, so that importing :mod:`~optimizer.solvers.types` loads no solver.
"""
