"""RuleSet <-> JSON, as kept in the year file's meta under "rules" and in the
year workbook's 规则参数 sheet (one parameter a row)."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from kaoji_desktop.core.rules import RULE_PARAMS, RULES_2017, RuleParam, RuleSet


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def plain_values(rules: RuleSet) -> dict[str, Any]:
    """Each parameter as a JSON value: Decimals as strings, tuples as lists."""
    return {p.name: _plain(getattr(rules, p.name)) for p in RULE_PARAMS}


def dumps(rules: RuleSet) -> str:
    return json.dumps(plain_values(rules), ensure_ascii=False)


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


def from_json(param: RuleParam, value: Any) -> Any:
    """A JSON value rebuilt as `param`'s Python value (ValueError, TypeError
    or ArithmeticError when it cannot be)."""
    if param.kind == "flag":
        return bool(value)
    if param.kind == "optional":
        return None if value is None else _decimal(value)
    if param.kind == "number":
        return _decimal(value)
    if param.kind == "ratings":
        return tuple((str(k), _decimal(v)) for k, v in value)
    if param.kind == "ratio":
        return tuple(int(v) for v in value)
    return tuple(_decimal(v) for v in value)  # triple


def loads(text: str | None) -> RuleSet:
    """A RuleSet from JSON; missing keys keep the 2017 defaults."""
    if not text:
        return RULES_2017
    raw = json.loads(text)
    values = {p.name: from_json(p, raw[p.name]) for p in RULE_PARAMS if p.name in raw}
    return dataclasses.replace(RULES_2017, **values)
