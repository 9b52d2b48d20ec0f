"""A full disk, a locked file, an I/O error: said as what they are, nothing lost.

Two variants of each: a real full disk (a 1 MB tmpfs, where it can be
mounted) and the same failure injected at the sqlite3/OS boundary."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kaoji_desktop.exchange.dump import dump_year
from kaoji_desktop.exchange.workbook_import import import_into
from kaoji_desktop.store import (
    BusyError,
    Change,
    DamagedFileError,
    DiskFullError,
    NoPermissionError,
    StorageIOError,
    StoreError,
    YearFile,
    backups,
    safe_write,
)
from tests.store.store_faults import FIXTURES, SQLITE_BUSY, SQLITE_IOERR, SQLITE_READONLY, no_space

KEY = ("荷花社区", "监察", "一季度")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _score(yf: YearFile) -> Decimal | None:
    return next(s.score for s in yf.load().line_scores
                if (s.community, s.line, s.period) == KEY)


def _edit(value: str) -> list[Change]:
    return [Change("line_scores", KEY, {"score": Decimal(value)})]


def _on_disk(disk, year_path: Path) -> Path:
    path = disk.root / year_path.name
    shutil.copyfile(year_path, path)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith((".part", "-journal", "-wal", ".restore-part")))


def _issued_return(yf: YearFile):
    """A package issued from `yf` and its department's return (every cell 1)."""
    from kaoji_desktop.exchange import packages as pk

    data = yf.load()
    dept = pk.departments(data)[0]
    pkg = pk.issue_package(yf, dept, pk.periods_for(data, dept)[0])
    return pk.make_return(pkg, {k: Decimal(1) for k in pkg.values}, signer="科长",
                          sign_date="2017-12-30")


# --- edits ----------------------------------------------------------------------

def test_edit_on_a_full_disk_is_refused_as_disk_full_then_works_again(small_disk, year_path):
    path = _on_disk(small_disk, year_path)
    with YearFile.open(path) as yf:
        before = _score(yf)
        small_disk.fill()
        with pytest.raises(DiskFullError, match="磁盘空间不足") as info:
            yf.apply(_edit("4.25"), source="录入")
        assert path.name in str(info.value) and "损坏" not in str(info.value)
        assert _score(yf) == before
        small_disk.free()
        yf.apply(_edit("4.25"), source="录入")  # keeps working once the cause is gone
        assert _score(yf) == Decimal("4.25")
    with YearFile.open(path, readonly=True) as yf:
        assert yf.integrity_ok() and _score(yf) == Decimal("4.25")


def test_injected_full_disk_at_commit_is_not_hidden_by_a_failed_rollback(year_path, inject):
    """SQLite has rolled back itself when COMMIT meets a full disk: a second
    ROLLBACK ("no transaction is active") must not replace the real error."""
    with YearFile.open(year_path) as yf:
        before = _score(yf)
        faulty = inject(yf, lambda sql: sql == "COMMIT")
        with pytest.raises(DiskFullError, match="磁盘空间不足"):
            yf.apply(_edit("4.25"), source="录入")
        faulty.armed = False
        assert _score(yf) == before
        yf.apply(_edit("4.5"), source="录入")
        assert _score(yf) == Decimal("4.5")


@pytest.mark.parametrize(("code", "text", "kind", "words"), [
    (SQLITE_BUSY, "database is locked", BusyError, "其他程序占用"),
    (SQLITE_IOERR, "disk I/O error", StorageIOError, "网络共享"),
    (SQLITE_READONLY, "attempt to write a readonly database", NoPermissionError, "权限"),
    (11, "database disk image is malformed", DamagedFileError, "已损坏"),
])
def test_every_sqlite_failure_has_its_own_kind_and_message(year_path, inject, code, text,
                                                           kind, words):
    with YearFile.open(year_path) as yf:
        faulty = inject(yf, lambda sql: sql.startswith("UPDATE"), code, text)
        with pytest.raises(kind) as info:
            yf.apply(_edit("4.25"), source="录入")
        assert words in str(info.value) and year_path.name in str(info.value)
        assert isinstance(info.value, StoreError)
        faulty.armed = False
        assert _score(yf) != Decimal("4.25")
        assert not yf.conn.in_transaction


def test_busy_at_begin_is_busy_not_damaged(year_path, inject):
    with YearFile.open(year_path) as yf:
        inject(yf, lambda sql: sql == "BEGIN IMMEDIATE", SQLITE_BUSY, "database is locked")
        with pytest.raises(BusyError):
            yf.apply(_edit("4.25"), source="录入")


# --- open ---------------------------------------------------------------------------

def test_open_on_a_full_disk_reads_and_says_disk_full_never_damaged(small_disk, year_path):
    path = _on_disk(small_disk, year_path)
    before = _digest(path)
    small_disk.fill()
    with YearFile.open(path) as yf:  # reading needs no space
        assert yf.integrity_ok() and yf.load().communities
        with pytest.raises(DiskFullError):
            backups.daily_backup(yf)  # the first write that needs space says so
        with pytest.raises(DiskFullError):
            yf.apply(_edit("4.25"), source="录入")
    small_disk.free()
    assert _digest(path) == before


def test_opening_a_010_wal_file_on_a_full_disk_is_disk_full_not_damaged(small_disk):
    path = small_disk.root / "2017.kaoji"
    shutil.copyfile(FIXTURES / "year-v1.kaoji", path)  # WAL mode, needs -wal/-shm to open
    before = _digest(path)
    small_disk.fill()
    try:
        YearFile.open(path).close()
    except StoreError as exc:
        assert isinstance(exc, DiskFullError), str(exc)
    small_disk.free()
    with YearFile.open(path, readonly=True) as yf:
        assert yf.integrity_ok()
    if _digest(path) != before:  # it was upgraded (there was room): then completely
        with YearFile.open(path) as yf:
            assert yf.integrity_ok()


# --- backup, restore, import, merge -----------------------------------------------

def test_backup_on_a_full_disk_is_disk_full_and_leaves_no_part(small_disk, year_path):
    path = _on_disk(small_disk, year_path)
    with YearFile.open(path) as yf:
        small_disk.fill()
        with pytest.raises(DiskFullError):
            backups.make_backup(yf, "手动")
    assert backups.list_backups(path) == []
    assert not list(backups.backup_dir(path).glob("*.part"))


def test_restore_on_a_full_disk_leaves_the_year_file_exactly_as_it_was(small_disk, year_path):
    good = backups.make_backup(year_path, "手动")
    path = _on_disk(small_disk, year_path)
    folder = backups.backup_dir(path)
    folder.mkdir()
    shutil.copyfile(good, folder / good.name)
    before = _digest(path)
    small_disk.fill()
    with pytest.raises(DiskFullError):
        backups.restore_backup(folder / good.name, path)
    assert path.exists() and _digest(path) == before
    assert _leftovers(small_disk.root) == []
    small_disk.free()
    with YearFile.open(path) as yf:
        assert yf.integrity_ok()


def test_restore_of_an_open_file_fails_cleanly_when_the_rename_fails(year_path, monkeypatch):
    with YearFile.open(year_path) as yf:
        good = backups.make_backup(yf, "手动")
        yf.apply(_edit("4.25"), source="录入")
        before = _digest(year_path)
        monkeypatch.setattr(safe_write.os, "replace", no_space)
        with pytest.raises(DiskFullError):
            yf.restore(good)
        monkeypatch.undo()
        assert _digest(year_path) == before
        assert _score(yf) == Decimal("4.25")  # the window keeps working on its file
        yf.apply(_edit("4.5"), source="录入")
        yf.restore(good)  # and the restore works once the cause is gone
        assert _score(yf) != Decimal("4.5")
        assert yf.audit(limit=1)[0].source == "恢复备份"
    assert _leftovers(year_path.parent) == []


def test_import_on_a_full_disk_leaves_the_year_file_exactly_as_it_was(small_disk, year_path,
                                                                      demo, tmp_path):
    xlsx = dump_year(demo, tmp_path / "年度数据.xlsx")
    path = _on_disk(small_disk, year_path)
    with YearFile.open(path) as yf:
        yf.apply(_edit("4.25"), source="录入")
        before = _digest(path)
        small_disk.fill()
        with pytest.raises(DiskFullError):
            import_into(yf, xlsx)
        assert _digest(path) == before and _score(yf) == Decimal("4.25")
        small_disk.free()
    assert _leftovers(small_disk.root) == []


def test_import_whose_swap_fails_leaves_the_file_and_the_window_working(year_path, demo,
                                                                        tmp_path, monkeypatch):
    xlsx = dump_year(demo, tmp_path / "年度数据.xlsx")
    with YearFile.open(year_path) as yf:
        yf.apply(_edit("4.25"), source="录入")
        before = _digest(year_path)
        monkeypatch.setattr(safe_write.os, "replace", no_space)
        with pytest.raises(DiskFullError):
            import_into(yf, xlsx)
        monkeypatch.undo()
        assert _digest(year_path) == before and _score(yf) == Decimal("4.25")
        import_into(yf, xlsx)  # the same open file, imported in place
        assert _score(yf) == next(s.score for s in demo.line_scores
                                  if (s.community, s.line, s.period) == KEY)
    assert _leftovers(year_path.parent) == []


def test_merge_on_a_full_disk_is_refused_and_changes_nothing(small_disk, year_path):
    from kaoji_desktop.exchange import packages as pk

    path = _on_disk(small_disk, year_path)
    with YearFile.open(path) as yf:
        ret = _issued_return(yf)
        before = _digest(path)
        small_disk.fill()
        with pytest.raises(pk.PackageError, match="磁盘空间不足"):
            pk.merge_return(yf, ret, "return")
        assert _digest(path) == before


def test_taking_the_lock_on_a_full_disk_says_disk_full_and_leaves_no_lock_file(small_disk,
                                                                              year_path):
    from kaoji_desktop.store import lock

    path = _on_disk(small_disk, year_path)
    small_disk.fill()
    with pytest.raises(DiskFullError, match="磁盘空间不足"):
        lock.acquire(path, heartbeat=False)
    assert not lock.lock_path(path).exists()  # an empty one would block the next open
    small_disk.free()
    lock.acquire(path, heartbeat=False).release()


def test_injected_full_disk_refuses_backup_and_merge_and_changes_nothing(year_path,
                                                                        monkeypatch):
    """The variant of the tmpfs tests that runs everywhere (no mount needed)."""
    from kaoji_desktop.exchange import packages as pk

    with YearFile.open(year_path) as yf:
        ret = _issued_return(yf)
        before = _digest(year_path)
        monkeypatch.setattr(safe_write, "fsync_file", no_space)
        with pytest.raises(DiskFullError):
            backups.make_backup(yf, "手动")
        with pytest.raises(pk.PackageError, match="磁盘空间不足"):
            pk.merge_return(yf, ret, "return")
        monkeypatch.undo()
        assert _digest(year_path) == before
        assert backups.list_backups(year_path) == []
        assert _leftovers(backups.backup_dir(year_path)) == []
        pk.merge_return(yf, ret, "return")  # space again: merged
    assert [b.kind for b in backups.list_backups(year_path)] == ["合并回执"]
