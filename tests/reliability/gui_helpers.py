"""Finding and answering the window's message boxes in the GUI tests."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def shown_box(win: QWidget) -> QMessageBox:
    """The message box shown last (over `win` or top level)."""
    boxes = [w for w in QApplication.topLevelWidgets() + win.findChildren(QMessageBox)
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes, "no message box shown"
    return boxes[-1]


def click(box: QMessageBox, text: str) -> None:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()
    QApplication.processEvents()
