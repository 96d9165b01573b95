"""The scenario-format reference: every table, column and setting as Markdown, the text of
``docs/scenario-format.md`` (``python -m optimizer.schema`` writes it; a test keeps it fresh)."""

from __future__ import annotations

from . import limits
from .declaration import bound
from .settings import SETTINGS, VARIANT_KEYS
from .tables import TABLES


def format_reference() -> str:
    """The scenario-format reference (Markdown), written to ``docs/scenario-format.md``."""
    lines = [
        "# Scenario format",
        "",
        "<!-- Generated from optimizer/schema/ by `python -m optimizer.schema`; do not edit. -->",
        "",
        "A scenario is a folder with `scenario.yaml` and one CSV file per table, or one `.xlsx`",
        "workbook with a `settings` sheet (columns `key` and `value`: one row per setting, the key",
        "dotted as in `policy.subsidy_rate`, the value in YAML) and one sheet per table.",
        "Amounts are in the scenario's `currency` at its `cost_year`; quantities of a service are in",
        "its own `unit`. Empty cells take the default. A row's id is its key columns joined by `/`.",
        "A column's title (and unit) is what the app heads its grid column with, the column's name",
        "in the header's help; `<currency>` is the scenario's currency, `<unit>` the unit of the",
        "row's service (`m3/d` for a service in m3, `t/d` for one in t).",
        "",
        "Text files (the CSV tables and `scenario.yaml`) are read as UTF-8, with or without its",
        'byte-order mark (Excel\'s "CSV UTF-8"), else as GB18030, which contains GBK (Chinese',
        'Excel\'s plain "CSV", Notepad\'s "ANSI" on Chinese Windows), with or without its mark.',
        "Names in Chinese are kept as written. A file in another encoding whose bytes happen to be",
        'GB18030 (Big5, say) would read as other characters: save it as "CSV UTF-8".',
        "",
        "## Tables",
        "",
    ]
    for table in TABLES.values():
        need = "required" if table.required else "optional"
        lines += [
            f"### `{table.name}` ({need}; id: {' + '.join(table.key)})",
            "",
            table.description,
            "",
            "| column | title | type | unit | required | default | allowed | description |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for c in table.columns:
            default = "" if c.default is None else f"`{c.default}`"
            allowed = c.expectation()
            if c.references:
                allowed += f"; must exist in {c.references}"
            lines.append(
                f"| `{c.name}` | {c.title} | {c.type} | {c.unit_in()} | {'yes' if c.required else ''} | "
                f"{default} | {allowed} | {c.description} |"
            )
        lines.append("")
    lines += [
        "## Settings (`scenario.yaml`)",
        "",
        "The title is what the app heads the setting's field with (`<service>` and `<pollutant>`",
        "filled in); `<currency>` is the scenario's currency, `<unit>` the service's unit.",
        "",
        "| setting | title | type | unit | required | default | allowed | description |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        default = "" if s.default is None else f"`{s.default}`"
        allowed = s.expectation() + ("; or null" if s.nullable else "")
        lines.append(
            f"| `{s.path}` | {s.title.replace('{', '<').replace('}', '>')} | {s.type} | "
            f"{s.unit_in()} | {'yes' if s.required else ''} | "
            f"{default} | {allowed} | {s.description} |"
        )
    lines += ["", VARIANTS_HELP, refused_help()]
    return "\n".join(lines) + "\n"


def refused_help() -> str:
    """What the reader refuses, with the limits as declared in :mod:`.limits`."""
    return f"""## What is refused

Every problem is reported at once, each naming the file or sheet, the line or row, the key or
column, the value and what was expected; none is silently skipped or replaced by a default.

- **Unknown keys, wherever they are written**: a setting of `scenario.yaml` or of the `settings`
  sheet, a column of a table, a key of a variant (only {", ".join(f"`{k}`" for k in VARIANT_KEYS)}),
  an override key, a sweep key. The message names the closest declared keys
  (`policy.subsidyrate`: did you mean `policy.subsidy_rate`?). A CSV file or sheet whose name is
  close to a table's (`tier.csv`) is a warning: it is not read.
- **Duplicates**: a key written twice in one YAML mapping (both lines named), a setting on two
  rows of the `settings` sheet, or both as one value and as keys under it (`policy` and
  `policy.subsidy_rate`), a column name written twice in a table's header, two rows with one id.
- **Wrong shapes**: `variants`, a variant, its `overrides` or `combine` that is not a mapping or a
  list as shown above; a variant that combines itself or an unknown variant; a service set to
  null. Every variant is checked, used or not.
- **Numbers out of their declared range** (the `allowed` columns above), including lifetimes below
  {bound(limits.MIN_LIFETIME_YEARS)} year, amounts above {bound(limits.MAX_AMOUNT)} in the scenario's currency,
  concentrations above {bound(limits.MAX_CONCENTRATION_MG_PER_L)} mg/L, infinite or not-a-number values, and an override or sweep
  whose factor is not a finite number or whose product leaves the range (the variant is named).
  `1e-2` and `1e3` are numbers (YAML 1.1 would read them as text).
- **Tables**: a table with a header and no rows (a required table needs rows; leave an optional
  one out instead), cells under a column with no name, a file that is neither UTF-8 nor GB18030/GBK
  (one problem naming the encodings tried),
  a table separated by `;` (save it as "CSV UTF-8 (comma delimited)"), a pollutant cap with no
  concentrations of that pollutant (it would constrain nothing).
- **Sizes**, checked before anything large is built: `scenario.yaml` (and a batch spec) of more
  than {limits.MAX_SETTINGS_BYTES:,} bytes, YAML nested more than {limits.MAX_YAML_DEPTH} levels,
  aliases (`*name`) that expand to more than {limits.MAX_YAML_VALUES:,} values or into
  themselves, a settings cell of more than {limits.MAX_SETTING_CELL_CHARS:,} characters, a
  workbook part that unpacks to more than {limits.MAX_WORKBOOK_PART_BYTES:,} bytes, a sheet of
  more than {limits.MAX_SHEET_ROWS:,} rows or with a cell beyond column
  {limits.MAX_SHEET_COLUMNS}. Sheets other than `settings` and the tables are not read.

Positions at (0, 0), far from the rest of the park or on both sides of the antimeridian are
warnings (when coordinates, not a `distances` table, give the distances).
"""


VARIANTS_HELP = """## Variants and overrides

`variants` in `scenario.yaml` names partial overrides of the base scenario:

```yaml
variants:
  subsidy-40:
    description: 40% capex subsidy
    overrides:
      policy.subsidy_rate: 0.4
  dear-capex:
    overrides:
      tiers[service=sewage].capex_cny*: 1.2   # multiply a column (rows where service is sewage)
      sites[S3].status: forbidden             # set one cell of the row whose id is S3
  dear-and-subsidised:
    combine: [subsidy-40, dear-capex]         # a variant may combine others
    overrides: {}
```

An override key is a dotted settings path (`policy.subsidy_rate`), or `table.column` for a whole
column, optionally narrowed to rows by `[row id]` or `[column=value]`. A trailing `*` multiplies
instead of setting. Select a variant with `--variant NAME`; several with `--variant a,b`. Two
variants that set the same key (or a column and a cell of it) in one combination are an error
naming both. Batch sweeps use the same keys: `--sweep policy.subsidy_rate=0,0.2,0.4`.

Rows change too, which is how an enterprise leaves, joins or changes (``optimizer whatif`` writes
the same overrides):

```yaml
variants:
  e012-leaves:          # its demands (and concentrations) dropped
    overrides:
      "demands[enterprise=E012]": drop
      "concentrations[enterprise=E012]": drop
  e900-joins:           # rows added: a mapping, or a list of mappings of the table's columns
    overrides:
      "enterprises[+]": [{id: E900, lon: 120.61, lat: 31.29}]
      "demands[+]": [{enterprise: E900, service: sewage, demand_per_day: 40}]
  e040-doubles:
    overrides:
      "demands[enterprise=E040,service=sewage].demand_per_day*": 2
```

`table[selector]: drop` removes every row the selector matches (none matching is an error);
`table[+]` adds rows, each checked like a row of the table's file (an unknown column is an error
naming the closest). Every variant is checked when the scenario is, chosen or not: a selector
that matches no row (a row deleted or renamed since the variant was written), or a row added that
names an enterprise, site or node the tables have not (unless the same variant adds it), is an
error naming the variant, the key and the row ("variants.dear.overrides: found
'sites[S2].status': no row of sites matches [S2]"). A `demand_per_day` of 0 is allowed and means
nothing to treat: the demand is left out of the model (with its reach and discharges).
"""
