"""Renaming from the settings pages: one undo step, everything follows."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kaoji_desktop.store import YearFile
from tests.gui.helpers import cell


def type_name(qtbot, grid, row: int, col: int, text: str) -> None:
    """Open the cell's editor, put Chinese text in (QTest types ASCII only), Enter."""
    grid.setFocus()
    index = grid.proxy.index(row, col)
    grid.setCurrentIndex(index)
    grid.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "no editor opened"
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()

OLD = "双莲桥社区"
NEW = "双莲桥新社区"


def _swap(data):
    def fix(x):
        return dataclasses.replace(x, **{f.name: NEW for f in dataclasses.fields(x)
                                         if getattr(x, f.name) == OLD})
    return {f.name: tuple(fix(x) for x in getattr(data, f.name))
            for f in dataclasses.fields(data)
            if isinstance(getattr(data, f.name), tuple) and getattr(data, f.name)
            and dataclasses.is_dataclass(getattr(data, f.name)[0])}


def test_renaming_a_community_in_the_grid_follows_everywhere_and_undoes(window, qtbot, demo_file):
    c = window.controller
    before_data, before_result = c.data, c.result
    page = window.page("社区")
    page.refresh()
    row, col = cell(page.grid, OLD, "社区")
    type_name(qtbot, page.grid, row, col, NEW)
    qtbot.waitUntil(lambda: any(x.name == NEW for x in c.data.communities), timeout=3000)
    QApplication.processEvents()
    assert cell(page.grid, NEW, "社区")  # the grid shows the new name
    expected = dataclasses.replace(before_data, **_swap(before_data))
    assert c.data == expected
    totals = {x.name: x.total for x in c.result.communities}
    assert totals[NEW] == {x.name: x.total for x in before_result.communities}[OLD]
    assert [s.score for s in c.result.staff] == [s.score for s in before_result.staff]
    with YearFile.open(demo_file, readonly=True) as yf:
        assert yf.load() == expected
    assert c.undo_stack.count() == 1
    c.undo_stack.undo()
    assert c.data == before_data
    c.undo_stack.redo()
    assert c.data == expected


def test_renaming_to_an_existing_community_is_refused_at_the_cell(window, qtbot):
    c = window.controller
    before = c.data
    page = window.page("社区")
    page.refresh()
    other = next(x.name for x in before.communities if x.name != OLD)
    messages = []
    page.message.connect(messages.append)
    row, col = cell(page.grid, OLD, "社区")
    type_name(qtbot, page.grid, row, col, other)
    qtbot.wait(50)
    assert c.data == before and c.undo_stack.count() == 0
    assert any("名称须唯一" in m for m in messages)
