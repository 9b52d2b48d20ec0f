"""公示设置: the text around the publicity sheets and the documents that go
with them (reports.settings: 公示期, contacts, 发文 notice, bulletins), saved
as one undoable, audited change of meta "publicity"; the computed 结束日期 and
落款日期 shown for the chosen start; preview and PDF export of the publicity
sheets, the 发文 notice and the 内部核对表. A final sheet with a blank contact
field is refused with a message naming the field."""

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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kaoji_desktop.core.entered import entered as entered_rows
from kaoji_desktop.core.model import ALL_PERIODS
from kaoji_desktop.gui.controller import Controller
from kaoji_desktop.gui.pages.base import Page
from kaoji_desktop.reports import build_document
from kaoji_desktop.reports.document import Document
from kaoji_desktop.reports.notice import notice_draft, notice_issuer
from kaoji_desktop.reports.publicity import community_title, draft_state, staff_title
from kaoji_desktop.reports.settings import (
    DEFAULT_DAYS,
    DEFAULT_OBJECTION,
    DEFAULT_RECIPIENTS,
    META_KEY,
    STAGE_META_KEY,
    VARIANTS,
    PublicitySettings,
    chinese_date,
    load_settings,
)
from kaoji_desktop.reports.workdays import DAY_KINDS
from kaoji_desktop.store import Change
from kaoji_desktop.store.stages import DRAFT, ISSUED

SHEETS = {"publicity-communities": "社区(网格)考绩结果公示表",
          "publicity-staff": "工作人员考绩结果公示表",
          "notice": "考绩结果通报（发文）",
          "internal-check": "内部核对表（不公示）"}
NOTE_STYLE = "color:#a04000"


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
        # the minimum date shows as "—": an unset field with no default to show
        self.edit.setMinimumDate(QDate(2000, 1, 1))
        self.edit.setSpecialValueText("—")
        self.edit.setDate(QDate.currentDate())
        self.unset = QCheckBox(unset_text)
        self.unset.toggled.connect(self._toggled)
        self._default: date | None = None
        row.addWidget(self.edit)
        row.addWidget(self.unset)
        row.addStretch(1)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(not on)
        if on:
            self.show_default(self._default)
        elif self.edit.date() == self.edit.minimumDate():
            self.edit.setDate(QDate.currentDate())

    def value(self) -> date | None:
        if self.unset.isChecked() or self.edit.date() == self.edit.minimumDate():
            return None
        return self.edit.date().toPython()

    def set_value(self, value: date | None) -> None:
        self.unset.setChecked(value is None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))
        else:
            self.show_default(self._default)

    def show_default(self, value: date | None) -> None:
        """While unset, show what the document will print (or "—")."""
        self._default = value
        if self.unset.isChecked():
            self.edit.setDate(QDate(value.year, value.month, value.day) if value
                              else self.edit.minimumDate())


class PublicityPage(Page):
    title = "公示设置"

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        intro = QLabel("公示表、考绩结果通报和定期通报上除成绩以外的文字：标题、公示时间、"
                       "监督电话、书面意见地址、文号、落款等。留空的项目使用灰色提示中的默认内容。"
                       "保存后可撤销，并记入操作记录。")
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)

        self.variant = QComboBox()
        self.variant.addItems(list(VARIANTS))
        self.organisation = QLineEdit()
        self.title_edit = QLineEdit()
        self.staff_title = QLineEdit()
        self.start = DateField("暂不填写（打印后手写）")
        self.days = QSpinBox()
        self.days.setRange(1, 60)
        self.days.setValue(DEFAULT_DAYS)
        self.day_kind = QComboBox()
        self.day_kind.addItems(list(DAY_KINDS))
        self.end = DateField("按公示天数推算")
        self.period_note = QLabel()
        self.period_note.setWordWrap(True)
        self.period_note.setStyleSheet(NOTE_STYLE)
        self.phone = QLineEdit()
        self.contact = QLineEdit()
        self.address = QLineEdit()
        self.address.setPlaceholderText("来访及书面意见送达地址，如：大南街道办事处三楼考绩办")
        self.objection = QPlainTextEdit()
        self.objection.setFixedHeight(72)
        self.issuer = QLineEdit()
        self.issue_date = DateField("同公示开始日期")
        self.sample = QLabel()
        self.sample.setWordWrap(True)
        self.sample.setStyleSheet("color:#404040")

        box = QGroupBox("公示表")
        form = QFormLayout(box)
        form.addRow("公示类别", self.variant)
        form.addRow("单位名称", self.organisation)
        form.addRow("社区公示表标题", self.title_edit)
        form.addRow("人员公示表标题", self.staff_title)
        form.addRow("公示开始日期", self.start)
        days_row = QHBoxLayout()
        days_row.addWidget(self.days)
        days_row.addWidget(self.day_kind)
        days_row.addWidget(QLabel("（含开始当日；工作日按国家法定节假日和调休计算）"))
        days_row.addStretch(1)
        form.addRow("公示天数", days_row)
        form.addRow("公示结束日期", self.end)
        form.addRow("", self.period_note)
        form.addRow("监督电话", self.phone)
        form.addRow("联系人", self.contact)
        form.addRow("书面意见地址", self.address)
        form.addRow("异议说明", self.objection)
        form.addRow("", QLabel("（{issuer} 填落款单位，{phone} 填监督电话，{contact} 填联系人，"
                               "{address} 填书面意见地址）"))
        form.addRow("落款单位", self.issuer)
        form.addRow("落款日期", self.issue_date)
        form.addRow("异议说明效果", self.sample)
        box.setMaximumWidth(860)

        self.doc_number = QLineEdit()
        self.doc_number.setPlaceholderText("如：大南委〔2018〕5号（正式发文必须填写）")
        self.recipients = QLineEdit()
        self.recipients.setPlaceholderText(DEFAULT_RECIPIENTS)
        self.notice_issuer = QLineEdit()
        self.notice_date = DateField("暂不填写（打印后手写）")
        self.print_office = QLineEdit()
        self.print_date = DateField("同成文日期")
        notice_box = QGroupBox("考绩结果通报（发文）与定期通报")
        notice_form = QFormLayout(notice_box)
        notice_form.addRow("文号", self.doc_number)
        notice_form.addRow("主送", self.recipients)
        notice_form.addRow("发文机关署名", self.notice_issuer)
        notice_form.addRow("成文日期", self.notice_date)
        notice_form.addRow("印发机关", self.print_office)
        notice_form.addRow("印发日期", self.print_date)
        self.bulletin_period = QComboBox()
        self.bulletin_period.addItems(list(ALL_PERIODS))
        self.bulletin_number = QLineEdit()
        self.bulletin_date = DateField("暂不填写（打印后手写）")
        self._bulletins: tuple[dict[str, str], dict[str, date]] = ({}, {})
        self._shown_period = ALL_PERIODS[0]
        self.bulletin_period.currentTextChanged.connect(self._switch_bulletin)
        notice_form.addRow("定期通报期次", self.bulletin_period)
        notice_form.addRow("该期通报文号", self.bulletin_number)
        notice_form.addRow("该期通报日期", self.bulletin_date)
        notice_box.setMaximumWidth(860)

        holder = QWidget()
        column = QVBoxLayout(holder)
        column.addWidget(box)
        column.addWidget(notice_box)
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
        self.preview_button = QPushButton("预览…")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton("导出PDF…")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())  # noqa: PLW0108 - drops clicked(bool)
        for w in (self.save_button, self.revert_button, QLabel("　打印："), self.sheet,
                  self.preview_button, self.pdf_button):
            bar.addWidget(w)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.layout_.addWidget(self.state)

        for edit in (self.organisation, self.title_edit, self.staff_title, self.phone,
                     self.contact, self.address, self.issuer, self.notice_issuer):
            edit.textChanged.connect(self.update_sample)
        self.objection.textChanged.connect(self.update_sample)
        self.variant.currentTextChanged.connect(self.update_sample)
        self.sheet.currentIndexChanged.connect(self.update_sample)
        self.days.valueChanged.connect(self.update_sample)
        self.day_kind.currentTextChanged.connect(self.update_sample)
        for field in (self.start, self.end, self.issue_date, self.notice_date):
            field.edit.dateChanged.connect(self.update_sample)
            field.unset.toggled.connect(self.update_sample)

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
            self.notice_issuer.setPlaceholderText(notice_issuer(data, blank))
        self.start.set_value(s.start)
        self.days.setValue(s.days)
        self.day_kind.setCurrentText(s.day_kind)
        self.end.set_value(s.end)
        self.phone.setText(s.phone)
        self.contact.setText(s.contact)
        self.address.setText(s.address)
        self.objection.setPlainText(s.objection)
        self.issuer.setText(s.issuer)
        self.issuer.setPlaceholderText(f"{org}考绩办")
        self.print_office.setPlaceholderText(f"{org}考绩办")
        self.issue_date.set_value(s.issue_date)
        self.doc_number.setText(s.doc_number)
        self.recipients.setText(s.recipients)
        self.notice_issuer.setText(s.notice_issuer)
        self.notice_date.set_value(s.notice_date)
        self.print_office.setText(s.print_office)
        self.print_date.set_value(s.print_date)
        self._bulletins = (dict(s.bulletin_numbers), dict(s.bulletin_dates))
        self._show_bulletin(self.bulletin_period.currentText())
        self.update_sample()

    def _keep_bulletin(self) -> None:
        """Take the shown period's bulletin fields into the per-period values."""
        numbers, dates = self._bulletins
        period = self._shown_period
        number, when = self.bulletin_number.text().strip(), self.bulletin_date.value()
        numbers.pop(period, None)
        dates.pop(period, None)
        if number:
            numbers[period] = number
        if when is not None:
            dates[period] = when

    def _show_bulletin(self, period: str) -> None:
        self._shown_period = period
        self.bulletin_number.setText(self._bulletins[0].get(period, ""))
        self.bulletin_date.set_value(self._bulletins[1].get(period))

    def _switch_bulletin(self, period: str) -> None:
        self._keep_bulletin()
        self._show_bulletin(period)

    def settings(self) -> PublicitySettings:
        """The settings as now in the form."""
        self._keep_bulletin()
        return PublicitySettings(
            organisation=self.organisation.text().strip(),
            title=self.title_edit.text().strip(),
            staff_title=self.staff_title.text().strip(),
            start=self.start.value(), end=self.end.value(),
            days=self.days.value(), day_kind=self.day_kind.currentText(),
            phone=self.phone.text().strip(), contact=self.contact.text().strip(),
            address=self.address.text().strip(),
            objection=self.objection.toPlainText().strip() or DEFAULT_OBJECTION,
            issuer=self.issuer.text().strip(), issue_date=self.issue_date.value(),
            variant=self.variant.currentText(),
            doc_number=self.doc_number.text().strip(),
            recipients=self.recipients.text().strip(),
            notice_issuer=self.notice_issuer.text().strip(),
            notice_date=self.notice_date.value(),
            print_office=self.print_office.text().strip(),
            print_date=self.print_date.value(),
            bulletin_numbers=dict(self._bulletins[0]),
            bulletin_dates=dict(self._bulletins[1]))

    def update_sample(self) -> None:
        data, result = self.controller.data, self.controller.result
        if data is None:
            return
        try:
            s = self.settings()
            self.sample.setText(s.objection_text(s.organisation or data.organisation))
        except (KeyError, IndexError, ValueError):
            self.sample.setText("异议说明中的 {…} 只能是 {issuer}、{phone}、{contact}、{address}")
            return
        # what the sheets will print while a date is left to its default
        computed = s.period()
        self.end.show_default(computed.end if computed else None)
        self.issue_date.show_default(s.signed_date())
        self.print_date.show_default(s.notice_date)
        note = s.period_note()
        if computed is not None and s.end is None:
            note = (f"推算结果：{chinese_date(computed.start)}至{chinese_date(computed.end)}，"
                    f"共{computed.length_text}。" + note)
        self.period_note.setText(note)
        if result is not None and self.controller.yf is not None:
            self.state.setText(self._state_text(s))

    def _state_text(self, s: PublicitySettings) -> str:
        """What printing the chosen document would do, for the line under the buttons."""
        kind = self.sheet.currentData()
        result = self.controller.result
        assert result is not None
        if kind == "internal-check":
            return "内部核对表供考绩办核对，列出公示表上不显示的提示和待审核事项，不得张贴。"
        if kind == "notice":
            stage = year_stage(self.controller)
            draft, reason = notice_draft(result, stage)
            if stage != ISSUED and not (s.doc_number and s.notice_date):
                return (f"<span style='{NOTE_STYLE}'>请在进入“{ISSUED}”阶段前填写文号和成文日期"
                        f"（发文后年度只读）。{('打印将带“草稿”水印：' + reason) if draft else ''}"
                        "</span>")
        else:
            draft, reason = draft_state(result, s, year_stage(self.controller))
            missing = s.missing_fields()
            if not draft and missing:
                return (f"<span style='{NOTE_STYLE}'>正式公示表须先填写："
                        f"{'、'.join(missing)}。</span>")
        if draft:
            return f"<span style='{NOTE_STYLE}'>打印将带“草稿”水印：{reason}</span>"
        return "可以正式打印（无草稿水印）。"

    # --- actions ------------------------------------------------------------

    def save(self) -> bool:
        """Save the form (one undoable step); True when saved or unchanged."""
        if self.controller.yf is None:
            return False
        try:
            s = self.settings()
            s.objection_text("")  # placeholders must be known ones
        except (KeyError, IndexError, ValueError):
            self.message.emit("异议说明中的 {…} 只能是 "
                              "{issuer}、{phone}、{contact}、{address}，未保存")
            return False
        if s == self.saved():
            return True
        change = Change("meta", (META_KEY,), {"value": s.to_json()})
        if not self.controller.apply([change], "录入", text="修改公示设置"):
            return False
        self.message.emit("公示设置已保存")
        return True

    def document(self) -> Document | None:
        """The chosen document; None (with the reason in the status line) when it
        cannot be printed, e.g. a final sheet whose contact fields are blank."""
        c = self.controller
        if c.data is None or c.result is None or c.yf is None:
            return None
        stage = year_stage(c)
        try:
            return build_document(self.sheet.currentData(),
                                  entered_rows(c.data, every_table=True), c.result,
                                  self.saved(), None, stage)
        except ValueError as exc:  # SettingsMissing: a blank field a final sheet needs
            self.message.emit(str(exc))
            self.state.setText(f"<span style='{NOTE_STYLE}'>{exc}</span>")
            return None

    def preview(self) -> None:
        if not self.save():
            return
        doc = self.document()
        if doc is not None:
            # reason: start-up time; QtPrintSupport loads on the first print preview
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
        # reason: start-up time; the PDF writer (pikepdf) loads on the first export
        from kaoji_desktop.reports.render import write_pdf

        try:
            pages = write_pdf(doc, path)
        except OSError as exc:
            self.message.emit(f"导出失败：{exc}")
            return None
        self.message.emit(f"已导出 PDF（{pages} 页）：{path}")
        return Path(path)
