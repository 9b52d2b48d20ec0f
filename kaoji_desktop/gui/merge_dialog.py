"""The clerk's merge preview of department returns (导入科室回执).

Each file is read and previewed on its own by the merge service
(`exchange.packages.service`, the same as `kaoji merge`): a bad file is one
error line, the others proceed. Each return is previewed (新增 / 修改 old →
new / 未变 / 冲突, the department's 扣分说明, sealed or 未加密封) and merged
as one audited, undoable transaction (source 合并回执), or not at all.
Issuing packages is gui/package_dialogs.py; the menu entries and dropped
files are gui/package_actions.py, which imports this module on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.core.values import fmt
from kaoji_desktop.exchange.packages import (
    CHANGED,
    CONFLICT,
    NEW,
    DepartmentReturn,
    Incoming,
    PackageError,
    incoming,
    merge_return,
)
from kaoji_desktop.exchange.packages.merge import ON_CONFLICT_LABELS, OnConflict
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.package_actions import return_paths
from kaoji_desktop.reports.signoff import check_code, from_return, signoff_sheet
from kaoji_desktop.store import Change

if TYPE_CHECKING:  # the main window imports this module
    from kaoji_desktop.gui.mainwindow import MainWindow

STATUS_COLORS = {NEW: "#d6efd0", CHANGED: "#fff2c6", CONFLICT: "#f8c9c4"}
RETURN_FILTER = "科室回执 (*.kjret *.xlsx)"


# --- merging ------------------------------------------------------------------

@dataclass
class Pending(Incoming):
    """A file in the dialog: the service's preview, and what the clerk did."""

    merged: str = ""
    policy: OnConflict = "refuse"

    @property
    def line(self) -> str:
        if self.merged:
            return f"✔ {self.path.name}：已合并"
        if self.error or self.preview is None:
            return f"✖ {self.path.name}：未合并"
        return super().line


def apply_merge(controller: Controller, ret: DepartmentReturn, on_conflict: OnConflict) -> str:
    """Merge one return through the service, as one undoable step of the
    window (backup first); the Chinese summary. Raises PackageError."""
    assert controller.yf is not None

    def undoable(changes: Sequence[Change], source: str, note: str) -> None:
        if not controller.apply(changes, source, text=f"合并回执 {ret.dept} {ret.period}",
                                note=note):
            raise PackageError(f"回执未合并：{controller.last_error}")

    preview, _ = merge_return(controller.yf, ret, on_conflict, undoable)
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
        self.seal = QLabel()
        self.seal.setWordWrap(True)
        right.addWidget(self.seal)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["条目", "本机现值", "回执值", "状态", "扣分说明"])
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
            if item.merged or yf is None:
                continue
            fresh = incoming(yf, item.path, item.ret)  # never raises
            item.ret, item.preview, item.error = fresh.ret, fresh.preview, fresh.error
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
        self.seal.setText("")
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
        self.seal.setText(item.preview.seal_text)
        self.seal.setStyleSheet("" if item.preview.ret.sealed else "color: #8a5a00;")
        shown = [i for i in item.preview.items
                 if not self.only_changes.isChecked() or i.status in STATUS_COLORS]
        self.table.setRowCount(len(shown))
        for r, m in enumerate(shown):
            cells = [m.label, fmt(m.current) or "（空）", fmt(m.incoming) or "（空）",
                     m.status, m.note]
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
        # reason: QtPrintSupport is loaded only when something is printed
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


def import_returns(window: MainWindow, paths: list[Path] | None = None) -> MergeDialog | None:
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
