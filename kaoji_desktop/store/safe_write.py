"""Replacing a year file without ever putting the original at risk.

Restore, import (whole-year replace), migration and 另存为 all go the same
way: the new content is written beside the target under a temporary name
with SQLite's online backup API (`copy_beside`), changed there if needed,
verified (`verify`: integrity check + the exact schema of its version),
fsynced, and only then moved over the target with one atomic `os.replace`
(`install`). Until that rename the target is exactly as it was; after it,
the new file is complete on disk. A failure or a kill at any step leaves the
year file as it was (at worst a `*.part` file beside it).

Side files: a target's `-wal`/`-shm`/`-journal` belong to the old content and
would be replayed into the new one (a foreign WAL corrupts it): `install`
removes them before the rename, with every connection to the target closed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from pathlib import Path

from kaoji_desktop.store.errors import StoreError, classify, damaged
from kaoji_desktop.store.opening import check_schema

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in SIDE_SUFFIXES]


def part_path(target: Path) -> Path:
    """A fresh temporary name beside `target` (same folder, same disk)."""
    return target.with_name(f"{target.name}.{uuid.uuid4().hex[:8]}.part")


def copy_beside(source: sqlite3.Connection | Path, target: Path, *, action: str) -> Path:
    """The content of `source` (an open connection, or a file read read-only)
    as a new file beside `target` (rollback journal, not yet verified or
    fsynced). Raises a classified `StoreError`."""
    part = part_path(target)
    try:
        src = source if isinstance(source, sqlite3.Connection) else sqlite3.connect(
            f"file:{source.as_posix()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(str(part), isolation_level=None)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            if src is not source:
                src.close()
    except (sqlite3.Error, OSError) as exc:
        discard(part)
        raise classify(exc, target, action) from exc
    return part


def verify(part: Path, target: Path, *, action: str) -> None:
    """Integrity check and exact schema of the file's version; then fsync."""
    try:
        conn = sqlite3.connect(f"file:{part.as_posix()}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise damaged(target, f"新写入的副本未通过完整性检查：{check}")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            check_schema(target, conn, version)
        finally:
            conn.close()
        fsync_file(part)
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise classify(exc, target, action) from exc


def install(part: Path, target: Path, *, action: str) -> None:
    """Atomically put the verified `part` in place of `target` (all connections
    to `target` closed). The target's old side files go first."""
    try:
        for extra in side_files(target):
            extra.unlink(missing_ok=True)
        os.replace(part, target)
        fsync_folder(target.parent)
    except OSError as exc:
        raise classify(exc, target, action) from exc


def discard(part: Path | None) -> None:
    if part is None:
        return
    for p in (part, *side_files(part)):
        with contextlib.suppress(OSError):  # nothing more to do
            p.unlink(missing_ok=True)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":  # pragma: no cover - Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some network file systems refuse: the rename stands anyway
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
