"""Files saved by Chinese Excel and Notepad: GB18030 and GBK (with or without a byte-order mark),
UTF-8 with its mark; names in Chinese read and drawn as written.

Before this, a GBK or GB18030 table was refused ("GBK and other encodings are not read"), so a
planner had to know to pick "CSV UTF-8" in Excel's save dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from optimizer.checks import check
from optimizer.cli import app
from optimizer.problems import ScenarioError
from optimizer.scenario import load_scenario

NAMES = {"E1": "东方印刷", "E3": "金源食品有限公司", "E4": "新华电镀（苏州）"}
SITES = {"S1": "北区地块", "S2": "东区地块"}
#: GB18030's own byte-order mark (U+FEFF in GB18030).
GB18030_MARK = "\ufeff".encode("gb18030")


def _write_in(folder: Path, table: str, names: dict[str, str], encoding: str, mark: bytes) -> None:
    """Rewrite ``table``.csv with Chinese names, as Excel would save it in ``encoding``."""
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[0] in names:
            cells[1] = names[cells[0]]
        out.append(",".join(cells))
    path.write_bytes(mark + ("\r\n".join(out) + "\r\n").encode(encoding))


@pytest.mark.parametrize(
    ("encoding", "mark"),
    [
        ("gbk", b""),
        ("gb18030", b""),
        ("gb18030", GB18030_MARK),
        ("utf-8", b"\xef\xbb\xbf"),
    ],
    ids=["gbk", "gb18030", "gb18030-with-mark", "utf-8-with-mark"],
)
def test_tables_saved_by_chinese_excel_read_as_written(tiny, encoding, mark):
    _write_in(tiny.path, "enterprises", NAMES, encoding, mark)
    _write_in(tiny.path, "sites", SITES, encoding, mark)
    scenario = load_scenario(tiny.path)
    assert [p for p in check(scenario) if p.is_error] == []
    enterprises = scenario.tables["enterprises"].set_index("id")["name"]
    assert {key: enterprises[key] for key in NAMES} == NAMES
    assert enterprises["E2"] == "Hengli Metalwork"
    assert scenario.tables["enterprises"].columns[0] == "id"  # no mark left
    sites = scenario.tables["sites"].set_index("id")["name"]
    assert sites.to_dict() == SITES


def test_a_name_only_gb18030_has_reads_in_gb18030(tiny):
    """GB18030 holds characters GBK lacks (here U+9FA6 and a four-byte one); both are kept."""
    names = {"E1": "\u9fa6印刷", "E2": "金属\U00020000"}
    _write_in(tiny.path, "enterprises", names, "gb18030", b"")
    with pytest.raises(UnicodeEncodeError):
        "\U00020000".encode("gbk")
    frame = load_scenario(tiny.path).tables["enterprises"].set_index("id")["name"]
    assert frame["E1"] == names["E1"] and frame["E2"] == names["E2"]


def test_scenario_yaml_saved_by_chinese_notepad_reads(tiny):
    path = tiny.yaml_path
    text = path.read_text(encoding="utf-8").replace("Four enterprises", "四家企业")
    path.write_bytes(text.encode("gbk"))
    assert load_scenario(tiny.path).settings["description"].startswith("四家企业")


def test_a_file_in_no_encoding_read_is_one_problem_naming_the_file_and_the_encodings(tiny):
    """UTF-16 (Excel's "Unicode text") is neither UTF-8 nor GB18030: one problem, not a row each."""
    path = tiny.path / "enterprises.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    scenario = load_scenario(tiny.path)
    errors = [str(p) for p in check(scenario) if p.is_error]
    about_the_file = [e for e in errors if e.startswith("enterprises.csv")]
    assert len(about_the_file) == 1, errors
    (message,) = about_the_file
    assert message.startswith("enterprises.csv line 1: found bytes that are neither UTF-8 nor")
    assert "GB18030/GBK" in message and "UTF-8" in message and "save the file as" in message


def test_the_command_says_it_once(tiny):
    path = tiny.path / "sites.csv"
    path.write_bytes(path.read_bytes() + b"S3,\xff\xfe broken,120.6,31.3,P1,5000,optional,sewage\n")
    result = CliRunner().invoke(app, ["validate", str(tiny.path)])
    assert result.exit_code != 0
    assert result.output.count("sites.csv") == 1, result.output
    assert "neither UTF-8 nor GB18030" in result.output
    assert "line 4" in result.output


def test_a_yaml_file_in_no_encoding_read_is_refused_naming_it(tiny):
    tiny.yaml_path.write_bytes(b"name: tiny\n\xff\xfe\x00\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tiny.path)
    (problem,) = caught.value.errors
    assert str(problem).startswith("scenario.yaml line 2: found bytes that are neither UTF-8")
