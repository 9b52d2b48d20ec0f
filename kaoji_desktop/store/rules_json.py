"""RuleSet <-> JSON, kept in the year file's meta under "rules"."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any, get_type_hints

from kaoji_desktop.core.model import RULES_2017, RuleSet


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def dumps(rules: RuleSet) -> str:
    return json.dumps({f.name: _plain(getattr(rules, f.name))
                       for f in dataclasses.fields(rules)}, ensure_ascii=False)


def _like(template: Any, value: Any) -> Any:
    """Rebuild `value` (from JSON) in the shape of the default `template`."""
    if value is None:
        return None
    if isinstance(template, Decimal):
        return Decimal(str(value))
    if isinstance(template, bool):
        return bool(value)
    if isinstance(template, int):
        return int(value)
    if isinstance(template, tuple):
        if template and isinstance(template[0], tuple):  # rating_values
            return tuple((str(k), Decimal(str(v))) for k, v in value)
        return tuple(_like(template[0], v) for v in value)
    return value


def loads(text: str | None) -> RuleSet:
    """A RuleSet from JSON; missing keys keep the 2017 defaults."""
    if not text:
        return RULES_2017
    raw = json.loads(text)
    hints = get_type_hints(RuleSet)
    values = {}
    for f in dataclasses.fields(RuleSet):
        if f.name in raw and f.name in hints:
            default = getattr(RULES_2017, f.name)
            if default is None:  # optional Decimal (bonus_cap)
                values[f.name] = None if raw[f.name] is None else Decimal(str(raw[f.name]))
            else:
                values[f.name] = _like(default, raw[f.name])
    return dataclasses.replace(RULES_2017, **values)
