"""Department mode (科室填报): kaoji-desktop opened with a .kjtask package."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from kaoji_desktop.exchange.packages import PackageError, read_package
from kaoji_desktop.gui import crash
from kaoji_desktop.gui.department.window import DepartmentWindow
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.gui.translations import install_translations

__all__ = ["DepartmentWindow", "open_department", "run_department"]


def open_department(path: str | Path) -> DepartmentWindow:
    """Read a package and build its window (raises PackageError)."""
    path = Path(path)
    return DepartmentWindow(read_package(path), path)


def run_department(path: str | Path) -> int:
    """Show the department window for a package; the exit code of the app."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    crash.install(app)  # unexpected errors: rotating log + a Chinese dialog
    app.setFont(ui_font())
    install_translations(app)  # Qt's own buttons and dialogs in Chinese
    try:
        window = open_department(path)
    except PackageError as exc:
        QMessageBox.critical(None, "无法打开任务包", str(exc))
        return 1
    window.show()
    return app.exec()
