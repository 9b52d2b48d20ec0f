"""Opening and migrating a year file: the checks before anything is written,
the upgrade of an older file (backup first, beside the file, swapped in only
when complete and verified) and the creation of a new one. `YearFile.open`
and `YearFile.create` (`store/yearfile.py`) are built on these."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from kaoji_desktop.store import backups, safe_write
from kaoji_desktop.store.errors import DamagedFileError, ReadOnlyFileError, StoreError, classify
from kaoji_desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION
from kaoji_desktop.store.opening import (
    check_path,
    check_schema,
    check_types,
    connect_probe,
    damaged,
    make_writable,
    not_year_file,
)

CREATE_FAILED = "未能建立年度文件"


def open_connection(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """The connection of an open year file, migrating it (after a backup copy)
    if it is older. A read-only open of an older file migrates a copy in
    memory: the file is never written, and every version reads the same way."""
    check_path(path)  # before SQLite: it would write to an empty file
    try:
        conn, immutable = connect_probe(path)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise not_year_file(path, str(exc)) from exc
        raise classify(exc, path, "无法打开") from exc
    try:
        version = check_version(path, conn)
        session_pragmas(conn)
        if not readonly:
            if immutable:
                raise ReadOnlyFileError(path)
            make_writable(conn, path, convert=version == SCHEMA_VERSION)
            if version < SCHEMA_VERSION:
                conn.close()
                migrate_file(path, version)
                return open_connection(path, readonly=False)
        elif version < SCHEMA_VERSION:
            conn = migrated_in_memory(path, conn, version)
    except BaseException:
        conn.close()
        raise
    return conn


def create_file(path: Path, fill: Callable[[Path, sqlite3.Connection], None]) -> None:
    """Write a new year file at `path` (refuses to overwrite): the schema of
    today's version, then `fill(part, conn)` writes the data. Written beside
    under a temporary name and renamed when complete."""
    if path.exists():
        raise StoreError(f"文件已存在：{path}")
    if not path.parent.is_dir():
        raise StoreError(f"文件夹不存在：{path.parent}。请先选择一个已有的文件夹。")
    part = safe_write.part_path(path)
    try:
        conn = connect_new(part)
        try:
            conn.execute("BEGIN IMMEDIATE")
            for migrate in MIGRATIONS:
                migrate(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
            fill(part, conn)
        finally:
            conn.close()
        safe_write.verify(part, path, action=CREATE_FAILED)
        if path.exists():
            raise StoreError(f"文件已存在：{path}")
        safe_write.install(part, path, action=CREATE_FAILED)
    except sqlite3.Error as exc:
        safe_write.discard(part)
        raise classify(exc, path, CREATE_FAILED) from exc
    except BaseException:
        safe_write.discard(part)
        raise


def check_version(path: Path, conn: sqlite3.Connection) -> int:
    """The schema version of a readable, intact year file (read-only checks)."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise not_year_file(path, str(exc)) from exc
        raise classify(exc, path, "无法打开") from exc
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"“{path.name}”由更新版本的考绩桌面创建（文件版本 {version}，"
            f"本程序支持到版本 {SCHEMA_VERSION}），请升级程序后再打开。")
    if version == 0 or not has_meta:
        raise StoreError(f"“{path.name}”不是考绩年度文件。")
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise classify(exc, path, "无法打开") from exc
        check = str(exc)
    if check != "ok":
        raise damaged(path, check)
    try:
        check_schema(path, conn, int(version))
        check_types(path, conn)
    except sqlite3.DatabaseError as exc:
        raise classify(exc, path, "无法打开") from exc
    return int(version)



def migrate_file(path: Path, version: int) -> None:
    """Upgrade the file beside itself (backup first, then `safe_write`):
    the original is replaced only by a complete, verified new version."""
    action = "未升级，年度文件保持原样"
    backups.make_backup(path, f"升级v{version}")
    part = safe_write.copy_beside(path, path, action=action)
    try:
        conn = sqlite3.connect(str(part), isolation_level=None)
        try:
            run_migrations(conn, version)
        finally:
            conn.close()
        safe_write.verify(part, path, action=action)
        safe_write.install(part, path, action=action)
    except sqlite3.Error as exc:
        safe_write.discard(part)
        raise classify(exc, path, action) from exc
    except BaseException:
        safe_write.discard(part)
        raise



def connect_new(path: Path) -> sqlite3.Connection:
    if not path.parent.is_dir():
        raise StoreError(f"文件夹不存在：{path.parent}。请先选择一个已有的文件夹。")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        path.unlink(missing_ok=True)
        raise classify(exc, path, CREATE_FAILED) from exc
    session_pragmas(conn)
    return conn


def session_pragmas(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def is_damage(exc: sqlite3.Error) -> bool:
    return isinstance(classify(exc, Path("x")), DamagedFileError)


def run_migrations(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def migrated_in_memory(path: Path, conn: sqlite3.Connection,
                        version: int) -> sqlite3.Connection:
    """A read-only view of an older file at today's version (the file untouched)."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(mem)
        conn.close()
        run_migrations(mem, version)
        check_schema(path, mem, SCHEMA_VERSION)
        session_pragmas(mem)
        mem.execute("PRAGMA query_only = ON")
    except BaseException:
        mem.close()
        raise
    return mem
