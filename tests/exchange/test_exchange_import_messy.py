"""Messy workbooks as clerks really send them (QA pass): full-width digits,
percent signs, dates in number columns, headers with spaces or units, files
that are not .xlsx at all. Each is read or refused with a clear message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from tests.exchange.exchange_helpers import demo_workbook, edit, find_row


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_workbook(tmp_path_factory.mktemp("wb") / "good.xlsx")


def staff_score(path: Path) -> Decimal:
    data = parse_workbook(path).data
    return next(s for s in data.staff_line_scores if s.person == "王丽华").score


def problems(path: Path) -> list[str]:
    with pytest.raises(ImportRefused) as info:
        parse_workbook(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(("typed", "expected"), [
    ("４７．５", "47.5"), ("4７", "47"), ("４６。５", "46.5"), ("\u300047.5\u3000", "47.5")])
def test_full_width_numbers_read_as_typed(tmp_path, good, typed, expected):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    path = edit(good, tmp_path / "fw.xlsx", "专职条线评分", row, "得分", typed)
    assert staff_score(path) == Decimal(expected)


def test_full_width_minus_is_a_range_problem_not_garbage(tmp_path, good):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    path = edit(good, tmp_path / "m.xlsx", "专职条线评分", row, "得分", "－１")
    (p,) = problems(path)
    assert p.startswith(f"工作表「专职条线评分」第{row}行「得分」列：") and "超出范围" in p


@pytest.mark.parametrize(("value", "fragment"), [
    ("95%", "不要带%"),
    ("4,5", "千位分隔"),
    ("1e1", "不是有效的数字"),
    (dt.datetime(2017, 3, 1), "是日期"),
    (dt.date(2017, 3, 1), "是日期"),
    (True, "不是有效的数字"),
    ("4_7", "不是有效的数字"),
])
def test_odd_values_in_number_columns_refused_clearly(tmp_path, good, value, fragment):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    path = edit(good, tmp_path / "odd.xlsx", "专职条线评分", row, "得分", value)
    (p,) = problems(path)
    assert p.startswith(f"工作表「专职条线评分」第{row}行「得分」列：") and fragment in p, p


def test_header_spaces_are_trimmed(tmp_path, good):
    wb = openpyxl.load_workbook(good)
    ws = wb["专职条线评分"]
    ws["A1"], ws["C1"] = " 姓名", "得分\u3000"
    wb.save(tmp_path / "h.xlsx")
    assert staff_score(tmp_path / "h.xlsx") == staff_score(good)


def test_header_with_unit_names_the_column_it_did_not_know(tmp_path, good):
    wb = openpyxl.load_workbook(good)
    wb["专职条线评分"]["C1"] = "得分（分）"
    wb.save(tmp_path / "h.xlsx")
    (p,) = problems(tmp_path / "h.xlsx")
    assert p.startswith("工作表「专职条线评分」第1行「得分」列：缺少必需的列")
    assert "“得分（分）”" in p


def test_names_are_trimmed_but_unknown_names_refused(tmp_path, good):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    path = edit(good, tmp_path / "n.xlsx", "专职条线评分", row, "姓名", "\u3000王丽华 ")
    assert staff_score(path) == staff_score(good)
    path = edit(good, tmp_path / "n2.xlsx", "专职条线评分", row, "姓名", "王丽")
    (p,) = problems(path)
    assert "未知人员“王丽”" in p


def test_old_xls_or_encrypted_file_says_so(tmp_path):
    ole = tmp_path / "old.xlsx"
    ole.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 600)
    (p,) = problems(ole)
    assert ".xls" in p and "密码" in p and "另存为" in p


def test_csv_renamed_xlsx_says_so(tmp_path):
    csv = tmp_path / "data.xlsx"
    csv.write_text("社区,条线,期次,得分\r\n花柳塘社区,监察,一季度,4.5\r\n", encoding="utf-8")
    (p,) = problems(csv)
    assert "文本" in p and "另存为" in p


def test_zero_byte_file_says_empty(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    (p,) = problems(empty)
    assert "空文件" in p


def test_folder_is_not_a_file(tmp_path):
    folder = tmp_path / "年度.xlsx"
    folder.mkdir()
    (p,) = problems(folder)
    assert "文件夹" in p and "找不到" not in p


def test_hidden_sheet_and_many_blank_rows_still_read(tmp_path, good):
    wb = openpyxl.load_workbook(good)
    wb["满意度"].sheet_state = "hidden"
    ws = wb["条线得分"]
    for r in range(ws.max_row + 1, ws.max_row + 10_001):
        ws.cell(r, 4).value = " "
    wb.save(tmp_path / "blank.xlsx")
    ref = parse_workbook(good).data
    assert parse_workbook(tmp_path / "blank.xlsx").data == ref
