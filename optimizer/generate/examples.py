"""The shipped examples by name: build one, or write it into its folder under ``scenarios/``."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..scenario import Scenario, save_scenario
from .mixed import mixed_park
from .spraying import spraying_zone
from .textile import textile_park

EXAMPLES = ("textile-park", "spraying-zone", "mixed-park")


def build_example(name: str) -> Scenario:
    """The shipped example scenario ``name`` (``textile-park``, ``spraying-zone``, ``mixed-park``),
    exactly as written in ``scenarios/<name>/`` (a test checks they agree).

    >>> build_example("spraying-zone").settings["policy"]["subsidy_rate_by_service"]
    {'spraying': 0.23}
    """
    builders: dict[str, Callable[[], Scenario]] = {
        "textile-park": textile_park,
        "spraying-zone": spraying_zone,
        "mixed-park": mixed_park,
    }
    if name not in builders:
        raise ValueError(f"unknown example {name!r}; the examples are {', '.join(EXAMPLES)}")
    return builders[name]()


def write_example(name: str, folder: str | Path) -> Path:
    """Write example ``name`` into ``folder`` (``scenario.yaml`` and its CSV tables), keeping any
    other file there (the hand-written ``README.md``) and removing tables it no longer has."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}.") as work:
        written = save_scenario(build_example(name), Path(work) / name)
        fresh = {p.name for p in written.iterdir()}
        for stale in folder.glob("*.csv"):
            if stale.name not in fresh:
                stale.unlink()
        for file in written.iterdir():
            shutil.copyfile(file, folder / file.name)
    return folder
