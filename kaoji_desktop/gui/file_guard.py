"""Dialogs when a year file cannot be opened for writing: held by another
instance (offer read-only) or damaged (offer the newest good backup).

Connected by the main window to `Controller.locked` / `Controller.damaged`.
Dialogs are opened non-modally (`open()`) and returned, so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.store import StoreError, backups


def on_locked(parent: QWidget, controller: Controller, path: str, message: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, "年度文件正在使用", message,
                      QMessageBox.StandardButton.NoButton, parent)
    readonly = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)

    def done() -> None:
        if box.clickedButton() is readonly:
            controller.open(path, readonly=True)

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
            f"是否用它恢复？损坏的文件不会删除，会移到备份文件夹保存。")
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


def restore_into(controller: Controller, backup: backups.Backup, path: Path) -> bool:
    """Close `path` if open, put `backup` in its place, open it again."""
    if controller.path is not None and controller.path.resolve() == path.resolve():
        controller.close()
    try:
        backups.restore_backup(backup, path)
    except StoreError as exc:
        controller.error.emit(str(exc))
        return False
    return controller.open(path)
