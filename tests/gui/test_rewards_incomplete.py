"""奖励汇总 of a year whose inputs are missing: 未完成 and “—”, never
confident tiers and money (the rule of 社区排名 and 人员考绩)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import YearFile

# the inputs a dump → delete rows → import leaves out (only 年度, 社区, 条线,
# 人员, 班子成员, 规则参数 and 奖励基数 kept)
ENTERED = ("line_scores", "projects", "satisfaction", "satisfaction_ratings", "leader_scores",
           "bonus_items", "vetoes", "dual_reviews", "forced_ranks", "staff_line_scores",
           "head_scores")


def table(grid) -> dict[str, dict[str, str]]:
    model = grid.proxy
    headers = [grid.header_text(c) for c in range(model.columnCount())]
    return {model.index(r, 0).data(): {h: model.index(r, c).data() for c, h in enumerate(headers)}
            for r in range(model.rowCount())}


def empty_year():
    return replace(demo_year(), **dict.fromkeys(ENTERED, ()))


def one_community_unfinished():
    year = demo_year()
    gone = year.communities[0].name
    return replace(year, satisfaction=tuple(s for s in year.satisfaction
                                            if s.community != gone))


@pytest.fixture
def demo_file(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """The conftest's window opens this year instead of the demo."""
    path = tmp_path / "年度.kaoji"
    YearFile.create(path, request.param(), source="测试").close()
    return path


@pytest.mark.parametrize("demo_file", [empty_year], indirect=True)
def test_empty_year_shows_no_tiers_or_money(window):
    win = window
    page = win.page("奖励汇总")
    QApplication.processEvents()
    rows = table(page.grid)
    assert rows["合计"]["奖励合计"] == "—"
    for name, row in rows.items():
        if name != "合计":
            assert row["社区等次"] == "未完成"
        assert row["奖励合计"] == "—" and row["A类奖励"] == "—"
        assert row["数据"] == "未完成"
    assert page.notice.isVisible() and "未完成" in page.notice.text()
    # 社区排名: no 并列 on a year where every community is still at 0
    ranks = table(win.page("社区排名").grid)
    assert all("并列" not in (r["等次依据"] + r["说明"]) for r in ranks.values())


@pytest.mark.parametrize("demo_file", [one_community_unfinished], indirect=True)
def test_complete_communities_keep_their_sums(window):
    gone = demo_year().communities[0].name
    win = window
    result = win.controller.result
    page = win.page("奖励汇总")
    QApplication.processEvents()
    rows = table(page.grid)
    assert rows[gone]["社区等次"] == "未完成" and rows[gone]["奖励合计"] == "—"
    assert rows["合计"]["奖励合计"] == "—"
    for c in result.communities:
        people = [s for s in result.staff if any(p.community == c.name for p in s.posts)]
        if c.incomplete or any(s.incomplete for s in people):
            continue
        expected = sum((p.reward for s in people for p in s.posts if p.community == c.name),
                       Decimal(0))
        assert rows[c.name]["社区等次"] == c.tier_name
        assert Decimal(rows[c.name]["奖励合计"]) == expected.quantize(Decimal("0.01"))


@pytest.mark.parametrize("demo_file", [demo_year], indirect=True)
def test_complete_year_has_no_notice(window):
    page = window.page("奖励汇总")
    QApplication.processEvents()
    assert not page.notice.isVisible()
    assert table(page.grid)["合计"]["奖励合计"] != "—"
