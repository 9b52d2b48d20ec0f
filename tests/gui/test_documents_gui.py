"""公示设置 shows the computed dates and refuses a final sheet with blank contacts;
the department window and the merge preview show and print the sign-off sheet
with the same check code."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from kaoji_desktop.exchange.packages import make_return, read_return, write_return
from kaoji_desktop.reports.signoff import check_code, from_return
from kaoji_desktop.reports.workdays import known_years
from kaoji_desktop.store.stages import STAGE_KEY
from tests.gui.test_department import department_window
from tests.gui.test_department_merge import clerk  # noqa: F401  (a fixture)


@pytest.fixture
def previews(monkeypatch):
    from kaoji_desktop.gui import preview

    shown = []
    monkeypatch.setattr(preview, "preview_document", lambda doc, parent=None: shown.append(doc))
    return shown


def test_page_shows_the_computed_end_and_signing_dates(window):
    page = window.page("公示设置")
    QApplication.processEvents()
    page.end.set_value(None)
    page.issue_date.set_value(None)
    page.start.set_value(date(2017, 9, 29))  # Friday before 国庆
    assert page.end.edit.date().toPython() == date(2017, 10, 9)
    assert page.issue_date.edit.date().toPython() == date(2017, 9, 29)
    assert "共3个工作日" in page.period_note.text()
    page.day_kind.setCurrentText("自然日")
    assert page.end.edit.date().toPython() == date(2017, 10, 1)
    page.day_kind.setCurrentText("工作日")
    page.days.setValue(5)
    # 29 Sep, Saturday 30 Sep (调休), then 9, 10 and 11 October
    assert page.end.edit.date().toPython() == date(2017, 10, 11)
    late = known_years()[1] + 1
    page.start.set_value(date(late, 3, 1))
    assert f"{late}年的法定节假日和调休未知" in page.period_note.text()
    page.start.set_value(None)
    assert page.end.edit.text() == "—"  # no start: nothing to show, not today


def test_page_refuses_a_final_sheet_naming_the_blank_field(window, tmp_path):
    controller = window.controller
    controller.yf.set_meta(STAGE_KEY, "一次公示", source="流程")
    page = window.page("公示设置")
    QApplication.processEvents()
    messages = []
    page.message.connect(messages.append)
    page.start.set_value(date(2018, 1, 15))
    page.phone.setText("0577-88123456")
    page.contact.setText("陈老师")
    page.address.setText("")
    page.sheet.setCurrentIndex(0)
    page.update_sample()
    assert "书面意见地址" in page.state.text()
    assert page.export_pdf(tmp_path / "c.pdf") is None
    assert not (tmp_path / "c.pdf").exists()
    assert any("书面意见地址未填写" in m for m in messages)
    page.address.setText("大南路1号")
    assert page.export_pdf(tmp_path / "c.pdf") == tmp_path / "c.pdf"


def test_department_window_shows_and_prints_the_check_code(qtbot, tmp_path, previews):
    _, win = department_window(qtbot, tmp_path, "城管办", "三季度")
    win.entry.values.update({k: Decimal("10.5") for k in win.entry.values})
    win.refresh()
    win.signer.setText("李明")
    assert win.save_to(tmp_path / "r.kjret")
    win.entry.dirty = False
    code = check_code(from_return(read_return(tmp_path / "r.kjret")))
    assert win.check_code.text() == f"校验码 {code}"
    win.signoff_button.click()
    assert len(previews) == 1 and previews[0].extra["check_code"] == code
    assert "分管领导 李明" in previews[0].plain_text()


def test_merge_preview_shows_and_prints_the_same_code(clerk, qtbot, tmp_path, previews):  # noqa: F811
    from kaoji_desktop.exchange.packages import issue_package
    from kaoji_desktop.gui.merge_dialog import MergeDialog

    pkg = issue_package(clerk.controller.yf, "城管办", "三季度")
    ret = make_return(pkg, {k: Decimal(11) for k in pkg.values}, signer="李明",
                      sign_date="2017-10-09")
    path = write_return(ret, tmp_path / "城管办.kjret")
    code = check_code(from_return(ret))
    dialog = MergeDialog(clerk.controller, [path], clerk)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    assert f"校验码：{code}" in dialog.summary.text()
    assert dialog.signoff.isEnabled()
    dialog.signoff.click()
    assert len(previews) == 1 and previews[0].extra["check_code"] == code
    assert "城管办" in previews[0].plain_text() and "（满分12分）" in previews[0].plain_text()


def test_bulletin_numbers_are_kept_per_period(window):
    from kaoji_desktop.reports.settings import load_settings

    page = window.page("公示设置")
    QApplication.processEvents()
    page.bulletin_period.setCurrentText("二季度")
    page.bulletin_number.setText("大南考〔2017〕2号")
    page.bulletin_date.set_value(date(2017, 7, 12))
    page.bulletin_period.setCurrentText("三季度")
    assert page.bulletin_number.text() == "" and page.bulletin_date.value() is None
    page.bulletin_number.setText("大南考〔2017〕3号")
    page.doc_number.setText("大南委〔2018〕5号")
    assert page.save()
    saved = load_settings(window.controller.yf)
    assert saved.bulletin_numbers == {"二季度": "大南考〔2017〕2号", "三季度": "大南考〔2017〕3号"}
    assert saved.bulletin_dates == {"二季度": date(2017, 7, 12)}
    assert saved.doc_number == "大南委〔2018〕5号"
    page.bulletin_period.setCurrentText("二季度")
    assert page.bulletin_number.text() == "大南考〔2017〕2号"
    window.controller.undo_stack.undo()  # one step takes it all back
    QApplication.processEvents()
    assert load_settings(window.controller.yf).bulletin_numbers == {}
