"""公示设置: the text around the publicity sheets (reports.settings), saved
as one undoable, audited change of meta "publicity"; preview and PDF export
of the community and staff publicity sheets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.core.entered import entered as entered_rows
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.reports import build_document
from kaoji_desktop.reports.document import Document
from kaoji_desktop.reports.publicity import community_title, draft_state, staff_title
from kaoji_desktop.reports.settings import (
    DEFAULT_DAYS,
    DEFAULT_OBJECTION,
    META_KEY,
    STAGE_META_KEY,
    VARIANTS,
    PublicitySettings,
    load_settings,
)
from kaoji_desktop.store import Change
from kaoji_desktop.store.stages import DRAFT

SHEETS = {"publicity-communities": "社区(网格)考绩结果公示表",
          "publicity-staff": "工作人员考绩结果公示表"}


def year_stage(controller: Controller) -> str | None:
    """The year's procedure stage; a year file without one is a 草稿."""
    if controller.yf is None:
        return None
    return controller.yf.get_meta(STAGE_META_KEY) or DRAFT


class DateField(QWidget):
    """A date that may be left unset (a blank on the sheet, or a default)."""

    def __init__(self, unset_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy年M月d日")
        self.edit.setDate(QDate.currentDate())
        self.unset = QCheckBox(unset_text)
        self.unset.toggled.connect(lambda on: self.edit.setEnabled(not on))
        row.addWidget(self.edit)
        row.addWidget(self.unset)
        row.addStretch(1)

    def value(self) -> date | None:
        return None if self.unset.isChecked() else self.edit.date().toPython()

    def set_value(self, value: date | None) -> None:
        self.unset.setChecked(value is None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class PublicityPage(Page):
    title = "公示设置"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        intro = QLabel("公示表上除成绩以外的文字：标题、公示时间、监督电话、落款等。"
                       "留空的项目使用括号中的默认内容。保存后可撤销，并记入操作记录。")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)

        self.variant = QComboBox()
        self.variant.addItems(list(VARIANTS))
        self.organisation = QLineEdit()
        self.title_edit = QLineEdit()
        self.staff_title = QLineEdit()
        self.start = DateField("暂不填写（打印后手写）")
        self.end = DateField(f"开始日期后 {DEFAULT_DAYS} 天")
        self.phone = QLineEdit()
        self.contact = QLineEdit()
        self.objection = QPlainTextEdit()
        self.objection.setFixedHeight(72)
        self.issuer = QLineEdit()
        self.issue_date = DateField("同公示开始日期")
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        self.sample.setStyleSheet("color:#404040")

        box = QGroupBox("公示表文字")
        form = QFormLayout(box)
        form.addRow("公示类别", self.variant)
        form.addRow("单位名称", self.organisation)
        form.addRow("社区公示表标题", self.title_edit)
        form.addRow("人员公示表标题", self.staff_title)
        form.addRow("公示开始日期", self.start)
        form.addRow("公示结束日期", self.end)
        form.addRow("监督电话", self.phone)
        form.addRow("联系人", self.contact)
        form.addRow("异议说明", self.objection)
        form.addRow("", QLabel("（{issuer} 填落款单位，{phone} 填监督电话，{contact} 填联系人）"))
        form.addRow("落款单位", self.issuer)
        form.addRow("落款日期", self.issue_date)
        form.addRow("异议说明效果", self.sample)
        box.setMaximumWidth(860)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.layout_.addWidget(scroll, 1)

        bar = QHBoxLayout()
        self.save_button = QPushButton("保存设置")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("放弃修改")
        self.revert_button.clicked.connect(self.load_form)
        self.sheet = QComboBox()
        for kind, name in SHEETS.items():
            self.sheet.addItem(name, kind)
        self.preview_button = QPushButton("预览公示表…")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton("导出PDF…")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        for w in (self.save_button, self.revert_button, QLabel("　公示表："), self.sheet,
                  self.preview_button, self.pdf_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.layout_.addWidget(self.state)

        for edit in (self.organisation, self.title_edit, self.staff_title, self.phone,
                     self.contact, self.issuer):
            edit.textChanged.connect(self.update_sample)
        self.objection.textChanged.connect(self.update_sample)
        self.variant.currentTextChanged.connect(self.update_sample)

    # --- form <-> settings --------------------------------------------------

    def saved(self) -> PublicitySettings:
        yf = self.controller.yf
        try:
            return PublicitySettings() if yf is None else load_settings(yf)
        except (ValueError, TypeError):  # a damaged value: start again from defaults
            return PublicitySettings()

    def refresh_extra(self) -> None:
        self.load_form()

    def load_form(self) -> None:
        s = self.saved()
        data = self.controller.data
        org = data.organisation if data else ""
        self.variant.setCurrentText(s.variant)
        self.organisation.setText(s.organisation)
        self.organisation.setPlaceholderText(org)
        self.title_edit.setText(s.title)
        self.staff_title.setText(s.staff_title)
        if data is not None:
            blank = PublicitySettings(organisation=s.organisation)
            self.title_edit.setPlaceholderText(community_title(data, blank))
            self.staff_title.setPlaceholderText(staff_title(data, blank))
        self.start.set_value(s.start)
        self.end.set_value(s.end)
        self.phone.setText(s.phone)
        self.contact.setText(s.contact)
        self.objection.setPlainText(s.objection)
        self.issuer.setText(s.issuer)
        self.issuer.setPlaceholderText(f"{org}考绩办")
        self.issue_date.set_value(s.issue_date)
        self.update_sample()

    def settings(self) -> PublicitySettings:
        """The settings as now in the form."""
        return PublicitySettings(
            organisation=self.organisation.text().strip(),
            title=self.title_edit.text().strip(),
            staff_title=self.staff_title.text().strip(),
            start=self.start.value(), end=self.end.value(),
            phone=self.phone.text().strip(), contact=self.contact.text().strip(),
            objection=self.objection.toPlainText().strip() or DEFAULT_OBJECTION,
            issuer=self.issuer.text().strip(), issue_date=self.issue_date.value(),
            variant=self.variant.currentText())

    def update_sample(self) -> None:
        data, result = self.controller.data, self.controller.result
        if data is None:
            return
        try:
            s = self.settings()
            self.sample.setText(s.objection_text(s.organisation or data.organisation))
        except (KeyError, IndexError, ValueError):
            self.sample.setText("异议说明中的 {…} 只能是 {issuer}、{phone}、{contact}")
            return
        if result is not None and self.controller.yf is not None:
            draft, reason = draft_state(result, s, year_stage(self.controller))
            self.state.setText(f"<span style='color:#a04000'>打印将带“草稿”水印：{reason}</span>"
                               if draft else "可以正式公示（无草稿水印）。")

    # --- actions ------------------------------------------------------------

    def save(self) -> bool:
        """Save the form (one undoable step); True when saved or unchanged."""
        if self.controller.yf is None:
            return False
        try:
            s = self.settings()
            s.objection_text("")  # placeholders must be known ones
        except (KeyError, IndexError, ValueError):
            self.message.emit("异议说明中的 {…} 只能是 {issuer}、{phone}、{contact}，未保存")
            return False
        if s == self.saved():
            return True
        change = Change("meta", (META_KEY,), {"value": s.to_json()})
        if not self.controller.apply([change], "录入", text="修改公示设置"):
            return False
        self.message.emit("公示设置已保存")
        return True

    def document(self) -> Document | None:
        c = self.controller
        if c.data is None or c.result is None or c.yf is None:
            return None
        stage = year_stage(c)
        return build_document(self.sheet.currentData(), entered_rows(c.data, every_table=True), c.result,
                              self.saved(), None, stage)

    def preview(self) -> None:
        if not self.save():
            return
        doc = self.document()
        if doc is not None:
            from kaoji_desktop.gui.preview import preview_document

            preview_document(doc, self)

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Save the form, then write the chosen sheet as PDF (asks where when
        `path` is None)."""
        if not self.save():
            return None
        doc = self.document()
        if doc is None:
            return None
        if path is None:
            assert self.controller.path is not None
            suggested = self.controller.path.parent / f"{doc.name}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(self, "导出 PDF", str(suggested),
                                                    "PDF 文件 (*.pdf)")
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"
        from kaoji_desktop.reports.render import write_pdf

        try:
            pages = write_pdf(doc, path)
        except OSError as exc:
            self.message.emit(f"导出失败：{exc}")
            return None
        self.message.emit(f"已导出 PDF（{pages} 页）：{path}")
        return Path(path)
