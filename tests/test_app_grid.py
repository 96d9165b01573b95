"""The Scenario page's grids (Streamlit's headless AppTest): every column headed by its declared
title and unit, in English and in Chinese, its name in the file in the header's help; the unit of
each row's service where a table mixes units; a row with a problem marked in the grid; a number
that does not read as one kept as written instead of an empty cell; a tab per table and the
editor of the open one alone on the page, an edit kept while other tables are viewed.

A tab is opened as the browser's click does it: by the table the page remembers (``SHOWN_KEY``),
read on the next run. A table edit is made the way the browser makes it: the editor's state is
set under its key.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_app_languages import check

from optimizer import load_scenario, schema
from optimizer.origin import edit_lines
from optimizer.ui.editors import PROBLEMS, UNIT
from optimizer.ui.language import LANGUAGE_KEY
from optimizer.ui.scenario_tables import SHOWN_KEY
from optimizer.ui.storage import SCENARIOS_ENV
from optimizer.ui.worker import INLINE_ENV
from optimizer.words.language import ENGLISH, set_language

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A scenarios folder with tiny, mixed-park and ``typo`` (tiny with E2's demand written
    ``9O``, a letter O for a zero); the test's language is English again afterwards."""
    folder = tmp_path / "scenarios"
    for name in ("tiny", "mixed-park"):
        shutil.copytree(REPO / "scenarios" / name, folder / name)
    shutil.copytree(REPO / "scenarios" / "tiny", folder / "typo")
    demands = folder / "typo" / "demands.csv"
    text = demands.read_text(encoding="utf-8")
    assert "E2,sewage,90," in text
    demands.write_text(text.replace("E2,sewage,90,", "E2,sewage,9O,"), encoding="utf-8")
    monkeypatch.setenv(SCENARIOS_ENV, str(folder))
    monkeypatch.setenv(INLINE_ENV, "1")
    yield folder
    set_language(ENGLISH)


def opened(name: str, language: str = "en") -> AppTest:
    at = check(AppTest.from_file(str(APP), default_timeout=120).run())
    if language != "en":
        at.sidebar.selectbox(key=LANGUAGE_KEY).set_value(language)
        check(at.run())
    at.selectbox(key="open:name").set_value(name)
    check(at.button(key="open:folder").click().run())
    return at


def editor_of(at: AppTest, table: str):
    """The table's editor, its tab opened (the page draws the open tab's editor alone)."""
    at.session_state[SHOWN_KEY] = table
    check(at.run())
    (editor,) = at.data_editor
    assert editor.key == editor_key(at, table)
    return editor


def grids(at: AppTest) -> dict[str, object]:
    """The page's table editors by table, in the page's order, each tab opened in turn."""
    return {table: editor_of(at, table) for table in schema.TABLE_ORDER}


def columns(grid) -> dict[str, dict]:
    return json.loads(grid.proto.columns)


def editor_key(at: AppTest, table: str) -> str:
    generations = at.session_state["sfo.table_generations"]
    return f"g{at.session_state['sfo.generation']}:table:{table}:{generations.get(table, 0)}"


def edit(at: AppTest, table: str, edited: dict) -> AppTest:
    at.session_state[SHOWN_KEY] = table
    at.session_state[editor_key(at, table)] = {
        "edited_rows": edited,
        "added_rows": [],
        "deleted_rows": [],
    }
    return check(at.run())


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_every_grid_column_is_headed_by_its_title_and_unit_never_its_raw_name(folder, language):
    """Before: the English grids were headed ``capacity_per_day``, ``load_per_day``,
    ``capex_cny (CNY)``; capacity said "service unit/d"."""
    at = opened("mixed-park", language)
    for table, grid in grids(at).items():
        shown = columns(grid)
        for column in schema.TABLES[table].columns:
            label, tip = shown[column.name]["label"], shown[column.name]["help"]
            assert label.split(" (")[0] != column.name and not SNAKE.search(label), (table, label)
            assert re.search(rf"(?<!\w){column.name}(?!\w)", tip), (table, tip)  # in the help
            if language != "en":
                assert CJK.search(label), (table, label)
        for name in grid.value.columns:  # the grid's own columns too (unit, problems)
            label = shown[name]["label"]
            assert not SNAKE.search(label) and "service unit" not in label, (table, label)


def test_a_single_unit_table_says_its_unit_and_a_mixed_one_gives_each_rows(folder):
    tiny = grids(opened("tiny"))
    assert columns(tiny["tiers"])["capacity_per_day"]["label"] == "Capacity per day (m3/d)"
    assert columns(tiny["tiers"])["variable_cost_cny_per_unit"]["label"] == "Variable cost (CNY/m3)"
    assert columns(tiny["demands"])["standalone_capex_cny"]["label"] == "Own unit's capex (CNY)"
    assert UNIT not in tiny["demands"].value.columns  # one unit: in the header
    mixed = grids(opened("mixed-park"))
    demands = mixed["demands"].value
    assert columns(mixed["demands"])["demand_per_day"]["label"] == "Demand per day (unit/d)"
    assert columns(mixed["demands"])[UNIT]["label"] == "Unit"
    assert list(demands.columns).index(UNIT) == list(demands.columns).index("service") + 1
    units = dict(zip(demands["service"], demands[UNIT], strict=True))
    assert units == {"sewage": "m3", "spraying": "t", "dyeing_pretreatment": "m3"}, units


def test_a_row_with_a_problem_is_marked_in_its_grid(folder):
    """Before: the problems were listed above the grid only, the grid's rows unmarked."""
    at = opened("tiny")
    assert PROBLEMS not in editor_of(at, "demands").value.columns
    edit(at, "demands", {1: {"demand_per_day": -5.0}})
    grid = editor_of(at, "demands")
    marks = grid.value[PROBLEMS].tolist()
    assert marks[0] == marks[2] == ""  # an empty cell, not "None"
    assert marks[1].startswith("demand_per_day: found -5.0, expected a number from 0")
    assert columns(grid)[PROBLEMS]["disabled"] is True
    styles = grid.proto.arrow_data.styler.styles
    assert re.search(r"_row1_col0 \{ background-color: #fde2e1", styles), styles
    assert "_row0_col0 { background" not in styles
    assert PROBLEMS not in editor_of(at, "enterprises").value.columns  # no problem there
    edit(at, "demands", {1: {"demand_per_day": 90.0}})
    assert PROBLEMS not in editor_of(at, "demands").value.columns  # fixed: the mark is gone


def test_a_number_that_does_not_read_is_shown_as_written_until_it_is_fixed(folder):
    """Before: the cell showed "None" (the table holds nothing there) and the grid said nothing."""
    at = opened("typo")
    grid = editor_of(at, "demands")
    frame = grid.value
    assert frame["demand_per_day"].tolist() == ["60", "9O", "40", "30"]
    assert columns(grid)["demand_per_day"]["type_config"]["type"] == "text"
    assert "does not read as a number" in columns(grid)["demand_per_day"]["help"]
    assert (
        frame[PROBLEMS].tolist()[1] == "demand_per_day: found '9O', expected a number from 0 to 1e9"
    )
    summary = "\n".join(e.value for e in at.error)
    assert "demands \\(id E2/sewage\\), column demand\\_per\\_day: found '9O'" in summary
    # another cell edited: the text as written stays (and stays an error)
    edit(at, "demands", {0: {"demand_per_day": "65"}})
    frame = editor_of(at, "demands").value
    assert frame["demand_per_day"].tolist() == ["65", "9O", "40", "30"]
    # the cell fixed: a number column again, nothing marked, the number in the scenario
    edit(at, "demands", {1: {"demand_per_day": "90"}})
    grid = editor_of(at, "demands")
    assert columns(grid)["demand_per_day"]["type_config"]["type"] == "number"
    assert PROBLEMS not in grid.value.columns
    table = at.session_state["sfo.scenario"].tables["demands"]
    assert table["demand_per_day"].tolist() == [65.0, 90.0, 40.0, 30.0]


def test_rows_added_and_deleted_beside_the_grids_own_columns_keep_the_table(folder):
    """The unit and problems columns are the grid's, never the scenario's: rows added to a
    marked grid of mixed units land in the table with its declared columns only."""
    at = opened("mixed-park")
    demands = at.session_state["sfo.scenario"].tables["demands"]
    edit(at, "demands", {0: {"demand_per_day": -1.0}})
    grid = editor_of(at, "demands").value
    assert {PROBLEMS, UNIT} <= set(grid.columns)
    at.session_state[editor_key(at, "demands")] = {
        "edited_rows": {},
        "added_rows": [{"enterprise": "E001", "service": "spraying", "demand_per_day": 2.5}],
        "deleted_rows": [1],
    }
    check(at.run())
    table = at.session_state["sfo.scenario"].tables["demands"]
    assert list(table.columns) == list(schema.TABLES["demands"].column_names)
    assert len(table) == len(demands)  # one deleted, one added
    assert table.iloc[-1][["enterprise", "service", "demand_per_day"]].tolist() == [
        "E001",
        "spraying",
        2.5,
    ]
    assert table.iloc[0]["demand_per_day"] == -1.0


# ---------------------------------------------------------------------------------------------
# One editor: the open tab's
# ---------------------------------------------------------------------------------------------
# Before: the page drew the ten editors on every visit (152 kB and about 2 s of the browser's
# work on mixed-park, docs/app.md "Speed"), nine of them in tabs nobody looked at.


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
        at.session_state[SHOWN_KEY] = table
        shown = the_editor(check(at.run()))
        assert shown.key == editor_key(at, table)
        assert len(shown.value) == len(scenario.tables[table])
        first = schema.TABLES[table].columns[0]  # headed by its title, as before
        assert columns(shown)[first.name]["label"].startswith(first.title)


def test_an_edit_survives_viewing_another_table_and_coming_back_and_is_solved_with(folder):
    at = opened("tiny")
    edit(at, "demands", {2: {"demand_per_day": 10.0}})
    assert "tiny + 1 edit" in sidebar(at)
    shown = editor_of(at, "sites")
    assert "demand_per_day" not in shown.value.columns
    assert "tiny + 1 edit" in sidebar(at)
    assert editor_of(at, "demands").value["demand_per_day"].tolist() == [60.0, 90.0, 10.0, 30.0]
    at.switch_page("optimizer/ui/pages/solve.py").run()
    check(at.button(key="solve:go").click().run())
    plan = at.session_state["sfo.plans"][-1].plan
    assert plan.label == "tiny + 1 edit"
    assert edit_lines(plan.provenance) == ["demands E3/sewage: demand_per_day 40 → 10"]
    at.switch_page("optimizer/ui/pages/scenario.py").run()  # the page comes back on demands
    assert the_editor(check(at)).value["demand_per_day"].tolist() == [60.0, 90.0, 10.0, 30.0]


def test_a_tab_counts_its_tables_errors_and_keeps_its_place_as_its_label_changes(folder):
    at = opened("tiny")
    at.session_state[SHOWN_KEY] = "demands"
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
