"""Helpers for workbook tests: build, edit and inspect workbooks and year files."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
import tempfile
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl

from kaoji_desktop.core import model as m
from kaoji_desktop.demo import demo_year
from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.store import YearFile

# the demo workbook, dumped once per test run (removed when the run ends)
_BUILT = tempfile.TemporaryDirectory(prefix="kaoji-demo-workbook-")


@cache
def _demo_workbook_master() -> Path:
    return dump_year(demo_year(), Path(_BUILT.name) / "demo.xlsx")


def demo_workbook(path: Path) -> Path:
    """A copy of the demo year's workbook at `path` (dumped once per run)."""
    shutil.copyfile(_demo_workbook_master(), path)
    return path


def edit(src: Path, dst: Path, sheet: str, row: int, column: str, value: Any) -> Path:
    """Copy `src` to `dst` with one cell (by header name) set to `value`."""
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    head = [c.value for c in ws[1]]
    ws.cell(row=row, column=head.index(column) + 1).value = value
    wb.save(dst)
    return dst


def edit_many(src: Path, dst: Path, edits: list[tuple[str, int, str, Any]]) -> Path:
    wb = openpyxl.load_workbook(src)
    for sheet, row, column, value in edits:
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        ws.cell(row=row, column=head.index(column) + 1).value = value
    wb.save(dst)
    return dst


def find_row(path: Path, sheet: str, **match: Any) -> int:
    """Row number of the first data row whose named columns equal `match`."""
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = wb[sheet].iter_rows(values_only=True)
    head = list(next(rows))
    for number, values in enumerate(rows, start=2):
        if all(values[head.index(k)] == v for k, v in match.items()):
            wb.close()
            return number
    wb.close()
    raise AssertionError(f"no row {match} in {sheet}")


def set_cached_value(path: Path, sheet_index: int, ref: str, value: str) -> None:
    """Give the formula in cell `ref` a cached value, as Excel would on save."""
    tmp = path.with_suffix(".tmp")
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == name:
                xml = data.decode()
                pattern = rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v></v>)?'
                xml, count = re.subn(pattern, rf"\1<v>{value}</v>", xml)
                assert count == 1, xml[:500]
                data = xml.encode()
            zout.writestr(item, data)
    shutil.move(tmp, path)


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (audit and meta included) and the schema version."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        out = {n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"')), key=repr)
               for n in names}
        out["user_version"] = [conn.execute("PRAGMA user_version").fetchone()]
        return out
    finally:
        conn.close()


def year_file(path: Path) -> Path:
    YearFile.create(path, demo_year(), source="演示").close()
    return path


def odd_year() -> m.YearData:
    """Awkward values: formula-like names, two-decimal scores (the most allowed),
    per-respondent ratings, a half-yearly line, non-default rules."""
    cs = (m.Community("=HYPERLINK(\"x\")", False, "@领导"), m.Community("-社区", True, ""))
    lines = (m.LineDef("+条线", Decimal(60), "半年", "=科室"),
             m.LineDef("年线", Decimal(40), "年度"))
    return m.YearData(
        year=2018, organisation="=测试街道", communities=cs, lines=lines,
        leaders=("@领导", "乙"),
        line_scores=(
            m.LineScore(cs[0].name, "+条线", "上半年", Decimal("59.12")),
            m.LineScore(cs[1].name, "+条线", "下半年", Decimal("0.1")),
            m.LineScore(cs[1].name, "年线", "年度", Decimal(40)),
        ),
        projects=(m.Project(cs[0].name, "难点", "-项目", Decimal(24), "", None),),
        satisfaction_ratings=(m.SatisfactionRating(cs[0].name, 1, "良好"),
                              m.SatisfactionRating(cs[0].name, 2, "不合格")),
        leader_scores=(m.LeaderScore(cs[1].name, "乙", Decimal("2.95")),),
        bonus_items=(m.BonusItem(cs[1].name, "=1+1", Decimal("-0.25"), "通过", "+说明"),),
        posts=(m.Post("+张三", "专职社工", cs[0].name, Decimal("6.5")),
               m.Post("@李四", "网格长", cs[1].name, Decimal(12))),
        staff_line_scores=(m.StaffLineScore("+张三", "+条线", Decimal("45.5")),),
        head_scores=(m.HeadScore("+张三", Decimal(8)),),
        dual_reviews=(m.DualReview("@李四", Decimal("90.5"), Decimal(88)),),
        reward_bases=(m.RewardBase("C", 1, Decimal("41000.5")),),
        rules=dataclasses.replace(m.RULES_2017, promote_enabled=False, bonus_cap=Decimal(5),
                                  coefficients=(Decimal("1.1"), Decimal(1), Decimal("0.9"))),
    )
