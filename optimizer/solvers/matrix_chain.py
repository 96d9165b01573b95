"""The default route's rows for pollutants along the chain (:mod:`optimizer.solvers.chain`), added
to a :class:`~optimizer.solvers.matrix_model.MatrixModel` under the same names, and with the same
penalised slacks in the elastic model, as the reference model's."""

from __future__ import annotations

import numpy as np

from .chain import NEW_COLUMNS, chain_rows
from .enterprise_caps import enterprise_cap_rows
from .matrix_model import MatrixModel


def add_pollutant_chain(m: MatrixModel) -> None:
    """The chain's columns and rows, and the per-enterprise caps'
    (:mod:`optimizer.solvers.enterprise_caps`); nothing when no cap needs them."""
    chain = chain_rows(m.data, m.index, unmet="unmet" in m.slacks)
    for name, (size, upper) in chain.columns.items():
        m.add_columns(name, np.arange(size), 0.0, 0.0, upper, integer=NEW_COLUMNS[name][0])
    families = chain.rows + enterprise_cap_rows(m.data)
    if not families:
        return
    self_block = m.blocks["self_treat"]
    self_position = np.full(len(m.data.demands), -1)
    self_position[self_block.keys] = np.arange(self_block.size)
    for family in families:
        entries = []
        for name, rows, keys, values in family.entries:
            if not len(rows):
                continue
            position = self_position[keys] if name == "self_treat" else keys
            entries.append((rows, m.column(name, position), values))
        if family.slack is not None:  # penalised and scaled as the reference model's
            entries += m.slack(family.slack, family.keys, -1.0)
        m.add_rows(family.name, len(family.keys), entries, family.lower, family.upper)
