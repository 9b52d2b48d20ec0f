"""Write a YearData as a year workbook (WORKBOOK.md import sheets).

Bench-local on purpose: the import benchmark needs a workbook even while the
exchange package's own writer is still being built. Sheet and column names
come from the exchange's spec, so the file is what an import expects.
Decimals are written as text when a float would not hold them exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from kaoji_desktop.core.model import YearData
from kaoji_desktop.exchange import workbook_spec as s

TIER_LABEL = {v: k for k, v in s.TIER_LABELS.items()}
RENOVATION = {True: "有", False: "无"}


def _num(value: Any) -> Any:
    if not isinstance(value, Decimal):
        return value
    if value == value.to_integral_value():
        return int(value)
    f = float(value)
    return f if Decimal(repr(f)) == value else str(value)


def _sheet(wb: Workbook, spec: s.SheetSpec, rows: Iterable[Sequence[Any]]) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append(list(spec.columns))
    for row in rows:
        ws.append([_num(v) for v in row])


def write_workbook(data: YearData, out: Path) -> Path:
    wb = Workbook(write_only=True)
    _sheet(wb, s.YEAR, [(data.year, data.organisation)])
    _sheet(wb, s.COMMUNITIES, ((c.name, RENOVATION[c.renovation_task], c.liaison_leader)
                               for c in data.communities))
    _sheet(wb, s.LINES, ((ln.name, ln.full_marks, ln.cycle, ln.department)
                         for ln in data.lines))
    _sheet(wb, s.LINE_SCORES, ((x.community, x.line, x.period, x.score)
                               for x in data.line_scores))
    _sheet(wb, s.PROJECTS, ((p.community, p.kind, p.name, p.points, p.department, p.score)
                            for p in data.projects))
    _sheet(wb, s.SATISFACTION, ((x.community, x.excellent, x.good, x.passed, x.failed)
                                for x in data.satisfaction))
    _sheet(wb, s.LEADER_SCORES, ((x.community, x.rater, x.score) for x in data.leader_scores))
    _sheet(wb, s.BONUS, ((b.community, b.item, b.points, b.status, b.note)
                         for b in data.bonus_items))
    _sheet(wb, s.VETOES, ((v.community, v.matter, v.note) for v in data.vetoes))
    _sheet(wb, s.POSTS, ((p.person, p.kind, p.community, p.months) for p in data.posts))
    _sheet(wb, s.DUAL_REVIEWS, ((r.person, r.a, r.b) for r in data.dual_reviews))
    _sheet(wb, s.FORCED_RANKS, ((r.person, r.rank) for r in data.forced_ranks))
    _sheet(wb, s.STAFF_LINES, ((x.person, x.line, x.score) for x in data.staff_line_scores))
    _sheet(wb, s.HEAD_SCORES, ((h.person, h.score) for h in data.head_scores))
    _sheet(wb, s.REWARD_BASES, ((r.kind, TIER_LABEL[r.tier], r.amount)
                                for r in data.reward_bases))
    _sheet(wb, s.LEADERS, ((n,) for n in data.leaders))
    _sheet(wb, s.RATINGS, ((r.community, r.respondent, r.rating)
                           for r in data.satisfaction_ratings))
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
