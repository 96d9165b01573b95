"""The words of a plan's verification (:mod:`optimizer.verify`): what each rule says, one
difference as a sentence, and the verdict in a line or a badge.

Text only: the differences arrive as plain mappings (``kind, what, where, expected, found, unit,
note``), amounts with their unit (``CNY/year``, ``m3/d``), so that no face words them twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalogue import MESSAGES, term, tr, tr_n
from .catalogue.verification import RULES
from .numbers import money, number

#: Each rule a verification checks, as a reader would say it (in English; the words in both
#: languages are the catalogue's ``verify.rule.<rule>``, :func:`rule_words`).
RULE_WORDS: dict[str, str] = {
    key.removeprefix("verify.rule.")
    .replace("_", " ")
    .replace("self treatment", "self-treatment"): (english)
    for key, (english, _) in RULES.items()
}

#: The note that makes the expected value a bound ("expected at most ...").
ABOVE_LIMIT = "above the limit"


def rule_words(rule: str) -> str | None:
    """What a rule says, in the current language (None for a name that is not a rule).

    >>> rule_words("single sourcing"), rule_words("facilities.fixed_om")
    ('each demand goes to one place', None)
    """
    key = "verify.rule." + rule.replace(" ", "_").replace("-", "_")
    return tr(key) if key in MESSAGES else None


def _unit(unit: str) -> str:
    """A difference's unit in the current language (``CNY/year``, ``m3/d``)."""
    if unit.endswith("/year"):
        return tr("unit.per_year", cur=unit.removesuffix("/year"))
    if unit.endswith("/d"):
        return term("{unit}/d").format(unit=unit.removesuffix("/d"))
    return term(unit)


def shown(value: Any, unit: str = "", currency: str = "") -> str:
    """A value of a difference with its unit: amounts to the cent, quantities to 6 digits.

    >>> shown(1234.5, "CNY/year", "CNY"), shown(612.25, "m3/d", "CNY"), shown(None)
    ('1,234.50 CNY/year', '612.25 m3/d', '-')
    >>> shown("3f2a1c9e0b7d6a5f0c"), shown(3)
    ('3f2a1c9e0b7d', '3')
    """
    if value is None:
        return "-"
    if isinstance(value, str):
        return value[:12] if len(value) > 16 and value.isalnum() else value
    amount = number(value)
    if amount is None:
        return str(value)
    if currency and unit.startswith(currency):
        return money(amount, unit)
    text = f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.6g}"
    return f"{text} {unit}".strip()


def difference_sentence(difference: Mapping[str, Any], currency: str = "") -> str:
    """One difference as a reviewer reads it: what, where, expected against found, why.

    >>> difference_sentence(
    ...     {
    ...         "kind": "figure",
    ...         "what": "facilities.fixed_om",
    ...         "where": "S03/sewage",
    ...         "expected": 120000.0,
    ...         "found": 120001.0,
    ...         "unit": "CNY/year",
    ...     },
    ...     "CNY",
    ... )
    'figure differs: facilities.fixed_om at S03/sewage: expected 120,000.00 CNY/year, found 120,001.00 CNY/year'
    >>> difference_sentence(
    ...     {
    ...         "kind": "rule",
    ...         "what": "capacity",
    ...         "where": "S1/sewage",
    ...         "expected": 600.0,
    ...         "found": 620.0,
    ...         "unit": "m3/d",
    ...         "note": "above the limit",
    ...     }
    ... )
    "rule broken: capacity (a facility's load within its tier's capacity) at S1/sewage: expected at most 600 m3/d, found 620 m3/d; above the limit"
    """
    kind, what = str(difference.get("kind", "")), str(difference.get("what", ""))
    unit, note = str(difference.get("unit") or ""), str(difference.get("note") or "")
    kind_words = tr(f"verify.kind.{kind}") if f"verify.kind.{kind}" in MESSAGES else kind
    if kind == "input" and what == "input":
        return tr("verify.difference.input", kind=kind_words, note=note)
    rule = rule_words(what) if kind != "figure" else None
    where = difference.get("where", "")
    text = (
        tr("verify.difference.head_rule", kind=kind_words, what=what, rule=rule, where=where)
        if rule
        else tr("verify.difference.head", kind=kind_words, what=what, where=where)
    )
    expected, found = difference.get("expected"), difference.get("found")
    if expected is not None or found is not None:
        shown_unit = _unit(unit) if unit else ""
        text = tr(
            "verify.difference.at_most" if note == ABOVE_LIMIT else "verify.difference.values",
            head=text,
            expected=shown(expected, shown_unit, _shown_currency(currency, unit)),
            found=shown(found, shown_unit, _shown_currency(currency, unit)),
        )
    if note:
        note = tr("verify.above_limit") if note == ABOVE_LIMIT else note
        text = tr("verify.difference.note", text=text, note=note)
    return text


def _shown_currency(currency: str, unit: str) -> str:
    """The currency when the unit is an amount of it (so that it shows to the cent)."""
    return currency if currency and unit.startswith(currency) else ""


def verification_line(counts: Mapping[str, int], checked: int) -> str:
    """The verdict in one line.

    >>> verification_line({"input": 0, "rule": 0, "figure": 0}, 1200)
    'verified: same inputs, feasible, every figure exact (1,200 checks)'
    >>> verification_line({"input": 0, "rule": 2, "figure": 1}, 1200)
    'not verified: 2 rules broken, 1 figure differs (1,200 checks)'
    """
    parts = []
    if counts.get("input"):
        parts.append(tr("verify.inputs_differ"))
    for kind in ("rule", "figure"):
        if counts.get(kind):
            parts.append(tr_n(f"verify.{kind}s", counts[kind], count=f"{counts[kind]:,}"))
    if not parts:
        return tr("verify.ok", checked=f"{checked:,}")
    return tr("verify.not_ok", parts=tr("list.clauses").join(parts), checked=f"{checked:,}")


def verified_badge(ok: bool | None) -> str:
    """The app's badge on a plan.

    >>> verified_badge(True), verified_badge(False), verified_badge(None)
    ('verified', 'not verified', 'not yet verified')
    """
    if ok is None:
        return tr("verify.badge_none")
    return tr("verify.badge_ok") if ok else tr("verify.badge_not")
