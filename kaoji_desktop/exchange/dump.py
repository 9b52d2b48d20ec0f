"""A year's data as a year workbook (WORKBOOK.md import format).

`dump_year` writes every input of `YearData`; importing the file gives the
same `YearData` back. Besides the contract's sheets it writes 班子成员,
满意度逐人测评 (only when there are any) and 规则参数 (the rule set, one
parameter a row, JSON values); import reads them when present.
"""

from __future__ import annotations

import json
from pathlib import Path

from kaoji_desktop.core import rules_json
from kaoji_desktop.core.model import RULE_PARAMS, RULES_2017, RuleSet, YearData
from kaoji_desktop.exchange import workbook_spec as s
from kaoji_desktop.exchange.xlsx_write import add_sheet, new_workbook, save_atomically

TIER_NAME = {v: k for k, v in s.TIER_LABELS.items()}


def _rules_rows(rules: RuleSet) -> list[list[object]]:
    values = rules_json.plain_values(rules)
    return [[p.name, json.dumps(values[p.name], ensure_ascii=False), p.label]
            for p in RULE_PARAMS]


def dump_year(data: YearData, out: str | Path) -> Path:
    """Write `data` to `out` (.xlsx) in the import format."""
    wb = new_workbook()

    def sheet(spec: s.SheetSpec, rows: list[list[object]]) -> None:
        add_sheet(wb, spec.name, spec.columns, rows)

    sheet(s.YEAR, [[data.year, data.organisation]])
    sheet(s.COMMUNITIES, [[c.name, "有" if c.renovation_task else "无", c.liaison_leader]
                          for c in data.communities])
    sheet(s.LINES, [[x.name, x.full_marks, x.cycle, x.department] for x in data.lines])
    sheet(s.LINE_SCORES, [[x.community, x.line, x.period, x.score] for x in data.line_scores])
    sheet(s.PROJECTS, [[x.community, x.kind, x.name, x.points, x.department, x.score]
                       for x in data.projects])
    sheet(s.SATISFACTION, [[x.community, x.excellent, x.good, x.passed, x.failed]
                           for x in data.satisfaction])
    sheet(s.LEADER_SCORES, [[x.community, x.rater, x.score] for x in data.leader_scores])
    sheet(s.BONUS, [[x.community, x.item, x.points, x.status, x.note] for x in data.bonus_items])
    sheet(s.VETOES, [[x.community, x.matter, x.note] for x in data.vetoes])
    sheet(s.POSTS, [[x.person, x.kind, x.community, x.months] for x in data.posts])
    sheet(s.DUAL_REVIEWS, [[x.person, x.a, x.b] for x in data.dual_reviews])
    sheet(s.FORCED_RANKS, [[x.person, x.rank] for x in data.forced_ranks])
    sheet(s.STAFF_LINES, [[x.person, x.line, x.score] for x in data.staff_line_scores])
    sheet(s.HEAD_SCORES, [[x.person, x.score] for x in data.head_scores])
    sheet(s.REWARD_BASES, [[x.kind, TIER_NAME.get(x.tier, x.tier), x.amount]
                           for x in data.reward_bases])
    sheet(s.LEADERS, [[name] for name in data.leaders])
    if data.satisfaction_ratings:
        sheet(s.RATINGS, [[x.community, x.respondent, x.rating]
                          for x in data.satisfaction_ratings])
    sheet(s.RULES, _rules_rows(data.rules or RULES_2017))
    return save_atomically(wb, out)
