"""Scores carry at most two decimals, read the same way by the import and
the packages (the window: tests/gui/test_decimal_cells.py)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.core.values import score as parse_score
from kaoji_desktop.exchange.problems import ImportRefused, check_places
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from tests.exchange.exchange_helpers import demo_workbook, edit, find_row


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_workbook(tmp_path_factory.mktemp("wb") / "good.xlsx")


@pytest.mark.parametrize("value", ["0.000000001", "47.125", 47.125])
def test_import_refuses_more_than_two_decimals(tmp_path, good, value):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    path = edit(good, tmp_path / "d.xlsx", "专职条线评分", row, "得分", value)
    with pytest.raises(ImportRefused) as info:
        parse_workbook(path)
    (p,) = [str(x) for x in info.value.problems]
    assert p.startswith(f"工作表「专职条线评分」第{row}行「得分」列：") and "最多保留两位小数" in p


def test_import_accepts_two_decimals_and_trailing_zeros(tmp_path, good):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    for typed, expected in (("47.25", "47.25"), ("47.500", "47.5")):
        path = edit(good, tmp_path / "ok.xlsx", "专职条线评分", row, "得分", typed)
        data = parse_workbook(path).data
        assert next(s.score for s in data.staff_line_scores
                    if s.person == "王丽华") == Decimal(expected)


@pytest.mark.parametrize("typed", ["0.000000001", "9.125"])
def test_packages_refuse_more_than_two_decimals_with_the_same_words(typed):
    with pytest.raises(ValueError, match="最多保留两位小数"):
        parse_score(typed, Decimal(10))
    assert parse_score("9.50", Decimal(10)) == Decimal("9.5")


def test_check_places_ignores_trailing_zeros():
    assert check_places(Decimal("1.2300"), "1.2300") == Decimal("1.23")
    with pytest.raises(ValueError, match="最多保留两位小数"):
        check_places(Decimal("1E-9"), "0.000000001")
