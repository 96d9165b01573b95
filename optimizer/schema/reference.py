"""The scenario-format reference: every table, column and setting as Markdown, the text of
``docs/scenario-format.md`` (``python -m optimizer.schema`` writes it; a test keeps it fresh)."""

from __future__ import annotations

from .settings import SETTINGS
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
            "| column | type | unit | required | default | allowed | description |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for c in table.columns:
            default = "" if c.default is None else f"`{c.default}`"
            allowed = c.expectation()
            if c.references:
                allowed += f"; must exist in {c.references}"
            lines.append(
                f"| `{c.name}` | {c.type} | {c.unit} | {'yes' if c.required else ''} | "
                f"{default} | {allowed} | {c.description} |"
            )
        lines.append("")
    lines += [
        "## Settings (`scenario.yaml`)",
        "",
        "| setting | type | unit | required | default | allowed | description |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS:
        default = "" if s.default is None else f"`{s.default}`"
        allowed = s.expectation() + ("; or null" if s.nullable else "")
        lines.append(
            f"| `{s.path}` | {s.type} | {s.unit} | {'yes' if s.required else ''} | "
            f"{default} | {allowed} | {s.description} |"
        )
    lines += ["", VARIANTS_HELP]
    return "\n".join(lines) + "\n"


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
"""
