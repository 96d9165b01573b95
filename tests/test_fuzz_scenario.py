"""Property: whatever is done to a scenario on disk, loading and checking it never crashes.

A valid copy of ``scenarios/tiny`` is corrupted the way files get corrupted in practice (cells
changed to random text, numbers or nothing; columns deleted; rows duplicated; references broken;
files deleted; junk appended to scenario.yaml or the file cut short). Then
``load_scenario`` + ``check`` must either raise :class:`ScenarioError` or return problems, and
when something required was broken, at least one error. Any other exception is a bug.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.checks import check
from optimizer.problems import Problem, ScenarioError
from optimizer.scenario import load_scenario
from optimizer.schema import TABLES

TINY = Path(__file__).resolve().parent.parent / "scenarios" / "tiny"
FILES = sorted(p.stem for p in TINY.glob("*.csv"))

#: Columns whose value names a row of another table (or a declared service).
REFERENCES = [
    (name, column.name)
    for name in FILES
    for column in TABLES[name].columns
    if column.references and not column.list_of
]
REQUIRED = [(name, c) for name in FILES for c in TABLES[name].required_columns]

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**12), 10**12).map(str),
)
cell_value = st.one_of(text, number, st.just(""), st.sampled_from(["*", "true", "nan", "E1"]))

# Mutations that may or may not leave the scenario valid.
free = st.one_of(
    st.tuples(
        st.just("cell"), st.sampled_from(FILES), st.integers(0, 9), st.integers(0, 9), cell_value
    ),
    st.tuples(st.just("yaml_junk"), text),
    st.tuples(st.just("yaml_cut"), st.floats(0, 1)),
    st.tuples(st.just("drop_any_column"), st.sampled_from(FILES), st.integers(0, 9)),
)
# Mutations that always break something required.
breaking = st.one_of(
    st.tuples(st.just("empty_required"), st.sampled_from(REQUIRED), st.integers(0, 9)),
    st.tuples(st.just("drop_required"), st.sampled_from(REQUIRED)),
    st.tuples(st.just("duplicate_row"), st.sampled_from(FILES), st.integers(0, 9)),
    st.tuples(st.just("break_reference"), st.sampled_from(REFERENCES), st.integers(0, 9)),
    st.tuples(
        st.just("delete_file"), st.sampled_from(["enterprises", "demands", "sites", "tiers"])
    ),
)


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def write(folder: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def apply(folder: Path, mutation: tuple) -> None:
    kind, *args = mutation
    yaml_file = folder / "scenario.yaml"
    if kind in ("yaml_junk", "yaml_cut"):
        body = yaml_file.read_text(encoding="utf-8")
        cut = body + args[0] if kind == "yaml_junk" else body[: int(len(body) * args[0])]
        yaml_file.write_text(cut, encoding="utf-8")
        return
    if kind == "delete_file":
        (folder / f"{args[0]}.csv").unlink(missing_ok=True)
        return
    name = args[0][0] if kind in ("empty_required", "drop_required", "break_reference") else args[0]
    if not (folder / f"{name}.csv").exists():
        return
    frame = read(folder, name)
    if kind == "cell" and len(frame) and len(frame.columns):
        frame.iloc[args[1] % len(frame), args[2] % len(frame.columns)] = args[3]
    elif kind == "drop_any_column" and len(frame.columns):
        frame = frame.drop(columns=frame.columns[args[1] % len(frame.columns)])
    elif kind == "drop_required" and args[0][1] in frame.columns:
        frame = frame.drop(columns=args[0][1])
    elif (
        kind in ("empty_required", "break_reference") and args[0][1] in frame.columns and len(frame)
    ):
        frame.loc[args[1] % len(frame), args[0][1]] = (
            "" if kind == "empty_required" else "ZZ-nowhere"
        )
    elif kind == "duplicate_row" and len(frame):
        frame = pd.concat([frame, frame.iloc[[args[1] % len(frame)]]], ignore_index=True)
    write(folder, name, frame)


def load_and_check(folder: Path) -> list[Problem] | ScenarioError:
    try:
        scenario = load_scenario(folder)
    except ScenarioError as error:
        return error
    return check(scenario)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    free_mutations=st.lists(free, max_size=3),
    breaking_mutations=st.lists(breaking, max_size=2),
)
def test_corrupted_scenarios_never_crash(free_mutations, breaking_mutations):
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "tiny"
        shutil.copytree(TINY, folder)
        # free mutations first, so that none of them can repair what a breaking one broke
        for mutation in [*free_mutations, *breaking_mutations]:
            apply(folder, mutation)
        outcome = load_and_check(folder)
    if isinstance(outcome, ScenarioError):
        assert outcome.problems and all(str(p) for p in outcome.problems)
        return
    assert all(isinstance(p, Problem) and str(p) for p in outcome)
    if breaking_mutations:
        assert any(p.is_error for p in outcome), (breaking_mutations, outcome)


def test_the_starting_point_is_valid():
    assert load_and_check(TINY) == []
