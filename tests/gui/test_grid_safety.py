"""Data safety of the grid (QA round 2): clearing or pasting blanks never
deletes a row (nor, through the file's cascade, its scores); a deletion goes
through 删除所选行 and undoes completely; Esc in the find bar leaves the
cursor where it was; a block with a header row (the program's own copy, or
Excel's without the "(…分)" suffix) pastes; 待办 lists raters in the year's
order; the department form keeps the keyboard after 否."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from PySide6.QtCore import QEventLoop, QItemSelection, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from kaoji_desktop.gui.pages.todo import missing_items
from tests.gui.helpers import cell
from tests.gui.test_department_form import form, row_of  # noqa: F401 - the fixture
from tests.gui.test_keyboard_entry import focused, press, start_at


def select(grid, row: int, first: int, last: int) -> None:
    """Cells first..last of a row selected, the cursor on the first."""
    grid.setCurrentIndex(grid.proxy.index(row, first))
    grid.selectionModel().select(
        QItemSelection(grid.proxy.index(row, first), grid.proxy.index(row, last)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect)


def on_disk(window):
    return window.controller.yf.load()


def clear_cells(qtbot, window, title: str, row_text: str, first: str, last: str):
    """Delete pressed on a row's cells from column `first` to `last`."""
    grid = window.page(title).grid
    QApplication.processEvents()
    row, c1 = cell(grid, row_text, first)
    _row, c2 = cell(grid, row_text, last)
    start_at(qtbot, grid, row, c1)
    select(grid, row, c1, c2)
    press(qtbot, Qt.Key.Key_Delete)
    return grid


# --- 1. clearing cells never deletes a row --------------------------------------


def test_delete_on_a_communitys_cells_keeps_it_and_its_scores(window, qtbot):
    before = on_disk(window)
    grid = clear_cells(qtbot, window, "社区", "虞师里社区", "旧改任务", "联系领导")
    assert on_disk(window) == before  # 旧改任务 has no empty value: nothing cleared
    assert "「旧改任务」列：不能为空" in grid.refusal and "均未清除" in grid.refusal
    assert any(c.name == "虞师里社区" for c in window.controller.data.communities)


def test_clearing_a_communitys_liaison_leader_empties_only_that_cell(window, qtbot):
    before = on_disk(window)
    assert next(c for c in before.communities if c.name == "虞师里社区").liaison_leader
    clear_cells(qtbot, window, "社区", "虞师里社区", "联系领导", "联系领导")
    after = on_disk(window)
    assert next(c for c in after.communities if c.name == "虞师里社区").liaison_leader == ""
    assert [c.name for c in after.communities] == [c.name for c in before.communities]
    for field in ("line_scores", "projects", "posts", "leader_scores", "bonus_items"):
        assert getattr(after, field) == getattr(before, field), field


def test_delete_on_a_lines_cells_keeps_the_line_and_its_scores(window, qtbot):
    before = on_disk(window)
    grid = clear_cells(qtbot, window, "条线", "监察", "分值", "责任科室")
    assert on_disk(window) == before
    assert "「分值」列：不能为空" in grid.refusal


def test_delete_on_one_months_cell_keeps_the_post(window, qtbot):
    before = on_disk(window)
    person = before.posts[0].person
    grid = clear_cells(qtbot, window, "人员与岗位", person, "在岗月数", "在岗月数")
    assert on_disk(window) == before
    assert "「在岗月数」列：不能为空（未清除；删除整行请用“删除所选行”）" in grid.refusal


def test_pasting_blanks_over_a_communitys_cells_keeps_it(window, qtbot):
    before = on_disk(window)
    grid = window.page("社区").grid
    QApplication.processEvents()
    row, col = cell(grid, "虞师里社区", "旧改任务")
    start_at(qtbot, grid, row, col)
    assert not grid.paste("\t\n")
    assert on_disk(window) == before
    assert "整块未粘贴" in grid.refusal


def test_deleting_rows_goes_through_delete_rows_and_undo_restores_all(window, qtbot):
    before = on_disk(window)
    page = window.page("社区")
    QApplication.processEvents()
    row, _col = cell(page.grid, "虞师里社区", "社区")
    page.grid.selectRow(row)
    assert page.delete_rows()
    gone = on_disk(window)
    assert "虞师里社区" not in [c.name for c in gone.communities]
    assert not any(s.community == "虞师里社区" for s in gone.line_scores)
    window.controller.undo_stack.undo()
    assert on_disk(window) == before


def test_delete_rows_asks_naming_the_dependents_and_no_keeps_all(window, qtbot, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or
                        QMessageBox.StandardButton.No)
    before = on_disk(window)
    page = window.page("社区")
    QApplication.processEvents()
    row, _col = cell(page.grid, "虞师里社区", "社区")
    page.grid.selectRow(row)
    assert not page.delete_rows()
    assert on_disk(window) == before
    scores = sum(s.community == "虞师里社区" for s in before.line_scores)
    assert asked and "虞师里社区" in asked[0] and f"条线得分 {scores} 条" in asked[0]
    assert "撤销" in asked[0]


def test_merged_clears_delete_score_rows_but_never_kept_lists():
    from kaoji_desktop.gui.grid_selection import merge_changes
    from kaoji_desktop.store import Change

    both = [Change("dual_reviews", ("李秀英",), {"a": None}),
            Change("dual_reviews", ("李秀英",), {"b": None})]
    assert merge_changes(both) == [Change("dual_reviews", ("李秀英",), None)]
    community = [Change("communities", ("虞师里社区",), {"renovation_task": None}),
                 Change("communities", ("虞师里社区",), {"liaison_leader": None})]
    assert merge_changes(community)[0].values == {"renovation_task": None,
                                                  "liaison_leader": None}
    score = [Change("staff_line_scores", ("李秀英", "城管"), {"score": None})]
    assert merge_changes(score, keep_rows="staff_line_scores") == score


# --- 2. Esc in the find bar keeps the cursor ------------------------------------


def test_esc_in_the_find_bar_leaves_the_cursor_on_its_cell(window, qtbot):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 2, 1)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is grid._find_bar.edit
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is grid
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (2, 1)


# --- 3. a block with a header row pastes ----------------------------------------


def test_the_programs_own_copy_of_the_whole_table_pastes_back(window, qtbot):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    start_at(qtbot, grid, 0, 0)
    grid.selectAll()
    grid.copy()
    copied = QGuiApplication.clipboard().text()
    before = on_disk(window)
    grid.setCurrentIndex(grid.proxy.index(0, 0))
    grid.selectionModel().select(grid.proxy.index(0, 0),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert grid.paste(copied) is False  # nothing differs: nothing to save…
    assert grid.refusal == ""  # …and nothing refused (96.10 is the 96.1 it holds)
    assert on_disk(window) == before


def test_an_excel_header_row_without_the_marks_suffix_is_dropped(window, qtbot):
    grid = window.page("条线评分").grid
    QApplication.processEvents()
    row, col = cell(grid, "虞师里社区", "监察")
    assert grid.header_text(col) != "监察"  # "监察(5分)"
    start_at(qtbot, grid, row, col)
    next_line = grid.header_text(col + 1).split("(")[0]
    assert grid.paste(f"监察\t{next_line}\n4.5\t4\n")
    QApplication.processEvents()
    assert Decimal(grid.proxy.index(row, col).data()) == Decimal("4.5")
    assert Decimal(grid.proxy.index(row, col + 1).data()) == Decimal(4)


def test_header_row_recognition():
    from kaoji_desktop.gui.grid_selection import is_header_row

    headers = ["监察(5分)", "信息与房产管理(5分)", "本期合计(100分)"]
    assert is_header_row(["监察", "信息与房产管理"], headers)
    assert is_header_row(["监察(5分)", "信息与房产管理"], headers)
    assert not is_header_row(["4.5", "4"], headers)
    assert not is_header_row(["监察", "4"], headers)
    assert not is_header_row(["", ""], headers)


# --- 4. 待办 lists raters in the year's order -------------------------------------


def test_todo_groups_leader_scores_in_the_years_leader_order(window):
    data = window.controller.data
    assert list(data.leaders) != sorted(data.leaders)  # else the test proves nothing
    empty = dataclasses.replace(data, leader_scores=())
    raters = [m.department for m in missing_items(empty) if m.page == "领导评价"]
    assert list(dict.fromkeys(raters)) == list(data.leaders)


# --- 5. the department form keeps the keyboard after 否 --------------------------


def answer_no_when_asked(monkeypatch) -> list[str]:
    """QMessageBox.question as a real modal box (tests/conftest.py answers it
    without showing one), on which 否 is pressed once it is up: the focus
    goes to the box and has to come back."""
    asked: list[str] = []

    def question(parent, title, text, buttons, default):
        box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
        box.setDefaultButton(default)
        loop = QEventLoop()
        box.finished.connect(loop.quit)

        def answer() -> None:
            if QApplication.activeModalWidget() is not box:
                QTimer.singleShot(10, answer)
                return
            asked.append(text)
            box.button(QMessageBox.StandardButton.No).click()

        box.open()
        QTimer.singleShot(10, answer)
        loop.exec()
        box.deleteLater()
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def on_the_clerks_value(win) -> int:
    """The cursor (and the keyboard) on 花柳塘社区·城管, which the clerk scored."""
    row = row_of(win, "花柳塘社区")
    win.activateWindow()
    win.grid.setFocus()
    win.grid.setCurrentIndex(win.grid.model().index(row, 1))
    QApplication.processEvents()
    return row


def test_department_form_gives_the_keyboard_back_after_no(form, qtbot, monkeypatch):  # noqa: F811
    row = on_the_clerks_value(form)
    asked = answer_no_when_asked(monkeypatch)
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert asked and "将清除考绩办已有的" in asked[0]
    assert focused() is form.grid
    assert form.grid.currentIndex().row() == row
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # the keys reach the grid again
    assert form.grid.currentIndex().row() == row + 1


def test_department_form_keyboard_after_no_in_an_editor(form, qtbot, monkeypatch):  # noqa: F811
    on_the_clerks_value(form)
    qtbot.keyClick(focused(), Qt.Key.Key_F2)
    editor = focused()
    editor.clear()
    asked = answer_no_when_asked(monkeypatch)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert asked
    assert focused() is form.grid or form.grid.isAncestorOf(focused())
    assert form.entry.values[("line_scores", ("花柳塘社区", "城管", "三季度"))] == Decimal("11.5")

