"""Open checks the schema exactly; wrong-typed values are located; the
committed snapshot and the frozen migrations agree with the declared tables."""

from __future__ import annotations

import hashlib
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.store import (
    TABLES,
    BadValueError,
    Change,
    NotYearFileError,
    StoreError,
    YearFile,
    migrations,
)
from kaoji_desktop.store.snapshot import SCHEMAS, schema_digests


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tamper(path: Path, *sql: str) -> None:
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_new_file_has_exactly_the_committed_schema(year_path):
    conn = sqlite3.connect(f"file:{year_path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert schema_digests(conn) == SCHEMAS[migrations.SCHEMA_VERSION]
    finally:
        conn.close()


def test_declared_tables_match_the_current_schema(year_path):
    """schema.TABLES (what the code reads and writes) is the frozen schema."""
    conn = sqlite3.connect(f"file:{year_path}?mode=ro", uri=True)
    try:
        for t in TABLES:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{t.name}")')]
            assert columns == [*t.columns, *(["position"] if t.ordered else [])], t.name
            keys = [r[1] for r in sorted(conn.execute(f'PRAGMA table_info("{t.name}")'),
                                         key=lambda r: r[5]) if r[5]]
            assert tuple(keys) == t.keys
    finally:
        conn.close()


def test_migration_1_is_literal_sql():
    """Frozen: the first migration runs fixed statements, not today's TABLES."""
    assert all(s.lstrip().startswith("CREATE ") for s in migrations.V1_DDL)
    assert len(migrations.V1_DDL) == len(TABLES) + 3  # + meta, audit, its index


@pytest.mark.parametrize("planted", [
    "CREATE TRIGGER wipe AFTER UPDATE ON line_scores BEGIN DELETE FROM communities; END",
    "CREATE VIEW everyone AS SELECT * FROM posts",
    "CREATE INDEX extra_idx ON line_scores(score)",
    "CREATE TABLE notes (x)",
    "DROP INDEX audit_ts",
])
def test_a_planted_object_is_refused_without_writing(year_path, planted):
    _tamper(year_path, planted)
    before = _digest(year_path)
    for readonly in (False, True):
        with pytest.raises(NotYearFileError, match="不是本程序的年度文件"):
            YearFile.open(year_path, readonly=readonly)
    assert _digest(year_path) == before
    assert sorted(p.name for p in year_path.parent.iterdir()) == [year_path.name]


def test_planted_trigger_names_the_object(year_path):
    _tamper(year_path, "CREATE TRIGGER wipe AFTER UPDATE ON line_scores "
                       "BEGIN DELETE FROM communities; END")
    with pytest.raises(NotYearFileError) as info:
        YearFile.open(year_path)
    assert "触发器 wipe" in str(info.value)


def test_a_changed_column_is_refused(year_path):
    _tamper(year_path, "ALTER TABLE communities ADD COLUMN extra TEXT")
    with pytest.raises(NotYearFileError, match="结构不同：表 communities"):
        YearFile.open(year_path)


@pytest.mark.parametrize(("sql", "words"), [
    ("UPDATE line_scores SET score = 'abc' WHERE rowid = 3", ("条线得分", "第 3 行", "得分", "abc")),
    ("UPDATE line_scores SET score = 'NaN' WHERE rowid = 5", ("条线得分", "第 5 行", "NaN")),
    ("UPDATE satisfaction SET good = 'viele' WHERE rowid = 2", ("满意度", "第 2 行", "良好")),
    ("UPDATE communities SET name = x'00ff' WHERE position = 1", ("社区", "名称")),
    ("UPDATE posts SET months = x'01' WHERE rowid = 1", ("人员", "在岗月数")),
    ("UPDATE reward_bases SET tier = 'eins' WHERE rowid = 1", ("奖励基数", "等次", "eins")),
])
def test_a_wrong_typed_value_is_located_by_table_row_and_column(year_path, sql, words):
    _tamper(year_path, "PRAGMA foreign_keys = OFF", sql)
    with pytest.raises(BadValueError) as info, YearFile.open(year_path, readonly=True) as yf:
        yf.load()
    text = str(info.value)
    assert all(w in text for w in words), text
    assert "ConversionSyntax" not in text and "decimal" not in text


def test_rules_that_cannot_be_read_are_named(year_path):
    _tamper(year_path, "UPDATE meta SET value = '{\"broken' WHERE key = 'rules'")
    with YearFile.open(year_path, readonly=True) as yf, \
            pytest.raises(BadValueError, match="规则参数"):
        yf.load()


def test_values_the_program_writes_pass_the_checks(year_path):
    with YearFile.open(year_path) as yf:
        yf.apply([Change("line_scores", ("荷花社区", "监察", "一季度"),
                         {"score": Decimal("4.5")})], source="录入")
    with YearFile.open(year_path, readonly=True) as yf:
        assert yf.load().communities


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_a_non_finite_number_is_never_written(year_path, bad):
    with YearFile.open(year_path) as yf:
        before = yf.load()
        with pytest.raises(StoreError, match="数值无效"):
            yf.apply([Change("line_scores", ("荷花社区", "监察", "一季度"),
                             {"score": Decimal(bad)})], source="录入")
        assert yf.load() == before and not yf.conn.in_transaction
