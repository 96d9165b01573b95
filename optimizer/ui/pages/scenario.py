"""Scenario page: open, pick a variant, edit settings (:mod:`optimizer.ui.settings_form`) and
tables, see problems, save, download.

Run by ``st.navigation`` (see ``app.py``); importing it draws nothing.
"""

from __future__ import annotations

import streamlit as st

from optimizer.compare_inputs import change_sentence
from optimizer.origin import edit_count
from optimizer.problems import ScenarioError
from optimizer.scenario import Scenario, load_scenario
from optimizer.ui import downloads, settings_form, state, storage, uploads, views
from optimizer.ui.scenario_tables import tables_section
from optimizer.words.catalogue import term, tr, tr_n
from optimizer.words.problem_text import problems_summary

SOURCES = ("Scenarios folder", "Upload .xlsx workbook", "Upload zipped scenario folder")
BASE = "(base scenario)"


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------


def open_section() -> None:
    """Open a scenario from the scenarios folder or from an upload."""
    with st.expander(tr("scenario.open"), expanded=state.scenario() is None):
        shown = {s: term(s) for s in SOURCES}  # worded now: the format may be called later
        source = st.radio(
            tr("scenario.from"), SOURCES, horizontal=True, key="open:source", format_func=shown.get
        )
        if source == SOURCES[0]:
            open_from_folder()
        else:
            open_from_upload("xlsx" if source == SOURCES[1] else "zip")


def open_from_folder() -> None:
    stored = storage.list_scenarios()
    if not stored:
        st.warning(tr("scenario.none_yet", folder=storage.scenarios_dir().name))
        return
    names = [s.name for s in stored]
    name = st.selectbox(tr("scenario.pick"), names, key="open:name")
    if st.button(tr("scenario.open_button"), key="open:folder", type="primary"):
        chosen = next(s for s in stored if s.name == name)
        try:
            opened = load_scenario(chosen.path)
        except ScenarioError as error:
            views.show_problems(error.problems, tr("problems.in", name=name))
            return
        kind = "xlsx" if chosen.path.suffix.lower() == ".xlsx" else "folder"
        request_open(opened, f"{storage.scenarios_dir().name}/{name}", kind)


def open_from_upload(kind: str) -> None:
    upload = st.file_uploader(
        tr(f"scenario.upload.{kind}", mb=uploads.MAX_UPLOAD_MB), type=[kind], key=f"open:{kind}"
    )
    opened = tr("scenario.open_upload")
    if upload is None or not st.button(opened, key=f"open:{kind}:go", type="primary"):
        return
    try:
        opened = uploads.scenario_from_upload(upload.name, upload.getvalue())
    except uploads.UploadError as error:
        st.error(str(error))
        return
    except ScenarioError as error:
        views.show_problems(error.problems, tr("problems.in", name=upload.name))
        return
    request_open(opened, upload.name, "upload")


def request_open(opened: Scenario, where: str, kind: str) -> None:
    """Open a scenario, or, when the one open has unsaved edits, ask first (:func:`confirm_drop`)."""
    if state.edits():
        state.ask_before_dropping(("open", opened, where, kind))
    else:
        state.open_scenario(opened, where, kind)
    st.rerun()


def _drop_and_go() -> None:
    action = state.pending()
    state.ask_before_dropping(None)
    if action is None:
        return
    if action[0] == "open":
        state.open_scenario(*action[1:])
        return
    try:
        state.choose_variant(action[1])
    except ScenarioError as error:
        state.flash(problems_summary(error.problems), "error")
        return
    st.session_state[state.opened_key("variant")] = action[1] or BASE


def confirm_drop(current: Scenario) -> None:
    """Ask before an open or a variant drops the unsaved edits; nothing is dropped until then."""
    action = state.pending()
    if action is None:
        return
    found = state.edits(current)
    if not found:  # nothing to lose (the edits were undone meanwhile)
        _drop_and_go()
        st.rerun()
    goal = (
        tr("scenario.goal_open", where=action[2])
        if action[0] == "open"
        else tr("scenario.goal_variant", variant=action[1] or tr("scenario.base"))
    )
    with st.container(border=True):
        st.warning(
            tr(
                "scenario.drop_warning",
                label=views.plain(current.label),
                edits=edit_count(len(found)),
                goal=views.plain(goal),
            )
        )
        left, right = st.columns(2)
        left.button(
            tr("scenario.drop", goal=goal), key="drop:go", type="primary", on_click=_drop_and_go
        )
        right.button(
            tr("scenario.keep"), key="drop:keep", on_click=state.ask_before_dropping, args=(None,)
        )


# ---------------------------------------------------------------------------------------------
# Header and variant
# ---------------------------------------------------------------------------------------------


def _variant_changed() -> None:
    key = state.opened_key("variant")
    chosen = st.session_state.get(key)
    name = None if chosen in (None, BASE) else chosen
    if state.edits():  # ask first; the picker shows the variant in use until then
        state.ask_before_dropping(("variant", name))
        st.session_state[key] = state.variant() or BASE
        return
    try:
        state.choose_variant(name)
    except ScenarioError as error:
        state.flash(problems_summary(error.problems), "error")


def unsaved_note(current: Scenario) -> None:
    """Say that the scenario has unsaved edits, how many, and list them."""
    found = state.edits(current)
    if not found:
        return
    st.warning(
        tr(
            "scenario.unsaved",
            edits=edit_count(len(found)),
            where=views.plain(state.origin()),
            title=views.plain(views.scenario_title(current)),
        )
    )
    with st.expander(tr("scenario.the_edits", edits=edit_count(len(found)))):
        st.markdown("\n".join(f"- {views.plain(change_sentence(e))}" for e in found))


def _variant_description(base: Scenario, name: str) -> str:
    declared = base.variants.get(name)
    described = declared.get("description") if isinstance(declared, dict) else None
    return str(described or "")


def header(current: Scenario) -> None:
    st.subheader(views.plain(current.label))
    where, described = (
        views.plain(state.origin()),
        views.plain(current.config.get("description") or ""),
    )
    st.caption(tr("scenario.from_where", where=where, description=described))
    base = state.loaded()
    if base is not None and base.variants:
        options = [BASE, *base.variants]
        key = state.opened_key("variant")
        st.session_state.setdefault(key, state.variant() or BASE)
        shown = {BASE: tr("scenario.base")}  # worded now: the format may be called later
        chosen = st.selectbox(
            tr("scenario.variant"),
            options,
            key=key,
            on_change=_variant_changed,
            help=tr("scenario.variant_help"),
            format_func=lambda name: shown.get(name, name),
        )
        if chosen != BASE and _variant_description(base, chosen):
            st.caption(views.plain(_variant_description(base, chosen)))
    with st.container():  # always there, so that the tabs below keep their place (and tab)
        unsaved_note(current)


# ---------------------------------------------------------------------------------------------
# Problems, saving, downloading
# ---------------------------------------------------------------------------------------------


def validation_summary(current: Scenario) -> None:
    found = state.problems(current)
    errors = [p for p in found if p.is_error]
    if not found:
        st.success(tr("scenario.no_problems"))
        return
    if errors:
        st.error(tr_n("grid.errors", len(errors)))
    views.show_problems(found)


def save_section(current: Scenario) -> None:
    st.markdown(f"#### {tr('scenario.h.save')}")
    blocked = bool(state.errors(current))
    left, right = st.columns([3, 2])
    with left:
        name = st.text_input(
            tr("scenario.save_as", folder=storage.scenarios_dir().name),
            value=current.name,
            key=state.widget_key("save:name"),
            help=tr("scenario.save_help"),
        )
        overwrite = st.checkbox(tr("scenario.overwrite"), key=state.widget_key("save:overwrite"))
        clicked = st.button(
            tr("scenario.save"),
            key=state.widget_key("save:go"),
            disabled=blocked,
            help=tr("scenario.fix_first") if blocked else None,
        )
    with right:
        st.download_button(
            tr("scenario.download"),
            data=lambda: downloads.scenario_bytes(current),
            file_name=downloads.scenario_file_name(current, edited=bool(state.edits(current))),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=state.widget_key("download:xlsx"),
            on_click="ignore",
        )
    if clicked:
        save(current, name.strip(), overwrite)


def save(current: Scenario, name: str, overwrite: bool) -> None:
    try:
        path = storage.save_as(current, name, overwrite)
    except storage.SaveRefused as error:
        st.error(tr("scenario.not_saved", error=error))
        return
    except (OSError, ScenarioError) as error:
        st.error(tr("scenario.disk_refused", error=error))
        return
    where = f"{path.parent.name}/{path.name}"
    state.open_scenario(load_scenario(path), where)
    state.flash(tr("scenario.saved", where=where))
    st.rerun()


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------


def render() -> None:
    st.title(tr("app.page.scenario"))
    message = state.flash()
    if message:
        getattr(st, message[0])(message[1])
    with st.container():  # always there (see header)
        if state.scenario() is not None:
            confirm_drop(state.scenario())
    open_section()
    current = state.scenario()
    if current is None:
        st.info(tr("scenario.start"))
        return
    header(current)
    summary = st.container()
    current = settings_form.settings_section(current)
    current, committed = tables_section(current)
    state.set_scenario(current)
    if committed:
        st.rerun()  # show the editors again from the committed tables
    with summary:
        validation_summary(current)
    save_section(current)


if __name__ == "__main__":
    render()
