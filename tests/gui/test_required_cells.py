"""A required value cannot be cleared in the window (issue 16 QA): Delete on
个性项目's 类别 or 条线's 分值/评分周期 is refused with the import's words,
and nothing is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaoji_desktop.store import YearFile
from tests.gui.helpers import cell


def _load(path):
    with YearFile.open(path, readonly=True) as yf:
        return yf.load()


@pytest.mark.parametrize(("title", "column", "words"), [
    ("个性项目", "类别", "「个性项目」「类别」列：不能为空"),
    ("个性项目", "分值", "「个性项目」「分值」列：不能为空"),
    ("条线", "分值", "「条线」「分值」列：不能为空"),
    ("条线", "评分周期", "「条线」「评分周期」列：不能为空"),
    ("加减分申报", "状态", "「加减分」「状态」列：不能为空"),
])
def test_delete_on_a_required_cell_is_refused(window, qtbot, demo_file, title, column, words):
    before = _load(demo_file)
    page = window.page(title)
    grid = page.grid
    first = grid.proxy.index(0, 0).data()
    row, col = cell(grid, first, column)
    shown = grid.proxy.index(row, col).data()
    grid.setFocus()
    grid.setCurrentIndex(grid.proxy.index(row, col))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert words in window.statusBar().currentMessage()
    assert grid.proxy.index(row, col).data() == shown
    assert _load(demo_file) == before


def test_an_optional_cell_may_still_be_cleared(window, qtbot, demo_file):
    page = window.page("个性项目")
    grid = page.grid
    row, col = cell(grid, grid.proxy.index(0, 0).data(), "指导科室")
    grid.setFocus()
    grid.setCurrentIndex(grid.proxy.index(row, col))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert grid.proxy.index(row, col).data() in ("", None)
