"""The GeoJSON export (RFC 7946, WGS84, ``[lon, lat]``): open facilities, unused candidate sites,
enterprises and a straight line from each connected enterprise to its site; facilities and lines
carry their service's ``colour`` (:mod:`optimizer.plan_geometry`, as the app and the report).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from .. import plan_geometry
from ..plan import SELF, UNSERVED, Plan
from ..plan_views import enterprise_costs, enterprise_services, sme_table
from ..words import is_missing
from .values import json_value


def _point(lon: Any, lat: Any) -> dict[str, Any] | None:
    if is_missing(lon) or is_missing(lat):
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def _feature(kind: str, ident: str, geometry: dict | None, **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": f"{kind}/{ident}",
        "geometry": geometry,
        "properties": json_value({"kind": kind, **properties}),
    }


def _members(plan: Plan) -> dict[tuple[str, str], str]:
    shared = plan.assignments[plan_geometry.is_shared(plan.assignments["site"])]
    return {
        (str(site), str(service)): ";".join(sorted(group["enterprise"].astype(str).unique()))
        for (site, service), group in shared.groupby(["site", "service"])
    }


def _facility_features(plan: Plan) -> list[dict[str, Any]]:
    members = _members(plan) if len(plan.assignments) else {}
    out = []
    for row in plan_geometry.facility_points(plan).to_dict(orient="records"):
        key = (str(row["site"]), str(row["service"]))
        out.append(
            _feature(
                "facility",
                "/".join(key),
                _point(row.get("lon"), row.get("lat")),
                site=row["site"],
                site_name=row.get("site_name"),
                service=row["service"],
                tier=row.get("tier"),
                existing=row.get("existing"),
                capacity_per_day=row.get("capacity_per_day"),
                load_per_day=row.get("load_per_day"),
                utilisation=row.get("utilisation"),
                annual_cost=row.get("annual_cost"),
                capex_cny=row.get("capex_cny"),
                subsidy=row.get("subsidy"),
                members=row.get("members"),
                member_ids=members.get(key, ""),
                colour=row["colour"],
            )
        )
    return out


def _unused_site_features(plan: Plan) -> list[dict[str, Any]]:
    return [
        _feature(
            "unused_site",
            str(row["id"]),
            _point(row.get("lon"), row.get("lat")),
            site=row["id"],
            site_name=row.get("name"),
            status=row.get("status"),
            services=row.get("services"),
        )
        for row in plan_geometry.unused_sites(plan).to_dict(orient="records")
    ]


def _enterprise_frame(plan: Plan) -> pd.DataFrame:
    frame = plan_geometry.input_table(plan, "enterprises")
    if frame.empty:
        frame = (
            plan.assignments.drop_duplicates("enterprise")
            .rename(columns={"enterprise": "id", "enterprise_name": "name"})
            .reindex(columns=["id", "name", "lon", "lat"])
        )
    return frame.reset_index(drop=True)


def _enterprise_features(plan: Plan) -> list[dict[str, Any]]:
    frame = _enterprise_frame(plan)
    ids = frame["id"].astype(str)
    where = enterprise_services(plan).reindex(ids)
    costs = enterprise_costs(plan).reindex(ids) if len(plan.assignments) else where
    out = []
    for i, row in enumerate(frame.to_dict(orient="records")):
        place, cost = where.iloc[i], costs.iloc[i]
        out.append(
            _feature(
                "enterprise",
                ids.iloc[i],
                _point(row.get("lon"), row.get("lat")),
                enterprise=ids.iloc[i],
                name=row.get("name"),
                sector=row.get("sector"),
                services=place.get("services"),
                connected_services=place.get("shared"),
                self_services=place.get(SELF),
                unserved_services=place.get(UNSERVED),
                status=place.get("status") if not is_missing(place.get("status")) else "no demand",
                annual_cost=cost.get("cost"),
                standalone_cost=cost.get("alone"),
                saving=cost.get("saving"),
                cost_basis=cost.get("basis"),
            )
        )
    return out


def _connection_features(plan: Plan) -> list[dict[str, Any]]:
    lines = plan_geometry.connection_lines(plan)
    if lines.empty:
        return []
    if sme_table(plan) == "statement":
        extra = plan.statement.rename(columns={"facility": "site"})
        keep = [c for c in ("share_cny_per_year", "total_cny_per_year") if c in extra.columns]
        lines = lines.merge(
            extra[["enterprise", "service", "site", *keep]].astype({"site": str}),
            on=["enterprise", "service", "site"],
            how="left",
        )
    out = []
    for row in lines.to_dict(orient="records"):
        start, end = row["from"], row["to"]
        geometry = None
        if start and end:
            geometry = {"type": "LineString", "coordinates": [start, end]}
        ident = f"{row['enterprise']}/{row['service']}/{row['site']}"
        properties = {k: row.get(k) for k in _CONNECTION_PROPERTIES if k in row}
        out.append(_feature("connection", ident, geometry, **properties))
    return out


_CONNECTION_PROPERTIES = (
    "enterprise",
    "enterprise_name",
    "service",
    "site",
    "share",
    "distance_km",
    "demand_per_day",
    "transport_cost",
    "connection_cost",
    "annual_cost",
    "share_cny_per_year",
    "total_cny_per_year",
    "colour",
)


def plan_geojson(plan: Plan) -> dict[str, Any]:
    """The plan as an RFC 7946 FeatureCollection (WGS84, ``[lon, lat]``).

    Features (``properties.kind``): ``facility`` (a point per open facility), ``unused_site``
    (candidate sites with nothing open), ``enterprise`` (a point per enterprise) and
    ``connection`` (a straight line from a connected enterprise to its site; ``distance_km`` is
    the network distance). Facilities and connections carry their service's ``colour``
    (``#RRGGBB``). Missing coordinates give a ``null`` geometry.
    """
    features = [
        *_facility_features(plan),
        *_unused_site_features(plan),
        *_enterprise_features(plan),
        *_connection_features(plan),
    ]
    return {"type": "FeatureCollection", "name": plan.label, "features": features}


def geojson_text(plan: Plan) -> str:
    return json.dumps(plan_geojson(plan), indent=1, ensure_ascii=False, allow_nan=False)
