"""The container the default route's builder (:mod:`optimizer.solvers.matrix`) fills: named blocks
of columns, rows collected piece by piece, assembled into a ``highspy.HighsLp``; solution values
and starts by the reference model's variable names; the elastic slacks of a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np
import scipy.sparse as sp

from ..prepare import ModelData
from .formulation import Index, penalty_weight, slack_scale

INF = highspy.kHighsInf


@dataclass
class Block:
    """A named group of columns (a variable of the reference model) and the rows it maps to."""

    name: str
    start: int
    size: int
    keys: np.ndarray  # the reference model's index of each column (row positions, names)


@dataclass
class MatrixModel:
    """Columns and rows collected piece by piece, then assembled into a ``highspy.HighsLp``."""

    data: ModelData
    index: Index
    blocks: dict[str, Block] = field(default_factory=dict)
    cost: list[np.ndarray] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    integer: list[np.ndarray] = field(default_factory=list)
    row_names: dict[str, tuple[int, int]] = field(default_factory=dict)
    triplets: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    row_lower: list[np.ndarray] = field(default_factory=list)
    row_upper: list[np.ndarray] = field(default_factory=list)
    n_cols: int = 0
    n_rows: int = 0
    slacks: frozenset[str] = frozenset()

    def add_columns(self, name: str, keys, cost, lower, upper, integer: bool) -> Block:
        keys = np.asarray(keys)
        size = len(keys)
        block = Block(name, self.n_cols, size, keys)
        self.blocks[name] = block
        self.cost.append(np.broadcast_to(np.asarray(cost, dtype=float), size))
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), size))
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), size))
        self.integer.append(np.full(size, integer))
        self.n_cols += size
        return block

    def add_rows(self, name: str, n: int, entries, lower, upper) -> None:
        """``entries``: (row within this group, column, coefficient) arrays, possibly several."""
        start = self.n_rows
        for rows, cols, values in entries:
            rows = np.asarray(rows, dtype=np.int64)
            self.triplets.append(
                (
                    rows + start,
                    np.asarray(cols, dtype=np.int64),
                    np.broadcast_to(np.asarray(values, dtype=float), rows.shape),
                )
            )
        self.row_lower.append(np.broadcast_to(np.asarray(lower, dtype=float), n))
        self.row_upper.append(np.broadcast_to(np.asarray(upper, dtype=float), n))
        self.row_names[name] = (start, n)
        self.n_rows += n

    def slack(self, name: str, keys, sign: float) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """The entries of an elastic slack (one column per row of the rows about to be added, in
        the order of ``keys``) when the model relaxes that rule; none otherwise."""
        if name not in self.slacks or not len(keys):
            return []
        weight = penalty_weight(self.data)
        cost = [weight / slack_scale(self.data, name, key) for key in np.asarray(keys).tolist()]
        upper = 1.0 if name == "unmet" else INF
        block = self.add_columns(name, keys, cost, 0.0, upper, integer=False)
        rows = np.arange(block.size)
        return [(rows, self.column(name, rows), sign)]

    def column(self, name: str, positions) -> np.ndarray:
        """Global column numbers of a block's entries at the given positions."""
        return self.blocks[name].start + np.asarray(positions, dtype=np.int64)

    def to_lp(self, relax: bool = False) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        lp.num_col_ = self.n_cols
        lp.num_row_ = self.n_rows
        lp.col_cost_ = _concat(self.cost)
        lp.col_lower_ = _concat(self.lower)
        lp.col_upper_ = _concat(self.upper)
        lp.row_lower_ = _concat(self.row_lower)
        lp.row_upper_ = _concat(self.row_upper)
        rows = _concat([t[0] for t in self.triplets], np.int64)
        cols = _concat([t[1] for t in self.triplets], np.int64)
        values = _concat([t[2] for t in self.triplets])
        matrix = sp.csc_matrix((values, (rows, cols)), shape=(self.n_rows, self.n_cols))
        matrix.sum_duplicates()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
        lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
        lp.a_matrix_.value_ = matrix.data
        lp.a_matrix_.num_col_ = self.n_cols
        lp.a_matrix_.num_row_ = self.n_rows
        integer = _concat(self.integer, bool)
        if integer.any() and not relax:
            lp.integrality_ = np.where(
                integer, highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous
            ).tolist()
        return lp

    @property
    def is_mip(self) -> bool:
        return bool(_concat(self.integer, bool).any())

    def values(self, x: np.ndarray, names: tuple[str, ...] | None = None) -> dict[str, dict]:
        """Solution values by the reference model's variable names and indices (of ``names``
        alone, when given)."""
        out = {}
        for name, block in self.blocks.items():
            if names is not None and name not in names:
                continue
            chunk = x[block.start : block.start + block.size]
            out[name] = dict(zip(block.keys.tolist(), chunk.tolist(), strict=True))
        return out

    def partial_start(self, warm: dict[str, dict]) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of the entries that ``warm`` gives, by name and index."""
        columns, values = [], []
        for name, known in warm.items():
            block = self.blocks.get(name)
            if block is None or not known:
                continue
            position = {key: i for i, key in enumerate(block.keys.tolist())}
            for key, value in known.items():
                if key in position:
                    columns.append(block.start + position[key])
                    values.append(float(value))
        return np.array(columns, dtype=np.int32), np.array(values, dtype=float)

    def start(self, warm: dict[str, dict]) -> np.ndarray:
        """A start vector from values by name and index (missing at 0)."""
        x = np.zeros(self.n_cols)
        for name, block in self.blocks.items():
            known = warm.get(name, {})
            x[block.start : block.start + block.size] = [
                known.get(k, 0.0) for k in block.keys.tolist()
            ]
        return x


def _concat(parts: list[np.ndarray], dtype=float) -> np.ndarray:
    if not parts:
        return np.zeros(0, dtype=dtype)
    return np.concatenate([np.asarray(p, dtype=dtype) for p in parts])
