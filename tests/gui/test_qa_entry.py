"""QA pass on the entry grids: what clerks really type and paste.

Full-width digits are read as typed; sloppy numbers ("1_0", "4,5", "5%") are
refused with their message; rule values that cannot be computed are refused
at the cell; an edit after which the year cannot be computed is taken back;
a paste block's trailing empty cells never overflow the grid.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kaoji_desktop.store import Change, YearFile
from tests.gui.helpers import cell, find_row

PERSON = "王丽华"


def _digest(path: Path) -> str:
    with YearFile.open(path, readonly=True) as yf:
        return hashlib.sha256(repr(yf.load()).encode()).hexdigest()


def _l_score(path: Path, person: str) -> Decimal | None:
    with YearFile.open(path, readonly=True) as yf:
        return next((s.score for s in yf.load().staff_line_scores if s.person == person), None)


def _staff_cell(window):
    page = window.page("专职条线评分")
    QApplication.processEvents()
    row, col = cell(page.grid, PERSON, "得分")
    return page.grid, page.grid.proxy.index(row, col)


@pytest.mark.parametrize(("typed", "expected"), [
    ("４７．５", "47.5"), ("4７", "47"), ("４６。５", "46.5"), ("\u300045\u3000", "45")])
def test_full_width_digits_are_read_as_typed(window, demo_file, typed, expected):
    grid, index = _staff_cell(window)
    assert grid.proxy.setData(index, typed)
    assert _l_score(demo_file, PERSON) == Decimal(expected)


@pytest.mark.parametrize(("typed", "fragment"), [
    ("1_0", "不是数字"), ("4,5", "不是数字"), ("45%", "不要带%"), ("1e1", "不是数字")])
def test_sloppy_numbers_are_refused(window, demo_file, typed, fragment):
    grid, index = _staff_cell(window)
    before = _l_score(demo_file, PERSON)
    assert not grid.proxy.setData(index, typed)
    message = window.statusBar().currentMessage()
    assert fragment in message and PERSON in message, message
    assert _l_score(demo_file, PERSON) == before


def test_very_long_text_is_refused(window, demo_file):
    page = window.page("社区")
    QApplication.processEvents()
    row, col = cell(page.grid, "荷花社区", "联系领导")
    before = _digest(demo_file)
    assert not page.grid.proxy.setData(page.grid.proxy.index(row, col), "名" * 500)
    assert "过长" in window.statusBar().currentMessage()
    assert _digest(demo_file) == before


def _rule_row(window, label: str):
    page = window.page("规则参数")
    QApplication.processEvents()
    row = find_row(page.grid, 0, label)
    return page.grid, page.grid.proxy.index(row, 1)


@pytest.mark.parametrize(("label", "typed"), [
    ("社区基本总分", "NaN"), ("社区基本总分", "Infinity"), ("社区基本总分", "-1"),
    ("社区等次比例", "0:0:0"), ("人员分档比例", "-1:5:2"), ("满意度评价分值", "优秀=1"),
    ("奖金系数（一/二/三档）", "1/1/-5"), ("条线评分满分(L)", "1e400")])
def test_rule_values_that_cannot_be_computed_are_refused(window, demo_file, label, typed):
    errors: list[str] = []
    window.controller.error.connect(errors.append)
    grid, index = _rule_row(window, label)
    before, shown = _digest(demo_file), index.data()
    undo = window.controller.undo_stack.count()
    assert not grid.proxy.setData(index, typed)
    assert label in window.statusBar().currentMessage()
    assert _digest(demo_file) == before
    assert window.controller.undo_stack.count() == undo
    assert grid.proxy.index(index.row(), 1).data() == shown
    assert not errors, errors


def test_an_edit_the_year_cannot_be_computed_with_is_taken_back(window, demo_file):
    from kaoji_desktop.core.rules_json import dumps

    controller = window.controller
    rules = controller.data.rules
    bad = type(rules)(**{**rules.__dict__, "tier_ratio": (0, 0, 0)})
    before, undo, result = _digest(demo_file), controller.undo_stack.count(), controller.result
    assert not controller.apply([Change("meta", ("rules",), {"value": dumps(bad)})])
    assert "撤回" in controller.last_error
    assert _digest(demo_file) == before
    assert controller.undo_stack.count() == undo
    assert controller.result == result


def test_paste_with_trailing_tab_at_the_last_column(window, demo_file):
    grid, index = _staff_cell(window)
    last = grid.proxy.columnCount() - 1
    # the L score column: find the last editable column and paste there with a trailing tab
    editable = [c for c in range(grid.proxy.columnCount())
                if grid.proxy.index(index.row(), c).flags() & Qt.ItemFlag.ItemIsEditable]
    col = editable[-1]
    grid.setCurrentIndex(grid.proxy.index(index.row(), col))
    block = "46\t" + "\t" * (last - col) + "\r\n"
    assert grid.paste(block), window.statusBar().currentMessage()
    assert _l_score(demo_file, PERSON) == Decimal(46)


def test_paste_wider_than_the_grid_with_values_is_refused(window, demo_file):
    grid, index = _staff_cell(window)
    before = _digest(demo_file)
    grid.setCurrentIndex(index)
    wide = "\t".join(["45"] * (grid.proxy.columnCount() + 2))
    assert not grid.paste(wide + "\r\n")
    assert "超出了表格范围" in window.statusBar().currentMessage()
    assert _digest(demo_file) == before
