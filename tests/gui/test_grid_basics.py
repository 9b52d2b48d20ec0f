"""What Excel/WPS users reach for: find, selection sum, copy with headers,
Ctrl+S; Qt's own texts in Chinese; the user guide (F1)."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit, QMessageBox

from kaoji_desktop.gui.grid_delegate import CURRENT_MATCH_BRUSH, MATCH_BRUSH
from kaoji_desktop.gui.grid_selection import STATS_LABEL, selection_stats
from kaoji_desktop.gui.help import HelpDialog, help_path
from kaoji_desktop.gui.translations import install_translations
from tests.gui.test_keyboard_entry import focused, press, start_at, type_text

ROOT = Path(__file__).resolve().parents[2]


def shown(grid, row: int, col: int) -> str:
    return grid.proxy.index(row, col).data()


def stats_text(window) -> str:
    label = window.statusBar().findChild(QLabel, STATS_LABEL)
    return label.text() if label is not None else ""


# --- find -------------------------------------------------------------------


def test_ctrl_f_finds_highlights_and_f3_walks_the_matches(window, qtbot):
    page = window.page("人员考绩")
    QApplication.processEvents()
    grid = page.grid
    community = shown(grid, 0, 3)
    expected = [(r, 3) for r in range(grid.proxy.rowCount()) if shown(grid, r, 3) == community]
    assert len(expected) >= 2
    start_at(qtbot, grid, 0, 0)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = focused()
    assert isinstance(bar, QLineEdit) and bar.isVisible()
    type_text(qtbot, community)
    assert grid.find_matches() == expected
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == expected[0]
    assert f"1/{len(expected)}" in grid._find_bar.count.text()
    # F3 in the bar and in the grid: next; Shift+F3: previous, wrapping round
    press(qtbot, Qt.Key.Key_F3)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == expected[1]
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is grid and not grid._find_bar.isVisible()
    assert grid.itemDelegate() is grid.delegate  # a closed bar paints no matches…
    press(qtbot, Qt.Key.Key_F3)  # …but F3 still goes on with the last search
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == expected[2 % len(expected)]
    grid.setCurrentIndex(grid.proxy.index(*expected[0]))
    press(qtbot, Qt.Key.Key_F3, shift=True)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == expected[-1]


def test_find_matches_are_painted(window, qtbot):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    name = shown(grid, 2, 0)
    grid.open_find().edit.setText(name)
    option_for = grid.itemDelegate().initStyleOption
    from PySide6.QtWidgets import QStyleOptionViewItem

    def brush(row, col):
        option = QStyleOptionViewItem()
        option_for(option, grid.proxy.index(row, col))
        return option.backgroundBrush.color().name()

    match, current = MATCH_BRUSH.color().name(), CURRENT_MATCH_BRUSH.color().name()
    assert brush(2, 0) == current
    other = next(r for r in range(grid.proxy.rowCount()) if shown(grid, r, 0) != name)
    assert brush(other, 0) not in (match, current)
    grid.open_find().edit.setText("社区")  # in every community's name
    assert sorted(brush(r, 0) for r in range(grid.proxy.rowCount())) == \
        sorted([current] + [match] * (grid.proxy.rowCount() - 1))


def test_find_with_no_match_says_so(window, qtbot):
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    bar = grid.open_find()
    bar.edit.setText("没有这个内容")
    assert bar.count.text() == "无匹配"
    assert not grid.find_next()


def test_ctrl_f_from_the_menu_reaches_the_grid_in_use(window, qtbot):
    grid = window.page("双述双评").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 0, 0)
    window.ui.actionFind.trigger()
    assert grid._find_bar is not None and grid._find_bar.isVisible()
    assert window.ui.actionFind.shortcut().toString() == "Ctrl+F"
    assert window.ui.actionFindNext.shortcut().toString() == "F3"


# --- selection statistics ---------------------------------------------------


def test_selection_shows_count_sum_and_average_of_the_numbers(window, qtbot):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 0, 0)
    # 社区 name + three scores: the name is not counted
    selection = QItemSelection(grid.proxy.index(0, 0), grid.proxy.index(0, 3))
    grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    values = [Decimal(shown(grid, 0, c)) for c in (1, 2, 3)]
    total = sum(values)
    mean = (total / 3).quantize(Decimal("0.01"))
    assert stats_text(window) == f"计数：3　求和：{total}　平均：{mean}"
    # one cell: nothing (as in Excel); another page: nothing left behind
    grid.setCurrentIndex(grid.proxy.index(0, 1))
    assert stats_text(window) == ""
    grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    window.page("领导评价")
    assert stats_text(window) == ""


def test_selection_stats_are_decimal():
    assert selection_stats([Decimal("0.1"), Decimal("0.2"), "社区", None, True]) == \
        "计数：2　求和：0.3　平均：0.15"
    assert selection_stats([Decimal(1), 2, Decimal("0.005")]) == "计数：3　求和：3.005　平均：1.00"
    assert selection_stats(["a", None]) == ""


# --- copy -------------------------------------------------------------------


def test_copy_of_whole_rows_has_the_header_row(window, qtbot):
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    columns = grid.proxy.columnCount()
    grid.selectionModel().select(grid.proxy.index(1, 0),  # a click on the row number
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)
    grid.copy()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == [grid.header_text(c) for c in range(columns)]
    assert lines[1].split("\t") == [shown(grid, 1, c) or "" for c in range(columns)]
    assert len(lines) == 2
    # the whole table (Ctrl+A): header + every row
    start_at(qtbot, grid, 0, 0)
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == grid.proxy.rowCount() + 1 and lines[0].startswith("社区\t")
    # a block of cells: no header
    selection = QItemSelection(grid.proxy.index(0, 1), grid.proxy.index(1, 2))
    grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid.copy()
    assert QGuiApplication.clipboard().text() == \
        f"{shown(grid, 0, 1)}\t{shown(grid, 0, 2)}\n{shown(grid, 1, 1)}\t{shown(grid, 1, 2)}\n"


# --- Ctrl+S -----------------------------------------------------------------


def test_ctrl_s_says_every_change_is_saved_and_save_as_moved(window, qtbot, demo_file):
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 0, 0)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "已自动保存" in window.statusBar().currentMessage()
    assert demo_file.name in window.statusBar().currentMessage()
    assert QApplication.activeModalWidget() is None  # no 另存为 dialog
    assert window.ui.actionSaveAs.shortcut().toString() == "Ctrl+Shift+S"


# --- Chinese Qt texts -------------------------------------------------------


@pytest.fixture
def chinese(qapp):
    translators = []
    original = qapp.installTranslator

    def keep(t):
        translators.append(t)
        return original(t)

    qapp.installTranslator = keep  # type: ignore[method-assign]
    try:
        loaded = install_translations(qapp)
    finally:
        del qapp.installTranslator
    yield loaded
    for t in translators:
        qapp.removeTranslator(t)


def test_standard_buttons_are_chinese(chinese, qtbot):
    assert [p.name for p in chinese] == ["qtbase_zh_CN.qm"]
    box = QMessageBox(QMessageBox.Icon.Question, "确认", "继续吗？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    yes = box.button(QMessageBox.StandardButton.Yes).text().replace("(&Y)", "")
    no = box.button(QMessageBox.StandardButton.No).text().replace("(&N)", "")
    assert (yes, no) == ("是", "否")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(["确定", "取消", "关闭"])


def test_the_shipped_build_keeps_the_loaded_catalogs_and_the_guide():
    spec = importlib.util.spec_from_file_location("build_config_gridentry",
                                                  ROOT / "installer" / "build_config.py")
    bc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bc)
    from kaoji_desktop.gui.translations import CATALOGS

    for name in CATALOGS:
        assert bc.keep_file(f"PySide6/Qt/translations/{name}.qm")
        assert bc.keep_file(f"PySide6\\translations\\{name}.qm")
    guide = help_path()
    assert any(guide.is_relative_to(d) for d in bc.RESOURCE_DIRS)
    assert bc.keep_file(f"resources/help/{guide.name}")


# --- help -------------------------------------------------------------------


def test_f1_opens_the_chinese_user_guide(window, qtbot):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 0, 0)
    press(qtbot, Qt.Key.Key_F1)
    dialog = window._help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for words in ("新建年度", "科室填报", "公示", "已发文", "Ctrl+F", "Shift+Tab", "已自动保存"):
        assert words in text or words.replace("已自动保存", "自动保存") in text, words
    assert window.ui.actionHelp.text().startswith("使用说明")


def test_missing_guide_says_what_is_missing(qtbot, monkeypatch, tmp_path):
    import kaoji_desktop.gui.help as help_module

    monkeypatch.setattr(help_module, "help_path", lambda: tmp_path / "无此文件.html")
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    assert "找不到使用说明文件" in dialog.browser.toPlainText()
    assert "无此文件.html" in dialog.browser.toPlainText()


# --- rewards per community ----------------------------------------------------


def test_rewards_are_summed_per_community_with_a_total_row(window):
    result = window.controller.result
    page = window.page("奖励汇总")
    QApplication.processEvents()
    grid = page.grid
    headers = [grid.header_text(c) for c in range(grid.proxy.columnCount())]
    rows = {shown(grid, r, 0): {h: shown(grid, r, c) for c, h in enumerate(headers)}
            for r in range(grid.proxy.rowCount())}
    assert list(rows)[-1] == "合计"
    assert set(rows) - {"合计"} == {c.name for c in result.communities}
    for community in result.communities:
        posts = [(s, p) for s in result.staff for p in s.posts if p.community == community.name]
        expected = sum((p.reward for _, p in posts), Decimal(0))
        assert Decimal(rows[community.name]["奖励合计"]) == expected.quantize(Decimal("0.01"))
        a = sum((p.reward for _, p in posts if p.category == "A"), Decimal(0))
        assert Decimal(rows[community.name]["A类奖励"]) == a.quantize(Decimal("0.01"))
        assert rows[community.name]["社区等次"] == community.tier_name
    everyone = sum((s.reward for s in result.staff), Decimal(0))
    assert everyone > 0
    assert Decimal(rows["合计"]["奖励合计"]) == everyone.quantize(Decimal("0.01"))
    assert int(rows["合计"]["人数"]) == len(result.staff)


def test_rows_copied_with_their_header_paste_back_without_it(window, qtbot):
    grid = window.page("领导评价").grid
    QApplication.processEvents()
    grid.selectionModel().select(grid.proxy.index(0, 0),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect
                                 | QItemSelectionModel.SelectionFlag.Rows)
    grid.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("社区\t")
    name = shown(grid, 1, 0)
    grid.setCurrentIndex(grid.proxy.index(1, 0))
    grid.selectionModel().select(grid.proxy.index(1, 0),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    # row 1 of the first community pasted over the second: the header line is skipped;
    # the community name (a read-only key) differs and is refused as a whole
    assert not grid.paste(copied)
    assert "不能修改" in grid.refusal
    # values only (from the first editable column): pasted
    values = copied.splitlines()
    header, row = values[0].split("\t"), values[1].split("\t")
    grid.setCurrentIndex(grid.proxy.index(1, 1))
    assert grid.paste("\t".join(header[1:4]) + "\n" + "\t".join(row[1:4]) + "\n")
    QApplication.processEvents()
    assert [shown(grid, 1, c) for c in (1, 2, 3)] == row[1:4]
    assert shown(grid, 1, 0) == name
