"""A batch's arguments, worked out and checked in one place: the spec file or the scenarios given,
the command line's values over the spec's over the defaults, and the checks that
:func:`run_batch` and the ``optimizer batch`` command both make before any case runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..words.said import said
from .executors import default_workers
from .spec import BatchSpec, load_spec

#: Suffixes of a batch spec file.
SPEC_SUFFIXES = (".yaml", ".yml")


class BatchArgumentError(ValueError):
    """Arguments of a batch that cannot work; ``argument`` names the one to change (a
    :func:`run_batch` argument: ``out``, ``scheduler``, ``plot``, ...)."""

    def __init__(self, message: str, argument: str) -> None:
        super().__init__(message)
        self.argument = argument


def spec_or_scenarios(sources: Sequence[Path]) -> BatchSpec:
    """The spec file given, or a spec made of the scenarios given.

    >>> spec_or_scenarios([Path("a"), Path("b.xlsx")]).scenarios
    (PosixPath('a'), PosixPath('b.xlsx'))
    >>> spec_or_scenarios([Path("a"), Path("b.yaml")])
    Traceback (most recent call last):
    optimizer.batch.arguments.BatchArgumentError: give one SPEC.yaml, or scenario folders and workbooks, not both

    Raises
    ------
    BatchArgumentError
        A spec file given with anything else (``argument`` is ``scenarios``).
    ScenarioError
        Every problem of the spec file (see :func:`load_spec`).
    """
    specs = [s for s in sources if s.suffix.lower() in SPEC_SUFFIXES]
    if not specs:
        return BatchSpec(scenarios=tuple(sources))
    if len(sources) > 1:
        raise BatchArgumentError(
            said("batch.args.spec_or_scenarios", spec="SPEC.yaml"), "scenarios"
        )
    return load_spec(sources[0])


def batch_arguments(spec: BatchSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`run_batch`'s arguments: those ``given`` (the command line) where given, else the
    spec's, else the defaults; checked with :func:`check_batch`.

    ``given`` holds :func:`run_batch` arguments; a value of None, False or ``[]`` is not given;
    ``options`` maps solver options to values (None: not given); ``allocation`` is a rule name or
    ``none``.

    >>> arguments = batch_arguments(
    ...     BatchSpec(scenarios=(Path("a"),), out=Path("o"), workers=3, options={"mip_gap": 0.1}),
    ...     {"workers": 1, "allocation": "none", "options": {"mip_gap": None, "threads": 2}},
    ... )
    >>> arguments["out"], arguments["workers"], arguments["allocation"], arguments["options"]
    (PosixPath('o'), 1, None, {'mip_gap': 0.1, 'threads': 2})
    """
    given = dict(given)
    given_options = given.pop("options", None) or {}
    options = {**spec.options, **{k: v for k, v in given_options.items() if v is not None}}
    arguments: dict[str, Any] = {
        "scenarios": list(spec.scenarios),
        "variants": spec.variants,
        "sweeps": list(spec.sweeps),
        "out": spec.out,
        "workers": spec.workers,
        "scheduler": spec.scheduler,
        "dask_local": spec.dask_local,
        "plot": spec.plot,
        "allocation": spec.allocation,
        "options": options,
    }
    arguments.update({k: v for k, v in given.items() if v not in (None, False, [])})
    rule = given.get("allocation")
    if rule:
        arguments["allocation"] = None if rule == "none" else str(rule)
    if arguments["workers"] is None:
        arguments["workers"] = default_workers()
    if arguments["out"] is None:
        raise BatchArgumentError(said("batch.args.out"), "out")
    check_batch(
        arguments["workers"],
        arguments["scheduler"],
        arguments["dask_local"],
        arguments["plot"],
        len(arguments["sweeps"]),
    )
    return arguments


def check_batch(
    workers: int, scheduler: str | None, dask_local: int | None, plot: bool, sweeps: int
) -> None:
    """Refuse arguments that cannot work together (before any case runs); ``sweeps`` is the
    number of swept parameters.

    >>> check_batch(2, None, None, True, 1)
    >>> check_batch(2, "tcp://host:8786", 2, False, 0)
    Traceback (most recent call last):
    optimizer.batch.arguments.BatchArgumentError: give either a Dask scheduler or a local Dask cluster, not both

    Raises
    ------
    BatchArgumentError
        The first argument that cannot work, named.
    """
    if scheduler and dask_local:
        raise BatchArgumentError(said("batch.args.dask_both", dask="Dask"), "scheduler")
    if workers < 1:
        raise BatchArgumentError(said("batch.args.workers", workers=workers), "workers")
    if dask_local is not None and dask_local < 1:
        raise BatchArgumentError(
            said("batch.args.dask_workers", dask="Dask", workers=dask_local), "dask_local"
        )
    if plot and sweeps != 1:
        raise BatchArgumentError(said("batch.args.plot", sweeps=sweeps), "plot")
