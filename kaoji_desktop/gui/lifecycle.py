"""考绩流程 in the window: the stage chain, the next step and why it is refused,
warnings to acknowledge, stepping back, reopening an issued year, and
force-majeure changes (§四(四)) with the approving meeting.

`StageLabel` goes in the status bar; the page is gui/pages/lifecycle_page.py.
Procedure steps are not undoable (they are formal decisions): the undo stack
is cleared after each.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.store import Change, StoreError, lifecycle

_CURRENT = "background:#1f5fa8;color:white;font-weight:bold;padding:3px 8px;border-radius:3px"
_DONE = "color:#1f5fa8;padding:3px 8px"
_TODO = "color:#888;padding:3px 8px"


def stage_text(controller: Controller) -> str:
    yf = controller.yf
    if yf is None:
        return ""
    text = f"流程：{lifecycle.stage(yf)}"
    if lifecycle.revised(yf):
        text += "（修订）"
    if yf.readonly:
        text += "　只读"
    return text


class StageLabel(QLabel):
    """Status-bar label: current stage, 修订 and 只读 marks."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        controller.changed.connect(self.refresh)
        controller.file_changed.connect(lambda _p: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        self.setText(stage_text(self.controller))


class ReasonDialog(QDialog):
    """One required line of text (a reason, a meeting)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.text = QLineEdit()
        self.text.setMinimumWidth(360)
        form.addRow(prompt, self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ForceMajeureDialog(QDialog):
    """不可抗力调整: a line's 分值 changed, logged with the approving meeting."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("不可抗力调整（须经班子会议审定）")
        form = QFormLayout(self)
        self.line = QComboBox()
        data = controller.data
        for line in data.lines if data else ():
            self.line.addItem(f"{line.name}（现分值 {line.full_marks}）", line.name)
        self.value = QLineEdit()
        self.meeting = QLineEdit()
        self.meeting.setPlaceholderText("如：2017年第12次班子会议审定")
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00000")
        form.addRow("条线", self.line)
        form.addRow("调整后分值", self.value)
        form.addRow("审定会议", self.meeting)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> bool:
        yf = self.controller.yf
        if yf is None:
            return False
        try:
            value = Decimal(self.value.text().strip())
            if not value.is_finite() or value < 0:
                raise InvalidOperation
        except InvalidOperation:
            self.error.setText("调整后分值须为不小于 0 的数字。")
            return False
        try:
            lifecycle.apply_force_majeure(
                yf, [Change("lines", (self.line.currentData(),), {"full_marks": value})],
                meeting=self.meeting.text())
        except StoreError as exc:
            self.error.setText(str(exc))
            return False
        after_step(self.controller)
        self.accept()
        return True


def after_step(controller: Controller) -> None:
    controller.undo_stack.clear()
    controller.reload()
    controller.changed.emit()
