"""Messages of the command line's lists of problems (:func:`optimizer.cli.output.report_problems`):
a problem's line, the counts under the list, the table's headers, a valid scenario, and the head
of a diagnosis (``optimizer solve`` of an infeasible scenario).

The English of each is what the command line printed before the catalogue, byte for byte; the
scenario's label and the problems' facts are fields, shown as they are."""

from __future__ import annotations

COMMAND_LINE: dict[str, tuple[str, str]] = {
    "cli.valid": ("{title}: valid", "{title}：有效"),
    "cli.problem_line": ("{severity}: {problem}", "{severity}：{problem}"),
    "cli.titled": ("{title}: {counts}", "{title}：{counts}"),
    "cli.counts": ("{errors}, {warnings}", "{errors}，{warnings}"),
    "cli.errors.one": ("{count} error", "{count} 个错误"),
    "cli.errors.many": ("{count} errors", "{count} 个错误"),
    "cli.warnings.one": ("{count} warning", "{count} 个警告"),
    "cli.warnings.many": ("{count} warnings", "{count} 个警告"),
    "cli.col.found": ("found", "发现"),
    "cli.col.expected": ("expected", "应为"),
    "cli.infeasible": (
        "no plan meets every rule of the scenario; relaxing the rules shows why:",
        "没有方案能满足情景的全部规则；放宽规则后可见原因：",
    ),
    "cli.infeasible_line": ("{title}: {head}", "{title}：{head}"),
}
