"""Which language the words are in: the languages there are, picking one, and the one in use.

Every face picks a language once (the HTML report and the SME page take a ``language`` argument,
the command line ``--language``, the app a switch in its sidebar) and the words of this package
read it from :func:`current_language`, so no function between the face and the words has to pass
it along. English is the default everywhere.

>>> current_language()
'en'
>>> with using_language("zh"):
...     current_language()
'zh-Hans'
>>> language_of("fr")
Traceback (most recent call last):
ValueError: unknown language 'fr': expected one of en, zh-Hans (or zh)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: The languages, by their BCP 47 tag (what ``<html lang=...>`` says), with their own names.
LANGUAGES: dict[str, str] = {"en": "English", "zh-Hans": "简体中文"}
ENGLISH, CHINESE = "en", "zh-Hans"
#: Other ways of writing a language's tag (case does not matter).
_ALIASES = {"zh": CHINESE, "zh-cn": CHINESE, "zh-hans": CHINESE, "zh_cn": CHINESE, "en": ENGLISH}

_CURRENT: ContextVar[str] = ContextVar("optimizer_language", default=ENGLISH)


def language_of(value: str | None) -> str:
    """The tag of a language given as a tag or an alias (None: English).

    >>> language_of("zh-CN"), language_of(None), language_of("zh-Hans")
    ('zh-Hans', 'en', 'zh-Hans')

    Raises
    ------
    ValueError
        The language is not one of :data:`LANGUAGES`.
    """
    if value is None:
        return ENGLISH
    if value in LANGUAGES:
        return value
    tag = _ALIASES.get(str(value).strip().lower())
    if tag is None:
        raise ValueError(
            f"unknown language {value!r}: expected one of {', '.join(LANGUAGES)} (or zh)"
        )
    return tag


def current_language() -> str:
    """The language the words are in now (``en`` unless a face chose another)."""
    return _CURRENT.get()


def set_language(value: str | None) -> str:
    """Make a language the current one for the rest of this context (the app, once a run);
    returns its tag."""
    tag = language_of(value)
    _CURRENT.set(tag)
    return tag


@contextmanager
def using_language(value: str | None) -> Iterator[str]:
    """The words in a language within a ``with`` block, as before after it."""
    token = _CURRENT.set(language_of(value))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)
