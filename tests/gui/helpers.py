"""Driving the window the way a clerk does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from kaoji_desktop.gui.grid import GridView


def cell(grid: GridView, row_text: str, column_header_start: str) -> tuple[int, int]:
    """Proxy (row, column) of the row whose first cell is `row_text` and the
    column whose header starts with `column_header_start`."""
    proxy = grid.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == row_text)
    col = next(c for c in range(proxy.columnCount())
               if str(proxy.headerData(c, Qt.Orientation.Horizontal)).startswith(
                   column_header_start))
    return row, col


def type_into(qtbot, grid: GridView, row: int, col: int, text: str) -> None:
    """Select a cell, type to overwrite, press Enter."""
    grid.setFocus()
    grid.setCurrentIndex(grid.proxy.index(row, col))
    qtbot.keyClick(grid, text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), "typing did not open an editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    QApplication.processEvents()


def find_row(grid: GridView, column: int, text: str) -> int:
    return next(r for r in range(grid.proxy.rowCount())
                if grid.proxy.index(r, column).data() == text)
