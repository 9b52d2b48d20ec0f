"""The real window: typing, pasting, refusing, undoing, reopening."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kaoji_desktop.core import compute_year
from kaoji_desktop.store import YearFile
from tests.gui.helpers import cell, find_row, type_into

RENOVATION = "四旧改造"
TARGET = "双莲桥社区"


def _score(path: Path, community: str, line_prefix: str, period: str) -> Decimal | None:
    with YearFile.open(path, readonly=True) as yf:
        return next((s.score for s in yf.load().line_scores if s.community == community
                     and s.line.startswith(line_prefix) and s.period == period), None)


def _result_row(window, community: str) -> dict[str, str]:
    page = window.page("社区排名")
    QApplication.processEvents()
    grid = page.grid
    row = find_row(grid, 1, community)
    headers = [grid.proxy.headerData(c, Qt.Orientation.Horizontal)
               for c in range(grid.proxy.columnCount())]
    return {h: grid.proxy.index(row, c).data() for c, h in enumerate(headers)}


def test_typing_a_line_score_moves_total_rank_and_tier(window, qtbot, demo_file):
    before = _result_row(window, TARGET)
    page = window.page("条线评分")
    page.period.setCurrentText("一季度")
    row, col = cell(page.grid, TARGET, RENOVATION)
    type_into(qtbot, page.grid, row, col, "20")

    assert _score(demo_file, TARGET, RENOVATION, "一季度") == Decimal(20)
    with YearFile.open(demo_file, readonly=True) as yf:
        expected = compute_year(yf.load()).community(TARGET)
    after = _result_row(window, TARGET)
    assert after["总分"] == f"{expected.total:.2f}" != before["总分"]
    assert after["名次"] == str(expected.rank) != before["名次"]
    assert after["等次"] == expected.tier_name != before["等次"]
    # Enter moved the cursor down, like a spreadsheet
    assert page.grid.currentIndex().row() == row + 1


def test_bad_value_is_refused_with_its_message_and_not_saved(window, qtbot, demo_file):
    page = window.page("条线评分")
    row, col = cell(page.grid, TARGET, "监察")
    old = _score(demo_file, TARGET, "监察", page.period.currentText())
    undo_count = window.controller.undo_stack.count()

    type_into(qtbot, page.grid, row, col, "6")  # full marks are 5
    assert "应在 0 到 5 之间" in window.statusBar().currentMessage()
    assert TARGET in window.statusBar().currentMessage()

    type_into(qtbot, page.grid, row, col, "abc")
    assert "不是数字" in window.statusBar().currentMessage()

    assert _score(demo_file, TARGET, "监察", page.period.currentText()) == old
    assert window.controller.undo_stack.count() == undo_count


def test_pasted_block_fills_grid_and_undoes_in_one_step(window, demo_file):
    page = window.page("条线评分")
    period = page.period.currentText()
    grid = page.grid
    row, col = cell(grid, grid.proxy.index(0, 0).data(), "监察")
    names = [grid.proxy.index(row + i, 0).data() for i in range(2)]
    before = {(n, p): _score(demo_file, n, p, period) for n in names for p in ("监察", "信息")}

    QGuiApplication.clipboard().setText("1.5\t2.5\r\n3\t4\r\n")  # as Excel puts it
    grid.setCurrentIndex(grid.proxy.index(row, col))
    window.ui.actionPaste.trigger()
    QApplication.processEvents()

    assert _score(demo_file, names[0], "监察", period) == Decimal("1.5")
    assert _score(demo_file, names[0], "信息", period) == Decimal("2.5")
    assert _score(demo_file, names[1], "监察", period) == Decimal(3)
    assert _score(demo_file, names[1], "信息", period) == Decimal(4)
    assert grid.proxy.index(row + 1, col + 1).data() == "4.00"  # scores show 2 decimals

    window.controller.undo_stack.undo()
    QApplication.processEvents()
    assert {k: _score(demo_file, k[0], k[1], period) for k in before} == before
    window.controller.undo_stack.redo()
    assert _score(demo_file, names[1], "信息", period) == Decimal(4)


def test_paste_with_one_bad_value_changes_nothing(window, demo_file):
    page = window.page("条线评分")
    period = page.period.currentText()
    grid = page.grid
    first = grid.proxy.index(0, 0).data()
    row, col = cell(grid, first, "监察")
    before = _score(demo_file, first, "监察", period)
    grid.setCurrentIndex(grid.proxy.index(row, col))
    assert not grid.paste("1\t2\n3\t99\n")
    assert "整块未粘贴" in window.statusBar().currentMessage()
    assert _score(demo_file, first, "监察", period) == before


def test_delete_clears_and_undo_restores(window, qtbot, demo_file):
    page = window.page("条线评分")
    period = page.period.currentText()
    row, col = cell(page.grid, TARGET, "监察")
    old = _score(demo_file, TARGET, "监察", period)
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.grid.proxy.index(row, col))
    qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    assert _score(demo_file, TARGET, "监察", period) is None
    window.undo_action.trigger()
    assert _score(demo_file, TARGET, "监察", period) == old


def test_reopening_the_file_shows_the_edits(qtbot, qapp, demo_file):
    from kaoji_desktop.gui.app import create_window

    first = create_window(str(demo_file))
    qtbot.addWidget(first)
    page = first.page("条线评分")
    row, col = cell(page.grid, TARGET, RENOVATION)
    page.grid.setCurrentIndex(page.grid.proxy.index(row, col))
    assert page.grid.paste("19.9")
    first.close()

    second = create_window(str(demo_file))
    qtbot.addWidget(second)
    page = second.page("条线评分")
    QApplication.processEvents()
    row, col = cell(page.grid, TARGET, RENOVATION)
    assert page.grid.proxy.index(row, col).data() == "19.90"
    assert second.windowTitle() == f"{demo_file.name} — 考绩桌面"
    second.close()
