"""公示设置: edits saved as one audited, undoable change; PDF shows them."""

from __future__ import annotations

import subprocess
import unicodedata
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog

from kaoji_desktop.reports.settings import load_settings
from kaoji_desktop.store import YearFile

PHONE = "0817-2345678"


def _pdf_text(path: Path) -> str:
    """The PDF's text; NFKC since CJK fonts map some characters to the
    look-alike Kangxi radicals (⽉ for 月)."""
    out = subprocess.run(["pdftotext", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return unicodedata.normalize("NFKC", out).replace("\n", "")


def _saved(path: Path):
    with YearFile.open(path, readonly=True) as yf:
        return load_settings(yf), yf.audit(limit=1)[0]


def test_phone_edit_is_saved_audited_and_printed(window, demo_file, tmp_path, monkeypatch):
    page = window.page("公示设置")
    QApplication.processEvents()
    before, _ = _saved(demo_file)
    assert page.phone.text() == before.phone != PHONE
    page.phone.setText(PHONE)
    page.contact.setText("王科员")
    page.start.set_value(date(2018, 1, 10))
    # the computed end (three working days, Wednesday to Friday) is shown, not today
    assert page.end.value() is None
    assert page.end.edit.date().toPython() == date(2018, 1, 12)
    assert page.issue_date.edit.date().toPython() == date(2018, 1, 10)
    out = tmp_path / "公示.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out.with_suffix("")), "")))
    page.sheet.setCurrentIndex(0)
    assert page.export_pdf() == out and out.is_file()

    saved, entry = _saved(demo_file)
    assert (saved.phone, saved.contact, saved.start) == (PHONE, "王科员", date(2018, 1, 10))
    assert saved.end_date() == date(2018, 1, 12)
    assert (entry.table, entry.source) == ("meta", "录入") and PHONE in entry.new
    text = _pdf_text(out)
    assert PHONE in text and "王科员" in text and "2018年1月12日" in text

    # staff sheet carries the same closing text
    page.sheet.setCurrentIndex(1)
    staff = page.export_pdf(tmp_path / "人员.pdf")
    assert staff is not None and PHONE in _pdf_text(staff)

    # one undo step brings the old phone back, in the file and in the form
    window.controller.undo_stack.undo()
    QApplication.processEvents()
    assert _saved(demo_file)[0].phone == before.phone
    assert page.phone.text() == before.phone


def test_unsaved_edits_are_discarded_and_bad_placeholders_refused(window, demo_file):
    page = window.page("公示设置")
    QApplication.processEvents()
    count = window.controller.undo_stack.count()
    page.objection.setPlainText("请联系{nobody}")
    assert not page.save()
    assert window.controller.undo_stack.count() == count
    page.revert_button.click()
    assert "{nobody}" not in page.objection.toPlainText()
    assert page.save() and window.controller.undo_stack.count() == count  # unchanged


def test_preview_opens_the_print_preview_of_the_chosen_sheet(window, monkeypatch):
    from kaoji_desktop.gui import preview

    shown = []
    monkeypatch.setattr(preview, "preview_document", lambda doc, parent=None: shown.append(doc))
    page = window.page("公示设置")
    QApplication.processEvents()
    page.variant.setCurrentText("第二次公示")
    page.sheet.setCurrentIndex(1)
    page.preview_button.click()
    assert len(shown) == 1 and "工作人员" in shown[0].name and "第二次公示" in shown[0].name
