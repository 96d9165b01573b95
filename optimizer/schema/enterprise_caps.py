"""The ``enterprise_caps`` table: an enterprise's own pollutant-discharge permit (排污许可), the
third level of caps beside the park-wide and the outfall caps of ``scenario.yaml``.

The cap limits what the enterprise itself discharges to the environment: the load of its demands
it treats alone, after its own removal. What it sends to a shared facility is that facility's
discharge, counted at the facility's outfall (see :mod:`optimizer.solvers.enterprise_caps`).
"""

from __future__ import annotations

from .columns import Column, Table
from .limits import MAX_AMOUNT

#: The columns naming an enterprise, a pollutant and a service (here, in ``concentrations``,
#: ``demands``, ``tiers`` and ``distances``).
ENTERPRISE = Column(
    "enterprise",
    "str",
    "Enterprise id.",
    title="Enterprise",
    required=True,
    references="enterprises",
)
POLLUTANT = Column(
    "pollutant",
    "str",
    "Pollutant name (declared in scenario.yaml).",
    title="Pollutant",
    required=True,
    references="pollutants",
)

SERVICE = Column(
    "service", "str", "Service name.", title="Service", required=True, references="services"
)

ENTERPRISE_CAPS = Table(
    "enterprise_caps",
    "Per-enterprise pollutant caps (an enterprise's discharge permit): what the enterprise itself "
    "discharges, treating alone after its own removal; what it sends to a shared facility counts "
    "at that facility's outfall.",
    (
        ENTERPRISE,
        POLLUTANT,
        Column(
            "cap_t_per_year",
            "float",
            "Most the enterprise may discharge itself.",
            title="Discharge cap",
            unit="t/year",
            required=True,
            minimum=0,
            maximum=MAX_AMOUNT,
        ),
    ),
    key=("enterprise", "pollutant"),
    required=False,
)
