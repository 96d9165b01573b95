"""The schema's descriptions on the Scenario page in the language shown (Streamlit's headless
AppTest): a settings field's help, a table's caption, a column's header help and a problem's
"at least one row (...)" are Chinese in Chinese mode, with their data (paths, column names) as
they are, and read as before in English, byte for byte.

The scenario ``nobody`` is tiny with its enterprises.csv reduced to its header.
"""

from __future__ import annotations

import shutil

from test_app_grid import columns, editor_of, folder, opened  # noqa: F401  (folder is a fixture)

from optimizer.scenario import load_scenario
from optimizer.schema import TABLES
from optimizer.ui.grid_columns import column_help
from optimizer.ui.setting_fields import setting_fields
from optimizer.ui.views import plain
from optimizer.words.catalogue.schema_descriptions import TABLE_DESCRIPTIONS
from optimizer.words.language import CHINESE, using_language


def _help_of(at, label_start: str) -> str:
    """The help of the settings form's number field whose label starts so."""
    (field,) = [w for w in at.number_input if w.label.startswith(label_start)]
    return field.help


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def test_the_settings_help_and_a_tables_caption_read_in_chinese(folder):  # noqa: F811
    """Before: the help and the caption's description were English in Chinese mode."""
    fields = {f.path: f for f in setting_fields(load_scenario(folder / "tiny"))}
    with using_language(CHINESE):
        rate_help = fields["discount_rate"].help
    at = opened("tiny", "zh-Hans")
    assert _help_of(at, "折现率") == plain(rate_help)
    assert _help_of(at, "折现率").startswith("计算年金所用的实际折现率（商业项目取 0.08")
    assert "设置项：discount\\_rate。单位：0 至 1。允许值：0 到 0.5 之间的数字。" in _help_of(
        at, "折现率"
    )
    editor = editor_of(at, "tiers")
    assert "可建设施的规模：按站点（'\\*' 表示所有站点）和服务分列。 编号：" in _captions(at)
    assert TABLES["tiers"].description not in _captions(at)
    tip = columns(editor)["capex_cny"]["help"]
    with using_language(CHINESE):
        assert tip == column_help(TABLES["tiers"].column("capex_cny"), "CNY")
    assert tip.startswith("文件中的列 capex_cny。投资额；现有设施不计（属沉没成本）。单位：CNY。")


def test_in_english_the_help_and_the_caption_read_as_before(folder):  # noqa: F811
    at = opened("tiny")
    assert _help_of(at, "Discount rate") == plain(
        "Real discount rate for annuities (0.08 commercial, 0.06 public-welfare water projects). "
        "Setting: discount_rate. Unit: 0 to 1. Allowed: a number from 0 to 0.5. Default: 0.08."
    )
    editor = editor_of(at, "tiers")
    assert (
        plain(TABLES["tiers"].description) + " Id: site + service + tier. Hover a column's header"
    ) in _captions(at)
    assert columns(editor)["capex_cny"]["help"] == (
        "Column capex_cny in the file. Investment; ignored (sunk) for an existing facility. "
        "Unit: CNY. Allowed: a number from 0 to 1e12. Required."
    )


def test_a_table_without_rows_is_listed_in_chinese_with_its_description(folder):  # noqa: F811
    """Before: "至少一行（The SMEs of the park, one row each.）" in Chinese mode."""
    shutil.copytree(folder / "tiny", folder / "nobody")
    enterprises = folder / "nobody" / "enterprises.csv"
    enterprises.write_text(enterprises.read_text(encoding="utf-8").splitlines()[0] + "\n")
    listed = "\n".join(e.value for e in opened("nobody", "zh-Hans").error)
    chinese = TABLE_DESCRIPTIONS[TABLES["enterprises"].description].rstrip("。")
    assert f"enterprises.csv：发现 没有任何行，应为 至少一行（{chinese}）" in listed, listed
    assert "The SMEs of the park" not in listed
    english = "\n".join(e.value for e in opened("nobody").error)
    assert (
        "enterprises.csv: found no rows, expected at least one row \\(The SMEs of the park, one "
        "row each.\\)"
    ) in english, english
