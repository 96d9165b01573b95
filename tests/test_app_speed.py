"""What keeps the app's page switches fast, checked as structure, never as timing (the figures and
how they were measured are in docs/app.md, "Speed")."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def _config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_the_server_watches_no_source_file():
    """Streamlit's default file watcher scans every imported module on the server's event loop
    after each run (py-spy: seconds of a walk), delaying the next page's messages."""
    assert _config()["server"]["fileWatcherType"] == "none"


def test_no_full_garbage_collection_after_each_run():
    assert _config()["runner"]["postScriptGC"] is False
