"""Renaming a community, line, person or leader: cascades, refusals, audit, undo."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import Change, StoreError, YearFile


@pytest.fixture
def yf(tmp_path: Path):
    f = YearFile.create(tmp_path / "2017.kaoji", demo_year(), source="演示")
    yield f
    f.close()


def _swap(value, old: str, new: str):
    """A YearData element with every string field equal to `old` set to `new`."""
    if isinstance(value, str):
        return new if value == old else value
    fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    return dataclasses.replace(value, **{k: (new if v == old else v)
                                         for k, v in fields.items() if isinstance(v, str)})


def _expected(data, old: str, new: str, fields: tuple[str, ...]):
    return dataclasses.replace(data, **{
        f: tuple(_swap(x, old, new) for x in getattr(data, f)) for f in fields})


CASES = {
    "community": lambda d: d.communities[2].name,
    "line": lambda d: d.lines[1].name,
    "person": lambda d: d.staff_line_scores[0].person,
    "leader": lambda d: d.leader_scores[0].rater,
}
FIELDS = {
    "community": ("communities", "line_scores", "projects", "satisfaction",
                  "satisfaction_ratings", "leader_scores", "bonus_items", "vetoes", "posts"),
    "line": ("lines", "line_scores", "staff_line_scores"),
    "person": ("posts", "dual_reviews", "forced_ranks", "staff_line_scores", "head_scores"),
    "leader": ("leaders", "leader_scores", "communities"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_rename_cascades_everywhere_and_undo_restores(yf, kind):
    before = yf.load()
    old = CASES[kind](before)
    inverse = yf.rename(kind, old, "  新名称  ", source="录入", note="纠正错字")
    after = yf.load()
    assert after == _expected(before, old, "新名称", FIELDS[kind])
    assert old not in json.dumps(dataclasses.asdict(after), ensure_ascii=False, default=str)
    # the results are the same, names aside
    r0, r1 = compute_year(before), compute_year(after)
    assert [c.total for c in r0.communities] == [c.total for c in r1.communities]
    assert [s.score for s in r0.staff] == [s.score for s in r1.staff]
    top = yf.audit()
    main = next(a for a in top if a.field in ("name", "person") and a.old == old)
    assert main.new == "新名称" and "纠正错字" in main.note and old in main.note
    yf.rename(inverse.kind, inverse.old, inverse.new, source="撤销")
    assert yf.load() == before


def test_leader_rename_follows_liaison_leader(yf):
    data = yf.load()
    liaison = next(c.liaison_leader for c in data.communities if c.liaison_leader)
    yf.rename("leader", liaison, "改后领导", source="录入")
    assert any(c.liaison_leader == "改后领导" for c in yf.load().communities)


@pytest.mark.parametrize(("kind", "pick", "why"), [
    ("community", lambda d: d.communities[1].name, "已有名为"),
    ("line", lambda d: d.lines[0].name, "已有名为"),
    ("person", lambda d: d.posts[-1].person, "已有名为"),
    ("leader", lambda d: d.leaders[-1], "已有名为"),
])
def test_rename_to_an_existing_name_is_refused(yf, kind, pick, why):
    data = yf.load()
    old = CASES[kind](data) if kind != "community" else data.communities[0].name
    before = yf.load()
    count = len(yf.audit())
    with pytest.raises(StoreError, match=why):
        yf.rename(kind, old, pick(data), source="录入")
    assert yf.load() == before and len(yf.audit()) == count


@pytest.mark.parametrize("new", ["", "   ", "x" * 101])
def test_blank_or_overlong_name_is_refused(yf, new):
    old = yf.load().communities[0].name
    with pytest.raises(StoreError, match=r"不能为空|过长"):
        yf.rename("community", old, new, source="录入")


def test_unknown_name_and_kind_are_refused(yf):
    with pytest.raises(StoreError, match="没有名为"):
        yf.rename("community", "不存在的社区", "甲", source="录入")
    with pytest.raises(StoreError, match="未知的类别"):
        yf.rename("tier", "一", "二", source="录入")


def test_rename_uses_the_schema_cascade_with_foreign_keys_on(yf):
    assert yf.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    old = yf.load().communities[0].name
    yf.rename("community", old, "甲社区", source="录入")
    orphans = yf.conn.execute("PRAGMA foreign_key_check").fetchall()
    assert orphans == []


def test_read_only_and_issued_years_refuse_rename(tmp_path, yf):
    old = yf.load().communities[0].name
    yf.set_meta("stage", "已发文", source="流程")
    with pytest.raises(StoreError):
        yf.rename("community", old, "甲", source="录入")
    yf.close()
    with YearFile.open(tmp_path / "2017.kaoji", readonly=True) as ro, \
            pytest.raises(StoreError, match="只读"):
        ro.rename("community", old, "甲", source="录入")


def _package(yf, cells, applied):
    record = {"package_id": "p1", "dept": "民政科", "period": "一季度", "secret": "00",
              "issued_at": "2017-04-01T09:00:00", "issued_by": "x",
              "base": cells, "applied": applied}
    yf.apply([Change("meta", ("package:p1",), {"value": json.dumps(record, ensure_ascii=False)})],
             source="流程")


def test_rename_refused_while_a_package_naming_it_is_out(yf):
    data = yf.load()
    c, line = data.communities[0].name, data.lines[0].name
    _package(yf, [["line_scores", [c, line, "一季度"], None]], [])
    with pytest.raises(StoreError, match="尚未合并回执"):
        yf.rename("community", c, "甲社区", source="录入")
    with pytest.raises(StoreError, match="尚未合并回执"):
        yf.rename("line", line, "甲条线", source="录入")
    assert yf.load() == data
    yf.rename("community", data.communities[1].name, "乙社区", source="录入")  # not in it


def test_rename_rewrites_snapshots_of_merged_packages(yf):
    from kaoji_desktop.exchange.packages.issue import load_record

    data = yf.load()
    person = data.staff_line_scores[0].person
    line = data.staff_line_scores[0].line
    _package(yf, [["staff_line_scores", [person, line], "45"]], [{"return_id": "r"}])
    yf.rename("person", person, "改后姓名", source="录入")
    record = load_record(yf, "p1")
    assert record is not None
    assert list(record.base) == [("staff_line_scores", ("改后姓名", line))]
    assert any(a.table == "meta" and "任务包" in a.note for a in yf.audit())
