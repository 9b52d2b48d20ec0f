"""Small builders of test YearData (shared by tests/core)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kaoji_desktop.core.model import (
    BonusItem,
    Community,
    LeaderScore,
    LineDef,
    LineScore,
    Project,
    SatisfactionCounts,
    YearData,
)

D = Decimal
ONE_LINE = (LineDef("综合", D(100), "年度", "考绩办"),)
LEADER = "王书记"


def year_with_totals(totals: dict[str, str | Decimal], **extra: Any) -> YearData:
    """A complete year whose communities reach exactly the given totals:
    one annual 100-point line, the rest (above 100) as an approved bonus,
    every other component entered as zero."""
    scores, bonus = [], []
    for name, total in totals.items():
        value = D(total)
        scores.append(LineScore(name, "综合", "年度", min(value, D(100))))
        if value > 100:
            bonus.append(BonusItem(name, "加分", value - 100, "通过"))
    fields: dict[str, Any] = {
        "year": 2017,
        "organisation": "大南街道",
        "communities": tuple(Community(n) for n in totals),
        "lines": ONE_LINE,
        "leaders": (LEADER,),
        "line_scores": tuple(scores),
        "projects": tuple(Project(n, "亮点", "项目", D(24), "", D(0)) for n in totals),
        "satisfaction": tuple(SatisfactionCounts(n, failed=1) for n in totals),
        "leader_scores": tuple(LeaderScore(n, LEADER, D(0)) for n in totals),
        "bonus_items": tuple(bonus),
    }
    fields.update(extra)
    return YearData(**fields)


def seven(*totals: str) -> dict[str, str]:
    """Communities 社区1..社区N with the given totals, in that order."""
    return {f"社区{i}": t for i, t in enumerate(totals, start=1)}
