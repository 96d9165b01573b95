"""The cost and pollution figures of the generated parks and the shipped examples, one set.

Where the figures come from (every amount in CNY at :data:`COST_YEAR`):

- shared plant capex scales as capacity^0.79 (:data:`SCALE_EXPONENT`, Eawag SNIP cost curves);
- Chinese activated-sludge plants cost 3,150-3,600 CNY per m3/d and 0.6-1.3 CNY/m3 to run; small
  packaged on-site units 15,000-30,000 CNY per m3/d;
- printing-and-dyeing wastewater carries 2,000-5,000 mg/L COD (GB 4287-2012 and its 2015
  amendment: 500 mg/L to a park plant with central pretreatment, 200 mg/L without);
- one on-site spray booth with VOC treatment costs about 0.8 M CNY; shared spraying centres cost
  8-150 M CNY and serve 20-130 SMEs; one province subsidised 23% of their capex;
- sewers DN300-DN600 cost 250-850 CNY/m (1.35 M CNY/km for a Jiangsu project with a pump station);
- road freight costs about 0.46 CNY per t km; discount rate 8% (6% for public-welfare water);
- Suzhou's non-residential sewage charge is 1.75 CNY/m3 (2021 tariff).

Figures marked *assumed* below are not from a source; each shipped scenario's README lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

COST_YEAR = 2024
#: Exponent of the capacity cost curve of shared plants (Eawag SNIP cost curves).
SCALE_EXPONENT = 0.79
SERVICES = ("sewage", "spraying", "dyeing_pretreatment")


@dataclass(frozen=True)
class ServiceFigures:
    """Cost figures of one service: conveyance, shared facilities and stand-alone treatment.

    ``ref_unit_capex`` is the capex per unit/d of a shared plant of ``ref_capacity``; other sizes
    follow capacity^:data:`SCALE_EXPONENT`. ``own_*`` figures cost an enterprise's own unit.
    """

    unit: str
    conveyance: str
    days: float
    transport: float
    connection_per_km: float
    max_distance_km: float
    ref_capacity: float
    ref_unit_capex: float
    lifetime: float
    fixed_om_share: float
    variable_cost: float
    area_per_unit: float
    typical_demand: float
    demand_spread: float
    demand_range: tuple[float, float]
    demand_decimals: int


SEWAGE = ServiceFigures(
    unit="m3",
    conveyance="pipe",
    days=330,
    transport=0.05,  # assumed: pumping energy and sewer upkeep per m3 km
    connection_per_km=300_000,  # DN300 branch sewer, 300 CNY/m within 250-850 CNY/m
    max_distance_km=5.0,
    ref_capacity=10_000,
    ref_unit_capex=3_400,  # activated sludge, 3,150-3,600 CNY per m3/d
    lifetime=25,
    fixed_om_share=0.02,  # with 0.6 CNY/m3 gives 0.8-1.0 CNY/m3 at full load (0.6-1.3)
    variable_cost=0.6,
    area_per_unit=0.8,  # assumed: compact plant, m2 per m3/d
    typical_demand=30,
    demand_spread=0.7,
    demand_range=(3, 400),
    demand_decimals=1,
)
DYEING = ServiceFigures(
    unit="m3",
    conveyance="pipe",
    days=330,
    transport=0.05,
    connection_per_km=500_000,  # dedicated DN300-DN400 line, mid of 250-850 CNY/m
    max_distance_km=5.0,
    ref_capacity=10_000,
    ref_unit_capex=3_600,  # top of the activated-sludge range: an extra physico-chemical stage
    lifetime=25,
    fixed_om_share=0.02,
    variable_cost=1.3,  # top of 0.6-1.3 CNY/m3: chemicals for strong, coloured wastewater
    area_per_unit=0.6,
    typical_demand=300,
    demand_spread=0.6,
    demand_range=(50, 2000),
    demand_decimals=0,
)
SPRAYING = ServiceFigures(
    unit="t",
    conveyance="road",
    days=300,
    transport=0.92,  # 0.46 CNY/(t km) road freight, there and back
    connection_per_km=0.0,
    max_distance_km=15.0,
    ref_capacity=60,
    ref_unit_capex=500_000,  # 60 t/d for 30 M CNY; 20-160 t/d spans 12-70 M CNY (8-150 M)
    lifetime=20,
    fixed_om_share=0.03,  # assumed
    variable_cost=200,  # assumed: RTO fuel, power, labour and handling per t of parts
    area_per_unit=300,  # assumed: m2 of workshop per t/d
    typical_demand=1.5,
    demand_spread=0.6,
    demand_range=(0.2, 8.0),
    demand_decimals=1,
)
FIGURES: dict[str, ServiceFigures] = {
    "sewage": SEWAGE,
    "spraying": SPRAYING,
    "dyeing_pretreatment": DYEING,
}
#: COD of the untreated streams, mg/L (dyeing: 2,000-5,000; ordinary industrial sewage assumed).
COD_RANGE = {"sewage": (250.0, 450.0), "dyeing_pretreatment": (2000.0, 5000.0)}
#: COD removed by each stage: shared (one shared facility of the service, of all it receives;
#: central pretreatment at 70 % followed by the park plant at 90 % removes 97 % in all), self (an
#: enterprise's own unit, before discharge).
COD_REMOVAL = {
    "sewage": {"shared": 0.9, "self": 0.8},
    "dyeing_pretreatment": {"shared": 0.7, "self": 0.9},
}
#: Share of a new unit's capex that refitting an enterprise's existing unit costs (assumed).
REFIT_SHARE = 0.1
#: Suzhou non-residential sewage charge (2021 tariff), CNY/m3.
MUNICIPAL_SEWER_CNY_PER_M3 = 1.75
