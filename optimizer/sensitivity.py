"""The sensitivity chart of a batch sweep: how cost, connections and facilities move with one
swept parameter, one line per scenario and variant.

Drawn with matplotlib's object interface (no pyplot, no global state, no display needed).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .files import atomic_target

#: (summary column, axis label, scale) of each panel; ``{cur}`` is the currency.
PANELS = (
    ("total_annual_cost", "Total annual cost\n(million {cur}/year)", 1e-6),
    ("smes_connected", "SMEs connected", 1.0),
    ("facilities", "Facilities opened", 1.0),
)

MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "--")


def line_label(scenario: str, variant: str) -> str:
    """``mixed-park`` for the base, ``mixed-park[subsidy-40]`` for a variant.

    >>> line_label("tiny", "base"), line_label("tiny", "dear")
    ('tiny', 'tiny[dear]')
    """
    return scenario if variant == "base" else f"{scenario}[{variant}]"


def parameter_axis(values: pd.Series) -> tuple[pd.Series, list[str] | None]:
    """Positions on the x axis: the values when all are numbers, else 0, 1, ... by first
    appearance (returned with the tick labels).

    >>> parameter_axis(pd.Series([0.8, 1.2]))[1] is None
    True
    >>> parameter_axis(pd.Series(["optional", "forbidden", "optional"]))[1]
    ['optional', 'forbidden']
    """
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().all():
        return numbers.astype(float), None
    labels = [str(v) for v in dict.fromkeys(values.astype(str))]
    return values.astype(str).map({v: i for i, v in enumerate(labels)}).astype(float), labels


def sensitivity_chart(
    summary: pd.DataFrame, parameter: str, out: str | os.PathLike, currency: str = "CNY"
) -> Path:
    """Draw total cost, SMEs connected and facilities opened against ``parameter`` (a column of
    a batch summary), one line per scenario and variant; write a PNG atomically to ``out``.

    Cases without a plan (failed, infeasible) leave a gap in their line.
    """
    # lazy: matplotlib costs about 0.28 s to import; only a batch with --plot draws the chart
    from .report_figures import plain_text

    with plain_text():  # scenario and variant names with "$" drawn as written
        return _draw(summary, parameter, Path(out), currency)


def _draw(summary: pd.DataFrame, parameter: str, target: Path, currency: str) -> Path:
    # lazy: matplotlib, as above
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    solved = summary[pd.to_numeric(summary["total_annual_cost"], errors="coerce").notna()]
    figure = Figure(figsize=(7.5, 8.5), layout="constrained")
    axes = figure.subplots(len(PANELS), 1, sharex=True)
    x_all, ticks = parameter_axis(summary[parameter]) if len(summary) else (pd.Series(), None)
    groups = solved.groupby(["scenario", "variant"], sort=False)
    for number, ((scenario, variant), group) in enumerate(groups):
        x = x_all.loc[group.index]
        order = x.sort_values().index
        # lines of identical cases lie on each other: vary marker and dashes so both show
        style = {"marker": MARKERS[number % len(MARKERS)], "linestyle": DASHES[number % 2]}
        for ax, (column, _, scale) in zip(axes, PANELS, strict=True):
            y = pd.to_numeric(group.loc[order, column], errors="coerce").astype(float) * scale
            ax.plot(x.loc[order], y, label=line_label(str(scenario), str(variant)), **style)
    for ax, (column, label, _) in zip(axes, PANELS, strict=True):
        ax.set_ylabel(label.replace("{cur}", currency))
        ax.grid(True, alpha=0.3)
        if column != "total_annual_cost":
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if ticks is not None:
        axes[-1].set_xticks(range(len(ticks)), ticks)
    elif 0 < x_all.nunique() <= 12:
        axes[-1].set_xticks(sorted(x_all.dropna().unique()))
    factor = " (multiplier)" if parameter.endswith("*") else ""
    axes[-1].set_xlabel(f"{parameter}{factor}")
    if len(solved):
        axes[0].legend(fontsize="small", loc="best")
    else:
        axes[0].text(0.5, 0.5, "no case was solved", ha="center", transform=axes[0].transAxes)
    figure.suptitle(f"Sensitivity to {parameter}")
    with atomic_target(target) as temporary:
        figure.savefig(temporary, format="png", dpi=110)
    return target
