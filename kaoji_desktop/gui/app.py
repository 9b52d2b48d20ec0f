"""The clerk's window: `kaoji-desktop [FILE.kaoji | TASK.kjtask | RETURN.kjret...]`.

Reached through `kaoji_desktop.launcher` (which dispatches `--self-test`
before the GUI is imported). A .kjtask opens the department's entry window;
.kjret returns (double-clicked in Explorer) open the clerk's last year file and
then the merge preview.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kaoji_desktop.gui import crash
from kaoji_desktop.gui.department import run_department
from kaoji_desktop.gui.file_actions import open_initial
from kaoji_desktop.gui.fonts import ui_font
from kaoji_desktop.gui.mainwindow import MainWindow
from kaoji_desktop.gui.merge_dialog import import_returns
from kaoji_desktop.gui.translations import install_translations
from kaoji_desktop.paths import asset

ORGANISATION = "kaoji"
APPLICATION = "kaoji-desktop"
_STARTED = time.perf_counter()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    files = [a for a in argv[1:] if not a.startswith("-")]
    if files and files[0].lower().endswith(".kjtask"):
        return run_department(files[0])

    app = cast(QApplication, QApplication.instance() or QApplication(argv))
    crash.install(app)  # unexpected errors: rotating log + a Chinese dialog
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("考绩桌面")
    app.setFont(ui_font())
    install_translations(app)  # Qt's own buttons and dialogs in Chinese
    app.setWindowIcon(QIcon(str(asset("kaoji.ico"))))
    year, returns = route_arguments(files)
    window = create_window(year, returns)
    window.show()
    if os.environ.get("KAOJI_EXIT_AFTER_SHOW"):  # start-up probe (bench/)
        QTimer.singleShot(0, lambda: _report_shown_and_quit(app))
    return int(app.exec())


def _report_shown_and_quit(app: QCoreApplication) -> None:
    ms = (time.perf_counter() - _STARTED) * 1000
    print(f"first window shown after {ms:.0f} ms", flush=True)
    app.quit()


RETURN_SUFFIX = ".kjret"


def route_arguments(files: Sequence[str]) -> tuple[str | None, list[str]]:
    """(year file to open or None for the last one, department returns to merge).

    Returns (.kjret) are never opened as a year file: the year is the one
    named besides them, else the clerk's last year file."""
    returns = [f for f in files if f.lower().endswith(RETURN_SUFFIX)]
    others = [f for f in files if not f.lower().endswith(RETURN_SUFFIX)]
    return (others[0] if others else None), returns


def create_window(path: str | None = None,
                  returns: Sequence[str] = ()) -> MainWindow:
    """The main window with the start-up year open (also used by tests); with
    `returns`, the merge preview of those department returns on top."""
    window = MainWindow()
    open_initial(window, path)
    window.show_page(min(window.initial_page, len(window.pages) - 1))
    if returns:
        window.show()  # the preview sits on top of the window, not behind it
        window.merge_dialog = import_returns(window, [Path(r) for r in returns])
    return window


if __name__ == "__main__":
    sys.exit(main())
