"""Validation: everything wrong with a scenario, found at once, in words a park planner can act on.

:func:`check` runs, in order, and collects rather than stopping at the first problem:

1. what the loader found (missing files or columns, cells that do not parse, unknown columns);
2. ``scenario.yaml`` against :data:`optimizer.schema.SETTINGS` (required settings, types, ranges,
   names, the chain of output streams);
3. each table against its declaration (empty required cells, ranges, lists, duplicate ids,
   references to enterprises, sites, nodes, services and pollutants, self-loops);
4. supply and reach (a service nobody hosts, a demand that nothing can serve, an enterprise or
   site snapped onto the network from far away) -- only when the tables they need are clean, so
   that a bad coordinate never crashes a distance computation;
5. :func:`diagnose`: pre-solve arithmetic that names the culprits of an infeasible scenario.

Every :class:`Problem` names the file or sheet, the row id and line, the column, the value and
what was expected; most say how to fix it.

The package, one job a module: :mod:`.api` (the entry points), :mod:`.settings` (``scenario.yaml``,
matched against the declarations by :mod:`optimizer.schema.paths`), :mod:`.variants` (every
variant, used or not), :mod:`.tables`,
:mod:`.references`, :mod:`.consistency` and :mod:`.enterprise_caps` (the tables), :mod:`.gate`
(which later checks may run), :mod:`.supply_data`, :mod:`.reach`, :mod:`.snapping` and
:mod:`.positions` (supply, reach and where things are), :mod:`.feasibility` with
:mod:`.capacity`, :mod:`.pollutant_caps`, :mod:`.required_sites` and :mod:`.budget` (the
pre-solve arithmetic), and :mod:`.common` (helpers for messages).
"""

from ..problems import Problem, ScenarioError
from .api import check, diagnose, require_valid

__all__ = ["Problem", "ScenarioError", "check", "diagnose", "require_valid"]
