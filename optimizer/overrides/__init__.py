"""Named variants and overrides: partial changes to a scenario's settings and tables.

An override key is either a dotted settings path (``policy.subsidy_rate``) or a table column
(``tiers.capex_cny``), optionally narrowed to rows (``sites[S3].status``,
``tiers[service=sewage].capex_cny``); a trailing ``*`` multiplies instead of setting;
``table[selector]: drop`` removes rows and ``table[+]: [{...}]`` adds them (an enterprise leaving
or joining). Variants,
batch sweeps and the app all change scenarios through :func:`apply_overrides`, which refuses a key
the schema does not declare (naming the closest declared ones), a value or a product outside the
declared range (an infinite or overflowing factor among them), and two changes of the same setting
or cell from different origins (never a silent last-wins).

The package: ``keys`` (what a key changes, and whether it is declared), ``variants`` (a variant's
shape and its overrides, combinations expanded), ``named_rows`` (the rows a key names, and a
key naming a row that is not there), ``apply`` (the changes, checked).
"""

from __future__ import annotations

from .apply import apply_overrides, undeclared_name, where
from .keys import ADD_ROWS, DROP_ROWS, KeyTrouble, Target, key_trouble, parse_key, value_trouble
from .named_rows import RowKey, orphaned_keys, row_keys, select_rows, unmatched_rows
from .variants import Override, variant_overrides, variant_problems

__all__ = [
    "ADD_ROWS",
    "DROP_ROWS",
    "KeyTrouble",
    "Override",
    "RowKey",
    "Target",
    "apply_overrides",
    "key_trouble",
    "orphaned_keys",
    "parse_key",
    "row_keys",
    "select_rows",
    "undeclared_name",
    "unmatched_rows",
    "value_trouble",
    "variant_overrides",
    "variant_problems",
    "where",
]
