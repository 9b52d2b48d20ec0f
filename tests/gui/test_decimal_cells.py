"""The window refuses scores with more than two decimals, like the import and
the packages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kaoji_desktop.gui.models.table import DEC, Column, Refused, parse


def _col() -> Column:
    return Column("得分", lambda r: None, lambda r, v: [], DEC,
                  lambda _r: (Decimal(0), Decimal(100)), places=2)


@pytest.mark.parametrize("typed", ["0.000000001", "4.125", "４．１２５"])
def test_cell_refuses_more_than_two_decimals(typed):
    with pytest.raises(Refused, match="最多保留两位小数"):
        parse(_col(), None, typed)


@pytest.mark.parametrize(("typed", "expected"), [("4.12", "4.12"), ("4.500", "4.5"), ("7", "7")])
def test_cell_accepts_up_to_two_decimals(typed, expected):
    assert parse(_col(), None, typed) == Decimal(expected)


def test_typed_long_decimal_is_not_saved(window, qtbot, demo_file):
    from kaoji_desktop.store import YearFile
    from tests.gui.helpers import cell, type_into

    page = window.page("人员与岗位")
    page.refresh()
    person = window.controller.data.posts[0].person
    row, col = cell(page.grid, person, "在岗月数")
    before = window.controller.data
    messages: list[str] = []
    page.message.connect(messages.append)
    type_into(qtbot, page.grid, row, col, "6.123")
    assert window.controller.data == before
    assert any("最多保留两位小数" in m for m in messages), messages
    with YearFile.open(demo_file, readonly=True) as yf:
        assert yf.load().posts == before.posts
