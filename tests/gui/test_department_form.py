"""The department form: confirm before clearing the clerk's value, last
period beside the current one, 扣分说明 carried to the clerk, information
not in red, a refused value keeps the cursor in its cell, the save counter."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.packages import (
    incoming,
    issue_package,
    merge_return,
    read_return,
    write_package,
)
from kaoji_desktop.gui.department import open_department
from kaoji_desktop.gui.department.window import ERROR_STYLE
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.store import YearFile
from tests.gui.test_department import type_into

D = Decimal
THIRD = "三季度"


def year_with_a_third_quarter_value(path: Path) -> Path:
    """The demo year, 四季度 open, 三季度 scored only for 花柳塘社区·城管 (11.5)."""
    data = demo_year()
    keep = [s for s in data.line_scores if s.period not in (THIRD, "四季度")]
    one = next(s for s in data.line_scores if s.period == "二季度" and s.line == "城管")
    keep.append(dataclasses.replace(one, period=THIRD, score=D("11.5")))
    YearFile.create(path, dataclasses.replace(data, line_scores=tuple(keep))).close()
    return path


@pytest.fixture
def form(qtbot, tmp_path: Path):
    year = year_with_a_third_quarter_value(tmp_path / "clerk.kaoji")
    with YearFile.open(year) as yf:
        pkg = issue_package(yf, "城管办", THIRD)
    QApplication.instance().setFont(ui_font())
    win = open_department(write_package(pkg, tmp_path / "task.kjtask"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.year = year
    yield win
    win.entry.dirty = False
    win.close()


def write_into(qtbot, grid, row: int, col: int, text: str) -> None:
    """Chinese text into a cell: an input method commits the whole text into
    the editor (QtTest cannot key non-ASCII), then Enter as a keyboard does."""
    index = grid.model().index(row, col)
    grid.setCurrentIndex(index)
    grid.edit(index)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    editor.selectAll()
    editor.insert(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not isinstance(QApplication.focusWidget(), QLineEdit))
    qtbot.wait(1)  # the deferred refresh


def headers(win) -> list[str]:
    model = win.grid.model()
    return [model.headerData(c, Qt.Orientation.Horizontal).replace("\n", "")
            for c in range(model.columnCount())]


def row_of(win, community: str) -> int:
    model = win.grid.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == community)


def test_last_period_shown_read_only_beside_the_current(form):
    heads = headers(form)
    assert heads[1].startswith("城管") and heads[2] == "城管二季度（参考）"
    model = form.grid.model()
    row = row_of(form, "花柳塘社区")
    demo = next(s.score for s in demo_year().line_scores
                if (s.community, s.line, s.period) == ("花柳塘社区", "城管", "二季度"))
    assert D(model.index(row, 2).data()) == demo
    assert not model.index(row, 2).flags() & Qt.ItemFlag.ItemIsEditable
    assert model.index(row, 1).flags() & Qt.ItemFlag.ItemIsEditable


def press_delete_on(qtbot, win, row: int, col: int) -> None:
    win.grid.setCurrentIndex(win.grid.model().index(row, col))
    win.grid.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)


@pytest.mark.parametrize(("answer", "kept"), [(QMessageBox.StandardButton.No, True),
                                              (QMessageBox.StandardButton.Yes, False)])
def test_clearing_a_clerks_value_asks_first(form, qtbot, monkeypatch, answer, kept):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or answer)
    row = row_of(form, "花柳塘社区")
    key = ("line_scores", ("花柳塘社区", "城管", THIRD))
    assert form.entry.values[key] == D("11.5")
    press_delete_on(qtbot, form, row, 1)
    assert asked == ["将清除考绩办已有的 花柳塘社区·城管·三季度 的 11.5，确定？"]
    assert (form.entry.values[key] == D("11.5")) is kept


def test_clearing_a_cell_the_department_typed_does_not_ask(form, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or
                        QMessageBox.StandardButton.Yes)
    row = row_of(form, "荷花社区")
    type_into(qtbot, form.grid, row, 1, "9")
    press_delete_on(qtbot, form, row, 1)
    assert not asked
    assert form.entry.values[("line_scores", ("荷花社区", "城管", THIRD))] is None


def test_refused_value_keeps_the_cursor_in_its_cell(form, qtbot):
    row = 1 if row_of(form, "花柳塘社区") == 0 else 0
    type_into(qtbot, form.grid, row, 1, "13")
    assert (form.grid.currentIndex().row(), form.grid.currentIndex().column()) == (row, 1)
    assert "超出范围" in form.message.text()
    assert form.message.styleSheet() == ERROR_STYLE
    type_into(qtbot, form.grid, row, 1, "12")  # accepted: Enter moves on
    assert form.grid.currentIndex().row() == row + 1


def test_information_is_not_shown_in_red(form, tmp_path: Path):
    form.signer.setText("李明")
    assert form.save_to(form.default_return_path())
    assert "回执已保存" in form.message.text() and form.message.styleSheet() == ""
    again = open_department(tmp_path / "task.kjtask")
    assert "已载入" in again.message.text() and again.message.styleSheet() == ""
    again.close()


def test_deduction_note_goes_into_the_return_the_preview_and_the_audit(form, qtbot,
                                                                       tmp_path: Path):
    row = row_of(form, "荷花社区")
    note_col = headers(form).index("城管扣分说明（选填）")
    type_into(qtbot, form.grid, row, 1, "10.5")
    write_into(qtbot, form.grid, row, note_col, "占道经营 3 处，扣 1.5 分")
    form.entry.undo_stack.undo()  # the note is one undo step
    assert not form.entry.notes
    form.entry.undo_stack.redo()
    form.signer.setText("李明")
    path = tmp_path / "r.kjret"
    assert form.save_to(path)
    ret = read_return(path)
    key = ("line_scores", ("荷花社区", "城管", THIRD))
    assert ret.notes == {key: "占道经营 3 处，扣 1.5 分"}
    with YearFile.open(form.year) as yf:
        item = incoming(yf, path)
        assert next(m.note for m in item.preview.items if m.key == key) == \
            "占道经营 3 处，扣 1.5 分"
        merge_return(yf, item.ret)
        notes = [a.note for a in yf.audit() if a.source == "合并回执"]
    assert notes and all("荷花社区·城管·三季度：占道经营 3 处，扣 1.5 分" in n for n in notes)


def test_every_save_increments_the_counter_even_without_the_earlier_return(form, tmp_path):
    form.signer.setText("李明")
    assert form.save_to(tmp_path / "a.kjret")
    assert form.save_to(tmp_path / "b.kjret")
    assert [read_return(tmp_path / n).sequence for n in ("a.kjret", "b.kjret")] == [1, 2]
    fresh = open_department(tmp_path / "task.kjtask")  # no return beside the package
    fresh.signer.setText("李明")
    assert fresh.previous is None and fresh.save_to(tmp_path / "c.kjret")
    assert read_return(tmp_path / "c.kjret").sequence == 3
    fresh.entry.dirty = False
    fresh.close()


@pytest.mark.parametrize(("typed", "stored", "words"), [
    ("-0", D(0), ""), ("Infinity", None, "不是数字"), ("1e400", None, "不是数字"),
    ("11.123456789", None, "最多保留两位小数"), ("NaN", None, "不是数字")])
def test_department_cells_read_through_the_one_reader(form, qtbot, typed, stored, words):
    row = 1 if row_of(form, "花柳塘社区") == 0 else 0
    type_into(qtbot, form.grid, row, 1, typed)
    value = form.entry.values[form.pkg.cell_key(form.pkg.rows[row], "城管")]
    assert value == stored and (value is None or not value.is_signed())
    assert words in form.message.text()
