"""A sentence of the catalogue kept as its message id and fields, to be said in a language later.

A check runs once and its problems are shown many times, in whichever language the planner picks
then (the app's switch may change between the two, and a solve's problems come back from another
process). So a problem does not hold a sentence already worded: it holds a :class:`Said`, a text
whose value (what ``str``, ``==``, ``in`` and the English faces see) is the English sentence,
byte for byte, and which keeps the message id and the fields it was made of; :func:`spoken` says
it in the current language. The fields are the facts (a file's name, a row's id, a column, a
value as written, a bound) and are never translated; a field that is itself a :class:`Said` (an
expectation inside a longer sentence), or a tuple of them (shown joined by commas), is said in the
same language, and so are a declared unit (:class:`Termed`), a declaration's description
(:class:`Described`) and a service's key (:class:`Service`).

>>> from optimizer.words.language import using_language
>>> text = said("problem.no_rows")
>>> text, text == "no rows", isinstance(text, str)
('no rows', True, True)
>>> with using_language("zh"):
...     spoken(text)
'没有任何行'
>>> spoken("a text from elsewhere")
'a text from elsewhere'
"""

from __future__ import annotations

from typing import Any

from .catalogue import MESSAGES, scenario_description, service_title, term, tr
from .language import ENGLISH, current_language


class Said(str):
    """A catalogue sentence: its value is the English; ``key`` and ``fields`` say it again in
    another language (:func:`spoken`)."""

    key: str
    fields: dict[str, Any]

    def __new__(cls, key: str, /, **fields: Any) -> Said:
        english = MESSAGES[key][0]
        shown = {name: _joined(value, str, ", ") for name, value in fields.items()}
        text = super().__new__(cls, english.format(**shown) if fields else english)
        text.key, text.fields = key, fields
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # A str subclass would be rebuilt from its value alone: keep the id and the fields when a
        # problem crosses a process boundary (the app's solve pool, batch workers).
        return (_rebuilt, (self.key, self.fields))

    def __repr__(self) -> str:
        return str.__repr__(self)


def _joined(value: Any, say: Any, comma: str) -> Any:
    """A field as a sentence shows it: a tuple of texts joined by ``comma``, each said by
    ``say``."""
    return comma.join(say(item) for item in value) if isinstance(value, tuple) else value


def _rebuilt(key: str, fields: dict[str, Any]) -> Said:
    return Said(key, **fields)


def said(key: str, /, **fields: Any) -> Said:
    """The message ``key`` with its fields, English now and said in any language later.

    >>> said("problem.duplicate_id", row_id="'E1'")
    "the duplicate id 'E1'"
    """
    return Said(key, **fields)


def said_n(key: str, count: int, /, **fields: Any) -> Said:
    """The message ``key`` for ``count`` things, as :func:`~optimizer.words.catalogue.tr_n`
    picks it (``<key>.one`` for one, else ``<key>.many``; ``{count}`` is the count unless
    given), said in any language later.

    >>> said_n("edit", 2)
    '2 edits'
    """
    fields.setdefault("count", count)
    return Said(f"{key}.{'one' if count == 1 else 'many'}", **fields)


class Termed(str):
    """A declared name (a unit such as ``t/year``) in a :class:`Said`'s fields: itself in
    English, its :data:`~optimizer.words.catalogue.TERMS` in another language.

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     spoken(Termed("t/year"))
    '吨/年'
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (Termed, (str(self),))


class Described(str):
    """A declaration's description (a table's, a column's, a setting's, as the schema declares
    it) in a :class:`Said`'s fields: in English the description itself, less its final full stop
    when ``bare``; in another language the catalogue's text
    (:func:`~optimizer.words.catalogue.scenario_description`), its final full stop left out
    inside the sentence. Looked up when said, so a problem found once says it in any language.

    >>> from optimizer.words.language import using_language
    >>> text = Described("Treatment capacity.", bare=True)
    >>> text, said("problem.at_least_one_row", description=Described("Node id."))
    ('Treatment capacity', 'at least one row (Node id.)')
    >>> with using_language("zh"):
    ...     spoken(text)
    '处理能力'
    """

    declared: str
    bare: bool

    def __new__(cls, declared: str, /, *, bare: bool = False) -> Described:
        text = super().__new__(cls, declared.rstrip(".") if bare else declared)
        text.declared, text.bare = declared, bare
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_described, (self.declared, self.bare))


def _described(declared: str, bare: bool) -> Described:
    return Described(declared, bare=bare)


class Service(str):
    """A service's key (``sewage``) in a :class:`Said`'s fields: itself in English, its name in
    another language (:func:`~optimizer.words.catalogue.service_title`).

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     spoken(Service("sewage"))
    '污水处理'
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (Service, (str(self),))


def spoken(text: Any) -> str:
    """A text in the current language: a :class:`Said` in words of that language (its fields
    that are :class:`Said`, :class:`Termed`, :class:`Described` or :class:`Service` too), any
    other text as it is."""
    if current_language() == ENGLISH or not isinstance(text, Said | Termed | Described | Service):
        return str(text)
    if isinstance(text, Termed):
        return term(str(text))
    if isinstance(text, Described):
        return scenario_description(text.declared).rstrip("。")
    if isinstance(text, Service):
        return service_title(str(text))
    fields = {
        name: spoken(value)
        if isinstance(value, Said | Termed | Described | Service)
        else _joined(value, spoken, tr("list.clauses"))
        for name, value in text.fields.items()
    }
    return tr(text.key, **fields)


def message_of(error: BaseException) -> str:
    """An error's message as it was raised: a :class:`Said` (a batch's arguments, a sweep; said
    in any language later), any other as ``str(error)``.

    >>> message_of(ValueError(said("batch.args.out"))).key, message_of(KeyError("k"))
    ('batch.args.out', "'k'")
    """
    message = error.args[0] if len(error.args) == 1 else None
    return message if isinstance(message, Said) else str(error)


def spoken_error(error: BaseException) -> str:
    """An error's message in the current language (:func:`message_of`, said).

    >>> from optimizer.words.language import using_language
    >>> with using_language("zh"):
    ...     spoken_error(ValueError(said("batch.args.out"))), spoken_error(ValueError("as is"))
    ('请指明结果写到哪里', 'as is')
    """
    return spoken(message_of(error))
