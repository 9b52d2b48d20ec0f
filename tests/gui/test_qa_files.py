"""QA pass on the 文件 menu: exports into places they cannot be written say
so in Chinese in the status bar (no exception escapes the menu action)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from kaoji_desktop.gui import file_actions
from kaoji_desktop.gui.dialogs import PrintDialog


def answer_save(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def test_pdf_into_a_missing_folder_is_a_message(window, tmp_path, monkeypatch):
    monkeypatch.setattr(PrintDialog, "exec", lambda self: 2)
    target = tmp_path / "没有" / "公示.pdf"
    answer_save(monkeypatch, target)
    file_actions.print_report(window)
    message = window.statusBar().currentMessage()
    assert "导出 PDF 失败" in message and "文件夹不存在" in message, message
    assert not target.exists()


@pytest.mark.parametrize("action", [file_actions.export_results, file_actions.export_data])
def test_xlsx_onto_a_folder_is_a_message_naming_it(window, tmp_path, monkeypatch, action):
    target = tmp_path / "结果.xlsx"
    target.mkdir()
    answer_save(monkeypatch, target)
    action(window)
    message = window.statusBar().currentMessage()
    assert "导出失败" in message and str(target) in message and "Errno" not in message, message
    assert not list(tmp_path.glob(".kaoji-*"))
