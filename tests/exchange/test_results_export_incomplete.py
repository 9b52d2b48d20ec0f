"""Results workbook of a year whose inputs are missing: no confident tiers,
档次, coefficients or money (the same rule as the results pages)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.results_export import export_results

# what `kaoji dump` writes beyond 年度, 社区, 条线, 人员, 班子成员, 规则参数, 奖励基数
ENTERED = ("line_scores", "projects", "satisfaction", "satisfaction_ratings", "leader_scores",
           "bonus_items", "vetoes", "dual_reviews", "forced_ranks", "staff_line_scores",
           "head_scores")


def sheet_rows(path: Path, name: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_empty_year_exports_unfinished_without_money(tmp_path: Path):
    year = replace(demo_year(), **dict.fromkeys(ENTERED, ()))
    result = compute_year(year)
    out = export_results(result, tmp_path / "r.xlsx")
    communities = sheet_rows(out, "社区考绩结果")
    assert communities and all(r["等次"] == "未完成" for r in communities)
    assert not any("并列" in (r["说明"] or "") for r in communities)
    assert all("未完成" in r["说明"] for r in communities)
    staff = sheet_rows(out, "人员考绩结果")
    assert len(staff) == len(result.staff) > 0
    for r in staff:
        assert r["档次"] == "未完成" and r["奖金系数"] is None and r["奖励金额"] is None
        assert "未完成" in r["说明"]


def test_only_the_unfinished_community_loses_its_tier(tmp_path: Path):
    year = demo_year()
    gone = year.communities[0].name
    year = replace(year, satisfaction=tuple(s for s in year.satisfaction
                                            if s.community != gone))
    result = compute_year(year)
    out = export_results(result, tmp_path / "r.xlsx")
    tiers = {r["社区"]: r["等次"] for r in sheet_rows(out, "社区考绩结果")}
    assert tiers[gone] == "未完成"
    assert all(tiers[c.name] == c.tier_name for c in result.communities if not c.incomplete)
    for r in sheet_rows(out, "人员考绩结果"):
        person = result.person(r["姓名"])
        if person.incomplete:
            assert r["奖励金额"] is None
        else:
            assert r["档次"] == person.grade_name and r["奖励金额"] is not None
