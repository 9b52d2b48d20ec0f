"""Rotating backups beside the year file, restore, newest good backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kaoji_desktop.store import Change, StoreError, YearFile, backups
from kaoji_desktop.store.yearfile import DamagedFileError


def _score(path: Path) -> str:
    with YearFile.open(path, readonly=True) as f:
        return f.get_meta("organisation") or ""


def test_backup_is_consistent_copy_of_open_file(yf):
    yf.set_meta("organisation", "改过的街道", source="录入")
    assert not Path(str(yf.path) + "-wal").exists()  # rollback journal: nothing beside it
    made = backups.make_backup(yf, "导入")
    assert made.parent == yf.path.with_name("2017.kaoji.备份")
    assert backups.is_good(made)
    assert _score(made) == "改过的街道"
    assert not Path(str(made) + "-wal").exists()


def test_backup_from_path_and_listing_newest_first(year_path):
    a = backups.make_backup(year_path, "导入")
    b = backups.make_backup(year_path, "合并回执")
    listed = backups.list_backups(year_path)
    assert [x.path for x in listed] == [b, a]
    assert [x.kind for x in listed] == ["合并回执", "导入"]
    assert not list(a.parent.glob("*.part"))


def test_rotation_keeps_n_newest_per_kind(year_path):
    made = [backups.make_backup(year_path, "导入", keep=3) for _ in range(5)]
    other = backups.make_backup(year_path, "流程", keep=3)
    kept = [b.path for b in backups.list_backups(year_path) if b.kind == "导入"]
    assert kept == list(reversed(made[-3:]))
    assert other.exists()


def test_reason_is_made_file_name_safe(year_path):
    made = backups.make_backup(year_path, '导入 a/b:c*?"<>|')
    assert made.exists() and "/" not in made.name[len("2017 "):]
    assert backups.list_backups(year_path)[0].kind == "导入_a_b_c"


def test_daily_backup_once_per_day(year_path):
    assert backups.daily_backup(year_path) is not None
    assert backups.daily_backup(year_path) is None
    assert [b.kind for b in backups.list_backups(year_path)] == ["每日"]


def test_restore_backs_up_current_file_first_and_logs(yf, year_path):
    good = backups.make_backup(yf, "手动")
    yf.apply([Change("communities", ("花柳塘社区",), None)], source="录入")
    yf.close()
    saved = backups.restore_backup(good, year_path)
    assert saved is not None and backups.list_backups(year_path)[0].kind == "恢复前"
    with YearFile.open(year_path) as f:
        assert "花柳塘社区" in [r["name"] for r in f.rows("communities")]
        entry = f.audit(limit=1)[0]
        assert entry.source == "恢复备份" and good.name in entry.note
    with YearFile.open(saved) as f:  # the pre-restore state is kept
        assert "花柳塘社区" not in [r["name"] for r in f.rows("communities")]


def _damage(path: Path) -> None:
    with YearFile.open(path) as f:
        f.checkpoint()
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(2 * page, min(len(data), 6 * page)):  # wipe b-tree pages
        data[i] = 0xA5
    path.write_bytes(bytes(data))


def test_damaged_file_is_refused_plainly_and_newest_good_backup_offered(year_path):
    first = backups.make_backup(year_path, "每日")
    second = backups.make_backup(year_path, "导入")
    second.write_bytes(b"garbage" * 100)  # a bad backup is skipped
    _damage(year_path)
    with pytest.raises(DamagedFileError) as info:
        YearFile.open(year_path)
    assert "已损坏" in str(info.value) and info.value.path == year_path
    assert isinstance(info.value, StoreError)
    offer = backups.newest_good_backup(year_path)
    assert offer is not None and offer.path == first
    saved = backups.restore_backup(offer, year_path)
    assert saved is not None and "损坏" in saved.name  # damaged file moved aside, not lost
    with YearFile.open(year_path) as f:
        assert f.integrity_ok() and len(f.rows("communities")) == 7


def test_restore_refuses_damaged_backup(year_path, tmp_path):
    bad = tmp_path / "bad.kaoji"
    bad.write_bytes(b"x" * 5000)
    with pytest.raises(StoreError, match="已损坏"):
        backups.restore_backup(bad, year_path)


def test_not_a_database_is_damaged_error(tmp_path):
    p = tmp_path / "x.kaoji"
    p.write_bytes(b"not sqlite at all" * 300)
    with pytest.raises(DamagedFileError):
        YearFile.open(p)


def test_backup_of_unreadable_path_is_chinese_store_error(tmp_path):
    p = tmp_path / "x.kaoji"
    p.write_bytes(b"not sqlite at all" * 300)
    with pytest.raises(StoreError, match="无法备份"):
        backups.make_backup(p, "导入")
    assert backups.list_backups(p) == []
    assert not list(backups.backup_dir(p).glob("*.part"))


def test_backup_is_a_plain_sqlite_file(year_path):
    made = backups.make_backup(year_path, "手动")
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
