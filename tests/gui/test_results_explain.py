"""人员考绩 and 社区排名 explain themselves: a person's place in the 3:5:2 pool,
ties, overflow, the fail rule; labels that follow the year's rules; row
numbers that count the rows shown."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaoji_desktop.core import compute_year
from kaoji_desktop.gui.pages.explain import staff_standing
from kaoji_desktop.gui.pages.results import CommunityResultsPage, StaffResultsPage
from tests.gui.helpers import find_row


def _headers(grid) -> list[str]:
    return [str(grid.proxy.headerData(c, Qt.Orientation.Horizontal))
            for c in range(grid.proxy.columnCount())]


def _cell(grid, row: int, header: str) -> str:
    return grid.proxy.index(row, _headers(grid).index(header)).data()


def _select(page, person: str) -> str:
    grid = page.grid
    grid.setCurrentIndex(grid.proxy.index(find_row(grid, 0, person), 0))
    QApplication.processEvents()
    return page.detail.toPlainText()


def test_a_person_s_detail_says_why_three_dang(window):
    page = window.page("人员考绩")
    assert isinstance(page, StaffResultsPage)
    text = _select(page, "蒋素珍")
    assert "A类22人中第20名；3:5:2名额 7/11/4；三档" in text
    row = find_row(page.grid, 0, "蒋素珍")
    assert _cell(page.grid, row, "类内名次") == "20"
    assert _cell(page.grid, row, "档次") == "三档"


def test_ties_name_who_shares_the_score_and_the_overflow(window):
    page = window.page("人员考绩")
    text = _select(page, "何国华")
    assert "与高峰同分（87.50）并列第18名" in text
    assert "二档12人，超出名额11人（同分并列）" in text
    grid = page.grid
    # both tied people carry the same place, the next one skips (1, 2, 2, 4)
    assert _cell(grid, find_row(grid, 0, "高峰"), "类内名次") == "18"
    assert _cell(grid, find_row(grid, 0, "蒋素珍"), "类内名次") == "20"
    assert "与高峰同分并列" in _cell(grid, find_row(grid, 0, "何国华"), "说明")
    # the overflow is said on the results page itself, not only on 考绩流程
    assert page.notice.isVisible()
    assert "A类二档12人，超出3:5:2名额11人（同分并列）" in page.notice.text()


def test_a_failed_person_s_detail_states_the_rule(window):
    page = window.page("人员考绩")
    text = _select(page, "丁浩")
    assert "条线评分与负责人评价均为不合格档，年度考核不合格" in text
    row = find_row(page.grid, 0, "丁浩")
    assert _cell(page.grid, row, "档次") == "不合格"
    assert _cell(page.grid, row, "类内名次") == "—"
    assert "年度考核不合格" in _cell(page.grid, row, "说明")


def test_rank_points_are_labelled_as_points(window):
    page = window.page("人员考绩")
    text = _select(page, "蒋素珍")
    assert "社区名次得分 " in text
    assert "社区名次 8" not in text.replace("社区名次得分", "")


def test_standing_follows_a_pooled_distribution(window):
    data = window.controller.data
    pooled_rules = dataclasses.replace(data.rules, pool_categories=True)
    pooled = compute_year(dataclasses.replace(data, rules=pooled_rules))
    standing = staff_standing(pooled, (3, 5, 2))
    distributed = [s for s in pooled.staff if not s.failed and s.grade]
    best = max(distributed, key=lambda s: s.score)
    assert standing[best.person].category_rank == 1
    assert standing[best.person].pool_size == len(distributed)
    assert standing[best.person].grade_detail.startswith(f"全体人员{len(distributed)}人中第1名")


def test_row_numbers_count_the_rows_shown(window):
    page = window.page("人员考绩")
    page.category.setCurrentText("C")
    QApplication.processEvents()
    proxy = page.grid.proxy
    assert proxy.rowCount() < len(window.controller.result.staff)
    assert [proxy.headerData(r, Qt.Orientation.Vertical) for r in range(3)] == ["1", "2", "3"]
    # sorted by name descending: still 1, 2, 3 from the top
    page.grid.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert proxy.headerData(0, Qt.Orientation.Vertical) == "1"
    assert proxy.index(0, 2).data() == "C"


def test_tier_labels_follow_a_changed_threshold(window):
    controller = window.controller
    rules = dataclasses.replace(controller.data.rules, over_threshold=Decimal(120),
                                promote_ratio=Decimal("0.9"))
    assert controller.set_rules(rules)
    QApplication.processEvents()
    page = window.page("社区排名")
    assert isinstance(page, CommunityResultsPage)
    QApplication.processEvents()
    grid = page.grid
    basis = [_cell(grid, r, "等次依据") for r in range(grid.proxy.rowCount())]
    notes = [_cell(grid, r, "说明") for r in range(grid.proxy.rowCount())]
    assert any("超过120分：第二等次→第一等次" in b for b in basis), basis
    assert any("90%规则" in b for b in basis), basis
    assert not any("130" in b or "95%" in b for b in basis + notes)
    # the breakdown of a moved community says the same
    moved = next(r for r, b in enumerate(basis) if "超过120分" in b)
    grid.setCurrentIndex(grid.proxy.index(moved, 0))
    QApplication.processEvents()
    assert "超过120分" in page.detail.toPlainText()
    assert "130" not in page.detail.toPlainText()


def test_move_labels_come_from_the_rules_by_name_or_by_rule_id():
    from types import SimpleNamespace

    from kaoji_desktop.core.model import RULES_2017
    from kaoji_desktop.gui.pages.explain import move_label

    rules = dataclasses.replace(RULES_2017, over_threshold=Decimal(125),
                                promote_ratio=Decimal("0.925"))
    old_style = SimpleNamespace(rule="超过130分")
    with_id = SimpleNamespace(rule="超过130分", rule_id="over_threshold")
    promote = SimpleNamespace(rule="95%规则", rule_id="promote")
    veto = SimpleNamespace(rule="一票否决", rule_id="veto")
    assert move_label(old_style, rules) == move_label(with_id, rules) == "超过125分"
    assert move_label(promote, rules) == "92.5%规则"
    assert move_label(veto, rules) == "一票否决"
