"""The clerk's side of 科室填报: issue task packages, preview and merge returns.

The 文件 menu entries and dropping returns on the main window are installed
by gui/package_actions.py, which imports this module (and openpyxl) on first
use only. Each return is
previewed (新增 / 修改 old → new / 未变 / 冲突) and merged as one audited,
undoable transaction (source 合并回执, note = return id and signer), or not
at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.exchange.packages import (
    CHANGED,
    CONFLICT,
    MERGE_SOURCE,
    NEW,
    STAFF_PERIOD,
    DepartmentReturn,
    MergePreview,
    PackageError,
    departments,
    issue_package,
    merge_changes,
    merge_note,
    periods_for,
    preview_return,
    read_any_return,
    write_package,
    write_template,
)
from kaoji_desktop.exchange.packages.merge import ON_CONFLICT_LABELS, OnConflict
from kaoji_desktop.exchange.packages.model import fmt_value
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.reports.signoff import check_code, from_return, signoff_sheet
from kaoji_desktop.store import StoreError
from kaoji_desktop.store.backups import make_backup

STATUS_COLORS = {NEW: "#d6efd0", CHANGED: "#fff2c6", CONFLICT: "#f8c9c4"}
RETURN_FILTER = "科室回执 (*.kjret *.xlsx)"


# --- issuing ------------------------------------------------------------------

class PackageExportDialog(QDialog):
    """Choose department, period and format of a task package."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("生成科室任务包")
        data = controller.data
        form = QFormLayout(self)
        form.addRow(QLabel("为一个科室生成本期的填报任务包，发给科室用考绩桌面（或 WPS/Excel）填写，"
                           "填好的回执再由“导入科室回执”合并。"))
        self.dept = QComboBox()
        self.dept.addItems(departments(data) if data else [])
        self.period = QComboBox()
        self.dept.currentTextChanged.connect(self._periods)
        self.format = QComboBox()
        self.format.addItems(["任务包（.kjtask，科室用考绩桌面填写）",
                              "Excel 填报模板（.xlsx，科室用 WPS/Excel 填写）"])
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


def export_package(window: Any) -> Path | None:
    controller: Controller = window.controller
    if controller.yf is None:
        return None
    dialog = PackageExportDialog(controller, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    folder = controller.yf.path.parent
    name, _ = QFileDialog.getSaveFileName(window, "保存任务包", str(folder / dialog.suggested_name()),
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


# --- merging ------------------------------------------------------------------

@dataclass
class Pending:
    path: Path
    ret: DepartmentReturn | None = None
    preview: MergePreview | None = None
    error: str = ""
    merged: str = ""
    policy: OnConflict = "refuse"

    @property
    def line(self) -> str:
        if self.merged:
            return f"✔ {self.path.name}：已合并"
        if self.error:
            return f"✖ {self.path.name}：未合并"
        assert self.preview is not None
        c = self.preview.counts
        flag = "⚠" if c[CONFLICT] else "•"
        return f"{flag} {self.path.name}：新增 {c[NEW]}，修改 {c[CHANGED]}，冲突 {c[CONFLICT]}"


def apply_merge(controller: Controller, ret: DepartmentReturn, on_conflict: OnConflict) -> str:
    """Merge one return as one undoable step; the Chinese summary."""
    assert controller.yf is not None
    preview, changes = merge_changes(controller.yf, ret, on_conflict)
    if not changes:
        return preview.summary
    try:
        make_backup(controller.yf, MERGE_SOURCE)  # rotating copy in the 备份 folder
    except StoreError as exc:
        raise PackageError(f"回执未合并：{exc}") from exc
    if not controller.apply(changes, MERGE_SOURCE, text=f"合并回执 {ret.dept} {ret.period}",
                            note=merge_note(ret)):
        raise PackageError(f"回执未合并：{controller.last_error}")
    return preview.summary


class MergeDialog(QDialog):
    def __init__(self, controller: Controller, paths: list[Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.items: list[Pending] = []
        self.setWindowTitle("导入科室回执")
        self.setAcceptDrops(True)
        self.resize(1000, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            "逐份查看回执带来的数值，确认后合并；每份回执要么整份合并，要么不合并。"
            "“冲突”指任务包发出后本机已改过、又与回执不同的数值。可把回执文件拖到此窗口。"))
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMaximumWidth(380)
        self.list.currentRowChanged.connect(self.show_item)
        body.addWidget(self.list)
        right = QVBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        right.addWidget(self.summary)
        self.only_changes = QCheckBox("只看有变化和冲突的数值")
        self.only_changes.setChecked(True)
        self.only_changes.toggled.connect(lambda: self.show_item(self.list.currentRow()))
        right.addWidget(self.only_changes)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["条目", "本机现值", "回执值", "状态"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        right.addWidget(self.table, 1)
        policy = QHBoxLayout()
        policy.addWidget(QLabel("有冲突时："))
        self.policy = QComboBox()
        for key, label in ON_CONFLICT_LABELS.items():
            self.policy.addItem(label, key)
        self.policy.currentIndexChanged.connect(self._policy_changed)
        policy.addWidget(self.policy)
        policy.addStretch(1)
        right.addLayout(policy)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)
        buttons = QHBoxLayout()
        add = QPushButton("添加回执…")
        add.clicked.connect(self.choose_files)
        self.merge_one = QPushButton("合并此回执")
        self.merge_one.clicked.connect(lambda: self.merge(self.list.currentRow()))
        self.merge_all = QPushButton("全部合并")
        self.merge_all.clicked.connect(self.merge_everything)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        self.signoff = QPushButton("打印签审表…")  # the department's sheet, to match the paper
        self.signoff.clicked.connect(lambda: self.print_signoff(self.list.currentRow()))
        for b in (add, self.merge_one, self.merge_all, self.signoff):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.add_paths(paths)

    # --- files --------------------------------------------------------------

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择科室回执", "", RETURN_FILTER)
        self.add_paths([Path(n) for n in names])

    def add_paths(self, paths: list[Path]) -> None:
        known = {p.path.resolve() for p in self.items}
        for path in paths:
            if path.resolve() not in known:
                self.items.append(Pending(path))
        self.recheck()
        if self.items and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)

    def recheck(self) -> None:
        """Read and preview every return not yet merged (the file may have changed)."""
        yf = self.controller.yf
        for item in self.items:
            if item.merged:
                continue
            try:
                item.ret = item.ret or read_any_return(item.path)
                item.preview = preview_return(yf, item.ret)  # type: ignore[arg-type]
                item.error = ""
            except PackageError as exc:
                item.preview, item.error = None, str(exc)
        row = self.list.currentRow()
        self.list.clear()
        self.list.addItems([i.line for i in self.items])
        self.list.setCurrentRow(min(max(row, 0), len(self.items) - 1))

    # --- showing ------------------------------------------------------------

    def show_item(self, row: int) -> None:
        self.table.setRowCount(0)
        item = self.items[row] if 0 <= row < len(self.items) else None
        mergeable = item is not None and item.preview is not None and not item.merged
        self.signoff.setEnabled(item is not None and item.ret is not None and not item.error)
        self.merge_one.setEnabled(mergeable)
        self.merge_all.setEnabled(any(i.preview and not i.merged for i in self.items))
        conflicts = bool(mergeable and item and item.preview and item.preview.counts[CONFLICT])
        self.policy.setEnabled(conflicts)
        if item is None:
            self.summary.setText("没有回执。点“添加回执…”或把回执文件拖到这里。")
            return
        self.policy.blockSignals(True)
        self.policy.setCurrentIndex(list(ON_CONFLICT_LABELS).index(item.policy))
        self.policy.blockSignals(False)
        if item.merged:
            self.summary.setText(f"已合并：{item.merged}")
            return
        if item.error or item.preview is None:
            self.summary.setText(item.error)
            self.summary.setStyleSheet("color: #b00020;")
            return
        self.summary.setStyleSheet("")
        assert item.ret is not None
        code = check_code(from_return(item.ret, self.controller.data))
        self.summary.setText(f"{item.preview.summary}\n校验码：{code}（应与科室签审表上的一致）")
        shown = [i for i in item.preview.items
                 if not self.only_changes.isChecked() or i.status in STATUS_COLORS]
        self.table.setRowCount(len(shown))
        for r, m in enumerate(shown):
            cells = [m.label, fmt_value(m.current) or "（空）",
                     fmt_value(m.incoming) or "（空）", m.status]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if m.status in STATUS_COLORS:
                    cell.setBackground(QBrush(QColor(STATUS_COLORS[m.status])))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()

    def print_signoff(self, row: int) -> None:
        """Preview the 科室评分签审表 of a return, as the department printed it."""
        if not 0 <= row < len(self.items) or self.items[row].ret is None:
            return
        from kaoji_desktop.gui.preview import preview_document

        ret = self.items[row].ret
        assert ret is not None
        preview_document(signoff_sheet(from_return(ret, self.controller.data)), self)

    def _policy_changed(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            self.items[row].policy = self.policy.currentData()

    # --- merging ------------------------------------------------------------

    def merge(self, row: int) -> bool:
        if not 0 <= row < len(self.items):
            return False
        item = self.items[row]
        if item.ret is None or item.preview is None or item.merged:
            return False
        try:
            item.merged = apply_merge(self.controller, item.ret, item.policy)
        except PackageError as exc:
            item.error = str(exc)
            item.preview = None
            self.list.item(row).setText(item.line)
            self.show_item(row)
            return False
        self.recheck()
        self.show_item(self.list.currentRow())
        return True

    def merge_everything(self) -> int:
        done = sum(self.merge(r) for r in range(len(self.items)))
        self.show_item(self.list.currentRow())
        return done

    def dragEnterEvent(self, event: Any) -> None:
        if return_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        self.add_paths(return_paths(event.mimeData()))
        event.acceptProposedAction()


def return_paths(mime: Any) -> list[Path]:
    """Dropped files that may be returns: .kjret, and .xlsx filled templates."""
    if not mime.hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == ".kjret" or _is_template(p)]


def _is_template(path: Path) -> bool:
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        from openpyxl import load_workbook
        wb = load_workbook(path, read_only=True)
        try:
            return "_kaoji" in wb.sheetnames
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - not a workbook: not a return either
        return False


def import_returns(window: Any, paths: list[Path] | None = None) -> MergeDialog | None:
    controller: Controller = window.controller
    if controller.yf is None:
        window.show_message("请先打开年度文件，再导入科室回执。")
        return None
    if paths is None:
        names, _ = QFileDialog.getOpenFileNames(window, "选择科室回执",
                                                str(controller.yf.path.parent), RETURN_FILTER)
        if not names:
            return None
        paths = [Path(n) for n in names]
    dialog = MergeDialog(controller, paths, window)
    dialog.open()
    return dialog
