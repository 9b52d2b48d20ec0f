"""科室填报 window: one task package, nothing else.

What a department user sees: what to do (three steps, in Chinese), the grid
of its own cells only, the 3:5:2 guidance for staff scores, the signing
leader's name and date, and one button that saves the return (.kjret).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
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

from kaoji_desktop.exchange.packages import (
    DepartmentReturn,
    PackageError,
    TaskPackage,
    default_return_name,
    make_return,
    read_return,
    write_return,
)
from kaoji_desktop.exchange.packages.fileformat import return_content, signature_ok
from kaoji_desktop.exchange.packages.model import fmt_value
from kaoji_desktop.gui.department.entry import DepartmentEntry
from kaoji_desktop.gui.grid import GridView
from kaoji_desktop.gui.models import TableModel
from kaoji_desktop.reports.signoff import SignoffInput, check_code, from_package, signoff_sheet

STEPS_STYLE = ("QFrame#steps { background: #eef4fb; border: 1px solid #c5d7ec;"
               " border-radius: 4px; }")


class DepartmentWindow(QMainWindow):
    def __init__(self, pkg: TaskPackage, package_path: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pkg = pkg
        self.package_path = package_path
        self.previous: DepartmentReturn | None = None
        self.saved_path: Path | None = None
        self.entry = DepartmentEntry(pkg, self)
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
        self.grid = GridView(self.model, "", self, sortable=False)
        self.grid.message.connect(self.show_message)
        self.grid.horizontalHeader().setMinimumSectionSize(110)
        layout.addWidget(self.grid, 1)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setVisible(pkg.is_staff)
        layout.addWidget(self.guidance)
        layout.addLayout(self._signing())
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.setCentralWidget(body)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.entry.undo_stack.undo)
        QShortcut(QKeySequence.StandardKey.Redo, self, self.entry.undo_stack.redo)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    def _steps(self) -> QFrame:
        pkg = self.pkg
        what = ("每位专职社工的条线评分 L（0–{} 分；{}分及以上优秀，{}分及以上良好，"
                "{}分及以上合格）".format(fmt_value(pkg.l_max),
                                        *(fmt_value(b) for b in pkg.l_bands))
                if pkg.is_staff else f"各社区{pkg.period}的得分（0 到表头所示满分）")
        blank = "不由本科室评分的人员留空。" if pkg.is_staff else ""
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
        self.message.setText(text)

    def signoff_input(self) -> SignoffInput:
        """The values as the return would seal them, for the 签审表 and its code."""
        return from_package(self.pkg, self.entry.values, self.signer.text().strip(),
                            self.sign_date.date().toString("yyyy-MM-dd"))

    def print_signoff(self) -> None:
        from kaoji_desktop.gui.preview import preview_document

        preview_document(signoff_sheet(self.signoff_input()), self)

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
                not signature_ok(self.pkg.secret, return_content(ret), ret.mac):
            return
        self.previous, self.saved_path = ret, path
        self.entry.load(ret.values)
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
            self.show_message("请先填写分管领导姓名（分管领导签审），再保存回执。")
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
                              previous=self.previous)
            write_return(ret, path)
        except (PackageError, OSError) as exc:
            self.show_message(f"回执未保存：{exc}")
            return False
        self.previous, self.saved_path = ret, path
        self.entry.dirty = False
        self.show_message("")
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
