"""Dialogs when a year file cannot be used as the clerk expects: held by
another instance (offer read-only, or 强制解除锁定 after a confirmation that
names the holder), damaged (offer the newest good backup — only for real
damage), a refused write (disk full, no permission, another program, the
medium: a dialog, never only the status bar), and a lock taken over (a red
bar at the top of the window: who took it and since when; read-only).

Connected by the main window to `Controller.locked` / `damaged` / `failed` /
`lock_lost` (`connect_guards`). Dialogs are opened non-modally (`open()`) and
returned, so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.store import StoreError, backups
from kaoji_desktop.store import lock as store_lock

LOST_BAR = "kaojiLockLostBar"


def connect_guards(window: QMainWindow, controller: Controller) -> None:
    """Hook every guard of this module to the controller's signals."""
    c = controller
    c.locked.connect(lambda path, text: on_locked(window, c, path, text))
    c.damaged.connect(lambda path, text: on_damaged(window, c, path, text))
    c.failed.connect(lambda title, text: on_failed(window, title, text))
    c.lock_lost.connect(lambda text: on_lock_lost(window, text))
    c.file_changed.connect(lambda _path: clear_lock_lost(window))


def on_locked(parent: QWidget, controller: Controller, path: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, "年度文件正在使用", message,
                      QMessageBox.StandardButton.NoButton, parent)
    readonly = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    force = None
    if Path(store_lock.lock_path(path)).exists():  # not for read-only media
        force = box.addButton("强制解除锁定…", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)

    def done() -> None:
        if box.clickedButton() is readonly:
            controller.open(path, readonly=True)
        elif force is not None and box.clickedButton() is force:
            confirm_break(parent, controller, path)

    box.finished.connect(done)
    box.open()
    return box


def confirm_break(parent: QWidget, controller: Controller, path: str) -> QMessageBox:
    """强制解除锁定: say who holds it; break it only on an explicit yes."""
    holder = store_lock.read_holder(path)
    who = (holder.describe() + f"（最近一次活动：{holder.heartbeat.replace('T', ' ')}）"
           if holder else "无法识别（锁定文件可能已损坏）")
    box = QMessageBox(
        QMessageBox.Icon.Warning, "强制解除锁定",
        f"“{Path(path).name}”的锁定持有人：{who}。\n\n"
        "只有在确认对方已不再编辑（程序已关闭、电脑已关机或死机）时才能解除：否则两处"
        "同时修改会互相覆盖。对方的窗口会变为只读。解除锁定会记入操作记录。\n\n确定要强制解除锁定吗？",
        QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton("强制解除锁定", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton("取消", QMessageBox.ButtonRole.RejectRole))

    def done() -> None:
        if box.clickedButton() is yes:
            controller.open(path, force=True)

    box.finished.connect(done)
    box.open()
    return box


def on_damaged(parent: QWidget, controller: Controller, path: str, message: str) -> QMessageBox:
    good = backups.newest_good_backup(path)
    if good is None:
        box = QMessageBox(QMessageBox.Icon.Critical, "年度文件已损坏",
                          f"{message}\n\n没有找到完好的备份。请联系技术人员，"
                          "不要删除该文件。", QMessageBox.StandardButton.Ok, parent)
        box.open()
        return box
    text = (f"{message}\n\n最近一份完好的备份：{good.label}\n"
            f"是否用它恢复？损坏的文件不会删除，会复制到备份文件夹保存。")
    box = QMessageBox(QMessageBox.Icon.Critical, "年度文件已损坏", text,
                      QMessageBox.StandardButton.NoButton, parent)
    restore = box.addButton("从备份恢复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)

    def done() -> None:
        if box.clickedButton() is restore:
            restore_into(controller, good, Path(path))

    box.finished.connect(done)
    box.open()
    return box


def on_failed(parent: QWidget, title: str, message: str) -> QMessageBox:
    """A refused write or open: what happened and what to do (no restore offer)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                      QMessageBox.StandardButton.Ok, parent)
    box.open()
    return box


def on_lock_lost(window: QMainWindow, message: str) -> QToolBar:
    """The prominent red bar of a lost lock (replaces an earlier one)."""
    clear_lock_lost(window)
    bar = QToolBar("锁定已失去", window)
    bar.setObjectName(LOST_BAR)
    bar.setMovable(False)
    bar.setFloatable(False)
    label = QLabel(f"⚠ {message}")
    label.setWordWrap(True)
    label.setStyleSheet("background:#b3261e;color:white;font-weight:bold;padding:6px 10px")
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(label)
    bar.setStyleSheet("QToolBar{background:#b3261e;border:none}")
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    window.insertToolBarBreak(bar)
    bar.show()
    return bar


def lock_lost_bar(window: QMainWindow) -> QToolBar | None:
    bar = window.findChild(QToolBar, LOST_BAR)
    return bar if isinstance(bar, QToolBar) else None


def clear_lock_lost(window: QMainWindow) -> None:
    bar = lock_lost_bar(window)
    if bar is not None:
        window.removeToolBar(bar)
        bar.deleteLater()
        bar.setObjectName("")


def restore_into(controller: Controller, backup: backups.Backup, path: Path) -> bool:
    """Put `backup` in place of `path`: on the open file through its restore
    service; a file that cannot be opened (damaged) is replaced closed and then
    opened. Failures leave the file as it was and say why."""
    yf = controller.yf
    if yf is not None and not yf.readonly and yf.path.resolve() == path.resolve():
        try:
            yf.restore(backup)
        except StoreError as exc:
            controller.error.emit(str(exc))
            controller.failed.emit("未能从备份恢复", str(exc))
            return False
        return controller.replaced()
    if controller.path is not None and controller.path.resolve() == path.resolve():
        controller.close()
    try:
        backups.restore_backup(backup, path, operator=controller.operator)
    except StoreError as exc:
        controller.error.emit(str(exc))
        controller.failed.emit("未能从备份恢复", str(exc))
        return False
    return controller.open(path)
