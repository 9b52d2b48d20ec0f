"""另存为, restore and import replace files only when the new one is complete."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.store import Change, DamagedFileError, StoreError, YearFile, backups, lock
from kaoji_desktop.store.lock import LockedError

KEY = ("荷花社区", "监察", "一季度")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _wal_pair(folder: Path, demo) -> tuple[Path, Path]:
    """Another year file with changes only in its -wal (as 0.1.0 left them)."""
    other = folder / "旧文件.kaoji"
    YearFile.create(other, demo).close()
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(20):
        conn.execute("UPDATE meta SET value = ? WHERE key = 'organisation'", (f"旧{i}",))
    wal = Path(str(other) + "-wal")
    saved = folder / "saved-wal"
    shutil.copyfile(wal, saved)
    conn.close()
    shutil.copyfile(saved, wal)
    return other, wal


def test_save_as_over_a_file_with_a_leftover_wal_gives_a_good_copy(year_path, demo, tmp_path):
    folder = tmp_path / "另存"
    folder.mkdir()
    target, wal = _wal_pair(folder, demo)
    assert wal.stat().st_size > 0
    with YearFile.open(year_path) as yf:
        yf.set_meta("organisation", "当前窗口", source="录入")
        yf.save_copy(target)
    assert not wal.exists() and not Path(str(target) + "-shm").exists()
    with YearFile.open(target) as copy:
        assert copy.integrity_ok()
        assert copy.get_meta("organisation") == "当前窗口"  # not the foreign WAL's 旧19
        assert copy.load() == YearFile.open(year_path, readonly=True).load()


def test_save_as_refuses_a_target_another_instance_holds(year_path, demo, tmp_path):
    target = tmp_path / "别人的.kaoji"
    YearFile.create(target, demo).close()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        held = lock.acquire(target, operator="李四", heartbeat=False)
        lock.lock_path(target).write_text(
            lock.lock_path(target).read_text(encoding="utf-8").replace(
                f'"pid": {os.getpid()}', f'"pid": {child.pid}'), encoding="utf-8")
        before = _digest(target)
        with YearFile.open(year_path) as yf, pytest.raises(LockedError, match="李四"):
            yf.save_copy(target)
        assert _digest(target) == before
        held.lost = True  # it is the child's now: do not remove it
    finally:
        child.kill()
        child.wait()
    with YearFile.open(year_path) as yf:  # the holder is gone: allowed now
        yf.save_copy(target)
    assert not lock.lock_path(target).exists() or lock.read_holder(target) is not None


def test_save_as_onto_itself_is_refused(year_path):
    with YearFile.open(year_path) as yf, pytest.raises(StoreError, match="当前打开的文件"):
        yf.save_copy(year_path)


def test_restore_on_the_open_file_records_it_and_keeps_the_state_before(year_path):
    with YearFile.open(year_path) as yf:
        good = backups.make_backup(yf, "手动")
        yf.apply([Change("line_scores", KEY, {"score": Decimal("4.25")})], source="录入")
        saved = yf.restore(good)
        assert saved is not None and "恢复前" in saved.name
        assert next(s.score for s in yf.load().line_scores
                    if (s.community, s.line, s.period) == KEY) != Decimal("4.25")
        last = yf.audit(limit=1)[0]
        assert last.source == "恢复备份" and good.name in last.note
        yf.apply([Change("line_scores", KEY, {"score": Decimal("4.5")})], source="录入")
    with YearFile.open(saved, readonly=True) as before:
        assert next(s.score for s in before.load().line_scores
                    if (s.community, s.line, s.period) == KEY) == Decimal("4.25")


def test_restore_of_a_damaged_file_keeps_a_copy_and_never_leaves_no_file(year_path,
                                                                        monkeypatch):
    good = backups.make_backup(year_path, "手动")
    data = bytearray(year_path.read_bytes())
    data[2 * 4096: 6 * 4096] = b"\xa5" * (4 * 4096)
    year_path.write_bytes(bytes(data))
    with pytest.raises(DamagedFileError):
        YearFile.open(year_path)
    damaged = _digest(year_path)
    # the copy of the damaged file cannot be written: nothing happens at all
    monkeypatch.setattr(backups.shutil, "copyfile",
                        lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(StoreError, match="磁盘空间不足"):
        backups.restore_backup(good, year_path)
    monkeypatch.undo()
    assert _digest(year_path) == damaged
    saved = backups.restore_backup(good, year_path)
    assert saved is not None and _digest(saved) == damaged  # kept, byte for byte
    with YearFile.open(year_path) as yf:
        assert yf.integrity_ok()
    assert not [p for p in year_path.parent.iterdir() if p.name.endswith("part")]


def test_restore_refuses_a_backup_with_a_planted_trigger(year_path, tmp_path):
    bad = tmp_path / "带触发器.kaoji"
    shutil.copyfile(year_path, bad)
    conn = sqlite3.connect(bad)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON audit BEGIN DELETE FROM posts; END")
    conn.commit()
    conn.close()
    before = _digest(year_path)
    with pytest.raises(StoreError, match="已损坏，不能用来恢复"):
        backups.restore_backup(bad, year_path)
    assert _digest(year_path) == before


def test_create_is_atomic_and_leaves_nothing_on_failure(tmp_path, demo, monkeypatch):
    from kaoji_desktop.store import safe_write

    target = tmp_path / "新.kaoji"
    monkeypatch.setattr(safe_write.os, "replace",
                        lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(StoreError, match="磁盘空间不足"):
        YearFile.create(target, demo)
    assert list(tmp_path.iterdir()) == []
