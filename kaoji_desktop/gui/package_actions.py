"""文件 menu entries for department packages and drag-and-drop of returns.

The merge dialog is handed in by the main window (`install_package_actions`'s
`merge`): it imports `return_paths` from here, so this module never imports
it back. Which dropped files are returns is the merge service's call
(`exchange.packages.service.return_paths`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QAction

from kaoji_desktop.exchange.packages.service import return_paths as returns
from kaoji_desktop.gui import package_dialogs

if TYPE_CHECKING:
    from kaoji_desktop.gui.mainwindow import MainWindow


# opens the merge preview of returns (all asked for when None): merge_dialog.import_returns
MergeReturns = Callable[["MainWindow", "list[Path] | None"], object]


def install_package_actions(window: MainWindow,
                            merge_returns: MergeReturns) -> tuple[QAction, QAction]:
    """文件 menu entries and drag-and-drop of returns on the main window; the
    actions that need a writable file (生成科室任务包…, 导入科室回执…)."""
    menu = window.ui.menuFile
    make = QAction("生成科室任务包…", window)
    make.triggered.connect(lambda: package_dialogs.export_package(window))
    merge = QAction("导入科室回执…", window)
    merge.triggered.connect(lambda: merge_returns(window, None))
    listing = QAction("科室任务包一览…", window)
    listing.triggered.connect(lambda: package_dialogs.show_packages(window))
    anchor = window.ui.actionPrint
    menu.insertActions(anchor, [make, merge, listing])
    menu.insertSeparator(anchor)

    def enable(path: str) -> None:
        for action in (make, merge):
            action.setEnabled(bool(path) and window.controller.yf is not None
                              and not window.controller.yf.readonly)
        listing.setEnabled(bool(path) and window.controller.yf is not None)
    window.controller.file_changed.connect(enable)
    enable(str(window.controller.path or ""))
    window.setAcceptDrops(True)
    window.installEventFilter(_DropFilter(window, merge_returns))
    return make, merge


def return_paths(mime: QMimeData) -> list[Path]:
    """Dropped files that may be returns: .kjret, and .xlsx filled templates."""
    if not mime.hasUrls():
        return []
    return returns([Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()])


class _DropFilter(QObject):
    """Returns dropped onto the main window open the merge dialog."""

    def __init__(self, window: MainWindow, merge_returns: MergeReturns) -> None:
        super().__init__(window)
        self.window = window
        self.merge_returns = merge_returns

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if return_paths(event.mimeData()):  # type: ignore[attr-defined]
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif event.type() == QEvent.Type.Drop:
            paths = return_paths(event.mimeData())  # type: ignore[attr-defined]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.merge_returns(self.window, paths)
                return True
        return False
