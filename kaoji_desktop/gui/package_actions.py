"""文件 menu entries for department packages and drag-and-drop of returns.

Kept apart from merge_dialog, which is imported on first use only: it pulls
in openpyxl (~150 ms), not needed to show the first window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction


def install_package_actions(window: Any) -> None:
    """文件 menu entries and drag-and-drop of returns on the main window."""
    menu = window.ui.menuFile
    make = QAction("生成科室任务包…", window)
    make.triggered.connect(lambda: _merge_dialog().export_package(window))
    merge = QAction("导入科室回执…", window)
    merge.triggered.connect(lambda: _merge_dialog().import_returns(window))
    anchor = window.ui.actionPrint
    menu.insertActions(anchor, [make, merge])
    menu.insertSeparator(anchor)
    window.package_actions = (make, merge)

    def enable(path: str) -> None:
        for action in (make, merge):
            action.setEnabled(bool(path) and window.controller.yf is not None
                              and not window.controller.yf.readonly)
    window.controller.file_changed.connect(enable)
    enable(str(window.controller.path or ""))
    window.setAcceptDrops(True)
    window.installEventFilter(_DropFilter(window))


def _merge_dialog() -> Any:
    from kaoji_desktop.gui import merge_dialog

    return merge_dialog


class _DropFilter(QObject):
    """Returns dropped onto the main window open the merge dialog."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if _merge_dialog().return_paths(event.mimeData()):  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif event.type() == QEvent.Type.Drop:
            dialogs = _merge_dialog()
            paths = dialogs.return_paths(event.mimeData())  # type: ignore[attr-defined]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                dialogs.import_returns(self.window, paths)
                return True
        return False
