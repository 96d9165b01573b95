"""A fast start: ``optimizer`` imports only what the command run needs (no timing here: the
benchmark of the start is ``benchmarks/start.py``, where the time goes ``python -X importtime``;
these tests check which libraries load).

- ``import optimizer.cli`` and ``optimizer --help`` load no Pyomo, HiGHS, pandas, scipy,
  networkx or matplotlib, and the listing is drawn without typer's help renderer;
- ``optimizer validate`` loads no Pyomo, HiGHS, scipy, networkx or matplotlib;
- ``optimizer solve`` on the default route loads no Pyomo and no figures;
- ``optimizer export`` of a saved plan loads no solver, cost sharing or comparison;
- ``optimizer --version`` prints the installed package's version;
- the help each command shows in the listing is the docstring of the function that runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from optimizer.cli import app
from optimizer.cli.commands import COMMANDS, listing, load_command, summary

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pyomo", "highspy", "pandas", "scipy", "networkx", "matplotlib", "numpy", "openpyxl")
SOLVER_AND_FIGURES = ("pyomo", "highspy", "matplotlib")


def loaded_after(code: str) -> list[str]:
    """The heavy libraries in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = (
        f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def run_app(*args: str, code: int = 0) -> str:
    """Run the command in a fresh interpreter's ``code`` (typer would exit: caught, its code
    checked)."""
    return (
        "from optimizer.cli import app\n"
        "try:\n"
        f"    app({list(args)!r}, prog_name='optimizer')\n"
        "except SystemExit as stop:\n"
        f"    assert stop.code in ({code}, {None if code == 0 else code}), stop.code\n"
    )


def test_importing_the_command_line_loads_no_heavy_library():
    assert loaded_after("import optimizer.cli") == []


def test_importing_the_package_loads_no_heavy_library_until_a_name_is_used():
    assert loaded_after("import optimizer") == []
    assert "pandas" in loaded_after("import optimizer\noptimizer.load_scenario")


def test_help_loads_no_heavy_library():
    assert loaded_after(run_app("--help")) == []


#: What the listing of ``optimizer --help`` draws without: typer's help renderer and what it
#: imports first (rich's Markdown and tracebacks, markdown-it, pygments, attrs), pydantic (typer's
#: coercion of a command's arguments), the package's metadata (read for ``--version`` only).
NOT_FOR_HELP = (
    "typer.rich_utils",
    "rich.markdown",
    "rich.traceback",
    "markdown_it",
    "pygments",
    "attr",
    "pydantic",
    "importlib.metadata",
    "optimizer.scenario",
    "optimizer.cli.output",
)


@pytest.mark.parametrize(("args", "code"), [(("--help",), 0), ((), 2)])
def test_help_draws_the_listing_without_typers_renderer(args, code):
    """``optimizer --help``, and ``optimizer`` alone (the listing, exit code 2 as typer gives)."""
    said, loaded = modules_after(run_app(*args, code=code), NOT_FOR_HELP)
    assert "validate" in said and "whynot" in said
    assert loaded == []


def test_the_listing_shows_every_command_and_option():
    """Drawn with rich in typer's look: the usage, the description, a row per option and per
    command with its line (wrapped at 80 columns here, so its first words are compared)."""
    result = CliRunner().invoke(app, ["--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].strip() == "Usage: optimizer [OPTIONS] COMMAND [ARGS]..."
    assert lines[3].strip().startswith("Shared treatment facilities for industrial parks")
    rows = [line.strip("│ ") for line in lines if line.startswith("│ ") and line[2] != " "]
    assert rows[:2] == [
        "--version  Print the version of the optimizer and exit.",
        "--help     Show this message and exit.",
    ]
    assert [row.split()[0] for row in rows[2:]] == list(COMMANDS)
    for row, name in zip(rows[2:], COMMANDS, strict=True):
        first = row.removeprefix(name).split()
        assert listing(name).split()[: len(first)] == first


def test_validate_loads_no_solver_and_no_figures(tiny_path):
    loaded = loaded_after(run_app("validate", str(tiny_path)))
    assert "pandas" in loaded  # it did read the scenario
    assert [m for m in loaded if m in SOLVER_AND_FIGURES] == []


#: What ``optimizer validate`` on a scenario folder never needs: the model and its solvers, the
#: plan's exports and figures, workbooks, the batch, cost sharing, the park generator, the app.
NOT_FOR_VALIDATE = (
    "pyomo",
    "highspy",
    "matplotlib",
    "networkx",
    "scipy",  # 0.3 s of CPU: a small network's shortest paths run in pure Python
    "openpyxl",
    "streamlit",
    "distributed",
    "optimizer.solvers",
    "optimizer.prepare",
    "optimizer.pipeline",
    "optimizer.diagnosis",
    "optimizer.allocation",
    "optimizer.export",
    "optimizer.batch",
    "optimizer.generate",
    "optimizer.plan",
)


def modules_after(code: str, wanted: tuple[str, ...]) -> tuple[str, list[str]]:
    """The output of ``code`` in a fresh interpreter, and which modules of ``wanted`` (or their
    submodules) it left in ``sys.modules``."""
    probe = (
        f"import sys, json\n{code}\nwanted = {wanted!r}\n"
        "print(json.dumps(sorted({m for m in sys.modules for w in wanted"
        " if m == w or m.startswith(w + '.')})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, json.loads(done.stdout.splitlines()[-1])


def test_validate_loads_only_what_it_needs(tiny_path):
    said, loaded = modules_after(run_app("validate", str(tiny_path)), NOT_FOR_VALIDATE)
    assert "tiny: valid" in said
    assert loaded == []


def test_validate_without_a_network_loads_no_scipy():
    """scipy (0.3 s of CPU of a start) is for a park network's distances only."""
    folder = ROOT / "scenarios" / "spraying-zone"
    assert not (folder / "edges.csv").exists()
    said, loaded = modules_after(run_app("validate", str(folder)), (*NOT_FOR_VALIDATE, "scipy"))
    assert "valid" in said
    assert loaded == []


#: What ``optimizer solve`` on the default route never needs: Pyomo (the Pyomo routes and the
#: diagnosis of an infeasible scenario only), figures, workbooks, the batch, the generator, the app.
NOT_FOR_SOLVE = (
    "pyomo",
    "matplotlib",
    "openpyxl",
    "streamlit",
    "distributed",
    "optimizer.batch",
    "optimizer.generate",
    "optimizer.ui",
    "optimizer.sensitivity",
    "optimizer.solvers.pyomo_model",
)


def test_solve_on_the_default_route_loads_no_pyomo_and_no_figures(tiny_path, tmp_path):
    out = tmp_path / "plan"
    said, loaded = modules_after(run_app("solve", str(tiny_path), "--out", str(out)), NOT_FOR_SOLVE)
    assert (out / "plan.json").is_file(), said
    assert loaded == []


#: What ``optimizer export`` of a saved plan never needs: the recipe (solver, HiGHS, the model
#: data, the cost sharing with scipy and networkx), the comparison, Pyomo.
NOT_FOR_EXPORT = (
    "pyomo",
    "highspy",
    "scipy",
    "networkx",
    "streamlit",
    "optimizer.pipeline",
    "optimizer.prepare",
    "optimizer.solvers",
    "optimizer.allocation",
    "optimizer.compare",
    "optimizer.cli.plan_commands",
)


@pytest.mark.parametrize("fmt", ["json", "xlsx", "csv", "geojson", "html"])
def test_export_of_a_saved_plan_loads_no_solver_and_no_cost_sharing(tiny_path, tmp_path, fmt):
    solved = CliRunner().invoke(app, ["solve", str(tiny_path), "--out", str(tmp_path / "p")])
    assert solved.exit_code == 0, solved.output
    target = tmp_path / f"plan.{fmt}"
    args = ("export", str(tmp_path / "p" / "plan.json"), "-f", fmt, "-o", str(target))
    figures = () if fmt == "html" else ("matplotlib",)  # the report's figures only
    said, loaded = modules_after(run_app(*args), (*NOT_FOR_EXPORT, *figures))
    assert target.exists(), said
    assert loaded == []


def test_version_prints_the_package_version():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"optimizer {version('shared-facility-optimizer')}\n"
    assert version("shared-facility-optimizer") == declared["project"]["version"]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listing_shows_each_commands_own_help(name):
    """The listing is the first paragraph of the command's own help, on one line."""
    assert summary(name) == load_command(name).help
    listed = typer.main.get_command(app)
    assert listed.commands[name].help == listing(name)
    assert listing(name) == " ".join(summary(name).split("\n\n")[0].split())


def test_an_unknown_command_is_a_usage_error_with_a_suggestion():
    result = CliRunner().invoke(app, ["valdate"])
    assert result.exit_code == 2
    assert "validate" in result.output


def test_every_public_name_of_the_package_has_a_home():
    import optimizer

    assert [name for name in optimizer.__all__ if getattr(optimizer, name, None) is None] == []
