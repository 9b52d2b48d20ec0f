"""文件 menu flows with the file dialogs answered: 导入工作簿, 导出结果, 导出数据,
新建年度, PDF export of a report."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog

from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from kaoji_desktop.gui import file_actions
from kaoji_desktop.gui.dialogs import PrintDialog, ProblemsDialog
from kaoji_desktop.store import YearFile


def answer_open(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def answer_save(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def _load(path: Path):
    with YearFile.open(path, readonly=True) as yf:
        return yf.load()


def test_refused_workbook_lists_problems_and_changes_nothing(window, demo_file, tmp_path,
                                                             monkeypatch):
    before = window.controller.data
    xlsx = dump_year(before, tmp_path / "坏.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    wb["条线得分"]["D3"] = "九十"
    wb.save(xlsx)
    answer_open(monkeypatch, xlsx)
    file_actions.import_workbook(window)
    QApplication.processEvents()
    [dialog] = [d for d in window.findChildren(ProblemsDialog) if d.isVisible()]
    rows = [[dialog.table.item(r, c).text() for c in range(4)]
            for r in range(dialog.table.rowCount())]
    assert any(r[0] == "条线得分" and r[1] == "3" and "九十" in r[3] for r in rows), rows
    assert window.controller.data == before
    assert _load(demo_file) == before
    dialog.close()


def test_good_workbook_replaces_the_data(window, demo_file, tmp_path, monkeypatch):
    old = window.controller.data
    changed = dataclasses.replace(
        old, organisation="新南街道",
        line_scores=tuple(dataclasses.replace(s, score=Decimal(1)) if i == 0 else s
                          for i, s in enumerate(old.line_scores)))
    xlsx = dump_year(changed, tmp_path / "好.xlsx")
    answer_open(monkeypatch, xlsx)
    file_actions.import_workbook(window)
    QApplication.processEvents()
    assert window.controller.data == changed == _load(demo_file)
    assert window.controller.result is not None
    assert "已导入" in window.statusBar().currentMessage()
    assert not [d for d in window.findChildren(ProblemsDialog) if d.isVisible()]


def test_export_results_and_data(window, tmp_path, monkeypatch):
    answer_save(monkeypatch, tmp_path / "结果")  # the suffix is added
    file_actions.export_results(window)
    out = tmp_path / "结果.xlsx"
    wb = openpyxl.load_workbook(out, read_only=True)
    cells = {str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c is not None}
    wb.close()
    result = window.controller.result
    assert {c.name for c in result.communities} <= cells
    assert {s.person for s in result.staff} <= cells

    answer_save(monkeypatch, tmp_path / "数据.xlsx")
    file_actions.export_data(window)
    assert parse_workbook(tmp_path / "数据.xlsx").data == window.controller.data


@pytest.mark.parametrize("people", [True, False])
def test_new_year_copies_settings_and_people(window, demo_file, tmp_path, people):
    real = tmp_path / "2017年度考绩.kaoji"  # a real year: the demo is never carried over
    shutil.copy2(demo_file, real)
    assert window.controller.open(real)
    old = window.controller.data
    dialog = file_actions.new_year(window)
    assert dialog.year.value() == old.year + 1
    assert dialog.previous.text() == str(window.controller.path)
    target = tmp_path / "2018年度.kaoji"
    dialog.path.setText(str(target))
    dialog.copy_people.setChecked(people)
    dialog.accept()
    QApplication.processEvents()
    assert window.controller.path == target
    new = _load(target)
    assert (new.year, new.organisation) == (old.year + 1, old.organisation)
    assert (new.communities, new.lines, new.leaders, new.reward_bases, new.rules) == \
        (old.communities, old.lines, old.leaders, old.reward_bases, old.rules)
    assert new.posts == (old.posts if people else ())
    assert new.line_scores == () and new.dual_reviews == () and new.projects == ()
    assert _load(real) == old  # the previous year is untouched


def test_report_exported_as_pdf(window, tmp_path, monkeypatch):
    def choose(self: PrintDialog) -> int:
        self.kind.setCurrentIndex(self.kind.findData("publicity-staff"))
        return 2
    monkeypatch.setattr(PrintDialog, "exec", choose)
    out = tmp_path / "人员公示.pdf"
    answer_save(monkeypatch, out)
    file_actions.print_report(window)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    assert "工作人员考绩结果公示" in text.replace("\n", "")
    assert window.controller.result.staff[0].person in text
    assert "已导出 PDF" in window.statusBar().currentMessage()


def _audit_without_time(path: Path) -> list[tuple[object, ...]]:
    with YearFile.open(path, readonly=True) as yf:
        return [row[2:] for row in yf.conn.execute(
            "SELECT id, ts, source, tbl, key, field, old, new FROM audit ORDER BY id")]


def test_window_and_cli_import_give_the_same_file(window, demo_file, demo_master, tmp_path,
                                                   monkeypatch):
    """One import service: the window's 导入工作簿 and `kaoji import` into an
    existing file leave the same data and the same audit rows."""
    from kaoji_desktop.cli import main

    old = window.controller.data
    changed = dataclasses.replace(
        old, organisation="新南街道",
        line_scores=tuple(dataclasses.replace(s, score=Decimal("2.5")) if i < 3 else s
                          for i, s in enumerate(old.line_scores)))
    xlsx = dump_year(changed, tmp_path / "好.xlsx")
    cli_file = tmp_path / "cli" / demo_master.name
    cli_file.parent.mkdir()
    shutil.copyfile(demo_master, cli_file)
    assert main(["import", str(xlsx), "--db", str(cli_file)]) == 0
    answer_open(monkeypatch, xlsx)
    file_actions.import_workbook(window)
    QApplication.processEvents()
    assert _load(demo_file) == _load(cli_file) == changed
    assert _audit_without_time(demo_file) == _audit_without_time(cli_file)
