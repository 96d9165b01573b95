"""Defects found at the edges (issue 16) that the strict reader and the upload checks do not
cover elsewhere: each with the input that showed it, through the real command line or upload
path.
"""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario, save_scenario
from optimizer.ui import uploads

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


# -- an unknown solver name is a validation error, naming the file and key -------------------
def test_an_unknown_solver_name_in_the_scenario_is_refused_by_validate(tiny):
    tiny.set_setting("solver.name", "glpkk")
    result = run("validate", tiny.path)
    assert result.exit_code == 1
    assert "scenario.yaml line" in result.output
    assert "solver.name: found 'glpkk', expected one of highs" in result.output
    assert "glpk" in result.output


def test_an_unknown_solver_name_on_the_command_line_is_refused_naming_the_option(tiny_path):
    result = run("solve", tiny_path, "--solver", "glpkk")
    assert result.exit_code == 2
    assert "--solver" in result.output
    assert "did you mean glpk?" in result.output


@pytest.mark.parametrize("name", ["highs", "highs-standard-form", "cbc", "glpk"])
def test_known_solver_names_pass_validation(tiny, name):
    tiny.set_setting("solver.name", name)
    assert run("validate", tiny.path).exit_code == 0


# -- --time-limit must be a finite, non-negative number --------------------------------------
@pytest.mark.parametrize("value", ["nan", "inf", "-5", "-inf"])
def test_a_time_limit_that_is_not_a_finite_number_of_seconds_is_refused(tiny_path, value):
    result = run("solve", tiny_path, f"--time-limit={value}")
    assert result.exit_code == 2
    assert "--time-limit" in result.output


# -- a concentration beyond anything physical is refused -------------------------------------
def test_a_concentration_of_1e300_is_refused(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(ROOT / "scenarios" / "mixed-park", folder)
    path = folder / "concentrations.csv"
    frame = pd.read_csv(path)
    frame.loc[0, "concentration_mg_per_l"] = 1e300
    frame.to_csv(path, index=False)
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "concentrations.csv line 2" in result.output
    assert "column concentration_mg_per_l: found 1e+300, expected a number from 0" in result.output


# -- a negative zero where zero is refused is echoed as written -------------------------------
@pytest.mark.parametrize("written", ["-0.0", "-0", " -0e3"])
def test_a_negative_zero_where_zero_is_refused_is_echoed_as_written(tiny, written):
    line = tiny.set_cell("tiers", 0, "capacity_per_day", written)
    result = run("validate", tiny.path)
    assert result.exit_code == 1
    assert (
        f"tiers.csv line {line} (id */sewage/small), column capacity_per_day: "
        f"found {written.strip()!r}, expected a number above 0"
    ) in result.output


def test_a_negative_zero_where_zero_is_allowed_is_zero(tiny):
    tiny.set_cell("tiers", 0, "variable_cost_cny_per_unit", "-0.0")
    assert run("validate", tiny.path).exit_code == 0
    assert str(tiny.load().tables["tiers"]["variable_cost_cny_per_unit"].iloc[0]) == "0.0"


# -- an archive whose headers understate what it unpacks to ----------------------------------
def lying(entries: dict[str, bytes], claim: int = 10) -> bytes:
    """A zip of ``entries`` whose local and central headers say each unpacks to ``claim``
    bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature)
        while at >= 0:
            struct.pack_into("<I", data, at + offset, claim)
            at = data.find(signature, at + 4)
    return bytes(data)


BIG = b"0" * (50 * 1024 * 1024)  # 50 MB of zeros: about 50 KB deflated


def test_a_zip_whose_headers_understate_its_size_is_refused_while_unpacking():
    files = {f"tiny/{p.name}": p.read_bytes() for p in (ROOT / "scenarios" / "tiny").iterdir()}
    files["tiny/enterprises.csv"] += BIG
    limits = uploads.Limits(unpacked_bytes=1024 * 1024)
    with pytest.raises(uploads.UploadError) as raised:
        uploads.scenario_from_upload("park.zip", lying(files), limits)
    message = str(raised.value)
    assert message.startswith("park.zip")
    assert "cannot be read" in message or "unpacks to more than" in message


def test_a_workbook_whose_headers_understate_a_sheet_is_refused(tmp_path):
    book = save_scenario(load_scenario(ROOT / "scenarios" / "tiny"), tmp_path / "tiny.xlsx")
    with zipfile.ZipFile(book) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = parts[sheet].replace(b"</sheetData>", b"<!--" + BIG + b"--></sheetData>")
    lied = tmp_path / "lied.xlsx"
    lied.write_bytes(lying(parts))
    with pytest.raises((uploads.UploadError, ScenarioError)) as raised:
        uploads.scenario_from_upload("park.xlsx", lied.read_bytes())
    assert "park.xlsx" in str(raised.value)  # the name as uploaded, not a temporary one
