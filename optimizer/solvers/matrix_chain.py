"""The default route's rows for pollutants along the chain (:mod:`optimizer.solvers.chain`), added
to a :class:`~optimizer.solvers.matrix.MatrixModel` under the same names as the reference model.
(The model is described by :class:`Assembly`, so that :mod:`~optimizer.solvers.matrix` may call
this module without an import cycle.)"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from ..prepare import ModelData
from .chain import NEW_COLUMNS, chain_rows
from .formulation import Index


class Assembly(Protocol):
    """What this module uses of a :class:`~optimizer.solvers.matrix.MatrixModel`."""

    data: ModelData
    index: Index
    blocks: dict[str, Any]

    def add_columns(self, name: str, keys, cost, lower, upper, integer: bool) -> Any: ...

    def add_rows(self, name: str, n: int, entries, lower, upper) -> None: ...

    def column(self, name: str, positions) -> np.ndarray: ...


def add_pollutant_chain(m: Assembly) -> None:
    """The chain's columns and rows; nothing when no cap needs them."""
    chain = chain_rows(m.data, m.index)
    for name, (size, upper) in chain.columns.items():
        m.add_columns(name, np.arange(size), 0.0, 0.0, upper, integer=NEW_COLUMNS[name][0])
    if not chain.rows:
        return
    self_block = m.blocks["self_treat"]
    self_position = np.full(len(m.data.demands), -1)
    self_position[self_block.keys] = np.arange(self_block.size)
    for family in chain.rows:
        entries = []
        for name, rows, keys, values in family.entries:
            if not len(rows):
                continue
            position = self_position[keys] if name == "self_treat" else keys
            entries.append((rows, m.column(name, position), values))
        m.add_rows(family.name, len(family.keys), entries, family.lower, family.upper)
