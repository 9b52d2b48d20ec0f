"""Small builders of test YearData (shared by tests/core)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kaoji_desktop.core import compute_year
from kaoji_desktop.core.model import (
    BonusItem,
    Community,
    DualReview,
    LeaderScore,
    LineDef,
    LineScore,
    Post,
    Project,
    SatisfactionCounts,
    YearData,
    YearResult,
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


STAFF_LINES = (("城管", "城管办"), ("社会事务", "社会事务办"), ("党建", "党建办"))
RANKED = {"甲": "120", "乙": "110", "丙": "100"}  # ranks 1, 2, 3; tiers 1, 2, 3


def staff_year(totals: dict[str, str] | None = None, **extra: Any) -> YearData:
    """`year_with_totals` plus zero-mark annual lines the staff can be scored
    in (L), each entered as 0 so the year stays complete."""
    totals = totals or RANKED
    lines = ONE_LINE + tuple(LineDef(n, D(0), "年度", dept) for n, dept in STAFF_LINES)
    base = year_with_totals(totals)
    zeros = tuple(LineScore(c, n, "年度", D(0)) for c in totals for n, _ in STAFF_LINES)
    fields: dict[str, Any] = {"lines": lines, "line_scores": base.line_scores + zeros}
    fields.update(extra)
    return year_with_totals(totals, **fields)


def a_staff(reviews: list[str], **extra: Any) -> YearResult:
    """The results of A-class people 员00, 员01 … in community 甲 (rank 1),
    with both 双述双评 scores of each set to the given value."""
    names = [f"员{i:02d}" for i in range(len(reviews))]
    return compute_year(staff_year(
        posts=tuple(Post(n, "网格长", "甲") for n in names),
        dual_reviews=tuple(DualReview(n, D(v), D(v)) for n, v in zip(names, reviews, strict=True)),
        **extra,
    ))
