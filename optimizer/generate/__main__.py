"""``python -m optimizer.generate`` rewrites the shipped examples in ``scenarios/``."""

from pathlib import Path

from .examples import EXAMPLES, write_example

if __name__ == "__main__":  # pragma: no cover - rewrites the shipped examples
    root = Path(__file__).resolve().parents[2] / "scenarios"
    for example in EXAMPLES:
        print(f"wrote {write_example(example, root / example).name}")
