"""文件 menu entries for department packages and drag-and-drop of returns.

Kept apart from the package dialogs and the merge dialog, which are imported
on first use only: they pull in openpyxl (~150 ms), not needed to show the
first window. Which dropped files are returns is the merge service's call
(`exchange.packages.service.return_paths`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QAction


def install_package_actions(window: Any) -> None:
    """文件 menu entries and drag-and-drop of returns on the main window."""
    menu = window.ui.menuFile
    make = QAction("生成科室任务包…", window)
    make.triggered.connect(lambda: _dialogs().export_package(window))
    merge = QAction("导入科室回执…", window)
    merge.triggered.connect(lambda: _merge_dialog().import_returns(window))
    listing = QAction("科室任务包一览…", window)
    listing.triggered.connect(lambda: _dialogs().show_packages(window))
    anchor = window.ui.actionPrint
    menu.insertActions(anchor, [make, merge, listing])
    menu.insertSeparator(anchor)
    window.package_actions = (make, merge)

    def enable(path: str) -> None:
        for action in (make, merge):
            action.setEnabled(bool(path) and window.controller.yf is not None
                              and not window.controller.yf.readonly)
        listing.setEnabled(bool(path) and window.controller.yf is not None)
    window.controller.file_changed.connect(enable)
    enable(str(window.controller.path or ""))
    window.setAcceptDrops(True)
    window.installEventFilter(_DropFilter(window))


def return_paths(mime: QMimeData) -> list[Path]:
    """Dropped files that may be returns: .kjret, and .xlsx filled templates."""
    if not mime.hasUrls():
        return []
    from kaoji_desktop.exchange.packages.service import return_paths as returns  # on use: openpyxl

    return returns([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])


def _merge_dialog() -> Any:
    from kaoji_desktop.gui import merge_dialog  # on first use: openpyxl

    return merge_dialog


def _dialogs() -> Any:
    from kaoji_desktop.gui import package_dialogs  # on first use: openpyxl

    return package_dialogs


class _DropFilter(QObject):
    """Returns dropped onto the main window open the merge dialog."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if return_paths(event.mimeData()):  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif event.type() == QEvent.Type.Drop:
            paths = return_paths(event.mimeData())  # type: ignore[attr-defined]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                _merge_dialog().import_returns(self.window, paths)
                return True
        return False
