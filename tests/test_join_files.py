"""A join file's bad cells are refused naming the file, the row, the column, the value and what
was expected, in the command line's what-if and the app's upload alike (the same reader, the same
messages, every problem at once); an upload of another kind or beyond the size limit is refused
naming the file.

The plan is tiny's (``scenarios/tiny``); the rows would add E9 next to E1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from optimizer import load_scenario, optimise
from optimizer.batch.whatif import whatif_overrides
from optimizer.problems import ScenarioError
from optimizer.ui import uploads

REPO = Path(__file__).resolve().parent.parent

ENTERPRISE = "id,name,lon,lat,node\nE9,New,120.615,thirty-one,A\n"
DEMAND = "enterprise,service,demand_per_day\nE9,sewage,lots\n"
YAML = (
    "enterprises:\n  - {id: E9, name: New, lon: 120.615, lat: thirty-one, node: A}\n"
    "demands:\n  - {enterprise: E9, service: sewage, demand_per_day: lots}\n"
)
#: What each bad cell is said as: file, line (a CSV file's, header line 1), id, column, value.
SAID = [
    "enterprises.csv line 2 (id E9), column lat: found 'thirty-one', expected a number from -90 "
    "to 90",
    "demands.csv line 2 (id E9/sewage), column demand_per_day: found 'lots', expected a number "
    "from 0 to 1e9",
]


@pytest.fixture(scope="module")
def plan():
    return optimise(load_scenario(REPO / "scenarios" / "tiny"))


def said(error: pytest.ExceptionInfo) -> list[str]:
    return [str(p) for p in error.value.problems]


def test_bad_cells_of_csv_files_are_named_by_file_line_column_and_value(plan, tmp_path):
    (tmp_path / "enterprises.csv").write_text(ENTERPRISE, encoding="utf-8")
    (tmp_path / "demands.csv").write_text(DEMAND, encoding="utf-8")
    files = [tmp_path / "enterprises.csv", tmp_path / "demands.csv"]
    with pytest.raises(ScenarioError) as error:
        whatif_overrides(plan, joining=files)
    assert said(error) == SAID  # before: "override, enterprises[+] line 2 ..." for the first only
    with pytest.raises(ScenarioError) as uploaded:
        uploads.whatif_from_uploads(plan, [(f.name, f.read_bytes()) for f in files])
    assert said(uploaded) == SAID  # the app's upload: the same words


def test_bad_cells_of_a_yaml_file_are_named_by_file_table_id_and_column(plan, tmp_path):
    file = tmp_path / "join.yaml"
    file.write_text(YAML, encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        whatif_overrides(plan, joining=file)
    assert said(error) == [
        "join.yaml, enterprises (id E9), column lat: found 'thirty-one', expected a number from "
        "-90 to 90",
        "join.yaml, demands (id E9/sewage), column demand_per_day: found 'lots', expected a "
        "number from 0 to 1e9",
    ]
    with pytest.raises(ScenarioError) as uploaded:
        uploads.whatif_from_uploads(plan, [("join.yaml", YAML.encode())])
    assert said(uploaded) == said(error)


RANGE_AND_REFERENCE = "enterprise,service,demand_per_day\nE9,sewage,-3\nE8,sewage,4\n"
GOOD_ENTERPRISE = "id,name,lon,lat,node\nE9,New,120.615,31.3,A\n"


def test_a_joined_rows_range_and_reference_are_named_by_its_file_and_line(plan, tmp_path):
    """Checked with the rows added (as the re-solve would), but named by the file's own lines
    (the scenario's demands table has 4 rows: E9's would be its line 6), E1 leaving or not."""
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "enterprises.csv").write_text(GOOD_ENTERPRISE, encoding="utf-8")
    (folder / "demands.csv").write_text(RANGE_AND_REFERENCE, encoding="utf-8")
    expected = {
        "new/demands.csv line 2 (id E9/sewage), column demand_per_day: found -3.0, expected a "
        "number from 0 to 1e9",
        "new/demands.csv line 3 (id E8/sewage), column enterprise: found 'E8', expected an id of "
        "enterprises.csv (E1, E2, E3, E4, E9)",
    }
    for leaving in ([], ["E1"]):
        with pytest.raises(ScenarioError) as error:
            whatif_overrides(plan, leaving, joining=folder)
        assert set(said(error)) == expected  # before: "demands.csv line 6 ...", at the solve
    files = [(f.name, f.read_bytes()) for f in sorted(folder.iterdir())]
    with pytest.raises(ScenarioError) as uploaded:
        uploads.whatif_from_uploads(plan, files)
    assert {s.removeprefix("new/") for s in expected} == set(said(uploaded))


def test_an_upload_of_another_kind_or_too_large_is_refused_naming_it(plan):
    with pytest.raises(uploads.UploadError, match=r"notes\.txt: expected a join file"):
        uploads.whatif_from_uploads(plan, [("notes.txt", b"x")])
    small = uploads.Limits(upload_bytes=10)
    with pytest.raises(uploads.UploadError, match=r"join\.yaml is 0\.0 MB \(11 bytes\)"):
        uploads.whatif_from_uploads(plan, [("join.yaml", b"x" * 11)], limits=small)
