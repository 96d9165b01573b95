"""The Settings section of the Scenario page: a widget per declared setting, tab by group (three
to a row, under a heading per service or pollutant), and every setting as YAML, the place to add,
rename or remove services and pollutants.

The fields come from :func:`optimizer.ui.editors.setting_fields`; the widget keys
(:func:`optimizer.ui.state.widget_key`) start afresh with each opened scenario or variant.
"""

from __future__ import annotations

import streamlit as st
import yaml

from ..problems import ScenarioError
from ..scenario import Scenario, load_yaml, parse_settings
from ..words.catalogue import term, tr
from . import editors, state, views


def _initial(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _yaml_text(value: object) -> str:
    if value in (None, [], {}):
        return ""
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=80).strip()


def _field_kind(field: editors.SettingField) -> str:
    declared, value = field.declared, field.value
    if declared.type == "list":
        return "yaml"
    if declared.type == "bool" and (value is None or isinstance(value, bool)):
        return "bool"
    if declared.choices and (value is None or isinstance(value, str)):
        return "choice"
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if declared.type in ("int", "float") and (value is None or number):
        return "number"
    if declared.type == "str" and (value is None or isinstance(value, str)):
        return "long" if field.path == "description" else "text"
    return "yaml"


def setting_widget(field: editors.SettingField) -> object:
    """Draw one setting's widget; return its value (None for an empty field)."""
    key = state.widget_key(field.key)
    kind = _field_kind(field)
    # a label and its tooltip are Markdown: names in them (services, pollutants) shown as written
    label, helptext = views.plain(field.label), views.plain(field.help)
    if kind == "bool":
        _initial(key, bool(field.value))
        return st.checkbox(label, key=key, help=helptext)
    if kind == "choice":
        options: list = list(field.declared.choices)
        if field.value not in options:
            options.insert(0, field.value)  # shown as it is (or as not set); the checks report it
        _initial(key, field.value)
        return st.selectbox(label, options, key=key, help=helptext, format_func=_choice_text)
    if kind == "number":
        _initial(key, field.value)
        whole = field.declared.type == "int"
        return st.number_input(
            label,
            key=key,
            help=helptext,
            step=1 if whole else None,
            format="%d" if whole else views.NUMBER_FORMAT,
        )
    if kind in ("text", "long"):
        _initial(key, field.value or "")
        widget = st.text_area if kind == "long" else st.text_input
        return widget(label, key=key, help=helptext) or None
    _initial(key, _yaml_text(field.value))
    text = st.text_area(label + " (YAML)", key=key, help=helptext)
    return _parsed_yaml(text, field)


def _choice_text(value: object) -> str:
    return tr("settings.not_set") if value is None else str(value)


def _parsed_yaml(text: str, field: editors.SettingField) -> object:
    if not text.strip():
        return [] if field.declared.type == "list" else None
    try:
        return load_yaml(text, field.path)
    except ScenarioError as error:
        views.show_problems(error.problems, tr("problems.not_applied"))
        return field.value


def settings_section(current: Scenario) -> Scenario:
    """Settings as widgets, tab by group; returns the scenario with the widgets' values."""
    fields = editors.setting_fields(current)
    settings, config = current.settings, current.config
    with st.expander(tr("settings.h"), expanded=False):
        tabs = st.tabs([*map(term, editors.GROUP_TITLES.values()), tr("settings.yaml_tab")])
        for tab, group in zip(tabs, editors.GROUP_TITLES, strict=False):
            with tab:
                settings = _group_widgets([f for f in fields if f.group == group], settings, config)
        with tabs[-1]:
            yaml_editor(current)
    if settings != current.settings:
        return current.with_settings(settings)
    return current


def _group_widgets(fields: list[editors.SettingField], settings: dict, config: dict) -> dict:
    """The widgets of one tab, three to a row, under a heading per service or pollutant."""
    if not fields:
        st.caption(tr("settings.nothing_here"))
        return settings
    titles = list(dict.fromkeys(f.title for f in fields))
    for title in titles:
        if title:
            st.markdown(f"**{views.plain(title)}**")
        block = [f for f in fields if f.title == title]
        wide = [f for f in block if _field_kind(f) in ("yaml", "long")]
        narrow = [f for f in block if f not in wide]
        columns = st.columns(3)
        for i, field in enumerate(narrow):
            with columns[i % 3]:
                settings = editors.with_setting(settings, config, field, setting_widget(field))
        for field in wide:
            settings = editors.with_setting(settings, config, field, setting_widget(field))
    return settings


def yaml_editor(current: Scenario) -> None:
    """Every setting as YAML: the place to add, rename or remove services and pollutants."""
    key = state.widget_key("settings-yaml")
    _initial(key, _yaml_text(current.settings))
    st.text_area(tr("settings.yaml_label"), key=key, height=320)
    if st.button(tr("settings.apply_yaml"), key=state.widget_key("settings-yaml-apply")):
        try:
            parsed = parse_settings(st.session_state[key], "scenario.yaml")
        except ScenarioError as error:
            views.show_problems(error.problems)
            return
        parsed.pop("variants", None)
        state.replace_scenario(current.with_settings(parsed))
        state.flash(tr("settings.yaml_applied"))
        st.rerun()
