"""The words in every language, in one home: sentences by message id, and the names whose
English lives in a declaration.

* :data:`MESSAGES`: message id -> ``(English, Simplified Chinese)``, the sentences and labels the
  faces build (``{name}`` marks a value filled in; both texts have the same ones). An English
  plural is two ids, ``<id>.one`` and ``<id>.many`` (:func:`tr_n`); Chinese repeats itself.
* :data:`TERMS`: English -> Simplified Chinese for the names declared elsewhere in English (a KPI,
  a cost part, a plan-table column's title, unit and note, a setting's title): the declaration's
  English is the id, so a declaration stays one line in one place.
* :data:`SCHEMA_DESCRIPTIONS`: the schema's descriptions of its tables, columns and settings,
  messages whose id is the English as declared (:func:`scenario_description`).

:func:`tr` and :func:`term` give the text in :func:`~optimizer.words.language.current_language`.
Plain Python data: nothing to build or compile. ``tests/test_languages.py`` checks that every id
has a non-empty text in both languages with the same placeholders, and that every declared name
has its Chinese.
"""

from __future__ import annotations

import dataclasses
import string
from typing import Any, TypeVar

from ..language import ENGLISH, current_language
from .alone import ALONE
from .app_notes import APP_NOTES
from .app_words import APP_WORDS
from .batch import BATCH
from .caps import CAPS
from .chrome import CHROME
from .command_line import COMMAND_LINE
from .comparison import COMPARISON
from .diagnosis import DIAGNOSIS
from .explore import EXPLORE
from .explore_tables import EXPLORE_TABLES
from .failures import FAILURES
from .map_edit import MAP_EDIT
from .overrides import OVERRIDES
from .problems import PROBLEMS
from .provenance import PROVENANCE
from .reading import READING
from .report import REPORT
from .schema_descriptions import TABLE_DESCRIPTIONS
from .schema_terms import SCHEMA_COLUMN_TITLES, SCHEMA_TABLES, SERVICE_NAMES
from .setting_descriptions import SCHEMA_HELP, SETTING_DESCRIPTIONS
from .sme import SME
from .solving import SOLVING
from .terms import TERMS
from .verification import VERIFICATION

#: The schema's descriptions of its tables, columns and settings, each keyed by its English as
#: declared (:func:`scenario_description`).
SCHEMA_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    english: (english, chinese)
    for part in (TABLE_DESCRIPTIONS, SETTING_DESCRIPTIONS)
    for english, chinese in part.items()
}

#: Every message, by id: (English, Simplified Chinese).
#: Each module's messages, in one place; an id declared in two of them is an error (see tests).
PARTS: tuple[dict[str, tuple[str, str]], ...] = (
    REPORT,
    SME,
    CHROME,
    EXPLORE,
    EXPLORE_TABLES,
    CAPS,
    SOLVING,
    MAP_EDIT,
    APP_WORDS,
    ALONE,
    APP_NOTES,
    PROBLEMS,
    FAILURES,
    DIAGNOSIS,
    READING,
    OVERRIDES,
    SCHEMA_DESCRIPTIONS,
    SCHEMA_HELP,
    COMPARISON,
    PROVENANCE,
    VERIFICATION,
    BATCH,
    COMMAND_LINE,
)
MESSAGES: dict[str, tuple[str, str]] = {k: v for part in PARTS for k, v in part.items()}

__all__ = [
    "MESSAGES",
    "SCHEMA_COLUMN_TITLES",
    "SCHEMA_DESCRIPTIONS",
    "SCHEMA_TABLES",
    "TERMS",
    "localized",
    "placeholders",
    "scenario_column_title",
    "scenario_description",
    "scenario_table_title",
    "service_title",
    "term",
    "tr",
    "tr_n",
]

#: A declaration with a ``title``, a ``unit`` and a ``note`` (a plan-table column).
Declared = TypeVar("Declared")


def tr(key: str, /, **fields: Any) -> str:
    """The message ``key`` in the current language, its placeholders filled in.

    >>> tr("list.sep")
    ', '
    """
    english, chinese = MESSAGES[key]
    text = english if current_language() == ENGLISH else chinese
    return text.format(**fields) if fields else text


def tr_n(key: str, count: int, /, **fields: Any) -> str:
    """The message ``key`` for ``count`` things: ``<key>.one`` for one, else ``<key>.many``
    (``{count}`` is the count unless given).

    >>> tr_n("edit", 1), tr_n("edit", 1200, count=f"{1200:,}")
    ('1 edit', '1,200 edits')
    """
    fields.setdefault("count", count)
    return tr(f"{key}.{'one' if count == 1 else 'many'}", **fields)


def term(english: str) -> str:
    """A declared name in the current language (itself in English, and where no Chinese is
    declared: a name from the scenario's own data, such as a service, is shown as it is).

    >>> term("Capex")
    'Capex'
    """
    if current_language() == ENGLISH or not english:
        return english
    return TERMS.get(english, english)


def service_title(name: str) -> str:
    """A service (or a stream) as shown: its key in English, as the scenario names it; in
    Chinese the name of :data:`SERVICE_NAMES`, or the key when it has none.

    >>> service_title("sewage")
    'sewage'
    """
    if current_language() == ENGLISH:
        return name
    return SERVICE_NAMES.get(name, name)


def scenario_table_title(name: str) -> str:
    """A scenario table's name as shown: the name itself in English (the file and the sheet are
    named so), its Chinese title in Chinese.

    >>> scenario_table_title("tiers")
    'tiers'
    """
    return name if current_language() == ENGLISH else SCHEMA_TABLES.get(name, name)


def scenario_column_title(name: str, title: str) -> str:
    """A scenario column as a sentence about a file's cells names it: the column's name itself
    in English (as the files are headed), its declared ``title`` in Chinese.

    >>> scenario_column_title("capex_cny", "Capex")
    'capex_cny'
    """
    return name if current_language() == ENGLISH else term(title or name)


def scenario_description(english: str) -> str:
    """A table's, a column's or a setting's description as the schema declares it
    (``declared.description``), in the current language: itself in English, its Chinese of
    :data:`SCHEMA_DESCRIPTIONS` in Chinese (itself when none is declared).

    >>> from optimizer.words.language import using_language
    >>> scenario_description("Treatment capacity.")
    'Treatment capacity.'
    >>> with using_language("zh"):
    ...     scenario_description("Treatment capacity.")
    '处理能力。'
    """
    if current_language() == ENGLISH or english not in SCHEMA_DESCRIPTIONS:
        return english
    return SCHEMA_DESCRIPTIONS[english][1]


def localized(declared: Declared) -> Declared:
    """A declaration (a dataclass with ``title``, ``unit`` and ``note``, such as a plan-table
    :class:`~optimizer.plan_column.Column`) with its words in the current language; itself in
    English."""
    if current_language() == ENGLISH:
        return declared
    words = {
        name: term(getattr(declared, name))
        for name in ("title", "unit", "note")
        if hasattr(declared, name)
    }
    return dataclasses.replace(declared, **words)  # type: ignore[type-var]


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` of a text.

    >>> sorted(placeholders("{count} under {rule}: {x:,}"))
    ['count', 'rule', 'x']
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
