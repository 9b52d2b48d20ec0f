"""Unexpected errors in the window: logged, and shown in Chinese with the log's path.

`install(app)` routes `sys.excepthook`, `threading.excepthook` and Qt's
message handler to `report`, which writes the rotating log
(`kaoji_desktop.errorlog`, in the user's app-data folder) and shows one
dialog naming the log file. A windowed .exe has no console: without this an
exception in a slot vanished and the cell just snapped back.

Qt messages: warnings are only logged (Qt prints many harmless ones);
critical and fatal ones are reported like exceptions. The previous Qt
handler keeps getting every message (so a test harness that collects Qt
warnings still sees them). `install` is called by `gui.app.main` and the
department entry only, never by the tests' window factory.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QThread,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from kaoji_desktop import errorlog

TITLE = "考绩桌面：程序出错"


class _Bridge(QObject):
    """Carries a report from another thread to the GUI thread."""

    show = Signal(str, str)


class _State:
    """What `install` set up and whether a dialog is showing (one per process)."""

    bridge: _Bridge | None = None
    showing = False
    previous_qt: Any = None


_state = _State()


def message_text(summary: str, log: Path | None) -> str:
    where = f"详细信息已记录在：\n{log}" if log else "详细信息未能写入日志（磁盘可能已满）。"
    return (f"程序遇到了意外错误：{summary}\n\n已保存的数据不受影响；刚才的操作可能没有完成。"
            f"\n\n{where}\n\n如问题反复出现，请把这个日志文件发给技术人员。")


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
           where: str = "") -> Path | None:
    """Log an unexpected error and show the dialog (from any thread)."""
    log = errorlog.log_exception(exc_type, exc, tb, where)
    summary = f"{exc_type.__name__}：{exc}"
    _show(summary, log)
    return log


def _show(summary: str, log: Path | None) -> None:
    app = QApplication.instance()
    if app is None:
        print(message_text(summary, log), file=sys.stderr)
        return
    if QThread.currentThread() is not app.thread():
        if _state.bridge is not None:
            _state.bridge.show.emit(summary, "" if log is None else str(log))
        return
    show_dialog(summary, log)


def show_dialog(summary: str, log: Path | None) -> QMessageBox | None:
    """The Chinese dialog (one at a time: errors during it are only logged)."""
    if _state.showing:
        return None
    _state.showing = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, message_text(summary, log),
                          QMessageBox.StandardButton.Ok)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
        return box
    finally:
        _state.showing = False


def _excepthook(exc_type: type[BaseException], exc: BaseException,
                tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report(exc_type, exc, tb, "主线程")


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    name = args.thread.name if args.thread is not None else "?"
    report(args.exc_type, args.exc_value, args.exc_traceback, f"线程 {name}")


def qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    """The Qt message handler: log warnings and worse; report critical/fatal."""
    if _state.previous_qt is not None:
        _state.previous_qt(kind, context, text)
    if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
        return
    where = f"Qt {kind.name} {context.file or ''}:{context.line}"
    log = errorlog.log_text(text, where)
    if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        _show(f"Qt：{text}", log)


def install(app: QApplication) -> None:
    """Route every unexpected error of this process to `report`."""
    _state.bridge = _Bridge(app)
    _state.bridge.show.connect(
        lambda summary, log: show_dialog(summary, Path(log) if log else None))
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook
    _state.previous_qt = qInstallMessageHandler(qt_message)
