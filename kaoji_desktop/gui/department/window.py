"""科室填报 window: one task package, nothing else.

What a department user sees: what to do (three steps, in Chinese), the grid
of its own cells only (with last period's scores beside them, read only, and
an optional 扣分说明 per cell), the 3:5:2 guidance for staff scores, the
signing leader's name and date, and one button that saves the return (.kjret).

Every save increments the package's save counter (kept in QSettings per
package and in the return itself): the clerk orders returns by it, never by
this computer's clock.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPersistentModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.core.values import fmt
from kaoji_desktop.exchange.packages import (
    DepartmentReturn,
    PackageError,
    TaskPackage,
    default_return_name,
    make_return,
    read_return,
    write_return,
)
from kaoji_desktop.exchange.packages.fileformat import sealed_with
from kaoji_desktop.gui.department.entry import DepartmentEntry
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.models import TableModel
from kaoji_desktop.reports.signoff import SignoffInput, check_code, from_package, signoff_sheet

STEPS_STYLE = ("QFrame#steps { background: #eef4fb; border: 1px solid #c5d7ec;"
               " border-radius: 4px; }")
ERROR_STYLE = "color: #b00020;"
SEQUENCE_KEY = "department/sequence/{}"


class DepartmentGrid(GridView):
    """The shared grid; a refused value keeps the cursor in its cell (as in
    the clerk's window) instead of moving on with Enter."""

    def __init__(self, model: TableModel, parent: QWidget) -> None:
        super().__init__(model, "", parent, sortable=False)
        self._refused_at: QPersistentModelIndex | None = None
        model.refused.connect(self._note_refusal)

    def _note_refusal(self, _text: str) -> None:
        self._refused_at = QPersistentModelIndex(self.currentIndex())  # commitData comes first

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        refused, self._refused_at = self._refused_at, None
        super().closeEditor(editor, hint)
        if refused is not None and refused.isValid():
            self.setCurrentIndex(self.model().index(refused.row(), refused.column()))


class DepartmentWindow(QMainWindow):
    def __init__(self, pkg: TaskPackage, package_path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pkg = pkg
        self.package_path = package_path
        self.previous: DepartmentReturn | None = None
        self.saved_path: Path | None = None
        self.entry = DepartmentEntry(pkg, self, confirm_clear=self.confirm_clear)
        self.setWindowTitle(f"考绩桌面 · 科室填报 — {pkg.dept} {pkg.period}")
        self._build()
        self._refresh_pending = False
        self.entry.changed.connect(self.schedule_refresh)
        self.model.refresh()
        self._resume()
        self.refresh()
        self.resize(1000, 680)

    # --- layout ---------------------------------------------------------------

    def _build(self) -> None:
        pkg = self.pkg
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(f"{pkg.organisation} {pkg.title}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self._steps())
        self.model = TableModel(self.entry.build, self.entry.apply, lambda r: r, self)
        self.grid = DepartmentGrid(self.model, self)
        self.grid.message.connect(self.show_error)
        self.grid.horizontalHeader().setMinimumSectionSize(110)
        layout.addWidget(self.grid, 1)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(pkg.is_staff)
        layout.addWidget(self.guidance)
        layout.addLayout(self._signing())
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setCentralWidget(body)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.entry.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.entry.undo_stack.redo)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    def _steps(self) -> QFrame:
        pkg = self.pkg
        what = ("每位专职社工的条线评分 L（0–{} 分；{}分及以上优秀，{}分及以上良好，"
                "{}分及以上合格）".format(fmt(pkg.l_max), *(fmt(b) for b in pkg.l_bands))
                if pkg.is_staff else f"各社区{pkg.period}的得分（0 到表头所示满分）")
        blank = "不由本科室评分的人员留空。" if pkg.is_staff else (
            "扣分的格子可在“扣分说明”栏写明扣分项目与分值（选填，随回执交回）。"
            + (f"灰色的“{pkg.previous_period}（参考）”栏是上期得分，不能修改。"
               if pkg.previous_period else ""))
        text = (f"<b>请按三步完成填报：</b><br>"
                f"① 在下表浅黄色格子中填写{what}。可以直接输入，也可以从 Excel / WPS 复制后"
                f"按 Ctrl+V 粘贴；Delete 清空，Ctrl+Z 撤销。{blank}<br>"
                f"② 在表格下方填写分管领导姓名（分管领导签审）和签审日期。<br>"
                f"③ 点击“保存回执”，把生成的回执文件（.kjret）交回考绩办。"
                f"保存后仍可修改，再次保存即可，考绩办以最新的回执为准。")
        frame = QFrame()
        frame.setObjectName("steps")
        frame.setStyleSheet(STEPS_STYLE)
        box = QVBoxLayout(frame)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(label)
        return frame

    def _signing(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("分管领导签审："))
        self.signer = QLineEdit()
        self.signer.setPlaceholderText("分管领导姓名")
        self.signer.setMaximumWidth(180)
        row.addWidget(self.signer)
        row.addSpacing(16)
        row.addWidget(QLabel("签审日期："))
        self.sign_date = QDateEdit(QDate.currentDate())
        self.sign_date.setCalendarPopup(True)
        self.sign_date.setDisplayFormat("yyyy-MM-dd")
        row.addWidget(self.sign_date)
        row.addStretch(1)
        self.progress = QLabel()
        row.addWidget(self.progress)
        row.addSpacing(16)
        self.check_code = QLabel()  # the same code as on the printed 签审表
        self.check_code.setToolTip("由本表全部得分计算得出，与打印的签审表和回执一致")
        row.addWidget(self.check_code)
        row.addSpacing(16)
        self.signoff_button = QPushButton("打印签审表…")  # what the leader signs on paper
        self.signoff_button.clicked.connect(self.print_signoff)
        row.addWidget(self.signoff_button)
        self.save_button = QPushButton("保存回执…")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        return row

    # --- state ----------------------------------------------------------------

    def schedule_refresh(self) -> None:
        """Refresh on the next event-loop turn, after the cell editor has closed
        (resetting the model under an open editor crashes Qt)."""
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        self._refresh_pending = False
        self.model.refresh()
        total = len(self.entry.values)
        self.progress.setText(f"已填 {self.entry.filled} / {total} 格")
        self.check_code.setText(f"校验码 {check_code(self.signoff_input())}")
        if self.pkg.is_staff:
            self.guidance.setText("3:5:2 参考 — " + self.entry.proportion_text())

    def show_message(self, text: str) -> None:
        """An informational line (not in error red)."""
        self.message.setStyleSheet("")
        self.message.setText(text)

    def signoff_input(self) -> SignoffInput:
        """The values as the return would seal them, for the 签审表 and its code."""
        return from_package(self.pkg, self.entry.values, self.signer.text().strip(),
                            self.sign_date.date().toString("yyyy-MM-dd"))

    def print_signoff(self) -> None:
        # reason: QtPrintSupport is loaded only when something is printed
        from kaoji_desktop.gui.preview import preview_document

        preview_document(signoff_sheet(self.signoff_input()), self)

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)

    def confirm_clear(self, cleared: list[str]) -> bool:
        """Clearing a value the clerk already holds asks first."""
        listed = "、".join(cleared[:3]) + (f" 等 {len(cleared)} 格" if len(cleared) > 3 else "")
        answer = QMessageBox.question(
            self, "清除考绩办已有的分数", f"将清除考绩办已有的 {listed}，确定？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        # the box took the keyboard; closed, it left no widget with focus (keys
        # went nowhere): back to the cell, or to its editor if one is still open
        QTimer.singleShot(0, self, self.refocus_grid)
        return answer == QMessageBox.StandardButton.Yes

    def refocus_grid(self) -> None:
        grid = self.grid
        self.activateWindow()
        editor = grid.indexWidget(grid.currentIndex()) \
            if grid.state() == QAbstractItemView.State.EditingState else None
        (editor or grid).setFocus()

    def next_sequence(self) -> int:
        """One more than any save of this package seen here (the return resumed
        from, or the counter kept in QSettings, whichever is higher)."""
        stored = QSettings().value(SEQUENCE_KEY.format(self.pkg.package_id), 0)
        try:
            last = int(stored)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            last = 0
        return max(last, self.previous.sequence if self.previous else 0) + 1

    def default_return_path(self) -> Path:
        folder = self.package_path.parent if self.package_path else Path.home()
        return folder / default_return_name(self.pkg)

    def _resume(self) -> None:
        """Continue from the return saved earlier next to the package, if any."""
        path = self.default_return_path()
        if not path.is_file():
            return
        try:
            ret = read_return(path)
        except PackageError:
            return
        if ret.package_id != self.pkg.package_id or \
                not sealed_with(self.pkg.secret, ret):
            return
        self.previous, self.saved_path = ret, path
        self.entry.load(ret.values, ret.notes)
        self.signer.setText(ret.signer)
        date = QDate.fromString(ret.sign_date, "yyyy-MM-dd")
        if date.isValid():
            self.sign_date.setDate(date)
        self.show_message(f"已载入上次保存的回执（{ret.saved_at[:16].replace('T', ' ')}），"
                          "可以继续修改。")

    # --- saving ---------------------------------------------------------------

    def save(self) -> bool:
        path = self.saved_path or self.default_return_path()
        if not self.check_before_save(ask=True):
            return False
        name, _ = QFileDialog.getSaveFileName(self, "保存回执", str(path), "考绩回执 (*.kjret)")
        if not name:
            return False
        return self.save_to(Path(name))

    def check_before_save(self, ask: bool) -> bool:
        if not self.signer.text().strip():
            self.show_error("请先填写分管领导姓名（分管领导签审），再保存回执。")
            self.signer.setFocus()
            return False
        empty = len(self.entry.values) - self.entry.filled
        if empty and ask and not self.pkg.is_staff:
            answer = QMessageBox.question(
                self, "还有空格", f"还有 {empty} 格没有填写，仍要保存回执吗？")
            return answer == QMessageBox.StandardButton.Yes
        return True

    def save_to(self, path: Path) -> bool:
        """Seal and write the return (no dialogs); False with a message on failure."""
        if not self.check_before_save(ask=False):
            return False
        try:
            ret = make_return(self.pkg, self.entry.values, signer=self.signer.text(),
                              sign_date=self.sign_date.date().toString("yyyy-MM-dd"),
                              sequence=self.next_sequence(), notes=self.entry.notes)
            write_return(ret, path)
        except (PackageError, OSError) as exc:
            self.show_error(f"回执未保存：{exc}")
            return False
        QSettings().setValue(SEQUENCE_KEY.format(self.pkg.package_id), ret.sequence)
        self.previous, self.saved_path = ret, path
        self.entry.dirty = False
        self.show_message(f"回执已保存（第 {ret.sequence} 次保存）：{path}。"
                          "请把这个文件交回考绩办。")
        self.statusBar().showMessage(f"回执已保存：{path}。请把这个文件交回考绩办。")
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.entry.dirty:
            answer = QMessageBox.question(
                self, "尚未保存", "填写的内容还没有保存成回执，确定要关闭吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        event.accept()
