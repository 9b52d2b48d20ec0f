"""考绩流程 page: the stage chain, the next step and why it is refused, warnings
to acknowledge, stepping back, reopening an issued year, force majeure."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.lifecycle import ForceMajeureDialog, ReasonDialog, after_step
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.gui.pages.todo import DEPARTMENT_PAGES, summary, todo_of
from kaoji_desktop.store import StoreError, lifecycle
from kaoji_desktop.store.stages import ISSUED, SIGNED, STAGES

_CURRENT = "background:#1f5fa8;color:white;font-weight:bold;padding:3px 8px;border-radius:3px"
_DONE = "color:#1f5fa8;padding:3px 8px"
_TODO = "color:#888;padding:3px 8px"


class LifecyclePage(Page):
    title = "考绩流程"
    jump = Signal(object)  # "待办": the main window shows that page

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.chain = QHBoxLayout()
        self.chain_labels = []
        for i, name in enumerate(STAGES):
            if i:
                self.chain.addWidget(QLabel("→"))
            label = QLabel(name)
            self.chain_labels.append(label)
            self.chain.addWidget(label)
        self.chain.addStretch(1)
        self.layout_.addLayout(self.chain)
        self.revised = QLabel()
        self.revised.setStyleSheet("color:#a04000")
        self.layout_.addWidget(self.revised)

        step = QGroupBox("下一步")
        box = QVBoxLayout(step)
        self.blockers = QLabel()
        self.blockers.setWordWrap(True)
        self.blockers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.blockers.linkActivated.connect(lambda _href: self.jump.emit("待办"))
        self.note = QLineEdit()
        self.note.setPlaceholderText("说明（可填会议名称、文号等）")
        row = QHBoxLayout()
        self.advance_button = QPushButton()
        self.advance_button.clicked.connect(self.advance)
        self.back_button = QPushButton("退回上一阶段…")
        self.back_button.clicked.connect(self.ask_step_back)
        self.reopen_button = QPushButton("重新打开（须说明理由）…")
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.force_button = QPushButton("不可抗力调整…")
        self.force_button.clicked.connect(self.force_majeure)
        for b in (self.advance_button, self.back_button, self.reopen_button, self.force_button):
            row.addWidget(b)
        row.addStretch(1)
        box.addWidget(self.blockers)
        box.addWidget(self.note)
        box.addLayout(row)
        self.layout_.addWidget(step)

        warn = QGroupBox("待确认的提示（公示前须逐条核对）")
        wbox = QVBoxLayout(warn)
        self.warnings = QListWidget()
        self.warnings.setMinimumHeight(48)  # the page fits a 1366×768 screen at 150 %
        ack = QPushButton("确认所勾选的提示已核对")
        ack.clicked.connect(self.acknowledge)
        wbox.addWidget(self.warnings)
        wbox.addWidget(ack, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(warn, 1)

        hist = QGroupBox("流程记录")
        hbox = QVBoxLayout(hist)
        self.history = QTextBrowser()
        self.history.setMinimumHeight(48)
        hbox.addWidget(self.history)
        self.layout_.addWidget(hist, 1)

    # --- display ------------------------------------------------------------

    def refresh_extra(self) -> None:
        yf = self.controller.yf
        if yf is None:
            return
        current = lifecycle.stage(yf)
        at = STAGES.index(current)
        for i, label in enumerate(self.chain_labels):
            label.setStyleSheet(_CURRENT if i == at else _DONE if i < at else _TODO)
        revised = lifecycle.revised(yf)
        self.revised.setText(f"本年度发文后曾重新打开，此后打印的表格标注为修订稿：{revised}"
                             if revised else "")
        self.revised.setVisible(bool(revised))
        target = lifecycle.next_stage(current)
        problems = self.problems(target) if target else []
        writable = not yf.readonly
        self.advance_button.setText(f"进入“{target}”" if target else "流程已完成")
        self.advance_button.setEnabled(bool(target) and not problems and writable)
        self.back_button.setEnabled(writable and 0 < at < len(STAGES) - 1)
        self.reopen_button.setVisible(current == ISSUED)
        self.reopen_button.setEnabled(writable)
        self.force_button.setEnabled(writable and current != ISSUED)
        if yf.readonly:
            self.blockers.setText("文件以只读方式打开，不能推进流程。")
        elif current == ISSUED:
            self.blockers.setText("本年度已发文，数据只读。如确需修改，请“重新打开”并说明理由。")
        elif problems:
            self.blockers.setText("<span style='color:#b00000'>"
                                  + "<br>".join(problems) + "</span>")
        else:
            self.blockers.setText(f"可以进入“{target}”。")
        self.warnings.clear()
        if self.controller.result is not None:
            for text in lifecycle.unresolved_warnings(yf, self.controller.result):
                item = QListWidgetItem(text)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.warnings.addItem(item)
        lines = [f"{e.ts.replace('T', ' ')}　{e.operator}　{e.note or e.new}"
                 for e in lifecycle.history(yf)]
        self.history.setPlainText("\n".join(lines) or "（尚无流程记录）")

    def problems(self, target: str) -> list[str]:
        """Why the year cannot move to `target`: the store's procedure rules,
        and no stage while data it needs are missing (科室签审: the
        departments' scores; later stages: everything)."""
        yf = self.controller.yf
        if yf is None:
            return ["尚未打开年度文件。"]
        result = self.controller.result
        problems = lifecycle.blockers(yf, result, target)
        items = todo_of(self.controller)
        if target == SIGNED:
            items = [m for m in items if m.page in DEPARTMENT_PAGES]
        if items:
            if result is not None and not result.complete and problems:
                problems = problems[1:]  # the store's 年度数据尚不完整: said below in full
            what = "科室评分" if target == SIGNED else "数据"
            problems.insert(0, f"尚有 {len(items)} 项{what}未录入（{summary(items)}），"
                               f"不能进入“{target}”。<a href='todo'>查看待办</a>")
        return problems

    # --- actions ------------------------------------------------------------

    def _run(self, step: object, *args: object, **kw: object) -> bool:
        try:
            step(*args, **kw)  # type: ignore[operator]
        except StoreError as exc:
            self.message.emit(str(exc))
            self.refresh()
            return False
        after_step(self.controller)
        self.refresh()
        return True

    def advance(self) -> bool:
        yf = self.controller.yf
        if yf is None:
            return False
        target = lifecycle.next_stage(lifecycle.stage(yf))
        problems = self.problems(target) if target else []
        if problems:
            self.message.emit(problems[0].split("<a ")[0])
            return False
        ok = self._run(lifecycle.advance, yf, self.controller.result,
                       note=self.note.text().strip())
        if ok:
            self.note.clear()
            self.message.emit(f"已进入“{lifecycle.stage(yf)}”")
        return ok

    def acknowledge(self) -> bool:
        yf = self.controller.yf
        checked = [self.warnings.item(i).text() for i in range(self.warnings.count())
                   if self.warnings.item(i).checkState() == Qt.CheckState.Checked]
        if yf is None or not checked:
            self.message.emit("请先勾选已核对的提示")
            return False
        return self._run(lifecycle.acknowledge, yf, checked)

    def ask_step_back(self) -> ReasonDialog:
        dialog = ReasonDialog("退回上一阶段", "退回理由", self)
        dialog.accepted.connect(lambda: self.step_back(dialog.text.text()))
        dialog.open()
        return dialog

    def step_back(self, reason: str) -> bool:
        yf = self.controller.yf
        return yf is not None and self._run(lifecycle.step_back, yf, reason=reason)

    def ask_reopen(self) -> ReasonDialog:
        dialog = ReasonDialog("重新打开已发文的年度", "重新打开的理由", self)
        dialog.accepted.connect(lambda: self.reopen(dialog.text.text()))
        dialog.open()
        return dialog

    def reopen(self, reason: str) -> bool:
        yf = self.controller.yf
        return yf is not None and self._run(lifecycle.reopen, yf, reason=reason)

    def force_majeure(self) -> ForceMajeureDialog:
        dialog = ForceMajeureDialog(self.controller, self)
        dialog.open()
        return dialog
