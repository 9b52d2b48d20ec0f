"""The clerk's package dialogs: issue a task package, see and revoke the
packages issued (科室任务包一览). Merging returns is gui/merge_dialog.py;
the menu entries and dropped files are gui/package_actions.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.exchange.packages import (
    STAFF_PERIOD,
    PackageError,
    PackageRecord,
    departments,
    issue_package,
    issued_packages,
    periods_for,
    revoke_changes,
    write_package,
    write_template,
)
from kaoji_desktop.exchange.packages.issue import ISSUE_SOURCE
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.store import StoreError

if TYPE_CHECKING:
    from kaoji_desktop.gui.mainwindow import MainWindow


class PackageExportDialog(QDialog):
    """Choose department, period and format of a task package."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("生成科室任务包")
        data = controller.data
        form = QFormLayout(self)
        form.addRow(QLabel("为一个科室生成本期的填报任务包，发给科室用考绩桌面"
                           "（或 WPS/Excel）填写，"
                           "填好的回执再由“导入科室回执”合并。\n同一科室同一期次再次生成时，"
                           "先前的任务包即被取代，它的回执不再合并。"))
        self.dept = QComboBox()
        self.dept.addItems(departments(data) if data else [])
        self.period = QComboBox()
        self.dept.currentTextChanged.connect(self._periods)
        self.format = QComboBox()
        self.format.addItems(["任务包（.kjtask，科室用考绩桌面填写，回执加密封）",
                              "Excel 填报模板（.xlsx，科室用 WPS/Excel 填写，未加密封）"])
        form.addRow("科室：", self.dept)
        form.addRow("期次：", self.period)
        form.addRow("格式：", self.format)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._periods(self.dept.currentText())

    def _periods(self, dept: str) -> None:
        self.period.clear()
        data = self.controller.data
        for p in periods_for(data, dept) if data else []:
            self.period.addItem(f"{p}（专职社工条线评分 L）" if p == STAFF_PERIOD else p, p)

    def export(self, path: Path) -> Path:
        """Issue the chosen package into `path` (raises PackageError/StoreError)."""
        yf = self.controller.yf
        assert yf is not None
        pkg = issue_package(yf, self.dept.currentText(), self.period.currentData())
        excel = self.format.currentIndex() == 1
        return write_template(pkg, path) if excel else write_package(pkg, path)

    def suggested_name(self) -> str:
        data = self.controller.data
        year = data.year if data else ""
        suffix = ".xlsx" if self.format.currentIndex() == 1 else ".kjtask"
        return f"{year}-{self.dept.currentText()}-{self.period.currentData()}-任务包{suffix}"


def export_package(window: MainWindow) -> Path | None:
    controller = window.controller
    if controller.yf is None:
        return None
    dialog = PackageExportDialog(controller, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    folder = controller.yf.path.parent
    name, _ = QFileDialog.getSaveFileName(window, "保存任务包",
                                          str(folder / dialog.suggested_name()),
                                          "任务包 (*.kjtask);;Excel 填报模板 (*.xlsx)")
    if not name:
        return None
    try:
        path = dialog.export(Path(name))
    except (PackageError, StoreError, OSError) as exc:
        QMessageBox.warning(window, "未生成任务包", str(exc))
        return None
    window.show_message(f"任务包已生成：{path}")
    return path


class PackageListDialog(QDialog):
    """科室任务包一览: every package issued, its state, and 作废."""

    HEADERS = ("编号", "科室", "期次", "发出时间", "发出人", "状态")

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.records: list[PackageRecord] = []
        self.setWindowTitle("科室任务包一览")
        self.resize(820, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("已取代或已作废的任务包，其回执一律不再合并。"
                                "作废可以撤销（编辑 → 撤销）。"))
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.revoke_button = QPushButton("作废此任务包…")
        self.revoke_button.clicked.connect(self.revoke_current)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        yf = self.controller.yf
        try:
            self.records = issued_packages(yf) if yf is not None else []
        except PackageError as exc:
            self.records = []
            self.message.setText(str(exc))
        self.table.setRowCount(len(self.records))
        for r, rec in enumerate(self.records):
            cells = (rec.short_id, rec.dept, rec.period, rec.issued_at.replace("T", " "),
                     rec.issued_by, rec.status)
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.records and self.table.currentRow() < 0:
            self.table.setCurrentCell(len(self.records) - 1, 0)
        self._enable()

    def _current(self) -> PackageRecord | None:
        row = self.table.currentRow()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _enable(self) -> None:
        rec = self._current()
        writable = self.controller.yf is not None and not self.controller.yf.readonly
        self.revoke_button.setEnabled(bool(rec and rec.outstanding and writable))

    def revoke_current(self) -> bool:
        rec = self._current()
        if rec is None or self.controller.yf is None:
            return False
        answer = QMessageBox.question(
            self, "作废任务包", f"作废{rec.what}？作废后它的回执一律不再合并（可撤销）。")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            changes = revoke_changes(self.controller.yf, rec.package_id)
        except PackageError as exc:
            self.message.setText(str(exc))
            return False
        if not self.controller.apply(changes, ISSUE_SOURCE, text=f"作废{rec.what}",
                                     note=f"作废{rec.what}"):
            self.message.setText(f"未作废：{self.controller.last_error}")
            return False
        self.message.setText(f"{rec.what}已作废。")
        self.reload()
        return True


def show_packages(window: MainWindow) -> PackageListDialog | None:
    controller = window.controller
    if controller.yf is None:
        window.show_message("请先打开年度文件。")
        return None
    dialog = PackageListDialog(controller, window)
    dialog.open()
    return dialog
