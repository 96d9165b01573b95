"""The ``solver.*`` settings of scenario.yaml, and the solver names a scenario or ``--solver`` may
give (declared as in :mod:`.settings`, which lists them with the others)."""

from __future__ import annotations

from .declaration import FRACTION, Setting
from .limits import MAX_SEED, MAX_THREADS, MAX_TIME_LIMIT_S

#: The HiGHS routes (see :mod:`optimizer.solvers.dispatch`), HiGHS shipping with the package.
SOLVER_ROUTES = ("highs", "highs-standard-form", "highs-appsi", "highs-pyomo")

#: The MIP solvers Pyomo can run by name (when installed): any other name is refused when the
#: scenario is checked, rather than when it is solved.
PYOMO_MIP_SOLVERS = (
    "cbc",
    "glpk",
    "gurobi",
    "gurobi_direct",
    "gurobi_persistent",
    "cplex",
    "cplex_direct",
    "cplex_persistent",
    "xpress",
    "xpress_direct",
    "xpress_persistent",
    "scip",
    "mosek",
    "mosek_direct",
    "appsi_highs",
    "appsi_cbc",
    "appsi_gurobi",
    "appsi_cplex",
    "cuopt",
    "gams",
    "baron",
    "sas",
)

#: Every solver name a scenario or ``--solver`` may give.
SOLVER_NAMES = SOLVER_ROUTES + PYOMO_MIP_SOLVERS

#: The ``solver.*`` settings.
SOLVER_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "solver.name",
        "str",
        "Solver: highs (default), another HiGHS route, or a MIP solver Pyomo runs by name "
        "(installed separately).",
        default="highs",
        title="Solver",
        choices=SOLVER_NAMES,
    ),
    Setting(
        "solver.time_limit_s",
        "float",
        "The whole wait of a solve (prepare, build, solve, read the plan, share costs): the "
        "solver stops when it is up, with the best plan.",
        unit="s",
        default=300.0,
        positive=True,
        maximum=MAX_TIME_LIMIT_S,
        title="Time limit",
    ),
    Setting(
        "solver.mip_gap",
        "float",
        "Stop when the relative gap is at most this.",
        default=1e-4,
        minimum=0,
        maximum=1,
        title="Relative gap to stop at",
        unit=FRACTION,
    ),
    Setting(
        "solver.threads",
        "int",
        "Solver threads (not written: the cores this process may use; a batch gives each worker "
        "one). With 2 or more, large models run the heuristic first plan beside HiGHS's search "
        "instead of before it (docs/model.md).",
        positive=True,
        maximum=MAX_THREADS,
        title="Threads",
    ),
    Setting(
        "solver.seed",
        "int",
        "Random seed of the solver.",
        default=0,
        minimum=0,
        maximum=MAX_SEED,
        title="Random seed",
    ),
    Setting(
        "solver.single_sourcing",
        "bool",
        "Each demand goes to one place (else it may be split).",
        default=True,
        title="One place per demand",
    ),
    Setting(
        "solver.strong_linking",
        "str",
        "Add assign <= open for every pair: a tighter bound, a larger model. 'auto' adds it to "
        "models with more than 20,000 pairs, and to those of at most 2,500 whose median demand "
        "is at most 4% of the smallest tier it could go to: where it pays (docs/model.md).",
        default="auto",
        choices=("auto", "always", "never"),
        title="Strong linking",
    ),
)
