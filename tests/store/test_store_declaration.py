"""The one table declaration (store/schema.py): it matches the record types,
and the change path refuses a blank required value the way the import does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kaoji_desktop.store import TABLE, TABLES, Change, StoreError, YearFile


def test_every_table_declares_each_record_field_once():
    for t in TABLES:
        assert [c.name for c in t.cols] == list(dict.fromkeys(c.name for c in t.cols))
        assert set(t.columns) == {c.name for c in t.cols}, t.name
        assert all(t.columns[c.name] == c.kind for c in t.cols)
        if t.record is not None:
            assert {f.name for f in dataclasses.fields(t.record)} == set(t.columns), t.name
        for key in t.keys:
            col = t.col(key)
            assert col is not None and col.required, (t.name, key)


def _first(yf: YearFile, field: str):
    return getattr(yf.load(), field)[0]


@pytest.mark.parametrize(("table", "field", "column", "header"), [
    ("projects", "projects", "kind", "类别"),
    ("projects", "projects", "points", "分值"),
    ("lines", "lines", "full_marks", "分值"),
    ("lines", "lines", "cycle", "评分周期"),
    ("bonus_items", "bonus_items", "status", "状态"),
    ("reward_bases", "reward_bases", "amount", "金额"),
    ("posts", "posts", "months", "在岗月数"),
])
def test_a_blank_required_value_is_refused_and_nothing_changes(
        year_path: Path, table, field, column, header):
    with YearFile.open(year_path, operator="测试员") as yf:
        before = yf.load()
        record = _first(yf, field)
        key = tuple(getattr(record, k) for k in TABLE[table].keys)
        label = TABLE[table].label
        for blank in (None, ""):
            with pytest.raises(StoreError) as caught:
                yf.apply([Change(table, key, {column: blank})], source="录入")
            assert str(caught.value) == f"「{label}」「{header}」列：不能为空"
        assert yf.load() == before


def test_optional_values_may_still_be_cleared(year_path: Path):
    with YearFile.open(year_path, operator="测试员") as yf:
        project = _first(yf, "projects")
        yf.apply([Change("projects", (project.community, project.name),
                         {"score": None, "department": ""})], source="录入")
        after = next(p for p in yf.load().projects if p.name == project.name
                     and p.community == project.community)
        assert after.score is None and after.department == ""


def test_a_new_row_without_a_required_value_is_refused(year_path: Path):
    with YearFile.open(year_path, operator="测试员") as yf:
        before = yf.load()
        community = before.communities[0].name
        with pytest.raises(StoreError, match=r"^「个性项目」「类别」列：不能为空$"):
            yf.apply([Change("projects", (community, "新项目"), {"points": 1})],
                     source="录入")
        assert yf.load() == before
