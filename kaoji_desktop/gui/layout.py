"""Layout that holds: the window kept on its screen (a size saved at 100 %
scaling is larger than the same screen at 150 %), rows re-measured after
every refresh."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget


class PageHolder(QWidget):
    """Holds the page stack inside a scroll area, filling it. Without a
    layout on purpose: a QStackedWidget reports the largest height-for-width
    of all its pages (their preferred height), which would make every page
    scroll; the main window sets the minimum to the shown page's instead."""

    def __init__(self, stack: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        stack.setParent(self)
        stack.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.stack.setGeometry(self.rect())


def reset_row_heights(grid: QTableView) -> None:
    """Every row back to one line before a refresh: a model reset keeps the
    rows' heights, so rows made tall for a long text that is gone would stay
    tall. The grid measures the rows that need more after the reset."""
    header = grid.verticalHeader()
    default = header.defaultSectionSize()
    if header.length() == header.count() * default:
        return  # no row is taller (the usual case: no loop over 6,000 rows)
    for section in range(header.count()):
        if header.sectionSize(section) != default:
            header.resizeSection(section, default)


def clamp_geometry(frame: QRect, available: QRect) -> QRect:
    """`frame` (the window's outer rectangle) moved, and shrunk if need be,
    to lie inside `available` (the screen without the taskbar)."""
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    left = min(max(frame.left(), available.left()), available.right() + 1 - width)
    top = min(max(frame.top(), available.top()), available.bottom() + 1 - height)
    return QRect(left, top, width, height)
