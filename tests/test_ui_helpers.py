"""The app's helpers that draw nothing: uploads and zip safety, the scenarios folder and saving,
editor configurations from the schema, settings fields, maps, charts, downloads and the solve pool.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import re
import shutil
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from builders import stuck_park
from matplotlib.colors import to_hex

from optimizer import (
    Plan,
    load_scenario,
    optimise,
    plan_geometry,
    report_figures,
    save_scenario,
    schema,
    solve_options,
)
from optimizer.compare import compare_plans
from optimizer.export.geojson import plan_geojson
from optimizer.report_figures import network_figure
from optimizer.scenario import scenario_from_tables
from optimizer.ui import (
    charts,
    deck_layers,
    downloads,
    editors,
    maps,
    park_layer,
    scenario_map,
    storage,
    uploads,
    worker,
)
from optimizer.words.language import using_language

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "scenarios" / "tiny"
TINY_TOTAL = 506_679.75


@pytest.fixture(scope="module")
def tiny_plan() -> Plan:
    scenario = load_scenario(TINY)
    return optimise(scenario, solve_options(scenario))


def zipped(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def tiny_files(prefix: str = "") -> dict[str, bytes]:
    return {prefix + p.name: p.read_bytes() for p in sorted(TINY.iterdir())}


# ---------------------------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("/etc/passwd", "absolute"),
        ("\\windows\\system.ini", "absolute"),
        ("C:\\boot.ini", "absolute"),
        ("../outside.csv", "'..'"),
        ("park/../../outside.csv", "'..'"),
        ("park\\..\\..\\outside.csv", "'..'"),
    ],
)
def test_entries_that_would_escape_are_refused(tmp_path, name, why):
    data = zipped({name: b"x"})
    with pytest.raises(uploads.UploadError, match=why) as raised:
        uploads.safe_extract("evil.zip", data, tmp_path / "target")
    assert str(raised.value).startswith("evil.zip")
    assert not any(tmp_path.rglob("outside.csv"))


def test_a_symbolic_link_is_refused(tmp_path):
    data = zipped({"park/scenario.yaml": b"name: x"}, links=("park/sites.csv",))
    with pytest.raises(uploads.UploadError, match="symbolic link"):
        uploads.safe_extract("links.zip", data, tmp_path / "target")
    assert not (tmp_path / "target" / "park").exists()  # nothing extracted before the check


def test_entry_count_and_unpacked_size_are_capped(tmp_path):
    many = zipped({f"f{i}.csv": b"x" for i in range(11)})
    with pytest.raises(uploads.UploadError, match="11 entries; an upload may hold at most 10"):
        uploads.safe_extract("many.zip", many, tmp_path / "a", uploads.Limits(entries=10))
    bomb = zipped({"big.csv": b"0" * 100_000})
    assert len(bomb) < 1_000  # compresses very well
    with pytest.raises(uploads.UploadError, match=re.escape("unpacks to 0.1 MB")):
        uploads.safe_extract(
            "bomb.zip", bomb, tmp_path / "b", uploads.Limits(unpacked_bytes=50_000)
        )
    assert not (tmp_path / "b" / "big.csv").exists()


def test_a_duplicate_entry_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("a.csv", "1")
        archive.writestr("a.csv", "2")
    with pytest.raises(uploads.UploadError, match="appears twice"):
        uploads.safe_extract("dup.zip", buffer.getvalue(), tmp_path / "t")


def test_a_safe_archive_extracts_inside_the_target(tmp_path):
    target = tmp_path / "target"
    uploads.safe_extract("ok.zip", zipped(tiny_files("tiny/")), target)
    assert sorted(p.name for p in (target / "tiny").iterdir()) == sorted(
        p.name for p in TINY.iterdir()
    )
    assert uploads.scenario_root(target, "ok.zip") == target / "tiny"


def test_scenario_root_needs_exactly_one_scenario(tmp_path):
    (tmp_path / "a").mkdir()
    with pytest.raises(uploads.UploadError, match=re.escape("holds no scenario.yaml")):
        uploads.scenario_root(tmp_path, "x.zip")
    for name in ("a", "b"):
        (tmp_path / name).mkdir(exist_ok=True)
        (tmp_path / name / "scenario.yaml").write_text("name: x\n")
    with pytest.raises(uploads.UploadError, match=r"several scenarios \(a, b\)"):
        uploads.scenario_root(tmp_path, "x.zip")


@pytest.mark.parametrize("prefix", ["", "tiny/"])
def test_a_zipped_scenario_reads_into_memory(prefix):
    scenario = uploads.scenario_from_upload("park.zip", zipped(tiny_files(prefix)))
    assert scenario.name == "tiny"
    assert scenario.source == "park.zip"  # no temporary path leaks into messages
    assert scenario.load_problems == ()
    assert scenario.tables["demands"].equals(load_scenario(TINY).tables["demands"])


def test_a_workbook_reads_into_memory(tmp_path):
    book = save_scenario(load_scenario(TINY), tmp_path / "tiny.xlsx")
    scenario = uploads.scenario_from_upload("tiny.xlsx", book.read_bytes())
    assert scenario.source_kind == "xlsx" and scenario.source == "tiny.xlsx"
    assert scenario.tables["sites"].equals(load_scenario(TINY).tables["sites"])


def test_a_broken_workbook_or_wrong_kind_is_refused_in_words():
    with pytest.raises(
        uploads.UploadError, match=re.escape("park.xlsx cannot be opened as an .xlsx")
    ):
        uploads.scenario_from_upload("park.xlsx", b"not a zip at all")
    with pytest.raises(
        uploads.UploadError, match=r"park.csv: expected an .xlsx workbook or a .zip"
    ):
        uploads.scenario_from_upload("park.csv", b"id\n")


def test_an_upload_above_the_size_limit_is_refused():
    limits = uploads.Limits(upload_bytes=2 * 1024 * 1024)
    with pytest.raises(uploads.UploadError, match=r"big.zip is 3.0 MB .* at most 2.0 MB"):
        uploads.scenario_from_upload("big.zip", b"\0" * (3 * 1024 * 1024), limits)


def test_plans_are_read_from_json_only(tiny_plan):
    plan = uploads.plan_from_upload("tiny.json", tiny_plan.to_json().encode())
    assert plan.equals(tiny_plan)
    with pytest.raises(uploads.UploadError, match=re.escape("expected a plan as a .json file")):
        uploads.plan_from_upload("tiny.pkl", b"\x80\x04.")
    with pytest.raises(uploads.UploadError, match=re.escape("tiny.json line 1: not valid JSON")):
        uploads.plan_from_upload("tiny.json", b"{oops")
    with pytest.raises(uploads.UploadError, match="not a plan file"):
        uploads.plan_from_upload("../../x.json", json.dumps({"format": "other"}).encode())


# ---------------------------------------------------------------------------------------------
# The scenarios folder and saving
# ---------------------------------------------------------------------------------------------


def test_the_scenarios_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(storage.SCENARIOS_ENV, raising=False)
    assert storage.scenarios_dir() == REPO / "scenarios"
    monkeypatch.setenv(storage.SCENARIOS_ENV, str(tmp_path))
    assert storage.scenarios_dir() == tmp_path


def test_listing_skips_hidden_and_non_scenarios(tmp_path):
    shutil.copytree(TINY, tmp_path / "tiny")
    shutil.copytree(TINY, tmp_path / ".tiny.saving-x")
    (tmp_path / "notes").mkdir()
    save_scenario(load_scenario(TINY), tmp_path / "book.xlsx")
    assert [s.name for s in storage.list_scenarios(tmp_path)] == ["book.xlsx", "tiny"]


def test_save_as_new_then_refuse_then_overwrite(tmp_path):
    scenario = load_scenario(TINY)
    path = storage.save_as(scenario, "copy", overwrite=False, folder=tmp_path)
    assert load_scenario(path).name == "copy"
    before = (path / "scenario.yaml").read_bytes()
    edited = scenario.with_overrides({"discount_rate": 0.05})
    with pytest.raises(storage.SaveRefused, match="'copy' already exists"):
        storage.save_as(edited, "copy", overwrite=False, folder=tmp_path)
    assert (path / "scenario.yaml").read_bytes() == before
    storage.save_as(edited, "copy", overwrite=True, folder=tmp_path)
    assert load_scenario(path).settings["discount_rate"] == 0.05
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "a..b", "x" * 65, "spa ce"])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(storage.SaveRefused, match="scenario name"):
        storage.save_as(load_scenario(TINY), name, overwrite=True, folder=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_name_taken_between_check_and_write_is_refused(tmp_path):
    """Another session saved the name after this one checked it: the rename fails, nothing is
    replaced, and no temporary folder is left behind."""
    other = storage.save_as(load_scenario(TINY), "race", overwrite=False, folder=tmp_path)
    before = (other / "scenario.yaml").read_bytes()
    with pytest.raises(storage.SaveRefused, match="another session saved"):
        storage._save_new(storage.renamed(load_scenario(TINY), "mine"), other)
    assert (other / "scenario.yaml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race"]


def test_overwrite_refuses_a_folder_that_is_not_a_scenario(tmp_path):
    """As ``optimizer convert --force`` refuses: a folder without scenario.yaml is not replaced."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(storage.SaveRefused, match="'notes' exists and is not a scenario folder"):
        storage.save_as(load_scenario(TINY), "notes", overwrite=True, folder=tmp_path)
    assert [p.name for p in notes.iterdir()] == ["important.txt"]
    assert (notes / "important.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_overwrite_replaces_the_scenario_files_and_keeps_the_others(tmp_path):
    path = tmp_path / "park"
    shutil.copytree(TINY, path)  # scenario.yaml, the CSVs and a README.md
    (path / "concentrations.csv").write_text("stale table\n", encoding="utf-8")
    (path / "notes").mkdir()
    (path / "notes" / "meeting.txt").write_text("minutes", encoding="utf-8")
    readme = (path / "README.md").read_bytes()
    edited = load_scenario(TINY).with_overrides({"discount_rate": 0.05})
    storage.save_as(edited, "park", overwrite=True, folder=tmp_path)
    assert (path / "README.md").read_bytes() == readme
    assert (path / "notes" / "meeting.txt").read_text(encoding="utf-8") == "minutes"
    assert not (path / "concentrations.csv").exists()  # a scenario file: replaced, not kept
    saved = load_scenario(path)
    assert saved.settings["discount_rate"] == 0.05 and saved.load_problems == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["park"]


def test_a_failed_save_leaves_the_old_scenario_intact(tmp_path):
    path = storage.save_as(load_scenario(TINY), "kept", overwrite=False, folder=tmp_path)
    before = {p.name: p.read_bytes() for p in path.iterdir()}
    broken = load_scenario(TINY)
    broken = replace(broken, tables={**broken.tables, "sites": None})  # cannot be written
    with pytest.raises(AttributeError):
        storage.save_as(broken, "kept", overwrite=True, folder=tmp_path)
    assert {p.name: p.read_bytes() for p in path.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]


# ---------------------------------------------------------------------------------------------
# Editors from the schema
# ---------------------------------------------------------------------------------------------


def type_of(config: dict) -> str:
    return config["type_config"]["type"]


def test_every_declared_column_has_an_editor_column():
    scenario = load_scenario(TINY)
    for name, table in schema.TABLES.items():
        config = editors.column_config(name, scenario)
        assert list(config) == list(table.column_names)
        for column in table.columns:
            assert column.description.rstrip(".") in config[column.name]["help"]
            if column.unit:
                assert f"Unit: {column.unit_in('CNY', 'm3')}." in config[column.name]["help"]
            assert config[column.name]["label"].startswith(column.title)
            assert f"Column {column.name} in the file." in config[column.name]["help"]


def test_editor_headers_say_the_scenarios_currency():
    """Amounts are in the scenario's currency: a park in EUR is headed in EUR, never CNY."""
    scenario = load_scenario(TINY).with_overrides({"currency": "EUR"})
    assert editors.column_config("tiers", scenario)["capex_cny"]["label"] == "Capex (EUR)"
    for name in schema.TABLES:
        for shown in editors.column_config(name, scenario).values():
            assert "CNY" not in shown["label"].replace("_cny", ""), shown["label"]
            assert "CNY" not in shown["help"], shown["help"]


def test_editor_column_types_ranges_and_defaults():
    scenario = load_scenario(TINY)
    sites = editors.column_config("sites", scenario)
    assert type_of(sites["lat"]) == "number"
    assert (sites["lat"]["type_config"]["min_value"], sites["lat"]["type_config"]["max_value"]) == (
        -90,
        90,
    )
    assert sites["lat"]["label"] == "Latitude (degree)"
    assert sites["status"]["type_config"]["options"] == ["required", "optional", "forbidden"]
    assert sites["status"]["default"] == "optional"
    assert type_of(sites["id"]) == "text" and type_of(sites["services"]) == "text"
    tiers = editors.column_config("tiers", scenario)
    assert type_of(tiers["existing"]) == "checkbox" and tiers["existing"]["default"] is False
    assert tiers["fixed_om_cny_per_year"]["default"] == 0.0
    assert tiers["capex_cny"]["type_config"]["min_value"] == 0
    assert tiers["capex_cny"]["type_config"]["format"] == "localized"  # 1,200,000
    assert sites["lat"]["type_config"]["format"] is None  # coordinates as they are
    demands = editors.column_config("demands", scenario)
    assert demands["service"]["type_config"]["options"] == ["sewage"]  # declared services
    tri_state = demands["self_treatment_allowed"]["type_config"]["options"]
    assert tri_state == [{"value": True, "label": "yes"}, {"value": False, "label": "no"}]


def test_edits_are_detected_and_empty_added_rows_dropped():
    assert not editors.has_edits(None)
    assert editors.has_edits({"deleted_rows": [0]})
    frame = pd.DataFrame({"id": ["E1", None], "lon": [1.0, None]}, index=[0, 7])
    assert editors.edited_table(frame).to_dict("list") == {"id": ["E1"], "lon": [1.0]}


def test_problems_as_rows_name_table_row_id_and_column():
    scenario = load_scenario(TINY)
    frame = scenario.tables["demands"].copy()
    frame.loc[1, "demand_per_day"] = -5.0
    from optimizer.checks import check

    rows = editors.problems_frame(check(scenario.with_table("demands", frame)))
    first = rows.iloc[0]
    assert (first["where"], first["row"], first["id"], first["column"]) == (
        "demands",
        2,
        "E2/sewage",
        "demand_per_day",
    )
    assert "found -5.0, expected a number from 0 to 1e9" in first["problem"]


def test_settings_fields_cover_services_policy_and_solver():
    fields = {
        f.path: f
        for f in editors.setting_fields(load_scenario(REPO / "scenarios" / "textile-park"))
    }
    assert fields["services.sewage.unit"].value == "m3"
    assert fields["solver.time_limit_s"].value == pytest.approx(fields["solver.time_limit_s"].value)
    # not written: empty in the editor, and the solve uses the cores the process may use
    assert fields["solver.threads"].value is None
    assert "policy.max_facilities.sewage" in fields
    assert "pollutants.COD.removal.sewage.shared" in fields
    assert "services.sewage.outputs" in fields
    assert not any("[]" in p or "<" in p for p in fields)
    assert fields["discount_rate"].group == "general"
    assert fields["services.sewage.unit"].title == "sewage"


def test_every_setting_has_a_title_in_words_and_its_unit_resolved():
    for declared in schema.SETTINGS:
        assert declared.title and "_" not in declared.title, declared.path
        assert "CNY" not in declared.unit, declared.path  # the scenario's currency, not CNY
    textile = load_scenario(REPO / "scenarios" / "textile-park")
    fields = {
        f.path: f for f in editors.setting_fields(textile.with_overrides({"currency": "EUR"}))
    }
    assert (
        fields["services.sewage.connection_capex_cny_per_km"].label == "Connection capex (EUR/km)"
    )
    assert fields["policy.max_facilities.sewage"].label == "Most sewage facilities (facilities)"
    assert "Setting: policy.max_facilities.sewage." in fields["policy.max_facilities.sewage"].help


def test_a_title_names_the_service_its_path_names_in_both_languages():
    """A setting declared per service is headed with that service's name, never a placeholder
    (the outfall cap's title said "of <service>" for every service)."""
    wujiang = load_scenario(REPO / "scenarios" / "wujiang-textile")
    fields = editors.setting_fields(wujiang)
    assert not [f.path for f in fields if "<" in f.label or "{" in f.label]
    caps = {f.path: f for f in fields if ".outfall_cap_t_per_year." in f.path}
    assert caps, "wujiang-textile declares outfall caps"
    for path, field in caps.items():
        service = path.rsplit(".", 1)[1]
        assert field.label.startswith(f"Outfall discharge cap of {service} ("), field.label
        with using_language("zh"):
            assert field.label.startswith(f"{service} 排口排放上限 ("), field.label


def test_a_setting_is_written_only_when_it_changes():
    scenario = load_scenario(TINY)
    fields = {f.path: f for f in editors.setting_fields(scenario)}
    settings, config = scenario.settings, scenario.config
    same = editors.with_setting(settings, config, fields["solver.time_limit_s"], 60.0)
    assert same == settings and same is not settings
    changed = editors.with_setting(settings, config, fields["discount_rate"], 0.05)
    assert changed["discount_rate"] == 0.05 and settings["discount_rate"] == 0.08
    lifted = editors.with_setting(settings, config, fields["services.sewage.max_distance_km"], None)
    assert lifted["services"]["sewage"]["max_distance_km"] is None  # nullable: no limit
    cleared = editors.with_setting(settings, config, fields["discount_rate"], None)
    assert "discount_rate" not in cleared  # the default applies again


# ---------------------------------------------------------------------------------------------
# Maps, charts, downloads
# ---------------------------------------------------------------------------------------------


def inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    x, y = point
    hit = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            hit = not hit
    return hit


@pytest.mark.parametrize("name", ["tiny", "mixed-park"])
def test_the_park_outline_holds_every_point(name):
    scenario = load_scenario(REPO / "scenarios" / name)
    points = scenario_map.scenario_points(scenario)
    ring = park_layer.park_outline(points["lon"], points["lat"])["features"][0]["geometry"][
        "coordinates"
    ][0]
    assert ring[0] == ring[-1]
    assert all(inside(p, ring) for p in zip(points["lon"], points["lat"], strict=True))


def test_the_outline_of_points_on_a_line_is_a_box():
    ring = park_layer.park_outline([120.0, 120.1, 120.2], [31.0, 31.0, 31.0])["features"][0]
    assert len(ring["geometry"]["coordinates"][0]) == 5


def test_the_scenario_map_is_offline_with_every_layer():
    scenario = load_scenario(TINY)
    deck = scenario_map.scenario_deck(scenario)
    assert [layer.id for layer in deck.layers] == [
        "park",
        "network",
        "nodes",
        "enterprises",
        "sites",
        "site-labels",
    ]
    spec = json.loads(deck.to_json())
    assert spec.get("mapProvider") in (None, "")
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert len(layers["enterprises"]["data"]) == 4 and len(layers["network"]["data"]) == 6
    assert len(layers["nodes"]["data"]) == 7 and len(layers["sites"]["data"]) == 2
    assert "NaN" not in deck.to_json()
    online = json.loads(scenario_map.scenario_deck(scenario, basemap=True).to_json())
    assert online["mapProvider"] == "carto"


def test_the_plan_map_marks_facilities_connections_and_self_treating(tiny_plan):
    deck = maps.plan_deck(tiny_plan)
    layers = {layer.id: layer for layer in deck.layers}
    assert set(layers) == {
        "park",
        "network",
        "connections",
        "connected",
        "self-treating",
        "facilities",
        "facility-labels",
    }
    lines = maps.connection_lines(tiny_plan)
    assert len(lines) == 2 and all(to == [120.62, 31.304] for to in lines["to"])
    firms = maps.enterprise_status(tiny_plan).set_index("enterprise")
    assert firms["self"].to_dict() == {"E1": False, "E2": False, "E3": True, "E4": True}
    assert firms.at["E3", "colour"] == maps.SELF_COLOUR


def test_facility_circles_grow_with_annual_cost_whatever_the_service(mixed_plan):
    """Before, radii grew with capacity in each service's own unit: the 6.7 M CNY a year spraying
    centre for 41 SMEs (51 t/d) was the smallest circle beside sewage plants of 2,000 m3/d."""
    facilities = maps.facility_points(mixed_plan)
    by_cost = facilities.sort_values("annual_cost")["site"].tolist()
    by_radius = facilities.sort_values("radius")["site"].tolist()
    assert by_radius == by_cost
    spraying = facilities.loc[facilities["service"] == "spraying"].iloc[0]
    assert spraying["radius"] == facilities["radius"].max()
    assert "CNY/year" in spraying["tip"] and "t/day" in spraying["tip"]
    layers = {
        layer["id"]: layer for layer in json.loads(maps.plan_deck(mixed_plan).to_json())["layers"]
    }
    assert layers["facilities"]["radiusUnits"] == "pixels"
    labels = layers["facility-labels"]
    assert len(labels["data"]) == mixed_plan.facilities["site"].nunique()  # one label a site
    radius = facilities.groupby("site")["radius"].max()
    for row in labels["data"]:  # each label clear of its site's largest circle
        assert -row["offset"][1] > radius[row["label"]]
    assert labels["characterSet"] == "auto" and "sans-serif" in labels["fontFamily"]
    assert "monospace" not in labels["fontFamily"]
    assert labels["fontSettings"] == {"sdf": True} and labels["outlineWidth"] > 0  # a halo


def test_the_plan_map_shows_the_network_and_the_onward_flows(mixed_plan):
    layers = {
        layer["id"]: layer for layer in json.loads(maps.plan_deck(mixed_plan).to_json())["layers"]
    }
    ids = list(layers)
    assert ids.index("network") < ids.index("connections")  # under everything else
    assert len(layers["network"]["data"]) == len(plan_geometry.plan_network(mixed_plan))
    flows = layers["onward-flows"]["data"]
    between = mixed_plan.flows[mixed_plan.flows["to_site"] != mixed_plan.flows["site"]]
    between = between[between["to_site"].isin(set(mixed_plan.facilities["site"]))]
    assert len(flows) == len(between) > 0
    assert all("per day" in row["tip"] for row in flows)
    flow_colour = plan_geometry.rgb(plan_geometry.FLOW_COLOUR)
    assert {tuple(row["colour"]) for row in flows} == {tuple(flow_colour)}
    assert min(math.dist(flow_colour, plan_geometry.rgb(c)) for c in plan_geometry.PALETTE) > 60


def _one_colour_each(pairs) -> dict[str, str]:
    """Service -> colour (lower-case #rrggbb), checking that no service has two colours."""
    seen: dict[str, set[str]] = {}
    for service, colour in pairs:
        seen.setdefault(str(service), set()).add(colour.lower())
    assert all(len(colours) == 1 for colours in seen.values()), seen
    return {service: colours.pop() for service, colours in seen.items()}


@pytest.fixture(scope="module")
def mixed_plan() -> Plan:
    return optimise(REPO / "scenarios" / "mixed-park", allocation=None)


def test_the_geojson_the_report_and_the_app_colour_each_service_alike(mixed_plan):
    """One palette: a service has the same colour in the GeoJSON export, on the HTML report's map
    and on the app's plan map (its lines, facilities and legend)."""
    plan = mixed_plan
    services = {"sewage", "spraying", "dyeing_pretreatment"}
    drawn = [f["properties"] for f in plan_geojson(plan)["features"]]
    geojson = _one_colour_each(
        (p["service"], p["colour"]) for p in drawn if p["kind"] in ("facility", "connection")
    )
    legend = network_figure(plan).axes[0].get_legend()
    report = _one_colour_each(
        (text.get_text(), to_hex(handle.get_color()))
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
        if text.get_text() in services
    )
    layers = {layer["id"]: layer for layer in json.loads(maps.plan_deck(plan).to_json())["layers"]}
    app_rows = [*layers["facilities"]["data"], *layers["connections"]["data"]]
    app = _one_colour_each((r["service"], to_hex([c / 255 for c in r["colour"]])) for r in app_rows)
    legend_colours = maps.service_colours(plan).items()
    app_legend = _one_colour_each((s, to_hex([c / 255 for c in rgb])) for s, rgb in legend_colours)
    assert set(geojson) == services and len(set(geojson.values())) == len(services)
    assert report == geojson
    assert app == geojson
    assert app_legend == geojson


def test_the_cost_breakdown_adds_up_to_the_total(tiny_plan):
    frame = charts.breakdown_frame(tiny_plan.kpis)
    assert math.isclose(frame["amount"].sum(), TINY_TOTAL, abs_tol=0.01)
    assert "Subsidy" not in frame["label"].tolist()  # zero parts are left out


def _distance(a: str, b: str) -> float:
    return math.dist(plan_geometry.rgb(a), plan_geometry.rgb(b))


@pytest.fixture(scope="module")
def subsidised_plan() -> Plan:
    return optimise(
        load_scenario(TINY).with_overrides({"policy.subsidy_rate": 0.4}), allocation=None
    )


def test_no_cost_bar_is_in_a_service_colour(subsidised_plan):
    """Before, the app's subsidy bar was the third service's green (spraying in mixed-park) and
    the other bars the first service's blue; the report's total was that blue too."""
    for name, colour in plan_geometry.COST_COLOURS.items():
        nearest = min(_distance(colour, service) for service in plan_geometry.PALETTE)
        assert nearest > 60, (name, colour)
    bars = plan_geometry.cost_bars(subsidised_plan.kpis)
    assert (
        bars.loc[bars["part"] == "subsidy", "colour"].item()
        == plan_geometry.COST_COLOURS["subsidy"]
    )
    assert list(bars["label"][-2:]) == ["Total (this plan)", "Everyone alone"]
    svg = report_figures.cost_breakdown_svg(subsidised_plan).lower()
    for colour in plan_geometry.COST_COLOURS.values():
        assert f"fill: {colour.lower()}" in svg
    assert not any(f"fill: {c.lower()}" in svg for c in plan_geometry.PALETTE)


def test_the_app_cost_chart_writes_each_amount_and_cuts_no_name(subsidised_plan):
    spec = charts.cost_breakdown_chart(subsidised_plan.kpis, "EUR").to_dict()
    bars, amounts = spec["layer"]
    assert (bars["mark"]["type"], amounts["mark"]["type"]) == ("bar", "text")
    assert bars["encoding"]["color"] == {"field": "colour", "scale": None, "type": "nominal"}
    for layer in (bars, amounts):  # Altair cuts a label at 180 px otherwise
        assert layer["encoding"]["y"]["axis"]["labelLimit"] == 0
    rows = next(iter(spec["datasets"].values()))
    shown = {row["label"]: row["shown"] for row in rows}
    total = subsidised_plan.kpis["total_annual_cost"]
    assert shown["Total (this plan)"] == f"{total:,.0f}"
    assert shown["Subsidy (negative)"].startswith("-")
    assert spec["title"] == "Yearly cost by part (EUR/year)"


def test_plan_downloads_are_what_the_library_writes(tiny_plan):
    assert Plan.from_json(downloads.plan_bytes(tiny_plan, "json").decode()).equals(tiny_plan)
    assert downloads.plan_bytes(tiny_plan, "xlsx")[:2] == b"PK"
    geojson = json.loads(downloads.plan_bytes(tiny_plan, "geojson"))
    assert geojson["type"] == "FeatureCollection"
    assert b"<html" in downloads.plan_bytes(tiny_plan, "html").lower()
    assert downloads.plan_file_name(tiny_plan, "xlsx") == "tiny.xlsx"


def test_comparison_downloads(tiny_plan):
    comparison = compare_plans([tiny_plan, tiny_plan], labels=["a", "b"])
    assert downloads.comparison_bytes(comparison, ".xlsx")[:2] == b"PK"
    assert b"a vs b" in downloads.comparison_bytes(comparison, ".html")


# ---------------------------------------------------------------------------------------------
# Solving outside the page
# ---------------------------------------------------------------------------------------------


def test_outcomes_say_why_there_is_no_plan():
    bad = scenario_from_tables({"name": "x", "cost_year": 2024}, {})
    invalid = worker.solve_outcome(bad, solve_options(bad))
    assert invalid.kind == "invalid" and not invalid.ok
    assert any(p.column == "services" for p in invalid.problems)
    stuck = stuck_park()
    infeasible = worker.solve_outcome(stuck, solve_options(stuck))
    assert infeasible.kind == "infeasible"
    assert "unserved" in str(infeasible.problems[0])


@pytest.mark.slow
def test_the_pool_solves_and_cancels():
    """Through real worker processes (spawn): the tiny optimum; a queued job cancelled; a
    running job stopped, after which the pool solves again."""
    pool = worker.SolvePool(workers=1)
    try:
        tiny = load_scenario(TINY)
        first = pool.submit(tiny, solve_options(tiny), "scrb")
        queued = pool.submit(tiny, solve_options(tiny), "scrb")
        assert pool.cancel(queued) == "The solve was cancelled before it started."
        result = first.future.result(timeout=120)
        assert result.ok and math.isclose(result.plan.total_cost, TINY_TOTAL, abs_tol=0.01)
        assert queued.outcome().kind == "cancelled"
        if not queued.future.cancelled():  # already handed to the worker: it saw the flag
            assert queued.future.result(timeout=120).kind == "cancelled"
        big = load_scenario(REPO / "scenarios" / "mixed-park")
        running = pool.submit(big, solve_options(big, time_limit_s=120), "scrb")
        while running.state == "queued":  # wait (on the future) for the worker to take it
            with contextlib.suppress(TimeoutError):
                running.future.result(timeout=0.05)
            assert running.elapsed() < 60
        assert running.state == "running"
        assert "stopped" in pool.cancel(running)
        assert running.outcome().kind == "cancelled"
        again = pool.submit(tiny, solve_options(tiny), None).future.result(timeout=120)
        assert again.ok and again.plan.statement.empty  # no allocation asked for
    finally:
        pool.shutdown()


def test_every_map_is_drawn_with_one_pipeline_per_layer_type(tiny_plan, mixed_plan):
    """Without a GPU, Chromium compiles each WebGL program a map uses, and a program again for
    each different set of values its layers give per row, in software: half a second to a second
    of CPU each while the page waits (docs/app.md, "Speed"). Every map of the app is drawn with
    line, point and text layers only (the park's outline as lines, not a GeoJSON polygon: two
    programs more), each type's layers giving the same values per row, and the labels' halo drawn
    by the text's own shader (a signed-distance atlas), not a background box (a program more)."""
    decks = {
        f"scenario {name}": scenario_map.scenario_deck(load_scenario(REPO / "scenarios" / name))
        for name in ("tiny", "mixed-park")
    }
    decks |= {"plan tiny": maps.plan_deck(tiny_plan), "plan mixed-park": maps.plan_deck(mixed_plan)}
    for name, deck in decks.items():
        layers = json.loads(deck.to_json())["layers"]
        assert {layer["@@type"] for layer in layers} == set(deck_layers.ONE_PIPELINE), name
        for layer in layers:
            per_row = {k for k, v in layer.items() if isinstance(v, str) and v.startswith("@@=")}
            assert per_row == deck_layers.ONE_PIPELINE[layer["@@type"]], (name, layer["id"])
            assert "background" not in layer, (name, layer["id"])
        texts = [layer for layer in layers if layer["@@type"] == "TextLayer"]
        assert [layer["fontSettings"] for layer in texts] == [{"sdf": True}], name
    outline = json.loads(decks["scenario tiny"].to_json())["layers"][0]
    assert outline["id"] == "park" and outline["pickable"] is False
    ring = park_layer.park_outline(*scenario_map.scenario_points(load_scenario(TINY)).T.values)
    closed = ring["features"][0]["geometry"]["coordinates"][0]
    assert [row["from"] for row in outline["data"]] == closed[:-1]  # every side of the outline
    assert [row["to"] for row in outline["data"]] == closed[1:]
