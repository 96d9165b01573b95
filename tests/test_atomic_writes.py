"""Outputs that are all new or all old: a folder replaced in one step, the set of files of
``solve --out`` replaced as one, temporaries of killed writers cleared, and a writer killed with
``kill -9`` at several moments (a real process, real files) never leaving a mix or no target."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from optimizer import load_scenario, optimise
from optimizer.cli import app
from optimizer.export import geojson_text, write_outputs
from optimizer.files import atomic_folder, leftovers, remove_leftovers, write_text
from optimizer.plan import Plan
from optimizer.scenario import save_scenario

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "scenarios" / "tiny"
FORMATS = ["xlsx", "csv", "geojson"]  # (the HTML is one file like the xlsx, and slower)


def _ended() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_folder_is_replaced_in_one_step_and_keeps_what_it_does_not_own(tmp_path):
    target = tmp_path / "out"
    with atomic_folder(target) as new:
        (new / "plan.json").write_text("1", encoding="utf-8")
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "mine").mkdir()
    (target / "mine" / "data.csv").write_text("a\n1\n", encoding="utf-8")
    inode = target.stat().st_ino
    with atomic_folder(target, owned={"plan.json", "old.html"}.__contains__) as new:
        (new / "plan.json").write_text("2", encoding="utf-8")
    assert target.stat().st_ino != inode  # a new folder, swapped in
    assert sorted(p.name for p in target.iterdir()) == ["mine", "notes.txt", "plan.json"]
    assert (target / "plan.json").read_text(encoding="utf-8") == "2"
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (target / "mine" / "data.csv").read_text(encoding="utf-8") == "a\n1\n"
    assert _hidden(tmp_path) == []  # no .out.old-PID, no .out.writing-...


def test_the_temporaries_of_a_killed_writer_go_at_the_next_write(tmp_path):
    target = tmp_path / "summary.csv"
    dead = _ended()
    (tmp_path / f".summary.csv.writing-{dead}-abc.csv").write_text("half", encoding="utf-8")
    (tmp_path / f".summary.csv.writing-{os.getpid()}-mine.csv").write_text("", encoding="utf-8")
    (tmp_path / ".other.writing-1-x").write_text("", encoding="utf-8")  # another target's
    write_text(target, "case\n")
    assert _hidden(tmp_path) == [
        ".other.writing-1-x",
        f".summary.csv.writing-{os.getpid()}-mine.csv",
    ]


def test_an_old_folder_set_aside_by_a_killed_writer_is_put_back(tmp_path):
    """Where folders cannot be exchanged, a kill between the two renames leaves the target
    missing and the old folder aside; the next write puts it back before it starts."""
    target = tmp_path / "scenario"
    aside = tmp_path / f".scenario.old-{_ended()}-0a1b"
    aside.mkdir()
    (aside / "scenario.yaml").write_text("name: kept\n", encoding="utf-8")
    assert leftovers(target) == [aside]
    remove_leftovers(target)
    assert (target / "scenario.yaml").read_text(encoding="utf-8") == "name: kept\n"
    assert _hidden(tmp_path) == []


@pytest.fixture(scope="module")
def two_plans() -> tuple[Plan, Plan]:
    """tiny, and tiny with a 30% subsidy: the same label (the same file names), other figures."""
    scenario = load_scenario(TINY)
    plans = optimise(scenario), optimise(scenario.with_overrides({"policy.subsidy_rate": 0.3}))
    assert plans[0].label == plans[1].label and plans[0].total_cost != plans[1].total_cost
    assert plans[0].provenance["input_hash"] != plans[1].provenance["input_hash"]
    return plans


def test_solve_out_replaces_the_earlier_set_and_keeps_other_files(two_plans, tmp_path):
    first, second = two_plans
    folder = tmp_path / "out"
    write_outputs(first, folder, ["xlsx", "html"])
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    written = write_outputs(second, folder, ["xlsx"])
    assert written == [folder / "plan.json", folder / "tiny.xlsx"]
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", "plan.json", "tiny.xlsx"]
    _assert_one_set(folder, two_plans, ["xlsx"])  # the earlier tiny.html went with its plan


def test_solve_out_refuses_the_current_folder(two_plans, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["solve", str(TINY), "--out", "."])
    assert result.exit_code == 1
    assert ". is the current folder (or holds it)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def _which(folder: Path, plans: tuple[Plan, Plan]) -> Plan:
    total = json.loads((folder / "plan.json").read_text(encoding="utf-8"))["kpis"]
    (plan,) = [p for p in plans if p.kpis["total_annual_cost"] == total["total_annual_cost"]]
    return plan


def _assert_one_set(folder: Path, plans: tuple[Plan, Plan], formats: list[str]) -> None:
    """Every file of the folder belongs to the plan of its plan.json."""
    plan = _which(folder, plans)
    total = plan.kpis["total_annual_cost"]
    if "xlsx" in formats:
        rows = openpyxl.load_workbook(folder / "tiny.xlsx")["Summary"].iter_rows(values_only=True)
        assert [r[1] for r in rows if r[3] == "total_annual_cost"] == [pytest.approx(total)]
    if "csv" in formats:
        meta = json.loads((folder / "tiny-csv" / "provenance.json").read_text(encoding="utf-8"))
        assert meta["provenance"] == json.loads(plan.to_json())["provenance"]
    if "geojson" in formats:
        assert (folder / "tiny.geojson").read_text(encoding="utf-8") == geojson_text(plan)
    if "html" in formats:
        assert plan.provenance["input_hash"] in (folder / "tiny.html").read_text(encoding="utf-8")


#: Writes the two plans' sets and two scenarios in turn; after a first timed round, forks a
#: writer per delay given on stdin (in rounds of writing) and kills it with SIGKILL then.
KILLED_WRITER = r"""
import os, signal, sys, time
from pathlib import Path
from optimizer.export import read_plan, write_outputs
from optimizer.scenario import load_scenario, save_scenario

plans = [read_plan(sys.argv[1]), read_plan(sys.argv[2])]
scenarios = [load_scenario(sys.argv[3]), load_scenario(sys.argv[4])]
outputs, saved = Path(sys.argv[5]), Path(sys.argv[6])
formats = sys.argv[7].split(",")

def write(i):
    write_outputs(plans[i % 2], outputs, formats)
    save_scenario(scenarios[i % 2], saved)

start = time.perf_counter()
write(0)
write(1)
print((time.perf_counter() - start) / 2, flush=True)
for delay in map(float, sys.stdin.readline().split()):
    pid = os.fork()
    if pid == 0:
        i = 0
        while True:
            write(i)
            i += 1
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print(pid, flush=True)
    sys.stdin.readline()
"""


def test_a_writer_killed_at_any_moment_leaves_the_old_set_or_the_new_one(two_plans, tmp_path):
    files = []
    for i, plan in enumerate(two_plans):
        files.append(tmp_path / f"plan-{i}.json")
        files[-1].write_text(plan.to_json(), encoding="utf-8")
    scenario = load_scenario(TINY)
    changed = scenario.with_settings({**scenario.settings, "discount_rate": 0.11})
    for i, version in enumerate((scenario, changed)):
        save_scenario(version, tmp_path / f"scenario-{i}")
    work = tmp_path / "work"
    work.mkdir()
    outputs, saved = work / "out", work / "scenario"
    args = [*files, tmp_path / "scenario-0", tmp_path / "scenario-1", outputs, saved]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, *map(str, args), ",".join(FORMATS)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    ) as writer:  # fmt: skip
        cycle = float(writer.stdout.readline())
        fractions = [0.3, 0.75, 1.2, 1.65]  # of a round: early, late, across rounds
        writer.stdin.write(" ".join(str(f * cycle) for f in fractions) + "\n")
        writer.stdin.flush()
        killed: list[str] = []
        for _ in fractions:
            killed.append(writer.stdout.readline().strip())
            assert killed[-1].isdigit()
            _assert_one_set(outputs, two_plans, FORMATS)
            rate = load_scenario(saved).settings["discount_rate"]
            assert rate in (0.08, 0.11)
            # hidden temporaries of the killed writers only (never an old folder set aside)
            hidden = _hidden(work)
            assert all(any(f".writing-{pid}-" in n for pid in killed) for n in hidden), hidden
            writer.stdin.write("\n")
            writer.stdin.flush()
        assert writer.wait(timeout=30) == 0
    write_outputs(two_plans[0], outputs, FORMATS)
    save_scenario(scenario, saved)
    assert _hidden(work) == []  # the next writes removed what the killed writers left
