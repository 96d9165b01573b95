"""The settings form's fields, built from the declarations of :mod:`optimizer.schema`: one
field per concrete setting path (a service's or a pollutant's settings once per declared name),
its value, title and unit, and the settings with one field changed. Nothing here imports
Streamlit.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import schema
from ..coerce import expected
from ..plan_views import currency_in
from ..scenario import Scenario
from ..words.catalogue import localized, scenario_description, tr
from ..words.expectations import default_words
from ..words.said import spoken

#: A key absent from the settings (as opposed to one set to null).
MISSING = object()

#: Which tab of the settings form a group of settings goes to.
GROUP_TITLES = {
    "general": "General",
    "services": "Services",
    "pollutants": "Pollutants",
    "policy": "Policy",
    "solver": "Solver",
}


@dataclass(frozen=True)
class SettingField:
    """One field of the settings form: a concrete dotted path, its declaration and its value."""

    path: str
    declared: schema.Setting
    value: Any
    group: str
    title: str
    #: The scenario's currency and the unit of the setting's service ("" for none).
    currency: str
    unit: str

    @property
    def key(self) -> str:
        return "setting:" + self.path

    @property
    def label(self) -> str:
        """The field's heading: the declared title and unit (:meth:`optimizer.schema.Setting.label`)."""
        return localized(self.declared).label(self.path, self.currency, self.unit)

    @property
    def help(self) -> str:
        """The field's help text in the current language: the declared description, the path,
        the unit, what is allowed and the default.

        >>> from optimizer.scenario import load_scenario
        >>> fields = {f.path: f for f in setting_fields(load_scenario("scenarios/tiny"))}
        >>> fields["policy.capital_budget_cny"].help
        'Most capex of new shared facilities; null: no limit. Setting: \
policy.capital_budget_cny. Unit: CNY. Allowed: a number from 0 to 1e12; or empty (null).'
        """
        declared = self.declared
        allowed = spoken(expected(declared))
        if declared.nullable:
            allowed = tr("help.or_empty", allowed=allowed)
        unit = localized(declared).unit_in(self.currency, self.unit)
        default = declared.default not in (None, [])
        return tr(
            "help.setting",
            description=scenario_description(declared.description),
            path=self.path,
            unit=tr("help.unit", unit=unit) if declared.unit else "",
            allowed=allowed,
            default=tr("help.default", default=default_words(declared.default)) if default else "",
        )


def get_path(settings: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or :data:`MISSING`.

    >>> get_path({"policy": {"subsidy_rate": 0.2}}, "policy.subsidy_rate")
    0.2
    >>> get_path({"policy": None}, "policy.subsidy_rate") is MISSING
    True
    """
    node: Any = settings
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return MISSING
        node = node[part]
    return node


def set_path(settings: dict[str, Any], path: str, value: Any) -> None:
    """Set (or, with :data:`MISSING`, remove) the value at a dotted path, creating groups.

    >>> s = {}
    >>> set_path(s, "policy.max_facilities.sewage", 2)
    >>> s
    {'policy': {'max_facilities': {'sewage': 2}}}
    >>> set_path(s, "policy.max_facilities.sewage", MISSING)
    >>> s
    {'policy': {'max_facilities': {}}}
    """
    *parents, leaf = path.split(".")
    node = settings
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            if value is MISSING:
                return
            child = node[part] = {}
        node = child
    if value is MISSING:
        node.pop(leaf, None)
    else:
        node[leaf] = value


def _concrete(pattern: str, names: Mapping[str, Sequence[str]]) -> list[str]:
    """Expand ``<service>`` and ``<pollutant>`` placeholders into every declared name."""
    paths = [pattern]
    for placeholder, values in names.items():
        paths = [
            p.replace(f"<{placeholder}>", v, 1) if f"<{placeholder}>" in p else p
            for p in paths
            for v in (values if f"<{placeholder}>" in p else [None])
        ]
    return paths


def _group(path: str) -> tuple[str, str]:
    """The form group and the title of a concrete path."""
    parts = path.split(".")
    head = parts[0]
    if head in ("services", "pollutants"):
        return head, parts[1]
    if head in ("policy", "solver"):
        return head, ""
    return "general", ""


def _plain_number(value: Any, declared: schema.Setting) -> Any:
    """YAML numbers as the widget's type: ``60`` for a float setting is ``60.0``."""
    if value is None or isinstance(value, bool):
        return value
    if declared.type == "float" and isinstance(value, int | float):
        return float(value)
    if declared.type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def setting_fields(scenario: Scenario) -> list[SettingField]:
    """Every field of the settings form for this scenario's services and pollutants.

    Fields come by group, then by service or pollutant, then in declared order. Output streams of
    a service (a list) are one field edited as YAML; the parts of a stream are not fields of their
    own.
    """
    config = scenario.config
    names = {"service": sorted(config["services"]), "pollutant": sorted(config["pollutants"])}
    fields = []
    for declared in schema.SETTINGS:
        if "[]" in declared.path:
            continue
        for path in _concrete(declared.path, names):
            if "<" in path:
                continue  # no service or pollutant declared for this placeholder
            value = get_path(config, path)
            value = None if value is MISSING else _plain_number(value, declared)
            group, title = _group(path)
            service = declared.names_in(path).get("service", "")
            unit = str((config["services"].get(service) or {}).get("unit") or "")
            fields.append(
                SettingField(path, declared, value, group, title, currency_in(config), unit)
            )
    order = list(GROUP_TITLES)
    return sorted(fields, key=lambda f: (order.index(f.group), f.title))  # stable: declared order


def same_value(a: Any, b: Any) -> bool:
    """Equal as settings: numbers by value (``60 == 60.0``), NaN never set.

    >>> same_value(60, 60.0), same_value(None, 0), same_value([1], [1])
    (True, False, True)
    """
    if isinstance(a, float) and math.isnan(a):
        return False
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def with_setting(
    settings: Mapping[str, Any], config: Mapping[str, Any], field: SettingField, value: Any
) -> dict[str, Any]:
    """The settings with one field's new value; unchanged when it equals what is in effect.

    An empty value (None) writes null for a nullable setting (no limit) and removes the key of
    any other (its default applies again).
    """
    out = copy.deepcopy(dict(settings))
    in_effect = get_path(config, field.path)
    in_effect = None if in_effect is MISSING else in_effect
    if same_value(value, in_effect):
        return out
    if value is None:
        set_path(out, field.path, None if field.declared.nullable else MISSING)
        return out
    set_path(out, field.path, value)
    return out
