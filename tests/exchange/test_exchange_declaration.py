"""The year workbook follows the one table declaration (store/schema.py):
sheets and headers as WORKBOOK.md has them, defaults of blank cells, and a
blank required value refused with the same words by the import and by every
change path, so that what the year file holds always dumps and imports."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange import workbook_spec as s
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.problems import ImportRefused
from kaoji_desktop.exchange.workbook_parse import parse_workbook
from kaoji_desktop.store import TABLE, Change, StoreError, YearFile
from tests.exchange.exchange_helpers import demo_workbook, edit

# WORKBOOK.md's contract, written out: the derived specs must not drift from it
CONTRACT = {
    "年度": (("年度", "单位"), ()),
    "社区": (("社区",), ("旧改任务", "联系领导")),
    "条线": (("条线", "分值"), ("评分周期", "责任科室")),
    "条线得分": (("社区", "条线", "期次", "得分"), ()),
    "个性项目": (("社区", "类别", "项目名称", "分值"), ("指导科室", "得分")),
    "满意度": (("社区", "优秀", "良好", "合格", "不合格"), ()),
    "领导评价": (("社区", "评价人", "得分"), ()),
    "加减分": (("社区", "项目", "分值"), ("状态", "说明")),
    "否决事项": (("社区", "事项"), ("说明",)),
    "人员": (("姓名", "类别", "社区"), ("在岗月数",)),
    "双述双评": (("姓名", "社区干部服务对象评价", "街道评价"), ()),
    "破难攻坚排名": (("姓名", "名次"), ()),
    "专职条线评分": (("姓名", "条线", "得分"), ()),
    "负责人评价": (("姓名", "得分"), ()),
    "奖励基数": (("类别", "等次", "金额"), ()),
    "班子成员": (("姓名",), ()),
    "满意度逐人测评": (("社区", "序号", "评价"), ()),
    "规则参数": (("参数", "值"), ("说明",)),
}


def test_sheets_are_derived_from_the_tables_as_the_contract_has_them():
    assert {spec.name: (spec.required, spec.optional) for spec in s.ALL_SHEETS} == CONTRACT
    for spec in s.ALL_SHEETS:
        if spec.table is not None:
            assert spec.name == spec.table.label
            assert set(spec.columns) == {c.header for c in spec.table.cols}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_workbook(tmp_path_factory.mktemp("wb") / "good.xlsx")


@pytest.mark.parametrize(("sheet", "column", "field", "attr", "default"), [
    ("加减分", "状态", "bonus_items", "status", "申报"),
    ("条线", "评分周期", "lines", "cycle", "季度"),
    ("人员", "在岗月数", "posts", "months", Decimal(12)),
    ("社区", "旧改任务", "communities", "renovation_task", True),
    ("加减分", "说明", "bonus_items", "note", ""),
])
def test_a_blank_cell_with_a_default_imports_as_the_default(
        good: Path, tmp_path: Path, sheet, column, field, attr, default):
    row = 2
    blank = edit(good, tmp_path / "blank.xlsx", sheet, row, column, None)
    records = getattr(parse_workbook(blank).data, field)
    assert getattr(records[row - 2], attr) == default


@pytest.mark.parametrize(("sheet", "column", "table"), [
    ("个性项目", "类别", "projects"),
    ("条线", "分值", "lines"),
    ("奖励基数", "金额", "reward_bases"),
])
def test_import_and_store_refuse_a_blank_required_value_alike(
        good: Path, tmp_path: Path, sheet, column, table):
    row = 3
    blank = edit(good, tmp_path / "blank.xlsx", sheet, row, column, None)
    with pytest.raises(ImportRefused) as caught:
        parse_workbook(blank)
    words = f"「{sheet}」第{row}行「{column}」列：不能为空"
    # (a line without full marks is unknown to 条线得分 too: later problems follow)
    assert str(caught.value.problems[0]) == f"工作表{words}"
    t = TABLE[table]
    name = next(c.name for c in t.cols if c.header == column)
    assert t.blank_message(name) == f"「{sheet}」「{column}」列：不能为空"


def test_what_the_store_accepts_dumps_and_imports(tmp_path: Path):
    """The QA report: clearing 类别 in the window, then dump -> import failed."""
    path = tmp_path / "2017.kaoji"
    YearFile.create(path, demo_year(), operator="测试员").close()
    with YearFile.open(path, operator="测试员") as yf:
        data = yf.load()
        p, line, bonus = data.projects[1], data.lines[0], data.bonus_items[0]
        # a 双述双评 half entered in the window (a typed, b not yet) is kept
        person = data.dual_reviews[0].person
        yf.apply([Change("dual_reviews", (person,), None)], source="录入")
        yf.apply([Change("dual_reviews", (person,), {"a": Decimal(80)})], source="录入")
        for change in (Change("projects", (p.community, p.name), {"kind": None}),
                       Change("lines", (line.name,), {"full_marks": None}),
                       Change("lines", (line.name,), {"cycle": ""}),
                       Change("bonus_items", (bonus.community, bonus.item), {"status": None})):
            with pytest.raises(StoreError, match="列：不能为空"):
                yf.apply([change], source="录入")
        data = yf.load()
    assert any(r.person == person and r.b is None for r in data.dual_reviews)
    out = dump_year(data, tmp_path / "年度数据.xlsx")
    assert parse_workbook(out).data == data
