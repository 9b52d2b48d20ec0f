"""What QA found in merging: the signing block read by one reader (empty
signer, a date that is not one), rows added to a filled template, a damaged
hidden sheet, and messages that said too little or too much Python."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kaoji_desktop.exchange.packages import (
    PackageError,
    make_return,
    merge_return,
    read_package,
    read_template,
    write_package,
    write_template,
)
from kaoji_desktop.exchange.packages.cli import main as cli_main
from kaoji_desktop.exchange.packages.fileformat import return_content, sign
from kaoji_desktop.exchange.packages.model import PackageLine
from kaoji_desktop.store import YearFile
from tests.exchange.packages.pkg_helpers import filled, issue
from tests.exchange.packages.test_packages_hostile import crafted, refused_unchanged
from tests.exchange.packages.test_packages_template import fill_template

D = Decimal


# --- the signing block ---------------------------------------------------------

def test_sealed_return_with_an_empty_signer_is_refused(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = crafted(pkg, tmp_path / "r.kjret", signer="")
    error = refused_unchanged(year_path, path, "分管领导姓名未填写")
    assert "签审" in error and "r.kjret" in error


def test_sealed_return_with_a_date_that_is_not_one_is_refused(year_path: Path,
                                                               tmp_path: Path, capsys):
    pkg = issue(year_path, "城管办", "三季度")
    path = crafted(pkg, tmp_path / "r.kjret", sign_date="not a date")
    error = refused_unchanged(year_path, path, "签审日期")
    assert "“not a date”不是日期" in error
    assert cli_main(["merge", str(year_path), str(path)]) != 0
    assert "不是日期" in capsys.readouterr().err


@pytest.mark.parametrize(("signer", "when", "words"), [
    ("", "2017-10-09", "分管领导姓名未填写"), ("李", "下周一", "“下周一”不是日期")])
def test_a_return_is_not_sealed_without_a_signer_and_a_date(year_path: Path,
                                                             signer, when, words):
    pkg = issue(year_path, "城管办", "三季度")
    with pytest.raises(PackageError, match=words):
        make_return(pkg, filled(pkg), signer=signer, sign_date=when)


def test_sealed_return_with_a_real_date_merges(year_path: Path, tmp_path: Path):
    from kaoji_desktop.exchange.packages import read_any_return
    pkg = issue(year_path, "城管办", "三季度")
    ret = read_any_return(crafted(pkg, tmp_path / "r.kjret", sign_date="2017-10-09"))
    assert (ret.signer, ret.sign_date) == ("李", "2017-10-09")


@pytest.mark.parametrize(("signer", "when", "words"), [
    ("张华", "明天", "“明天”不是日期"),
    ("张华", "2017-13-40", "不是日期"),
    ("", "2017-10-10", "分管领导姓名未填写"),
])
def test_template_signing_block_is_checked(year_path: Path, tmp_path: Path,
                                           signer: str, when: str, words: str):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, filled(pkg), signer=signer)
    wb = load_workbook(path)
    wb["填写说明"]["B13"] = when
    wb.save(path)
    error = refused_unchanged(year_path, path, words)
    assert "签审" in error and "t.xlsx" in error


def test_template_date_typed_as_a_date_cell_is_read(year_path: Path, tmp_path: Path):
    import datetime as dt
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, filled(pkg))
    wb = load_workbook(path)
    wb["填写说明"]["B13"] = dt.datetime(2017, 10, 12)
    wb.save(path)
    assert read_template(path).sign_date == "2017-10-12"


# --- rows the package does not have ---------------------------------------------

def test_extra_row_in_a_filled_template_is_refused(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, filled(pkg))
    wb = load_workbook(path)
    form = wb["条线得分"]
    row = form.max_row + 1
    form.cell(row, 1, "新社区")
    form.cell(row, 2, 5)
    wb.save(path)
    refused_unchanged(year_path, path, f"模板第{row}行“新社区”不在任务包中")


def test_staff_template_ratio_block_is_not_an_extra_row(year_path: Path, tmp_path: Path):
    from kaoji_desktop.exchange.packages import STAFF_PERIOD
    pkg = issue(year_path, "城管办", STAFF_PERIOD)
    path = write_template(pkg, tmp_path / "s.xlsx")
    fill_template(path, filled(pkg))
    assert read_template(path).values


def test_renamed_row_in_a_filled_template_is_refused(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, filled(pkg))
    wb = load_workbook(path)
    first = wb["条线得分"]["A2"].value
    wb["条线得分"]["A2"] = "新社区"
    wb.save(path)
    refused_unchanged(year_path, path, f"模板第2行应为“{first}”，现为“新社区”")


# --- a damaged hidden sheet -----------------------------------------------------

@pytest.mark.parametrize("ref", ["0", "A0", "ZZZZ1", "B", "", "B2:C3", 0])
def test_damaged_cell_reference_in_the_hidden_sheet_is_refused(year_path: Path,
                                                               tmp_path: Path, ref):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, filled(pkg))
    wb = load_workbook(path)
    wb["_kaoji"].cell(3, 2, ref)
    wb.save(path)
    with pytest.raises(PackageError) as info:
        read_template(path)
    text = str(info.value)
    assert "模板信息已损坏" in text and "t.xlsx" in text and "第 3 行" in text


def test_damaged_note_reference_in_the_hidden_sheet_is_refused(year_path: Path,
                                                               tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, filled(pkg))
    wb = load_workbook(path)
    wb["_kaoji"].cell(2, 4, "0")
    wb.save(path)
    with pytest.raises(PackageError, match="模板信息已损坏"):
        read_template(path)


# --- messages -------------------------------------------------------------------

def test_same_save_merged_again_says_so(year_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    first = make_return(pkg, filled(pkg), signer="李", sign_date="", sequence=1)
    again = dataclasses.replace(first, return_id="another00001")
    again = dataclasses.replace(again, mac=sign(pkg.secret, return_content(again)))
    with YearFile.open(year_path) as yf:
        merge_return(yf, first)
        with pytest.raises(PackageError) as info:
            merge_return(yf, again)
    text = str(info.value)
    assert "同一次保存" in text and "较早" not in text and "未合并" in text


def test_package_with_a_damaged_secret_says_so_in_chinese(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_package(dataclasses.replace(pkg, secret="zz" + pkg.secret[2:]),
                         tmp_path / "p.kjtask")
    with pytest.raises(PackageError) as info:
        read_package(path)
    text = str(info.value)
    assert "密钥" in text and "p.kjtask" in text
    assert "fromhex" not in text and "hexadecimal" not in text


def test_negative_full_mark_is_a_sentence(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    line = pkg.lines[0]
    bad = dataclasses.replace(pkg, lines=(PackageLine(line.name, D(-5), line.cycle),
                                          *pkg.lines[1:]))
    with pytest.raises(PackageError) as info:
        read_package(write_package(bad, tmp_path / "p.kjtask"))
    text = str(info.value)
    assert f"条线“{line.name}”的满分-5不在0及以上的范围内" in text
    assert "[" not in text
