"""从备份恢复: the year file's rotating backups (store.backups), a backup made
now, and restoring one (the current file is backed up first)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.file_guard import restore_into
from kaoji_desktop.gui.models import Column
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.store import StoreError, backups

KIND_HINT = {"每日": "每天第一次打开时", "导入": "导入年度数据前", "合并回执": "合并科室回执前",
             "流程": "流程推进前", "恢复前": "从备份恢复前", "手动": "手动备份"}


class BackupPage(Page):
    title = "从备份恢复"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.items: list[backups.Backup] = []
        self.good: dict[str, bool] = {}
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.layout_.addWidget(self.where)
        bar = QHBoxLayout()
        now = QPushButton("立即备份")
        now.clicked.connect(self.backup_now)
        restore = QPushButton("用所选备份恢复…")
        restore.clicked.connect(self.ask_restore)
        folder = QPushButton("打开备份文件夹")
        folder.clicked.connect(self.open_folder)
        for b in (now, restore, folder):
            bar.addWidget(b)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.grid = self.make_grid(self.build, "backups", editable=False)
        self.layout_.addWidget(self.grid)

    def build(self) -> tuple[Sequence[Any], Sequence[Column]]:
        def state(b: backups.Backup) -> str:
            return "完好" if self.good.get(b.path.name) else "已损坏，不能恢复"

        return self.items, [
            Column("备份时间", lambda b: f"{b.taken:%Y-%m-%d %H:%M:%S}"),
            Column("类型", lambda b: b.kind),
            Column("何时自动备份", lambda b: KIND_HINT.get(b.kind, "")),
            Column("大小", lambda b: f"{max(1, b.path.stat().st_size // 1024)} KB"
                   if b.path.exists() else ""),
            Column("状态", state,
                   color=lambda b: None if self.good.get(b.path.name) else "#f3c8c8"),
            Column("文件", lambda b: b.path.name),
        ]

    def refresh(self) -> None:
        path = self.controller.path
        self.items = backups.list_backups(path) if path is not None else []
        self.good = {b.path.name: backups.is_good(b.path) for b in self.items}
        if path is None:
            self.where.setText("未打开年度文件。")
        else:
            self.where.setText(f"备份保存在：{backups.backup_dir(path)}　（每类保留最近 "
                               f"{backups.KEEP} 份，每日备份保留 {backups.KEEP_DAILY} 份）")
        for model in self.models:
            model.refresh()

    def selected(self) -> backups.Backup | None:
        rows = {self.grid.proxy.mapToSource(i).row() for i in self.grid.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.grid.source.rows[rows.pop()]

    def backup_now(self) -> bool:
        yf = self.controller.yf
        if yf is None:
            return False
        try:
            made = backups.make_backup(yf, "手动")
        except StoreError as exc:
            self.message.emit(str(exc))
            self.controller.failed.emit("备份未完成", str(exc))
            return False
        self.message.emit(f"已备份：{made.name}")
        self.refresh()
        return True

    def ask_restore(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None or self.controller.path is None:
            self.message.emit("请先选中一份备份")
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, "从备份恢复",
                          f"用 {chosen.label} 的备份替换当前年度数据？\n"
                          "当前数据会先另存一份备份（类型“恢复前”），可以再恢复回来。",
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                          self)
        box.accepted.connect(lambda: self.restore(chosen))
        box.open()
        return box

    def restore(self, chosen: backups.Backup) -> bool:
        path = self.controller.path
        if path is None:
            return False
        if not self.good.get(chosen.path.name, backups.is_good(chosen.path)):
            self.message.emit("这份备份已损坏，不能用来恢复。")
            return False
        ok = restore_into(self.controller, chosen, path)
        if ok:
            self.message.emit(f"已从备份恢复：{chosen.label}")
        self.refresh()
        return ok

    def open_folder(self) -> None:
        path = self.controller.path
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(backups.backup_dir(path))))
