"""The park network's tables (``nodes``, ``edges``) and explicit ``distances``, with the columns
every located table shares (an id, longitude and latitude)."""

from __future__ import annotations

from .columns import Column, Table
from .enterprise_caps import ENTERPRISE
from .limits import MAX_DISTANCE_KM, MAX_EXPLICIT_DISTANCE_KM

__all__ = ["DISTANCES", "EDGES", "LAT", "LON", "NODES", "id_column"]


def id_column(description: str) -> Column:
    return Column("id", "str", description, title="Id", required=True)


LON = Column(
    "lon",
    "float",
    "Longitude (WGS84).",
    title="Longitude",
    unit="degree",
    required=True,
    minimum=-180,
    maximum=180,
)
LAT = Column(
    "lat",
    "float",
    "Latitude (WGS84).",
    title="Latitude",
    unit="degree",
    required=True,
    minimum=-90,
    maximum=90,
)


NODES = Table(
    "nodes",
    "Junctions of the park network (pipes, roads).",
    (id_column("Node id, unique."), LON, LAT),
    key=("id",),
    required=False,
)

EDGES = Table(
    "edges",
    "Links of the park network.",
    (
        Column(
            "from_node",
            "str",
            "Node id.",
            title="From node",
            required=True,
            references="nodes",
        ),
        Column("to_node", "str", "Node id.", title="To node", required=True, references="nodes"),
        Column(
            "length_km",
            "float",
            "Length.",
            title="Length",
            unit="km",
            required=True,
            positive=True,
            maximum=MAX_DISTANCE_KM,
        ),
        Column(
            "modes",
            "str",
            "Conveyance modes that may use the edge.",
            title="Conveyance modes",
            default="pipe;road",
            list_of=("pipe", "road"),
        ),
    ),
    key=("from_node", "to_node"),
    required=False,
)

DISTANCES = Table(
    "distances",
    "Explicit distances, e.g. from a GIS study. When this table is given, the pairs it "
    "lists are the only ones within reach and the network is not used for them.",
    (
        ENTERPRISE,
        Column("site", "str", "Site id.", title="Site", required=True, references="sites"),
        Column(
            "distance_km",
            "float",
            "Distance.",
            title="Distance",
            unit="km",
            required=True,
            minimum=0,
            maximum=MAX_EXPLICIT_DISTANCE_KM,
        ),
    ),
    key=("enterprise", "site"),
    required=False,
)
