"""奖励汇总 of a year whose inputs are missing: 未完成 and “—”, never
confident tiers and money (the rule of 社区排名 and 人员考绩)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kaoji_desktop.demo import demo_year
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.store import YearFile

# the inputs a dump → delete rows → import leaves out (only 年度, 社区, 条线,
# 人员, 班子成员, 规则参数 and 奖励基数 kept)
ENTERED = ("line_scores", "projects", "satisfaction", "satisfaction_ratings", "leader_scores",
           "bonus_items", "vetoes", "dual_reviews", "forced_ranks", "staff_line_scores",
           "head_scores")


def open_window(qtbot, path: Path):
    from kaoji_desktop.gui.app import create_window

    QApplication.instance().setFont(ui_font())
    win = create_window(str(path))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def table(grid) -> dict[str, dict[str, str]]:
    model = grid.proxy
    headers = [grid.header_text(c) for c in range(model.columnCount())]
    return {model.index(r, 0).data(): {h: model.index(r, c).data() for c, h in enumerate(headers)}
            for r in range(model.rowCount())}


@pytest.fixture
def window_on(qtbot, tmp_path: Path):
    windows = []

    def make(year) -> object:
        path = tmp_path / f"{len(windows)}.kaoji"
        YearFile.create(path, year, source="测试").close()
        windows.append(open_window(qtbot, path))
        return windows[-1]

    yield make
    for win in windows:
        win.close()


def test_empty_year_shows_no_tiers_or_money(window_on):
    win = window_on(replace(demo_year(), **dict.fromkeys(ENTERED, ())))
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


def test_complete_communities_keep_their_sums(window_on):
    year = demo_year()
    gone = year.communities[0].name
    win = window_on(replace(year, satisfaction=tuple(s for s in year.satisfaction
                                                     if s.community != gone)))
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


def test_complete_year_has_no_notice(window_on):
    page = window_on(demo_year()).page("奖励汇总")
    QApplication.processEvents()
    assert not page.notice.isVisible()
    assert table(page.grid)["合计"]["奖励合计"] != "—"
