"""No English text written into the app's code reaches a planner without the catalogue: every
label, help text, message and caption that the pages and their helpers hand to Streamlit comes
from ``tr()`` / ``term()`` (``docs/languages.md``), bar the few listed below as still English.

The check reads the source (Python's own parser): a string literal, an f-string's literal parts
or either branch of a conditional, handed to a Streamlit element as its label, body or help (or
to the page's flash message), that holds an English word; so is such a text first put in a
variable of the same function (or of the module) and then handed over by the variable's name,
alone or in an f-string (``head = "No plan ..."; st.error(head)``). A new one fails this test;
one listed below that is gone fails it too, so that the list stays true. (A text that crosses a
function or a module, a constant of another file or a function's return value, is not seen.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILES = sorted([*(REPO / "optimizer" / "ui").rglob("*.py"), REPO / "app.py"])

#: The Streamlit elements (and the app's own flash message) whose text a planner reads.
SHOWN = {
    *("button", "download_button", "form_submit_button", "page_link", "link_button"),
    *("selectbox", "radio", "checkbox", "toggle", "multiselect", "slider", "select_slider"),
    *("number_input", "text_input", "text_area", "file_uploader", "date_input"),
    *("error", "warning", "info", "success", "toast"),
    *("caption", "markdown", "write", "title", "header", "subheader", "text"),
    *("expander", "popover", "spinner", "status", "metric", "tabs", "flash"),
    *("TextColumn", "NumberColumn", "CheckboxColumn", "SelectboxColumn", "ProgressColumn"),
}
#: The keywords that carry such text.
TEXT_KEYWORDS = {"label", "help", "body", "placeholder", "caption"}
#: Words a text may keep in every language, and what is markup rather than words.
KEPT = {"YAML"}
MARKUP = re.compile(r"<[^>]*>|:material/[a-z_]+:|\{[^}]*\}")
WORD = re.compile(r"[A-Za-z]{2,}")

#: Still English in Chinese mode (docs/languages.md, "What is still English"), by file: the
#: start of each text.
STILL_ENGLISH: dict[str, tuple[str, ...]] = {}


def _texts(node: ast.AST, named: dict[str, list[str]] | None = None) -> list[str]:
    """The literal text of an argument: a string, an f-string's fixed parts, a sum of them, or
    both branches of ``a if c else b``; with ``named`` (a variable's name -> the texts assigned
    to it), also a variable's texts, alone or as a value of an f-string."""
    named = named or {}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        return named.get(node.id, [])
    if isinstance(node, ast.JoinedStr):
        fixed = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        values = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        return [fixed, *(t for v in values if isinstance(v, ast.Name) for t in _texts(v, named))]
    if isinstance(node, ast.BinOp):
        return _texts(node.left, named) + _texts(node.right, named)
    if isinstance(node, ast.IfExp):
        return _texts(node.body, named) + _texts(node.orelse, named)
    return []


def _assigned(scope: ast.AST) -> dict[str, list[str]]:
    """The texts assigned to each plain variable in a function or module (``x = "..."``,
    ``x: str = "..."``), wherever in it."""
    named: dict[str, list[str]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                named.setdefault(target.id, []).extend(_texts(value))
    return named


def _shown_calls(tree: ast.Module) -> list[tuple[ast.Call, dict[str, list[str]]]]:
    """Each call of a Streamlit element, with the variables' texts of its innermost function
    (or of the module)."""
    scopes = [
        tree,
        *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)),
    ]
    innermost: dict[int, ast.AST] = {}
    for scope in scopes:  # a function's calls are claimed again by the functions inside it
        for node in ast.walk(scope):
            innermost[id(node)] = scope
    texts = {id(scope): _assigned(scope) for scope in scopes}
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name in SHOWN:
            calls.append((node, texts[id(innermost[id(node)])]))
    return calls


def english_literals(path: Path) -> list[str]:
    """The English texts a file hands to Streamlit without the catalogue."""
    found = []
    for node, named in _shown_calls(ast.parse(path.read_text(encoding="utf-8"))):
        arguments = node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for argument in arguments:
            for text in _texts(argument, named):
                if set(WORD.findall(MARKUP.sub("", text))) - KEPT:
                    found.append(text)
    return found


def test_the_check_finds_a_literal_label_help_and_message(tmp_path):
    """The check itself: each way of writing English into a page is found."""
    page = tmp_path / "page.py"
    page.write_text(
        "st.button('Solve now')\n"
        "st.selectbox(tr('x'), [], help=f'{n} options')\n"
        "st.error('Broken' if bad else tr('ok'))\n"
        "state.flash('Saved.')\n"
        "st.caption(f'#### {tr(\"h\")}')\n"  # markup and a catalogue text: nothing English
        "st.text_area(label + ' (YAML)')\n",
        encoding="utf-8",
    )
    assert english_literals(page) == ["Solve now", " options", "Broken", "Saved."]


def test_the_check_finds_a_text_put_in_a_variable_first(tmp_path):
    """Before, a text put in a variable was not seen: the Solve page's heading of an infeasible
    scenario's problems (``head = (...); st.error(head)``) was English and passed."""
    page = tmp_path / "page.py"
    page.write_text(
        "def show(bad):\n"
        "    head = 'No plan meets every rule' if bad else 'The scenario has errors:'\n"
        "    st.error(head)\n"
        "    note = tr('solve.fix_first')\n"  # a catalogue text in a variable: nothing English
        "    st.caption(note, help=f'**{tip}**')\n"
        "    tip = 'Hover for more'\n"
        "\n"
        "def other():\n"
        "    st.warning(head)\n",  # another function's variable: not this one's
        encoding="utf-8",
    )
    assert english_literals(page) == [
        "No plan meets every rule",
        "The scenario has errors:",
        "Hover for more",
    ]


def test_no_english_literal_reaches_the_planner_without_the_catalogue():
    """Before: the Solve page's cost-allocation rules, the Results page's filters, order and
    notes, the Compare page's notes and the Scenario page's upload labels and settings notes
    were English in Chinese mode."""
    left = {}
    for path in FILES:
        name = path.relative_to(REPO).as_posix()
        allowed = STILL_ENGLISH.get(name, ())
        found = [t for t in english_literals(path) if not t.startswith(allowed)]
        if found:
            left[name] = found
    assert left == {}, f"English literals without tr(): {left}"


def test_the_list_of_what_is_still_english_is_true():
    for name, starts in STILL_ENGLISH.items():
        found = english_literals(REPO / name)
        for start in starts:
            assert any(t.startswith(start) for t in found), f"{name}: {start!r} is gone"
