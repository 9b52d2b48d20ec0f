"""dump -> import gives back the same YearData and the same results."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.core import model as m
from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_import import import_workbook
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from kaoji_desktop.store import YearFile
from tests.exchange.exchange_helpers import demo_workbook, odd_year


@pytest.mark.parametrize("make", [demo_year, odd_year])
def test_dump_then_parse_is_identity(tmp_path: Path, make):
    data = make()
    parsed = parse_workbook(dump_year(data, tmp_path / "d.xlsx"))
    assert parsed.has_rules
    assert parsed.data == data
    assert compute_year(parsed.data) == compute_year(data)


@pytest.mark.parametrize("make", [demo_year, odd_year])
def test_dump_import_load_is_identity(tmp_path: Path, make):
    data = make()
    result = import_workbook(dump_year(data, tmp_path / "d.xlsx"), tmp_path / "y.kaoji")
    assert result.created and result.backup is None
    with YearFile.open(tmp_path / "y.kaoji") as yf:
        loaded = yf.load()
        assert {a.source for a in yf.audit()} == {"导入"}
    assert loaded == data
    assert compute_year(loaded) == compute_year(data)
    # and the year file dumps back to the same workbook content
    again = parse_workbook(dump_year(loaded, tmp_path / "again.xlsx")).data
    assert again == data


def test_import_over_existing_backs_up_then_replaces(tmp_path: Path):
    db = tmp_path / "年度.kaoji"
    YearFile.create(db, odd_year(), source="新建").close()
    result = import_workbook(demo_workbook(tmp_path / "demo.xlsx"), db)
    assert not result.created and result.backup is not None
    assert result.backup.is_file() and result.backup.suffix == ".kaoji"
    with YearFile.open(result.backup, readonly=True) as old:
        assert old.load() == odd_year()
    with YearFile.open(db) as yf:
        assert yf.load() == demo_year()
        assert any(a.source == "导入" and a.table == "line_scores" for a in yf.audit())


def test_import_without_rules_sheet_keeps_the_years_rules(tmp_path: Path):
    import openpyxl

    db = tmp_path / "y.kaoji"
    YearFile.create(db, odd_year(), source="新建").close()
    wb = openpyxl.load_workbook(demo_workbook(tmp_path / "demo.xlsx"))
    del wb["规则参数"]
    wb.save(tmp_path / "norules.xlsx")
    parsed = parse_workbook(tmp_path / "norules.xlsx")
    assert not parsed.has_rules and parsed.data.rules == m.RULES_2017
    import_workbook(tmp_path / "norules.xlsx", db)
    with YearFile.open(db) as yf:
        assert yf.load().rules == odd_year().rules


def test_workbook_without_program_sheets_derives_leaders(tmp_path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(demo_workbook(tmp_path / "demo.xlsx"))
    del wb["班子成员"]
    wb.save(tmp_path / "plain.xlsx")
    data = parse_workbook(tmp_path / "plain.xlsx").data
    assert set(data.leaders) == set(demo_year().leaders)


def test_unknown_rater_refused_when_leaders_listed(tmp_path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(demo_workbook(tmp_path / "demo.xlsx"))
    wb["领导评价"]["B2"].value = "不认识"
    wb.save(tmp_path / "rater.xlsx")
    with pytest.raises(ImportRefused) as info:
        parse_workbook(tmp_path / "rater.xlsx")
    assert [(p.sheet, p.row, p.column) for p in info.value.problems] == [("领导评价", 2, "评价人")]


def test_refused_import_leaves_no_new_file(tmp_path: Path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("nope")
    with pytest.raises(ImportRefused):
        import_workbook(bad, tmp_path / "new.kaoji")
    assert not (tmp_path / "new.kaoji").exists()
