"""Damaged and extreme copies of the shipped scenarios, made from a seed, and how each one ends.

:func:`damages` draws inputs of every kind a hostile or hurried user produces (YAML structure and
bombs, cells, columns, encodings, workbooks, variants and overrides, extreme numbers, sweeps);
each says what must happen: ``refuse`` (a clear error), ``same`` (solved to the base plan: the
input means the same), ``refuse_or_same`` (either), or ``any`` (a plan or a refusal, never a crash:
a file cut short, which may be a shorter valid file).
:func:`run_damage` writes one into a folder and runs ``optimizer validate`` and ``optimizer
solve`` (or ``optimizer batch`` for a sweep) in this process, and :func:`verdict` says what went
wrong, if anything: a traceback, a vague message, a silently changed result, a valid input
refused. ``tests/test_hostile_inputs.py`` runs a sample; ``benchmarks/hostile_inputs.py`` a
thousand and more, in long-lived worker processes it can kill on a hang.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from optimizer.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scenarios"
#: The scenarios damaged by default (mixed-park takes seconds a solve: the benchmark adds it).
BASES = ("tiny", "spraying-zone", "textile-park")
TIME_LIMIT = "20"

Edit = Callable[[Path], Path]  # writes the damage into a copy of the base; returns the path to run


@dataclass(frozen=True)
class Damage:
    """One damaged input: its family, what was done, to which scenario, and what must happen."""

    kind: str
    what: str
    base: str
    expect: str  # refuse | same | refuse_or_same | any
    edit: Edit = field(compare=False, repr=False)
    variant: str | None = None
    sweep: str | None = None  # run as `optimizer batch BASE --sweep SWEEP`

    @property
    def label(self) -> str:
        return f"{self.base}: {self.kind}: {self.what}"


# -- editing a copy ---------------------------------------------------------------------------
def _settings(folder: Path) -> dict[str, Any]:
    return yaml.safe_load((folder / "scenario.yaml").read_text(encoding="utf-8"))


def _write_settings(folder: Path, settings: dict[str, Any]) -> None:
    text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")


def _table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def _write_table(folder: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")


def _set(settings: dict, dotted: str, value: Any) -> None:
    node = settings
    *parents, leaf = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def _with_settings(change: Callable[[dict], None]) -> Edit:
    def edit(folder: Path) -> Path:
        settings = _settings(folder)
        change(settings)
        _write_settings(folder, settings)
        return folder

    return edit


def _with_text(change: Callable[[str], str]) -> Edit:
    def edit(folder: Path) -> Path:
        path = folder / "scenario.yaml"
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
        return folder

    return edit


def _with_table(name: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> Edit:
    def edit(folder: Path) -> Path:
        _write_table(folder, name, change(_table(folder, name)))
        return folder

    return edit


def _with_bytes(name: str, change: Callable[[bytes], bytes]) -> Edit:
    def edit(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(change(path.read_bytes()))
        return folder

    return edit


def _then(*edits: Edit) -> Edit:
    def edit(folder: Path) -> Path:
        path = folder
        for one in edits:
            path = one(path)
        return path

    return edit


def _tables_of(base: str) -> list[str]:
    return sorted(p.stem for p in (SHIPPED / base).glob("*.csv"))


def _services(base: str) -> list[str]:
    return list(_settings(SHIPPED / base)["services"])


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines)


def _bomb_under(key: str) -> Edit:
    """An alias bomb whose anchors are defined inside an unknown (or the given) key."""

    def change(text: str) -> str:
        inner = "\n".join("  " + line for line in _bomb().splitlines())
        return text + f"\n{key}:\n{inner}\n"

    return _with_text(change)


# -- the kinds of damage ----------------------------------------------------------------------
Maker = Callable[[random.Random, str], Damage]

MISSPELT = {
    "discount_rat": 0.05,
    "Currency": "EUR",
    "solver.time_limt_s": 5,
    "solver.thread": 2,
    "policy.subsidyrate": 0.3,
    "policy.capital_budget": 1,
    "detour": 2,
}


def _misspelt_key(rng: random.Random, base: str) -> Damage:
    key = rng.choice([*MISSPELT, "services.<s>.max_distanse_km", "services.<s>.Unit"])
    key = key.replace("<s>", rng.choice(_services(base)))
    value = MISSPELT.get(key, 1)
    edit = _with_settings(lambda s: _set(s, key, value))
    return Damage("yaml", f"unknown key {key}", base, "refuse", edit)


def _duplicate_key(rng: random.Random, base: str) -> Damage:
    line = rng.choice(["currency: EUR", "discount_rate: 0.05", "cost_year: 2024", "name: twice"])
    return Damage(
        "yaml", f"key written twice: {line}", base, "refuse", _with_text(lambda t: t + line + "\n")
    )


BAD_VALUES = [
    ("solver.time_limit_s", "10s"),
    ("solver.threads", 100000),
    ("solver.threads", 1.5),
    ("solver.seed", 2**40),
    ("solver.mip_gap", -1),
    ("solver.strong_linking", "sometimes"),
    ("discount_rate", "high"),
    ("discount_rate", 2),
    ("cost_year", 20.5),
    ("detour_factor", 0),
    ("services", ["sewage"]),
    ("solver", "fast"),
    ("policy", 3),
    ("policy.subsidy_rate", 1.5),
    ("policy.capital_budget_cny", -5),
    ("policy.capital_budget_cny", 1e300),
    ("pollutants", "COD"),
]


def _bad_value(rng: random.Random, base: str) -> Damage:
    key, value = rng.choice(BAD_VALUES)
    return Damage(
        "types", f"{key}: {value!r}", base, "refuse", _with_settings(lambda s: _set(s, key, value))
    )


def _service_damage(rng: random.Random, base: str) -> Damage:
    service = rng.choice(_services(base))
    key, value = rng.choice(
        [
            (f"services.{service}", None),
            (f"services.{service}", "pipe"),
            (f"services.{service}.conveyance", "boat"),
            (f"services.{service}.unit", None),
            (f"services.{service}.outputs", "effluent"),
            (f"services.{service}.outputs", [{"name": "x"}]),
            (f"services.{service}.connection_lifetime_years", 1e-300),
            (f"services.{service}.max_distance_km", 1e308),
            (f"services.{service}.operating_days_per_year", float("inf")),
        ]
    )
    return Damage(
        "types", f"{key}: {value!r}", base, "refuse", _with_settings(lambda s: _set(s, key, value))
    )


def _yaml_structure(rng: random.Random, base: str) -> Damage:
    choice = rng.randrange(8)
    if choice == 0:
        depth = rng.choice([50, 500, 5000, 100000])
        text = "deep: " + "[" * depth + "]" * depth + "\n"
        return Damage(
            "bombs", f"{depth} nested lists", base, "refuse", _with_text(lambda t: t + text)
        )
    if choice == 1:
        key = rng.choice(["notes", "description_extra", "variants_old"])
        return Damage("bombs", f"alias bomb under {key}", base, "refuse", _bomb_under(key))
    if choice == 2:
        return Damage(
            "bombs", "recursive alias", base, "refuse", _with_text(lambda t: t + "loop: &l [*l]\n")
        )
    if choice == 3:
        size = rng.choice([3_000_000, 5_000_000])
        edit = _with_settings(lambda s: _set(s, "description", "x" * size))
        return Damage("bombs", f"scenario.yaml of {size:,} bytes", base, "refuse", edit)
    if choice == 4:
        cut = rng.random()
        edit = _with_text(lambda t: t[: int(len(t) * cut)])
        # What is left may be a shorter valid file (cut after a line: the settings below take
        # their defaults; cut in a number: 330 read as 33): no reader can tell it from a file
        # written so, so a plan for what is left is as right as a refusal (never a crash).
        return Damage("yaml", f"cut at {cut:.0%}", base, "any", edit)
    if choice == 5:
        junk = rng.choice(["\x1f", "\t- x", ": :", "{", "\x00", "key: [1, 2", "&a x\nb: *zz"])
        return Damage(
            "yaml", f"junk {junk!r} appended", base, "refuse", _with_text(lambda t: t + "\n" + junk)
        )
    if choice == 6:
        edit = _with_text(lambda t: t.replace("discount_rate: 0.08", "discount_rate: 8e-2"))
        return Damage("yaml", "discount_rate as 8e-2", base, "same", edit)
    style = rng.choice(["flow", "sorted", "bom", "crlf"])

    def reformat(folder: Path) -> Path:
        settings = _settings(folder)
        path = folder / "scenario.yaml"
        if style == "flow":
            path.write_text(
                yaml.safe_dump(settings, default_flow_style=True, width=60), encoding="utf-8"
            )
        elif style == "sorted":
            path.write_text(yaml.safe_dump(settings, sort_keys=True), encoding="utf-8")
        elif style == "bom":
            path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        else:
            path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        return folder

    return Damage("yaml", f"rewritten ({style})", base, "same", reformat)


def _numeric_columns(base: str) -> list[tuple[str, Any]]:
    return [
        (name, column)
        for name in _tables_of(base)
        for column in TABLES[name].columns
        if column.type in ("float", "int") and column.name in _table(SHIPPED / base, name).columns
    ]


def _out_of_range(rng: random.Random, column: Any) -> str:
    options = ["nan", "inf", "-inf", "1e400", "lots", "1,5"]
    if column.maximum is not None:
        options += [repr(column.maximum * 10), "1e308"]
    if column.minimum is not None:
        options += [repr(column.minimum - 1), "-1e308"]
        if column.minimum >= 1:
            options += ["1e-300", repr(column.minimum / 2)]
    if column.positive:
        options += ["0", "-0.0", "-5"]
    return rng.choice(options)


def _bad_cell(rng: random.Random, base: str) -> Damage:
    name, column = rng.choice(_numeric_columns(base))
    value = _out_of_range(rng, column)
    row = rng.randrange(len(_table(SHIPPED / base, name)))

    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column.name] = value
        return frame

    return Damage(
        "numbers",
        f"{name}.{column.name} row {row} = {value}",
        base,
        "refuse",
        _with_table(name, change),
    )


def _broken_cell(rng: random.Random, base: str) -> Damage:
    name = rng.choice(_tables_of(base))
    frame = _table(SHIPPED / base, name)
    table = TABLES[name]
    row = rng.randrange(len(frame))
    choice = rng.randrange(4)
    if choice == 0:
        column = rng.choice([c for c in table.required_columns if c in frame])
        value, what = "", f"required {column} emptied"
    elif choice == 1:
        refs = [c.name for c in table.columns if c.references and not c.list_of and c.name in frame]
        refs = [c for c in refs if frame[c].iloc[row]] or [table.key[0]]
        column, value = rng.choice(refs), "NOSUCH"
        what = f"{column} names an unknown id"
    elif choice == 2:
        choices = [c.name for c in table.columns if c.choices or c.type == "bool"]
        if not choices or not any(c in frame for c in choices):
            return _bad_cell(rng, base)
        column = rng.choice([c for c in choices if c in frame])
        value, what = "maybe", f"{column} = maybe"
    else:

        def duplicate(frame: pd.DataFrame) -> pd.DataFrame:
            return pd.concat([frame, frame.iloc[[row]]], ignore_index=True)

        return Damage(
            "cells", f"{name} row {row} written twice", base, "refuse", _with_table(name, duplicate)
        )

    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame

    return Damage("cells", f"{name}: {what}", base, "refuse", _with_table(name, change))


def _harmless_cells(rng: random.Random, base: str) -> Damage:
    name = rng.choice(_tables_of(base))
    choice = rng.randrange(5)
    if choice == 0:

        def pad(frame: pd.DataFrame) -> pd.DataFrame:
            return frame.map(lambda v: f"  {v} " if v else v)

        return Damage(
            "cells", f"{name}: every cell padded with spaces", base, "same", _with_table(name, pad)
        )
    if choice == 1:
        numeric = [c.name for c in TABLES[name].columns if c.type == "float"]

        def scientific(frame: pd.DataFrame) -> pd.DataFrame:
            for column in numeric:
                if column in frame:
                    frame[column] = [f"{float(v):.17e}" if v else v for v in frame[column]]
            return frame

        return Damage(
            "cells",
            f"{name}: numbers in scientific notation",
            base,
            "same",
            _with_table(name, scientific),
        )
    if choice == 2:
        state = rng.randrange(1000)

        def shuffle(frame: pd.DataFrame) -> pd.DataFrame:
            return frame.sample(frac=1.0, random_state=state).reset_index(drop=True)

        return Damage("cells", f"{name}: rows shuffled", base, "same", _with_table(name, shuffle))
    if choice == 3:
        edit = _with_bytes(f"{name}.csv", lambda b: b.replace(b"\n", b",\n"))
        return Damage("columns", f"{name}: an empty unnamed column", base, "same", edit)
    if "name" not in TABLES[name].column_names:
        name = "enterprises"

    def chinese(frame: pd.DataFrame) -> pd.DataFrame:
        frame["name"] = ["苏州" + str(v) + "有限公司" for v in frame["name"]]
        return frame

    return Damage(
        "encodings", f"{name}: Chinese names in UTF-8", base, "same", _with_table(name, chinese)
    )


def _a_table(rng: random.Random, base: str) -> tuple[str, pd.DataFrame, Any]:
    name = rng.choice(_tables_of(base))
    return name, _table(SHIPPED / base, name), TABLES[name]


def _column_twice(rng: random.Random, base: str) -> Damage:
    name, frame, _ = _a_table(rng, base)
    column, same = rng.choice(list(frame.columns)), rng.random() < 0.5

    def twice(text: bytes) -> bytes:
        lines = text.decode("utf-8").splitlines()
        position = lines[0].split(",").index(column)
        out = []
        for i, line in enumerate(lines):
            cells = line.split(",")
            cells.append(cells[position] if i == 0 or same else "1")
            out.append(",".join(cells))
        return ("\n".join(out) + "\n").encode("utf-8")

    edit = _with_bytes(f"{name}.csv", twice)
    return Damage("columns", f"{name}: column {column} written twice", base, "refuse", edit)


def _column_misspelt(rng: random.Random, base: str) -> Damage:
    name, frame, _ = _a_table(rng, base)
    column = rng.choice(list(frame.columns))
    wrong = rng.choice([column[:-1], column.upper(), column + "s", column.replace("_", "")])
    if wrong == column:
        wrong = column + "_x"
    edit = _with_table(name, lambda f: f.rename(columns={column: wrong}))
    return Damage("columns", f"{name}: column {column} misspelt {wrong}", base, "refuse", edit)


def _column_dropped(rng: random.Random, base: str) -> Damage:
    name, frame, table = _a_table(rng, base)
    drop = rng.choice([c for c in table.required_columns if c in frame])
    edit = _with_table(name, lambda f: f.drop(columns=[drop]))
    return Damage("columns", f"{name}: required column {drop} dropped", base, "refuse", edit)


def _column_unnamed(rng: random.Random, base: str) -> Damage:
    name, _, _ = _a_table(rng, base)

    def unnamed(f: pd.DataFrame) -> pd.DataFrame:
        f[""] = ["x"] * len(f)
        return f

    return Damage(
        "columns", f"{name}: cells under no name", base, "refuse", _with_table(name, unnamed)
    )


def _no_rows(rng: random.Random, base: str) -> Damage:
    name, _, _ = _a_table(rng, base)
    if rng.random() < 0.5:
        edit = _with_table(name, lambda f: f.iloc[0:0])
        return Damage("columns", f"{name}: header only", base, "refuse", edit)

    def empty(folder: Path) -> Path:
        (folder / f"{name}.csv").write_bytes(b"")
        return folder

    return Damage("columns", f"{name}: empty file", base, "refuse", empty)


def _table_files(rng: random.Random, base: str) -> Damage:
    name, _, table = _a_table(rng, base)
    if table.required:

        def misspelt(folder: Path) -> Path:
            (folder / f"{name}.csv").rename(folder / f"{name[:-1]}.csv")
            return folder

        return Damage("columns", f"{name}.csv misspelt {name[:-1]}.csv", base, "refuse", misspelt)

    def notes(folder: Path) -> Path:
        (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        (folder / "notes.txt").write_text("hello", encoding="utf-8")
        return folder

    return Damage("columns", "unrelated notes.csv beside the tables", base, "same", notes)


def _encodings(rng: random.Random, base: str) -> Damage:
    name = rng.choice(_tables_of(base))
    choice = rng.randrange(5)
    if choice == 0:

        def gbk(folder: Path) -> Path:
            frame = _table(folder, "enterprises")
            frame["name"] = ["苏州" + str(v) for v in frame["name"]]
            frame.to_csv(folder / "enterprises.csv", index=False, encoding="gbk")
            return folder

        return Damage("encodings", "enterprises.csv in GBK", base, "same", gbk)
    if choice == 1:
        edit = _with_bytes(f"{name}.csv", lambda b: b.decode("utf-8").encode("utf-16"))
        return Damage("encodings", f"{name}.csv in UTF-16", base, "refuse", edit)
    if choice == 2:

        def european(text: bytes) -> bytes:
            out = []
            for line in text.decode("utf-8").splitlines():
                cells = [c.replace(".", ",") if _is_float(c) else c for c in line.split(",")]
                out.append(";".join(cells))
            return ("\n".join(out) + "\n").encode("utf-8")

        edit = _with_bytes(f"{name}.csv", european)
        return Damage(
            "encodings", f"{name}.csv European style (; and decimal commas)", base, "refuse", edit
        )
    if choice == 3:
        edit = _with_bytes(f"{name}.csv", lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"))
        return Damage("encodings", f"{name}.csv with a BOM and CRLF", base, "same", edit)
    edit = _with_bytes("scenario.yaml", lambda b: b.decode("utf-8").encode("utf-16"))
    return Damage("encodings", "scenario.yaml in UTF-16", base, "refuse", edit)


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return "." in text


# -- workbooks --------------------------------------------------------------------------------
def _as_workbook(folder: Path) -> Path:
    """The scenario of ``folder`` written as ``folder.xlsx`` (by the project's own writer)."""
    from optimizer.scenario import load_scenario, save_scenario

    target = folder.with_suffix(".xlsx")
    save_scenario(load_scenario(folder), target)
    return target


def _with_book(change: Callable[[Any], None]) -> Edit:
    def edit(folder: Path) -> Path:
        import openpyxl

        target = _as_workbook(folder)
        book = openpyxl.load_workbook(target)
        change(book)
        book.save(target)
        return target

    return edit


def _settings_row(book: Any, key: str, value: str) -> None:
    book["settings"].append([key, value])


def _workbook_settings(rng: random.Random, base: str) -> Damage:
    choice = rng.randrange(6)
    if choice == 0:
        return Damage("workbook", "converted to xlsx", base, "same", _as_workbook)
    bomb = "{" + ", ".join(_bomb(8).splitlines()) + ", b: *a7}"
    key, value, what, kind = [
        ("discount_rate", "0.05", "settings row written twice", "workbook"),
        ("policy", "3", "settings key both a value and a group", "workbook"),
        ("policy.subsidyrate", "0.3", "unknown settings key", "workbook"),
        ("notes", bomb, "alias bomb in a settings cell", "bombs"),
        ("description", "x" * 200_000, "a settings cell of 200,000 characters", "bombs"),
    ][choice - 1]
    edit = _with_book(lambda b: _settings_row(b, key, value))
    return Damage(kind, what, base, "refuse", edit)


def _workbook_sheets(rng: random.Random, base: str) -> Damage:
    choice = rng.randrange(3)
    if choice == 0:
        sheet = rng.choice(["tiers", "enterprises", "notes"])
        row = rng.choice([5000, 1_048_576])

        def far(book: Any) -> None:
            target = book[sheet] if sheet in book.sheetnames else book.create_sheet(sheet)
            target.cell(row=row, column=16384, value=1)

        expect = "same" if sheet == "notes" else "refuse"
        return Damage(
            "bombs", f"a cell at column XFD of sheet {sheet}", base, expect, _with_book(far)
        )
    if choice == 1:

        def duplicate(book: Any) -> None:
            sheet = book["enterprises"]
            sheet.cell(row=1, column=sheet.max_column + 1, value="lat")

        return Damage(
            "workbook", "sheet with a column written twice", base, "refuse", _with_book(duplicate)
        )

    def header_only(book: Any) -> None:
        sheet = book["demands"]
        sheet.delete_rows(2, sheet.max_row)

    return Damage(
        "workbook", "required sheet with a header only", base, "refuse", _with_book(header_only)
    )


def _workbook_part(rng: random.Random, base: str) -> Damage:
    size = rng.choice([70_000_000, 100_000_000])

    def big_part(folder: Path) -> Path:
        import zipfile

        target = _as_workbook(folder)
        with zipfile.ZipFile(target, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet99.xml", b" " * size)
        return target

    return Damage("bombs", f"a part unpacking to {size:,} bytes", base, "refuse", big_part)


# -- variants, overrides and sweeps -------------------------------------------------------------
def _variant(definition: Any, name: str = "hostile") -> Edit:
    def change(settings: dict) -> None:
        variants = settings.get("variants")
        settings["variants"] = {
            **(variants if isinstance(variants, dict) else {}),
            name: definition,
        }

    return _with_settings(change)


def _variants(rng: random.Random, base: str) -> Damage:
    column = rng.choice(["tiers.capex_cny*", "tiers.lifetime_years*", "demands.demand_per_day*"])
    bad_overrides = [
        {column: float("inf")},
        {column: float("nan")},
        {column: 1e308},
        {column: 1e300},
        {column: -1},
        {column: "x"},
        {"tiers.capexcny*": 2},
        {"tier.capex_cny*": 2},
        {"policy.subsidyrate": 0.3},
        {"policy.subsidy_rate*": float("inf")},
        {"discount_rate*": 1e308},
        {"enterprises[nosuch].lat": 31},
        {"enterprises.lat": 123},
        {"sites.status": "forbiden"},
        {"services.nosuch.unit": "t"},
    ]
    shapes = [
        "a string",
        ["a", "list"],
        3,
        {"overrides": "abc"},
        {"overrides": [1, 2]},
        {"combine": "abc"},
        {"combine": 3},
        {"combine": ["nosuch"]},
        {"combine": ["hostile"]},
        {"overides": {"policy.subsidy_rate": 0.1}},
    ]
    if rng.random() < 0.6:
        overrides = rng.choice(bad_overrides)
        used = rng.random() < 0.5
        return Damage(
            "variants",
            f"override {overrides!r}" + (" (used)" if used else ""),
            base,
            "refuse",
            _variant({"overrides": overrides}),
            variant="hostile" if used else None,
        )
    shape = rng.choice(shapes)
    if rng.random() < 0.2:
        return Damage(
            "variants",
            f"variants: {shape!r}",
            base,
            "refuse",
            _with_settings(lambda s: s.__setitem__("variants", shape)),
        )
    return Damage("variants", f"a variant of shape {shape!r}", base, "refuse", _variant(shape))


def _sweeps(rng: random.Random, base: str) -> Damage:
    sweep = rng.choice(
        [
            "policy.subsidyrate=0,0.3",
            "tiers.capexcny*=1,2",
            "tier.capex_cny*=1,2",
            "policy.subsidy_rate=0,3",
            "tiers.capex_cny*=1,inf",
            "tiers.capex_cny*=1,nan",
            "solver.time_limit_s=10s",
            "sites.status=forbiden",
            "services.sewag.max_distance_km*=2",
        ]
    )
    return Damage("sweeps", f"--sweep {sweep}", base, "refuse", lambda folder: folder, sweep=sweep)


MAKERS: dict[str, tuple[Maker, ...]] = {
    "yaml": (_misspelt_key, _duplicate_key, _yaml_structure),
    "types": (_bad_value, _service_damage),
    "numbers": (_bad_cell,),
    "cells": (_broken_cell, _harmless_cells),
    "columns": (
        _column_twice,
        _column_misspelt,
        _column_dropped,
        _column_unnamed,
        _no_rows,
        _table_files,
    ),
    "encodings": (_encodings,),
    "workbook": (_workbook_settings, _workbook_settings, _workbook_sheets, _workbook_part),
    "variants": (_variants,),
    "sweeps": (_sweeps,),
}


def damages(seed: int, count: int, bases: tuple[str, ...] = BASES) -> list[Damage]:
    """``count`` damaged inputs drawn from ``seed``: every family in turn, a maker and a base
    scenario at random, so that any prefix covers every family."""
    rng = random.Random(seed)
    families = list(MAKERS)
    out = []
    for i in range(count):
        makers = MAKERS[families[i % len(families)]]
        out.append(rng.choice(makers)(rng, rng.choice(bases)))
    return out


# -- running one, and what went wrong -----------------------------------------------------------
#: What may go wrong, in the order a verdict reports them.
TRACEBACK, HANG, VAGUE, ACCEPTED, CHANGED, REFUSED_VALID, DISAGREE, OK = (
    "traceback",
    "hang",
    "vague",
    "accepted (should be refused)",
    "silently changed",
    "valid input refused",
    "validate and solve disagree",
    "ok",
)
#: Sources of problems that name a key or a line to be clear (the file alone says too little).
_KEYED = ("scenario.yaml", "sheet settings", "sweep")


@dataclass
class Result:
    """How one damaged input ended: exit codes, the documents printed, the time taken."""

    label: str
    kind: str
    expect: str
    validate: tuple[int, str] = (0, "")
    solve: tuple[int, str] = (0, "")
    seconds: float = 0.0
    verdict: str = OK
    note: str = ""


def _invoke(args: list[str]) -> tuple[int, str]:
    from typer.testing import CliRunner

    from optimizer.cli import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    text = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        text += f"\nTraceback: {type(result.exception).__name__}: {result.exception}"
    return result.exit_code, text


def _document(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    try:
        return json.loads(text[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        return None


def solve_args(path: Path, variant: str | None = None) -> list[str]:
    extra = ["--variant", variant] if variant else []
    return [
        "solve",
        str(path),
        "--json",
        "--allocation",
        "none",
        "--time-limit",
        TIME_LIMIT,
        "--threads",
        "1",
        *extra,
    ]


def base_plan(base: str, workdir: Path) -> dict[str, Any]:
    """The KPIs and solver report of the undamaged scenario (what a harmless damage must give)."""
    code, text = _invoke(solve_args(SHIPPED / base))
    document = _document(text)
    assert code == 0 and document is not None, text
    return document


def _solve(path: Path, variant: str | None, solved: dict[str, str] | None) -> tuple[int, str]:
    """``optimizer solve``'s exit code and output; with ``solved`` (the output of earlier solves
    by input hash), a scenario that hashes as one solved before is not solved again: its plan is
    that one's (the rule by which a batch keeps a stored plan)."""
    if solved is not None:
        from optimizer.scenario import load_scenario

        try:
            known = solved.get(load_scenario(path, variant).input_hash())
        except Exception:  # the solve itself says what is wrong
            known = None
        if known is not None:
            return 0, known
    code, text = _invoke(solve_args(path, variant))
    document = _document(text)
    if solved is not None and code == 0 and document and document.get("input_hash"):
        solved[document["input_hash"]] = text
    return code, text


def run_damage(
    damage: Damage,
    workdir: Path,
    solve_refused: bool = True,
    solved: dict[str, str] | None = None,
) -> Result:
    """Write ``damage`` into ``workdir`` and run it through the command line, in this process:
    ``optimizer validate``, then ``optimizer solve`` (unless validation refused it and
    ``solve_refused`` is False: the refusal is then the validation's). ``solved``: see
    :func:`_solve`."""
    import time

    result = Result(damage.label, damage.kind, damage.expect)
    start = time.perf_counter()
    folder = workdir / damage.base
    shutil.copytree(SHIPPED / damage.base, folder)
    path = damage.edit(folder)
    if damage.sweep is not None:
        out = workdir / "batch"
        result.solve = _invoke(
            [
                "batch",
                path,
                "--sweep",
                damage.sweep,
                "--out",
                out,
                "--workers",
                "1",
                "--allocation",
                "none",
                "--time-limit",
                TIME_LIMIT,
            ]
        )
        result.note = "cases written" if out.exists() and any(out.iterdir()) else ""
    else:
        variant = ["--variant", damage.variant] if damage.variant else []
        result.validate = _invoke(["validate", path, "--json", *variant])
        if solve_refused or result.validate[0] == 0:
            result.solve = _solve(path, damage.variant, solved)
        else:
            result.solve = result.validate
    result.seconds = time.perf_counter() - start
    return result


def _vague(document: dict[str, Any] | None, text: str) -> str:
    """Why a refusal is vague ('' when it names what it must)."""
    if document is None:
        return "no document: " + text[-200:]
    if document.get("error"):
        return "a bare message: " + str(document["error"])[:200]
    for error in document.get("errors", []):
        source = error.get("source") or ""
        if not source or source == "scenario":
            return "no file: " + error.get("message", "")
        message = error.get("message", "")
        whole_file = "bytes" in message  # its size or its encoding: there is no key to name
        unplaced = error.get("column") is None and error.get("line") is None
        if source in _KEYED and unplaced and not whole_file:
            return "no key or line: " + message
    return ""


def _same_plan(document: dict[str, Any], base: dict[str, Any]) -> bool:
    gaps = [document["solver"].get("gap") or 0.0, base["solver"].get("gap") or 0.0]
    tolerance = max(1e-6, 2 * max(gaps))
    cost, expected = document["kpis"]["total_annual_cost"], base["kpis"]["total_annual_cost"]
    if not math.isclose(cost, expected, rel_tol=tolerance):
        return False
    if max(gaps) > 1e-6:
        return True
    keys = ("facilities", "smes_connected")
    return all(document["kpis"].get(k) == base["kpis"].get(k) for k in keys)


def verdict(result: Result, base: dict[str, Any]) -> str:
    """What went wrong with one result (:data:`OK` when nothing did); also sets ``note``."""
    texts = result.validate[1] + result.solve[1]
    if "Traceback" in texts or "internal error" in texts:
        result.note = texts[-300:]
        return TRACEBACK
    if result.kind == "sweeps":
        code, text = result.solve
        if code in (1, 2) and not result.note:
            return OK if "sweep" in text and "expected" in text else VAGUE
        return ACCEPTED
    code, text = result.solve
    document = _document(text)
    refused = code != 0
    if refused:
        why = _vague(document, text) or _vague(_document(result.validate[1]), result.validate[1])
        if why and (document or {}).get("status") != "infeasible":
            result.note = why
            return VAGUE
        if result.expect == "same":
            result.note = text[-300:]
            return REFUSED_VALID
    else:
        if result.expect == "refuse":
            return ACCEPTED
        if result.expect in ("same", "refuse_or_same") and not _same_plan(document, base):
            result.note = (
                f"{document['kpis']['total_annual_cost']} vs {base['kpis']['total_annual_cost']}"
            )
            return CHANGED
    validate_refused = result.validate[0] != 0
    infeasible = (document or {}).get("status") == "infeasible"
    if validate_refused != refused and not (refused and infeasible):
        result.note = (result.validate[1] + result.solve[1])[-300:]
        return DISAGREE
    return OK
