"""The Excel route and the command line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kaoji_desktop.exchange.packages import (
    NEW,
    STAFF_PERIOD,
    PackageError,
    make_return,
    merge_return,
    read_template,
    write_package,
    write_return,
    write_template,
)
from kaoji_desktop.exchange.packages.cli import main as cli_main
from kaoji_desktop.store import YearFile
from tests.exchange.packages.pkg_helpers import data_tables, filled, issue


def fill_template(path: Path, values: dict, signer: str = "张华") -> None:
    wb = load_workbook(path)
    form = wb.worksheets[1]
    for row in range(2, form.max_row + 1):
        name = form.cell(row, 1).value
        for col in range(2, form.max_column + 1):
            head = str(form.cell(1, col).value or "").split("\n")[0]
            for (_, key), v in values.items():
                if key[0] == name and key[1] == head and v is not None:
                    form.cell(row, col, float(v))
    wb["填写说明"]["B12"] = signer
    wb["填写说明"]["B13"] = "2017-10-10"
    wb.save(path)


def test_template_has_validation_protection_and_guide(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["填写说明", "条线得分"]
    assert wb["_kaoji"].sheet_state == "veryHidden"
    form = wb["条线得分"]
    assert form.protection.sheet
    assert form["A1"].protection.locked and form["A2"].protection.locked
    assert not form["B2"].protection.locked
    rules = form.data_validations.dataValidation
    assert len(rules) == 1 and rules[0].type == "decimal"
    assert (rules[0].formula1, rules[0].formula2) == ("0", "12")
    assert "B2:B8" in str(rules[0].sqref)
    guide = " ".join(str(c.value) for c in wb["填写说明"]["B"] if c.value)
    assert "浅黄色" in guide and "城管办" in guide


def test_filled_template_merges_like_a_return(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    values = filled(pkg)
    path = write_template(pkg, tmp_path / "t.xlsx")
    fill_template(path, values)
    ret = read_template(path)
    assert ret.signer == "张华" and ret.origin == "Excel"
    assert ret.values == values
    with YearFile.open(year_path) as yf:
        preview, _ = merge_return(yf, ret)
    assert preview.counts[NEW] == 7


def test_staff_template_has_band_column(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", STAFF_PERIOD)
    wb = load_workbook(write_template(pkg, tmp_path / "s.xlsx"))
    form = wb["专职条线评分"]
    assert form.cell(1, 4).value == "档次（参考）"
    assert str(form.cell(2, 4).value).startswith("=IF(")
    rules = form.data_validations.dataValidation
    assert rules[0].formula2 == "50"


def test_template_with_bad_cell_names_where(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "城管办", "三季度")
    path = write_template(pkg, tmp_path / "t.xlsx")
    wb = load_workbook(path)
    wb["条线得分"]["B3"] = "十分"
    wb["条线得分"]["B4"] = 13
    wb.save(path)
    with pytest.raises(PackageError) as info:
        read_template(path)
    text = str(info.value)
    assert "第 3 行第 B 列" in text and "第 4 行第 B 列" in text and "超出范围" in text


def test_plain_workbook_is_not_a_template(tmp_path: Path):
    from openpyxl import Workbook
    path = tmp_path / "plain.xlsx"
    Workbook().save(path)
    with pytest.raises(PackageError, match="不是由考绩桌面生成"):
        read_template(path)
    (tmp_path / "junk.xlsx").write_bytes(b"junk")
    with pytest.raises(PackageError, match="损坏"):
        read_template(tmp_path / "junk.xlsx")


def test_cli_package_and_merge(year_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "城管办.kjtask"
    code = cli_main(["package", str(year_path), "--dept", "城管办", "--period", "三季度",
                     "--out", str(out)])
    assert code == 0 and out.is_file()
    from kaoji_desktop.exchange.packages import read_package
    pkg = read_package(out)
    ret = write_return(make_return(pkg, filled(pkg), signer="李", sign_date=""),
                       tmp_path / "r.kjret")
    assert cli_main(["merge", str(year_path), str(ret), "--dry-run"]) == 0
    before = data_tables(year_path)
    assert cli_main(["merge", str(year_path), str(ret)]) == 0
    assert data_tables(year_path) != before
    assert "已合并" in capsys.readouterr().out
    assert cli_main(["merge", str(year_path), str(ret)]) == 2  # already merged
    assert "已经合并过" in capsys.readouterr().err


def test_cli_staff_flag_and_refusals(year_path: Path, tmp_path: Path, capsys):
    out = tmp_path / "staff.xlsx"
    assert cli_main(["package", str(year_path), "--dept", "城管办", "--staff",
                     "--out", str(out)]) == 0
    assert load_workbook(out).sheetnames[1] == "专职条线评分"
    assert cli_main(["package", str(year_path), "--dept", "无此科", "--period", "三季度",
                     "--out", str(tmp_path / "x.kjtask")]) == 2
    bad = tmp_path / "bad.kjret"
    bad.write_bytes(b"not a return")
    assert cli_main(["merge", str(year_path), str(bad)]) == 2
    assert "损坏" in capsys.readouterr().err


def test_package_written_for_department_matches_issue(year_path: Path, tmp_path: Path):
    pkg = issue(year_path, "人武部", "三季度")
    path = write_package(pkg, tmp_path / "p.kjtask")
    assert path.read_bytes()[:2] == b"PK"
    assert all(v is None or isinstance(v, Decimal) for v in pkg.values.values())
