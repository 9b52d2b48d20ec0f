"""Department mode: a package filled by typing, saved as a return, merged back,
gives what typing the same values into the main window gives."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.packages import (
    STAFF_PERIOD,
    issue_package,
    merge_return,
    read_return,
    write_package,
)
from kaoji_desktop.gui.department import open_department
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.store import YearFile

THIRD = "三季度"


@pytest.fixture(autouse=True)
def no_modal_questions(monkeypatch):
    """Closing a window with unsaved entries asks; in tests the answer is yes."""
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)


def open_year_file(path: Path) -> Path:
    data = demo_year()
    data = dataclasses.replace(data, line_scores=tuple(
        s for s in data.line_scores if s.period not in (THIRD, "四季度")))
    YearFile.create(path, data).close()
    return path


def type_into(qtbot, grid, row: int, col: int, text: str) -> None:
    """Type into a cell as a user would: open its editor, type, press Enter."""
    def editors() -> list[QLineEdit]:
        return [e for e in grid.findChildren(QLineEdit) if e.isVisible()]

    for open_editor in editors():  # left open by a refused value: Esc gives it up
        qtbot.keyClick(open_editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not editors())
    index = grid.model().index(row, col)
    grid.setCurrentIndex(index)
    grid.edit(index)
    qtbot.waitUntil(lambda: len(editors()) == 1)
    editor = editors()[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    if grid.refusal:  # a refused value keeps its editor open with the text (grid.py)
        assert editors() == [editor] and editor.text() == text
        return
    qtbot.waitUntil(lambda: not editors())
    qtbot.wait(1)  # the deferred refresh


def department_window(qtbot, tmp_path: Path, dept: str, period: str):
    year = open_year_file(tmp_path / "clerk.kaoji")
    with YearFile.open(year) as yf:
        pkg = issue_package(yf, dept, period)
    package = write_package(pkg, tmp_path / "task.kjtask")
    QApplication.instance().setFont(ui_font())
    win = open_department(package)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return year, win


TYPED = ["11.5", "10", "9.25", "12", "8.5", "10.5", "11"]


def test_department_fill_merge_equals_main_window_typing(qtbot, tmp_path: Path):
    year, win = department_window(qtbot, tmp_path, "城管办", THIRD)
    for row, text in enumerate(TYPED):
        type_into(qtbot, win.grid, row, 1, text)
    assert win.entry.filled == 7
    assert win.progress.text() == "已填 7 / 7 格"
    win.signer.setText("李明")
    assert win.save_to(tmp_path / "r.kjret")
    win.entry.dirty = False
    ret = read_return(tmp_path / "r.kjret")
    assert ret.signer == "李明"
    with YearFile.open(year) as yf:
        merge_return(yf, ret)

    from kaoji_desktop.gui.app import create_window
    typed = open_year_file(tmp_path / "typed.kaoji")
    main = create_window(str(typed))
    qtbot.addWidget(main)
    main.show()
    page = main.page("条线评分")
    page.period.setCurrentText(THIRD)
    page.refresh()
    column = next(c for c, col in enumerate(page.models[0].columns)
                  if col.header.startswith("城管"))
    for row, text in enumerate(TYPED):
        type_into(qtbot, page.grid, row, column, text)
    main.close()
    with YearFile.open(year) as a, YearFile.open(typed) as b:
        merged, direct = a.load(), b.load()
    third = {(s.community, s.score) for s in merged.line_scores if s.period == THIRD}
    assert third == {(s.community, s.score) for s in direct.line_scores if s.period == THIRD}
    assert len(third) == 7
    assert compute_year(merged) == compute_year(direct)


def test_bad_value_is_refused_at_the_cell(qtbot, tmp_path: Path):
    _, win = department_window(qtbot, tmp_path, "城管办", THIRD)
    type_into(qtbot, win.grid, 0, 1, "13")
    assert win.entry.filled == 0
    assert "超出范围" in win.message.text()
    type_into(qtbot, win.grid, 0, 1, "abc")
    assert "不是数字" in win.message.text()


def test_paste_undo_and_signer_required(qtbot, tmp_path: Path):
    _, win = department_window(qtbot, tmp_path, "城管办", THIRD)
    win.grid.setCurrentIndex(win.grid.model().index(0, 1))
    assert win.grid.paste("10\n11\n12\n")
    assert win.entry.filled == 3
    win.entry.undo_stack.undo()
    assert win.entry.filled == 0
    assert not win.save_to(tmp_path / "r.kjret")
    assert "分管领导" in win.message.text()
    assert not (tmp_path / "r.kjret").exists()


def test_staff_package_shows_bands_and_ratio(qtbot, tmp_path: Path):
    _, win = department_window(qtbot, tmp_path, "城管办", STAFF_PERIOD)
    model = win.grid.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[0] == "姓名" and headers[-1] == "档次（参考）"
    for row in range(model.rowCount()):
        type_into(qtbot, win.grid, row, 2, "49")
    assert model.index(0, len(headers) - 1).data() == "优秀"
    assert "不符合 3:5:2" in win.guidance.text()
    win.entry.dirty = False


def test_reopening_resumes_from_saved_return(qtbot, tmp_path: Path):
    _, win = department_window(qtbot, tmp_path, "城管办", THIRD)
    type_into(qtbot, win.grid, 2, 1, "7.5")
    win.signer.setText("王芳")
    path = win.default_return_path()
    assert win.save_to(path)
    again = open_department(tmp_path / "task.kjtask")
    qtbot.addWidget(again)
    assert again.entry.filled == 1 and again.signer.text() == "王芳"
    assert again.previous is not None and again.previous.sequence == 1
    assert "已载入" in again.message.text()
    again.signer.setText("王芳")
    assert again.save_to(path)
    assert read_return(path).sequence == 2
    assert next(v for v in read_return(path).values.values() if v is not None) == Decimal("7.5")


@pytest.mark.parametrize("content", [b"", b"garbage"])
def test_damaged_package_refused_with_message(tmp_path: Path, content: bytes):
    from kaoji_desktop.exchange.packages import PackageError
    path = tmp_path / "bad.kjtask"
    path.write_bytes(content)
    with pytest.raises(PackageError, match="损坏"):
        open_department(path)
