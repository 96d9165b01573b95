"""The Scenario page's tables (Streamlit's headless AppTest): a tab per table, and the editor of the
open one alone sent to the browser; an edit kept while other tables are viewed, and solved with.

Before: the page drew the ten editors on every visit (152 kB and about 2 s of the browser's work
on ``mixed-park``, docs/app.md "Speed"), nine of them in tabs nobody looked at. A tab is opened
here as the browser's click does it: by the table the page remembers (``SHOWN_KEY``), read on
the next run. A table edit is made the way the browser makes it: the editor's state is set
under its key.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from optimizer import load_scenario, schema
from optimizer.origin import edit_lines
from optimizer.ui.scenario_tables import SHOWN_KEY
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "scenarios"
    for name in ("tiny", "mixed-park"):
        shutil.copytree(REPO / "scenarios" / name, folder / name)
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    return folder


def check(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def opened(name: str) -> AppTest:
    at = check(AppTest.from_file(str(APP), default_timeout=120).run())
    at.selectbox(key="open:name").set_value(name)
    return check(at.button(key="open:folder").click().run())


def editor_key(at: AppTest, table: str) -> str:
    generations = at.session_state["sfo.table_generations"]
    return f"g{at.session_state['sfo.generation']}:table:{table}:{generations.get(table, 0)}"


def show(at: AppTest, table: str) -> AppTest:
    """Open the table's tab (the browser's click reruns the page with it open)."""
    at.session_state[SHOWN_KEY] = table
    return check(at.run())


def table_tabs(at: AppTest) -> list[str]:
    """The labels of the tables' tabs (after the settings form's)."""
    return [tab.label for tab in at.tabs][-len(schema.TABLE_ORDER) :]


def sidebar(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption).replace("\\", "")


def the_editor(at: AppTest):
    """The one table editor on the page."""
    editors = list(at.data_editor)
    assert len(editors) == 1, [e.key for e in editors]
    return editors[0]


def test_the_page_sends_the_editor_of_the_open_table_alone(folder):
    at = opened("mixed-park")
    scenario = load_scenario(folder / "mixed-park")
    assert table_tabs(at) == [f"{t} ({len(scenario.tables[t])})" for t in schema.TABLE_ORDER]
    shown = the_editor(at)  # the first table's; before: ten editors, every table's rows
    assert shown.key == editor_key(at, "enterprises")
    assert len(shown.value) == len(scenario.tables["enterprises"])
    for table in ("demands", "sites", "enterprises"):
        shown = the_editor(show(at, table))
        assert shown.key == editor_key(at, table)
        assert len(shown.value) == len(scenario.tables[table])
        first = schema.TABLES[table].columns[0]  # headed by its title, as before
        assert json.loads(shown.proto.columns)[first.name]["label"].startswith(first.title)


def test_an_edit_survives_viewing_another_table_and_coming_back_and_is_solved_with(folder):
    at = show(opened("tiny"), "demands")
    at.session_state[editor_key(at, "demands")] = {
        "edited_rows": {2: {"demand_per_day": 10.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    check(at.run())
    assert "tiny + 1 edit" in sidebar(at)
    shown = the_editor(show(at, "sites"))
    assert shown.key == editor_key(at, "sites")
    assert "demand_per_day" not in shown.value.columns
    assert "tiny + 1 edit" in sidebar(at)
    back = the_editor(show(at, "demands"))
    assert back.value["demand_per_day"].tolist() == [60.0, 90.0, 10.0, 30.0]
    at.switch_page("optimizer/ui/pages/solve.py").run()
    check(at.button(key="solve:go").click().run())
    plan = at.session_state["sfo.plans"][-1].plan
    assert plan.label == "tiny + 1 edit"
    assert edit_lines(plan.provenance) == ["demands E3/sewage: demand_per_day 40 → 10"]
    at.switch_page("optimizer/ui/pages/scenario.py").run()  # the page comes back on demands
    assert the_editor(check(at)).value["demand_per_day"].tolist() == [60.0, 90.0, 10.0, 30.0]


def test_a_tab_counts_its_tables_errors_and_keeps_its_place_as_its_label_changes(folder):
    at = show(opened("tiny"), "demands")
    at.session_state[editor_key(at, "demands")] = {
        "edited_rows": {1: {"demand_per_day": -5.0}},
        "added_rows": [{"enterprise": "E1", "service": "sewage", "demand_per_day": -1.0}],
        "deleted_rows": [],
    }
    check(at.run())
    assert table_tabs(at)[1] == "demands (5): 3 errors"  # -5, -1 and E1/sewage twice
    assert table_tabs(at)[0] == "enterprises (4)"
    assert the_editor(at).key == editor_key(at, "demands")  # still open, its label changed
    at.session_state[editor_key(at, "demands")] = {
        "edited_rows": {1: {"demand_per_day": 90.0}},
        "added_rows": [],
        "deleted_rows": [4],
    }
    check(at.run())
    assert table_tabs(at)[1] == "demands (4)"
    assert the_editor(at).key == editor_key(at, "demands")
