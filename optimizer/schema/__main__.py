"""``python -m optimizer.schema``: regenerate ``docs/scenario-format.md`` from the declarations."""

from __future__ import annotations

from pathlib import Path

from .reference import format_reference


def main() -> None:
    target = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"
    target.write_text(format_reference(), encoding="utf-8")
    print(f"wrote {target.name}")


if __name__ == "__main__":  # pragma: no cover - regenerates the docs page
    main()
