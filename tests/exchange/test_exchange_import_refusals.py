"""Every kind of bad workbook is refused whole: exit 2, the cell named, data unchanged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kaoji_desktop.cli import main
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from tests.exchange.exchange_helpers import (
    demo_workbook,
    edit,
    edit_many,
    find_row,
    set_cached_value,
    snapshot,
    year_file,
)

SCORE_ROW = {"社区": "花柳塘社区", "条线": "监察", "期次": "一季度"}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_workbook(tmp_path_factory.mktemp("wb") / "good.xlsx")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return year_file(tmp_path / "year.kaoji")


def refused(capsys: pytest.CaptureFixture[str], xlsx: Path, db: Path) -> list[str]:
    """Run `kaoji import`, check refusal and an untouched year file; the problem lines."""
    before = snapshot(db)
    files = sorted(db.parent.rglob("*"))
    rc = main(["import", str(xlsx), "--db", str(db)])
    out = capsys.readouterr()
    assert rc == 2
    assert "Traceback" not in out.err
    assert snapshot(db) == before
    assert sorted(db.parent.rglob("*")) == files  # no backup, no stray file
    lines = out.err.splitlines()
    assert lines[0].startswith("导入被拒绝")
    return lines[1:]


CASES = [
    # sheet, row match, column, bad value, message fragment
    ("条线得分", SCORE_ROW, "社区", "不存在社区", "未知社区“不存在社区”"),
    ("条线得分", SCORE_ROW, "条线", "不存在条线", "未知条线“不存在条线”"),
    ("双述双评", {"姓名": "陈伟国"}, "姓名", "查无此人", "未知人员“查无此人”"),
    ("专职条线评分", {"姓名": "王丽华"}, "姓名", "查无此人", "未知人员“查无此人”"),
    ("条线得分", SCORE_ROW, "得分", 5.5, "超出范围[0, 5]"),
    ("条线得分", SCORE_ROW, "得分", -1, "超出范围[0, 5]"),
    ("个性项目", {"项目名称": "红色物业联盟"}, "得分", 4.5, "超出范围[0, 4]"),
    ("领导评价", {"社区": "荷花社区", "评价人": "郑志远"}, "得分", 3.5, "超出范围[0, 3]"),
    ("双述双评", {"姓名": "陈伟国"}, "街道评价", 101, "超出范围[0, 100]"),
    ("双述双评", {"姓名": "陈伟国"}, "社区干部服务对象评价", -5, "超出范围[0, 100]"),
    ("专职条线评分", {"姓名": "王丽华"}, "得分", 50.5, "超出范围[0, 50]"),
    ("负责人评价", {"姓名": "王丽华"}, "得分", 10.5, "超出范围[0, 10]"),
    ("人员", {"姓名": "陈伟国"}, "在岗月数", 13, "超出范围[0, 12]"),
    ("条线得分", SCORE_ROW, "得分", "abc", "“abc”不是有效的数字"),
    ("满意度", {"社区": "荷花社区"}, "优秀", "4.5", "不是整数"),
    ("条线得分", SCORE_ROW, "期次", "上半年", "不在其评分周期内"),
    ("条线得分", SCORE_ROW, "期次", "五季度", "“五季度”无效"),
    ("人员", {"姓名": "陈伟国"}, "类别", "主任", "“主任”无效"),
    ("个性项目", {"项目名称": "红色物业联盟"}, "类别", "特色", "“特色”无效"),
    ("加减分", {"项目": "获评区级平安社区"}, "状态", "待定", "“待定”无效"),
    ("奖励基数", {"类别": "网格长", "等次": "第一等次"}, "等次", "特等", "“特等”无效"),
    ("条线", {"条线": "监察"}, "分值", "五分", "不是有效的数字"),
    ("年度", {"单位": "大南街道"}, "年度", "二〇一七", "不是有效的数字"),
    ("条线得分", SCORE_ROW, "得分", None, "不能为空"),
]


@pytest.mark.parametrize(("sheet", "match", "column", "value", "fragment"), CASES)
def test_bad_cell_refused(capsys, tmp_path, good, db, sheet, match, column, value, fragment):
    row = find_row(good, sheet, **match)
    bad = edit(good, tmp_path / "bad.xlsx", sheet, row, column, value)
    problems = refused(capsys, bad, db)
    prefix = f"工作表「{sheet}」第{row}行「{column}」列："
    assert any(p.startswith(prefix) and fragment in p for p in problems), problems


def test_duplicate_key_names_the_second_row(capsys, tmp_path, good, db):
    first = find_row(good, "条线得分", **SCORE_ROW)
    second = find_row(good, "条线得分", 社区="花柳塘社区", 条线="监察", 期次="二季度")
    bad = edit(good, tmp_path / "dup.xlsx", "条线得分", second, "期次", "一季度")
    problems = refused(capsys, bad, db)
    assert problems == [f"工作表「条线得分」第{second}行：与第{first}行重复（社区、条线、期次相同）"]


def test_duplicate_person_row_refused(capsys, tmp_path, good, db):
    row = find_row(good, "负责人评价", 姓名="王丽华")
    bad = edit(good, tmp_path / "dup.xlsx", "负责人评价", row + 1, "姓名", "王丽华")
    problems = refused(capsys, bad, db)
    assert any(p.startswith(f"工作表「负责人评价」第{row + 1}行") and "重复" in p for p in problems)


def test_every_problem_is_listed(capsys, tmp_path, good, db):
    r1 = find_row(good, "条线得分", **SCORE_ROW)
    r2 = find_row(good, "负责人评价", 姓名="王丽华")
    r3 = find_row(good, "社区", 社区="荷花社区")
    bad = edit_many(good, tmp_path / "many.xlsx", [
        ("条线得分", r1, "得分", "x"), ("负责人评价", r2, "得分", 99),
        ("社区", r3, "旧改任务", "不知道"), ("条线得分", r1 + 1, "条线", "无此条线")])
    problems = refused(capsys, bad, db)
    assert len(problems) == 4
    assert problems[0].startswith(f"工作表「社区」第{r3}行「旧改任务」列")
    assert problems[1].startswith(f"工作表「条线得分」第{r1}行「得分」列")
    assert problems[2].startswith(f"工作表「条线得分」第{r1 + 1}行「条线」列")
    assert problems[3].startswith(f"工作表「负责人评价」第{r2}行「得分」列")


def test_missing_required_column(capsys, tmp_path, good, db):
    wb = openpyxl.load_workbook(good)
    ws = wb["条线得分"]
    ws.cell(row=1, column=4, value="分数")
    wb.save(tmp_path / "col.xlsx")
    problems = refused(capsys, tmp_path / "col.xlsx", db)
    assert problems == [("工作表「条线得分」第1行「得分」列：缺少必需的列"
                        "（第1行中未识别的列名：“分数”；列名须与模板一致）")]


def test_empty_workbook(capsys, tmp_path, db):
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    problems = refused(capsys, tmp_path / "empty.xlsx", db)
    assert len(problems) == 1 and "没有可导入的工作表" in problems[0]


def test_year_sheet_without_data(capsys, tmp_path, db):
    wb = openpyxl.Workbook()
    wb.active.title = "年度"
    wb.active.append(["年度", "单位"])
    wb.save(tmp_path / "hollow.xlsx")
    problems = refused(capsys, tmp_path / "hollow.xlsx", db)
    assert problems == ["工作表「年度」：缺少年度和单位（需要「年度」工作表及一行数据）"]


@pytest.mark.parametrize("content", [b"not a workbook at all", b"PK\x03\x04garbage"])
def test_not_a_workbook(capsys, tmp_path, db, content):
    bad = tmp_path / "fake.xlsx"
    bad.write_bytes(content)
    problems = refused(capsys, bad, db)
    assert len(problems) == 1 and "不是有效的Excel工作簿" in problems[0]


def test_missing_file_is_refused(capsys, tmp_path, db):
    problems = refused(capsys, tmp_path / "nowhere.xlsx", db)
    assert "找不到文件" in problems[0]


def test_uncached_formula_refused(capsys, tmp_path, good, db):
    row = find_row(good, "条线得分", **SCORE_ROW)
    bad = edit(good, tmp_path / "f.xlsx", "条线得分", row, "得分", "=4+0.5")
    problems = refused(capsys, bad, db)
    assert problems == [f"工作表「条线得分」第{row}行「得分」列：公式没有已计算的值（请在Excel中打开并保存后再导入）"]


def test_uncached_formula_in_optional_column_refused(capsys, tmp_path, good, db):
    row = find_row(good, "加减分", 项目="获评区级平安社区")
    bad = edit(good, tmp_path / "f.xlsx", "加减分", row, "说明", '=CONCAT("a","b")')
    problems = refused(capsys, bad, db)
    assert problems == [f"工作表「加减分」第{row}行「说明」列：公式没有已计算的值（请在Excel中打开并保存后再导入）"]


def test_cached_formula_read_by_value(tmp_path, good):
    row = find_row(good, "条线得分", **SCORE_ROW)
    path = edit(good, tmp_path / "f.xlsx", "条线得分", row, "得分", "=4+0.5")
    set_cached_value(path, 4, f"D{row}", "4.5")
    data = parse_workbook(path).data
    score = next(s for s in data.line_scores
                 if (s.community, s.line, s.period) == ("花柳塘社区", "监察", "一季度"))
    assert score.score == Decimal("4.5")


def test_numbers_as_text_accepted(tmp_path, good):
    row = find_row(good, "专职条线评分", 姓名="王丽华")
    path = edit(good, tmp_path / "t.xlsx", "专职条线评分", row, "得分", " 47.5 ")
    data = parse_workbook(path).data
    assert next(s for s in data.staff_line_scores if s.person == "王丽华").score == Decimal("47.5")


def test_refusal_as_exception_lists_problems(tmp_path, good):
    row = find_row(good, "条线得分", **SCORE_ROW)
    bad = edit(good, tmp_path / "bad.xlsx", "条线得分", row, "得分", 99)
    with pytest.raises(ImportRefused) as info:
        parse_workbook(bad)
    (p,) = info.value.problems
    assert (p.sheet, p.row, p.column) == ("条线得分", row, "得分")
