"""Results out (导出结果): the three sheets of WORKBOOK.md.

社区考绩结果, 人员考绩结果 and 季度约谈名单. Scores are numeric cells shown
with 2 decimals; every text cell is written as text, never as a formula.
"""

from __future__ import annotations

from pathlib import Path

from kaoji_desktop.core.model import CommunityResult, StaffResult, YearResult
from kaoji_desktop.core.results import UNFINISHED
from kaoji_desktop.exchange.xlsx_write import (
    TWO_DECIMALS,
    add_sheet,
    new_workbook,
    save_atomically,
)

COMMUNITY_COLUMNS = ("名次", "社区", "条线得分", "个性项目", "满意度", "领导评价", "加减分",
                     "总分", "等次", "说明")
STAFF_COLUMNS = ("姓名", "类别", "社区", "得分", "档次", "奖金系数", "奖励金额", "说明")
TALK_COLUMNS = ("期次", "条线", "社区", "约谈类型", "约谈对象")
INCOMPLETE = UNFINISHED  # 说明 of a result whose inputs are not all entered


def community_note(c: CommunityResult) -> str:
    parts = [c.explanation] if c.explanation else []
    if c.incomplete:
        parts.append(INCOMPLETE)
    return "；".join(parts)


def staff_note(p: StaffResult) -> str:
    parts = []
    if p.failed:
        parts.append("条线评分与负责人评价均不合格，年度考核不合格")
    parts.extend(p.warnings)
    if p.incomplete:
        parts.append(INCOMPLETE)
    return "；".join(parts)


def staff_money(p: StaffResult) -> list[object]:
    """奖金系数 and 奖励金额: empty cells while the 档 is not final."""
    return [None, None] if p.incomplete else [p.coefficient, p.reward]


def export_results(result: YearResult, out: str | Path) -> Path:
    """Write the results workbook to `out` (replacing it atomically)."""
    wb = new_workbook()
    add_sheet(wb, "社区考绩结果", COMMUNITY_COLUMNS, (
        [c.rank, c.name, c.lines, c.projects, c.satisfaction, c.leadership, c.bonus, c.total,
         c.tier_text, community_note(c)]
        for c in result.communities
    ), widths=(6, 14, 10, 10, 9, 10, 9, 10, 10, 60), number_format=TWO_DECIMALS)
    add_sheet(wb, "人员考绩结果", STAFF_COLUMNS, (
        [p.person, p.kind, p.community, p.score, p.grade_text, *staff_money(p), staff_note(p)]
        for p in result.staff
    ), widths=(10, 14, 14, 9, 8, 10, 12, 60), number_format=TWO_DECIMALS)
    add_sheet(wb, "季度约谈名单", TALK_COLUMNS, (
        [t.period, t.line, t.community, t.kind, t.targets] for t in result.talks
    ), widths=(9, 30, 14, 14, 80))
    return save_atomically(wb, out)
