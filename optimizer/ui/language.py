"""The app's language switch: English or Simplified Chinese, kept in the session's state, and
made the current language (:mod:`optimizer.words.language`) at the start of every run, so that
every page's words follow it."""

from __future__ import annotations

import streamlit as st

from ..words.catalogue import tr
from ..words.language import ENGLISH, LANGUAGES, language_of, set_language

#: The session-state key of the language chosen (its tag).
LANGUAGE_KEY = "ui:language"


def session_language() -> str:
    """Make the session's language the current one (English until the switch is used)."""
    return set_language(language_of(st.session_state.get(LANGUAGE_KEY) or ENGLISH))


def language_switch() -> str:
    """The switch in the sidebar (each language under its own name); returns the language."""
    with st.sidebar:
        chosen = st.selectbox(
            tr("app.language"),
            list(LANGUAGES),
            format_func=LANGUAGES.__getitem__,
            key=LANGUAGE_KEY,
        )
    return set_language(chosen)
