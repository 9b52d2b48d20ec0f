"""core.values: the one reader of numbers and names for every route."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kaoji_desktop.core import values as v
from kaoji_desktop.exchange import problems
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from tests.exchange.exchange_helpers import demo_workbook, edit, find_row

TOP = Decimal(50)


@pytest.mark.parametrize(("typed", "expected"), [
    ("４７．５", "47.5"), ("46。5", "46.5"), (" 45 ", "45"), ("", None), (None, None),
    (Decimal("9.50"), "9.5"), (47.5, "47.5"), (12, "12"), ("1,234", "1234")])
def test_scores_read_as_typed(typed, expected):
    top = Decimal(2000)
    assert v.score(typed, top) == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize("typed", [
    "1_0", "1e1", "4,5", "45%", "NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e400",
    "abc", float("inf"), float("nan"), Decimal("Infinity"), Decimal("sNaN"), Decimal("1E+400"),
    True, [1], "1" * 5000])
def test_malformed_and_non_finite_numbers_refused_with_a_message(typed):
    with pytest.raises(v.BadValue) as info:
        v.score(typed, TOP)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))  # a Chinese message


@pytest.mark.parametrize("typed", ["-0", "-0.00", "－０", Decimal("-0"), -0.0])
def test_negative_zero_reads_as_zero(typed):
    value = v.score(typed, TOP)
    assert value == 0 and not value.is_signed() and v.fmt(value) == "0"


@pytest.mark.parametrize("typed", ["11.123456789", "0.001", 47.125])
def test_more_than_two_decimals_refused(typed):
    with pytest.raises(v.BadValue, match="最多保留两位小数"):
        v.score(typed, TOP)


@pytest.mark.parametrize("typed", ["50.01", "-1", "1000"])
def test_out_of_range_refused(typed):
    with pytest.raises(v.BadValue, match=r"超出范围\[0, 50\]"):
        v.score(typed, TOP)


def test_names_at_most_100_characters():
    assert v.name(" 荷花社区 ") == "荷花社区"
    assert v.name("名" * 100) == "名" * 100
    with pytest.raises(v.BadValue, match="最多100个字"):
        v.name("名" * 101, "社区")


def test_notes_one_line_and_bounded():
    assert v.note(" 迟报\n扣 1 分 ") == "迟报 扣 1 分"
    assert v.note("扣" * 100) == "扣" * 100
    with pytest.raises(v.BadValue, match="最多100个字"):
        v.note("扣" * 101)


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (Decimal("9.50"), "9.5"), (Decimal("1E+1"), "10"), (Decimal("-0"), "0"),
    (Decimal("0.00"), "0"), (Decimal("12345678901234.25"), "12345678901234.25"),
    (Decimal("Infinity"), "Infinity")])
def test_one_formatter_never_raises(value, text):
    assert v.fmt(value) == text


def test_problems_delegates_to_values():
    assert problems.number_text is v.number_text and problems.BadValue is v.BadValue
    assert problems.decimal is v.decimal and problems.fmt is v.fmt


@pytest.mark.parametrize(("sheet", "match", "column", "value", "words"), [
    ("条线", {"条线": "城管"}, "责任科室", "科" * 101, "最多100个字"),
    ("条线得分", {"社区": "花柳塘社区"}, "得分", "Infinity", "不是有效的数字"),
    ("条线得分", {"社区": "花柳塘社区"}, "得分", "sNaN", "不是有效的数字"),
    ("条线得分", {"社区": "花柳塘社区"}, "得分", "1e400", "不是有效的数字"),
])
def test_workbook_import_reads_through_the_same_module(tmp_path, sheet, match, column, value,
                                                       words):
    good = demo_workbook(tmp_path / "good.xlsx")
    row = find_row(good, sheet, **match)
    with pytest.raises(ImportRefused) as info:
        parse_workbook(edit(good, tmp_path / "bad.xlsx", sheet, row, column, value))
    assert any(words in str(p) and p.row == row for p in info.value.problems)


def test_workbook_import_reads_negative_zero_as_zero(tmp_path):
    good = demo_workbook(tmp_path / "good.xlsx")
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    data = parse_workbook(edit(good, tmp_path / "z.xlsx", "专职条线评分", row, "得分", "-0")).data
    score = next(s.score for s in data.staff_line_scores if s.person == "王丽华")
    assert score == 0 and not score.is_signed()
