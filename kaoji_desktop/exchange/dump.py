"""A year's data as a year workbook (WORKBOOK.md import format).

`dump_year` writes every input of `YearData`; importing the file gives the
same `YearData` back. Every table's sheet is written from its declaration in
`store/schema.py` (columns, headers, 有/无 and 等次 as written). Besides the
contract's sheets it writes 班子成员, 满意度逐人测评 (only when there are
any) and 规则参数 (the rule set, one parameter a row, JSON values); import
reads them when present.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kaoji_desktop.core import rules_json
from kaoji_desktop.core.model import RULE_PARAMS, RULES_2017, RuleSet, YearData
from kaoji_desktop.exchange import workbook_spec as s
from kaoji_desktop.exchange.xlsx_write import add_sheet, new_workbook, save_atomically


def _rules_rows(rules: RuleSet) -> list[list[object]]:
    values = rules_json.plain_values(rules)
    return [[p.name, json.dumps(values[p.name], ensure_ascii=False), p.label]
            for p in RULE_PARAMS]


def table_rows(spec: s.SheetSpec, records: tuple[Any, ...]) -> list[list[object]]:
    """A table's records as sheet rows, in the sheet's column order."""
    assert spec.table is not None
    by_header = {c.header: c for c in spec.table.cols}
    cols = [by_header[h] for h in spec.columns]
    if spec.table.record is None:  # leaders: plain names
        return [[r] for r in records]
    return [[c.choice(getattr(r, c.name)) for c in cols] for r in records]


def dump_year(data: YearData, out: str | Path) -> Path:
    """Write `data` to `out` (.xlsx) in the import format."""
    wb = new_workbook()
    add_sheet(wb, s.YEAR.name, s.YEAR.columns, [[data.year, data.organisation]])
    for spec in (*s.WORKBOOK_SHEETS[1:], s.LEADERS, s.RATINGS):
        assert spec.table is not None
        records = getattr(data, spec.table.field)
        if spec is s.RATINGS and not records:
            continue
        add_sheet(wb, spec.name, spec.columns, table_rows(spec, records))
    add_sheet(wb, s.RULES.name, s.RULES.columns, _rules_rows(data.rules or RULES_2017))
    return save_atomically(wb, out)
