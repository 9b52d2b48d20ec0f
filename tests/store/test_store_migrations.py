"""Year files written by 0.1.0 open in this version with identical data and
results; migration 2 takes the package secrets out of their audit."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kaoji_desktop.core import compute_year
from kaoji_desktop.store import YearFile, backups, migrations
from kaoji_desktop.store.snapshot import SCHEMAS, schema_digests
from tests.store.store_faults import FIXTURES

V1 = FIXTURES / "year-v1.kaoji"
EXPECTED = json.loads((FIXTURES / "year-v1.expected.json").read_text(encoding="utf-8"))
DATA_TABLES = [t for t in EXPECTED["rows"] if t not in ("audit", "sqlite_sequence")]


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'))
    finally:
        conn.close()


def _secrets(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [json.loads(v)["secret"] for (v,) in
                conn.execute("SELECT value FROM meta WHERE key LIKE 'package:%'")]
    finally:
        conn.close()


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    path = tmp_path / "2017.kaoji"
    shutil.copyfile(V1, path)
    return path


def _results(yf: YearFile) -> dict[str, object]:
    r = compute_year(yf.load())
    return {
        "communities": {c.name: [str(c.total), c.rank, c.tier] for c in r.communities},
        "staff": {s.person: [str(s.score), s.grade, str(s.coefficient), str(s.reward)]
                  for s in r.staff},
        "talks": len(r.talks), "complete": r.complete,
    }


def test_the_fixture_is_a_010_file():
    conn = sqlite3.connect(f"file:{V1}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert schema_digests(conn) == SCHEMAS[1]
        audit = " ".join(str(v) for row in conn.execute("SELECT old, new FROM audit")
                         for v in row)
    finally:
        conn.close()
    assert all(secret in audit for secret in _secrets(V1))  # as 0.1.0 leaked them


def test_a_010_file_upgrades_with_identical_data_and_results(v1):
    before = {t: _rows(v1, t) for t in DATA_TABLES}
    with YearFile.open(v1, operator="升级测试") as yf:
        assert yf.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert schema_digests(yf.conn) == SCHEMAS[migrations.SCHEMA_VERSION]
        assert _results(yf) == {k: EXPECTED[k] for k in ("communities", "staff", "talks",
                                                          "complete")}
    assert {t: _rows(v1, t) for t in DATA_TABLES} == before  # meta included
    assert len(_rows(v1, "audit")) == EXPECTED["rows"]["audit"]
    (made,) = backups.list_backups(v1)
    assert made.kind == "升级v1" and _rows(made.path, "audit") == _rows(V1, "audit")


def test_migration_2_redacts_the_secrets_and_keeps_the_packages(v1):
    secrets = _secrets(V1)
    YearFile.open(v1).close()
    assert _secrets(v1) == secrets  # the clerk's copy still verifies returns
    rows = _rows(v1, "audit")
    assert not any(s in str(v) for row in rows for v in row for s in secrets)
    package_rows = [r for r in rows if r[4] == "meta" and "package:" in r[5]]
    assert len(package_rows) == 3  # two issued, one merge
    for row in package_rows:
        old, new = row[7], row[8]
        assert (new.startswith("任务包 ") and "已发出（监察室·一季度）" in new) \
            or "已发出（" in new
        assert old in (None, "（不记录）")
    other = [r for r in rows if r not in package_rows]
    assert other == [r for r in _rows(V1, "audit") if not (r[4] == "meta" and "package:" in r[5])]


def test_read_only_open_of_a_010_file_never_writes_it(v1):
    before = hashlib.sha256(v1.read_bytes()).hexdigest()
    with YearFile.open(v1, readonly=True) as yf:
        assert _results(yf)["communities"] == EXPECTED["communities"]
        assert not any(s in str(a.new) for a in yf.audit() for s in _secrets(V1))
    assert hashlib.sha256(v1.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in v1.parent.iterdir()) == [v1.name]


def test_a_killed_upgrade_leaves_the_010_file_as_it_was(v1, monkeypatch):
    from kaoji_desktop.store import safe_write

    before = hashlib.sha256(v1.read_bytes()).hexdigest()

    def killed(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt  # stands for the process dying before the rename

    monkeypatch.setattr(safe_write, "install", killed)
    with pytest.raises(KeyboardInterrupt):
        YearFile.open(v1)
    monkeypatch.undo()
    assert hashlib.sha256(v1.read_bytes()).hexdigest() == before
    assert not [p for p in v1.parent.iterdir() if p.name.endswith(".part")]
    with YearFile.open(v1) as yf:
        assert yf.integrity_ok()
