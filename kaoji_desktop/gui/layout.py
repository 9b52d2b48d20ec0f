"""Layout that holds: the window kept on its screen (a size saved at 100 %
scaling is larger than the same screen at 150 %), rows re-measured after
every refresh."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QTableView


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
