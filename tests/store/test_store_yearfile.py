"""The year file: round trip, the audited change path, refusals, migrations, pragmas."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kaoji_desktop.core import model as m
from kaoji_desktop.demo import demo_year
from kaoji_desktop.store import Change, StoreError, YearFile, migrations, yearfile_open
from kaoji_desktop.store.backups import list_backups
from kaoji_desktop.store.snapshot import SCHEMAS


def rows_of_every_table(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: sorted(map(tuple, conn.execute(f'SELECT * FROM "{n}"')), key=repr)
                for n in names}
    finally:
        conn.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "2017.kaoji"
    YearFile.create(p, demo_year(), source="演示", operator="测试员").close()
    return p


def test_create_open_load_round_trip(path: Path):
    with YearFile.open(path, readonly=True) as yf:
        assert yf.load() == demo_year()
        assert yf.get_meta("year") == "2017" and yf.get_meta("organisation") == "大南街道"
        assert len(yf.get_meta("file_id") or "") == 32
        assert yf.integrity_ok()


def test_create_refuses_existing_file(path: Path):
    before = path.read_bytes()
    with pytest.raises(StoreError, match="文件已存在"):
        YearFile.create(path, demo_year())
    assert path.read_bytes() == before


def test_pragmas_rollback_journal_full_foreign_keys(path: Path):
    with YearFile.open(path) as yf:
        # a rollback journal: the .kaoji alone is complete after every commit
        assert yf.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert yf.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert yf.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_apply_and_inverse_with_audit(path: Path):
    key = ("荷花社区", "监察", "一季度")
    with YearFile.open(path, operator="小王") as yf:
        old = next(r["score"] for r in yf.rows("line_scores")
                   if (r["community"], r["line"], r["period"]) == key)
        before = yf.load()
        inverse = yf.apply([
            Change("line_scores", key, {"score": Decimal("4.25")}),
            Change("vetoes", ("荷花社区", "食品安全"), {"note": "测试"}),
            Change("head_scores", ("王丽华",), None),
        ], source="录入", note="测试修改")
        after = yf.load()
        assert next(s.score for s in after.line_scores
                    if (s.community, s.line, s.period) == key) == Decimal("4.25")
        assert m.Veto("荷花社区", "食品安全", "测试") in after.vetoes
        assert all(h.person != "王丽华" for h in after.head_scores)
        entries = yf.audit()
        mine = [a for a in entries if a.source == "录入"]
        assert {a.table for a in mine} == {"line_scores", "vetoes", "head_scores"}
        score = next(a for a in mine if a.table == "line_scores")
        assert (score.field, score.old, score.new) == ("score", str(old), "4.25")
        assert score.operator == "小王" and score.note == "测试修改"
        redo = yf.apply(inverse, source="撤销")
        assert yf.load() == before  # order included: the deleted row is back in its place
        assert any(a.source == "撤销" for a in yf.audit())
        yf.apply(redo, source="重做")
        assert yf.load() == after


def test_foreign_key_refusal_leaves_data_unchanged(path: Path):
    before = rows_of_every_table(path)
    with YearFile.open(path) as yf, pytest.raises(StoreError, match="不存在的社区或条线"):
        yf.apply([
            Change("vetoes", ("荷花社区", "安全生产"), {"note": "合法的一条"}),
            Change("line_scores", ("无此社区", "监察", "一季度"), {"score": Decimal(1)}),
        ], source="录入")
    assert rows_of_every_table(path) == before


def test_replace_data_refusal_leaves_data_unchanged(path: Path):
    before = rows_of_every_table(path)
    bad = dataclasses.replace(demo_year(), line_scores=(
        m.LineScore("无此社区", "监察", "一季度", Decimal(1)),))
    with YearFile.open(path) as yf, pytest.raises(StoreError):
        yf.replace_data(bad, source="导入")
    assert rows_of_every_table(path) == before


def test_readonly_refuses_changes(path: Path):
    with YearFile.open(path, readonly=True) as yf, pytest.raises(StoreError, match="只读"):
        yf.apply([Change("vetoes", ("荷花社区", "x"), {"note": ""})], source="录入")


def test_newer_file_refused_in_chinese(path: Path):
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 7}")
    conn.close()
    with pytest.raises(StoreError, match="更新版本的考绩桌面") as info:
        YearFile.open(path)
    assert "请升级程序" in str(info.value)


def test_not_a_year_file_refused(tmp_path: Path):
    other = tmp_path / "other.kaoji"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="不是考绩年度文件"):
        YearFile.open(other)
    with pytest.raises(StoreError, match="找不到年度文件"):
        YearFile.open(tmp_path / "missing.kaoji")


def _extra_step(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('迁移')")


def _patch_migrations(monkeypatch: pytest.MonkeyPatch, step) -> int:
    steps = [*migrations.MIGRATIONS, step]
    schema = dict(SCHEMAS[migrations.SCHEMA_VERSION])
    schema["table notes"] = hashlib.sha256(
        b"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)").hexdigest()[:16]
    monkeypatch.setitem(SCHEMAS, len(steps), schema)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", len(steps))
    monkeypatch.setattr(yearfile_open, "MIGRATIONS", steps)
    monkeypatch.setattr(yearfile_open, "SCHEMA_VERSION", len(steps))
    return len(steps)


def test_migration_copies_the_file_first(path: Path, monkeypatch: pytest.MonkeyPatch):
    old_version = migrations.SCHEMA_VERSION
    old_rows = rows_of_every_table(path)
    new_version = _patch_migrations(monkeypatch, _extra_step)
    with YearFile.open(path) as yf:
        assert yf.conn.execute("PRAGMA user_version").fetchone()[0] == new_version
        assert yf.conn.execute("SELECT body FROM notes").fetchone()[0] == "迁移"
        assert yf.load() == demo_year()
    (backup,) = list_backups(path)
    conn = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    conn.close()
    assert rows_of_every_table(backup.path) == old_rows


def test_failed_migration_rolls_back(path: Path, monkeypatch: pytest.MonkeyPatch):
    old_version = migrations.SCHEMA_VERSION
    old_rows = rows_of_every_table(path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise RuntimeError("迁移失败")

    _patch_migrations(monkeypatch, broken)
    with pytest.raises(RuntimeError):
        YearFile.open(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    conn.close()
    assert rows_of_every_table(path) == old_rows
    assert len(list_backups(path)) == 1


def test_readonly_open_of_old_file_reads_it_upgraded_in_memory(
        path: Path, monkeypatch: pytest.MonkeyPatch):
    before = path.read_bytes()
    new_version = _patch_migrations(monkeypatch, _extra_step)
    with YearFile.open(path, readonly=True) as yf:
        assert yf.conn.execute("PRAGMA user_version").fetchone()[0] == new_version
        assert yf.load() == demo_year()
        with pytest.raises(StoreError, match="只读"):
            yf.set_meta("organisation", "x", source="录入")
    assert path.read_bytes() == before  # never written
    assert list_backups(path) == []


def test_undo_of_deletes_restores_identical_year(path: Path):
    """Rows deleted from the middle of tables without a position column come
    back where they were, not at the end."""
    with YearFile.open(path) as yf:
        before = yf.load()
        middle = before.line_scores[len(before.line_scores) // 2]
        changes = [Change("line_scores", (middle.community, middle.line, middle.period), None),
                   Change("dual_reviews", (before.dual_reviews[0].person,), None),
                   Change("leader_scores", (before.leader_scores[3].community,
                                            before.leader_scores[3].rater), None)]
        inverse = yf.apply(changes, source="录入")
        assert yf.load() != before
        redo = yf.apply(inverse, source="撤销")
        assert yf.load() == before
        after = None
        for _ in range(2):  # redo and undo again: still identical
            inverse = yf.apply(redo, source="重做")
            after = yf.load()
            redo = yf.apply(inverse, source="撤销")
            assert yf.load() == before
        assert after is not None and middle not in after.line_scores


def test_undo_of_delete_when_its_place_was_taken_still_restores_the_row(path: Path):
    with YearFile.open(path) as yf:
        last = yf.load().vetoes[-1]
        key = (last.community, last.matter)
        inverse = yf.apply([Change("vetoes", key, None)], source="录入")
        # a new row takes the freed rowid; the restored row goes after it
        yf.apply([Change("vetoes", (last.community, "新事项"), {"note": ""})], source="录入")
        yf.apply(inverse, source="撤销")
        assert yf.load().vetoes[-1] == last


def test_audit_text_replaces_the_values_in_the_audit(path: Path):
    secret = "0123456789abcdef" * 4
    with YearFile.open(path) as yf:
        inverse = yf.apply([Change("meta", ("package:x",), {"value": f'{{"secret": "{secret}"}}'},
                                   audit_text="任务包 x 已发出（城管办·四季度）")], source="测试")
        assert yf.get_meta("package:x") is not None and secret in yf.get_meta("package:x")
        assert all(ch.audit_text == "任务包 x 已发出（城管办·四季度）" for ch in inverse)
        yf.apply(inverse, source="撤销")  # undo keeps the secret out of the audit as well
        rows = yf.conn.execute("SELECT old, new FROM audit WHERE key LIKE '%package:x%'").fetchall()
    assert rows and not any(secret in str(v) for row in rows for v in row)
    assert ("任务包 x 已发出（城管办·四季度）" in {r[1] for r in rows})
